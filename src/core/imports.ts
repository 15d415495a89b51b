import { Dataset } from "./dataset";
import { Day, isoFromDay, parsePeriod } from "./dates";
import { previewDelimited } from "./import/delimited";
import { GUESS_ROWS, guessMapping, mappingProblems } from "./import/layout";
import { readDelimited } from "./import/reader";
import { nextLayerId, pricesFromTextTable, resolveObservations } from "./import/resolve";
import { Mapping, RawObservations } from "./import/types";
import {
  MAX_PROBLEMS,
  TEXT_TABLES,
  TextTableName,
  USER_SOURCE_PREFIX,
  USER_TABLES,
  UserLayer,
  addLayer,
  budgetRefusal,
  buildDataset,
  layerSummary,
} from "./layers";
import { Result, ok, refused } from "./result";
import { unsafeTextReason } from "./safe-text";
import { TextDataset, TextTable } from "./schema";
import { FIRST_DAY, MAX_IMPORTED_ROWS, ProblemList } from "./user-prices";
import { DataIssue, describeIssue, parseTable } from "./validate";

/**
 * Reading a user's file or Excel range into a layer: every problem is reported by line (or
 * row) and column, and a file with any problem gives no layer at all. The steps are in
 * import/: a column mapping (guessed, or the user's), a reader that turns rows into
 * observations, and the resolver that checks names against the data in use.
 */
export { USER_SOURCE_PREFIX, unsafeTextReason };

/** What protects the pane: the row budget is for all imports together (see layers.ts). */
export const IMPORT_LIMITS = {
  /** A file larger than this is refused before it is read: no real price file comes near it. */
  maxBytes: 200_000_000,
  maxRows: MAX_IMPORTED_ROWS,
  maxProblems: MAX_PROBLEMS,
} as const;

export type ImportOutcome = Result<{ layer: UserLayer; dataset: Dataset; summary: string }>;

export interface ImportContext {
  base: TextDataset;
  layers: readonly UserLayer[];
  /** The data in use now, for resolving names the way the functions do. */
  dataset: Dataset;
  today: Day;
}

function sizeProblem(text: string): string | undefined {
  // Two bytes a character at most for what a price file holds; exact enough for a sanity cap.
  if (text.length <= IMPORT_LIMITS.maxBytes / 2) return undefined;
  return `The file is about ${Math.round(text.length / 1_000_000)} MB; files over ${IMPORT_LIMITS.maxBytes / 1_000_000} MB are not read. Split it by year.`;
}

/** The names a guess may recognize in a wide table's headers: every product and market name. */
export function mappingVocabulary(dataset: Dataset): { products: string[]; markets: string[] } {
  return {
    products: dataset.rows.products.flatMap((product) => [
      product.id,
      product.name,
      ...product.aliases,
    ]),
    markets: dataset.rows.markets.flatMap((market) => [market.id, market.name, ...market.aliases]),
  };
}

/**
 * A CSV or TSV file read through a mapping (the guessed one when none is given) into a layer
 * over the data in use. Only the new layer is checked and indexed.
 */
export function importDelimitedText(
  text: string,
  fileName: string,
  context: ImportContext,
  mapping?: Mapping
): ImportOutcome {
  const tooLarge = sizeProblem(text);
  if (tooLarge) return refused([tooLarge]);
  const preview = previewDelimited(text, GUESS_ROWS);
  if (preview.rows.length === 0) return refused([`${fileName} is empty.`]);
  const chosen = mapping ?? guessMapping(preview.rows, mappingVocabulary(context.dataset));
  const columnCount = Math.max(...preview.rows.map((row) => row.length));
  const unusable = mappingProblems(chosen, columnCount, preview.rows[chosen.headerRow]);
  if (unusable.length > 0) return refused(unusable);
  const read = readDelimited(text, chosen, {
    today: context.today,
    maxProblems: MAX_PROBLEMS,
    maxRows: IMPORT_LIMITS.maxRows,
    lineLabel: "Line",
    headers: preview.rows[chosen.headerRow],
    delimiter: preview.delimiter,
  });
  if (read.problems.length > 0)
    return refused(
      read.moreProblems > 0
        ? [...read.problems, `… and ${read.moreProblems} more problems.`]
        : read.problems
    );
  return importObservations(read.observations, fileName, context, "Line");
}

/** Observations already read (in a worker, from a range) added as a layer over the data in use. */
export function importObservations(
  observations: RawObservations,
  name: string,
  context: ImportContext,
  lineLabel: "Line" | "Row" = "Line"
): ImportOutcome {
  const layer = resolveObservations(observations, {
    dataset: context.dataset,
    layers: context.layers,
    today: context.today,
    name,
    lineLabel,
  });
  if (!layer.ok) return layer;
  const dataset = addLayer(context.dataset, layer.value, context.today);
  if (!dataset.ok) return dataset;
  const count = observations.count;
  return ok({
    layer: layer.value,
    dataset: dataset.value,
    summary: `${count.toLocaleString("en-US")} price${count === 1 ? "" : "s"} from ${name}`,
  });
}

