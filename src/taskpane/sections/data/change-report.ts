import type { Dataset } from "../../../core/dataset";
import { Day, todayDay } from "../../../core/dates";
import { Catalogue, FunctionId, makeCatalogue } from "../../../functions/catalogue";
import { FormulaCell, ReferenceValue, splitAddress } from "../../shell/excel-adapter";
import { ArgumentSource, ReeCallIn, parseReeCalls } from "../explain/formula-parser";

export type { FormulaCell, ReferenceValue };

/**
 * What a change of data would do to this workbook, before it is made: every REE call in the
 * workbook's formulas is evaluated against the data in use and against the data offered, exactly
 * as the function in the cell would answer, and the calls whose value would move are listed.
 * Nothing here guesses: an argument the pane cannot know (a formula inside the formula, a cell it
 * could not read) leaves that call "not evaluated", with the reason. No DOM and no Excel: the
 * adapter reads the formulas and the referenced cells, and passes them in.
 */

/** Looks up a reference read beforehand, by its key (see `referencesOf`). */
export type ResolveReference = (key: string) => ReferenceValue | undefined;

/** A value as a cell shows it: a number, text, TRUE/FALSE, or an error with its code. */
export type Shown = number | string | boolean | { error: string; message?: string };

interface Located {
  sheet: string;
  address: string;
  formula: string;
  /** The REE call inside the formula: `REE.PRICE("Dy2O3",B2)`. */
  call: string;
  /** The call is the whole formula, so the cell shows exactly its value; else its value is part of the cell's. */
  whole: boolean;
}

/** A spilled table: whether it changes, and its largest change, cell by cell. */
export interface TableChange {
  rows: { old: number; new: number };
  columns: { old: number; new: number };
  /** Cells compared: the larger of the two tables. */
  cells: number;
  /** Cells whose value differs (a cell present in only one of the tables differs). */
  differing: number;
  /** The differing cell that moved most: the one the row shows. */
  largest: { row: number; column: number; old: Shown | undefined; new: Shown | undefined };
}

export interface ValueChange extends Located {
  kind: "error" | "number" | "text" | "table";
  old: Shown | Shown[][];
  new: Shown | Shown[][];
  /** (new − old) / |old| for numbers, the largest cell's for tables; ±Infinity from zero. */
  relative?: number;
  table?: TableChange;
}

export type NotEvaluatedReason =
  /** An argument is a formula (`A1+1`, `EDATE(…)`): its value is Excel's to compute. */
  | { kind: "expression"; argument: number; text: string }
  /** A referenced cell Excel could not read (a deleted sheet, a name that is gone). */
  | { kind: "unread"; argument: number; reference: string; message: string }
  /** An argument reads a range of cells where the function takes one value. */
  | { kind: "range"; argument: number; reference: string }
  /** A referenced cell's own REE formula could not be evaluated, so neither can this one. */
  | { kind: "depends"; argument: number; reference: string }
  /** A referenced cell computes from REE data and more (`=REE.PRICE(…)*2`): its new value is Excel's to compute. */
  | { kind: "partial"; argument: number; reference: string }
  /** The formula reads its own result, through other REE cells. */
  | { kind: "circular"; argument: number; reference: string };

export interface NotEvaluated extends Located {
  reason: NotEvaluatedReason;
}

export interface ChangeReport {
  /** Largest first (errors appearing or going first), at most `limit`. */
  changes: ValueChange[];
  /** Changes beyond the limit: counted, not listed. */
  changesNotListed: number;
  notEvaluated: NotEvaluated[];
  notEvaluatedNotListed: number;
  totals: {
    /** Formulas with an REE call. */
    formulas: number;
    /** REE calls in them (a formula can hold several). */
    calls: number;
    /** Formulas with at least one call whose value changes. */
    cellsChanged: number;
    /** Formulas with at least one call that could not be evaluated. */
    cellsNotEvaluated: number;
  };
}

export interface ReportOptions {
  catalogue?: Catalogue;
  /** What TODAY() and functions' default dates mean: the same day on both sides. */
  today?: () => Day;
  /** How many changes (and how many calls not evaluated) are listed; the rest are counted. */
  limit?: number;
}

