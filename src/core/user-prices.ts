import { Day, dayFromParts, isoFromDay, partsFromDay } from "./dates";
import { PRECISIONS, PriceColumns, periodOf } from "./price-series";
import { Result, ok, refused } from "./result";
import { unsafeTextReason } from "./safe-text";
import { PRICE_UNITS } from "./schema";

/**
 * The checks every user price passes, whichever way it came in (a file, an Excel range, a
 * workbook's stored record), and the compact form a layer's prices are stored in.
 */

/** The budget of imported rows, across every layer of a workbook. */
export const MAX_IMPORTED_ROWS = 1_000_000;
/** No rare-earth price comes near this per kg or per tonne; a larger figure is a broken file. */
export const MAX_PRICE = 1e12;
export const FIRST_DAY = dayFromParts(1900, 1, 1);
/** How many problems a refused change lists at most. */
export const MAX_LISTED_PROBLEMS = 50;

/** Collects problems up to the cap, counting the rest, so a broken million-row file stays quick. */
export class ProblemList {
  readonly list: string[] = [];
  private dropped = 0;
  add(message: string): void {
    if (this.list.length < MAX_LISTED_PROBLEMS) this.list.push(message);
    else this.dropped++;
  }
  get any(): boolean {
    return this.list.length > 0;
  }
  get all(): string[] {
    return this.dropped > 0 ? [...this.list, `… and ${this.dropped} more problems.`] : this.list;
  }
}

/** Unsorted columns as a reader or resolver builds them, before `sortPriceColumns`. */
export type UnsortedPriceColumns = PriceColumns;

/**
 * Sorts by product, market and period start (a coarser period first where two start on one
 * day), and reports two rows for one period of one series. `lineOf` gives each row's line in
 * the user's file for the message; without it rows are counted from 1.
 */
export function sortPriceColumns(
  columns: UnsortedPriceColumns,
  describeRow: (row: number) => string
): Result<PriceColumns> {
  const count = columns.start.length;
  const order = new Uint32Array(count);
  for (let index = 0; index < count; index++) order[index] = index;
  const { product, market, start, precision } = columns;
  // Files are usually already in order (or in reverse date order): sorting an array of indexes
  // with a comparator is still fast enough at a million rows (measured in npm run bench).
  order.sort(
    (a, b) =>
      product[a] - product[b] ||
      market[a] - market[b] ||
      start[a] - start[b] ||
      precision[b] - precision[a]
  );
  const problems = new ProblemList();
  for (let position = 1; position < count; position++) {
    const a = order[position - 1];
    const b = order[position];
    if (
      product[a] === product[b] &&
      market[a] === market[b] &&
      start[a] === start[b] &&
      precision[a] === precision[b]
    ) {
      const period = periodOf(start[b], precision[b]).text;
      const [first, second] = a < b ? [a, b] : [b, a];
      problems.add(
        `${describeRow(second)}: ${columns.products[product[b]]} in ${columns.markets[market[b]]} for ${period} repeats ${describeRow(first).toLowerCase()}.`
      );
    }
  }
  if (problems.any) return refused(problems.all);
  return ok(reorder(columns, order));
}

function reorder(columns: PriceColumns, order: Uint32Array): PriceColumns {
  const pick = <T extends Float64Array | Uint32Array | Uint8Array>(values: T): T => {
    const picked = new (values.constructor as { new (length: number): T })(order.length);
    for (let index = 0; index < order.length; index++) picked[index] = values[order[index]];
    return picked;
  };
  return {
    products: columns.products,
    markets: columns.markets,
    sources: columns.sources,
    notes: columns.notes,
    product: pick(columns.product),
    market: pick(columns.market),
    source: pick(columns.source),
    note: pick(columns.note),
    unit: pick(columns.unit),
    start: pick(columns.start),
    precision: pick(columns.precision),
    low: pick(columns.low),
    high: pick(columns.high),
    estimated: pick(columns.estimated),
  };
}

export interface PriceCheckContext {
  /** Product and market ids the data in use knows. */
  isProduct: (id: string) => boolean;
  isMarket: (id: string) => boolean;
  /** The layer's own source ids. */
  sourceIds: ReadonlySet<string>;
  today: Day;
  /** "Layer U1 (basket.csv), price 12" and so on. */
  describeRow: (row: number) => string;
}

/**
 * Every content check a price passes before it is used, on the stored columns themselves: the
 * last gate for data from a workbook, where nothing else has looked at it.
 */
