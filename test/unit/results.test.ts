import { makeCatalogue } from "../../src/functions/catalogue";
import { EXCEL_TEXT_LIMIT, TEXT_CUT_MARKER, toExcel } from "../../src/functions/excel-errors";
import { applyData } from "../../src/functions/store";
import { importUserData } from "../../src/taskpane/shell/data-sync";
import { fixtureDataset } from "../helpers/dataset";
import { fixtureWith, shown } from "../helpers/cells";

/** Every number and text a function gives is fit for a cell (toExcel), on the synthetic fixture. */
const fixture = fixtureDataset();
const catalogue = makeCatalogue({ today: () => 20_000 });

describe("years 0000-0099 in a function's arguments are refused, never read as 1900-1999", () => {
  test("a date given as a year before 1900 is #VALUE! saying so", () => {
    expect(shown(fixture, "PRICE", "Dy2O3", "USGS", "0099")).toBe(
      "#VALUE! date '0099' is before 1900, where Excel's dates begin."
    );
    expect(shown(fixture, "PRICEHISTORY", "Dy2O3", "USGS", "0050")).toEqual([
      ["#VALUE! start '0050' is before 1900, where Excel's dates begin."],
    ]);
  });

  test("an ISO date in year 0099 is #VALUE!, naming Excel's range of dates", () => {
    expect(shown(fixture, "PRICE", "Dy2O3", "USGS", "0099-12-31")).toBe(
      "#VALUE! '0099-12-31' is not a valid calendar date between 1900-01-01 and 9999-12-31."
    );
    expect(shown(fixture, "CONTROLLED", "Dy", "0050-01-01")).toBe(
      "#VALUE! '0050-01-01' is not a valid calendar date between 1900-01-01 and 9999-12-31."
    );
  });

  test("a year, a month or an FX date before 1900 is #VALUE!, not a search of the data", () => {
    expect(shown(fixture, "SHARE", "China", "mining", "0099")).toBe(
      "#VALUE! year '0099' is before 1900, where Excel's dates begin."
    );
    expect(shown(fixture, "TRADE", "magnets", "China", "USA", "0025-04")).toBe(
      "#VALUE! period '0025-04' is before 1900, where Excel's dates begin."
    );
    expect(shown(fixture, "FX", "CNY", "0023")).toBe(
      "#VALUE! date '0023' is before 1900, where Excel's dates begin."
    );
  });

  test("an imported JSON row dated 0099 is refused as before 1900, not taken for 1999", () => {
    const file = JSON.stringify({
      tables: {
        prices: {
          columns: ["product", "market", "period", "low", "high", "unit", "source"],
          rows: [["Dy2O3", "Europe", "0099", "800", "900", "USD/kg", "F-AGENCY"]],
        },
      },
    });
    try {
      expect(importUserData(file, "old.json", 20_000)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/0099-01-01 is before 1900/),
      });
    } finally {
      applyData({ layers: [] });
    }
  });

  test("the same years from 1900 on still answer", () => {
    expect(shown(fixture, "PRICE", "Dy2O3", "USGS", "2023")).toBe(300);
    expect(shown(fixture, "TRADE", "magnets", "China", "USA", "2025-04")).toBe(100);
    expect(shown(fixture, "FX", "CNY", "2023")).toBe(7);
  });
});

describe("a figure too large for a number is #NUM! with a reason, never Infinity or NaN", () => {
  // Legal inputs: each number is finite and plain, only the answer overflows.
  const huge = fixtureWith({
    prices: [
      ["Dy2O3", "Europe", "2025-08-01", "1e308", "1e308", "USD/kg", "", "", "F-AGENCY", ""],
      ["Tb4O7", "Europe", "2025-06-01", "1e306", "1e306", "USD/t", "", "", "F-AGENCY", ""],
      ["Ho2O3", "China", "2025-07-01", "0", "480000", "CNY/t", "", "", "F-DAILY", ""],
      ["DyFe", "China", "2025-07-01", "1350000", "1370000", "CNY/t", "", "", "F-DAILY", ""],
    ],
    fx: [["2025-07", "CNY", "5e-324", "", "F-RATES", "A denormal rate"]],
  });
  const overflow = (call: string) =>
    `#NUM! The figure overflowed the largest number a cell holds (about 1.8E+308); check the unit asked for and the data's figures. Inputs: ${call}.`;

  test("1e308 US$/kg asked in US$/t", () => {
    expect(shown(huge, "PRICE", "Dy2O3", "Europe", "2025-08-15", "USD/t")).toBe(
      overflow(`REE.PRICE("Dy2O3","Europe","2025-08-15","USD/t")`)
    );
    // The same figure in its own unit is a number, and each field is checked on its own.
    expect(shown(huge, "PRICE", "Dy2O3", "Europe", "2025-08-15", "USD/kg", "low")).toBe(1e308);
    expect(shown(huge, "PRICE", "Dy2O3", "Europe", "2025-08-15", "USD/t", "unit")).toBe("USD/t");
  });

  test("a huge figure that stays within a number is shown as it is (1e306 US$/t at 7.2 CNY per US$)", () => {
    expect(shown(huge, "PRICE", "Tb4O7", "Europe", "2025-06-15", "USD/t")).toBe(1e306);
    expect(shown(huge, "PRICE", "Tb4O7", "Europe", "2025-06-15", "CNY/t")).toBeCloseTo(
      7.2e306,
      -300
    );
  });

  test("a denormal exchange rate: dividing by it overflows, and 0 at that rate is NaN", () => {
    expect(shown(huge, "PRICE", "DyFe", "China", 45848, "USD/kg")).toBe(
      overflow(`REE.PRICE("DyFe","China",45848,"USD/kg")`)
    );
    expect(shown(huge, "PRICE", "Ho2O3", "China", 45848, null, "low")).toBe(
      overflow(`REE.PRICE("Ho2O3","China",45848,,"low")`)
    );
  });

  test("in a spilled table, only the cells that overflowed are #NUM!, the rest stay", () => {
    const table = shown(huge, "PRICEHISTORY", "Dy2O3", "Europe", null, null, "USD/t");
    expect(table).toEqual([
      ["Date", "Low", "High", "Mid"],
      [45762, 600_000, 900_000, 750_000],
      [45839, 820_000, 820_000, 820_000],
      [
        45870,
        overflow(`REE.PRICEHISTORY("Dy2O3","Europe",,,"USD/t")`),
        overflow(`REE.PRICEHISTORY("Dy2O3","Europe",,,"USD/t")`),
        overflow(`REE.PRICEHISTORY("Dy2O3","Europe",,,"USD/t")`),
      ],
    ]);
  });

  test("a long argument is shortened in the message, which stays within Excel's 255 characters", () => {
    const blank = " ".repeat(400); // an empty-looking cell: the field is left to its default
    expect(shown(huge, "PRICE", "Dy2O3", "Europe", "2025-08-15", "USD/t", blank)).toBe(
      overflow(`REE.PRICE("Dy2O3","Europe","2025-08-15","USD/t","${" ".repeat(39)}…")`)
    );
  });
});

