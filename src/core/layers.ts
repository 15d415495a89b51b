import { LayerSummary, Dataset, SourceRow, datasetFromParsed, loadDataset } from "./dataset";
import { Day } from "./dates";
import { PriceColumns } from "./price-series";
import { Result, ok, problemsOf, refused } from "./result";
import { unsafeTextReason } from "./safe-text";
import { TextDataset, TextTable } from "./schema";
import {
  MAX_IMPORTED_ROWS,
  MAX_LISTED_PROBLEMS,
  StoredPrices,
  checkPriceColumns,
  pricesFromStored,
  storePrices,
} from "./user-prices";
import { describeIssue, parseTable, parseTextDataset } from "./validate";

/**
 * A user's own data (a licensed price series, say) as a layer over the base dataset. Prices are
 * kept column by column (see price-series.ts); the small tables (sources, and fx, volumes or
 * shares from a JSON file) in the dataset's text form, validated by the same schema as the
 * bundled data. A layer's rows replace base rows with the same key.
 * (Reading files into layers is in imports.ts and import/, which the functions bundle does not need.)
 */
export interface UserLayer {
  id: string;
  /** The file (or range) it came from. */
  name: string;
  /** ISO date of the import. */
  importedAt: string;
  tables: Partial<Record<TextTableName, TextTable>>;
  prices?: PriceColumns;
}

/** How many problems a rejected change lists at most. */
export const MAX_PROBLEMS = MAX_LISTED_PROBLEMS;
/** What a user's source is called everywhere it shows, so that it is never taken for a bundled one. */
export const USER_SOURCE_PREFIX = "User data: ";

/** The tables a JSON file in the dataset's own form may hold. */
export const USER_TABLES = ["sources", "prices", "fx", "volumes", "shares"] as const;
export type UserTableName = (typeof USER_TABLES)[number];
/** The tables a layer keeps as text; its prices are columns. */
export const TEXT_TABLES = ["sources", "fx", "volumes", "shares"] as const;
export type TextTableName = (typeof TEXT_TABLES)[number];
/** Tables whose layer rows change indexes other than prices: the dataset is rebuilt for them. */
const REBUILT_TABLES = ["fx", "volumes", "shares"] as const;

/** The columns that identify a row: a layer's row with the same key replaces the base row. */
const KEY_COLUMNS: Record<TextTableName, string[]> = {
  sources: ["id"],
  fx: ["period", "currency"],
  volumes: ["country", "stage", "year", "vintage"],
  shares: ["country", "stage", "year", "group"],
};

function mergeTextLayers(base: TextDataset, layers: readonly UserLayer[]): TextDataset {
  const tables: Record<string, TextTable> = { ...base.tables };
  for (const name of TEXT_TABLES) {
    const baseTable = base.tables[name];
    if (!baseTable) continue;
    const rows = [...baseTable.rows];
    const keyOf = keyFunction(baseTable.columns, name);
    const position = new Map(rows.map((row, index) => [keyOf(row), index]));
    for (const layer of layers) {
      const table = layer.tables[name];
      if (!table) continue;
      const reorder =
        table.columns === baseTable.columns
          ? (row: string[]) => row
          : reorderTo(baseTable.columns, table.columns);
      for (const layerRow of table.rows) {
        const row = reorder(layerRow);
        const key = keyOf(row);
        const existing = position.get(key);
        if (existing === undefined) {
          position.set(key, rows.length);
          rows.push(row);
        } else rows[existing] = row;
      }
    }
    tables[name] = { columns: baseTable.columns, rows };
  }
  // The changelog describes the base, which the layers do not change.
  return { meta: base.meta, tables, changes: base.changes };
}

function keyFunction(columns: string[], table: TextTableName): (row: string[]) => string {
  const indexes = KEY_COLUMNS[table].map((column) => columns.indexOf(column));
  return (row) => indexes.map((index) => (row[index] ?? "").trim()).join("\u0000");
}

function reorderTo(target: string[], source: string[]): (row: string[]) => string[] {
  const indexes = target.map((column) => source.indexOf(column));
  return (row) => indexes.map((index) => (index < 0 ? "" : (row[index] ?? "")));
}

