import {
  DatasetChanges,
  Meta,
  OPTIONAL_COLUMNS,
  OPTIONAL_TABLES,
  Rows,
  TABLE_NAMES,
  TableName,
  TextDataset,
  TextTable,
  changesSchema,
  metaSchema,
  tableSchemas,
} from "./schema";
import { compareVersions } from "./versions";
import * as v from "valibot";

/** Where a problem is: a table, a data row (1 = the first row under the header) and a field. */
export interface DataIssue {
  table: string;
  row?: number;
  field?: string;
  message: string;
}

export function describeIssue(issue: DataIssue): string {
  const where = [
    issue.table,
    issue.row !== undefined ? `row ${issue.row}` : undefined,
    issue.field !== undefined ? `field "${issue.field}"` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
  return `${where}: ${issue.message}`;
}

export interface ParsedDataset {
  meta: Meta;
  rows: Rows;
  /** The changelog against the previous release, where the dataset carries one. */
  changes?: DatasetChanges;
}

/** Checks every cell of every table against the schema; returns all problems, not the first. */
export interface ParseOptions {
  /** Stop collecting problems after this many (the whole dataset is still rejected). */
  issueLimit?: number;
  /**
   * The bundled data's own rules: every source is cited by some record and has a public URL.
   * A dataset merged with a user's imports relaxes them, since a user's rows may replace every
   * record that cited a bundled source, and a licensed feed may have no public address.
   */
  strict?: boolean;
}

export function parseTextDataset(
  dataset: TextDataset,
  { issueLimit = 200, strict = true }: ParseOptions = {}
): { value?: ParsedDataset; issues: DataIssue[] } {
  const issues: DataIssue[] = [];
  const report = (issue: DataIssue) => {
    if (issues.length < issueLimit) issues.push(issue);
  };
  if (
    typeof dataset !== "object" ||
    dataset === null ||
    typeof dataset.tables !== "object" ||
    dataset.tables === null
  ) {
    return { issues: [{ table: "dataset", message: "must be an object with meta and tables" }] };
  }
  const meta = v.safeParse(metaSchema, dataset.meta ?? {});
  if (!meta.success)
    for (const problem of meta.issues)
      report({ table: "meta", field: fieldOf(problem), message: messageOf(problem) });
  const rows = {} as Record<TableName, unknown[]>;
  for (const name of TABLE_NAMES) {
    const table = dataset.tables[name];
    if (table === undefined) {
      if (OPTIONAL_TABLES.includes(name)) rows[name] = [];
      else report({ table: name, message: "table is missing" });
      continue;
    }
    rows[name] = parseTable(name, table, report);
  }
  for (const name of Object.keys(dataset.tables)) {
    if (!(TABLE_NAMES as string[]).includes(name))
      report({ table: name, message: `unknown table; the tables are ${TABLE_NAMES.join(", ")}` });
  }
  const changes = dataset.changes === undefined ? undefined : parseChanges(dataset.changes, report);
  if (issues.length > 0 || !meta.success) return { issues };
  const value: ParsedDataset = { meta: meta.output, rows: rows as Rows, changes };
  checkIntegrity(value, report, strict);
  return issues.length > 0 ? { issues } : { value, issues };
}

export function parseTable(
  name: TableName,
  table: TextTable,
  report: (issue: DataIssue) => void
): unknown[] {
  const schema = tableSchemas[name];
  const expected = columnsOf(name);
  const optional = OPTIONAL_COLUMNS[name] ?? [];
  if (!Array.isArray(table?.columns) || !Array.isArray(table?.rows)) {
    report({ table: name, message: "must have columns and rows" });
    return [];
  }
  const columns = table.columns.map((column) => String(column).trim());
  for (const column of expected)
    if (!columns.includes(column) && !optional.includes(column))
      report({ table: name, field: column, message: "column is missing" });
  for (const column of columns)
    if (!expected.includes(column))
      report({
        table: name,
        field: column,
        message: `unknown column; the columns are ${expected.join(", ")}`,
      });
  const parsed: unknown[] = [];
  table.rows.forEach((cells, index) => {
    const row = index + 1;
    if (!Array.isArray(cells) || cells.length !== columns.length) {
      report({
        table: name,
        row,
        message: `has ${Array.isArray(cells) ? cells.length : 0} cells, the header has ${columns.length}`,
      });
      return;
    }
    const record: Record<string, unknown> = {};
    for (const column of optional) record[column] = "";
    columns.forEach((column, position) => (record[column] = cells[position]));
    const result = v.safeParse(schema, record);
    if (result.success) parsed.push(result.output);
    else
      for (const problem of result.issues)
        report({ table: name, row, field: fieldOf(problem), message: messageOf(problem) });
  });
  return parsed;
}

/**
 * The changelog part: its form, and a "from" that is an earlier version than its "to". A "to"
 * other than the dataset's version does not make the data wrong (a copy whose version was edited):
 * REE.DATAINFO("changes") says the changelog is for another version instead.
 */
function parseChanges(
  changes: unknown,
  report: (issue: DataIssue) => void
): DatasetChanges | undefined {
  const parsed = v.safeParse(changesSchema, changes);
  if (!parsed.success) {
    for (const problem of parsed.issues)
      report({ table: "changes", field: fieldOf(problem), message: messageOf(problem) });
    return undefined;
  }
  if (compareVersions(parsed.output.from, parsed.output.to) >= 0) {
    report({
      table: "changes",
      field: "from",
      message: `'${parsed.output.from}' must be an earlier version than '${parsed.output.to}'`,
    });
    return undefined;
  }
  return parsed.output;
}

/** A table's columns, in schema order (a table checked across columns wraps its object in a pipe). */
export function columnsOf(name: TableName): string[] {
  const schema = tableSchemas[name] as
    { entries: Record<string, unknown> } | { pipe: [{ entries: Record<string, unknown> }] };
  return Object.keys("entries" in schema ? schema.entries : schema.pipe[0].entries);
}

/** Keys are unique, every reference points at something, and every source is used. */
function checkIntegrity(
  { rows }: ParsedDataset,
  report: (issue: DataIssue) => void,
  strict: boolean
): void {
  const unique = <T>(table: TableName, items: T[], key: (item: T) => string, field: string) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const value = key(item);
      const first = seen.get(value);
      if (first !== undefined)
        report({ table, row: index + 1, field, message: `duplicates row ${first} (${value})` });
      else seen.set(value, index + 1);
    });
    return seen;
  };
  const sources = unique("sources", rows.sources, (row) => row.id, "id");
  const elements = unique("elements", rows.elements, (row) => row.symbol, "symbol");
  const products = unique("products", rows.products, (row) => row.id, "id");
  const countries = unique("countries", rows.countries, (row) => row.id, "id");
  const stages = unique("stages", rows.stages, (row) => row.id, "id");
  const markets = unique("markets", rows.markets, (row) => row.id, "id");
  const controls = unique("controls", rows.controls, (row) => row.id, "id");
  const weights = unique("atomic_weights", rows.atomic_weights, (row) => row.symbol, "symbol");
  unique(
    "prices",
    rows.prices,
    (row) => `${row.product} ${row.market} ${row.period} ${row.vintage ?? ""}`,
    "period"
  );
  const tradeProducts = unique("trade_products", rows.trade_products, (row) => row.id, "id");
  unique(
    "trade",
    rows.trade,
    (row) => `${row.product} ${row.exporter} ${row.importer} ${row.period}`,
    "period"
  );
  unique("fx", rows.fx, (row) => `${row.currency} ${row.period}`, "period");
  unique(
    "volumes",
    rows.volumes,
    (row) => `${row.country} ${row.stage} ${row.year} ${row.vintage}`,
    "vintage"
  );
  unique(
    "shares",
    rows.shares,
    (row) => `${row.country} ${row.stage} ${row.year} ${row.group ?? ""} ${row.vintage ?? ""}`,
    "vintage"
  );
  unique("suspensions", rows.suspensions, (row) => `${row.measure} ${row.from}`, "from");

  const used = new Set<string>();
  const refer = (
    table: TableName,
    row: number,
    field: string,
    value: string | undefined,
    known: Map<string, number>,
    what: string
  ) => {
    if (value !== undefined && !known.has(value))
      report({ table, row, field, message: `unknown ${what} '${value}'` });
  };
  const cite = (table: TableName, row: number, source: string) => {
    used.add(source);
    refer(table, row, "source", source, sources, "source");
  };
  for (const table of TABLE_NAMES) {
    if (table === "sources") continue;
    (rows[table] as { source?: string }[]).forEach(
      (row, index) => row.source !== undefined && cite(table, index + 1, row.source)
    );
  }
  rows.elements.forEach((row, index) => {
    refer("elements", index + 1, "main_oxide", row.main_oxide, products, "product");
    refer("elements", index + 1, "symbol", row.symbol, weights, "atomic weight for");
  });
  rows.products.forEach((row, index) => {
    for (const symbol of row.elements)
      refer("products", index + 1, "elements", symbol, elements, "element");
    refer("products", index + 1, "default_market", row.default_market, markets, "market");
    for (const [symbol] of formulaAtoms(row.formula ?? ""))
      refer("products", index + 1, "formula", symbol, weights, "atomic weight for");
  });
  rows.prices.forEach((row, index) => {
    refer("prices", index + 1, "product", row.product, products, "product");
    refer("prices", index + 1, "market", row.market, markets, "market");
    if (row.low > row.high)
      report({
        table: "prices",
        row: index + 1,
        field: "low",
        message: `low ${row.low} is above high ${row.high}`,
      });
  });
  for (const table of ["volumes", "shares"] as const) {
    rows[table].forEach((row, index) => {
      refer(table, index + 1, "country", row.country, countries, "country");
      refer(table, index + 1, "stage", row.stage, stages, "stage");
    });
  }
  rows.trade.forEach((row, index) => {
    refer("trade", index + 1, "product", row.product, tradeProducts, "trade product");
    refer("trade", index + 1, "exporter", row.exporter, countries, "country");
    refer("trade", index + 1, "importer", row.importer, countries, "country");
  });
  rows.events.forEach((row, index) =>
    refer("events", index + 1, "country", row.country, countries, "country")
  );
  rows.controls.forEach((row, index) => {
    for (const symbol of row.elements)
      refer("controls", index + 1, "elements", symbol, elements, "element");
    if (row.ended !== undefined && row.ended < row.effective)
      report({ table: "controls", row: index + 1, field: "ended", message: "is before effective" });
  });
  rows.suspensions.forEach((row, index) => {
    refer("suspensions", index + 1, "measure", row.measure, controls, "measure");
    refer("suspensions", index + 1, "by", row.by, controls, "measure");
    if (row.until !== undefined && row.until < row.from)
      report({ table: "suspensions", row: index + 1, field: "until", message: "is before from" });
  });
  if (!strict) return;
  rows.sources.forEach((row, index) => {
    if (!used.has(row.id))
      report({
        table: "sources",
        row: index + 1,
        field: "id",
        message: `source '${row.id}' is not used by any record`,
      });
    if (row.url === "")
      report({
        table: "sources",
        row: index + 1,
        field: "url",
        message: "is required for bundled data",
      });
  });
}

type Problem = v.BaseIssue<unknown>;

function fieldOf(problem: Problem): string {
  return String(problem.path?.[0]?.key ?? "");
}

/** Our own messages as written; the library's wording only where a cell is not text at all. */
function messageOf(problem: Problem): string {
  if (problem.kind === "schema" && problem.type === "string") return "must be text";
  if (problem.kind === "schema" && problem.type === "object") return "is missing";
  return problem.message;
}

/** Atoms of a simple formula: "Tb4O7" gives [["Tb", 4], ["O", 7]]. */
export function formulaAtoms(formula: string): [string, number][] {
  return [...formula.matchAll(/([A-Z][a-z]?)(\d*)/g)].map((match) => [
    match[1],
    match[2] === "" ? 1 : Number(match[2]),
  ]);
}