describe("text over Excel's 32,767-character cell limit is cut, and says so", () => {
  const longNote = `Start of the note. ${"x".repeat(2_000_000)}`;
  const long = fixtureWith({
    prices: [
      ["Dy2O3", "Europe", "2025-08-01", "800", "900", "USD/kg", "", "", "F-AGENCY", longNote],
    ],
    sources: [
      [
        "F-LONG",
        "Fixture Long",
        `A title of ${"y".repeat(40_000)}`,
        "https://example.org/fixture/F-LONG",
        "2025-08",
        "",
      ],
    ],
    events: [["2025-08-02", "CHN", "Long event", "", "", "F-LONG", ""]],
  });

  test("a 2 MB note is cut to the limit, ends with the marker, and keeps its start", () => {
    const full = catalogue.PRICE.run(long, ["Dy2O3", "Europe", "2025-08-15", null, "note"]);
    if (!("ok" in full) || !full.ok) throw new Error("the note should answer");
    const note = shown(long, "PRICE", "Dy2O3", "Europe", "2025-08-15", null, "note");
    expect(typeof note).toBe("string");
    const text = note as string;
    expect(text.length).toBe(EXCEL_TEXT_LIMIT);
    expect(text.endsWith(TEXT_CUT_MARKER)).toBe(true);
    expect(String(full.value).startsWith(text.slice(0, -TEXT_CUT_MARKER.length))).toBe(true);
    expect(text).toContain("Start of the note.");
    expect(TEXT_CUT_MARKER).toBe("… [cut at Excel's 32,767-character limit]");
  });

  test("each long cell of a spilled table is cut the same way; short cells stay as they are", () => {
    const table = shown(long, "EVENTS", "2025-08-01", "2025-08-31") as unknown[][];
    expect(table[1].slice(0, 5)).toEqual([45871, "China", "Long event", "", ""]);
    const source = table[1][5] as string;
    expect(source.length).toBe(EXCEL_TEXT_LIMIT);
    expect(source.startsWith("Fixture Long, A title of yyy")).toBe(true);
    expect(source.endsWith(TEXT_CUT_MARKER)).toBe(true);
  });

  test.each(["", "a"])(
    "a cut never splits a character written as two UTF-16 units (note starting '%s')",
    (padding) => {
      // One of the two paddings puts the cut between an emoji's halves.
      const emoji = fixtureWith({
        prices: [
          [
            "Dy2O3",
            "Europe",
            "2025-08-01",
            "800",
            "900",
            "USD/kg",
            "",
            "",
            "F-AGENCY",
            `${padding}${"😀".repeat(20_000)}`,
          ],
        ],
      });
      const text = shown(emoji, "PRICE", "Dy2O3", "Europe", "2025-08-15", null, "note") as string;
      expect(text.length).toBeGreaterThan(EXCEL_TEXT_LIMIT - TEXT_CUT_MARKER.length);
      expect(text.length).toBeLessThanOrEqual(EXCEL_TEXT_LIMIT);
      const loneHalf = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
      expect(text).not.toMatch(loneHalf);
      expect(text.endsWith(`😀${TEXT_CUT_MARKER}`)).toBe(true);
    }
  );

  test("text at the limit is left whole", () => {
    const exact = "z".repeat(EXCEL_TEXT_LIMIT);
    expect(toExcel({ ok: true, value: exact }, false)).toBe(exact);
    expect(toExcel({ ok: true, value: [[exact, 1]] }, true)).toEqual([[exact, 1]]);
  });
});

describe("the vintage argument", () => {
  test("an unknown vintage is #VALUE! with a did-you-mean; a known one answers as that edition", () => {
    expect(shown(fixture, "PRICE", "Dy2O3", "USGS", 2024, "", "", "FA2027")).toBe(
      "#VALUE! Unknown vintage 'FA2027'. Did you mean FA2025?"
    );
    expect(shown(fixture, "PRICE", "Dy2O3", "USGS", 2024, "", "", "fa 2025")).toBe(250);
    expect(shown(fixture, "TONNES", "Australia", "mining", 2024, "vintage", "FA2025")).toBe(
      "FA2025"
    );
    expect(shown(fixture, "PRICEHISTORY", "Dy2O3", "USGS", "", "", "", 0, "FA2026")).toEqual([
      [45292, 260, 260, 260],
      [45658, 200, 220, 210],
    ]);
  });
});
