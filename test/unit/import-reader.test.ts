import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Day, dayFromIso, isoFromDay } from "../../src/core/dates";
import { previewDelimited } from "../../src/core/import/delimited";
import { guessMapping } from "../../src/core/import/layout";
import { ObservationReader, readDelimited, readTable } from "../../src/core/import/reader";
import { Cell, LongMapping, Mapping, ReadOutcome, WideMapping } from "../../src/core/import/types";

const FIXTURES = join(__dirname, "..", "fixtures", "layouts");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const day = (iso: string): Day => {
  const parsed = dayFromIso(iso);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};
const TODAY = day("2026-01-31");
const VOCABULARY = {
  products: ["Dy2O3", "Tb4O7", "NdPr oxide"],
  markets: ["China", "FOB China", "Europe"],
};

/** Each observation as a user would read it back. */
function shown(outcome: ReadOutcome): string[] {
  const o = outcome.observations;
  return Array.from({ length: o.count }, (_, i) => {
    const iso = isoFromDay(o.start[i]);
    const period =
      o.precision[i] === 0 ? iso : o.precision[i] === 1 ? iso.slice(0, 7) : iso.slice(0, 4);
    const range = o.low[i] === o.high[i] ? `${o.low[i]}` : `${o.low[i]}-${o.high[i]}`;
    const note = o.names.note[o.note[i]];
    return [
      `line ${o.line[i]}`,
      o.names.product[o.product[i]],
      o.names.market[o.market[i]],
      period,
      `${range} ${o.names.unit[o.unit[i]]}`,
      o.names.source[o.source[i]],
      ...(note ? [`note: ${note}`] : []),
      ...(o.estimated[i] ? ["estimated"] : []),
    ].join(" | ");
  });
}

/** A file as the pane reads it: the preview guesses the mapping, the user types what is missing. */
const readFile = (name: string, constants: Mapping["constants"] = {}) => {
  const text = fixture(name);
  const mapping = guessMapping(previewDelimited(text).rows, VOCABULARY);
  mapping.constants = { ...mapping.constants, ...constants };
  return readDelimited(text, mapping, { today: TODAY });
};

const LONG: LongMapping = {
  shape: "long",
  headerRow: 0,
  constants: {},
  columns: ["product", "market", "date", "low", "high", "unit", "source"],
};
const HEADER = ["product", "market", "date", "low", "high", "unit", "source"];
/** Reads data rows under the standard header; line 1 is the header. */
const readLong = (rows: Cell[][], mapping: Partial<LongMapping> = {}, options = {}) =>
  readTable([HEADER, ...rows], { ...LONG, ...mapping }, { today: TODAY, ...options });
const row = (date: Cell, low: Cell = "900", high: Cell = "950"): Cell[] => [
  "Dy2O3",
  "Europe",
  date,
  low,
  high,
  "USD/kg",
  "Test feed",
];

