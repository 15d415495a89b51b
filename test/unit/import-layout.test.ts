import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { previewDelimited, sniffDelimiter, streamDelimited } from "../../src/core/import/delimited";
import { guessMapping, layoutSignature, mappingProblems } from "../../src/core/import/layout";
import { LongMapping, Mapping, WideMapping } from "../../src/core/import/types";

const FIXTURES = join(__dirname, "..", "fixtures", "layouts");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const preview = (name: string) => previewDelimited(fixture(name)).rows;
/** The names a dataset would pass: a few products and markets with their aliases. */
const VOCABULARY = {
  products: ["Dy2O3", "Dysprosium oxide", "氧化镝", "Tb4O7", "Terbium oxide", "NdPr oxide", "NdPr"],
  markets: ["China", "China domestic", "中国", "FOB China", "Europe", "CIF Rotterdam", "export"],
};

describe("reading CSV and TSV text", () => {
  test.each([
    ["a comma file", "product,market,low\nDy2O3,China,1610\n", ","],
    [
      "a ';' file whose decimal commas vary in number per line",
      "Product;Market;Low;High\nDy2O3;Europe;1.234,5;1.260\nTb4O7;Europe;3600;3725,75\n",
      ";",
    ],
    ["a TSV whose notes hold commas", "Series\tPrice\tNote\nDy2O3\t1580\ta, b\n", "\t"],
    [
      "a file whose title line has a comma but no separators like the table's",
      "Prices, exported today\nproduct;market;low\nDy2O3;China;1,5\nTb4O7;China;2\n",
      ";",
    ],
    ["a ';' inside quotes does not count", 'a,b,c\n"x;y;z",1,2\n"p;q;r",3,4\n', ","],
  ])("%s is split on the right delimiter", (_, text, delimiter) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });

  test("rows come with their file lines, past a BOM, CRLF, blank lines and a quoted line break", () => {
    const batches: [number, string[][]][] = [];
    const result = streamDelimited(
      '\uFEFFproduct,note\r\nDy2O3,"two\r\nlines"\r\n\r\nTb4O7,one\r\n,,\r\nNdPr,last',
      (rows, firstLine) => {
        batches.push([firstLine, rows]);
      }
    );
    expect(result).toEqual({ errors: [], aborted: false, delimiter: "," });
    expect(batches).toEqual([
      [
        1,
        [
          ["product", "note"],
          ["Dy2O3", "two\r\nlines"],
        ],
      ],
      [5, [["Tb4O7", "one"]]],
      [7, [["NdPr", "last"]]],
    ]);
  });

  test("a file streamed in many small chunks gives every row once, each with its own line", () => {
    const text = ["id,value", ...Array.from({ length: 3000 }, (_, i) => `${i},"v${i}"`)].join("\n");
    const lines: number[] = [];
    const cells: string[] = [];
    streamDelimited(
      text,
      (rows, firstLine) => {
        rows.forEach((row, index) => {
          lines.push(firstLine + index);
          cells.push(row[0]);
        });
      },
      { chunkSize: 1024 }
    );
    expect(lines).toEqual(Array.from({ length: 3001 }, (_, i) => i + 1));
    expect(cells[3000]).toBe("2999");
  });

  test("returning false from onRows stops the parse (Cancel)", () => {
    const text = ["id", ...Array.from({ length: 5000 }, (_, i) => String(i))].join("\n");
    let batches = 0;
    const result = streamDelimited(text, () => ++batches < 2, { chunkSize: 1024 });
    expect(result.aborted).toBe(true);
    expect(batches).toBe(2);
  });

  test("quote errors are said by line, in words a user can act on", () => {
    expect(streamDelimited('a,b\n1,2\n3,"x"y"\n', () => undefined).errors).toEqual([
      { line: 3, message: 'a quote (") inside a quoted field must be doubled ("")' },
    ]);
    expect(streamDelimited('a,b\n1,2\n"open,2\n3,4\n', () => undefined).errors).toEqual([
      { line: 3, message: 'a quoted field has no closing quote (")' },
    ]);
  });

  test("the preview holds the first rows only, and the delimiter found", () => {
    const { rows, delimiter } = previewDelimited(fixture("semicolon-decimal-comma.csv"), 2);
    expect(delimiter).toBe(";");
    expect(rows).toEqual([
      ["Product", "Market", "Date", "Low", "High", "Unit", "Source"],
      ["Dy2O3", "Europe", "03.07.2025", "1.234,5", "1.260,0", "USD/kg", "Test feed; synthetic"],
    ]);
  });

  test("arbitrary text never throws, and every row's line is within the file", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", ",", ";", "\t", '"', "\n", "\r", " ") }),
        (text) => {
          const lineCount = text.split(/\r\n|\r|\n/).length;
          streamDelimited(text, (rows, firstLine) => {
            expect(firstLine + rows.length - 1).toBeLessThanOrEqual(lineCount);
          });
        }
      )
    );
  });
});

