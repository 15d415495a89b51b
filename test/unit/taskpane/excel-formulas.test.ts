/*
 * Finding a workbook's REE formulas and reading the cells they refer to, through the real adapter
 * (officeExcel), with a stand-in for the few calls of Excel's API it makes. The stand-in holds the
 * adapter to what Excel does: loaded values exist only after a sync, a response over 5 MB (Excel on
 * the web's limit) is refused, and a reference that cannot be resolved fails its whole request.
 */
import { columnLetters, officeExcel } from "../../../src/taskpane/shell/excel-adapter";

const PAYLOAD_LIMIT = 5_000_000;

interface StandInSheet {
  name: string;
  /** Where the used range starts (0-based), and its formulas (constants as they are). */
  top: number;
  left: number;
  formulas: unknown[][];
  /** Values of single cells others refer to, by address ("B2"). */
  values?: Record<string, unknown>;
}

interface Counters {
  syncs: number;
  largestResponse: number;
}

function installExcel(sheets: StandInSheet[], names: Record<string, string> = {}): Counters {
  const counters: Counters = { syncs: 0, largestResponse: 0 };
  let pending: (() => number)[] = [];

  const loadable = (fields: () => Record<string, unknown>) => {
    let loaded: Record<string, unknown> | undefined;
    return {
      load(names: string, target: object) {
        pending.push(() => {
          const all = fields();
          // As Excel: a later load adds properties to those loaded before.
          loaded ??= {};
          for (const name of names.split(",").map((part) => part.trim())) loaded[name] = all[name];
          return JSON.stringify(loaded).length;
        });
        return target;
      },
      field(name: string) {
        if (!loaded || !(name in loaded))
          throw new Error(`PropertyNotLoaded: ${name} was read before load and sync.`);
        return loaded[name];
      },
    };
  };

  class UsedRange {
    private state;
    constructor(
      private readonly sheet: StandInSheet,
      private readonly row: number,
      private readonly column: number,
      private readonly rows: number,
      private readonly columns: number
    ) {
      this.state = loadable(() => ({
        rowIndex: sheet.top + row,
        columnIndex: sheet.left + column,
        rowCount: rows,
        columnCount: columns,
        formulas: sheet.formulas
          .slice(row, row + rows)
          .map((line) => line.slice(column, column + columns)),
      }));
    }
    get isNullObject() {
      return this.rows === 0;
    }
    get rowIndex() {
      return this.state.field("rowIndex") as number;
    }
    get columnIndex() {
      return this.state.field("columnIndex") as number;
    }
    get rowCount() {
      return this.state.field("rowCount") as number;
    }
    get columnCount() {
      return this.state.field("columnCount") as number;
    }
    get formulas() {
      return this.state.field("formulas") as unknown[][];
    }
    load(names: string) {
      return this.state.load(names, this);
    }
    getCell(row: number, column: number) {
      return new UsedRange(this.sheet, this.row + row, this.column + column, 1, 1);
    }
    getResizedRange(rows: number, columns: number) {
      return new UsedRange(
        this.sheet,
        this.row,
        this.column,
        this.rows + rows,
        this.columns + columns
      );
    }
  }

  /** A range got by address or name; a sheet or name that does not exist fails at the sync. */
  const referenced = (sheetName: string, reference: string) => {
    const sheet = sheets.find((candidate) => candidate.name === sheetName);
    const target = names[reference.toUpperCase()] ?? reference;
    const state = loadable(() => {
      if (!sheet || !/^[A-Z]+\d+(:[A-Z]+\d+)?$/.test(target))
        throw Object.assign(new Error("The requested resource doesn't exist."), {
          code: "ItemNotFound",
        });
      const [from, to = from] = target.split(":");
      const size = (address: string) => Number(/\d+/.exec(address)![0]);
      const cells = size(to) - size(from) + 1;
      return {
        address: `${sheetName}!${target}`,
        cellCount: cells,
        values: [[sheet.values?.[from] ?? ""]],
      };
    });
    const range = {
      get address() {
        return state.field("address");
      },
      get cellCount() {
        return state.field("cellCount");
      },
      get values() {
        return state.field("values");
      },
      load: (fields: string) => state.load(fields, range),
    };
    return range;
  };

  const worksheets = {
    items: [] as unknown[],
    load() {
      pending.push(() => {
        worksheets.items = sheets.map((sheet) => ({
          name: sheet.name,
          getUsedRangeOrNullObject: () =>
            new UsedRange(
              sheet,
              0,
              0,
              sheet.formulas.length,
              sheet.formulas.length === 0 ? 0 : sheet.formulas[0].length
            ),
        }));
        return 100;
      });
      return worksheets;
    },
    getItem: (name: string) => ({
      getRange: (reference: string) => referenced(name, reference),
    }),
  };

  const context = {
    workbook: { worksheets },
    async sync() {
      counters.syncs++;
      const runs = pending;
      pending = [];
      let response = 0;
      for (const run of runs) response += run();
      counters.largestResponse = Math.max(counters.largestResponse, response);
      if (response > PAYLOAD_LIMIT)
        throw new Error(`The response is ${response} characters; Excel on the web refuses it.`);
    },
  };
  (global as unknown as { Excel: unknown }).Excel = {
    run: (callback: (context: unknown) => Promise<unknown>) => callback(context),
  };
  return counters;
}

