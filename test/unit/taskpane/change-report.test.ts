/*
 * The change report: the REE formulas of a workbook evaluated against the data in use and the data
 * offered, as an analyst sees them before accepting an update. The two datasets are the tiny
 * dataset and a copy with a revised figure, a new year and a removed price.
 */
import { Dataset, loadDataset } from "../../../src/core/dataset";
import { dayFromIso, serialFromDay } from "../../../src/core/dates";
import { TextDataset } from "../../../src/core/schema";
import { makeCatalogue } from "../../../src/functions/catalogue";
import {
  ChangeReport,
  FormulaCell,
  ReferenceValue,
  referenceKey,
  referencesOf,
  reportChanges,
  reportChangesInSteps,
} from "../../../src/taskpane/sections/data/change-report";
import { TINY, tinyDataset } from "./tiny-dataset";

const TODAY = (() => {
  const day = dayFromIso("2026-01-15");
  if (!day.ok) throw new Error(day.message);
  return day.value;
})();
const serial = (iso: string) => {
  const day = dayFromIso(iso);
  if (!day.ok) throw new Error(day.message);
  return serialFromDay(day.value);
};

/** The update: Dy2O3 USGS 2024 revised 257 → 300, a 2025 figure of 340 added, Tb metal's price removed. */
function updated(): Dataset {
  const text: TextDataset = JSON.parse(JSON.stringify(TINY));
  text.meta.version = "tiny.2";
  const prices = text.tables.prices;
  const column = (name: string) => prices.columns.indexOf(name);
  const row2024 = prices.rows.find(
    (row) => row[column("market")] === "USGS" && row[column("period")] === "2024"
  )!;
  row2024[column("low")] = "300";
  row2024[column("high")] = "300";
  prices.rows.push(row2024.map((cell, index) => (index === column("period") ? "2025" : cell)));
  prices.rows[prices.rows.length - 1][column("low")] = "340";
  prices.rows[prices.rows.length - 1][column("high")] = "340";
  prices.rows = prices.rows.filter((row) => row[column("product")] !== "Tb metal");
  const loaded = loadDataset(text);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.value;
}

const before = tinyDataset();
const after = updated();
const options = { catalogue: makeCatalogue({ today: () => TODAY }), today: () => TODAY };

/** Cells on Sheet1 (or "Sheet!A1"), a map of what referenced cells hold, and the report. */
function workbook(
  formulas: Record<string, string>,
  values: Record<string, ReferenceValue | unknown> = {}
): { cells: FormulaCell[]; resolve: (key: string) => ReferenceValue | undefined } {
  const cells = Object.entries(formulas).map(([at, formula]) => {
    const [sheet, address] = at.includes("!") ? at.split("!") : ["Sheet1", at];
    return { sheet, address, formula };
  });
  const read = new Map<string, ReferenceValue>();
  for (const [at, value] of Object.entries(values)) {
    const [sheet, address] = at.includes("!") ? at.split("!") : ["Sheet1", at];
    const isRead = typeof value === "object" && value !== null && "ok" in value;
    read.set(
      referenceKey(address, sheet),
      isRead
        ? (value as ReferenceValue)
        : { ok: true, address: `${sheet}!${address}`, cells: 1, values: [[value]] }
    );
  }
  // A formula cell referenced reads as Excel gives it now: its value with the data in use.
  for (const cell of cells) {
    const key = referenceKey(cell.address, cell.sheet);
    if (!read.has(key))
      read.set(key, {
        ok: true,
        address: `${cell.sheet}!${cell.address}`,
        cells: 1,
        values: [[""]],
      });
  }
  return { cells, resolve: (key) => read.get(key) };
}

function report(
  formulas: Record<string, string>,
  values: Record<string, unknown> = {},
  extra: { limit?: number } = {}
): ChangeReport {
  const { cells, resolve } = workbook(formulas, values);
  return reportChanges(cells, before, after, resolve, { ...options, ...extra });
}

