import { Day, isoFromDay } from "../dates";
import { unsafeTextReason } from "../safe-text";
import {
  DateReading,
  Precision,
  cellText,
  combineUnit,
  isEmptyCell,
  quoted,
  readDateNumber,
  readDateText,
  readPriceCell,
  splitPurity,
  MONTH_WORDS,
} from "./cells";
import { Delimiter, streamDelimited } from "./delimited";
import { mappingProblems, seriesKey } from "./layout";
import {
  Cell,
  ColumnRole,
  DateOrder,
  LongMapping,
  Mapping,
  RawObservations,
  ReadOutcome,
  WideMapping,
} from "./types";

/**
 * Reading a vendor's table through a column mapping into raw observations: every cell checked,
 * every problem said by line (or row) and by the column's own header. Rows arrive in batches
 * (a streamed CSV, a range), so a million rows never sit in memory as objects: the readings go
 * into growable typed arrays, and texts are interned once each.
 */

export interface ReaderOptions {
  /** Dates after this day are refused as in the future. */
  today: Day;
  /** Problems listed before the rest are only counted (default 50). */
  maxProblems?: number;
  /** Observations beyond this stop the read with one problem. */
  maxRows?: number;
  /** "Line" for a file, "Row" for a range of a sheet. */
  lineLabel?: "Line" | "Row";
  /** The header row's cells, to name columns in messages. */
  headers?: readonly Cell[];
}

const DEFAULT_MAX_PROBLEMS = 50;
const FIRST_CAPACITY = 1024;

/** Texts interned to ids, each checked once for text that would run as markup or a formula. */
class Interner {
  readonly names: string[] = [];
  private readonly byRaw = new Map<string, number>();
  private readonly byText = new Map<string, number>();
  /** Why the text of an id is refused, where it is. */
  readonly unsafe: (string | undefined)[] = [];

  constructor(reserveEmpty: boolean) {
    if (reserveEmpty) this.idOfText("");
  }

  idOf(cell: Cell): number {
    const raw = typeof cell === "string" ? cell : cellText(cell);
    const known = this.byRaw.get(raw);
    if (known !== undefined) return known;
    const id = this.idOfText(raw.trim());
    this.byRaw.set(raw, id);
    return id;
  }

  idOfText(text: string): number {
    const known = this.byText.get(text);
    if (known !== undefined) return known;
    const id = this.names.length;
    this.names.push(text);
    this.unsafe.push(unsafeTextReason(text));
    this.byText.set(text, id);
    return id;
  }
}

interface DateEntry {
  start: Day;
  precision: Precision;
  /** Why the cell is refused, as the end of a sentence. */
  problem?: string;
  /** A day/month text with both readings real dates, waiting for the column to show its order. */
  dayFirst?: Day;
  monthFirst?: Day;
  /** The order a day/month text proves on its own (13/04/2025 can only be day first). */
  proves?: "dmy" | "mdy";
  text: string;
}

interface ProblemEntry {
  message: string;
  repeats: number;
}

/** Problems capped at a count, a repeated cell text said once with the number of lines it is on. */
class ProblemList {
  readonly entries: ProblemEntry[] = [];
  private readonly byKey = new Map<string, ProblemEntry>();
  more = 0;

  constructor(private readonly max: number) {}

  add(message: string, key?: string): void {
    if (key !== undefined) {
      const known = this.byKey.get(key);
      if (known) {
        known.repeats++;
        return;
      }
    }
    if (this.entries.length >= this.max) {
      this.more++;
      return;
    }
    const entry = { message, repeats: 0 };
    this.entries.push(entry);
    if (key !== undefined) this.byKey.set(key, entry);
  }

  get any(): boolean {
    return this.entries.length > 0;
  }

  messages(linesWord: string): string[] {
    return this.entries.map(({ message, repeats }) =>
      repeats === 0
        ? message
        : `${message} The same text is on ${repeats} more ${linesWord}${repeats === 1 ? "" : "s"}.`
    );
  }
}

/** Where each role's column is in a long table; -1 where no column gives it. */
type RoleColumns = Record<Exclude<ColumnRole, "ignore">, number>;

