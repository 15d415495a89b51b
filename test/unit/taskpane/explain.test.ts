import { serialFromDay, dayFromParts, dayFromIso } from "../../../src/core/dates";
import { makeCatalogue } from "../../../src/functions/catalogue";
import {
  hasReeCall,
  parseReeCall,
  parseReeCalls,
} from "../../../src/taskpane/sections/explain/formula-parser";
import {
  explainCall,
  parameterNamesOf,
  provenanceFieldIndex,
} from "../../../src/taskpane/sections/explain/model";
import { tinyDataset } from "./tiny-dataset";

const day = (iso: string) => {
  const parsed = dayFromIso(iso);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};
const TODAY = day("2026-01-15");
const parse = (formula: string) => parseReeCall(formula, () => TODAY);

describe("reading an REE call out of a cell's formula", () => {
  test("literal arguments, with empty ones kept in place", () => {
    expect(parse('=REE.PRICE("Dy2O3","China",,"CNY/t")')).toEqual({
      name: "PRICE",
      count: 1,
      args: [
        { kind: "value", value: "Dy2O3", text: '"Dy2O3"' },
        { kind: "value", value: "China", text: '"China"' },
        { kind: "missing" },
        { kind: "value", value: "CNY/t", text: '"CNY/t"' },
      ],
    });
    expect(parse("=REE.DATAINFO()")).toEqual({ name: "DATAINFO", count: 1, args: [] });
    expect(parse("=ree.share(,)")?.args).toEqual([{ kind: "missing" }, { kind: "missing" }]);
  });

  test("a string holding quotes, commas and parentheses stays one argument", () => {
    const call = parse('=REE.SHARE("Say ""hi"", (then) go",mining)');
    expect(call?.args[0]).toEqual({
      kind: "value",
      value: 'Say "hi", (then) go',
      text: '"Say ""hi"", (then) go"',
    });
    expect(call?.args).toHaveLength(2);
  });

  test("references, sheet-qualified, absolute, ranges and names, are to be read from Excel", () => {
    const call = parse("=REE.PRICE(A1,'My sheet'!$B$2,Sheet2!C3:D4,Prices,1:1)");
    expect(call?.args).toEqual([
      { kind: "reference", address: "A1" },
      { kind: "reference", address: "'My sheet'!B2" },
      { kind: "reference", address: "Sheet2!C3:D4" },
      { kind: "reference", address: "Prices" },
      { kind: "reference", address: "1:1" },
    ]);
  });

  test("DATE(), TODAY(), TRUE and negative numbers are values; other calls are expressions", () => {
    const call = parse('=REE.PRICE("Dy2O3",,DATE(2025,7,1),TRUE,-2,TODAY(),UPPER("x"))');
    expect(call?.args.slice(2)).toEqual([
      { kind: "value", value: serialFromDay(dayFromParts(2025, 7, 1)), text: "DATE(2025,7,1)" },
      { kind: "value", value: true, text: "TRUE" },
      { kind: "value", value: -2, text: "-2" },
      { kind: "value", value: serialFromDay(TODAY), text: "TODAY()" },
      { kind: "expression", text: 'UPPER("x")' },
    ]);
  });

  test("DATE() is read only for a four-digit year and a month and day in range; Excel decides the rest", () => {
    // Excel reads DATE(25,1,1) as 1 January 1925, not the year 25; a fraction is truncated.
    expect(parse('=REE.PRICE("Dy2O3",,DATE(25,1,1))')?.args[2]).toEqual({
      kind: "expression",
      text: "DATE(25,1,1)",
    });
    expect(parse('=REE.PRICE("Dy2O3",,DATE(2025,7.5,1))')?.args[2]).toEqual({
      kind: "expression",
      text: "DATE(2025,7.5,1)",
    });
    expect(parse('=REE.PRICE("Dy2O3",,DATE(2025,13,1))')?.args[2]).toEqual({
      kind: "expression",
      text: "DATE(2025,13,1)",
    });
    expect(parse('=REE.PRICE("Dy2O3",,DATE(1900,3,1))')?.args[2]).toEqual({
      kind: "value",
      value: 61,
      text: "DATE(1900,3,1)",
    });
  });

  test("every REE call of a formula, nested ones included, each with its text and whether it is the whole formula", () => {
    const calls = parseReeCalls(
      '=ROUND(REE.PRICE(REE.ELEMENT("Dy", "oxide"),"Europe")*2,0)+REE.TONNES("China","mining")',
      () => TODAY
    );
    expect(calls.map(({ name, text, whole }) => ({ name, text, whole }))).toEqual([
      { name: "PRICE", text: 'REE.PRICE(REE.ELEMENT("Dy","oxide"),"Europe")', whole: false },
      { name: "ELEMENT", text: 'REE.ELEMENT("Dy","oxide")', whole: false },
      { name: "TONNES", text: 'REE.TONNES("China","mining")', whole: false },
    ]);
    expect(parseReeCalls('=REE.PRICE("Dy2O3",B2)', () => TODAY)).toEqual([
      {
        name: "PRICE",
        text: 'REE.PRICE("Dy2O3",B2)',
        whole: true,
        args: [
          { kind: "value", value: "Dy2O3", text: '"Dy2O3"' },
          { kind: "reference", address: "B2" },
        ],
      },
    ]);
    expect(parseReeCalls("=REE.DATAINFO()", () => TODAY)[0].whole).toBe(true);
    expect(parseReeCalls("=-REE.DATAINFO()", () => TODAY)[0].whole).toBe(false);
    expect(parseReeCalls("REE.PRICE(1)", () => TODAY)).toEqual([]);
  });

  test("in nested calls the first REE call is explained and the others counted", () => {
    const call = parse(
      '=ROUND(REE.PRICE(REE.ELEMENT("Dy","oxide"),"Europe")*2,0)+REE.TONNES("China","mining")'
    );
    expect(call?.name).toBe("PRICE");
    expect(call?.count).toBe(3);
    expect(call?.args).toEqual([
      { kind: "expression", text: 'REE.ELEMENT("Dy","oxide")' },
      { kind: "value", value: "Europe", text: '"Europe"' },
    ]);
  });

  test("a constant or a formula without REE has no call", () => {
    expect(parse("REE.PRICE(1)")).toBeUndefined();
    expect(parse("=SUM(A1:A3)")).toBeUndefined();
    expect(hasReeCall('=1+REE.PRICE("Dy2O3")')).toBe(true);
    expect(hasReeCall('="REE.PRICE"')).toBe(false);
  });
});