describe("reading vendor files through their guessed mapping", () => {
  test("a Fastmarkets-like export: thousands separators, $/kg and US$/mt, a week not assessed", () => {
    const outcome = readFile("fastmarkets-long.csv");
    expect(outcome.problems).toEqual([]);
    expect(outcome.skipped).toBe(1);
    expect(shown(outcome)).toEqual([
      "line 5 | Dy2O3 | Europe | 2025-07-03 | 800-840 USD/kg | Fastmarkets, licensed feed (synthetic)",
      "line 6 | Tb4O7 | Europe | 2025-07-03 | 3600-3750 USD/kg | Fastmarkets, licensed feed (synthetic) | note: Assessed weekly; range widened",
      "line 7 | Dy2O3 | Europe | 2025-07-10 | 805-845 USD/kg | Fastmarkets, licensed feed (synthetic)",
      "line 9 | NdPr oxide | FOB China | 2025-07-10 | 61500-63000 USD/t | Fastmarkets, licensed feed (synthetic)",
    ]);
  });

  test("an Argus-like file: currency and UOM make the unit, the purity moves to the note, n/a is skipped", () => {
    const outcome = readFile("argus-low-high-mid.csv", { source: "Argus (synthetic)" });
    expect(outcome.problems).toEqual([]);
    expect(outcome.skipped).toBe(1);
    expect(shown(outcome)).toEqual([
      "line 3 | Dysprosium oxide | CIF Rotterdam | 2025-07-03 | 790-830 USD/kg | Argus (synthetic) | note: 99.5% min",
      "line 4 | Terbium oxide | CIF Rotterdam | 2025-07-03 | 3550-3700 USD/kg | Argus (synthetic) | note: 99.99% min",
      "line 6 | Terbium oxide | CIF Rotterdam | 2025-07-04 | 3560-3710 USD/kg | Argus (synthetic) | note: 99.99% min",
      "line 7 | Neodymium oxide | FOB China | 2025-07-04 | 58.2-60.4 USD/kg | Argus (synthetic) | note: 99.5% min",
    ]);
  });

  test("an SMM-like Chinese table: 元/吨 is CNY/t, 2025年7月4日 a day, the market and source typed", () => {
    const outcome = readFile("smm-chinese.csv", { market: "China", source: "SMM (synthetic)" });
    expect(outcome.problems).toEqual([]);
    expect(shown(outcome)).toEqual([
      "line 3 | 氧化镝 | China | 2025-07-03 | 1610000-1630000 CNY/t | SMM (synthetic) | note: ≥99.5%",
      "line 4 | 氧化铽 | China | 2025-07-03 | 7050000-7150000 CNY/t | SMM (synthetic) | note: ≥99.99%",
      "line 5 | 氧化镨钕 | China | 2025-07-04 | 440000-442000 CNY/t | SMM (synthetic) | note: ≥99%",
      "line 6 | 氧化镝 | China | 2025-07-04 | 1615000-1635000 CNY/t | SMM (synthetic) | note: ≥99.5%",
    ]);
  });

  test("a wide table: one price per filled cell, gaps stay gaps, a row with no price is skipped", () => {
    const outcome = readFile("wide-dates-down.csv", { source: "In-house (synthetic)" });
    expect(outcome.problems).toEqual([]);
    expect(outcome.skipped).toBe(1);
    expect(shown(outcome)).toEqual([
      "line 2 | Dy2O3 | China | 2025-07-01 | 1610000 CNY/t | In-house (synthetic)",
      "line 2 | Tb4O7 | China | 2025-07-01 | 7050000 CNY/t | In-house (synthetic)",
      "line 2 | NdPr oxide | FOB China | 2025-07-01 | 61.5 USD/kg | In-house (synthetic)",
      "line 2 | Dysprosium oxide | exw China | 2025-07-01 | 1612 CNY/kg | In-house (synthetic) | note: 99.5%",
      "line 3 | Dy2O3 | China | 2025-07-02 | 1615000 CNY/t | In-house (synthetic)",
      "line 3 | NdPr oxide | FOB China | 2025-07-02 | 61.8 USD/kg | In-house (synthetic)",
      "line 3 | Dysprosium oxide | exw China | 2025-07-02 | 1618 CNY/kg | In-house (synthetic) | note: 99.5%",
      "line 5 | Dy2O3 | China | 2025-07-04 | 1620000 CNY/t | In-house (synthetic)",
      "line 5 | Tb4O7 | China | 2025-07-04 | 7100000 CNY/t | In-house (synthetic)",
      "line 5 | Dysprosium oxide | exw China | 2025-07-04 | 1620 CNY/kg | In-house (synthetic) | note: 99.5%",
    ]);
  });

  test("a European CSV: decimal commas, '.' thousands, day-first dates, file lines past a blank one", () => {
    const outcome = readFile("semicolon-decimal-comma.csv");
    expect(outcome.problems).toEqual([]);
    expect(shown(outcome)).toEqual([
      "line 2 | Dy2O3 | Europe | 2025-07-03 | 1234.5-1260 USD/kg | Test feed; synthetic",
      "line 3 | Tb4O7 | Europe | 2025-07-15 | 3600-3725.75 USD/kg | Test feed; synthetic",
      "line 5 | NdPr oxide | Europe | 2025-07-15 | 72.5-74 USD/kg | Test feed; synthetic",
    ]);
  });

  test("a streamed file reports progress, can be cancelled, and adds parse errors by line", () => {
    const text = [
      HEADER.join(","),
      ...Array.from({ length: 4000 }, (_, i) => row(`${1950 + (i % 70)}`).join(",")),
    ].join("\n");
    const progress: number[] = [];
    const read = readDelimited(text, LONG, {
      today: TODAY,
      chunkSize: 4096,
      onProgress: (parsed) => {
        progress.push(parsed);
      },
    });
    expect(read).toMatchObject({ problems: [], cancelled: false });
    expect(read.observations.count).toBe(4000);
    expect(progress.length).toBeGreaterThan(5);
    expect(progress[progress.length - 1]).toBe(1);

    const cancelled = readDelimited(text, LONG, {
      today: TODAY,
      chunkSize: 4096,
      onProgress: (parsed) => parsed < 0.3,
    });
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.problems).toEqual(["The import was cancelled."]);
    expect(cancelled.observations.count).toBeLessThan(4000);

    const broken = readDelimited(
      `${HEADER.join(",")}\nDy2O3,Europe,2025-07-01,900,950,USD/kg,"Feed`,
      LONG,
      {
        today: TODAY,
      }
    );
    expect(broken.problems).toContain('Line 2: a quoted field has no closing quote (").');
  });

  test("a file shorter than its header row, or empty, says so", () => {
    expect(readDelimited("a,b\n", { ...LONG, headerRow: 3 }, { today: TODAY }).problems).toEqual([
      "The file has 1 row, so it has no header at row 4; choose the header row.",
    ]);
    expect(readDelimited(" \n", LONG, { today: TODAY }).problems).toEqual(["The file is empty."]);
  });

  test("a Benchmark-like TSV: months and a year, RMB with kg, estimated flags", () => {
    const outcome = readFile("benchmark-monthly.tsv", { source: "Benchmark (synthetic)" });
    expect(outcome.problems).toEqual([]);
    expect(shown(outcome)).toEqual([
      "line 2 | Dy2O3 | China | 2025-01 | 1580 CNY/kg | Benchmark (synthetic)",
      "line 3 | Dy2O3 | China | 2025-02 | 1595 CNY/kg | Benchmark (synthetic)",
      "line 4 | Dy2O3 | China | 2025-03 | 1650 CNY/kg | Benchmark (synthetic) | estimated",
      "line 5 | Tb4O7 | China | 2024 | 6900 CNY/kg | Benchmark (synthetic) | estimated",
    ]);
  });

  test("names stay text and are interned: each text once, whatever the number of rows", () => {
    const outcome = readLong([row("2025-07-01"), row("2025-07-02"), row("2025-07-03")]);
    expect(outcome.observations.names).toEqual({
      product: ["", "Dy2O3"],
      market: ["", "Europe"],
      unit: ["USD/kg"],
      source: ["", "Test feed"],
      note: [""],
    });
    expect(Array.from(outcome.observations.product)).toEqual([1, 1, 1]);
  });
});