describe("guessing the layout of a vendor's table", () => {
  test("a Fastmarkets-like export: title lines skipped, vendor wording recognized, the symbol ignored", () => {
    expect(guessMapping(preview("fastmarkets-long.csv"), VOCABULARY)).toEqual({
      shape: "long",
      headerRow: 2,
      constants: {},
      columns: ["ignore", "product", "market", "date", "low", "high", "unit", "source", "note"],
    });
  });

  test("an Argus-like file: Low and High kept, Mid ignored, currency and UOM apart", () => {
    expect(guessMapping(preview("argus-low-high-mid.csv"), VOCABULARY)).toEqual({
      shape: "long",
      headerRow: 1,
      constants: {},
      columns: ["product", "market", "date", "low", "high", "ignore", "currency", "unit"],
    });
  });

  test("an SMM-like Chinese table: 品名, 规格 (as the note), 最低价, 最高价, 单位, 日期", () => {
    expect(guessMapping(preview("smm-chinese.csv"), VOCABULARY)).toEqual({
      shape: "long",
      headerRow: 1,
      constants: {},
      columns: ["product", "note", "low", "high", "ignore", "ignore", "unit", "date"],
    });
  });

  test("a European CSV: decimal comma and the day-first date order are seen in the cells", () => {
    expect(guessMapping(preview("semicolon-decimal-comma.csv"))).toEqual({
      shape: "long",
      headerRow: 0,
      dateOrder: "dmy",
      decimalComma: true,
      constants: {},
      columns: ["product", "market", "date", "low", "high", "unit", "source"],
    });
  });

  test("a Benchmark-like TSV: 'As of', one price, currency and unit, an estimated flag", () => {
    expect(guessMapping(preview("benchmark-monthly.tsv"))).toEqual({
      shape: "long",
      headerRow: 0,
      constants: {},
      columns: ["product", "market", "date", "price", "currency", "unit", "estimated"],
    });
  });

  test("a wide table: each series header split into product, market, unit, and a purity for the note", () => {
    expect(guessMapping(preview("wide-dates-down.csv"), VOCABULARY)).toEqual({
      shape: "wide",
      headerRow: 0,
      constants: {},
      dateColumn: 0,
      series: [
        { column: 1, product: "Dy2O3", market: "China", unit: "CNY/t", field: "price" },
        { column: 2, product: "Tb4O7", market: "China", unit: "CNY/t", field: "price" },
        { column: 3, product: "NdPr oxide", market: "FOB China", unit: "USD/kg", field: "price" },
        {
          column: 4,
          product: "Dysprosium oxide",
          market: "exw China",
          unit: "CNY/kg",
          field: "price",
          note: "99.5%",
        },
      ],
    });
  });

  test("Chinese series headers: 中国 and 元/吨 found without spaces, the purity kept for the note", () => {
    const mapping = guessMapping(
      [
        ["日期", "氧化镝 中国 元/吨", "氧化铽(99.99%)中国 元/公斤"],
        ["2025年7月3日", "1,610,000", "7050"],
      ],
      { products: ["氧化镝", "氧化铽"], markets: ["中国"] }
    ) as WideMapping;
    expect(mapping.series).toEqual([
      { column: 1, product: "氧化镝", market: "中国", unit: "CNY/t", field: "price" },
      {
        column: 2,
        product: "氧化铽",
        market: "中国",
        unit: "CNY/kg",
        field: "price",
        note: "99.99%",
      },
    ]);
  });

  test("without a vocabulary a series header keeps everything but its unit in the product", () => {
    const mapping = guessMapping([
      ["Date", "Dy2O3 China CNY/t"],
      ["2025-07-01", "1610000"],
    ]) as WideMapping;
    expect(mapping.series).toEqual([
      { column: 1, product: "Dy2O3 China", unit: "CNY/t", field: "price" },
    ]);
  });

  test("an unrecognized word stays in the product, for the resolver to report with a suggestion", () => {
    const mapping = guessMapping(
      [
        ["Date", "Dy2O3 Japan spot (USD/kg)"],
        ["2025-07-01", "230"],
      ],
      VOCABULARY
    ) as WideMapping;
    expect(mapping.series[0]).toEqual({
      column: 1,
      product: "Dy2O3 Japan spot",
      unit: "USD/kg",
      field: "price",
    });
  });

  test("a market alias inside a product's own name is not taken for the market", () => {
    const mapping = guessMapping(
      [
        ["Date", "NdPr oxide export", "NdPr oxide China"],
        ["2025-07-01", "61", "440000"],
      ],
      { products: ["NdPr oxide"], markets: ["export", "China", "oxide export"] }
    ) as WideMapping;
    expect(mapping.series.map((series) => [series.product, series.market])).toEqual([
      ["NdPr oxide", "export"],
      ["NdPr oxide", "China"],
    ]);
  });

  test("low and high series of one product pair up, and a range's header names its field", () => {
    const mapping = guessMapping(
      [
        ["", "Dy2O3 Europe low (USD/kg)", "Dy2O3 Europe high (USD/kg)"],
        [45839, 800, 840],
        [45840, 805, 845],
      ],
      VOCABULARY
    ) as WideMapping;
    expect(mapping.dateColumn).toBe(0);
    expect(mapping.series).toEqual([
      { column: 1, product: "Dy2O3", market: "Europe", unit: "USD/kg", field: "low" },
      { column: 2, product: "Dy2O3", market: "Europe", unit: "USD/kg", field: "high" },
    ]);
  });

  test("a unit in the price header or in a title line becomes the unit for the whole table", () => {
    const fromHeader = guessMapping([
      ["Product", "Date", "Price (US$/kg)"],
      ["Dy2O3", "2025-07-01", "230"],
    ]);
    expect(fromHeader.constants).toEqual({ unit: "USD/kg" });
    const fromTitle = guessMapping([
      ["稀土价格", ""],
      ["单位：元/吨", ""],
      ["品名", "日期", "价格"],
      ["氧化镝", "2025-07-01", "1610000"],
    ]);
    expect(fromTitle).toMatchObject({ headerRow: 2, constants: { unit: "CNY/t" } });
  });

  test("an Excel range with serial dates and number cells is recognized like a file", () => {
    const mapping = guessMapping([
      ["Commodity", "Location", "As of", "Close", "Ccy", "UOM"],
      ["Dy2O3", "Europe", 45839, 820, "USD", "kg"],
    ]);
    expect(mapping).toEqual({
      shape: "long",
      headerRow: 0,
      constants: {},
      columns: ["product", "market", "date", "price", "currency", "unit"],
    });
  });

  test("no rows, or rows of nothing, still give a mapping the user can fill in", () => {
    expect(guessMapping([])).toEqual({ shape: "long", headerRow: 0, constants: {}, columns: [] });
    expect(guessMapping([[null, undefined, ""]])).toMatchObject({ shape: "long", headerRow: 0 });
  });

  test("arbitrary cells never throw", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constantFrom("Date", "Low", "High", "2025-07-01", "1,234.5", "03/04/2025", "元/吨")
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 12 }), (rows) => {
        const mapping = guessMapping(rows, VOCABULARY);
        expect(Array.isArray(mappingProblems(mapping, 8, rows[mapping.headerRow]))).toBe(true);
        expect(typeof layoutSignature(rows, mapping.headerRow)).toBe("string");
      })
    );
  });
});