/** Only text, numbers, booleans and empty cells: an object or a nested list is not a cell. */
function cellText(value: unknown): string | undefined {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** Dates and years a JSON file's rows carry, held to the same range as a CSV's: 1900 to today. */
function periodProblem(text: string, today: Day): string | undefined {
  const period = parsePeriod(text);
  if (!period.ok) return period.message;
  if (period.value.start > today) return `${period.value.text} is in the future`;
  if (period.value.start < FIRST_DAY) return `${period.value.text} is before 1900`;
  return undefined;
}

const DATED_COLUMNS: Partial<Record<TextTableName, string>> = {
  fx: "period",
  volumes: "year",
  shares: "year",
};

/** A JSON file in the dataset's own form, holding some of the importable tables. */
export function importJson(text: string, fileName: string, context: ImportContext): ImportOutcome {
  const tooLarge = sizeProblem(text);
  if (tooLarge) return refused([tooLarge]);
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return refused([
      `The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
    ]);
  }
  const problems = new ProblemList();
  const tables = (data as { tables?: unknown })?.tables;
  if (typeof tables !== "object" || tables === null || Array.isArray(tables)) {
    return refused([
      `The file must be an object with "tables", e.g. {"tables": {"prices": {"columns": [...], "rows": [[...]]}}}.`,
    ]);
  }
  const textTables: Partial<Record<TextTableName | "prices", TextTable>> = {};
  let rowCount = 0;
  for (const [name, table] of Object.entries(tables as Record<string, unknown>)) {
    if (!(USER_TABLES as readonly string[]).includes(name)) {
      problems.add(
        `Table '${name}' cannot be imported; the importable tables are ${USER_TABLES.join(", ")}.`
      );
      continue;
    }
    const candidate = table as { columns?: unknown; rows?: unknown };
    if (!Array.isArray(candidate?.rows) || !Array.isArray(candidate?.columns)) {
      problems.add(`Table '${name}' must have "columns" and "rows".`);
      continue;
    }
    const columns = candidate.columns.map(cellText);
    if (columns.some((column) => column === undefined || column === "")) {
      problems.add(`Table '${name}': every column name must be text.`);
      continue;
    }
    rowCount += candidate.rows.length;
    const overBudget = budgetRefusal(context.layers, rowCount);
    if (overBudget) return refused([overBudget]);
    const rows: string[][] = [];
    candidate.rows.forEach((row: unknown, index: number) => {
      const where = `${name}, row ${index + 1}`;
      if (!Array.isArray(row)) {
        problems.add(`${where}: must be a list of cells.`);
        return;
      }
      const cells: string[] = [];
      row.forEach((value: unknown, position: number) => {
        const field = `field "${columns[position] ?? position + 1}"`;
        const cell = cellText(value);
        if (cell === undefined) {
          problems.add(
            `${where}, ${field}: must be text or a number, not ${Array.isArray(value) ? "a list" : "an object"}.`
          );
          cells.push("");
          return;
        }
        const reason = unsafeTextReason(cell);
        if (reason) problems.add(`${where}, ${field}: '${cell.slice(0, 40)}' ${reason}.`);
        cells.push(cell);
      });
      rows.push(cells);
    });
    const textTable: TextTable = { columns: columns as string[], rows };
    if (name !== "prices") {
      const report = (issue: DataIssue) => problems.add(`${describeIssue(issue)}.`);
      parseTable(name as TextTableName, textTable, report);
      const dated = DATED_COLUMNS[name as TextTableName];
      const position = dated ? textTable.columns.indexOf(dated) : -1;
      if (position >= 0)
        rows.forEach((row, index) => {
          const problem = periodProblem(row[position] ?? "", context.today);
          if (problem) problems.add(`${name}, row ${index + 1}, field "${dated}": ${problem}.`);
        });
    }
    textTables[name as TextTableName | "prices"] = textTable;
  }
  if (problems.any) return refused(problems.all);
  const baseSourceIds = new Set(context.base.tables.sources.rows.map((row) => row[0]));
  const sources = textTables.sources;
  if (sources) {
    const idColumn = sources.columns.indexOf("id");
    const publisherColumn = sources.columns.indexOf("publisher");
    sources.rows.forEach((row, index) => {
      if (baseSourceIds.has(row[idColumn]))
        problems.add(
          `sources, row ${index + 1}, field "id": '${row[idColumn]}' is a bundled source; give your source another id.`
        );
      if (!row[publisherColumn].startsWith(USER_SOURCE_PREFIX))
        row[publisherColumn] = `${USER_SOURCE_PREFIX}${row[publisherColumn]}`;
    });
  }
  if (problems.any) return refused(problems.all);
  const layer: UserLayer = {
    id: nextLayerId(context.layers),
    name: fileName,
    importedAt: isoFromDay(context.today),
    tables: {},
  };
  for (const name of TEXT_TABLES) if (textTables[name]) layer.tables[name] = textTables[name];
  if (textTables.prices) {
    const prices = pricesFromTextTable(
      textTables.prices,
      context.dataset,
      (row) => `prices, row ${row + 1}`
    );
    if (!prices.ok) return prices;
    layer.prices = prices.value;
  }
  const summary = `${layerSummary(layer).rows} rows from ${fileName}`;
  const rebuilt = TEXT_TABLES.some((name) => name !== "sources" && layer.tables[name]);
  const dataset = rebuilt
    ? buildDataset(context.base, [...context.layers, layer], context.today)
    : addLayer(context.dataset, layer, context.today);
  if (!dataset.ok) return dataset;
  return ok({ layer, dataset: dataset.value, summary });
}

/** A file by its name: JSON in the dataset's own form, anything else a delimited table. */
export function importText(
  text: string,
  fileName: string,
  context: ImportContext,
  mapping?: Mapping
): ImportOutcome {
  return /\.json$/i.test(fileName.trim())
    ? importJson(text, fileName, context)
    : importDelimitedText(text, fileName, context, mapping);
}