describe("dates in the forms vendors write them", () => {
  const readDate = (cell: Cell, dateOrder?: Mapping["dateOrder"]) => {
    const outcome = readLong([row(cell)], dateOrder ? { dateOrder } : {});
    return outcome.problems.length > 0 ? outcome.problems[0] : shown(outcome)[0].split(" | ")[3];
  };

  test.each([
    ["2025-07-03", "2025-07-03"],
    ["2025-07-03T00:00:00Z", "2025-07-03"],
    ["2025-07-03 00:00", "2025-07-03"],
    ["2025/7/3", "2025-07-03"],
    ["20250703", "2025-07-03"],
    ["2025-07", "2025-07"],
    ["Jul 2025", "2025-07"],
    ["July 2025", "2025-07"],
    ["2025", "2025"],
    ["03-Jul-2025", "2025-07-03"],
    ["3 July 2025", "2025-07-03"],
    ["Jul 3, 2025", "2025-07-03"],
    ["2025年7月3日", "2025-07-03"],
    ["2025年7月", "2025-07"],
    ["13/07/2025", "2025-07-13"],
    ["07/13/2025", "2025-07-13"],
    [45841, "2025-07-03"],
    [45841.75, "2025-07-03"],
    [2024, "2024"],
    ["45841", "2025-07-03"],
  ])("%p reads as %s", (cell, expected) => {
    expect(readDate(cell)).toBe(expected);
  });

  test.each([
    ["2025-02-30", "Line 2, date: '2025-02-30' is not a date: February 2025 has 28 days."],
    ["2024-13-01", "Line 2, date: '2024-13-01' is not a date: there is no month 13."],
    [
      "31/02/2025",
      "Line 2, date: '31/02/2025' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY for monthly and annual figures), or an Excel date.",
    ],
    [
      "last Tuesday",
      "Line 2, date: 'last Tuesday' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY for monthly and annual figures), or an Excel date.",
    ],
    ["1850-06-01", "Line 2, date: '1850-06-01' is before 1900."],
    ["0099-01-01", "Line 2, date: '0099-01-01' is before 1900."],
    ["0000", "Line 2, date: '0000' is before 1900."],
    ["2099-01-01", "Line 2, date: '2099-01-01' is in the future."],
    ["2026-02", "Line 2, date: '2026-02' is in the future."],
    [
      "Jul-25",
      "Line 2, date: 'Jul-25' has a two-digit year; write the year in full (2025) so the century is clear.",
    ],
    [
      "03/07/25",
      "Line 2, date: '03/07/25' has a two-digit year; write the year in full (2025) so the century is clear.",
    ],
    ["", "Line 2, date: the date is empty."],
  ])("%p is refused: %s", (cell, message) => {
    expect(readDate(cell)).toBe(message);
  });

  test("a serial outside Excel's dates and Excel's phantom 29 February 1900 are refused with Excel's reason", () => {
    expect(readDate(60)).toBe(
      "Line 2, date: '60' is not a date: Serial 60 is Excel's 29 February 1900, a day that never existed; use 59 or 61."
    );
    expect(readDate(-5)).toMatch(
      /^Line 2, date: '-5' is not a date: Date serial -5 is outside Excel's dates/
    );
  });

  test("an ambiguous d/m/y column with no order chosen gives ONE problem naming its first line", () => {
    const outcome = readLong([
      row("03/04/2025"),
      row("05/06/2025"),
      row("2025-07-01"),
      row("07/08/2025"),
    ]);
    expect(outcome.problems).toEqual([
      "Line 2, date: '03/04/2025' could be 3 April 2025 (day/month/year) or 4 March 2025 (month/day/year); choose the date order.",
    ]);
  });

  test("a day above 12 anywhere in the column settles the order for the whole column", () => {
    const outcome = readLong([row("03/04/2025"), row("05/06/2025"), row("25/06/2025")]);
    expect(outcome.problems).toEqual([]);
    expect(outcome.dateOrder).toBe("dmy");
    expect(shown(outcome).map((text) => text.split(" | ")[3])).toEqual([
      "2025-04-03",
      "2025-06-05",
      "2025-06-25",
    ]);
  });

  test("a column written both ways is refused, naming a line of each", () => {
    const outcome = readLong([row("03/04/2025"), row("25/06/2025"), row("06/25/2025")]);
    expect(outcome.problems).toEqual([
      "date: dates are written day first (line 3: '25/06/2025') and month first (line 4: '06/25/2025'); check the column, or choose the date order.",
    ]);
  });

  test("a chosen date order reads every d/m/y date, and refuses those it cannot", () => {
    expect(readDate("03/04/2025", "mdy")).toBe("2025-03-04");
    expect(readDate("03/04/2025", "dmy")).toBe("2025-04-03");
    expect(readDate("25/06/2025", "mdy")).toBe(
      "Line 2, date: '25/06/2025' is not a date: there is no month 25."
    );
  });
});

