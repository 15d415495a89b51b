import { LayerSummary, Dataset, datasetFromParsed } from "./dataset";
import { TextDataset, TextTable } from "./schema";
import { describeIssue, parseTextDataset } from "./validate";

/**
 * A user's own data (a licensed price series, say) as a layer over the base dataset. Layers are
 * kept in the dataset's text form, so that they travel inside a workbook and are validated by the
 * same schema as the bundled data. A layer's rows replace base rows with the same key.
 * (Reading files into layers is in imports.ts, which the functions bundle does not need.)
 */
export interface UserLayer {
  id: string;
  /** The file it came from. */
  name: string;
  /** ISO date of the import. */
  importedAt: string;
  tables: Partial<Record<UserTableName, TextTable>>;
}

/** How many problems a rejected change lists at most. */
export const MAX_PROBLEMS = 50;

export const USER_TABLES = ["sources", "prices", "fx", "volumes", "shares"] as const;
export type UserTableName = (typeof USER_TABLES)[number];

/** The columns that identify a row: a layer's row with the same key replaces the base row. */
const KEY_COLUMNS: Record<UserTableName, string[]> = {
  sources: ["id"],
  prices: ["product", "market", "period"],
  fx: ["period", "currency"],
  volumes: ["country", "stage", "year", "vintage"],
  shares: ["country", "stage", "year", "group"],
};

export function mergeLayers(base: TextDataset, layers: readonly UserLayer[]): TextDataset {
  const tables: Record<string, TextTable> = { ...base.tables };
  for (const name of USER_TABLES) {
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
  return { meta: base.meta, tables };
}

function keyFunction(columns: string[], table: UserTableName): (row: string[]) => string {
  const indexes = KEY_COLUMNS[table].map((column) => columns.indexOf(column));
  return (row) => indexes.map((index) => (row[index] ?? "").trim()).join("\u0000");
}

function reorderTo(target: string[], source: string[]): (row: string[]) => string[] {
  const indexes = target.map((column) => source.indexOf(column));
  return (row) => indexes.map((index) => (index < 0 ? "" : (row[index] ?? "")));
}

export function layerSummary(layer: UserLayer): LayerSummary {
  const rows = USER_TABLES.filter((name) => name !== "sources").reduce(
    (total, name) => total + (layer.tables[name]?.rows.length ?? 0),
    0
  );
  const sources = layer.tables.sources;
  const idColumn = sources ? sources.columns.indexOf("id") : -1;
  return {
    id: layer.id,
    name: layer.name,
    importedAt: layer.importedAt,
    rows,
    sourceIds: sources ? sources.rows.map((row) => row[idColumn]) : [],
  };
}

/** The base with the layers over it, validated whole: either every row is good or nothing changes. */
export function buildDataset(
  base: TextDataset,
  layers: readonly UserLayer[]
): { dataset?: Dataset; problems: string[] } {
  const merged = layers.length === 0 ? base : mergeLayers(base, layers);
  const parsed = parseTextDataset(merged, {
    issueLimit: MAX_PROBLEMS,
    strict: layers.length === 0,
  });
  if (!parsed.value) return { problems: parsed.issues.map(describeIssue) };
  return { dataset: datasetFromParsed(parsed.value, layers.map(layerSummary)), problems: [] };
}