export function checkPriceColumns(columns: PriceColumns, context: PriceCheckContext): string[] {
  const problems = new ProblemList();
  const count = columns.start.length;
  const lengths = [
    columns.product,
    columns.market,
    columns.source,
    columns.note,
    columns.unit,
    columns.precision,
    columns.low,
    columns.high,
    columns.estimated,
  ].map((values) => values.length);
  if (lengths.some((length) => length !== count))
    return [
      `${context.describeRow(1)}: the price columns have different lengths (${count}, ${lengths.join(", ")}).`,
    ];
  if (count > MAX_IMPORTED_ROWS)
    return [
      `${count} prices are more than the budget of ${MAX_IMPORTED_ROWS.toLocaleString("en-US")} imported rows.`,
    ];
  columns.products.forEach((id) => {
    if (!context.isProduct(id)) problems.add(`Product '${id}' is not in the data in use.`);
  });
  columns.markets.forEach((id) => {
    if (!context.isMarket(id)) problems.add(`Market '${id}' is not in the data in use.`);
  });
  columns.sources.forEach((id) => {
    if (!context.sourceIds.has(id)) problems.add(`Source '${id}' is cited but not defined.`);
  });
  for (const text of [...columns.notes, ...columns.sources]) {
    const reason = typeof text === "string" ? unsafeTextReason(text) : "is not text";
    if (reason) problems.add(`The text '${String(text).slice(0, 40)}' ${reason}.`);
  }
  const lastDay = context.today;
  for (let row = 0; row < count && problems.list.length < MAX_LISTED_PROBLEMS; row++) {
    const where = () => context.describeRow(row + 1);
    if (
      columns.product[row] >= columns.products.length ||
      columns.market[row] >= columns.markets.length ||
      columns.source[row] >= columns.sources.length ||
      columns.note[row] >= columns.notes.length ||
      columns.unit[row] >= PRICE_UNITS.length ||
      columns.precision[row] >= PRECISIONS.length
    ) {
      problems.add(
        `${where()}: refers to a product, market, source, note, unit or period kind that is not there.`
      );
      continue;
    }
    const start = columns.start[row];
    if (!Number.isInteger(start) || start < FIRST_DAY || start > lastDay) {
      problems.add(
        `${where()}: the date ${Number.isInteger(start) && Math.abs(start) < 3e6 ? isoFromDay(start) : String(start)} is ${start > lastDay ? "in the future" : "before 1900 or not a day"}.`
      );
      continue;
    }
    const parts = partsFromDay(start);
    const precision = PRECISIONS[columns.precision[row]];
    if ((precision !== "day" && parts.day !== 1) || (precision === "year" && parts.month !== 1)) {
      problems.add(
        `${where()}: a ${precision} must start on its first day, not ${isoFromDay(start)}.`
      );
      continue;
    }
    const low = columns.low[row];
    const high = columns.high[row];
    for (const [name, value] of [
      ["low", low],
      ["high", high],
    ] as const) {
      if (!Number.isFinite(value) || value < 0 || value > MAX_PRICE)
        problems.add(
          `${where()}: ${name} ${value} is not a price (a number from 0 to ${MAX_PRICE.toExponential()}).`
        );
    }
    if (low > high) problems.add(`${where()}: low ${low} is above high ${high}.`);
    if (row > 0) {
      const previous = row - 1;
      const order =
        columns.product[previous] - columns.product[row] ||
        columns.market[previous] - columns.market[row] ||
        columns.start[previous] - columns.start[row] ||
        columns.precision[row] - columns.precision[previous];
      if (order > 0) problems.add(`${where()}: the prices are not in series and date order.`);
      else if (order === 0) problems.add(`${where()}: repeats the period of the row before.`);
    }
  }
  return problems.all;
}

/** The columns as plain JSON, for the workbook: typed arrays become number lists. */
export interface StoredPrices {
  products: string[];
  markets: string[];
  sources: string[];
  notes: string[];
  product: number[];
  market: number[];
  source: number[];
  note: number[];
  unit: number[];
  start: number[];
  precision: number[];
  low: number[];
  high: number[];
  estimated: number[];
}

const TEXT_LISTS = ["products", "markets", "sources", "notes"] as const;
const NUMBER_COLUMNS = {
  product: Uint32Array,
  market: Uint32Array,
  source: Uint32Array,
  note: Uint32Array,
  unit: Uint8Array,
  start: Float64Array,
  precision: Uint8Array,
  low: Float64Array,
  high: Float64Array,
  estimated: Uint8Array,
} as const;

export function storePrices(columns: PriceColumns): StoredPrices {
  const stored = {} as Record<string, unknown>;
  for (const name of TEXT_LISTS) stored[name] = columns[name];
  for (const name of Object.keys(NUMBER_COLUMNS) as (keyof typeof NUMBER_COLUMNS)[])
    stored[name] = Array.from(columns[name]);
  return stored as unknown as StoredPrices;
}

/** Reads stored columns back; only the shape is checked here, the content by checkPriceColumns. */
export function pricesFromStored(stored: unknown, where: string): Result<PriceColumns> {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored))
    return refused([`${where}: the prices are not in the expected form.`]);
  const record = stored as Record<string, unknown>;
  const columns = {} as Record<string, unknown>;
  for (const name of TEXT_LISTS) {
    const list = record[name];
    if (!Array.isArray(list) || list.some((item) => typeof item !== "string"))
      return refused([`${where}: "${name}" must be a list of texts.`]);
    columns[name] = list;
  }
  for (const [name, Type] of Object.entries(NUMBER_COLUMNS)) {
    const list = record[name];
    if (!Array.isArray(list) || list.some((item) => typeof item !== "number"))
      return refused([`${where}: "${name}" must be a list of numbers.`]);
    const typed = Type.from(list);
    // A typed array silently wraps or truncates what does not fit; such a record is damaged.
    if (!(typed instanceof Float64Array) && list.some((item, index) => item !== typed[index]))
      return refused([`${where}: "${name}" holds numbers out of range.`]);
    columns[name] = typed;
  }
  return ok(columns as unknown as PriceColumns);
}

/** An empty set of columns of a given length, for readers and resolvers to fill. */
export function emptyPriceColumns(count: number): PriceColumns {
  return {
    products: [],
    markets: [],
    sources: [],
    notes: [""],
    product: new Uint32Array(count),
    market: new Uint32Array(count),
    source: new Uint32Array(count),
    note: new Uint32Array(count),
    unit: new Uint8Array(count),
    start: new Float64Array(count),
    precision: new Uint8Array(count),
    low: new Float64Array(count),
    high: new Float64Array(count),
    estimated: new Uint8Array(count),
  };
}