/** Enough to read at a glance and to scroll, without a long list freezing a small pane. */
export const REPORT_LIMIT = 200;

/** The key of a reference written in a cell on `sheet`: `'Sheet1'!B2`, `'Sheet1'!PRICES`. */
export function referenceKey(reference: string, sheet: string): string {
  const split = splitAddress(reference);
  const on = split.sheet ?? sheet;
  return `'${on.replace(/'/g, "''")}'!${split.reference.replace(/\$/g, "").toUpperCase()}`;
}

/** Every reference the cells' REE calls read, once each, by key: what the adapter reads from Excel. */
export function referencesOf(cells: readonly FormulaCell[], today?: () => Day): string[] {
  const keys = new Set<string>();
  for (const cell of cells)
    for (const call of parseReeCalls(cell.formula, today))
      for (const argument of call.args)
        if (argument.kind === "reference") keys.add(referenceKey(argument.address, cell.sheet));
  return [...keys];
}

/** Evaluates every call at once; the pane uses `reportChangesInSteps` to stay responsive. */
export function reportChanges(
  cells: readonly FormulaCell[],
  before: Dataset,
  after: Dataset,
  resolve: ResolveReference,
  options: ReportOptions = {}
): ChangeReport {
  const builder = reportBuilder(cells, before, after, resolve, options);
  for (let index = 0; index < cells.length; index++) builder.check(index);
  return builder.finish();
}

/**
 * The same report, evaluated `chunk` cells at a time with a pause between chunks, so that the
 * pane keeps painting and answering clicks on a workbook of thousands of formulas.
 */
export async function reportChangesInSteps(
  cells: readonly FormulaCell[],
  before: Dataset,
  after: Dataset,
  resolve: ResolveReference,
  options: ReportOptions & {
    chunk?: number;
    onProgress?: (done: number, total: number) => void;
    pause?: () => Promise<void>;
  } = {}
): Promise<ChangeReport> {
  const { chunk = 250, onProgress, pause = nextTask } = options;
  const builder = reportBuilder(cells, before, after, resolve, options);
  for (let start = 0; start < cells.length; start += chunk) {
    const end = Math.min(cells.length, start + chunk);
    for (let index = start; index < end; index++) builder.check(index);
    onProgress?.(end, cells.length);
    if (end < cells.length) await pause();
  }
  return builder.finish();
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** One call's value on both sides, or why it has none. */
type Outcome =
  | { ok: true; old: Shown | Shown[][]; new: Shown | Shown[][] }
  | { ok: false; reason: NotEvaluatedReason };

interface ParsedCell {
  cell: FormulaCell;
  calls: ReeCallIn[];
}

const ERROR_TEXT =
  /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|BUSY!)$/;

