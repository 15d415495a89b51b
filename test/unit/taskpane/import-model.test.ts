/*
 * The import's mapping step without a browser: the columns as the user sees them, edits to the
 * mapping, the preview of rows as they will be imported, layouts remembered per signature, and
 * what a JSON file holds.
 */
import { dayFromIso } from "../../../src/core/dates";
import { LongMapping, WideMapping } from "../../../src/core/import/types";
import { readTable } from "../../../src/core/import/reader";
import {
  KeyValueStore,
  LayoutMemory,
  columnHeadings,
  firstRowOf,
  outcomeProblems,
  previewRows,
  readJsonContent,
  sampleValues,
  withConstant,
  withDateColumn,
  withRole,
  withSeries,
  withShape,
} from "../../../src/taskpane/sections/data/import-model";

const day = (iso: string) => {
  const parsed = dayFromIso(iso);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

const WIDE_ROWS = [
  ["Vendor X export", null, null],
  ["Date", "Dy2O3 Europe USD/kg", ""],
  ["2025-08-15", "931", "3010"],
  ["2025-08-22", "", "3020"],
];

const LONG: LongMapping = {
  shape: "long",
  headerRow: 1,
  constants: { source: "Vendor X" },
  columns: ["date", "price", "ignore"],
};

test("columns are named by their heading, or by their number where the heading is empty", () => {
  expect(columnHeadings(WIDE_ROWS, 1)).toEqual(["Date", "Dy2O3 Europe USD/kg", "Column 3"]);
  expect(sampleValues(WIDE_ROWS, 1)).toEqual(["2025-08-15", "931", "3010"]);
});

test("a role set on a column past the mapping's end extends it with ignored columns", () => {
  const mapping = withRole({ ...LONG, columns: ["date"] }, 2, "product");
  expect(mapping.columns).toEqual(["date", "ignore", "product"]);
});

test("switching to wide keeps the date and makes each other priced column a series named by its heading", () => {
  const headings = columnHeadings(WIDE_ROWS, 1);
  const wide = withShape(LONG, "wide", headings, LONG) as WideMapping;
  expect(wide).toMatchObject({ shape: "wide", dateColumn: 0, constants: { source: "Vendor X" } });
  expect(wide.series).toEqual([
    { column: 1, product: "Dy2O3 Europe USD/kg", field: "price" },
    { column: 2, product: "Column 3", field: "price" },
  ]);
  // And back: the date stays the date, the rest waits for the user.
  const long = withShape(wide, "long", headings, wide) as LongMapping;
  expect(long.columns).toEqual(["date", "ignore", "ignore"]);
});

test("switching shape takes the layout guess when it has that shape", () => {
  const guessed: WideMapping = {
    shape: "wide",
    headerRow: 1,
    constants: {},
    dateColumn: 0,
    series: [{ column: 1, product: "Dy2O3", market: "Europe", unit: "USD/kg", field: "price" }],
  };
  const wide = withShape(LONG, "wide", columnHeadings(WIDE_ROWS, 1), guessed) as WideMapping;
  expect(wide.series).toEqual(guessed.series);
  // What the user typed for every row is kept.
  expect(wide.constants).toEqual({ source: "Vendor X" });
});

test("series columns are edited, left out and taken in again", () => {
  const wide: WideMapping = {
    shape: "wide",
    headerRow: 1,
    constants: {},
    dateColumn: 0,
    series: [{ column: 1, product: "Dy2O3", market: "Europe", field: "price" }],
  };
  const edited = withSeries(wide, 1, "Dy2O3 Europe USD/kg", { market: "", unit: " USD/kg " });
  expect(edited.series).toEqual([{ column: 1, product: "Dy2O3", unit: "USD/kg", field: "price" }]);
  const added = withSeries(edited, 2, "Tb4O7", { field: "high" });
  expect(added.series.map((series) => [series.column, series.product, series.field])).toEqual([
    [1, "Dy2O3", "price"],
    [2, "Tb4O7", "high"],
  ]);
  expect(withSeries(added, 1, "", "ignore").series.map((series) => series.column)).toEqual([2]);
  // A column chosen as the dates is no series any more.
  expect(withDateColumn(added, 2).series.map((series) => series.column)).toEqual([1]);
});

test("a constant is set trimmed, and emptied away", () => {
  const set = withConstant(LONG, "market", "  Europe ");
  expect(set.constants).toEqual({ source: "Vendor X", market: "Europe" });
  expect(withConstant(set, "source", " ").constants).toEqual({ market: "Europe" });
});

test("the preview shows dates by their precision, numbers as read, and the lines they came from", () => {
  const rows = [
    ["Date", "Price"],
    ["2025-08-15", "1.234,5"],
    ["2025-09", "7"],
    ["2024", "8"],
  ];
  const mapping: LongMapping = {
    shape: "long",
    headerRow: 0,
    constants: { product: "Dy2O3", market: "Europe", unit: "USD/kg", source: "Desk" },
    columns: ["date", "price"],
    decimalComma: true,
  };
  const outcome = readTable(rows, mapping, { today: day("2026-06-30") });
  expect(outcome.problems).toEqual([]);
  expect(previewRows(outcome.observations, 2)).toEqual([
    {
      line: 2,
      product: "Dy2O3",
      market: "Europe",
      date: "2025-08-15",
      low: "1,234.5",
      high: "1,234.5",
      unit: "USD/kg",
      source: "Desk",
    },
    expect.objectContaining({ line: 3, date: "2025-09" }),
  ]);
  expect(previewRows(outcome.observations, 10)[2].date).toBe("2024");
});

test("problems past the cap are counted in a last line", () => {
  expect(outcomeProblems({ problems: ["Line 2, Date: bad."], moreProblems: 3 })).toEqual([
    "Line 2, Date: bad.",
    "… and 3 more problems.",
  ]);
  expect(outcomeProblems({ problems: [], moreProblems: 0 })).toEqual([]);
});

test("a range's first sheet row comes from its address", () => {
  expect(firstRowOf("Sheet1!B5:D9")).toBe(5);
  expect(firstRowOf("'My prices'!$A$12:$C$40")).toBe(12);
  expect(firstRowOf("A1")).toBe(1);
});

describe("remembered layouts", () => {
  const storage = (): KeyValueStore & { items: Map<string, string> } => {
    const items = new Map<string, string>();
    return {
      items,
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
      removeItem: (key) => void items.delete(key),
    };
  };
  const layout = { mapping: LONG, name: "vendor-x-2025-08.csv", savedOn: "2025-09-01" };

  test("a mapping remembered for a signature comes back for it, and only for it", () => {
    const memory = new LayoutMemory(storage());
    memory.remember("3-abc", layout);
    expect(memory.recall("3-abc")).toEqual(layout);
    expect(memory.recall("3-def")).toBeUndefined();
    memory.forget("3-abc");
    expect(memory.recall("3-abc")).toBeUndefined();
  });

  test("a wide mapping comes back whole, a series' note (a purity) included", () => {
    const memory = new LayoutMemory(storage());
    const wide: WideMapping = {
      shape: "wide",
      headerRow: 2,
      constants: { source: "Vendor X", currency: "CNY" },
      dateOrder: "dmy",
      decimalComma: true,
      dateColumn: 0,
      series: [
        { column: 1, product: "Dy2O3", market: "China", unit: "kg", field: "price", note: "99.5%" },
        { column: 3, product: "Tb4O7", field: "low" },
      ],
    };
    memory.remember("4-abc", { ...layout, mapping: wide });
    expect(memory.recall("4-abc")?.mapping).toEqual(wide);
  });

  test("a damaged entry is never used, and is dropped", () => {
    const store = storage();
    const memory = new LayoutMemory(store);
    store.setItem("ree-import-layout:bad-json", "{not json");
    store.setItem(
      "ree-import-layout:bad-role",
      JSON.stringify({ ...layout, mapping: { ...LONG, columns: ["date", "price!"] } })
    );
    expect(memory.recall("bad-json")).toBeUndefined();
    expect(memory.recall("bad-role")).toBeUndefined();
    expect([...store.items.keys()]).toEqual([]);
  });

  test("storage that fails or is missing only means nothing is remembered", () => {
    const failing: KeyValueStore = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {
        throw new Error("SecurityError");
      },
    };
    for (const memory of [new LayoutMemory(failing), new LayoutMemory(undefined)]) {
      expect(() => memory.remember("3-abc", layout)).not.toThrow();
      expect(memory.recall("3-abc")).toBeUndefined();
    }
  });
});

