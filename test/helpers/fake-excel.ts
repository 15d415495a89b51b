/*
 * A stand-in for Excel in the browser tests. `installFakeExcel` runs inside the page (playwright
 * serialises it with addInitScript, so it must not use anything from outside its own body) and
 * defines window.__REE_FAKE_EXCEL__ before the pane's scripts run. It has the pane's adapter
 * interface (getActiveCell, writeFormulas, readValues, onSelectionChanged) and, for tests,
 * controls: move the selection, set cells, fail the next write, protect the sheet, and the
 * record of every write (address and formulas).
 */
import type { Page } from "playwright-core";
import { openPane, type Pane } from "./browser";

export interface FakeWrite {
  /** Sheet-qualified, as Excel reports it: "Sheet1!B2" or "Sheet1!B2:C3". */
  address: string;
  formulas: string[][];
}

export interface FakeCell {
  formula?: string;
  value?: string | number | boolean;
}

/** What a test can do with the fake, through page.evaluate. */
export interface FakeExcelControls {
  writes: FakeWrite[];
  reads: string[];
  select(address: string, cell?: FakeCell): void;
  setCell(address: string, cell: FakeCell): void;
  failNextWrite(message: string, code?: string): void;
  setProtected(value: boolean): void;
  /** Selects a range holding these values, for Import selection. */
  selectRange(address: string, values: unknown[][]): void;
}

export interface FakeExcelOptions {
  sheet?: string;
  active?: string;
  /** The workbook's saved REE data as it opens (a WorkbookRecord), if any. */
  workbookRecord?: unknown;
}