describe("prices and units", () => {
  const readPrices = (low: Cell, high: Cell, mapping: Partial<LongMapping> = {}) =>
    readLong([row("2025-07-01", low, high)], mapping);

  test.each([
    ["1234.5", "1234.5"],
    ["12,345.5", "12345.5"],
    ["$1,234", "1234"],
    ["US$ 1,234.50", "1234.5"],
    ["1.2E+03", "1200"],
    [" 980 ", "980"],
  ])("%p reads as %s", (text, value) => {
    expect(shown(readPrices(text, text))[0].split(" | ")[4]).toBe(`${value} USD/kg`);
  });

  test("with decimal comma: ' 1 234,5 ', '1.234,5' and '1234,5' are 1234.5", () => {
    for (const text of [" 1 234,5 ", "1.234,5", "1234,5", "1\u00a0234,5"])
      expect(shown(readPrices(text, text, { decimalComma: true }))[0].split(" | ")[4]).toBe(
        "1234.5 USD/kg"
      );
  });

  test.each([
    ["abc", "Line 2, low: 'abc' is not a number such as 1234.5."],
    [
      "1,5",
      "Line 2, low: '1,5' is not a number such as 1234.5; if the file writes decimal commas, choose decimal comma.",
    ],
    ["12,34.5", "Line 2, low: '12,34.5' is not a number such as 1234.5."],
    ["-5", "Line 2, low: '-5' is negative; a price cannot be below zero."],
    ["5e15", "Line 2, low: '5e15' is not a price: it is over 1,000,000,000,000 per unit."],
    [Infinity, "Line 2, low: 'Infinity' is not a finite number."],
    [NaN, "Line 2, low: 'NaN' is not a number."],
    [true, "Line 2, low: 'true' is not a number such as 1234.5."],
  ])("low %p is refused: %s", (low, message) => {
    expect(readPrices(low, "950").problems).toEqual([message]);
  });

  test("low above high, and a low without its high, are problems; a price alone is low = high", () => {
    expect(readPrices("960", "950").problems).toEqual(["Line 2, low: low 960 is above high 950."]);
    expect(readPrices("900", "").problems).toEqual([
      "Line 2, high: the high is empty but the low is '900'; give both, or map one price column.",
    ]);
    const single = readTable(
      [
        ["product", "market", "date", "mid", "unit", "source"],
        ["Dy2O3", "Europe", "2025-07-01", "925", "USD/kg", "Test feed"],
      ],
      { ...LONG, columns: ["product", "market", "date", "price", "unit", "source"] },
      { today: TODAY }
    );
    expect(shown(single)).toEqual([
      "line 2 | Dy2O3 | Europe | 2025-07-01 | 925 USD/kg | Test feed",
    ]);
  });

  test("a row whose prices are all empty, '-', 'n/a' or 'NA' is skipped and counted, not a problem", () => {
    const outcome = readLong([
      row("2025-07-01", "", ""),
      row("2025-07-02", "-", "n/a"),
      row("2025-07-03", "NA", " "),
      row("not a date", "", ""),
    ]);
    expect(outcome).toMatchObject({ problems: [], skipped: 4 });
    expect(outcome.observations.count).toBe(0);
  });

  test.each([
    ["US$/mt", "", "USD/t"],
    ["RMB per tonne", "", "CNY/t"],
    ["元/公斤", "", "CNY/kg"],
    ["yuan/metric ton", "", "CNY/t"],
    ["kg", "USD", "USD/kg"],
    ["吨", "元", "CNY/t"],
    ["t", "RMB", "CNY/t"],
    ["USD/lb", "", "USD/lb"],
    ["USD/ton", "", "USD/ton"],
  ])("unit %p with currency %p is %s", (unit, currency, expected) => {
    const outcome = readTable(
      [
        ["product", "market", "date", "price", "unit", "currency", "source"],
        ["Dy2O3", "Europe", "2025-07-01", "900", unit, currency, "Test feed"],
      ],
      { ...LONG, columns: ["product", "market", "date", "price", "unit", "currency", "source"] },
      { today: TODAY }
    );
    expect(outcome.problems).toEqual([]);
    expect(outcome.observations.names.unit).toEqual([expected]);
  });

  test("a unit that cannot be made from a mass and a currency is said once per text", () => {
    const mapping: Partial<LongMapping> = {
      columns: ["product", "market", "date", "low", "high", "unit", "source"],
    };
    const outcome = readLong(
      [
        ["Dy2O3", "Europe", "2025-07-01", "900", "950", "kg", "Test feed"],
        ["Dy2O3", "Europe", "2025-07-02", "900", "950", "kg", "Test feed"],
      ],
      mapping
    );
    expect(outcome.problems).toEqual([
      "Line 2, unit: 'kg' is a mass without a currency; choose the currency column or type the currency (e.g. USD). The same text is on 1 more line.",
    ]);
  });

  test("a unit that disagrees with the currency column is refused", () => {
    const outcome = readTable(
      [
        ["product", "market", "date", "price", "unit", "currency", "source"],
        ["Dy2O3", "Europe", "2025-07-01", "900", "USD/kg", "CNY", "Test feed"],
      ],
      { ...LONG, columns: ["product", "market", "date", "price", "unit", "currency", "source"] },
      { today: TODAY }
    );
    expect(outcome.problems).toEqual([
      "Line 2, unit: 'USD/kg' is in USD, but the currency is 'CNY'.",
    ]);
  });

  test("a typed unit and currency combine for every row", () => {
    const outcome = readTable(
      [
        ["product", "market", "date", "price", "source"],
        ["Dy2O3", "Europe", "2025-07-01", "900", "Test feed"],
      ],
      {
        ...LONG,
        constants: { unit: "kg", currency: "US$" },
        columns: ["product", "market", "date", "price", "source"],
      },
      { today: TODAY }
    );
    expect(outcome.observations.names.unit).toEqual(["USD/kg"]);
  });
});