describe("JSON files", () => {
  test("the dataset's own form is recognised, to be imported as it is", () => {
    expect(readJsonContent('{"tables": {"prices": {}}}', "mine.json")).toEqual({
      kind: "dataset",
    });
  });

  test("an array of rows is a table whose first array is row 1", () => {
    expect(readJsonContent('[["Date","Price"],["2025-08-15",931]]', "t.json")).toEqual({
      kind: "table",
      rows: [
        ["Date", "Price"],
        ["2025-08-15", 931],
      ],
      firstRow: 1,
    });
  });

  test("an array of records is a table headed by their keys, in order of first appearance", () => {
    const content = readJsonContent(
      '[{"date":"2025-08-15","price":931},{"date":"2025-08-22","note":"est.","price":932}]',
      "records.json"
    );
    expect(content).toEqual({
      kind: "table",
      rows: [
        ["date", "price", "note"],
        ["2025-08-15", 931, undefined],
        ["2025-08-22", 932, "est."],
      ],
      firstRow: 0,
    });
  });

  test("cells that are objects or lists are refused with their row and column, never thrown on", () => {
    const content = readJsonContent(
      '[{"date":"2025-08-15","price":{"toString":1}},{"date":[[[[1]]]],"price":1}]',
      "hostile.json"
    );
    expect(content).toEqual({
      kind: "refused",
      problems: [
        "Row 1, price: the cell holds an object; a cell must be text, a number, true/false or empty.",
        "Row 2, date: the cell holds a list; a cell must be text, a number, true/false or empty.",
      ],
    });
  });

  test("text that is not JSON, or JSON that is no table, says so", () => {
    expect(readJsonContent("{", "broken.json")).toEqual({
      kind: "refused",
      problems: [expect.stringMatching(/^broken\.json is not valid JSON: /)],
    });
    expect(readJsonContent("42", "number.json")).toEqual({
      kind: "refused",
      problems: [expect.stringContaining("number.json is neither a dataset")],
    });
    expect(readJsonContent('[1, ["a"]]', "mixed.json").kind).toBe("refused");
  });
});
