import { parseCsv } from "./csv";
import { Dataset } from "./dataset";
import { Day, dayFromParts, isoFromDay, parsePeriod } from "./dates";
import {
  MAX_PROBLEMS,
  USER_TABLES,
  UserLayer,
  UserTableName,
  buildDataset,
  layerSummary,
} from "./layers";
import { Failure, Result, ok, refused } from "./result";
import { TextDataset, TextTable, tableSchemas } from "./schema";
import { DataIssue, describeIssue, parseTable } from "./validate";

/**
 * Reading a user's CSV or JSON file into a layer: every problem is reported by line and column,
 * and a file with any problem gives no layer at all.
 */
/** Protects the pane: a larger file is refused before it is parsed. */
export const IMPORT_LIMITS = {
  maxBytes: 2_000_000,
  maxRows: 20_000,
  maxProblems: MAX_PROBLEMS,
} as const;

export const CSV_COLUMNS = ["product", "market", "date", "low", "high", "unit", "source"] as const;
const CSV_OPTIONAL_COLUMNS = ["note", "estimated"] as const;
export const USER_SOURCE_PREFIX = "User data: ";
const FIRST_DAY = dayFromParts(1900, 1, 1);

export type ImportOutcome = Result<{ layer: UserLayer; dataset: Dataset; summary: string }>;

interface ImportContext {
  base: TextDataset;
  layers: readonly UserLayer[];
  /** The data in use now, for resolving names the way the functions do. */
  dataset: Dataset;
  today: Day;
}

class Problems {
  readonly list: string[] = [];
  private dropped = 0;
  add(message: string): void {
    if (this.list.length < IMPORT_LIMITS.maxProblems) this.list.push(message);
    else this.dropped++;
  }
  get any(): boolean {
    return this.list.length > 0;
  }
  result(): Failure {
    return refused(
      this.dropped > 0 ? [...this.list, `… and ${this.dropped} more problems.`] : this.list
    );
  }
}

function sizeProblem(text: string): string | undefined {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes <= IMPORT_LIMITS.maxBytes) return undefined;
  return `The file is ${(bytes / 1_000_000).toFixed(1)} MB; the limit is ${IMPORT_LIMITS.maxBytes / 1_000_000} MB.`;
}

/**
 * Text that would run somewhere: markup in the pane, or a formula when pasted into a sheet
 * (a leading =, +, - or @). Such text is refused, not cleaned, so that nothing changes silently.
 */
export function unsafeTextReason(text: string): string | undefined {
  if (/[<>]/.test(text)) return "contains < or >, which could be read as markup";
  if (/^[=+\-@]/.test(text.trim()) && !/^-?\d+(\.\d+)?$/.test(text.trim()))
    return `starts with '${text.trim()[0]}', which a spreadsheet would run as a formula`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text))
    return "contains control characters";
  return undefined;
}

function nextLayerId(layers: readonly UserLayer[]): string {
  const numbers = layers.map((layer) => Number(layer.id.replace(/^U/, ""))).filter(Number.isFinite);
  return `U${numbers.length === 0 ? 1 : Math.max(...numbers) + 1}`;
}

/** A number as a CSV from any locale writes it: "1234.5", or "1234,5" and "1.234,5" with `;` files. */
function parseLocaleNumber(text: string, decimalComma: boolean): number | undefined {
  const trimmed = text.trim();
  const pattern = decimalComma ? /^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$/ : /^\d+(\.\d+)?$/;
  if (!pattern.test(trimmed)) return undefined;
  return Number(decimalComma ? trimmed.replace(/\./g, "").replace(",", ".") : trimmed);
}

/**
 * A CSV of prices with the columns product, market, date, low, high, unit, source (and optional
 * note, estimated). Names resolve as in formulas; each problem is reported by line and column.
 */
