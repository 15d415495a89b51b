import { CountryRow, Dataset, ShareRow, StageRow, VolumeRow, VolumeVintage } from "./dataset";
import { Result, ok, unavailable } from "./result";

export interface TonnesValue {
  row: VolumeRow;
  country: CountryRow;
  stage: StageRow;
}

export interface ShareValue {
  share: number;
  country: CountryRow;
  stage: StageRow;
  year: number;
  group?: string;
  /** Computed shares carry both volumes; stored shares carry the published row. */
  computed?: { country: VolumeRow; world: VolumeRow };
  stored?: ShareRow;
  note?: string;
}

const WORLD = "WORLD";

function yearsText(years: number[] | undefined): string {
  return years && years.length > 0 ? ` Years with data: ${years.join(", ")}.` : "";
}

/** Tonnes REO of a country at a stage in a year (default: the latest year published), newest vintage. */
export function tonnes(
  dataset: Dataset,
  country: CountryRow,
  stage: StageRow,
  year: number | undefined
): Result<TonnesValue> {
  const years = dataset.volumeYears.get(stage.id);
  if (!years) {
    return unavailable(
      `Tonnes are not published for the ${stage.id} stage; only shares are. Use REE.SHARE.`
    );
  }
  const asked = year ?? years[years.length - 1];
  const vintages = dataset.volumes.get(`${stage.id}\u0000${asked}`);
  const vintage = vintages?.find((candidate) => candidate.byCountry.has(country.id));
  if (!vintage)
    return unavailable(`No ${stage.id} tonnes for ${country.name} in ${asked}.${yearsText(years)}`);
  return ok({ row: vintage.byCountry.get(country.id)!, country, stage });
}

/**
 * A country's share of world supply at a stage. Where tonnes are published the share is the
 * country's tonnes over the world total of the same vintage; elsewhere it is the published share.
 */
export function share(
  dataset: Dataset,
  country: CountryRow,
  stage: StageRow,
  year: number | undefined,
  group: string | undefined
): Result<ShareValue> {
  const volumeYears = dataset.volumeYears.get(stage.id);
  if (group === undefined && volumeYears) {
    const asked = year ?? volumeYears[volumeYears.length - 1];
    const vintages = dataset.volumes.get(`${stage.id}\u0000${asked}`) ?? [];
    const vintage = vintages.find(
      (candidate: VolumeVintage) =>
        candidate.byCountry.has(country.id) && candidate.byCountry.has(WORLD)
    );
    if (!vintage)
      return unavailable(
        `No ${stage.id} tonnes for ${country.name} in ${asked}, so no share.${yearsText(volumeYears)}`
      );
    const countryRow = vintage.byCountry.get(country.id)!;
    const worldRow = vintage.byCountry.get(WORLD)!;
    if (worldRow.tonnes === 0)
      return unavailable(`The world ${stage.id} total for ${asked} is zero.`);
    const note =
      worldRow.qualifier === ">"
        ? `The world total is given as more than ${worldRow.tonnes} t, so this share is an upper bound.`
        : undefined;
    return ok({
      share: countryRow.tonnes / worldRow.tonnes,
      country,
      stage,
      year: asked,
      computed: { country: countryRow, world: worldRow },
      note,
    });
  }
  const groupKey = group ?? "";
  const years = dataset.shareYears.get(`${stage.id}\u0000${groupKey}`);
  const what = group === undefined ? stage.id : `${group} ${stage.id}`;
  if (!years) {
    return unavailable(
      `No published ${what} shares in the dataset.${stage.id === "metal" ? " No authoritative figure for metal and alloy making was found." : ""}`
    );
  }
  const asked = year ?? years[years.length - 1];
  const row = dataset.shares.get(`${stage.id}\u0000${asked}\u0000${groupKey}`)?.get(country.id);
  if (!row)
    return unavailable(
      `No published ${what} share for ${country.name} in ${asked}.${yearsText(years)}`
    );
  return ok({ share: row.share, country, stage, year: asked, group, stored: row, note: row.note });
}