describe("the report lists the calls whose value would change, and only those", () => {
  test("a revised figure, a new latest figure and an unchanged price", () => {
    const result = report({
      A1: '=REE.PRICE("Dy2O3","USGS",2024)',
      A2: '=REE.PRICE("Dy2O3")',
      A3: '=REE.PRICE("Dy2O3","Europe")',
    });
    expect(result.changes.map(({ address, old, new: next }) => [address, old, next])).toEqual([
      ["A2", 257, 340],
      ["A1", 257, 300],
    ]);
    expect(result.changes[0]).toMatchObject({
      sheet: "Sheet1",
      formula: '=REE.PRICE("Dy2O3")',
      call: 'REE.PRICE("Dy2O3")',
      whole: true,
      kind: "number",
      relative: (340 - 257) / 257,
    });
    expect(result.totals).toEqual({ formulas: 3, calls: 3, cellsChanged: 2, cellsNotEvaluated: 0 });
    expect(result.notEvaluated).toEqual([]);
  });

  test("errors appearing come first, then the largest relative change; ties keep the workbook's order", () => {
    const result = report({
      A1: '=REE.PRICE("Dy2O3","USGS",2024)', // +16.7%
      A2: '=REE.PRICE("Tb metal","China",,"CNY/t")', // 9,100,000 → #N/A
      A3: '=REE.PRICE("Dy2O3")', // +32.3%
      A4: '=REE.PRICE("Dy2O3","USGS",2024,"USD/t")', // +16.7%, after A1
    });
    expect(result.changes.map((change) => change.address)).toEqual(["A2", "A3", "A1", "A4"]);
    expect(result.changes[0]).toMatchObject({
      kind: "error",
      old: 9_100_000,
      new: { error: "#N/A", message: expect.stringContaining("Tb metal") },
    });
  });

  test("the same error before and after, reworded or not, is no change", () => {
    const result = report({
      A1: '=REE.PRICE("Nope")',
      A2: '=REE.PRICE("Tb4O7","Europe")',
      A3: "=REE.NOPE(1)",
    });
    expect(result.changes).toEqual([]);
    expect(result.totals).toMatchObject({ formulas: 3, calls: 3, cellsChanged: 0 });
  });

  test("past the limit, changes are counted and not listed; the largest are the ones kept", () => {
    const result = report(
      {
        A1: '=REE.PRICE("Dy2O3","USGS",2024)',
        A2: '=REE.PRICE("Dy2O3")',
        A3: '=REE.PRICE("Dy2O3","USGS",2024,"USD/t")',
      },
      {},
      { limit: 1 }
    );
    expect(result.changes.map((change) => change.address)).toEqual(["A2"]);
    expect(result.changesNotListed).toBe(2);
    expect(result.totals.cellsChanged).toBe(3);
  });

  test("a spilled table is compared whole: how many cells differ, and the largest move", () => {
    const result = report({ B2: '=REE.PRICEHISTORY("Dy2O3","USGS")' });
    expect(result.changes).toHaveLength(1);
    const [change] = result.changes;
    expect(change.kind).toBe("table");
    expect(change.table).toMatchObject({
      rows: { old: 3, new: 4 },
      columns: { old: 4, new: 4 },
      cells: 16,
      // 2024's low, high and mid revised; 2025's four cells new.
      differing: 7,
      largest: { row: 2, column: 1, old: 257, new: 300 },
    });
    expect(change.relative).toBeCloseTo(43 / 257);
    // The same history from 2023 to 2023 does not move.
    expect(report({ B2: '=REE.PRICEHISTORY("Dy2O3","USGS",2023,2023)' }).changes).toEqual([]);
  });

  test("the other cells of a spilled table, if Excel gives them the anchor's formula, are not counted again", () => {
    const history = '=REE.PRICEHISTORY("Dy2O3","USGS")';
    const result = report({ B2: history, B3: history, C4: history, F9: history });
    // B3 and C4 lie in B2's table (3 rows, 4 columns); F9 is a formula of its own.
    expect(result.changes.map((change) => change.address)).toEqual(["B2", "F9"]);
    expect(result.totals).toMatchObject({ formulas: 2, calls: 2, cellsChanged: 2 });
  });

  test("an REE call inside a larger formula is reported as that call, not as the cell's value", () => {
    const result = report({ C3: '=ROUND(REE.PRICE("Dy2O3","USGS",2024)*1000,0)+REE.DATAINFO()' });
    expect(result.changes).toEqual([
      expect.objectContaining({ call: 'REE.PRICE("Dy2O3","USGS",2024)', whole: false, old: 257 }),
      expect.objectContaining({
        call: "REE.DATAINFO()",
        old: "tiny.1",
        new: "tiny.2",
        kind: "text",
      }),
    ]);
    expect(result.totals).toMatchObject({ formulas: 1, calls: 2, cellsChanged: 1 });
  });
});