describe("text fields, sources and flags", () => {
  test("every price needs its source", () => {
    expect(
      readLong([["Dy2O3", "Europe", "2025-07-01", "900", "950", "USD/kg", " "]]).problems
    ).toEqual(["Line 2, source: every price needs its source, e.g. 'Fastmarkets, licensed feed'."]);
  });

  test("text that would run as markup or a formula is refused, by column header", () => {
    const outcome = readTable(
      [
        ["Commodity", "Location", "Date", "Low", "High", "Unit", "Source"],
        ["=HYPERLINK(1)", "Europe", "2025-07-01", "900", "950", "USD/kg", "<img src=x>"],
      ],
      LONG,
      { today: TODAY }
    );
    expect(outcome.problems).toEqual([
      "Line 2, Commodity: '=HYPERLINK(1)' starts with '=', which a spreadsheet would run as a formula.",
      "Line 2, Source: '<img src=x>' contains < or >, which could be read as markup.",
    ]);
  });

  test("an empty product or market is a problem; estimated takes yes/no/y/n/true/false/e", () => {
    const mapping: LongMapping = { ...LONG, columns: [...LONG.columns, "estimated"] };
    const outcome = readTable(
      [
        [...HEADER, "est"],
        ["", "Europe", "2025-07-01", "900", "950", "USD/kg", "Feed", "no"],
        ["Dy2O3", "", "2025-07-02", "900", "950", "USD/kg", "Feed", "y"],
        ["Dy2O3", "Europe", "2025-07-03", "900", "950", "USD/kg", "Feed", "maybe"],
        ["Dy2O3", "Europe", "2025-07-04", "900", "950", "USD/kg", "Feed", true],
        ["Dy2O3", "Europe", "2025-07-05", "900", "950", "USD/kg", "Feed", "E"],
      ],
      mapping,
      { today: TODAY }
    );
    expect(outcome.problems).toEqual([
      "Line 2, product: the product is empty.",
      "Line 3, market: the market is empty.",
      "Line 4, est: 'maybe' is not yes, no or empty.",
    ]);
    expect(Array.from(outcome.observations.estimated)).toEqual([1, 1]);
  });

  test("a mapping that cannot import reads nothing and says why", () => {
    const outcome = readLong([row("2025-07-01")], {
      columns: ["product", "market", "date", "low", "high", "unit"],
    });
    expect(outcome.problems).toEqual([
      "Choose the column that names the source, or type the source (e.g. 'Fastmarkets, licensed feed').",
    ]);
    expect(outcome.observations.count).toBe(0);
  });
});