/** One price range of a wide table: its columns and its interned names. */
interface WideGroup {
  low: number;
  high: number;
  price: number;
  product: number;
  market: number;
  unit: number;
  note: number;
}

function growUint32(array: Uint32Array, capacity: number): Uint32Array {
  const grown = new Uint32Array(capacity);
  grown.set(array);
  return grown;
}

function growFloat64(array: Float64Array, capacity: number): Float64Array {
  const grown = new Float64Array(capacity);
  grown.set(array);
  return grown;
}

function growUint8(array: Uint8Array, capacity: number): Uint8Array {
  const grown = new Uint8Array(capacity);
  grown.set(array);
  return grown;
}

const ESTIMATED_WORDS: ReadonlyMap<string, number> = new Map([
  ["", 0],
  ["no", 0],
  ["n", 0],
  ["false", 0],
  ["yes", 1],
  ["y", 1],
  ["true", 1],
  ["e", 1],
]);

const ORDER_WORDS: Readonly<Record<DateOrder, string>> = {
  dmy: "day/month/year",
  mdy: "month/day/year",
  ymd: "year/month/day",
};

export class ObservationReader {
  private readonly mapping: Mapping;
  private readonly today: Day;
  private readonly maxRows: number;
  private readonly label: "Line" | "Row";
  private readonly headers: readonly Cell[];
  private readonly decimalComma: boolean;
  private readonly problems: ProblemList;
  /** The mapping cannot read (its problems are listed); rows are not looked at. */
  private readonly blocked: boolean;
  private stoppedAtLimit = false;

  private readonly products = new Interner(false);
  /** Product cells as written; their names without a purity go to `products`. */
  private readonly productCells = new Interner(false);
  private readonly productOfCell: number[] = [];
  private readonly purityOfCell: string[] = [];
  /** Notes with a purity from the product cell put in front, per purity, then per note id. */
  private readonly notesWithPurity = new Map<string, Map<number, number>>();
  private readonly markets = new Interner(false);
  private readonly units = new Interner(false);
  private readonly sources = new Interner(true);
  private readonly notes = new Interner(true);

  private capacity = FIRST_CAPACITY;
  private size = 0;
  private product: Uint32Array = new Uint32Array(FIRST_CAPACITY);
  private market: Uint32Array = new Uint32Array(FIRST_CAPACITY);
  private unit: Uint32Array = new Uint32Array(FIRST_CAPACITY);
  private source: Uint32Array = new Uint32Array(FIRST_CAPACITY);
  private note: Uint32Array = new Uint32Array(FIRST_CAPACITY);
  private start: Float64Array = new Float64Array(FIRST_CAPACITY);
  private precision: Uint8Array = new Uint8Array(FIRST_CAPACITY);
  private low: Float64Array = new Float64Array(FIRST_CAPACITY);
  private high: Float64Array = new Float64Array(FIRST_CAPACITY);
  private estimated: Uint8Array = new Uint8Array(FIRST_CAPACITY);
  private line: Uint32Array = new Uint32Array(FIRST_CAPACITY);
  private skippedRows = 0;

  private readonly textDates = new Map<string, DateEntry>();
  private readonly numberDates = new Map<number, DateEntry>();
  /** Observations whose day/month order the column has not shown yet. */
  private readonly pending: number[] = [];
  private readonly pendingDates: DateEntry[] = [];
  /** The first line whose text proves each order (13/04/2025 is day first). */
  private dayFirstLine?: { line: number; text: string };
  private monthFirstLine?: { line: number; text: string };

  // Long tables
  private readonly roles?: RoleColumns;
  private readonly constantIds: { product: number; market: number; source: number };
  /** Units per unit text, then per currency text: no string is built per row. */
  private readonly unitCache = new Map<string, Map<string, number | string>>();
  private readonly currencyConstant: string;
  private readonly unitConstant: string;

  // Wide tables
  private readonly groups: WideGroup[] = [];
  private readonly wideSource: number = 0;