afterEach(() => {
  delete (global as unknown as { Excel?: unknown }).Excel;
});

test("column letters as Excel writes them", () => {
  expect([1, 26, 27, 52, 703, 16_384].map(columnLetters)).toEqual([
    "A",
    "Z",
    "AA",
    "AZ",
    "AAA",
    "XFD",
  ]);
});

test("every REE formula of every sheet, with its address, read under Excel's payload limit", async () => {
  // A model sheet: 50,000 rows of inputs and formulas, one REE formula every tenth row.
  const model = Array.from({ length: 50_000 }, (_, row) => [
    "Dysprosium oxide, Europe, monthly average of the vendor's daily assessments",
    45_658 + row,
    row % 10 === 0
      ? `=REE.PRICE("Dy2O3","Europe",B${row + 3},"USD/kg","value")*ROUND(C${row + 3}/1000,2)`
      : `=B${row + 3}*2`,
    `=SUM(B3:B${row + 3})`,
  ]);
  const sheets: StandInSheet[] = [
    { name: "Inputs", top: 0, left: 0, formulas: [] },
    // The used range starts at A3: addresses count from the sheet's first row, not the range's.
    { name: "Model", top: 2, left: 0, formulas: model },
    {
      name: "Summary",
      top: 4,
      left: 27,
      formulas: [['=ROUND(REE.PRICE("Tb4O7"),0)', '="REE.PRICE is text"', 12]],
    },
  ];
  expect(JSON.stringify(model).length).toBeGreaterThan(PAYLOAD_LIMIT);
  const counters = installExcel(sheets);
  const progress: string[] = [];

  const found = await officeExcel.findReeFormulas((step) =>
    progress.push(`${step.sheetNumber}/${step.sheets} ${step.sheet} ${step.found}`)
  );

  expect(found).toHaveLength(5_001);
  expect(found[0]).toEqual({
    sheet: "Model",
    address: "C3",
    formula: '=REE.PRICE("Dy2O3","Europe",B3,"USD/kg","value")*ROUND(C3/1000,2)',
  });
  expect(found[1].address).toBe("C13");
  expect(found[5_000]).toEqual({
    sheet: "Summary",
    address: "AB5",
    formula: '=ROUND(REE.PRICE("Tb4O7"),0)',
  });
  expect(counters.largestResponse).toBeLessThanOrEqual(PAYLOAD_LIMIT);
  expect(progress[0]).toBe("1/3 Inputs 0");
  expect(progress[progress.length - 1]).toBe("3/3 Summary 5001");
});

test("referenced cells are read in batches; a sheet that is gone says so and spoils no other", async () => {
  installExcel(
    [{ name: "Inputs", top: 0, left: 0, formulas: [[1]], values: { B2: "Dy2O3", C3: 45_839 } }],
    { PRODUCT: "B2" }
  );
  const read = await officeExcel.readReferences([
    "'Inputs'!B2",
    "'Gone'!A1",
    "'Inputs'!C3",
    "'Inputs'!PRODUCT",
    "'Inputs'!B2:B9",
  ]);
  expect(Object.fromEntries(read)).toEqual({
    "'Inputs'!B2": { ok: true, address: "Inputs!B2", cells: 1, values: [["Dy2O3"]] },
    "'Gone'!A1": { ok: false, message: "The requested resource doesn't exist." },
    "'Inputs'!C3": { ok: true, address: "Inputs!C3", cells: 1, values: [[45_839]] },
    "'Inputs'!PRODUCT": { ok: true, address: "Inputs!B2", cells: 1, values: [["Dy2O3"]] },
    // A range's values are not read: its size says that it is one.
    "'Inputs'!B2:B9": { ok: true, address: "Inputs!B2:B9", cells: 8, values: [] },
  });
});