describe("an Excel range", () => {
  test("number cells, serial dates and a year are read; messages say Row", () => {
    const outcome = readTable(
      [
        ["Prices pasted from the vendor's sheet"],
        ["Commodity", "Location", "As of", "Close", "UOM", "Source", "Estimated"],
        ["Dy2O3", "Europe", 45841, 820, "USD/kg", "Feed", false],
        ["Dy2O3", "Europe", 2024, 850.5, "USD/kg", "Feed", true],
        ["Dy2O3", "Europe", 45842, -1, "USD/kg", "Feed", null],
      ],
      {
        ...LONG,
        headerRow: 1,
        columns: ["product", "market", "date", "price", "unit", "source", "estimated"],
      },
      { today: TODAY, lineLabel: "Row" }
    );
    expect(outcome.problems).toEqual([
      "Row 5, Close: '-1' is negative; a price cannot be below zero.",
    ]);
    expect(shown(outcome)).toEqual([
      "line 3 | Dy2O3 | Europe | 2025-07-03 | 820 USD/kg | Feed",
      "line 4 | Dy2O3 | Europe | 2024 | 850.5 USD/kg | Feed | estimated",
    ]);
  });

  test("a wide range with a blank corner, serial dates and low/high pairs", () => {
    const rows: Cell[][] = [
      ["", "Dy2O3 Europe low (USD/kg)", "Dy2O3 Europe high (USD/kg)"],
      [45839, 800, 840],
      [45840, 805, ""],
      [45841, 850, 845],
    ];
    const mapping = guessMapping(rows, VOCABULARY);
    mapping.constants.source = "In-house";
    const outcome = readTable(rows, mapping, { today: TODAY, lineLabel: "Row" });
    expect(outcome.problems).toEqual([
      "Row 3, Dy2O3 Europe high (USD/kg): the high is empty but the low is '805'; give both or neither.",
      "Row 4, Dy2O3 Europe low (USD/kg): low 850 is above high 845.",
    ]);
    expect(shown(outcome)).toEqual([
      "line 2 | Dy2O3 | Europe | 2025-07-01 | 800-840 USD/kg | In-house",
    ]);
  });
});