export function importPriceCsv(
  text: string,
  fileName: string,
  context: ImportContext
): ImportOutcome {
  const problems = new Problems();
  const tooLarge = sizeProblem(text);
  if (tooLarge) return refused([tooLarge]);
  const { table, errors, delimiter } = parseCsv(text);
  for (const error of errors)
    problems.add(`${error.row !== undefined ? `Line ${error.row + 1}: ` : ""}${error.message}.`);
  if (!table || problems.any) return problems.result();
  const columns = table.columns.map((column) => column.trim().toLowerCase());
  const allowed = [...CSV_COLUMNS, ...CSV_OPTIONAL_COLUMNS] as readonly string[];
  for (const column of CSV_COLUMNS)
    if (!columns.includes(column))
      problems.add(
        `Column '${column}' is missing. The columns are ${CSV_COLUMNS.join(", ")} (and optionally note, estimated).`
      );
  for (const column of columns)
    if (!allowed.includes(column))
      problems.add(`Column '${column}' is not one of ${allowed.join(", ")}.`);
  if (table.rows.length === 0) problems.add("The file has a header but no rows.");
  if (table.rows.length > IMPORT_LIMITS.maxRows)
    problems.add(`The file has ${table.rows.length} rows; the limit is ${IMPORT_LIMITS.maxRows}.`);
  if (problems.any) return problems.result();

  const cell = (row: string[], column: string) => (row[columns.indexOf(column)] ?? "").trim();
  const decimalComma = delimiter === ";";
  const sourceIds = new Map<string, string>();
  const layerId = nextLayerId(context.layers);
  const prices: string[][] = [];
  const seen = new Map<string, number>();
  table.rows.forEach((row, index) => {
    const line = index + 2; // line 1 is the header
    const at = (column: string) => `Line ${line}, ${column}`;
    if (row.length !== columns.length) {
      problems.add(`Line ${line} has ${row.length} cells; the header has ${columns.length}.`);
      return;
    }
    for (const column of columns) {
      const reason = unsafeTextReason(cell(row, column));
      if (reason) problems.add(`${at(column)}: '${cell(row, column).slice(0, 40)}' ${reason}.`);
    }
    const product = context.dataset.productNames.resolve(cell(row, "product"));
    if (!product.ok) problems.add(`${at("product")}: ${product.message}`);
    const market = context.dataset.marketNames.resolve(cell(row, "market"));
    if (!market.ok) problems.add(`${at("market")}: ${market.message}`);
    const unit = context.dataset.unitNames.resolve(cell(row, "unit"));
    if (!unit.ok) problems.add(`${at("unit")}: ${unit.message}`);
    const period = parsePeriod(cell(row, "date"));
    if (!period.ok)
      problems.add(
        `${at("date")}: '${cell(row, "date")}' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY for monthly and annual figures).`
      );
    else if (period.value.start > context.today)
      problems.add(`${at("date")}: ${period.value.text} is in the future.`);
    else if (period.value.start < FIRST_DAY)
      problems.add(`${at("date")}: ${period.value.text} is before 1900.`);
    const low = parseLocaleNumber(cell(row, "low"), decimalComma);
    const high = parseLocaleNumber(cell(row, "high"), decimalComma);
    const numberHint = decimalComma
      ? "a number such as 1234,5"
      : "a number such as 1234.5, without thousands separators";
    if (low === undefined)
      problems.add(`${at("low")}: '${cell(row, "low")}' is not ${numberHint}.`);
    if (high === undefined)
      problems.add(`${at("high")}: '${cell(row, "high")}' is not ${numberHint}.`);
    if (low !== undefined && high !== undefined && low > high)
      problems.add(`${at("low")}: low ${low} is above high ${high}.`);
    const sourceText = cell(row, "source");
    if (sourceText === "")
      problems.add(
        `${at("source")}: every price needs its source (e.g. "Fastmarkets, licensed feed").`
      );
    const estimated = columns.includes("estimated") ? cell(row, "estimated").toLowerCase() : "";
    if (!["", "yes", "no"].includes(estimated))
      problems.add(`${at("estimated")}: must be yes, no or empty.`);
    if (
      !product.ok ||
      !market.ok ||
      !unit.ok ||
      !period.ok ||
      low === undefined ||
      high === undefined ||
      sourceText === ""
    )
      return;
    const key = `${product.value.id}\u0000${market.value.id}\u0000${period.value.text}`;
    const first = seen.get(key);
    if (first !== undefined)
      problems.add(
        `Line ${line}: ${product.value.id} in ${market.value.id} on ${period.value.text} repeats line ${first}.`
      );
    seen.set(key, line);
    if (!sourceIds.has(sourceText)) sourceIds.set(sourceText, `${layerId}-S${sourceIds.size + 1}`);
    const note = columns.includes("note") ? cell(row, "note") : "";
    prices.push([
      product.value.id,
      market.value.id,
      period.value.text,
      String(low),
      String(high),
      unit.value,
      estimated,
      "",
      sourceIds.get(sourceText)!,
      note,
    ]);
  });
  if (problems.any) return problems.result();
  const today = isoFromDay(context.today);
  const layer: UserLayer = {
    id: layerId,
    name: fileName,
    importedAt: today,
    tables: {
      sources: {
        columns: Object.keys(tableSchemas.sources.entries),
        rows: [...sourceIds].map(([text, id]) => [
          id,
          `${USER_SOURCE_PREFIX}${text}`,
          `Imported from ${fileName}`,
          "",
          today,
          "",
        ]),
      },
      prices: { columns: Object.keys(tableSchemas.prices.entries), rows: prices },
    },
  };
  return finish(
    layer,
    context,
    `${prices.length} price${prices.length === 1 ? "" : "s"} from ${fileName}`
  );
}

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
  const problems = new Problems();
  const tables = (data as { tables?: unknown })?.tables;
  if (typeof tables !== "object" || tables === null || Array.isArray(tables)) {
    return refused([
      `The file must be an object with "tables", e.g. {"tables": {"prices": {"columns": [...], "rows": [[...]]}}}.`,
    ]);
  }
  const layerTables: UserLayer["tables"] = {};
  let rowCount = 0;
  for (const [name, table] of Object.entries(tables as Record<string, TextTable>)) {
    if (!(USER_TABLES as readonly string[]).includes(name)) {
      problems.add(
        `Table '${name}' cannot be imported; the importable tables are ${USER_TABLES.join(", ")}.`
      );
      continue;
    }
    const report = (issue: DataIssue) => problems.add(`${describeIssue(issue)}.`);
    if (!Array.isArray(table?.rows) || !Array.isArray(table?.columns)) {
      problems.add(`Table '${name}' must have "columns" and "rows".`);
      continue;
    }
    rowCount += table.rows.length;
    if (rowCount > IMPORT_LIMITS.maxRows) {
      problems.add(`The file has more than ${IMPORT_LIMITS.maxRows} rows.`);
      break;
    }
    parseTable(name as UserTableName, table, report);
    table.rows.forEach((row, index) => {
      if (!Array.isArray(row)) return; // parseTable has reported it
      row.forEach((value, position) => {
        const reason = typeof value === "string" ? unsafeTextReason(value) : undefined;
        if (reason)
          problems.add(
            `${name}, row ${index + 1}, field "${table.columns[position]}": '${value.slice(0, 40)}' ${reason}.`
          );
      });
    });
    layerTables[name as UserTableName] = {
      columns: table.columns.map(String),
      rows: table.rows.map((row) => (Array.isArray(row) ? row.map(String) : [])),
    };
  }
  if (problems.any) return problems.result();
  const baseSourceIds = new Set(context.base.tables.sources.rows.map((row) => row[0]));
  const sources = layerTables.sources;
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
  if (problems.any) return problems.result();
  const layer: UserLayer = {
    id: nextLayerId(context.layers),
    name: fileName,
    importedAt: isoFromDay(context.today),
    tables: layerTables,
  };
  return finish(layer, context, `${layerSummary(layer).rows} rows from ${fileName}`);
}

function finish(layer: UserLayer, context: ImportContext, summary: string): ImportOutcome {
  const built = buildDataset(context.base, [...context.layers, layer]);
  if (!built.dataset) return refused(built.problems);
  return ok({ layer, dataset: built.dataset, summary });
}
