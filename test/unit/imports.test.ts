import { Failure, problemsOf } from "../../src/core/result";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dayFromIso } from "../../src/core/dates";
import { makeCatalogue } from "../../src/functions/catalogue";
import { findPrice } from "../../src/functions/answers";
import { activeDataset, applyData, dataState } from "../../src/functions/store";
import { importUserData, removeLayer } from "../../src/taskpane/shell/data-sync";
import { importText } from "../../src/core/imports";
import { UserLayer } from "../../src/core/layers";

const FIXTURES = join(__dirname, "..", "fixtures", "imports");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const TODAY = (() => {
  const day = dayFromIso("2026-11-28");
  if (!day.ok) throw new Error(day.message);
  return day.value;
})();
const catalogue = makeCatalogue({ today: () => TODAY });
const current = () => {
  const dataset = activeDataset();
  if (!dataset.ok) throw new Error(dataset.message);
  return dataset.value;
};
const formula = (id: keyof typeof catalogue, ...args: unknown[]) => {
  const result = catalogue[id].run(current(), args);
  return "ok" in result ? (result.ok ? result.value : `${result.kind}: ${result.message}`) : result;
};

afterEach(() => {
  // Back to the bundled data alone after every test.
  applyData({ layers: [] });
});

describe("importing your own price series", () => {
  test("a CSV of three prices overlays the bundled data, is marked as user data, and can be removed", () => {
    expect(formula("PRICE", "Dy2O3", "Europe", "2025-08-15")).toBe(820); // the fixture's July 2025
    const imported = importUserData(fixture("three-prices.csv"), "three-prices.csv", TODAY);
    expect(imported).toEqual({ ok: true, value: "3 prices from three-prices.csv" });
    expect(formula("PRICE", "Dy2O3", "Europe", "2025-08-15")).toBe(925);
    expect(formula("PRICE", "Tb4O7", "Europe", "2025-08-15", null, "source")).toBe(
      "User data: Test feed (synthetic), Imported from three-prices.csv, 2026-11-28"
    );
    expect(formula("PRICE", "Dy2O3", "Europe", "2025-07-15")).toBe(820); // older bundled points stay
    expect(formula("DATAINFO", "userData")).toBe("three-prices.csv: 3 rows, imported 2026-11-28");
    const layer = dataState()!.layers[0];
    expect(removeLayer(layer.id)).toEqual({ ok: true });
    expect(formula("PRICE", "Dy2O3", "Europe", "2025-08-15")).toBe(820);
    expect(formula("DATAINFO", "userData")).toBe("none");
  });

  test("a user's row replaces the bundled row with the same product, market and date", () => {
    const csv =
      "product,market,date,low,high,unit,source\nDy2O3,Europe,2025-04-15,500,700,USD/kg,Test feed (synthetic)\n";
    expect(formula("PRICE", "Dy2O3", "Europe", "2025-04-15", null, "low")).toBe(600);
    expect(importUserData(csv, "fix.csv", TODAY).ok).toBe(true);
    expect(formula("PRICE", "Dy2O3", "Europe", "2025-04-15", null, "low")).toBe(500);
  });

  test("a BOM, ';' separators, decimal commas and CRLF from a European Excel are read correctly", () => {
    expect(importUserData(fixture("semicolon-bom-crlf.csv"), "eu.csv", TODAY)).toMatchObject({
      ok: true,
    });
    expect(formula("PRICE", "Dy2O3", "Europe", "2025-08-01", null, "low")).toBe(900.5);
    expect(formula("PRICE", "Tb4O7", "Europe", "2025-08-01", null, "high")).toBe(3700.5);
    expect(formula("PRICE", "Tb4O7", "Europe", "2025-08-01", null, "source")).toMatch(
      /^User data: Test feed; synthetic,/
    );
  });

  test("a JSON subset in the dataset's own form is accepted and marked as user data", () => {
    expect(importUserData(fixture("subset.json"), "subset.json", TODAY)).toMatchObject({
      ok: true,
      value: "1 rows from subset.json",
    });
    expect(formula("PRICE", "Dy2O3", "Europe", "2025-08-01", null, "source")).toBe(
      "User data: Test feed, Synthetic test series, 2025-08"
    );
  });
});