describe("limits", () => {
  test("problems are capped, with a count of the rest; one bad text is said once with its repeats", () => {
    const rows = Array.from({ length: 8 }, (_, i) => row(`bad ${i}`));
    const outcome = readLong([...rows, row("bad 0"), row("bad 0")], {}, { maxProblems: 3 });
    expect(outcome.problems).toEqual([
      "Line 2, date: 'bad 0' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY for monthly and annual figures), or an Excel date. The same text is on 2 more lines.",
      "Line 3, date: 'bad 1' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY for monthly and annual figures), or an Excel date.",
      "Line 4, date: 'bad 2' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY for monthly and annual figures), or an Excel date.",
    ]);
    expect(outcome.moreProblems).toBe(5);
  });

  test("more rows than the limit stop the read with one problem", () => {
    const reader = new ObservationReader(LONG, { today: TODAY, maxRows: 2 });
    reader.push([row("2025-07-01"), row("2025-07-02"), row("2025-07-03"), row("2025-07-04")], 2);
    expect(reader.stopped).toBe(true);
    expect(reader.count).toBe(2);
    expect(reader.finish().problems).toEqual([
      "The file has more than 2 rows, the most this import can take; import it in parts, or remove an earlier import to make room.",
    ]);
  });

  test("the reader never throws on arbitrary cells, for a long or a wide mapping", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constantFrom(
        "2025-07-01",
        "03/04/2025",
        "1,234.5",
        "-",
        "n/a",
        "USD/kg",
        "kg",
        "=1",
        "<b>"
      )
    );
    const wide: WideMapping = {
      shape: "wide",
      headerRow: 0,
      constants: { source: "Feed", market: "China", currency: "USD" },
      dateColumn: 0,
      series: [
        { column: 1, product: "Dy2O3", unit: "kg", field: "low" },
        { column: 2, product: "Dy2O3", unit: "kg", field: "high" },
        { column: 3, product: "Tb4O7", unit: "kg", field: "price" },
      ],
    };
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 20 }),
        fc.boolean(),
        fc.constantFrom(undefined, "dmy", "mdy", "ymd"),
        (rows, decimalComma, dateOrder) => {
          for (const mapping of [
            { ...LONG, columns: [...LONG.columns, "note", "estimated"] } as LongMapping,
            wide,
          ]) {
            const outcome = readTable(
              rows,
              { ...mapping, decimalComma, dateOrder },
              { today: TODAY }
            );
            const o = outcome.observations;
            for (let i = 0; i < o.count; i++) {
              expect(o.low[i]).toBeLessThanOrEqual(o.high[i]);
              expect(Number.isFinite(o.low[i]) && o.low[i] >= 0).toBe(true);
              expect(o.start[i]).toBeLessThanOrEqual(TODAY);
            }
          }
        }
      )
    );
  });
});
