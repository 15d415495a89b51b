import { Dataset, SourceRow, StageRow } from "../../../core/dataset";
import { ShareValue, share, stageYears } from "../../../core/supply";
import { buildFormula, labelCell } from "../../shell/formula-builder";
import { nameOf } from "../../shell/i18n";

/**
 * What the Shares section shows and inserts, with no DOM: the stages and years with data, every
 * country's share as REE.SHARE computes it, their sources, and the rows written into the sheet.
 */

const WORLD = "WORLD";

/** The stages with any figure, in the dataset's order. */
export function stagesWithData(dataset: Dataset): StageRow[] {
  return dataset.rows.stages.filter((stage) => stageYears(dataset, stage).length > 0);
}

/** What the section opens on: the first stage measured in tonnes (else the first), in its latest year. */
export function firstChoice(dataset: Dataset): { stage: string; year: number } {
  const stages = stagesWithData(dataset);
  const first = stages.find((stage) => stage.measure === "tonnes") ?? stages[0];
  return first ? { stage: first.id, year: latestYear(dataset, first) } : { stage: "", year: 0 };
}

export function latestYear(dataset: Dataset, stage: StageRow): number {
  const years = stageYears(dataset, stage);
  return years[years.length - 1];
}

/** Every country's share of a stage in a year, largest first, as REE.SHARE computes it. */
export function countryShares(dataset: Dataset, stage: StageRow, year: number): ShareValue[] {
  const shares: ShareValue[] = [];
  for (const country of dataset.rows.countries) {
    if (country.id === WORLD) continue;
    const answer = share(dataset, country, stage, year, undefined);
    if (answer.ok) shares.push(answer.value);
  }
  return shares.sort((a, b) => b.share - a.share || a.country.name.localeCompare(b.country.name));
}

export function sourceOf(dataset: Dataset, value: ShareValue): SourceRow {
  return dataset.source((value.computed?.country ?? value.stored!).source);
}

/** The sources behind the shares, each once, in the order the shares first cite them. */
export function sharesSources(dataset: Dataset, shares: ShareValue[]): SourceRow[] {
  const sources = new Map<string, SourceRow>();
  for (const value of shares) {
    const source = sourceOf(dataset, value);
    if (!sources.has(source.id)) sources.set(source.id, source);
  }
  return [...sources.values()];
}

/** The notes on the shares, each once. */
export function sharesNotes(shares: ShareValue[]): string[] {
  return [...new Set(shares.map((value) => value.note).filter((note): note is string => !!note))];
}

/** The rows Insert writes: the country's name as a label, and beside it its REE.SHARE formula. */
export function shareRows(shares: ShareValue[], stage: StageRow, year: number): string[][] {
  return shares.map((value) => [
    labelCell(nameOf(value.country)),
    buildFormula("SHARE", { country: value.country.name, stage: stage.id, year }),
  ]);
}
