/*
 * A stand-in for Excel in the browser tests. `installFakeExcel` runs inside the page (playwright
 * serialises it with addInitScript, so it must not use anything from outside its own body) and
 * defines window.__REE_FAKE_EXCEL__ before the pane's scripts run. It has the pane's adapter
 * interface (getActiveCell, writeFormulas, readValues, onSelectionChanged, findReeFormulas,
 * readReferences) and, for tests, controls: move the selection, set cells on any sheet, fail the
 * next write, protect the sheet, and the record of every write (address and formulas). Formulas
 * are not computed: a cell's value is what a test sets.
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
  /** Sets a cell; "Sheet2!B2" puts it on another sheet (made on first use). */
  setCell(address: string, cell: FakeCell): void;
  /** Sets many cells at once, by address. */
  setCells(cells: Record<string, FakeCell>): void;
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
  /** Each sheet's cells by address ("B2"), sheets in the order they were made. */
  const sheets = new Map<string, Map<string, { formula: string; value: unknown }>>([
    [sheet, new Map()],
  ]);
  const cells = sheets.get(sheet)!;
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
  const valueOf = (reference: string, on = cells): unknown => {
    const cell = on.get(reference);
    if (!cell) return "";
    if (cell.value !== undefined) return cell.value;
    return cell.formula.startsWith("=") ? "" : cell.formula;
  };
  /** "Sheet2!B2" or "'My sheet'!B2" → "Sheet2"; no sheet means the active sheet. */
  const sheetOf = (address: string) => {
    const bang = address.lastIndexOf("!");
    return bang < 0
      ? sheet
      : address
          .slice(0, bang)
          .replace(/^'(.*)'$/, "$1")
          .replace(/''/g, "'");
  };
  const setCell = (address: string, cell: { formula?: string; value?: unknown }) => {
    const name = sheetOf(address);
    if (!sheets.has(name)) sheets.set(name, new Map());
    sheets.get(name)!.set(local(address), {
      formula: cell.formula ?? (cell.value === undefined ? "" : String(cell.value)),
      value: cell.value,
    });
  };
  const missing = () =>
    Object.assign(new Error("The requested resource doesn't exist."), { code: "ItemNotFound" });

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
      const on = sheets.get(sheetOf(address));
      if (!on) throw missing();
      const [first, last = first] = local(address).split(":");
      const from = parse(first);
      const to = parse(last);
      const values: unknown[][] = [];
      for (let row = from.row; row <= to.row; row++) {
        const line: unknown[] = [];
        for (let column = from.column; column <= to.column; column++)
          line.push(valueOf(at(column, row), on));
        values.push(line);
      }
      return values;
    },

    /** How often the pane searched the workbook's formulas. */
    formulaSearches: 0,
    async findReeFormulas(
      onProgress?: (progress: {
        sheet: string;
        sheetNumber: number;
        sheets: number;
        found: number;
      }) => void
    ) {
      fake.formulaSearches++;
      const found: { sheet: string; address: string; formula: string }[] = [];
      let sheetNumber = 0;
      for (const [name, onSheet] of sheets) {
        sheetNumber++;
        // Row by row, then column by column, as Excel's blocks of rows give them.
        const ordered = [...onSheet.entries()]
          .map(([address, cell]) => ({ address, cell, position: parse(address) }))
          .sort((a, b) => a.position.row - b.position.row || a.position.column - b.position.column);
        for (const { address, cell } of ordered)
          if (/^=[^]*REE\.[A-Za-z]+\s*\(/i.test(cell.formula))
            found.push({ sheet: name, address, formula: cell.formula });
        onProgress?.({ sheet: name, sheetNumber, sheets: sheets.size, found: found.length });
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return found;
    },

    async readReferences(references: readonly string[]) {
      const read = new Map<string, unknown>();
      for (const reference of references) {
        fake.reads.push(reference);
        const name = sheetOf(reference);
        const on = sheets.get(name);
        const [first, last = first] = local(reference).split(":");
        if (!on || !/^[A-Z]{1,3}\d+$/.test(first) || !/^[A-Z]{1,3}\d+$/.test(last)) {
          read.set(reference, { ok: false, message: missing().message });
          continue;
        }
        const from = parse(first);
        const to = parse(last);
        const count = (to.row - from.row + 1) * (to.column - from.column + 1);
        const quoted = /^[A-Za-z0-9_]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
        read.set(reference, {
          ok: true,
          address: `${quoted}!${local(reference)}`,
          cells: count,
          values: count === 1 ? [[valueOf(first, on)]] : [],
        });
      }
      return read;
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
    setCells(all: Record<string, { formula?: string; value?: unknown }>) {
      for (const [address, cell] of Object.entries(all)) setCell(address, cell);
    },
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
  action: "select" | "setCell" | "setCells" | "failNextWrite" | "setProtected" | "selectRange",
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
