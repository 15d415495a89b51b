import { dayFromIso, dayFromParts } from "../../src/core/dates";
import { Dataset } from "../../src/core/dataset";
import {
  UserLayer,
  addLayer,
  budgetRefusal,
  layerFromStored,
  storeLayer,
} from "../../src/core/layers";
import { pricesFromTextTable } from "../../src/core/import/resolve";
import { importJson } from "../../src/core/imports";
import { PriceColumns } from "../../src/core/price-series";
import { priceOnOrBefore } from "../../src/core/prices";
import { Failure, Result, problemsOf } from "../../src/core/result";
import { fixtureDataset, fixtureTextDataset } from "../helpers/dataset";

const day = (iso: string) => {
  const parsed = dayFromIso(iso);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};
const TODAY = day("2026-11-28");
const base = fixtureDataset();
const baseText = fixtureTextDataset();

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(result.message);
  return result.value;
};
const problems = (result: Result<unknown>) => problemsOf(result as Failure);

/** A layer from rows in the dataset's own prices form, cited to the layer's one source. */
function layer(id: string, rows: string[][]): UserLayer {
  const prices = value(
    pricesFromTextTable(
      {
        columns: ["product", "market", "period", "low", "high", "unit", "source", "note"],
        rows,
      },
      base,
      (row) => `row ${row + 1}`
    )
  );
  return {
    id,
    name: `${id}.csv`,
    importedAt: "2026-11-28",
    tables: {
      sources: {
        columns: ["id", "publisher", "title", "url", "published", "note"],
        rows: [[`${id}-S1`, "User data: Test feed", "Imported", "", "2026-11-28", ""]],
      },
    },
    prices,
  };
}

const mid = (dataset: Dataset, product: string, market: string, iso: string) => {
  const found = priceOnOrBefore(
    dataset,
    dataset.products.get(product)!,
    dataset.markets.get(market)!,
    day(iso),
    "USD/kg"
  );
  return found.ok ? found.value.mid : found.message;
};

describe("a layer of prices over the data in use", () => {
  const first = layer("U1", [
    ["Dy2O3", "Europe", "2025-04-15", "500", "700", "USD/kg", "U1-S1", ""],
    ["Dy2O3", "Europe", "2025-09-01", "1000", "1000", "USD/kg", "U1-S1", "late"],
  ]);

  test("replaces the base figure for the same period, adds new periods, and keeps the rest", () => {
    const next = value(addLayer(base, first, TODAY));
    expect(mid(base, "Dy2O3", "Europe", "2025-04-20")).toBe(750);
    expect(mid(next, "Dy2O3", "Europe", "2025-04-20")).toBe(600);
    expect(mid(next, "Dy2O3", "Europe", "2025-09-30")).toBe(1000);
    // The base's own July point still answers between them.
    expect(mid(next, "Dy2O3", "Europe", "2025-08-15")).toBe(
      mid(base, "Dy2O3", "Europe", "2025-08-15")
    );
    expect(next.priceEditionsOf("Dy2O3", "Europe", "2025-04-15").map((o) => o.source.id)).toEqual([
      "U1-S1",
    ]);
  });

  test("leaves the dataset it was added to unchanged, and shares every series it does not touch", () => {
    const next = value(addLayer(base, first, TODAY));
    expect(mid(base, "Dy2O3", "Europe", "2025-09-30")).not.toBe(1000);
    expect(next.priceSeriesOf("Tb4O7", "Europe")).toBe(base.priceSeriesOf("Tb4O7", "Europe"));
    expect(next.priceSeriesOf("Dy2O3", "Europe")).not.toBe(base.priceSeriesOf("Dy2O3", "Europe"));
    expect(next.layers.map((summary) => summary.rows)).toEqual([2]);
    expect(next.userSources.has("U1-S1")).toBe(true);
    expect(base.userSources.has("U1-S1")).toBe(false);
  });

  test("a later layer wins over an earlier one for the same period", () => {
    const second = layer("U2", [
      ["Dy2O3", "Europe", "2025-09-01", "2000", "2000", "USD/kg", "U2-S1", ""],
    ]);
    const both = value(addLayer(value(addLayer(base, first, TODAY)), second, TODAY));
    expect(mid(both, "Dy2O3", "Europe", "2025-09-02")).toBe(2000);
  });

  test("a series the base never had becomes a market of the product", () => {
    const fresh = layer("U1", [["La2O3", "Europe", "2025-01-01", "1", "2", "USD/kg", "U1-S1", ""]]);
    const next = value(addLayer(base, fresh, TODAY));
    expect(next.marketsByProduct.get("La2O3")!.map((market) => market.id)).toContain("Europe");
    expect(base.marketsByProduct.get("La2O3")!.map((market) => market.id)).not.toContain("Europe");
  });
});