export function installFakeExcel(options: FakeExcelOptions = {}): void {
  const sheet = options.sheet ?? "Sheet1";
  const cells = new Map<string, { formula: string; value: unknown }>();
  const listeners: (() => void)[] = [];
  let active = (options.active ?? "A1").toUpperCase();
  let sheetProtected = false;
  let failure: { message: string; code: string } | undefined;

  const columnNumber = (letters: string) =>
    [...letters].reduce((total, letter) => total * 26 + letter.charCodeAt(0) - 64, 0);
  const columnLetters = (column: number): string => {
    let letters = "";
    for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26))
      letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
    return letters;
  };
  /** "Sheet1!$B$2" or "'Sheet1'!b2" → "B2"; other sheets are not modelled. */
  const local = (address: string) => {
    const bang = address.lastIndexOf("!");
    return (bang < 0 ? address : address.slice(bang + 1)).replace(/\$/g, "").toUpperCase();
  };
  const parse = (reference: string) => {
    const match = /^([A-Z]{1,3})(\d+)$/.exec(reference);
    if (!match)
      throw Object.assign(new Error(`The fake cannot read '${reference}'.`), {
        code: "InvalidArgument",
      });
    return { column: columnNumber(match[1]), row: Number(match[2]) };
  };
  const at = (column: number, row: number) => `${columnLetters(column)}${row}`;
  const valueOf = (reference: string): unknown => {
    const cell = cells.get(reference);
    if (!cell) return "";
    if (cell.value !== undefined) return cell.value;
    return cell.formula.startsWith("=") ? "" : cell.formula;
  };
  const setCell = (address: string, cell: { formula?: string; value?: unknown }) => {
    cells.set(local(address), {
      formula: cell.formula ?? (cell.value === undefined ? "" : String(cell.value)),
      value: cell.value,
    });
  };

  const fake = {
    writes: [] as { address: string; formulas: string[][] }[],
    reads: [] as string[],
    /** The workbook's saved REE data part and how often Excel was asked to recalculate. */
    workbookRecord: options.workbookRecord as unknown,
    recalculations: 0,
    /** Set (in page.evaluate) to make the next workbook write fail with this message. */
    workbookWriteFailure: undefined as string | undefined,
    workbook: {
      // As the real store: a Result for a record, undefined for none.
      read: async () =>
        fake.workbookRecord === undefined ? undefined : { ok: true, value: fake.workbookRecord },
      write: async (record: unknown) => {
        if (fake.workbookWriteFailure !== undefined) {
          const message = fake.workbookWriteFailure;
          fake.workbookWriteFailure = undefined;
          throw new Error(message);
        }
        fake.workbookRecord = JSON.parse(JSON.stringify(record));
      },
      recalculate: async () => {
        fake.recalculations++;
      },
    },

    async getActiveCell() {
      return {
        address: `${sheet}!${active}`,
        formula: cells.get(active)?.formula ?? "",
        sheetProtected,
      };
    },

    async writeFormulas(start: string, rows: string[][]) {
      if (failure) {
        const { message, code } = failure;
        failure = undefined;
        throw Object.assign(new Error(message), { code });
      }
      if (sheetProtected)
        throw Object.assign(new Error("The sheet is protected."), { code: "ProtectedSheet" });
      const origin = start === "active" ? active : local(start);
      const { column, row } = parse(origin);
      const width = Math.max(...rows.map((cellsInRow) => cellsInRow.length));
      rows.forEach((cellsInRow, rowOffset) =>
        cellsInRow.forEach((formula, columnOffset) =>
          cells.set(at(column + columnOffset, row + rowOffset), { formula, value: undefined })
        )
      );
      const end = at(column + width - 1, row + rows.length - 1);
      const address = `${sheet}!${origin}${end === origin ? "" : `:${end}`}`;
      fake.writes.push({ address, formulas: rows.map((cellsInRow) => [...cellsInRow]) });
      return { address };
    },

    async readValues(address: string) {
      fake.reads.push(address);
      const [first, last = first] = local(address).split(":");
      const from = parse(first);
      const to = parse(last);
      const values: unknown[][] = [];
      for (let row = from.row; row <= to.row; row++) {
        const line: unknown[] = [];
        for (let column = from.column; column <= to.column; column++)
          line.push(valueOf(at(column, row)));
        values.push(line);
      }
      return values;
    },

    /** The selected range's values, for Import selection (see selectRange). */
    selectedRange: undefined as { address: string; values: unknown[][] } | undefined,
    async readSelection() {
      fake.reads.push("selection");
      return fake.selectedRange;
    },
    selectRange(address: string, values: unknown[][]) {
      fake.selectedRange = { address: `${sheet}!${local(address)}`, values };
    },

    async onSelectionChanged(callback: () => void) {
      listeners.push(callback);
    },

    select(address: string, cell?: { formula?: string; value?: unknown }) {
      active = local(address);
      if (cell) setCell(address, cell);
      for (const listener of listeners) listener();
    },
    setCell,
    failNextWrite(message: string, code = "GeneralException") {
      failure = { message, code };
    },
    setProtected(value: boolean) {
      sheetProtected = value;
    },
  };
  (window as unknown as { __REE_FAKE_EXCEL__: unknown }).__REE_FAKE_EXCEL__ = fake;
}

/** Like openPane, but with the fake Excel installed before the pane's scripts run. */
export function openPaneWithFakeExcel(
  options: { width?: number; height?: number; fake?: FakeExcelOptions } = {}
): Promise<Pane> {
  const { width, height, fake = {} } = options;
  return openPane({
    width,
    height,
    beforeLoad: async (page) => {
      // Under tsx (scripts/screenshots.ts), esbuild wraps named functions in a __name() helper that
      // the serialised installFakeExcel would call in the page, where it does not exist.
      await page.addInitScript({ content: "globalThis.__name ??= (target) => target;" });
      await page.addInitScript(installFakeExcel, fake);
    },
  });
}

/** The fake's record of writes, read from the page. */
export function writes(page: Page): Promise<FakeWrite[]> {
  return page.evaluate(
    () => (window as unknown as { __REE_FAKE_EXCEL__: FakeExcelControls }).__REE_FAKE_EXCEL__.writes
  );
}

/** Runs one of the fake's controls in the page. */
export function control<A extends unknown[]>(
  page: Page,
  action: "select" | "setCell" | "failNextWrite" | "setProtected" | "selectRange",
  ...args: A
): Promise<void> {
  return page.evaluate(
    ({ action, args }) => {
      const fake = (
        window as unknown as { __REE_FAKE_EXCEL__: Record<string, (...values: unknown[]) => void> }
      ).__REE_FAKE_EXCEL__;
      fake[action](...args);
    },
    { action, args }
  );
}
