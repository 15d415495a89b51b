import * as v from "valibot";
import { Day, isoFromDay } from "../../../core/dates";
import {
  Cell,
  ColumnRole,
  DateOrder,
  LongMapping,
  Mapping,
  MappingConstants,
  PRECISION_CODES,
  RawObservations,
  ReadOutcome,
  WideMapping,
  WideSeries,
} from "../../../core/import/types";
import { StringKey, formatNumber, t } from "../../shell/i18n";

/**
 * The import's mapping step with no DOM: the columns as the user sees them, edits to the mapping
 * (each gives a new mapping), the preview of observations as they will be imported, the layouts
 * remembered from earlier imports, and what a JSON file holds.
 */

export const COLUMN_ROLES: readonly ColumnRole[] = [
  "product",
  "market",
  "date",
  "price",
  "low",
  "high",
  "unit",
  "currency",
  "source",
  "note",
  "estimated",
  "ignore",
];

export const ROLE_KEYS: Record<ColumnRole, StringKey> = {
  product: "roleProduct",
  market: "roleMarket",
  date: "roleDate",
  price: "rolePrice",
  low: "roleLow",
  high: "roleHigh",
  unit: "roleUnit",
  currency: "roleCurrency",
  source: "roleSource",
  note: "roleNote",
  estimated: "roleEstimated",
  ignore: "roleIgnore",
};

export const SERIES_FIELDS = ["price", "low", "high"] as const;
export type SeriesField = (typeof SERIES_FIELDS)[number];
export const CONSTANT_KEYS = ["product", "market", "unit", "currency", "source"] as const;
export type ConstantKey = (typeof CONSTANT_KEYS)[number];
export const DATE_ORDERS: readonly DateOrder[] = ["ymd", "dmy", "mdy"];

/** A cell as the mapping step shows it: numbers and dates as Excel or the file gives them. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return String(cell);
}

/** The table's width: its widest row. */
export function widthOf(rows: readonly (readonly Cell[])[]): number {
  return rows.reduce((widest, row) => Math.max(widest, row.length), 0);
}

/** Each column's heading from the header row; a column without one is named by its number. */
export function columnHeadings(rows: readonly Cell[][], headerRow: number): string[] {
  const header = rows[headerRow] ?? [];
  return Array.from({ length: widthOf(rows) }, (_, column) => {
    const text = cellText(header[column]).trim();
    return text === "" ? t("columnNumber", column + 1) : text;
  });
}

/** The first value under each column's heading, for the user to recognise the column by. */
export function sampleValues(rows: readonly Cell[][], headerRow: number): string[] {
  return Array.from({ length: widthOf(rows) }, (_, column) => {
    for (let row = headerRow + 1; row < rows.length; row++) {
      const text = cellText(rows[row][column]).trim();
      if (text !== "") return text;
    }
    return "";
  });
}

/** The long mapping with one column's role changed. Two columns with one role are left to mappingProblems to point out. */
export function withRole(mapping: LongMapping, column: number, role: ColumnRole): LongMapping {
  const columns = [...mapping.columns];
  while (columns.length <= column) columns.push("ignore");
  columns[column] = role;
  return { ...mapping, columns };
}

const DESCRIPTIVE_ROLES: ReadonlySet<ColumnRole> = new Set([
  "product",
  "market",
  "unit",
  "currency",
  "source",
  "note",
  "estimated",
]);

/**
 * The mapping in the other shape. The layout guess for that shape is taken when it has it (it
 * splits series headings into product, market and unit); otherwise the columns are carried over:
 * to wide, every column that is not the date or a descriptive one becomes a series named by its
 * heading; to long, the date column stays the date and the rest is left for the user to assign.
 */
export function withShape(
  mapping: Mapping,
  shape: Mapping["shape"],
  headings: readonly string[],
  guessed: Mapping
): Mapping {
  if (mapping.shape === shape) return mapping;
  const common = {
    headerRow: mapping.headerRow,
    constants: mapping.constants,
    dateOrder: mapping.dateOrder,
    decimalComma: mapping.decimalComma,
  };
  if (guessed.shape === shape) return { ...guessed, ...common } as Mapping;
  if (shape === "wide" && mapping.shape === "long") {
    const found = mapping.columns.indexOf("date");
    const dateColumn = found >= 0 ? found : 0;
    const series: WideSeries[] = [];
    headings.forEach((heading, column) => {
      const role = mapping.columns[column] ?? "ignore";
      if (column !== dateColumn && !DESCRIPTIVE_ROLES.has(role))
        series.push({ column, product: heading, field: "price" });
    });
    return { ...common, shape: "wide", dateColumn, series };
  }
  const wide = mapping as WideMapping;
  return {
    ...common,
    shape: "long",
    columns: headings.map((_, column) => (column === wide.dateColumn ? "date" : "ignore")),
  };
}