export function layerRowCount(layer: UserLayer): number {
  return (
    (layer.prices?.start.length ?? 0) +
    REBUILT_TABLES.reduce((total, name) => total + (layer.tables[name]?.rows.length ?? 0), 0)
  );
}

export function layerSummary(layer: UserLayer): LayerSummary {
  const sources = layer.tables.sources;
  const idColumn = sources ? sources.columns.indexOf("id") : -1;
  return {
    id: layer.id,
    name: layer.name,
    importedAt: layer.importedAt,
    rows: layerRowCount(layer),
    sourceIds: sources ? sources.rows.map((row) => row[idColumn]) : [],
  };
}

/**
 * The budget is for every layer together, not per file: a sentence when the layers held, plus
 * `adding` rows about to be imported, exceed it.
 */
export function budgetRefusal(layers: readonly UserLayer[], adding = 0): string | undefined {
  const held = layers.reduce((total, layer) => total + layerRowCount(layer), 0);
  if (held + adding <= MAX_IMPORTED_ROWS) return undefined;
  const format = (value: number) => value.toLocaleString("en-US");
  const what =
    adding > 0
      ? `This import has ${format(adding)} rows and the imports already hold ${format(held)}`
      : `The imports hold ${format(held)} rows`;
  return `${what}; the budget is ${format(MAX_IMPORTED_ROWS)} rows across all imports. Remove an import you no longer need, or import a shorter period.`;
}

function layerName(layer: UserLayer): string {
  return `Import ${layer.id} (${layer.name})`;
}

/** The layer's text cells, checked as a file import checks them: no markup, no formulas. */
function unsafeCellProblems(layer: UserLayer): string[] {
  const problems: string[] = [];
  for (const name of TEXT_TABLES) {
    const table = layer.tables[name];
    table?.rows.forEach((row, index) =>
      row.forEach((cell, position) => {
        const reason = typeof cell === "string" ? unsafeTextReason(cell) : "is not text";
        if (reason && problems.length < MAX_PROBLEMS)
          problems.push(
            `${layerName(layer)}, ${name}, row ${index + 1}, field "${table.columns[position]}": '${String(cell).slice(0, 40)}' ${reason}.`
          );
      })
    );
  }
  return problems;
}

/**
 * A dataset with one more layer over it. Only the new layer is checked, against the data under
 * it, and only the price series it touches are re-indexed.
 */
export function addLayer(dataset: Dataset, layer: UserLayer, today: Day): Result<Dataset> {
  const unsafe = unsafeCellProblems(layer);
  if (unsafe.length > 0) return refused(unsafe);
  let sources: SourceRow[] = [];
  const sourceTable = layer.tables.sources;
  if (sourceTable) {
    const problems: string[] = [];
    sources = parseTable("sources", sourceTable, (issue) => {
      if (problems.length < MAX_PROBLEMS)
        problems.push(`${layerName(layer)}, ${describeIssue(issue)}.`);
    }) as SourceRow[];
    for (const source of sources) {
      // A rebuilt dataset already holds this layer's sources, each marked as a user's.
      const existing = dataset.sources.get(source.id);
      if (existing && !existing.publisher.startsWith(USER_SOURCE_PREFIX))
        problems.push(
          `${layerName(layer)}, sources: '${source.id}' is a bundled source; a user's source needs another id.`
        );
      // Whatever the record says, a user's source is shown as one.
      if (!source.publisher.startsWith(USER_SOURCE_PREFIX))
        source.publisher = `${USER_SOURCE_PREFIX}${source.publisher}`;
    }
    if (problems.length > 0) return refused(problems);
  }
  const prices = layer.prices;
  if (prices) {
    const sourceIds = new Set(sources.map((source) => source.id));
    const problems = checkPriceColumns(prices, {
      isProduct: (id) => dataset.products.has(id),
      isMarket: (id) => dataset.markets.has(id),
      sourceIds,
      today,
      describeRow: (row) => `${layerName(layer)}, price ${row}`,
    });
    if (problems.length > 0) return refused(problems);
  }
  return dataset.withLayer({ summary: layerSummary(layer), sources, prices });
}

/**
 * The base with the layers over it: either every row is good or nothing changes. `baseDataset`
 * is the base already validated and indexed (the bundled data at start-up), so that reopening a
 * workbook does not check the base again.
 */