function reportBuilder(
  cells: readonly FormulaCell[],
  before: Dataset,
  after: Dataset,
  resolve: ResolveReference,
  options: ReportOptions
) {
  const today = options.today ?? (() => todayDay());
  const catalogue = options.catalogue ?? makeCatalogue({ today });
  const limit = options.limit ?? REPORT_LIMIT;
  const parsed: ParsedCell[] = cells.map((cell) => ({
    cell,
    calls: parseReeCalls(cell.formula, today),
  }));
  const byKey = new Map<string, number>();
  parsed.forEach(({ cell }, index) => byKey.set(referenceKey(cell.address, cell.sheet), index));
  /** A whole call's outcome, kept: other cells may read it, and each is evaluated once. */
  const outcomes = new Map<number, Outcome>();
  const inProgress = new Set<number>();
  /** The tables that whole spilling calls show, by anchor: a reference into one reads the table. */
  const spills: { sheet: string; top: number; left: number; index: number }[] = [];

  const changes: ValueChange[] = [];
  const notEvaluated: NotEvaluated[] = [];
  const totals = { formulas: cells.length, calls: 0, cellsChanged: 0, cellsNotEvaluated: 0 };

  /** A reference's value on each side: a read cell, or another REE cell's answers. */
  const argumentValues = (
    argument: number,
    written: string,
    sheet: string
  ): { ok: true; old: unknown; new: unknown } | { ok: false; reason: NotEvaluatedReason } => {
    const key = referenceKey(written, sheet);
    const read = resolve(key);
    if (!read)
      return {
        ok: false,
        reason: { kind: "unread", argument, reference: written, message: "not read" },
      };
    if (!read.ok)
      return {
        ok: false,
        reason: { kind: "unread", argument, reference: written, message: read.message },
      };
    if (read.cells !== 1 || read.values[0]?.length !== 1)
      return { ok: false, reason: { kind: "range", argument, reference: written } };
    const located = splitAddress(read.address);
    const resolvedSheet = located.sheet ?? sheet;
    const resolvedKey = referenceKey(located.reference, resolvedSheet);
    const anchor = byKey.get(resolvedKey);
    if (anchor !== undefined && parsed[anchor].calls.length > 0) {
      const target = parsed[anchor];
      if (!(target.calls.length === 1 && target.calls[0].whole))
        return { ok: false, reason: { kind: "partial", argument, reference: written } };
      if (inProgress.has(anchor))
        return { ok: false, reason: { kind: "circular", argument, reference: written } };
      const outcome = wholeOutcome(anchor);
      if (!outcome.ok)
        return {
          ok: false,
          reason:
            outcome.reason.kind === "circular"
              ? { kind: "circular", argument, reference: written }
              : { kind: "depends", argument, reference: written },
        };
      return { ok: true, old: cellOf(outcome.old, 0, 0), new: cellOf(outcome.new, 0, 0) };
    }
    const value = read.values[0][0];
    const position = cellPosition(located.reference);
    // A cell inside a table an REE formula spills: its value is that table's, on each side. A
    // table that grows spills into empty cells only (a filled one would stop it with #SPILL!).
    const spill =
      position &&
      spills.find((area) => {
        if (area.sheet !== resolvedSheet) return false;
        const row = position.row - area.top;
        const column = position.column - area.left;
        if (row < 0 || column < 0 || (row === 0 && column === 0)) return false;
        const outcome = outcomes.get(area.index);
        if (!outcome?.ok) return false;
        return (
          inside(outcome.old, row, column) || (value === "" && inside(outcome.new, row, column))
        );
      });
    if (spill) {
      const outcome = outcomes.get(spill.index) as Extract<Outcome, { ok: true }>;
      const row = position.row - spill.top;
      const column = position.column - spill.left;
      return {
        ok: true,
        old: cellOf(outcome.old, row, column),
        new: cellOf(outcome.new, row, column),
      };
    }
    const current = typeof value === "string" && ERROR_TEXT.test(value) ? { code: value } : value;
    return { ok: true, old: current, new: current };
  };

  const evaluate = (call: ReeCallIn, sheet: string): Outcome => {
    const oldArgs: unknown[] = [];
    const newArgs: unknown[] = [];
    for (const [index, argument] of call.args.entries()) {
      const values = argumentOf(argument, index + 1, sheet);
      if (!values.ok) return values;
      oldArgs.push(values.old);
      newArgs.push(values.new);
    }
    if (!(call.name in catalogue)) {
      const unknown = { error: "#NAME?" };
      return { ok: true, old: unknown, new: unknown };
    }
    const entry = catalogue[call.name as FunctionId];
    return {
      ok: true,
      old: shownOf(entry.run(before, oldArgs), entry.spills),
      new: shownOf(entry.run(after, newArgs), entry.spills),
    };
  };

  const argumentOf = (
    argument: ArgumentSource,
    position: number,
    sheet: string
  ): { ok: true; old: unknown; new: unknown } | { ok: false; reason: NotEvaluatedReason } => {
    switch (argument.kind) {
      case "missing":
        return { ok: true, old: null, new: null };
      case "value":
        return { ok: true, old: argument.value, new: argument.value };
      case "expression":
        return {
          ok: false,
          reason: { kind: "expression", argument: position, text: argument.text },
        };
      case "reference":
        return argumentValues(position, argument.address, sheet);
    }
  };

  /** The outcome of a cell whose formula is one whole REE call, evaluated once. */
  const wholeOutcome = (index: number): Outcome => {
    const known = outcomes.get(index);
    if (known) return known;
    inProgress.add(index);
    const { cell, calls } = parsed[index];
    const outcome = evaluate(calls[0], cell.sheet);
    inProgress.delete(index);
    outcomes.set(index, outcome);
    return outcome;
  };

  // Spilling tables first, so that a cell reading into one reads its values on both sides.
  parsed.forEach(({ cell, calls }, index) => {
    if (calls.length !== 1 || !calls[0].whole) return;
    if (!catalogue[calls[0].name as FunctionId]?.spills) return;
    const position = cellPosition(cell.address);
    if (!position) return;
    if (wholeOutcome(index).ok)
      spills.push({ sheet: cell.sheet, top: position.row, left: position.column, index });
  });
  // The other cells of a spilled table can come back from Excel with the anchor's formula:
  // they are the anchor's value, already reported there, not formulas of their own.
  const spilled = new Set<number>();
  parsed.forEach(({ cell }, index) => {
    const position = cellPosition(cell.address);
    if (!position) return;
    const anchor = spills.find((area) => {
      const row = position.row - area.top;
      const column = position.column - area.left;
      const outcome = outcomes.get(area.index);
      return (
        area.sheet === cell.sheet &&
        area.index !== index &&
        row >= 0 &&
        column >= 0 &&
        outcome?.ok === true &&
        inside(outcome.old, row, column)
      );
    });
    if (anchor && parsed[anchor.index].cell.formula === cell.formula) spilled.add(index);
  });
  totals.formulas -= spilled.size;
  for (let area = spills.length - 1; area >= 0; area--)
    if (spilled.has(spills[area].index)) spills.splice(area, 1);

  return {
    check(index: number): void {
      if (spilled.has(index)) return;
      const { cell, calls } = parsed[index];
      let changed = false;
      let skipped = false;
      for (const call of calls) {
        totals.calls += 1;
        const outcome =
          calls.length === 1 && call.whole ? wholeOutcome(index) : evaluate(call, cell.sheet);
        const located: Located = {
          sheet: cell.sheet,
          address: cell.address,
          formula: cell.formula,
          call: call.text,
          whole: call.whole,
        };
        if (!outcome.ok) {
          skipped = true;
          notEvaluated.push({ ...located, reason: outcome.reason });
          continue;
        }
        const change = compare(outcome.old, outcome.new);
        if (change) {
          changed = true;
          changes.push({ ...located, ...change });
        }
      }
      if (changed) totals.cellsChanged += 1;
      if (skipped) totals.cellsNotEvaluated += 1;
    },

    finish(): ChangeReport {
      // Stable: equal changes keep the workbook's order (sheet by sheet, row by row).
      const ordered = changes
        .map((change, order) => ({ change, order }))
        .sort(
          (a, b) =>
            rank(a.change) - rank(b.change) || size(b.change) - size(a.change) || a.order - b.order
        )
        .map(({ change }) => change);
      return {
        changes: ordered.slice(0, limit),
        changesNotListed: Math.max(0, ordered.length - limit),
        notEvaluated: notEvaluated.slice(0, limit),
        notEvaluatedNotListed: Math.max(0, notEvaluated.length - limit),
        totals,
      };
    },
  };
}