describe("a bad file is rejected whole, says where, and changes nothing", () => {
  test.each([
    ["truncated.json", /^The file is not valid JSON: /],
    ["wrong-types.json", "prices, row 1, high: 'cheap' is not a number."],
    [
      "wrong-table.json",
      "Table 'controls' cannot be imported; the importable tables are sources, prices, fx, volumes, shares.",
    ],
    ["unknown-product.csv", "Line 2, product: Unknown product 'Dy2O4'. Did you mean Dy2O3?"],
    ["unknown-market.csv", /^Line 2, market: Unknown market 'Rotterdamm Spot'\./],
    [
      "unparseable-date.csv",
      "Line 2, date: '01/08/2025' could be 1 August 2025 (day/month/year) or 8 January 2025 (month/day/year); choose the date order.",
    ],
    ["dates-out-of-range.csv", "Line 2, date: '2099-01-01' is in the future."],
    ["dates-out-of-range.csv", "Line 3, date: '1850' is before 1900."],
    ["low-above-high.csv", "Line 2, low: low 950 is above high 900."],
    ["duplicate-keys.csv", "Line 3: Dy2O3 in Europe for 2025-08-01 repeats line 2."],
    [
      "html-injection.csv",
      "Line 2, source: '<img src=x onerror=alert(1)>' contains < or >, which could be read as markup.",
    ],
    [
      "formula-injection.csv",
      /^Line 2, source: '=HYPERLINK\("http:\/\/evil","x"\)' starts with '=', which a spreadsheet would run as a formula\.$/,
    ],
    [
      "formula-injection.csv",
      "Line 3, source: '@SUM(1)' starts with '@', which a spreadsheet would run as a formula.",
    ],
    [
      "missing-column.csv",
      "Choose the column that names the source, or type the source (e.g. 'Fastmarkets, licensed feed').",
    ],
    [
      "thousands-separator.csv",
      // 1,000 is read as a thousand (a thousands separator), and then it is above the high.
      "Line 2, low: low 1000 is above high 950.",
    ],
    ["unclosed-quote.csv", 'Line 2: a quoted field has no closing quote (").'],
  ])("%s: %s", (file, message) => {
    const before = current();
    const result = importUserData(fixture(file), file, TODAY);
    expect(result.ok).toBe(false);
    expect(problemsOf(result as Failure)).toContainEqual(
      typeof message === "string" ? message : expect.stringMatching(message)
    );
    expect(current()).toBe(before);
    expect(dataState()!.layers).toEqual([]);
  });

  test("the row budget counts the imports already held, not just this file", () => {
    const state = dataState()!;
    const held = {
      id: "U1",
      name: "big.csv",
      importedAt: "2026-11-28",
      tables: {},
      prices: { start: { length: 999_999 } },
    } as unknown as UserLayer;
    const result = importText(
      "product,market,date,low,high,unit,source\nDy2O3,Europe,2025-08-01,900,950,USD/kg,Feed\nDy2O3,Europe,2025-08-04,900,950,USD/kg,Feed\n",
      "two.csv",
      { base: state.base, layers: [held], dataset: state.dataset, today: TODAY }
    );
    expect(problemsOf(result as Failure)).toEqual([
      "This import has 2 rows and the imports already hold 999,999; the budget is 1,000,000 rows across all imports. Remove an import you no longer need, or import a shorter period.",
    ]);
  });

  test("a long problem list is capped at 50, with a count of the rest", () => {
    const bad = Array.from(
      { length: 80 },
      (_, index) => `Unknown${index},Europe,2025-08-01,${index},${index},USD/kg,x`
    ).join("\n");
    const result = importUserData(
      `product,market,date,low,high,unit,source\n${bad}`,
      "bad.csv",
      TODAY
    ) as Failure;
    expect(problemsOf(result)).toHaveLength(51);
    expect(problemsOf(result)[50]).toBe("… and 30 more problems.");
  });

  test("arbitrary bytes never crash the importer and never change the data", () => {
    const before = current();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 400 }).map((bytes) => new TextDecoder().decode(bytes)),
          fc.json()
        ),
        fc.constantFrom("x.csv", "x.json"),
        (text, name) => {
          const result = importUserData(text, name, TODAY);
          if (result.ok) applyData({ layers: [] });
          else expect(problemsOf(result).length).toBeGreaterThan(0);
          expect(current()).toBe(before);
        }
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1000) }
    );
  });
});

test("findPrice sees imported data through the same store the functions use", () => {
  importUserData(fixture("three-prices.csv"), "three-prices.csv", TODAY);
  const dataset = current();
  const price = findPrice(
    dataset,
    dataset.products.get("NdPr oxide")!,
    dataset.markets.get("FOB China")!,
    undefined,
    "USD/kg"
  );
  expect(price.ok && price.value.price.mid).toBe(63);
});
