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

/** " Years with data: 2011, 2013-2015, 2017-2024." (runs of consecutive years joined). */
function yearsText(years: number[] | undefined): string {
  if (!years || years.length === 0) return "";
  const runs: string[] = [];
  let start = years[0];
  for (let index = 1; index <= years.length; index++) {
    if (years[index] === years[index - 1] + 1) continue;
    const end = years[index - 1];
    runs.push(end === start ? String(start) : `${start}-${end}`);
    start = years[index];
  }
  return ` Years with data: ${runs.join(", ")}.`;
}

/** The years of a stage in which some edition gives the country's tonnes. */
function countryYears(
  dataset: Dataset,
  stage: StageRow,
  country: CountryRow,
  years: number[]
): number[] {
  return years.filter((year) =>
    dataset.volumeVintagesOf(stage.id, year).some((vintage) => vintage.byCountry.has(country.id))
  );
}

/** Tonnes REO of a country at a stage in a year (default: the latest year published), newest vintage. */
export function tonnes(
  dataset: Dataset,
  country: CountryRow,
  stage: StageRow,
  year: number | undefined
): Result<TonnesValue> {
  const years = dataset.volumeYearsOf(stage.id);
  if (!years) {
    return unavailable(
      `Tonnes are not published for the ${stage.id} stage; only shares are. Use REE.SHARE.`
    );
  }
  const asked = year ?? years[years.length - 1];
  const vintage = dataset
    .volumeVintagesOf(stage.id, asked)
    .find((candidate) => candidate.byCountry.has(country.id));
  if (!vintage) {
    const stopped = stage.note && asked > years[years.length - 1] ? ` ${stage.note}` : "";
    return unavailable(
      `No ${stage.id} tonnes for ${country.name} in ${asked}.${yearsText(countryYears(dataset, stage, country, years))}${stopped}`
    );
  }
  return ok({ row: vintage.byCountry.get(country.id)!, country, stage });
}

/** The years a stage has figures for: tonnes where published, else published shares. */
export function stageYears(dataset: Dataset, stage: StageRow): number[] {
  return dataset.volumeYearsOf(stage.id) ?? dataset.shareYearsOf(stage.id, undefined) ?? [];
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
  const volumeYears = dataset.volumeYearsOf(stage.id);
  if (group === undefined && volumeYears) {
    const asked = year ?? volumeYears[volumeYears.length - 1];
    const vintage = dataset
      .volumeVintagesOf(stage.id, asked)
      .find(
        (candidate: VolumeVintage) =>
          candidate.byCountry.has(country.id) && candidate.byCountry.has(WORLD)
      );
    if (!vintage)
      return unavailable(
        `No ${stage.id} tonnes for ${country.name} in ${asked}, so no share.${yearsText(countryYears(dataset, stage, country, volumeYears))}`
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
  const years = dataset.shareYearsOf(stage.id, group);
  const what = group === undefined ? stage.id : `${group} ${stage.id}`;
  if (!years) {
    return unavailable(
      `No published ${what} shares in the dataset.${stage.id === "metal" ? " No authoritative figure for metal and alloy making was found." : ""}`
    );
  }
  const asked = year ?? years[years.length - 1];
  const row = dataset.shareOf(stage.id, asked, group, country.id);
  if (!row)
    return unavailable(
      `No published ${what} share for ${country.name} in ${asked}.${yearsText(years)}`
    );
  return ok({ share: row.share, country, stage, year: asked, group, stored: row, note: row.note });
}