export function withDateColumn(mapping: WideMapping, column: number): WideMapping {
  return {
    ...mapping,
    dateColumn: column,
    series: mapping.series.filter((series) => series.column !== column),
  };
}

/** One series column changed, added (named by its heading) or, with "ignore", left out. */
export function withSeries(
  mapping: WideMapping,
  column: number,
  heading: string,
  change: Partial<Pick<WideSeries, "product" | "market" | "unit" | "field">> | "ignore"
): WideMapping {
  const others = mapping.series.filter((series) => series.column !== column);
  if (change === "ignore") return { ...mapping, series: others };
  const current = mapping.series.find((series) => series.column === column) ?? {
    column,
    product: heading,
    field: "price" as const,
  };
  const next: WideSeries = { ...current };
  for (const key of ["product", "market", "unit"] as const) {
    const value = change[key];
    if (value === undefined) continue;
    if (value.trim() === "" && key !== "product") delete next[key];
    else next[key] = value.trim();
  }
  if (change.field) next.field = change.field;
  return { ...mapping, series: [...others, next].sort((a, b) => a.column - b.column) };
}

export function seriesOf(mapping: WideMapping, column: number): WideSeries | undefined {
  return mapping.series.find((series) => series.column === column);
}

/** A value for every row; an empty one means none. */
export function withConstant(mapping: Mapping, key: ConstantKey, value: string): Mapping {
  const constants: MappingConstants = { ...mapping.constants };
  if (value.trim() === "") delete constants[key];
  else constants[key] = value.trim();
  return { ...mapping, constants };
}

export function withDateOrder(mapping: Mapping, order: DateOrder | undefined): Mapping {
  const next = { ...mapping };
  if (order) next.dateOrder = order;
  else delete next.dateOrder;
  return next;
}

export function withDecimalComma(mapping: Mapping, decimalComma: boolean): Mapping {
  return { ...mapping, decimalComma };
}

/** A period as the data writes it: the day, the month or the year, by its precision. */
export function periodText(start: Day, precision: number): string {
  const iso = isoFromDay(start);
  if (precision === PRECISION_CODES.year) return iso.slice(0, 4);
  if (precision === PRECISION_CODES.month) return iso.slice(0, 7);
  return iso;
}

export interface PreviewRow {
  line: number;
  product: string;
  market: string;
  date: string;
  low: string;
  high: string;
  unit: string;
  source: string;
}

/** The first observations as they will be imported: names still as written, dates and numbers as read. */
export function previewRows(observations: RawObservations, limit: number): PreviewRow[] {
  const rows: PreviewRow[] = [];
  const { names } = observations;
  for (let index = 0; index < Math.min(limit, observations.count); index++) {
    rows.push({
      line: observations.line[index],
      product: names.product[observations.product[index]] ?? "",
      market: names.market[observations.market[index]] ?? "",
      date: periodText(observations.start[index], observations.precision[index]),
      low: formatNumber(observations.low[index], 6),
      high: formatNumber(observations.high[index], 6),
      unit: names.unit[observations.unit[index]] ?? "",
      source: names.source[observations.source[index]] ?? "",
    });
  }
  return rows;
}

/** Every problem listed, and the count of those past the cap. */
export function outcomeProblems(outcome: Pick<ReadOutcome, "problems" | "moreProblems">): string[] {
  return outcome.moreProblems > 0
    ? [...outcome.problems, t("moreProblems", outcome.moreProblems)]
    : [...outcome.problems];
}

/** The sheet row of a range's first row: "Sheet1!B5:D9" → 5. */
export function firstRowOf(address: string): number {
  const reference = address.slice(address.lastIndexOf("!") + 1);
  const match = /^\$?[A-Za-z]*\$?(\d+)/.exec(reference);
  return match ? Number(match[1]) : 1;
}

// Remembered layouts ---------------------------------------------------------------------------

const LAYOUT_KEY_PREFIX = "ree-import-layout:";

const constantsSchema = v.object({
  product: v.optional(v.string()),
  market: v.optional(v.string()),
  unit: v.optional(v.string()),
  currency: v.optional(v.string()),
  source: v.optional(v.string()),
});
const index = v.pipe(v.number(), v.integer(), v.minValue(0));
const mappingBase = {
  headerRow: index,
  constants: constantsSchema,
  dateOrder: v.optional(v.picklist(["ymd", "dmy", "mdy"])),
  decimalComma: v.optional(v.boolean()),
};
const mappingSchema = v.variant("shape", [
  v.object({
    ...mappingBase,
    shape: v.literal("long"),
    columns: v.array(v.picklist(COLUMN_ROLES as ColumnRole[])),
  }),
  v.object({
    ...mappingBase,
    shape: v.literal("wide"),
    dateColumn: index,
    series: v.array(
      v.object({
        column: index,
        product: v.string(),
        market: v.optional(v.string()),
        unit: v.optional(v.string()),
        field: v.picklist(SERIES_FIELDS),
        note: v.optional(v.string()),
      })
    ),
  }),
]);
const rememberedSchema = v.object({
  mapping: mappingSchema,
  /** The file or range it was first used for. */
  name: v.string(),
  savedOn: v.string(),
});

