/*
 * Import selection through the real adapter (officeExcel.readSelection), with a stand-in for the
 * few calls of Excel's API it makes. The stand-in holds the adapter to what Excel does: loaded
 * values exist only after a sync, and a response over 5 MB (Excel on the web's limit) is refused.
 */
import { officeExcel } from "../../../src/taskpane/shell/excel-adapter";

const PAYLOAD_LIMIT = 5_000_000;

interface Sheet {
  /** The used cells, from A1; the selection is all of it (whole columns selected). */
  values: unknown[][];
  syncs: number;
  largestResponse: number;
}

function installExcel(sheet: Sheet): void {
  const pending: (() => number)[] = [];
  class Range {
    private loaded: Record<string, unknown> | undefined;
    constructor(
      private readonly top: number,
      private readonly left: number,
      private readonly rows: number,
      private readonly columns: number,
      readonly isNullObject = false
    ) {}
    private field(name: string): unknown {
      if (!this.loaded || !(name in this.loaded))
        throw new Error(`PropertyNotLoaded: ${name} was read before load and sync.`);
      return this.loaded[name];
    }
    get address() {
      return this.field("address") as string;
    }
    get rowCount() {
      return this.field("rowCount") as number;
    }
    get columnCount() {
      return this.field("columnCount") as number;
    }
    get values() {
      return this.field("values") as unknown[][];
    }
    load(names: string) {
      pending.push(() => {
        const values = sheet.values
          .slice(this.top, this.top + this.rows)
          .map((row) => row.slice(this.left, this.left + this.columns));
        const all: Record<string, unknown> = {
          address: `Sheet1!A${this.top + 1}:${String.fromCharCode(64 + this.columns)}${this.top + this.rows}`,
          rowCount: this.rows,
          columnCount: this.columns,
          values,
        };
        this.loaded = {};
        for (const name of names.split(",").map((part) => part.trim()))
          this.loaded[name] = all[name];
        return names.includes("values") ? JSON.stringify(values).length : 100;
      });
    }
    getUsedRangeOrNullObject() {
      const rows = sheet.values.length;
      const columns = rows === 0 ? 0 : sheet.values[0].length;
      return new Range(0, 0, rows, columns, rows === 0);
    }
    getCell(row: number, column: number) {
      return new Range(this.top + row, this.left + column, 1, 1);
    }
    getResizedRange(rows: number, columns: number) {
      return new Range(this.top, this.left, this.rows + rows, this.columns + columns);
    }
  }
  const context = {
    workbook: { getSelectedRange: () => new Range(0, 0, 1_048_576, 16_384) },
    async sync() {
      sheet.syncs++;
      let response = 0;
      for (const run of pending.splice(0)) response += run();
      sheet.largestResponse = Math.max(sheet.largestResponse, response);
      if (response > PAYLOAD_LIMIT)
        throw new Error(`The response is ${response} characters; Excel on the web refuses it.`);
    },
  };
  (global as unknown as { Excel: unknown }).Excel = {
    run: (callback: (context: unknown) => Promise<unknown>) => callback(context),
  };
}

afterEach(() => {
  delete (global as unknown as { Excel?: unknown }).Excel;
});

test("a selection of whole columns reads its used part, block by block, under Excel's payload limit", async () => {
  const header = ["Product", "Market", "Date", "Price", "Unit", "Source", "Note", "Basis"];
  const row = (index: number) => [
    "Dysprosium oxide 99.5%",
    "China domestic",
    45658 + (index % 300),
    1615 + index,
    "CNY/kg",
    "Vendor X licensed daily assessment",
    "ex-works, VAT included, assessed at the close",
    "spot",
  ];
  const values = [header, ...Array.from({ length: 60_000 }, (_, index) => row(index))];
  const sheet: Sheet = { values, syncs: 0, largestResponse: 0 };
  // Read at once, these values would be one response over the limit.
  expect(JSON.stringify(values).length).toBeGreaterThan(PAYLOAD_LIMIT);
  installExcel(sheet);

  const selection = await officeExcel.readSelection();
  expect(selection?.address).toBe("Sheet1!A1:H60001");
  expect(selection?.values).toEqual(values);
  expect(sheet.largestResponse).toBeLessThanOrEqual(PAYLOAD_LIMIT);
  expect(sheet.syncs).toBeGreaterThan(2);
});

test("an empty selection reads as none", async () => {
  installExcel({ values: [], syncs: 0, largestResponse: 0 });
  await expect(officeExcel.readSelection()).resolves.toBeUndefined();
});