describe("remembering a mapping per layout", () => {
  const month = (titleDate: string, day: string, price: string) => [
    [`Fastmarkets export ${titleDate}`],
    ["Commodity", "Location", "Assessment date", "Low", "High"],
    ["Dy2O3", "Europe", day, price, price],
  ];

  test("next month's export of the same layout has the same signature", () => {
    expect(layoutSignature(month("2025-07-31", "2025-07-03", "800"), 1)).toBe(
      layoutSignature(month("2025-08-31", "2025-08-07", "815"), 1)
    );
  });

  test("a date in a header does not change the signature, a different column does", () => {
    const withDate = (date: string) => [["Product", `Close ${date}`]];
    expect(layoutSignature(withDate("2025-07-31"), 0)).toBe(
      layoutSignature(withDate("2025-08-29"), 0)
    );
    expect(layoutSignature([["Product", "Close"]], 0)).not.toBe(
      layoutSignature([["Product", "Mid"]], 0)
    );
  });

  test("case, spacing and trailing empty header cells do not matter", () => {
    expect(layoutSignature([["Product ", "LOW", "", ""]], 0)).toBe(
      layoutSignature([["product", "low"]], 0)
    );
  });
});

describe("why a mapping cannot import", () => {
  const long = (columns: LongMapping["columns"], constants = {}): Mapping => ({
    shape: "long",
    headerRow: 0,
    constants,
    columns,
  });

  test("a complete long mapping has no problems", () => {
    expect(
      mappingProblems(long(["product", "market", "date", "low", "high", "unit", "source"]), 7)
    ).toEqual([]);
  });

  test("each missing role is one sentence saying what to choose", () => {
    expect(mappingProblems(long(["ignore", "low"]), 2)).toEqual([
      "Choose the column that holds the dates.",
      "A low needs its high: choose the high column, or map the one column as the price.",
      "Choose the column that holds the product, or type the product if the whole table is one.",
      "Choose the column that holds the market, or type the market if the whole table is one (e.g. China).",
      "Choose the column that names the source, or type the source (e.g. 'Fastmarkets, licensed feed').",
      "Choose the column that holds the unit, or type the unit (e.g. USD/kg).",
    ]);
    expect(
      mappingProblems(
        long(["date"], { product: "Dy2O3", market: "China", unit: "CNY/t", source: "SMM" }),
        1
      )
    ).toEqual(["Choose the column that holds the price, or the low and high columns."]);
  });

  test("a role mapped twice names both columns by header; a column past the table is named", () => {
    const mapping = long(["date", "price", "price", "product", "market", "unit", "source", "note"]);
    expect(mappingProblems(mapping, 7, ["As of", "Close", "Average", "Commodity"])).toEqual([
      "Column 8 is mapped to note, but the table has only 7 columns; set it to ignore.",
      "2 columns are mapped to price: column 2 ('Close') and column 3 ('Average'); keep one and set the others to ignore.",
    ]);
  });

  test("a value both typed and given by a column, and typed text that would run, are refused", () => {
    const mapping = long(["date", "price", "product", "market", "unit", "source"], {
      source: "=HYPERLINK(1)",
      market: "China",
    });
    expect(mappingProblems(mapping, 6)).toEqual([
      "The source you typed, '=HYPERLINK(1)', starts with '=', which a spreadsheet would run as a formula.",
      "The market is both a column and typed ('China'); keep one of them.",
      "The source is both a column and typed ('=HYPERLINK(1)'); keep one of them.",
    ]);
  });

  test("two wide columns giving the same price of one series are refused", () => {
    const mapping: WideMapping = {
      shape: "wide",
      headerRow: 0,
      constants: { source: "SMM", unit: "CNY/t" },
      dateColumn: 0,
      series: [
        { column: 1, product: "Dy2O3", market: "China", field: "price" },
        { column: 2, product: "Dy2O3", market: "China", field: "price" },
      ],
    };
    expect(
      mappingProblems(mapping, 3, ["Date", "Dy2O3 China close", "Dy2O3 China average"])
    ).toEqual([
      "Column 2 ('Dy2O3 China close') and column 3 ('Dy2O3 China average') are both the price of Dy2O3 in China; remove one, or give them different products or markets.",
    ]);
  });

  test("a wide mapping: its source, each series' names, columns out of range, unpaired ranges", () => {
    const mapping: WideMapping = {
      shape: "wide",
      headerRow: 0,
      constants: { market: "China" },
      dateColumn: 0,
      series: [
        { column: 1, product: "Dy2O3", unit: "CNY/t", field: "low" },
        { column: 2, product: "", unit: "CNY/t", field: "price" },
        { column: 9, product: "Tb4O7", unit: "CNY/t", field: "price" },
        { column: 0, product: "NdPr", field: "price" },
      ],
    };
    expect(mappingProblems(mapping, 3, ["Date", "Dy2O3 low", "Close"])).toEqual([
      "Type the source of these prices (e.g. 'Fastmarkets, licensed feed').",
      "Type the product of column 3 ('Close').",
      "Series 3 reads column 10, but the table has only 3 columns; remove it.",
      "The date column, column 1 ('Date'), cannot also be a series of prices.",
      "Type the unit of column 1 ('Date') (e.g. USD/kg), or one unit for the whole table.",
      "Dy2O3 in China has a low column but no high column; add it, or read the column as the price.",
    ]);
  });
});