  constructor(mapping: Mapping, options: ReaderOptions) {
    this.mapping = mapping;
    this.today = options.today;
    this.maxRows = options.maxRows ?? Infinity;
    this.label = options.lineLabel ?? "Line";
    this.headers = options.headers ?? [];
    this.decimalComma = mapping.decimalComma === true;
    this.problems = new ProblemList(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
    const constants = mapping.constants ?? {};
    this.currencyConstant = constants.currency?.trim() ?? "";
    this.unitConstant = constants.unit?.trim() ?? "";
    this.constantIds = {
      product: this.products.idOfText(constants.product?.trim() ?? ""),
      market: this.markets.idOfText(constants.market?.trim() ?? ""),
      source: this.sources.idOfText(constants.source?.trim() ?? ""),
    };
    const structural = mappingProblems(mapping, undefined, options.headers);
    for (const problem of structural) this.problems.add(problem);
    this.blocked = structural.length > 0;
    if (this.blocked) return;
    if (mapping.shape === "long") this.roles = roleColumns(mapping);
    else {
      this.wideSource = this.constantIds.source;
      this.buildGroups(mapping);
    }
  }

  /** A problem found outside the reader (a parse error), listed under the same cap. */
  report(message: string): void {
    this.problems.add(message);
  }

  /** Observations read so far. */
  get count(): number {
    return this.size;
  }

  /** True once the row limit is passed: a streaming caller can stop parsing. */
  get stopped(): boolean {
    return this.stoppedAtLimit || this.blocked;
  }

  /** Reads rows that follow the header; `firstLine` is the line (or row) number of rows[0]. */
  push(rows: readonly (readonly Cell[])[], firstLine: number): void {
    if (this.blocked || this.stoppedAtLimit) return;
    const long = this.mapping.shape === "long";
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index];
      if (!Array.isArray(row)) continue;
      if (long) this.readLongRow(row, firstLine + index);
      else this.readWideRow(row, firstLine + index);
      if (this.stoppedAtLimit) return;
    }
  }

  finish(): ReadOutcome {
    this.settlePendingDates();
    const count = this.size;
    const observations: RawObservations = {
      count,
      names: {
        product: this.products.names,
        market: this.markets.names,
        unit: this.units.names,
        source: this.sources.names,
        note: this.notes.names,
      },
      product: this.product.slice(0, count),
      market: this.market.slice(0, count),
      unit: this.unit.slice(0, count),
      source: this.source.slice(0, count),
      note: this.note.slice(0, count),
      start: this.start.slice(0, count),
      precision: this.precision.slice(0, count),
      low: this.low.slice(0, count),
      high: this.high.slice(0, count),
      estimated: this.estimated.slice(0, count),
      line: this.line.slice(0, count),
    };
    const outcome: ReadOutcome = {
      observations,
      problems: this.problems.messages(this.label.toLowerCase()),
      moreProblems: this.problems.more,
      skipped: this.skippedRows,
    };
    const order = this.inferredOrder();
    if (this.mapping.dateOrder === undefined && order) outcome.dateOrder = order;
    return outcome;
  }

  // -------------------------------------------------------------------------------------------

  private at(line: number, column: number, fallback: string): string {
    const header = cellText(this.headers[column]);
    return `${this.label} ${line}, ${header === "" ? fallback : header}`;
  }

  /** A problem with one cell's text, said once per column and text. */
  private cellProblem(
    line: number,
    column: number,
    fallback: string,
    text: string,
    reason: string
  ): void {
    this.problems.add(`${this.at(line, column, fallback)}: ${reason}.`, `${column}\u0000${text}`);
  }

  private ensureCapacity(): void {
    if (this.size < this.capacity) return;
    const capacity = this.capacity * 2;
    this.product = growUint32(this.product, capacity);
    this.market = growUint32(this.market, capacity);
    this.unit = growUint32(this.unit, capacity);
    this.source = growUint32(this.source, capacity);
    this.note = growUint32(this.note, capacity);
    this.start = growFloat64(this.start, capacity);
    this.precision = growUint8(this.precision, capacity);
    this.low = growFloat64(this.low, capacity);
    this.high = growFloat64(this.high, capacity);
    this.estimated = growUint8(this.estimated, capacity);
    this.line = growUint32(this.line, capacity);
    this.capacity = capacity;
  }

  /** Adds one observation; false once the row limit is passed. */
  private add(
    product: number,
    market: number,
    unit: number,
    source: number,
    note: number,
    date: DateEntry,
    low: number,
    high: number,
    estimated: number,
    line: number
  ): boolean {
    if (this.size >= this.maxRows) {
      this.stoppedAtLimit = true;
      const what = this.label === "Line" ? "file" : "selection";
      this.problems.add(
        this.mapping.shape === "long"
          ? `The ${what} has more than ${this.maxRows} rows, the most this import can take; import it in parts, or remove an earlier import to make room.`
          : `The ${what} has more than ${this.maxRows} prices (one per date and series column), the most this import can take; import it in parts, or remove an earlier import to make room.`
      );
      return false;
    }
    this.ensureCapacity();
    const index = this.size++;
    this.product[index] = product;
    this.market[index] = market;
    this.unit[index] = unit;
    this.source[index] = source;
    this.note[index] = note;
    this.start[index] = date.start;
    this.precision[index] = date.precision;
    this.low[index] = low;
    this.high[index] = high;
    this.estimated[index] = estimated;
    this.line[index] = line;
    if (date.dayFirst !== undefined) {
      this.pending.push(index);
      this.pendingDates.push(date);
    }
    return true;
  }

  // Dates ---------------------------------------------------------------------------------------

  private dateEntry(cell: Cell): DateEntry {
    if (typeof cell === "string") {
      let entry = this.textDates.get(cell);
      if (!entry) {
        entry = this.checkDate(readDateText(cell, this.mapping.dateOrder), cell);
        this.textDates.set(cell, entry);
      }
      return entry;
    }
    if (typeof cell === "number") {
      let entry = this.numberDates.get(cell);
      if (!entry) {
        entry = this.checkDate(readDateNumber(cell), cell);
        this.numberDates.set(cell, entry);
      }
      return entry;
    }
    if (cell === null || cell === undefined)
      return { start: 0, precision: 0, problem: "the date is empty", text: "" };
    return {
      start: 0,
      precision: 0,
      problem: `${quoted(cell)} is not a date; use YYYY-MM-DD`,
      text: cellText(cell),
    };
  }

  private checkDate(reading: DateReading, cell: Cell): DateEntry {
    const text = cellText(cell);
    if (reading.kind === "invalid")
      return { start: 0, precision: 0, problem: reading.reason, text };
    if (reading.kind === "date") {
      if (reading.start > this.today)
        return { start: 0, precision: 0, problem: `${quoted(cell)} is in the future`, text };
      return { start: reading.start, precision: reading.precision, text };
    }
    const { dayFirst, monthFirst } = reading;
    if (dayFirst !== undefined && monthFirst !== undefined)
      return { start: dayFirst, precision: 0, dayFirst, monthFirst, text };
    // One reading only: the text itself shows the order; it is settled now.
    const only = (dayFirst ?? monthFirst)!;
    if (only > this.today)
      return { start: 0, precision: 0, problem: `${quoted(cell)} is in the future`, text };
    return { start: only, precision: 0, text, proves: dayFirst === undefined ? "mdy" : "dmy" };
  }

  /** The date of a row, or undefined after saying why it has none. */
  private rowDate(cell: Cell, line: number, column: number): DateEntry | undefined {
    const entry = this.dateEntry(cell);
    if (entry.problem !== undefined) {
      this.cellProblem(line, column, "date", entry.text, entry.problem);
      return undefined;
    }
    if (entry.proves !== undefined) this.noteOrder(entry, line);
    return entry;
  }

  /** Remembers the first text that proves each day/month order. */
  private noteOrder(entry: DateEntry, line: number): void {
    if (entry.proves === "dmy") this.dayFirstLine ??= { line, text: entry.text };
    else if (entry.proves === "mdy") this.monthFirstLine ??= { line, text: entry.text };
  }

  private inferredOrder(): DateOrder | undefined {
    if (this.dayFirstLine && !this.monthFirstLine) return "dmy";
    if (this.monthFirstLine && !this.dayFirstLine) return "mdy";
    return undefined;
  }

  private settlePendingDates(): void {
    const dateColumn = this.dateColumn();
    const dateHeader = cellText(this.headers[dateColumn]) || "date";
    if (this.dayFirstLine && this.monthFirstLine) {
      const label = this.label.toLowerCase();
      this.problems.add(
        `${dateHeader}: dates are written day first (${label} ${this.dayFirstLine.line}: ${quoted(this.dayFirstLine.text)}) and month first (${label} ${this.monthFirstLine.line}: ${quoted(this.monthFirstLine.text)}); check the column, or choose the date order.`
      );
      return;
    }
    if (this.pending.length === 0) return;
    const order = this.inferredOrder();
    if (order === undefined) {
      const first = this.pending[0];
      const entry = this.pendingDates[0];
      this.problems.add(
        `${this.label} ${this.line[first]}, ${dateHeader}: ${quoted(entry.text)} could be ${describeDay(entry.dayFirst!)} (day/month/year) or ${describeDay(entry.monthFirst!)} (month/day/year); choose the date order.`
      );
      return;
    }
    for (let position = 0; position < this.pending.length; position++) {
      const index = this.pending[position];
      const entry = this.pendingDates[position];
      const day = order === "dmy" ? entry.dayFirst! : entry.monthFirst!;
      if (day > this.today)
        this.cellProblem(
          this.line[index],
          dateColumn,
          "date",
          entry.text,
          `${quoted(entry.text)} is in the future (read as ${ORDER_WORDS[order]}, the order the column shows)`
        );
      this.start[index] = day;
    }
  }

  private dateColumn(): number {
    return this.mapping.shape === "long"
      ? (this.roles?.date ?? -1)
      : (this.mapping as WideMapping).dateColumn;
  }

  // Long tables ---------------------------------------------------------------------------------

  private readLongRow(row: readonly Cell[], line: number): void {
    const roles = this.roles!;
    const lowCell = roles.low >= 0 ? row[roles.low] : undefined;
    const highCell = roles.high >= 0 ? row[roles.high] : undefined;
    const priceCell = roles.price >= 0 ? row[roles.price] : undefined;
    const lowEmpty = isEmptyCell(lowCell);
    const highEmpty = isEmptyCell(highCell);
    if (lowEmpty && highEmpty && isEmptyCell(priceCell)) {
      if (!isBlankRow(row)) this.skippedRows++;
      return;
    }
    let good = true;
    let low = 0;
    let high = 0;
    if (!lowEmpty || !highEmpty) {
      if (lowEmpty || highEmpty) {
        const [given, missing] = lowEmpty ? ["high", "low"] : ["low", "high"];
        const givenCell = lowEmpty ? highCell : lowCell;
        this.problems.add(
          `${this.at(line, roles[missing as "low" | "high"], missing)}: the ${missing} is empty but the ${given} is ${quoted(givenCell)}; give both, or map one price column.`
        );
        good = false;
      } else {
        const lowValue = this.price(lowCell, line, roles.low, "low");
        const highValue = this.price(highCell, line, roles.high, "high");
        if (lowValue === undefined || highValue === undefined) good = false;
        else if (lowValue > highValue) {
          this.problems.add(
            `${this.at(line, roles.low, "low")}: low ${lowValue} is above high ${highValue}.`
          );
          good = false;
        } else {
          low = lowValue;
          high = highValue;
        }
      }
    } else {
      const value = this.price(priceCell, line, roles.price, "price");
      if (value === undefined) good = false;
      else low = high = value;
    }
    const date = roles.date >= 0 ? this.rowDate(row[roles.date], line, roles.date) : undefined;
    if (!date) good = false;
    let product = this.constantIds.product;
    let purity = "";
    if (roles.product >= 0) {
      const cell = this.text(this.productCells, roles.product, -1, row, line, "product");
      if (cell >= 0) {
        if (this.productOfCell[cell] === undefined) {
          const split = splitPurity(this.productCells.names[cell]);
          this.productOfCell[cell] = this.products.idOfText(split.name);
          this.purityOfCell[cell] = split.purity ?? "";
        }
        product = this.productOfCell[cell];
        purity = this.purityOfCell[cell];
      } else product = -1;
    }
    const market = this.text(
      this.markets,
      roles.market,
      this.constantIds.market,
      row,
      line,
      "market"
    );
    const source = this.text(
      this.sources,
      roles.source,
      this.constantIds.source,
      row,
      line,
      "source"
    );
    const unit = this.longUnit(row, line);
    let note = 0;
    if (roles.note >= 0) {
      note = this.notes.idOf(row[roles.note]);
      const reason = this.notes.unsafe[note];
      if (reason) {
        this.cellProblem(
          line,
          roles.note,
          "note",
          this.notes.names[note],
          `${quoted(this.notes.names[note])} ${reason}`
        );
        good = false;
      }
    }
    let estimated = 0;
    if (roles.estimated >= 0) {
      const flag = estimatedFlag(row[roles.estimated]);
      if (flag === undefined) {
        this.cellProblem(
          line,
          roles.estimated,
          "estimated",
          cellText(row[roles.estimated]),
          `${quoted(row[roles.estimated])} is not yes, no or empty`
        );
        good = false;
      } else estimated = flag;
    }
    if (!good || product < 0 || market < 0 || source < 0 || unit < 0) return;
    if (purity !== "") note = this.noteWithPurity(purity, note);
    this.add(product, market, unit, source, note, date!, low, high, estimated, line);
  }

  /** The note of a row whose product cell gave a purity: "99.5% min", then the row's own note. */
  private noteWithPurity(purity: string, note: number): number {
    let byNote = this.notesWithPurity.get(purity);
    if (!byNote) {
      byNote = new Map();
      this.notesWithPurity.set(purity, byNote);
    }
    let combined = byNote.get(note);
    if (combined === undefined) {
      const text = this.notes.names[note];
      combined = this.notes.idOfText(text === "" ? purity : `${purity}; ${text}`);
      byNote.set(note, combined);
    }
    return combined;
  }

  private price(cell: Cell, line: number, column: number, role: string): number | undefined {
    const value = readPriceCell(cell, this.decimalComma);
    if (typeof value === "number") return value;
    this.cellProblem(line, column, role, cellText(cell), value);
    return undefined;
  }

  /** A text field's id from its column, or the typed constant; -1 after saying why it has none. */
  private text(
    interner: Interner,
    column: number,
    constant: number,
    row: readonly Cell[],
    line: number,
    role: "product" | "market" | "source"
  ): number {
    if (column < 0) return constant;
    const id = interner.idOf(row[column]);
    const text = interner.names[id];
    if (text === "") {
      this.problems.add(
        `${this.at(line, column, role)}: ${
          role === "source"
            ? "every price needs its source, e.g. 'Fastmarkets, licensed feed'"
            : `the ${role} is empty`
        }.`
      );
      return -1;
    }
    const reason = interner.unsafe[id];
    if (reason) {
      this.cellProblem(line, column, role, text, `${quoted(text)} ${reason}`);
      return -1;
    }
    return id;
  }

  private longUnit(row: readonly Cell[], line: number): number {
    const roles = this.roles!;
    const unitRaw = roles.unit >= 0 ? cellText(row[roles.unit]) : this.unitConstant;
    const currencyRaw = roles.currency >= 0 ? cellText(row[roles.currency]) : this.currencyConstant;
    let byCurrency = this.unitCache.get(unitRaw);
    if (!byCurrency) {
      byCurrency = new Map();
      this.unitCache.set(unitRaw, byCurrency);
    }
    let known = byCurrency.get(currencyRaw);
    if (known === undefined) {
      known = this.unitId(unitRaw, currencyRaw);
      byCurrency.set(currencyRaw, known);
    }
    if (typeof known === "number") return known;
    const column = roles.unit >= 0 ? roles.unit : roles.currency;
    if (column >= 0)
      this.cellProblem(line, column, "unit", `${unitRaw}\u0000${currencyRaw}`, known);
    else this.problems.add(`The unit you typed: ${known}.`, "unit constant");
    return -1;
  }

  /** An interned unit, or why there is none. */
  private unitId(unitText: string, currencyText: string): number | string {
    const combined = combineUnit(unitText, currencyText);
    if ("problem" in combined) return combined.problem;
    const id = this.units.idOfText(combined.unit);
    const reason = this.units.unsafe[id];
    return reason ? `${quoted(combined.unit)} ${reason}` : id;
  }

  // Wide tables ---------------------------------------------------------------------------------

  private buildGroups(mapping: WideMapping): void {
    const constants = mapping.constants ?? {};
    const byKey = new Map<string, WideGroup>();
    for (const series of mapping.series) {
      const key = seriesKey(series, constants);
      let group = byKey.get(key);
      if (!group) {
        const unitText = series.unit?.trim() || this.unitConstant;
        const unit = this.unitId(unitText, this.currencyConstant);
        if (typeof unit === "string") {
          const header = cellText(this.headers[series.column]) || `column ${series.column + 1}`;
          this.problems.add(`${header}: ${unit}.`);
        }
        group = {
          low: -1,
          high: -1,
          price: -1,
          product: this.products.idOfText(series.product.trim() || constants.product?.trim() || ""),
          market: this.markets.idOfText(series.market?.trim() || constants.market?.trim() || ""),
          unit: typeof unit === "number" ? unit : -1,
          note: this.notes.idOfText(series.note?.trim() ?? ""),
        };
        byKey.set(key, group);
        this.groups.push(group);
      }
      group[series.field] = series.column;
    }
  }

  private readWideRow(row: readonly Cell[], line: number): void {
    let anyPrice = false;
    for (const group of this.groups)
      if (
        (group.price >= 0 && !isEmptyCell(row[group.price])) ||
        (group.low >= 0 && !isEmptyCell(row[group.low])) ||
        (group.high >= 0 && !isEmptyCell(row[group.high]))
      ) {
        anyPrice = true;
        break;
      }
    if (!anyPrice) {
      if (!isBlankRow(row)) this.skippedRows++;
      return;
    }
    const dateColumn = (this.mapping as WideMapping).dateColumn;
    const date = this.rowDate(row[dateColumn], line, dateColumn);
    for (const group of this.groups) {
      const range = this.wideRange(group, row, line);
      if (range === undefined || !date || group.unit < 0) continue;
      const [low, high] = range;
      if (
        !this.add(
          group.product,
          group.market,
          group.unit,
          this.wideSource,
          group.note,
          date,
          low,
          high,
          0,
          line
        )
      )
        return;
    }
  }

  /** The low and high a group's cells give in a row; undefined when none or after a problem. */
  private wideRange(
    group: WideGroup,
    row: readonly Cell[],
    line: number
  ): [number, number] | undefined {
    const lowEmpty = group.low < 0 || isEmptyCell(row[group.low]);
    const highEmpty = group.high < 0 || isEmptyCell(row[group.high]);
    if (lowEmpty && highEmpty) {
      if (group.price < 0 || isEmptyCell(row[group.price])) return undefined;
      const value = this.price(row[group.price], line, group.price, "price");
      return value === undefined ? undefined : [value, value];
    }
    if (lowEmpty || highEmpty) {
      const [missing, given] = lowEmpty ? ["low", "high"] : ["high", "low"];
      this.problems.add(
        `${this.at(line, lowEmpty ? group.low : group.high, missing)}: the ${missing} is empty but the ${given} is ${quoted(row[lowEmpty ? group.high : group.low])}; give both or neither.`
      );
      return undefined;
    }
    const low = this.price(row[group.low], line, group.low, "low");
    const high = this.price(row[group.high], line, group.high, "high");
    if (low === undefined || high === undefined) return undefined;
    if (low > high) {
      this.problems.add(`${this.at(line, group.low, "low")}: low ${low} is above high ${high}.`);
      return undefined;
    }
    return [low, high];
  }
}