/** Errors appearing, going or changing come first; then numbers by how far they move; then the rest. */
function rank(change: ValueChange): number {
  if (change.kind === "error") return 0;
  return change.relative === undefined ? 2 : 1;
}

function size(change: ValueChange): number {
  return change.relative === undefined ? 0 : Math.abs(change.relative);
}

function isError(value: unknown): value is { error: string; message?: string } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "error" in value;
}

/** An answer as the cell would show it: failures as their Excel error, figures that overflow as #NUM!. */
function shownOf(
  answer: ReturnType<Catalogue[FunctionId]["run"]>,
  spills: boolean
): Shown | Shown[][] {
  let shown: Shown | Shown[][];
  if (!("ok" in answer)) shown = { error: String(answer.code), message: answer.message };
  else if (!answer.ok)
    shown = { error: answer.kind === "invalid" ? "#VALUE!" : "#N/A", message: answer.message };
  else if (Array.isArray(answer.value))
    shown = answer.value.map((row) => row.map((cell) => shownCell(cell)));
  else shown = shownCell(answer.value);
  // A spilling function's single value or error fills a table of one cell.
  return spills && !Array.isArray(shown) ? [[shown]] : shown;
}

function shownCell(cell: unknown): Shown {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : { error: "#NUM!" };
  if (typeof cell === "string" || typeof cell === "boolean") return cell;
  if (typeof cell === "object" && cell !== null && "code" in cell)
    return { error: String((cell as { code: unknown }).code) };
  return String(cell);
}

