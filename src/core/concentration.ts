import { CountryRow, Dataset, ShareRow, SourceRow, StageRow, VolumeRow } from "./dataset";
import { Result, ok, unavailable } from "./result";

/**
 * How concentrated a stage's supply is among countries: the Herfindahl-Hirschman index, the sum of
 * the squared market shares in percent (0 to 10,000; 10,000 is one supplier). Shares are those
 * REE.SHARE gives: computed from USGS tonnes where a stage has them, published shares elsewhere.
 */
export interface Concentration {
  /** The index over the named countries, 0-10,000. */
  index: number;
  stage: StageRow;
  year: number;
  group?: string;
  /** Each named country's share of the world total (aggregates such as "Other countries" left out). */
  shares: { country: CountryRow; share: number }[];
  /** The part of world supply not attributed to a named country: "Other countries" rows and any gap to 100%. */
  unattributed: number;
  /** The part of `unattributed` lumped in "Other countries" rows. */
  lumped: number;
  /** Where the shares come from: USGS-style tonnes over a world total, or published shares. */
  basis:
    { kind: "tonnes"; world: VolumeRow; vintage: string } | { kind: "published"; rows: ShareRow[] };
  sources: SourceRow[];
}

const WORLD = "WORLD";

/** Below this, a gap to 100% is the rounding of published figures, not missing supply. */
const ROUNDING = 1e-9;

/** The HHI of a stage in a year (default: the latest year with figures), for an element group where published. */
export function concentration(
  dataset: Dataset,
  stage: StageRow,
  year: number | undefined,
  group: string | undefined
): Result<Concentration> {
  return group === undefined && dataset.volumeYearsOf(stage.id)
    ? fromTonnes(dataset, stage, year)
    : fromPublishedShares(dataset, stage, year, group);
}

function isCountry(dataset: Dataset, id: string): boolean {
  return dataset.countries.get(id)?.kind === "country";
}

/** Years in which some edition gives the stage's world total, so that shares can be computed. */
function worldYears(dataset: Dataset, stage: StageRow): number[] {
  return (dataset.volumeYearsOf(stage.id) ?? []).filter((year) =>
    dataset.volumeVintagesOf(stage.id, year).some((vintage) => vintage.byCountry.has(WORLD))
  );
}

function fromTonnes(
  dataset: Dataset,
  stage: StageRow,
  year: number | undefined
): Result<Concentration> {
  const years = worldYears(dataset, stage);
  if (years.length === 0)
    return unavailable(
      `The ${stage.id} stage has no world total in the dataset, so no shares to index.`
    );
  const asked = year ?? years[years.length - 1];
  // The newest edition with a world total, as REE.SHARE uses: older editions stay for the record.
  const vintage = dataset
    .volumeVintagesOf(stage.id, asked)
    .find((candidate) => candidate.byCountry.has(WORLD));
  if (!vintage)
    return unavailable(
      `No world ${stage.id} total for ${asked}, so no shares to index. Years with a world total: ${runsText(years)}.`
    );
  const world = vintage.byCountry.get(WORLD)!;
  if (world.tonnes === 0) return unavailable(`The world ${stage.id} total for ${asked} is zero.`);
  const shares: Concentration["shares"] = [];
  let lumpedTonnes = 0;
  for (const row of vintage.byCountry.values()) {
    if (row.country === WORLD) continue;
    if (isCountry(dataset, row.country))
      shares.push({
        country: dataset.countries.get(row.country)!,
        share: row.tonnes / world.tonnes,
      });
    else lumpedTonnes += row.tonnes;
  }
  return summarise(dataset, stage, asked, undefined, shares, lumpedTonnes / world.tonnes, {
    kind: "tonnes",
    world,
    vintage: vintage.vintage,
  });
}