function roleColumns(mapping: LongMapping): RoleColumns {
  const roles: RoleColumns = {
    product: -1,
    market: -1,
    date: -1,
    low: -1,
    high: -1,
    price: -1,
    unit: -1,
    currency: -1,
    source: -1,
    note: -1,
    estimated: -1,
  };
  mapping.columns.forEach((role, index) => {
    if (role !== "ignore" && role in roles && roles[role as keyof RoleColumns] === -1)
      roles[role as keyof RoleColumns] = index;
  });
  return roles;
}

function isBlankRow(row: readonly Cell[]): boolean {
  for (const cell of row) if (cellText(cell) !== "") return false;
  return true;
}

function estimatedFlag(cell: Cell): number | undefined {
  if (typeof cell === "boolean") return cell ? 1 : 0;
  if (cell === null || cell === undefined) return 0;
  if (typeof cell !== "string") return undefined;
  return ESTIMATED_WORDS.get(cell.trim().toLowerCase());
}

function describeDay(day: Day): string {
  const iso = isoFromDay(day);
  const [year, month, dayOfMonth] = iso.split("-").map(Number);
  return `${dayOfMonth} ${MONTH_WORDS[month - 1]} ${year}`;
}

/**
 * Reads a whole table held in memory (an Excel range, a small file): rows up to and including
 * the mapping's header row are skipped, and each row's number is its index + 1.
 */