export type RememberedLayout = v.InferOutput<typeof rememberedSchema>;

/** localStorage, or a stand-in: storage can be switched off in Office's web views. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Mappings remembered per layout signature, so that next month's file from the same vendor
 * imports in one click. What is stored is checked on the way back: a damaged entry is dropped,
 * never used. Storage that fails (full, switched off) only means nothing is remembered.
 */
export class LayoutMemory {
  constructor(private readonly store: KeyValueStore | undefined) {}

  recall(signature: string): RememberedLayout | undefined {
    try {
      const text = this.store?.getItem(LAYOUT_KEY_PREFIX + signature);
      if (!text) return undefined;
      const parsed = v.safeParse(rememberedSchema, JSON.parse(text));
      if (parsed.success) return parsed.output;
    } catch {
      // Unreadable JSON: dropped below like any other damaged entry.
    }
    this.forget(signature);
    return undefined;
  }

  remember(signature: string, layout: RememberedLayout): void {
    try {
      this.store?.setItem(LAYOUT_KEY_PREFIX + signature, JSON.stringify(layout));
    } catch {
      // Full or switched-off storage: the import itself is unaffected.
    }
  }

  forget(signature: string): void {
    try {
      this.store?.removeItem(LAYOUT_KEY_PREFIX + signature);
    } catch {
      // As above.
    }
  }
}

// JSON files -----------------------------------------------------------------------------------

export type JsonContent =
  /** The dataset's own form ({"tables": …}): imported as it is, without a mapping. */
  | { kind: "dataset" }
  /**
   * A table: an array of rows, or an array of records whose keys become the header. `firstRow`
   * numbers rows as the user counts them: the first array is row 1; the first record is row 1
   * too, under a header the file does not have (row 0).
   */
  | { kind: "table"; rows: Cell[][]; firstRow: number }
  | { kind: "refused"; problems: string[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function cellProblem(value: unknown, row: number, column: string): string | undefined {
  if (
    value === null ||
    value === undefined ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  )
    return undefined;
  const what = Array.isArray(value)
    ? t("jsonKindList")
    : typeof value === "number"
      ? String(value)
      : t("jsonKindObject");
  return t("jsonCellProblem", row, column, what);
}

/** What a JSON file holds, without throwing on any text. */
export function readJsonContent(text: string, name: string, maxProblems = 50): JsonContent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      kind: "refused",
      problems: [t("jsonInvalid", name, error instanceof Error ? error.message : String(error))],
    };
  }
  if (isRecord(parsed) && "tables" in parsed) return { kind: "dataset" };
  if (!Array.isArray(parsed) || parsed.length === 0)
    return { kind: "refused", problems: [t("jsonNotTable", name)] };
  const problems: string[] = [];
  let more = 0;
  const note = (problem: string | undefined) => {
    if (problem === undefined) return;
    if (problems.length < maxProblems) problems.push(problem);
    else more++;
  };
  const rows: Cell[][] = [];
  const records = parsed.every(isRecord);
  if (records) {
    const keys: string[] = [];
    const known = new Set<string>();
    for (const record of parsed)
      for (const key of Object.keys(record))
        if (!known.has(key)) {
          known.add(key);
          keys.push(key);
        }
    rows.push(keys);
    parsed.forEach((record, position) => {
      rows.push(
        keys.map((key) => {
          const problem = cellProblem(record[key], position + 1, key);
          note(problem);
          return problem ? null : (record[key] as Cell);
        })
      );
    });
  } else if (parsed.every(Array.isArray)) {
    parsed.forEach((row: unknown[], position) => {
      rows.push(
        row.map((value, column) => {
          const problem = cellProblem(value, position + 1, t("columnNumber", column + 1));
          note(problem);
          return problem ? null : (value as Cell);
        })
      );
    });
  } else return { kind: "refused", problems: [t("jsonNotTable", name)] };
  if (problems.length > 0)
    return {
      kind: "refused",
      problems: more > 0 ? [...problems, t("moreProblems", more)] : problems,
    };
  return { kind: "table", rows, firstRow: records ? 0 : 1 };
}
