import { CountryRow, Dataset, ShareRow, StageRow, VolumeRow, VolumeVintage } from "./dataset";
import { Result, ok, unavailable } from "./result";
import { matchesVintage } from "./vintages";

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

/** An edition that gives what is needed, the vintage asked or else the newest. */
function editionFor(
  dataset: Dataset,
  stage: StageRow,
  year: number,
  countries: string[],
  vintage: string | undefined
): VolumeVintage | undefined {
  return dataset
    .volumeVintagesOf(stage.id, year)
    .find(
      (candidate) =>
        (vintage === undefined || matchesVintage(candidate.vintage, vintage)) &&
        countries.every((id) => candidate.byCountry.has(id))
    );
}

/** The years of a stage in which some edition (or the one asked) gives the countries' tonnes. */
function editionYears(
  dataset: Dataset,
  stage: StageRow,
  countries: string[],
  years: number[],
  vintage: string | undefined
): number[] {
  return years.filter((year) => editionFor(dataset, stage, year, countries, vintage) !== undefined);
}

/** " in MCS2019" where a vintage is asked. */
function inVintage(vintage: string | undefined): string {
  return vintage === undefined ? "" : ` in ${vintage}`;
}

/**
 * Tonnes REO of a country at a stage in a year (default: the latest year published), from the
 * newest edition that gives it, or from the edition `vintage` names.
 */
export function tonnes(
  dataset: Dataset,
  country: CountryRow,
  stage: StageRow,
  year: number | undefined,
  vintage?: string
): Result<TonnesValue> {
  const years = dataset.volumeYearsOf(stage.id);
  if (!years) {
    return unavailable(
      `Tonnes are not published for the ${stage.id} stage; only shares are. Use REE.SHARE.`
    );
  }
  // The years the country has in the edition asked: only worked out where a default or a message needs them.
  const withData = () => editionYears(dataset, stage, [country.id], years, vintage);
  let asked = year ?? years[years.length - 1];
  if (vintage !== undefined && year === undefined) {
    const own = withData();
    if (own.length === 0)
      return unavailable(`${vintage} gives no ${stage.id} tonnes for ${country.name}.`);
    asked = own[own.length - 1];
  }
  const edition = editionFor(dataset, stage, asked, [country.id], vintage);
  if (!edition) {
    const stopped = stage.note && asked > years[years.length - 1] ? ` ${stage.note}` : "";
    return unavailable(
      `No ${stage.id} tonnes for ${country.name} in ${asked}${inVintage(vintage)}.${yearsText(withData())}${stopped}`
    );
  }
  return ok({ row: edition.byCountry.get(country.id)!, country, stage });
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
  group: string | undefined,
  vintage?: string
): Result<ShareValue> {
  const volumeYears = dataset.volumeYearsOf(stage.id);
  const sharesPublished = dataset.shareYearsOf(stage.id, group);
  if (group === undefined && volumeYears) {
    const both = [country.id, WORLD];
    const withData = () => editionYears(dataset, stage, both, volumeYears, vintage);
    // The default year is the latest with either tonnes (in the edition asked) or a published share.
    const volumeYear =
      vintage === undefined
        ? volumeYears[volumeYears.length - 1]
        : (withData().pop() ?? volumeYears[volumeYears.length - 1]);
    const asked =
      year ?? Math.max(volumeYear, sharesPublished?.[sharesPublished.length - 1] ?? -Infinity);
    const edition = editionFor(dataset, stage, asked, both, vintage);
    // A year without tonnes may still have a published share (the IEA's refining shares).
    const published =
      !edition && sharesPublished?.includes(asked)
        ? dataset.shareOf(stage.id, asked, group, country.id, vintage)
        : undefined;
    if (!edition && published)
      return ok({
        share: published.share,
        country,
        stage,
        year: asked,
        stored: published,
        note: published.note,
      });
    if (!edition)
      return unavailable(
        `No ${stage.id} tonnes for ${country.name} in ${asked}${inVintage(vintage)}, so no share.${yearsText(withData())}`
      );
    const countryRow = edition.byCountry.get(country.id)!;
    const worldRow = edition.byCountry.get(WORLD)!;
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
  const years = sharesPublished;
  const what = group === undefined ? stage.id : `${group} ${stage.id}`;
  if (!years) {
    return unavailable(
      `No published ${what} shares in the dataset.${stage.id === "metal" ? " No authoritative figure for metal and alloy making was found." : ""}`
    );
  }
  const asked = year ?? years[years.length - 1];
  const row = dataset.shareOf(stage.id, asked, group, country.id, vintage);
  if (!row) {
    const others = dataset
      .sharesOf(stage.id, asked, group, country.id)
      .map((other) => other.vintage ?? dataset.source(other.source).title);
    return unavailable(
      vintage !== undefined && others.length > 0
        ? `No published ${what} share for ${country.name} in ${asked} in ${vintage}. Published by: ${others.join("; ")}.`
        : `No published ${what} share for ${country.name} in ${asked}${inVintage(vintage)}.${yearsText(years)}`
    );
  }
  return ok({ share: row.share, country, stage, year: asked, group, stored: row, note: row.note });
}