function fromPublishedShares(
  dataset: Dataset,
  stage: StageRow,
  year: number | undefined,
  group: string | undefined
): Result<Concentration> {
  const years = dataset.shareYearsOf(stage.id, group);
  const what = group === undefined ? stage.id : `${group} ${stage.id}`;
  if (!years)
    return unavailable(
      `No published ${what} shares in the dataset.${stage.id === "metal" ? " No authoritative figure for metal and alloy making was found." : ""}`
    );
  const asked = year ?? years[years.length - 1];
  const rows = dataset.rows.countries
    .map((country) => dataset.shareOf(stage.id, asked, group, country.id))
    .filter((row): row is ShareRow => row !== undefined && row.country !== WORLD);
  if (rows.length === 0)
    return unavailable(
      `No published ${what} shares for ${asked}. Years with data: ${runsText(years)}.`
    );
  const shares = rows
    .filter((row) => isCountry(dataset, row.country))
    .map((row) => ({ country: dataset.countries.get(row.country)!, share: row.share }));
  const lumped = rows
    .filter((row) => !isCountry(dataset, row.country))
    .reduce((sum, row) => sum + row.share, 0);
  return summarise(dataset, stage, asked, group, shares, lumped, { kind: "published", rows });
}

function summarise(
  dataset: Dataset,
  stage: StageRow,
  year: number,
  group: string | undefined,
  shares: Concentration["shares"],
  lumped: number,
  basis: Concentration["basis"]
): Result<Concentration> {
  const named = shares.filter((entry) => entry.share > 0);
  if (named.length === 0)
    return unavailable(
      `The ${year} ${stage.id} figures attribute no supply to a named country, so no index.`
    );
  named.sort((a, b) => b.share - a.share || compareText(a.country.name, b.country.name));
  const covered = named.reduce((sum, entry) => sum + entry.share, 0);
  const gap = 1 - covered;
  const sourceIds =
    basis.kind === "tonnes" ? [basis.world.source] : basis.rows.map((row) => row.source);
  return ok({
    index: named.reduce((sum, entry) => sum + (entry.share * 100) ** 2, 0),
    stage,
    year,
    group,
    shares: named,
    // "Other countries" rows count even where a rounded world total leaves no gap.
    unattributed: Math.max(gap > ROUNDING ? gap : 0, lumped),
    lumped,
    basis,
    sources: [...new Set(sourceIds)].map((id) => dataset.source(id)),
  });
}

/** The sentences REE.HHI's note gives: the basis, and how far the figure is a bound. */
export function concentrationNote(answer: Concentration): string[] {
  const notes: string[] = [];
  const top = answer.shares
    .slice(0, 3)
    .map((entry) => `${entry.country.name} ${percent(entry.share)}`)
    .join(", ");
  const more = answer.shares.length > 3 ? ` and ${answer.shares.length - 3} more` : "";
  if (answer.basis.kind === "tonnes") {
    const { world, vintage } = answer.basis;
    notes.push(
      `From ${vintage} tonnes: each country's share of the world total of ${world.qualifier ?? ""}${world.tonnes} t (${top}${more}).`
    );
    if (world.qualifier === ">")
      notes.push(
        `The world total is given as more than ${world.tonnes} t, so each share and the index may be overstated.`
      );
  } else {
    notes.push(`From published shares (${top}${more}), not tonnes.`);
  }
  const named = answer.shares.reduce((sum, entry) => sum + entry.share, 0);
  // Where the world total is a floor (">"), countries adding up past it is expected, and said above.
  const worldIsFloor = answer.basis.kind === "tonnes" && answer.basis.world.qualifier === ">";
  if (named > 1 + 1e-6 && !worldIsFloor)
    notes.push(
      `The shares add up to ${Number((named * 100).toPrecision(5))}%, more than 100%: they come from different figures.`
    );
  if (answer.unattributed > 0) {
    const lumped =
      answer.lumped > 0
        ? ` (${percent(answer.lumped)} lumped as "Other countries", ${percent(Math.max(0, answer.unattributed - answer.lumped))} not covered by the figures)`
        : "";
    const ceiling = answer.index + (answer.unattributed * 100) ** 2;
    notes.push(
      `A lower bound: ${percent(answer.unattributed)} of world supply is not attributed to named countries${lumped}. Were it all one supplier, the index would be ${round(ceiling)}.`
    );
  }
  return notes;
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))}%`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** "2018-2025" for consecutive years, joined with commas. */
function runsText(years: number[]): string {
  const runs: string[] = [];
  let start = years[0];
  for (let index = 1; index <= years.length; index++) {
    if (years[index] === years[index - 1] + 1) continue;
    const end = years[index - 1];
    runs.push(end === start ? String(start) : `${start}-${end}`);
    start = years[index];
  }
  return runs.join(", ");
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
