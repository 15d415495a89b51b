import { WorkbookStore } from "./workbook-store";

/**
 * The pane's only door to Excel. Everything else in the pane talks to an `ExcelAdapter`, so
 * the browser tests can hand it a fake (window.__REE_FAKE_EXCEL__) that records what is
 * written where, and the pane runs in a plain browser with no adapter at all.
 */
export interface ActiveCell {
  /** Sheet-qualified address, as Excel gives it: "Sheet1!B2". */
  address: string;
  /** The cell's formula, or its constant value as text, or "" when empty. */
  formula: string;
  sheetProtected: boolean;
}

/** The values of the selected range, as Excel gives them: numbers, text, booleans; dates as serial numbers. */
export interface SelectedValues {
  /** Sheet-qualified address of the cells read: "Sheet1!A1:D20". */
  address: string;
  values: unknown[][];
}

export interface ExcelAdapter {
  getActiveCell(): Promise<ActiveCell>;
  /**
   * Writes formulas (text that does not start with "=" is a constant) as a block whose top-left
   * is `start` ("active" for the active cell). Resolves with the address written.
   */
  writeFormulas(start: string, rows: string[][]): Promise<{ address: string }>;
  /** The values of a range: "B2", "Sheet2!B2:C3", a name. */
  readValues(address: string): Promise<unknown[][]>;
  /** The used part of the selected range (whole columns may be selected); undefined when it is empty. */
  readSelection(): Promise<SelectedValues | undefined>;
  onSelectionChanged(callback: () => void): Promise<void>;
}

/** Raised (by any adapter) when the target sheet is protected; the pane words it for the user. */
export class ProtectedSheetError extends Error {
  readonly code = "ProtectedSheet";
  constructor() {
    super("The sheet is protected.");
  }
}

declare global {
  interface Window {
    /** Browser tests' stand-in for Excel, with the workbook's data store. */
    __REE_FAKE_EXCEL__?: ExcelAdapter & { workbook?: WorkbookStore };
  }
}

/** Splits "Sheet1!A1" or "'My sheet'!A1" into sheet and reference; no sheet means the active one. */
export function splitAddress(address: string): { sheet?: string; reference: string } {
  const bang = address.lastIndexOf("!");
  if (bang < 0) return { reference: address };
  const sheet = address
    .slice(0, bang)
    .replace(/^'(.*)'$/, "$1")
    .replace(/''/g, "'");
  return { sheet, reference: address.slice(bang + 1) };
}

/**
 * Cells of a selection read per request: 40,000 cells of up to about 100 characters stay under
 * the 5 MB Excel on the web allows a response; a wider table is read in fewer rows at a time.
 */
const SELECTION_BLOCK_CELLS = 40_000;

function rectangular(rows: string[][]): number {
  const width = rows.reduce((widest, row) => Math.max(widest, row.length), 0);
  if (rows.length === 0 || width === 0) throw new Error("Nothing to write.");
  return width;
}

/** The real adapter: Excel's JavaScript API through Excel.run. */
export const officeExcel: ExcelAdapter = {
  getActiveCell() {
    return Excel.run(async (context) => {
      const cell = context.workbook.getActiveCell();
      cell.load("address, formulas");
      const protection = context.workbook.worksheets.getActiveWorksheet().protection;
      protection.load("protected");
      await context.sync();
      return {
        address: cell.address,
        formula: String(cell.formulas[0][0] ?? ""),
        sheetProtected: protection.protected,
      };
    });
  },

  writeFormulas(start, rows) {
    const width = rectangular(rows);
    const block = rows.map((row) => [...row, ...Array<string>(width - row.length).fill("")]);
    return Excel.run(async (context) => {
      const worksheets = context.workbook.worksheets;
      const protection = worksheets.getActiveWorksheet().protection;
      protection.load("protected");
      const first =
        start === "active"
          ? context.workbook.getActiveCell()
          : worksheets.getActiveWorksheet().getRange(start);
      await context.sync();
      if (protection.protected) throw new ProtectedSheetError();
      const target = first.getResizedRange(block.length - 1, width - 1);
      target.formulas = block;
      target.load("address");
      await context.sync();
      return { address: target.address };
    });
  },

  readValues(address) {
    return Excel.run(async (context) => {
      const { sheet, reference } = splitAddress(address);
      const worksheet =
        sheet === undefined
          ? context.workbook.worksheets.getActiveWorksheet()
          : context.workbook.worksheets.getItem(sheet);
      const range = worksheet.getRange(reference);
      range.load("values");
      await context.sync();
      return range.values;
    });
  },

  readSelection() {
    return Excel.run(async (context) => {
      // Selecting whole columns is common; only their used part is read.
      const used = context.workbook.getSelectedRange().getUsedRangeOrNullObject(true);
      used.load("address, rowCount, columnCount");
      await context.sync();
      if (used.isNullObject) return undefined;
      // Read in blocks of rows: Excel on the web refuses a response over about 5 MB.
      const values: unknown[][] = [];
      const blockRows = Math.max(1, Math.floor(SELECTION_BLOCK_CELLS / used.columnCount));
      for (let row = 0; row < used.rowCount; row += blockRows) {
        const count = Math.min(blockRows, used.rowCount - row);
        const block = used.getCell(row, 0).getResizedRange(count - 1, used.columnCount - 1);
        block.load("values");
        // One sync per block on purpose: one sync for all of them would be one oversized response.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
        for (const line of block.values) values.push(line);
      }
      return { address: used.address, values };
    });
  },

  async onSelectionChanged(callback) {
    await Excel.run(async (context) => {
      context.workbook.onSelectionChanged.add(async () => callback());
      await context.sync();
    });
  },
};

/**
 * Words an Excel failure for the pane. Office errors carry a code (e.g.
 * InvalidOperationInCellEditMode) and a message; anything else is shown by its message.
 */
export function excelErrorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

export function excelErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error)
    return String((error as { message: unknown }).message);
  return String(error);
}