describe("explaining a call with the catalogue's answers", () => {
  const dataset = tinyDataset();
  const catalogue = makeCatalogue({ today: () => TODAY });
  const explain = (name: string, args: unknown[]) =>
    explainCall(dataset, catalogue, name, args, TODAY);

  test("parameter names and the field's position come from the declarations", () => {
    expect(parameterNamesOf(catalogue, "CONTROLLED")).toEqual([
      "element",
      "date",
      "regime",
      "field",
    ]);
    expect(parameterNamesOf(catalogue, "NOPE")).toEqual([]);
    expect(provenanceFieldIndex(catalogue, "PRICE")).toBe(4);
    expect(provenanceFieldIndex(catalogue, "TONNES")).toBe(3);
    expect(provenanceFieldIndex(catalogue, "DATAINFO")).toBeUndefined();
  });

  test("a price: what it asks, the value with its unit, the assessment used and the source", () => {
    const explanation = explain("PRICE", ["Dy2O3", "Europe", "2025-07-01"]);
    expect(explanation).toMatchObject({
      asks: expect.stringContaining("Dysprosium oxide (Dy2O3)"),
      value: "850 USD/kg",
      failed: false,
      dateUsed: { label: "explainDateUsed", text: expect.stringContaining("2025-05-06") },
      sources: [{ text: "Argus, Argus Metals, 2025-05-06", url: "https://example.org/argus" }],
      warnings: [],
    });
    expect(explanation.asks).toContain("Europe");
  });

  test("a share says its percentage and the year used", () => {
    expect(explain("SHARE", ["China", "mine production", 2024])).toMatchObject({
      value: expect.stringMatching(/^0\.6923 \(69\.2%\)$/),
      dateUsed: { label: "explainYearUsed", text: "2024" },
      sources: [{ text: "USGS, Mineral Commodity Summaries, 2026" }],
    });
  });

  test("a field other than value is named in what the call asks", () => {
    const explanation = explain("PRICE", ["Dy2O3", "Europe", null, null, "source"]);
    expect(explanation.value).toBe("Argus, Argus Metals, 2025-05-06");
    expect(explanation.asks).toMatch(/source/);
  });

  test("a control status on a day past the horizon carries a warning", () => {
    const explanation = explain("CONTROLLED", ["Tb", "2026-12-01"]);
    expect(explanation.value).toBe("TRUE (controlled)");
    expect(explanation.since).toBe("2025-04-04");
    expect(explanation.warnings).toEqual([expect.stringContaining("2026-12-01")]);
  });

  test("a price history cites the source of its latest point", () => {
    expect(explain("PRICEHISTORY", ["Dy2O3", "USGS"]).sources).toEqual([
      expect.objectContaining({
        text: expect.stringContaining("USGS, Mineral Commodity Summaries, 2026"),
      }),
    ]);
  });

  test("failures read as Excel shows them; an unknown function is #NAME?", () => {
    expect(explain("PRICE", ["Dy2O4"])).toMatchObject({
      failed: true,
      value: expect.stringMatching(/^#VALUE!: Unknown product 'Dy2O4'/),
    });
    expect(explain("PRICE", ["Dy2O3", "Europe", "2015-01-01"])).toMatchObject({
      failed: true,
      value: expect.stringMatching(/^#N\/A: /),
    });
    expect(explain("PRICES", [])).toMatchObject({ value: "#NAME?", failed: true });
  });
});
