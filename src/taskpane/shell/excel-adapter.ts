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

/** A cell holding a formula that calls an REE function. */
export interface FormulaCell {
  sheet: string;
  /** The cell on its sheet, without `$`: "B2". */
  address: string;
  formula: string;
}

/** How far a search for formulas has come, for a progress line. */
export interface FormulaSearchProgress {
  sheet: string;
  /** Sheets searched so far, this one included, and how many there are. */
  sheetNumber: number;
  sheets: number;
  /** REE formulas found so far in the workbook. */
  found: number;
}

/**
 * A referenced cell as Excel read it: the range it resolved to (a name resolves to the cells it
 * names; sheet-qualified, as Excel writes it) with its current values, or why it could not be read.
 * A range of more than one cell comes without its values: a function takes one value, and a whole
 * column's values would be a response Excel on the web refuses.
 */
export type ReferenceValue =
  | { ok: true; address: string; cells: number; values: unknown[][] }
  | { ok: false; message: string };

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
  /**
   * Every formula in the workbook that calls an REE function, sheet by sheet and row by row, read
   * in blocks small enough for Excel on the web, with a pause between blocks for the pane.
   */
  findReeFormulas(onProgress?: (progress: FormulaSearchProgress) => void): Promise<FormulaCell[]>;
  /**
   * The current values of references, each a sheet-qualified address or name ("'Sheet1'!B2",
   * "'Sheet1'!PRICES"), read in batches; one that cannot be read says why and spoils no other.
   */
  readReferences(references: readonly string[]): Promise<Map<string, ReferenceValue>>;
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

/** Cells of formulas read per request: as for a selection, formulas of about 100 characters. */
const FORMULA_BLOCK_CELLS = 40_000;
/** References read per request: each is one cell (or a range's size only), so a response stays small. */
const REFERENCE_BATCH = 500;

/** A formula that calls an REE function somewhere: `=REE.PRICE(…)`, `=ROUND(REE.PRICE(…),0)`. */
const REE_FORMULA = /^=[^]*REE\.[A-Za-z]+\s*\(/i;

/** Column 1 → "A", 28 → "AB". */
export function columnLetters(column: number): string {
  let letters = "";
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** Lets the pane paint and answer clicks between two requests of a long read. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

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

  findReeFormulas(onProgress) {
    return Excel.run(async (context) => {
      const worksheets = context.workbook.worksheets;
      worksheets.load("items/name");
      await context.sync();
      const found: FormulaCell[] = [];
      for (const [index, worksheet] of worksheets.items.entries()) {
        // Formulas have values, so the used range by values holds every formula.
        const used = worksheet.getUsedRangeOrNullObject(true);
        used.load("rowIndex, columnIndex, rowCount, columnCount");
        // One sheet at a time: each sheet's size decides its blocks.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
        if (!used.isNullObject) {
          const blockRows = Math.max(1, Math.floor(FORMULA_BLOCK_CELLS / used.columnCount));
          for (let row = 0; row < used.rowCount; row += blockRows) {
            const count = Math.min(blockRows, used.rowCount - row);
            const block = used.getCell(row, 0).getResizedRange(count - 1, used.columnCount - 1);
            block.load("formulas");
            // One sync per block on purpose: one sync for all of them would be one oversized response.
            // eslint-disable-next-line office-addins/no-context-sync-in-loop
            await context.sync();
            block.formulas.forEach((line, rowOffset) =>
              line.forEach((formula, columnOffset) => {
                if (typeof formula === "string" && REE_FORMULA.test(formula))
                  found.push({
                    sheet: worksheet.name,
                    address: `${columnLetters(used.columnIndex + columnOffset + 1)}${used.rowIndex + row + rowOffset + 1}`,
                    formula,
                  });
              })
            );
            onProgress?.({
              sheet: worksheet.name,
              sheetNumber: index + 1,
              sheets: worksheets.items.length,
              found: found.length,
            });
            await pause();
          }
        }
        onProgress?.({
          sheet: worksheet.name,
          sheetNumber: index + 1,
          sheets: worksheets.items.length,
          found: found.length,
        });
      }
      return found;
    });
  },

  readReferences(references) {
    return Excel.run(async (context) => {
      const read = new Map<string, ReferenceValue>();
      const rangeOf = (reference: string) => {
        const { sheet, reference: local } = splitAddress(reference);
        const worksheets = context.workbook.worksheets;
        return (
          sheet === undefined ? worksheets.getActiveWorksheet() : worksheets.getItem(sheet)
        ).getRange(local);
      };
      /** Reads a batch in two requests: sizes first, then the values of single cells only. */
      const readBatch = async (batch: readonly string[]) => {
        const ranges = batch.map((reference) => rangeOf(reference).load("address, cellCount"));
        await context.sync();
        const single = ranges.filter((range) => range.cellCount === 1);
        for (const range of single) range.load("values");
        if (single.length > 0) await context.sync();
        batch.forEach((reference, index) => {
          const range = ranges[index];
          read.set(reference, {
            ok: true,
            address: range.address,
            cells: range.cellCount,
            values: range.cellCount === 1 ? range.values : [],
          });
        });
      };
      for (let start = 0; start < references.length; start += REFERENCE_BATCH) {
        const batch = references.slice(start, start + REFERENCE_BATCH);
        try {
          await readBatch(batch);
        } catch {
          // One reference Excel cannot read (a sheet or name that is gone) fails its whole
          // request: read that batch one by one, so the others are read and it says why.
          for (const reference of batch) {
            try {
              await readBatch([reference]);
            } catch (error) {
              read.set(reference, { ok: false, message: excelErrorMessage(error) });
            }
          }
        }
        await pause();
      }
      return read;
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