export function readTable(
  rows: readonly (readonly Cell[])[],
  mapping: Mapping,
  options: ReaderOptions
): ReadOutcome {
  const headerRow =
    Number.isInteger(mapping.headerRow) && mapping.headerRow >= 0 ? mapping.headerRow : 0;
  const reader = new ObservationReader(mapping, {
    ...options,
    headers: options.headers ?? rows[headerRow],
  });
  reader.push(rows.slice(headerRow + 1), headerRow + 2);
  return reader.finish();
}

/**
 * Reads CSV or TSV text streamed in chunks: rows up to the mapping's header row are skipped
 * (blank lines do not count as rows), the header names the columns, and each observation keeps
 * its file line. `onProgress` gets the share of the text parsed; returning false cancels, and
 * the outcome then says the import was cancelled.
 */
export function readDelimited(
  text: string,
  mapping: Mapping,
  options: ReaderOptions & {
    delimiter?: Delimiter;
    chunkSize?: number;
    onProgress?: (parsed: number) => boolean | void;
  }
): ReadOutcome & { cancelled: boolean } {
  const headerRow =
    Number.isInteger(mapping.headerRow) && mapping.headerRow >= 0 ? mapping.headerRow : 0;
  let reader: ObservationReader | undefined;
  let rowsSeen = 0;
  let cancelled = false;
  const { errors } = streamDelimited(
    text,
    (rows, firstLine, parsed) => {
      let start = 0;
      if (!reader) {
        start = Math.min(rows.length, headerRow + 1 - rowsSeen);
        if (headerRow - rowsSeen < rows.length)
          reader = new ObservationReader(mapping, {
            ...options,
            headers: options.headers ?? rows[headerRow - rowsSeen],
          });
        rowsSeen += start;
      }
      if (reader && start < rows.length)
        reader.push(start === 0 ? rows : rows.slice(start), firstLine + start);
      if (options.onProgress?.(parsed) === false) {
        cancelled = true;
        return false;
      }
      return !reader?.stopped;
    },
    { delimiter: options.delimiter, chunkSize: options.chunkSize }
  );
  reader ??= new ObservationReader(mapping, options);
  if (text.trim() === "") reader.report("The file is empty.");
  else if (rowsSeen <= headerRow && !reader.stopped)
    reader.report(
      `The file has ${rowsSeen} row${rowsSeen === 1 ? "" : "s"}, so it has no header at row ${headerRow + 1}; choose the header row.`
    );
  for (const error of errors) reader.report(`Line ${error.line}: ${error.message}.`);
  if (cancelled) reader.report("The import was cancelled.");
  return { ...reader.finish(), cancelled };
}
