import { Failure, problemsOf } from "../../src/core/result";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dayFromIso } from "../../src/core/dates";
import { makeCatalogue } from "../../src/functions/catalogue";
import { findPrice } from "../../src/functions/answers";
import { activeDataset, applyData, dataState } from "../../src/functions/store";
import { importUserData, removeLayer } from "../../src/taskpane/shell/data-sync";

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
    [
      "wrong-types.json",
      /^prices, row 1, field "low": must be text\.$|^prices, row 1, field "high": must be a plain number, got 'cheap'/,
    ],
    [
      "wrong-table.json",
      "Table 'controls' cannot be imported; the importable tables are sources, prices, fx, volumes, shares.",
    ],
    ["unknown-product.csv", "Line 2, product: Unknown product 'Dy2O4'. Did you mean Dy2O3?"],
    ["unknown-market.csv", /^Line 2, market: Unknown market 'Rotterdamm Spot'\./],
    [
      "unparseable-date.csv",
      "Line 2, date: '01/08/2025' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY for monthly and annual figures).",
    ],
    ["dates-out-of-range.csv", "Line 2, date: 2099-01-01 is in the future."],
    ["dates-out-of-range.csv", "Line 3, date: 1850 is before 1900."],
    ["low-above-high.csv", "Line 2, low: low 950 is above high 900."],
    ["duplicate-keys.csv", "Line 3: Dy2O3 in Europe on 2025-08-01 repeats line 2."],
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
      "Column 'source' is missing. The columns are product, market, date, low, high, unit, source (and optionally note, estimated).",
    ],
    [
      "thousands-separator.csv",
      "Line 2, low: '1,000' is not a number such as 1234.5, without thousands separators.",
    ],
    ["unclosed-quote.csv", /^Line 2: Quoted field unterminated\.$/],
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

  test("an oversized file is refused before parsing", () => {
    const before = current();
    const header = "product,market,date,low,high,unit,source\n";
    const huge = header + "Dy2O3,Europe,2025-08-01,900,950,USD/kg,Test feed\n".repeat(45_000);
    expect(importUserData(huge, "huge.csv", TODAY)).toMatchObject({
      ok: false,
      problems: ["The file is 2.2 MB; the limit is 2 MB."],
    });
    expect(current()).toBe(before);
  });

  test("too many rows are refused, and a long problem list is capped", () => {
    const rows = Array.from(
      { length: 20_001 },
      (_, index) => `Dy2O4,Europe,2025-08-01,${index},${index},USD/kg,x`
    ).join("\n");
    expect(
      importUserData(`product,market,date,low,high,unit,source\n${rows}`, "rows.csv", TODAY)
    ).toMatchObject({ ok: false, problems: ["The file has 20001 rows; the limit is 20000."] });
    const bad = Array.from(
      { length: 80 },
      (_, index) => `Dy2O4,Europe,2025-08-01,${index},${index},USD/kg,x`
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