export function buildDataset(
  base: TextDataset,
  layers: readonly UserLayer[],
  today: Day,
  baseDataset?: Dataset
): Result<Dataset> {
  const overBudget = budgetRefusal(layers);
  if (overBudget) return refused([overBudget]);
  const rebuild = layers.some((layer) =>
    REBUILT_TABLES.some((name) => (layer.tables[name]?.rows.length ?? 0) > 0)
  );
  let dataset: Dataset;
  if (!rebuild) {
    if (baseDataset) dataset = baseDataset;
    else {
      const loaded = loadDataset(base);
      if (!loaded.ok) return refused(problemsOf(loaded));
      dataset = loaded.value;
    }
  } else {
    // Tonnes, shares and rates feed indexes built across tables: build them once, over the
    // merged text, validated whole (sources merged too, since the new rows cite them).
    const parsed = parseTextDataset(mergeTextLayers(base, layers), {
      issueLimit: MAX_PROBLEMS,
      strict: false,
    });
    if (!parsed.value) return refused(parsed.issues.map(describeIssue));
    dataset = datasetFromParsed(parsed.value);
  }
  for (const layer of layers) {
    const next = addLayer(dataset, layer, today);
    if (!next.ok) return next;
    dataset = next.value;
  }
  return ok(dataset);
}

/** A layer as the workbook keeps it: plain JSON, prices as number lists. */
export interface StoredLayer {
  id: string;
  name: string;
  importedAt: string;
  tables: Partial<Record<TextTableName | "prices", TextTable>>;
  prices?: StoredPrices;
}

export function storeLayer(layer: UserLayer): StoredLayer {
  return {
    id: layer.id,
    name: layer.name,
    importedAt: layer.importedAt,
    tables: layer.tables,
    prices: layer.prices ? storePrices(layer.prices) : undefined,
  };
}

/**
 * A stored layer read back. Only its form is checked here; its content passes the same checks
 * as a file import when it is added (addLayer). Layers from the first workbook format kept
 * prices as a text table: `textPrices` turns those into columns.
 */
export function layerFromStored(
  stored: unknown,
  position: number,
  textPrices: (table: TextTable, layer: UserLayer) => Result<PriceColumns>
): Result<UserLayer> {
  const where = `Layer ${position} in the workbook's REE data`;
  if (typeof stored !== "object" || stored === null || Array.isArray(stored))
    return refused([`${where} is not a layer.`]);
  const record = stored as Partial<StoredLayer>;
  for (const field of ["id", "name", "importedAt"] as const)
    if (typeof record[field] !== "string" || record[field] === "")
      return refused([`${where} has no ${field}.`]);
  const tables = record.tables ?? {};
  if (typeof tables !== "object" || tables === null || Array.isArray(tables))
    return refused([`${where} has damaged tables.`]);
  const layer: UserLayer = {
    id: record.id!,
    name: record.name!,
    importedAt: record.importedAt!,
    tables: {},
  };
  for (const [name, table] of Object.entries(tables)) {
    if (!isTextTable(table)) return refused([`${where}, table '${name}' is damaged.`]);
    if (name === "prices") continue;
    if (!(TEXT_TABLES as readonly string[]).includes(name))
      return refused([`${where} holds a table '${name}', which a layer cannot have.`]);
    layer.tables[name as TextTableName] = table;
  }
  if (record.prices !== undefined) {
    const prices = pricesFromStored(record.prices, where);
    if (!prices.ok) return prices;
    layer.prices = prices.value;
  } else if ((tables as Record<string, unknown>).prices !== undefined) {
    const prices = textPrices((tables as Record<string, TextTable>).prices, layer);
    if (!prices.ok) return prices;
    layer.prices = prices.value;
  }
  return ok(layer);
}

function isTextTable(table: unknown): table is TextTable {
  const candidate = table as TextTable;
  return (
    typeof table === "object" &&
    table !== null &&
    Array.isArray(candidate.columns) &&
    candidate.columns.every((column) => typeof column === "string") &&
    Array.isArray(candidate.rows) &&
    candidate.rows.every(
      (row) => Array.isArray(row) && row.every((cell) => typeof cell === "string")
    )
  );
}
