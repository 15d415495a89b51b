/**
 * The shapes shared by the steps of an import: a vendor's table (from a CSV, TSV or an Excel
 * range) is read through a column mapping into raw observations whose names are still text;
 * resolving those names against the dataset turns them into a price layer.
 */

/** A cell as a file or an Excel range gives it: text from a CSV, numbers and text from a range. */
export type Cell = string | number | boolean | null | undefined;

/** What a column of a long table holds. */
export type ColumnRole =
  | "product"
  | "market"
  | "date"
  | "low"
  | "high"
  /** A single price: the mid, a close, a settlement or an average. It becomes low = high. */
  | "price"
  | "unit"
  | "currency"
  | "source"
  | "note"
  | "estimated"
  | "ignore";

/** How a text date such as 03/04/2025 is read; ISO dates and Excel serials need no order. */
export type DateOrder = "ymd" | "dmy" | "mdy";

/** Values that no column gives, applied to every row (a file of one market, say). */
export interface MappingConstants {
  product?: string;
  market?: string;
  /** A price unit such as "USD/kg", or a mass ("kg", "t") when a currency is given apart. */
  unit?: string;
  currency?: string;
  source?: string;
}

interface MappingBase {
  /** The row (0-based) holding the column headers; rows above it are skipped (a vendor's title). */
  headerRow: number;
  constants: MappingConstants;
  /** Only needed when text dates are ambiguous (both 03/04 readings are dates). */
  dateOrder?: DateOrder;
  /** Numbers written 1.234,5: set for files from comma-decimal locales. */
  decimalComma?: boolean;
}

/** One observation per row. */
export interface LongMapping extends MappingBase {
  shape: "long";
  /** One role per column, in the table's column order. */
  columns: ColumnRole[];
}

/** What one series column of a wide table holds. */
export interface WideSeries {
  column: number;
  product: string;
  market?: string;
  unit?: string;
  /** Which price the column gives; "price" means low = high. */
  field: "price" | "low" | "high";
  /** What the header says beyond product, market and unit (a purity such as 99.5%): each price's note. */
  note?: string;
}

/** Dates down one column, one series per other column. */
export interface WideMapping extends MappingBase {
  shape: "wide";
  dateColumn: number;
  series: WideSeries[];
}

export type Mapping = LongMapping | WideMapping;

/** Period precision codes in RawObservations.precision. */
export const PRECISION_CODES = { day: 0, month: 1, year: 2 } as const;

/**
 * Observations read from a table, column by column, with names still as text. Text fields are
 * interned: `product[i]` indexes `names.product`, and so on; index 0 of `names.note` and of
 * `names.source` is the empty text.
 */
export interface RawObservations {
  count: number;
  names: {
    product: string[];
    market: string[];
    /** The unit as written, currency and mass combined where a mapping gives them apart ("USD/kg"). */
    unit: string[];
    source: string[];
    note: string[];
  };
  product: Uint32Array;
  market: Uint32Array;
  unit: Uint32Array;
  source: Uint32Array;
  note: Uint32Array;
  /** The period's first day (days since 1970-01-01), and its precision code. */
  start: Float64Array;
  precision: Uint8Array;
  low: Float64Array;
  high: Float64Array;
  /** 1 where the file flags the figure as estimated. */
  estimated: Uint8Array;
  /** The 1-based line (CSV) or row (range) each observation came from, for messages. */
  line: Uint32Array;
}

/** What reading a table gives: the observations, or the problems (capped), each by line and column. */
export interface ReadOutcome {
  observations: RawObservations;
  problems: string[];
  /** Problems beyond the cap, counted but not listed. */
  moreProblems: number;
  /** Rows with no price at all (empty, "-", "n/a"): not observations, and not problems either. */
  skipped: number;
  /**
   * The day/month order the dates themselves showed (a day above 12), when the mapping set none
   * and the table has d/m/y or m/d/y text: for the pane to say how it read them.
   */
  dateOrder?: DateOrder;
}