describe("arguments that are references", () => {
  test("read at their current values, the same on both sides", () => {
    const result = report(
      { A1: '=REE.PRICE(B1,"USGS",C1)', A2: "=REE.PRICE(Other!B1,,'Other'!$C$1)" },
      { B1: "Dy2O3", C1: 2024, "Other!B1": "Dy2O3", "Other!C1": 2023 }
    );
    expect(result.changes.map(({ address, old, new: next }) => [address, old, next])).toEqual([
      ["A1", 257, 300],
    ]);
    expect(result.totals.calls).toBe(2);
  });

  test("referencesOf names each referenced cell once, qualified by sheet", () => {
    const { cells } = workbook({
      A1: '=REE.PRICE(B1,"USGS",$C$1)',
      A2: "=REE.PRICE(b1,,Other!C1)",
      "My sheet!A1": "=REE.PRICE(B1,,Prices)",
    });
    expect(referencesOf(cells)).toEqual([
      "'Sheet1'!B1",
      "'Sheet1'!C1",
      "'Other'!C1",
      "'My sheet'!B1",
      "'My sheet'!PRICES",
    ]);
  });

  test("a reference to another REE cell takes that cell's new value after the change", () => {
    // A1 asks which year the latest USGS figure is for: 2024 now, 2025 after the update.
    const result = report({
      A1: '=REE.PRICE("Dy2O3","USGS",,,"date")',
      A2: '=REE.PRICE("Dy2O3","Europe",A1)',
    });
    expect(result.changes.map(({ address, old, new: next }) => [address, old, next])).toEqual([
      ["A1", serial("2024-01-01"), serial("2025-01-01")],
    ]);
    // Europe had no price yet on 2024-01-01, nor on 2025-01-01: the same #N/A, no change.
    // Excel shows A1's current value; read as it is, A2 would move to 2024's revised 300.
    const usgs = report(
      {
        A1: '=REE.PRICE("Dy2O3","USGS",,,"date")',
        A2: '=REE.PRICE("Dy2O3","USGS",A1)',
      },
      { A1: serial("2024-01-01") }
    );
    expect(usgs.changes.find((change) => change.address === "A2")).toMatchObject({
      old: 257,
      new: 340,
    });
  });

  test("a reference into a table an REE formula spills reads that table on each side", () => {
    // B10 spills dates down column B: 2023, 2024 now; 2023, 2024, 2025 after. B12 is empty now.
    const result = report(
      {
        B10: '=REE.PRICEHISTORY("Dy2O3","USGS",,,,0)',
        A1: '=REE.PRICE("Dy2O3","Europe",B12)',
      },
      { B12: "" }
    );
    // Now B12 is empty (the latest Europe price); after, 2025-01-01, before Europe's first price.
    expect(result.changes.find((change) => change.address === "A1")).toMatchObject({
      kind: "error",
      old: 850,
      new: { error: "#N/A" },
    });
  });

  test("a reference that could not be read, a range, a partly REE cell or a circle: not evaluated, with the reason", () => {
    const result = report(
      {
        A1: "=REE.PRICE(Gone!B1)",
        A2: "=REE.PRICE(B1:B2)",
        A3: '=REE.PRICE("Dy2O3",,A4)',
        A4: '=REE.PRICE("Dy2O3")*2',
        A5: '=REE.PRICE("Dy2O3",,A6)',
        A6: '=REE.PRICE("Dy2O3",,A5)',
      },
      {
        "Gone!B1": { ok: false, message: "The requested resource doesn't exist." },
        "B1:B2": { ok: true, address: "Sheet1!B1:B2", cells: 2, values: [] },
      }
    );
    const reasons = Object.fromEntries(
      result.notEvaluated.map((entry) => [entry.address, entry.reason])
    );
    expect(reasons).toEqual({
      A1: {
        kind: "unread",
        argument: 1,
        reference: "Gone!B1",
        message: "The requested resource doesn't exist.",
      },
      A2: { kind: "range", argument: 1, reference: "B1:B2" },
      A3: { kind: "partial", argument: 3, reference: "A4" },
      A5: { kind: "circular", argument: 3, reference: "A6" },
      A6: { kind: "circular", argument: 3, reference: "A5" },
    });
    // A4 itself is evaluated: its REE call changes.
    expect(result.changes.map((change) => change.address)).toEqual(["A4"]);
    expect(result.totals).toMatchObject({ formulas: 6, cellsNotEvaluated: 5, cellsChanged: 1 });
  });

  test("a referenced cell showing an error passes it through, as Excel does", () => {
    const result = report({ A1: "=REE.PRICE(B1)" }, { B1: "#N/A" });
    expect(result.changes).toEqual([]);
    expect(result.notEvaluated).toEqual([]);
  });
});