describe("stored layers pass the same checks as a file import", () => {
  const good = layer("U1", [
    ["Dy2O3", "Europe", "2025-04-15", "500", "700", "USD/kg", "U1-S1", ""],
  ]);
  const reread = (stored: unknown) =>
    layerFromStored(stored, 1, () => {
      throw new Error("not a text-prices layer");
    });
  const tampered = (change: (prices: PriceColumns) => void, notes?: string[]) => {
    const copy = value(reread(JSON.parse(JSON.stringify(storeLayer(good)))));
    change(copy.prices!);
    if (notes) copy.prices!.notes = notes;
    return addLayer(base, copy, TODAY);
  };

  test("a stored layer reads back and answers as before", () => {
    const back = value(reread(JSON.parse(JSON.stringify(storeLayer(good)))));
    expect(mid(value(addLayer(base, back, TODAY)), "Dy2O3", "Europe", "2025-04-20")).toBe(600);
  });

  test.each([
    [null, "Layer 1 in the workbook's REE data is not a layer."],
    [[], "Layer 1 in the workbook's REE data is not a layer."],
    [{ name: "x", importedAt: "2026-01-01" }, "Layer 1 in the workbook's REE data has no id."],
    [
      { id: "U1", name: "x", importedAt: "2026-01-01", prices: { products: "Dy2O3" } },
      `Layer 1 in the workbook's REE data: "products" must be a list of texts.`,
    ],
    [
      {
        id: "U1",
        name: "x",
        importedAt: "2026-01-01",
        tables: { controls: { columns: [], rows: [] } },
      },
      "Layer 1 in the workbook's REE data holds a table 'controls', which a layer cannot have.",
    ],
  ])("a malformed record (%j) is refused with a sentence", (stored, message) => {
    expect(problems(reread(stored))).toEqual([message]);
  });

  test.each([
    [
      "a date in the future (9999-12-31)",
      (p: PriceColumns) => (p.start[0] = day("9999-12-31")),
      "the date 9999-12-31 is in the future",
    ],
    [
      "a date before 1900",
      (p: PriceColumns) => (p.start[0] = dayFromParts(1899, 12, 31)),
      "the date 1899-12-31 is before 1900 or not a day",
    ],
    [
      "an infinite price",
      (p: PriceColumns) => (p.high[0] = Infinity),
      "high Infinity is not a price",
    ],
    [
      "a price beyond any real one",
      (p: PriceColumns) => (p.high[0] = 1e306),
      "high 1e+306 is not a price",
    ],
    ["low above high", (p: PriceColumns) => (p.low[0] = 800), "low 800 is above high 700"],
    [
      "an index past its list",
      (p: PriceColumns) => (p.unit[0] = 9),
      "refers to a product, market, source, note, unit or period kind that is not there",
    ],
  ])("%s is refused", (_, change, message) => {
    const result = tampered(change);
    expect(result.ok).toBe(false);
    expect(problems(result)).toContainEqual(expect.stringContaining(message));
  });

  test("markup or a formula in a stored note is refused, as in a file", () => {
    const result = tampered((p) => (p.note[0] = 1), ["", '=HYPERLINK("http://evil")']);
    expect(problems(result)).toContainEqual(
      expect.stringContaining("which a spreadsheet would run as a formula")
    );
  });
});

describe("the row budget is for all imports together", () => {
  const sized = (rows: number) =>
    ({ prices: { start: { length: rows } }, tables: {} }) as unknown as UserLayer;
  test("two imports under the budget each can still exceed it together", () => {
    expect(budgetRefusal([sized(600_000)], 0)).toBeUndefined();
    expect(budgetRefusal([sized(600_000)], 500_000)).toBe(
      "This import has 500,000 rows and the imports already hold 600,000; the budget is 1,000,000 rows across all imports. Remove an import you no longer need, or import a shorter period."
    );
  });
});

describe("a JSON file with cells that are not cells is refused with a message, not a crash", () => {
  const context = { base: baseText, layers: [], dataset: base, today: TODAY };
  const json = (rows: unknown[]) =>
    JSON.stringify({
      tables: {
        prices: {
          columns: ["product", "market", "period", "low", "high", "unit", "source"],
          rows,
        },
      },
    });
  test("an object whose toString is not a function", () => {
    const result = importJson(
      json([["Dy2O3", { toString: 1 }, "2025-01", "1", "2", "USD/kg", "S"]]),
      "x.json",
      context
    );
    expect(problems(result)).toContainEqual(
      'prices, row 1, field "market": must be text or a number, not an object.'
    );
  });
  test("a very deeply nested list", () => {
    const text = `{"tables":{"prices":{"columns":["product"],"rows":[[${"[".repeat(5000)}${"]".repeat(5000)}]]}}}`;
    const result = importJson(text, "deep.json", context);
    expect(problems(result)).toContainEqual(
      'prices, row 1, field "product": must be text or a number, not a list.'
    );
  });
  test("a rate dated in the future", () => {
    const text = JSON.stringify({
      tables: {
        fx: {
          columns: ["period", "currency", "per_usd", "source"],
          rows: [["2099-01", "CNY", "7", "S"]],
        },
      },
    });
    expect(problems(importJson(text, "fx.json", context))).toContainEqual(
      'fx, row 1, field "period": 2099-01 is in the future.'
    );
  });
});