/** What another cell reads from a value: the value, or one cell of a table (empty outside it). */
function cellOf(value: Shown | Shown[][], row: number, column: number): unknown {
  const cell = Array.isArray(value)
    ? value[row]?.[column]
    : row === 0 && column === 0
      ? value
      : undefined;
  if (cell === undefined) return "";
  return isError(cell) ? { code: cell.error } : cell;
}

function inside(value: Shown | Shown[][], row: number, column: number): boolean {
  return Array.isArray(value) && row < value.length && column < (value[row]?.length ?? 0);
}

function sameShown(a: Shown | undefined, b: Shown | undefined): boolean {
  // A cell shows an error's code; its message is in a menu, and a reworded one is no change.
  if (isError(a) || isError(b)) return isError(a) && isError(b) && a.error === b.error;
  return a === b;
}

function relativeChange(old: Shown | undefined, next: Shown | undefined): number | undefined {
  if (typeof old !== "number" || typeof next !== "number") return undefined;
  if (old === 0) return next > 0 ? Infinity : -Infinity;
  return (next - old) / Math.abs(old);
}

/** A table of one cell is one value, as the cell shows it. */
function single(value: Shown | Shown[][]): Shown | Shown[][] {
  return Array.isArray(value) && value.length === 1 && value[0].length === 1 ? value[0][0] : value;
}

function compare(
  oldAnswer: Shown | Shown[][],
  newAnswer: Shown | Shown[][]
): Omit<ValueChange, keyof Located> | undefined {
  const old = single(oldAnswer);
  const next = single(newAnswer);
  if (!Array.isArray(old) && !Array.isArray(next)) {
    if (sameShown(old, next)) return undefined;
    const kind =
      isError(old) || isError(next)
        ? "error"
        : typeof old === "number" && typeof next === "number"
          ? "number"
          : "text";
    return { kind, old, new: next, relative: relativeChange(old, next) };
  }
  const oldTable = Array.isArray(old) ? old : [[old]];
  const newTable = Array.isArray(next) ? next : [[next]];
  const rows = Math.max(oldTable.length, newTable.length);
  const columns = Math.max(widthOf(oldTable), widthOf(newTable));
  let differing = 0;
  let errors = false;
  let largest: TableChange["largest"] | undefined;
  let largestSize = -1;
  for (let row = 0; row < rows; row++)
    for (let column = 0; column < columns; column++) {
      const a = oldTable[row]?.[column];
      const b = newTable[row]?.[column];
      if (sameShown(a, b)) continue;
      differing += 1;
      if (isError(a) || isError(b)) errors = true;
      const relative = relativeChange(a, b);
      const moved = relative === undefined ? 0 : Math.abs(relative);
      if (moved > largestSize) {
        largestSize = moved;
        largest = { row, column, old: a, new: b };
      }
    }
  if (!largest) return undefined;
  return {
    kind: errors ? "error" : "table",
    old,
    new: next,
    relative: relativeChange(largest.old, largest.new),
    table: {
      rows: { old: oldTable.length, new: newTable.length },
      columns: { old: widthOf(oldTable), new: widthOf(newTable) },
      cells: rows * columns,
      differing,
      largest,
    },
  };
}

function widthOf(table: Shown[][]): number {
  return table.reduce((widest, row) => Math.max(widest, row.length), 0);
}

/** "B2" → row 2, column 2; undefined for a name or a range. */
export function cellPosition(address: string): { row: number; column: number } | undefined {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(address);
  if (!match) return undefined;
  const column = [...match[1].toUpperCase()].reduce(
    (total, letter) => total * 26 + letter.charCodeAt(0) - 64,
    0
  );
  return { row: Number(match[2]), column };
}