describe("arguments the pane cannot know", () => {
  test("a formula inside the formula is listed as not evaluated, never guessed", () => {
    const result = report({
      A1: '=REE.PRICE("Dy2O3","USGS",EDATE(B1,12))',
      A2: '=REE.PRICE("Dy2O3","USGS",B1+1)',
      A3: '=REE.PRICE("Dy2O3","USGS",DATE(2024,6,30))',
    });
    expect(result.notEvaluated.map(({ address, reason }) => [address, reason])).toEqual([
      ["A1", { kind: "expression", argument: 3, text: "EDATE(B1,12)" }],
      ["A2", { kind: "expression", argument: 3, text: "B1+1" }],
    ]);
    // A literal DATE() is exactly a date: evaluated.
    expect(result.changes.map((change) => change.address)).toEqual(["A3"]);
  });

  test("the not-evaluated list has the same limit, and counts the rest", () => {
    const formulas = Object.fromEntries(
      Array.from({ length: 5 }, (_, index) => [`A${index + 1}`, "=REE.PRICE(UPPER(B1))"])
    );
    const result = report(formulas, {}, { limit: 3 });
    expect(result.notEvaluated).toHaveLength(3);
    expect(result.notEvaluatedNotListed).toBe(2);
    expect(result.totals.cellsNotEvaluated).toBe(5);
  });
});

test("evaluated in steps: the same report, with progress, pausing between chunks", async () => {
  const formulas = Object.fromEntries(
    Array.from({ length: 10 }, (_, index) => [
      `A${index + 1}`,
      index % 2 === 0 ? '=REE.PRICE("Dy2O3")' : '=REE.PRICE("Dy2O3","Europe")',
    ])
  );
  const { cells, resolve } = workbook(formulas);
  const progress: [number, number][] = [];
  let pauses = 0;
  const stepped = await reportChangesInSteps(cells, before, after, resolve, {
    ...options,
    chunk: 4,
    onProgress: (done, total) => progress.push([done, total]),
    pause: async () => {
      pauses += 1;
    },
  });
  expect(stepped).toEqual(reportChanges(cells, before, after, resolve, options));
  expect(progress).toEqual([
    [4, 10],
    [8, 10],
    [10, 10],
  ]);
  expect(pauses).toBe(2);
  expect(stepped.totals.cellsChanged).toBe(5);
});
