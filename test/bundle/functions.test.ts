import { readFileSync } from "fs";
import { join } from "path";
import { ExcelError, FIXTURE_DIST, loadBundle } from "../helpers/excel-runtime";

/**
 * Every function through the built bundle, called as Excel calls it, with the values a user must
 * see. The bundle is built around the synthetic fixture dataset (test/fixtures/dataset, whose
 * README says which row is there for what), so a data update cannot change these answers.
 * "Today" is fixed at 2026-11-28, after the fixture's horizon (2026-03-31).
 */
const bundle = loadBundle({ now: new Date(2026, 10, 28, 12), dist: FIXTURE_DIST });
const error = (code: "#VALUE!" | "#N/A", message: string | RegExp) =>
  expect.objectContaining({
    code,
    message: typeof message === "string" ? message : expect.stringMatching(message),
  });

test("the bundle associates exactly the functions that functions.json declares", () => {
  const declared = bundle.metadata.functions.map((fn) => fn.id).sort();
  expect([...bundle.functions.keys()].sort()).toEqual(declared);
  expect(declared).toEqual([
    "CONTROLLED",
    "CONTROLS",
    "CONVERT",
    "COUNTRY",
    "DATAINFO",
    "ELEMENT",
    "EVENTS",
    "FX",
    "HHI",
    "LIST",
    "PRICE",
    "PRICEHISTORY",
    "PRODUCT",
    "SHARE",
    "SPREAD",
    "TONNES",
    "TRADE",
  ]);
});

test("functions.js carries no source notes (nothing a formula returns uses them); the pane's source-notes chunk has them", () => {
  const note = "Older edition: revised by F-ANNUAL-2026";
  expect(readFileSync(join(FIXTURE_DIST, "functions.js"), "utf8")).not.toContain(note);
  expect(readFileSync(join(FIXTURE_DIST, "source-notes.js"), "utf8")).toContain(note);
  // The dataset a deployer publishes keeps them.
  expect(readFileSync(join(FIXTURE_DIST, "dataset.json"), "utf8")).toContain(note);
});

const D = (iso: string) => {
  const [y, m, d] = iso.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86400000) + 25569;
};

describe.each<[string, string, unknown[], unknown]>([
  // PRICE
  ['=REE.PRICE("Dy2O3")', "PRICE", ["Dy2O3"], 210],
  ['=REE.PRICE("dysprosium oxide")', "PRICE", ["dysprosium oxide"], 210],
  ['=REE.PRICE("Dy","Europe")', "PRICE", ["Dy", "Europe"], 820],
  [
    '=REE.PRICE("氧化镝","China","2025-03-10","CNY/t")',
    "PRICE",
    ["氧化镝", "China", "2025-03-10", "CNY/t"],
    1450000,
  ],
  [
    '=REE.PRICE("Dy2O3","China",DATE(2025,3,1),"CNY/kg","low")',
    "PRICE",
    ["Dy2O3", "China", D("2025-03-01"), "CNY/kg", "low"],
    1400,
  ],
  ['=REE.PRICE("Dy2O3",,DATE(2025,7,1))', "PRICE", ["Dy2O3", null, D("2025-07-01")], 210],
  [
    '=REE.PRICE("Dy2O3",,DATE(2024,7,1),,"url")',
    "PRICE",
    ["Dy2O3", null, D("2024-07-01"), null, "url"],
    "https://example.org/fixture/F-ANNUAL-2026",
  ],
  ['=REE.PRICE("Dy2O3",,DATE(2024,7,1))', "PRICE", ["Dy2O3", null, D("2024-07-01")], 260],
  [
    '=REE.PRICE("Dy2O3",,,,"note")',
    "PRICE",
    ["Dy2O3", null, null, null, "note"],
    expect.stringContaining("Estimated."),
  ],
  ['=REE.PRICE("Dy2O3","China","2025-03-31")', "PRICE", ["Dy2O3", "China", "2025-03-31"], 200],
  [
    '=REE.PRICE("Dy2O3","China","2025-03-31",,"note")',
    "PRICE",
    ["Dy2O3", "China", "2025-03-31", null, "note"],
    "China: ex-works, VAT included. Converted at 7.25 CNY per USD, the monthly average for 2025-03 (Fixture Rates Board, Fixture exchange rates (synthetic), 2025-07-01).",
  ],
  [
    '=REE.PRICE("Tb4O7","Europe","2025-06-01",,"high")',
    "PRICE",
    ["Tb4O7", "Europe", "2025-06-01", null, "high"],
    3000,
  ],
  [
    '=REE.PRICE("Tb4O7","Europe","2025-06-01",,"date")',
    "PRICE",
    ["Tb4O7", "Europe", "2025-06-01", null, "date"],
    D("2025-04-15"),
  ],
  [
    '=REE.PRICE("PrNd","FOB China",,,"source")',
    "PRICE",
    ["PrNd", "FOB China", null, null, "source"],
    "Fixture Export Desk, Fixture export price report (synthetic), 2024-06-20",
  ],
  [
    '=REE.PRICE("Dy2O4")',
    "PRICE",
    ["Dy2O4"],
    error("#VALUE!", "Unknown product 'Dy2O4'. Did you mean Dy2O3?"),
  ],
  [
    '=REE.PRICE("Dy2O3","Mars")',
    "PRICE",
    ["Dy2O3", "Mars"],
    error("#VALUE!", "Unknown market 'Mars'. =REE.LIST(\"markets\") lists them."),
  ],
  [
    '=REE.PRICE("Dy2O3",,"July 2025")',
    "PRICE",
    ["Dy2O3", null, "July 2025"],
    error(
      "#VALUE!",
      "'July 2025' is not a date. Use an Excel date or an ISO date such as 2025-07-01."
    ),
  ],
  [
    '=REE.PRICE("Dy2O3",,,"EUR/kg")',
    "PRICE",
    ["Dy2O3", null, null, "EUR/kg"],
    error("#VALUE!", /^Unknown unit 'EUR\/kg'\./),
  ],
  [
    '=REE.PRICE("Dy2O3",,,,"colour")',
    "PRICE",
    ["Dy2O3", null, null, null, "colour"],
    error("#VALUE!", /^Unknown field 'colour'\./),
  ],
  [
    "=REE.PRICE(A1:A2)",
    "PRICE",
    [[["Dy2O3"], ["Tb4O7"]]],
    error("#VALUE!", "product expects one value, not a range or array."),
  ],
  ["=REE.PRICE(42)", "PRICE", [42], error("#VALUE!", "product must be text, got 42.")],
  [
    '=REE.PRICE("Dy2O3","Europe","2015-01-01")',
    "PRICE",
    ["Dy2O3", "Europe", "2015-01-01"],
    error(
      "#N/A",
      "No Dy2O3 price for Europe on or before 2015-01-01; the series starts 2025-04-15."
    ),
  ],
  [
    '=REE.PRICE("Dy2O3","China")',
    "PRICE",
    ["Dy2O3", "China"],
    error(
      "#N/A",
      "Dy2O3 in China for 2025-05-12 is quoted in CNY/t, and the dataset has no sourced CNY/USD rate for 2025-05; ask in CNY/kg or CNY/t."
    ),
  ],
  [
    '=REE.PRICE("Ho2O3")',
    "PRICE",
    ["Ho2O3"],
    error("#N/A", "No Ho2O3 price in the Europe market. Markets with Ho2O3 prices: China."),
  ],
  [
    '=REE.PRICE("Pr6O11")',
    "PRICE",
    ["Pr6O11"],
    error("#N/A", "The dataset has no price for Pr6O11 in any market."),
  ],
  ['=REE.PRICE("")', "PRICE", [""], error("#VALUE!", "product is required.")],
  // Years 0000-0099 are those years, before Excel's dates, never 1900-1999.
  [
    '=REE.PRICE("Dy2O3","USGS","0099")',
    "PRICE",
    ["Dy2O3", "USGS", "0099"],
    error("#VALUE!", "date '0099' is before 1900, where Excel's dates begin."),
  ],
  [
    '=REE.PRICE("Dy2O3","USGS","0099-12-31")',
    "PRICE",
    ["Dy2O3", "USGS", "0099-12-31"],
    error(
      "#VALUE!",
      "'0099-12-31' is not a valid calendar date between 1900-01-01 and 9999-12-31."
    ),
  ],
  // PRICEHISTORY
  [
    '=REE.PRICEHISTORY("Dy2O3","USGS","2023-01-01")',
    "PRICEHISTORY",
    ["Dy2O3", "USGS", "2023-01-01"],
    [
      ["Date", "Low", "High", "Mid"],
      [D("2023-01-01"), 300, 300, 300],
      [D("2024-01-01"), 260, 260, 260],
      [D("2025-01-01"), 200, 220, 210],
    ],
  ],
  [
    '=REE.PRICEHISTORY("Dy2O3","Europe",,,,0)',
    "PRICEHISTORY",
    ["Dy2O3", "Europe", null, null, null, 0],
    [
      [D("2025-04-15"), 600, 900, 750],
      [D("2025-07-01"), 820, 820, 820],
    ],
  ],
  [
    '=REE.PRICEHISTORY("Dy2O3","USGS","2025-01-01","2021-01-01")',
    "PRICEHISTORY",
    ["Dy2O3", "USGS", "2025-01-01", "2021-01-01"],
    [[error("#VALUE!", "start 2025-01-01 is after end 2021-01-01.")]],
  ],
  [
    '=REE.PRICEHISTORY("Dy2O3",,,,,2)',
    "PRICEHISTORY",
    ["Dy2O3", null, null, null, null, 2],
    [[error("#VALUE!", "headers must be 0 or 1 (or FALSE/TRUE), got 2.")]],
  ],
  // SHARE
  ['=REE.SHARE("China","mining")', "SHARE", ["China", "mining"], 210000 / 330000],
  [
    '=REE.SHARE("Burma","mine production",2024)',
    "SHARE",
    ["Burma", "mine production", 2024],
    25000 / 320000,
  ],
  [
    '=REE.SHARE("MM","mining",DATE(2024,6,30),,"year")',
    "SHARE",
    ["MM", "mining", D("2024-06-30"), null, "year"],
    2024,
  ],
  ['=REE.SHARE("中国","refining")', "SHARE", ["中国", "refining"], 0.88],
  [
    '=REE.SHARE("China","separation",2023,,"source")',
    "SHARE",
    ["China", "separation", 2023, null, "source"],
    "Fixture Outlook, Fixture Outlook 2024 (synthetic), 2024-06-03",
  ],
  [
    '=REE.SHARE("China","separation",,"heavy")',
    "SHARE",
    ["China", "separation", null, "heavy"],
    0.98,
  ],
  ['=REE.SHARE("China","magnets")', "SHARE", ["China", "magnets"], 0.9],
  [
    '=REE.SHARE("China","reserves",,,"note")',
    "SHARE",
    ["China", "reserves", null, null, "note"],
    "China 40000000 t of world >80000000 t (FA2026). The world total is given as more than 80000000 t, so this share is an upper bound.",
  ],
  [
    '=REE.SHARE("China","metal")',
    "SHARE",
    ["China", "metal"],
    error(
      "#N/A",
      "No published metal shares in the dataset. No authoritative figure for metal and alloy making was found."
    ),
  ],
  [
    '=REE.SHARE("Narnia","mining")',
    "SHARE",
    ["Narnia", "mining"],
    error("#VALUE!", /^Unknown country 'Narnia'\./),
  ],
  [
    '=REE.SHARE("China","mining",TRUE)',
    "SHARE",
    ["China", "mining", true],
    error("#VALUE!", "year must be a year such as 2024 or a date, not TRUE/FALSE."),
  ],
  [
    '=REE.SHARE("China","mining",1850)',
    "SHARE",
    ["China", "mining", 1850],
    error("#N/A", /^No mining tonnes for China in 1905, so no share\./),
  ],
  // TONNES
  ['=REE.TONNES("United States","mining")', "TONNES", ["United States", "mining"], 45000],
  ['=REE.TONNES("Australia","mining",2024)', "TONNES", ["Australia", "mining", 2024], 20000],
  [
    '=REE.TONNES("Australia","mining",2024,"vintage")',
    "TONNES",
    ["Australia", "mining", 2024, "vintage"],
    "FA2026",
  ],
  ['=REE.TONNES("China","reserves")', "TONNES", ["China", "reserves"], 40000000],
  [
    '=REE.TONNES("World","reserves",,"note")',
    "TONNES",
    ["World", "reserves", null, "note"],
    expect.stringContaining("More than this figure."),
  ],
  [
    '=REE.TONNES("United States","mining",2023)',
    "TONNES",
    ["United States", "mining", 2023],
    error("#N/A", "No mining tonnes for United States in 2023. Years with data: 2024-2025."),
  ],
  [
    '=REE.TONNES("China","separation")',
    "TONNES",
    ["China", "separation"],
    error(
      "#N/A",
      "Tonnes are not published for the separation stage; only shares are. Use REE.SHARE."
    ),
  ],
  // CONTROLLED
  ['=REE.CONTROLLED("Dy")', "CONTROLLED", ["Dy"], true],
  ['=REE.CONTROLLED("Dy",DATE(2025,2,28))', "CONTROLLED", ["Dy", D("2025-02-28")], false],
  ['=REE.CONTROLLED("镝","2025-03-01")', "CONTROLLED", ["镝", "2025-03-01"], true],
  [
    '=REE.CONTROLLED("Dy","2025-03-01",,"measure")',
    "CONTROLLED",
    ["Dy", "2025-03-01", null, "measure"],
    "Fixture Announcement No. 1 of 2025",
  ],
  [
    '=REE.CONTROLLED("Dy","2025-06-01",,"since")',
    "CONTROLLED",
    ["Dy", "2025-06-01", null, "since"],
    D("2025-03-01"),
  ],
  ['=REE.CONTROLLED("Ho","2025-10-01")', "CONTROLLED", ["Ho", "2025-10-01"], false],
  [
    '=REE.CONTROLLED("Ho","2025-10-01","China","status")',
    "CONTROLLED",
    ["Ho", "2025-10-01", "China", "status"],
    "suspended",
  ],
  [
    '=REE.CONTROLLED("Ho","2025-10-01",,"measure")',
    "CONTROLLED",
    ["Ho", "2025-10-01", null, "measure"],
    "Fixture Announcement No. 2 of 2025 (suspended by Fixture Announcement No. 3 of 2025)",
  ],
  [
    '=REE.CONTROLLED("Ho")',
    "CONTROLLED",
    ["Ho"],
    error(
      "#N/A",
      "Unknown: the suspension of Fixture Announcement No. 2 of 2025 is scheduled to end after 2026-09-30, past the data's horizon (2026-03-31); no source confirms what happened, so Ho's status on 2026-11-28 is unknown. Update the data."
    ),
  ],
  ['=REE.CONTROLLED("Ho","2026-09-30")', "CONTROLLED", ["Ho", "2026-09-30"], false],
  ['=REE.CONTROLLED("La","2012-06-30")', "CONTROLLED", ["La", "2012-06-30"], true],
  ['=REE.CONTROLLED("Dy","2025-03-01","PRC")', "CONTROLLED", ["Dy", "2025-03-01", "PRC"], true],
  [
    '=REE.CONTROLLED("Dy",,"USA")',
    "CONTROLLED",
    ["Dy", null, "USA"],
    error("#VALUE!", /^Unknown regime 'USA'\. The dataset holds the export controls of: China\./),
  ],
  [
    '=REE.CONTROLLED("Dy",60)',
    "CONTROLLED",
    ["Dy", 60],
    error(
      "#VALUE!",
      "Serial 60 is Excel's 29 February 1900, a day that never existed; use 59 or 61."
    ),
  ],
  [
    '=REE.CONTROLLED("Dy","2009-12-31")',
    "CONTROLLED",
    ["Dy", "2009-12-31"],
    error("#N/A", "The controls timeline starts 2010-01-01; 2009-12-31 is before it."),
  ],
  ['=REE.CONTROLLED("Xx")', "CONTROLLED", ["Xx"], error("#VALUE!", /^Unknown element 'Xx'\./)],
  // CONTROLS
  [
    '=REE.CONTROLS("Dy","2025-06-01",0)',
    "CONTROLS",
    ["Dy", "2025-06-01", 0],
    [
      [
        "Fixture export quotas (2010-2014)",
        "quota",
        "",
        D("2010-01-01"),
        "Sc Y La Pr Nd Pm Tb Dy Ho",
        "ended",
        D("2015-01-01"),
        expect.any(String),
        expect.any(String),
        "https://example.org/fixture/F-GAZETTE",
      ],
      [
        "Fixture Announcement No. 1 of 2025",
        "export-licence",
        D("2025-02-20"),
        D("2025-03-01"),
        "Sc Y Tb Dy",
        "in force",
        D("2025-03-01"),
        expect.any(String),
        expect.stringContaining("Fixture gazette of export measures"),
        "https://example.org/fixture/F-GAZETTE",
      ],
    ],
  ],
  [
    '=REE.CONTROLS(,"2025-06-01",0)',
    "CONTROLS",
    [null, "2025-06-01", 0],
    expect.arrayContaining([
      expect.arrayContaining(["Fixture technology catalogue", "technology", "in force"]),
    ]),
  ],
  [
    '=REE.CONTROLS("Ho")',
    "CONTROLS",
    ["Ho"],
    expect.arrayContaining([
      expect.arrayContaining([
        "Fixture Announcement No. 2 of 2025",
        "unknown (after the data's horizon)",
      ]),
    ]),
  ],
  [
    '=REE.CONTROLS("La","2025-06-01",1)',
    "CONTROLS",
    ["La", "2025-06-01", 1],
    expect.arrayContaining([
      [
        "Measure",
        "Kind",
        "Announced",
        "Effective",
        "Elements",
        "Status",
        "Since",
        "Scope",
        "Source",
        "URL",
      ],
    ]),
  ],
  // ELEMENT
  ['=REE.ELEMENT("Dy","name_zh")', "ELEMENT", ["Dy", "name_zh"], "镝"],
  ['=REE.ELEMENT("镝","name")', "ELEMENT", ["镝", "name"], "Dysprosium"],
  ['=REE.ELEMENT("Terbium","z")', "ELEMENT", ["Terbium", "z"], 65],
  ['=REE.ELEMENT("La","class")', "ELEMENT", ["La", "class"], "light"],
  ['=REE.ELEMENT("Y","class")', "ELEMENT", ["Y", "class"], "heavy"],
  ['=REE.ELEMENT("Sc","class")', "ELEMENT", ["Sc", "class"], "neither"],
  ['=REE.ELEMENT("Ho","class_mofcom")', "ELEMENT", ["Ho", "class_mofcom"], "medium-heavy"],
  ['=REE.ELEMENT("Tb","oxide")', "ELEMENT", ["Tb", "oxide"], "Tb4O7"],
  [
    '=REE.ELEMENT("Pm","oxide")',
    "ELEMENT",
    ["Pm", "oxide"],
    error("#N/A", "Promethium has no traded oxide in the dataset."),
  ],
  [
    '=REE.ELEMENT("Dy","colour")',
    "ELEMENT",
    ["Dy", "colour"],
    error("#VALUE!", /^Unknown property 'colour'\./),
  ],
  // Without a property, the card: text (its name) where the host has no data types, as here
  // (no Office at all); cards.test.ts covers the entity.
  ['=REE.ELEMENT("Dy")', "ELEMENT", ["Dy"], "Dysprosium"],
  [
    '=REE.ELEMENT("Dy","China mining share")',
    "ELEMENT",
    ["Dy", "China mining share"],
    210000 / 330000,
  ],
  ['=REE.ELEMENT("Dy","price")', "ELEMENT", ["Dy", "price"], 210],
  [
    '=REE.ELEMENT("Dy","colour")',
    "ELEMENT",
    ["Dy", "colour"],
    error("#VALUE!", /Or a property of the card \(\d+ on Dysprosium's, such as Price,/),
  ],
  // PRODUCT
  ['=REE.PRODUCT("氧化镝")', "PRODUCT", ["氧化镝"], "Dysprosium oxide"],
  [
    '=REE.PRODUCT("Dy2O3","metal_content")',
    "PRODUCT",
    ["Dy2O3", "metal_content"],
    325 / (325 + 48),
  ],
  ['=REE.PRODUCT("DyFe","metal_content")', "PRODUCT", ["DyFe", "metal_content"], 0.8],
  ['=REE.PRODUCT("PrNd","elements")', "PRODUCT", ["PrNd", "elements"], "Nd Pr"],
  ['=REE.PRODUCT("Dy","China price")', "PRODUCT", ["Dy", "China price"], 1500000],
  // A property other products' cards carry, missing on this one: no data, not a bad question.
  [
    '=REE.PRODUCT("Pr6O11","Price")',
    "PRODUCT",
    ["Pr6O11", "Price"],
    error("#N/A", "Praseodymium oxide has no Price in the dataset (Dysprosium oxide has)."),
  ],
  [
    '=REE.PRODUCT("DyFe","formula")',
    "PRODUCT",
    ["DyFe", "formula"],
    error("#N/A", "DyFe has no formula in the dataset."),
  ],
  [
    '=REE.PRODUCT("Dy2O4")',
    "PRODUCT",
    ["Dy2O4"],
    error("#VALUE!", "Unknown product 'Dy2O4'. Did you mean Dy2O3?"),
  ],
  // COUNTRY
  ['=REE.COUNTRY("缅甸")', "COUNTRY", ["缅甸"], "Myanmar"],
  ['=REE.COUNTRY("Burma","iso3")', "COUNTRY", ["Burma", "iso3"], "MMR"],
  ['=REE.COUNTRY("China","Mining tonnes")', "COUNTRY", ["China", "Mining tonnes"], 210000],
  [
    '=REE.COUNTRY("China","Export-control measures")',
    "COUNTRY",
    ["China", "Export-control measures"],
    5,
  ],
  [
    '=REE.COUNTRY("World","iso2")',
    "COUNTRY",
    ["World", "iso2"],
    error("#N/A", "World has no ISO 3166 alpha-2 code."),
  ],
  // LIST
  ['=REE.LIST("markets")', "LIST", ["markets"], [["China"], ["Europe"], ["FOB China"], ["USGS"]]],
  ['=REE.LIST("units")', "LIST", ["units"], [["USD/kg"], ["USD/t"], ["CNY/kg"], ["CNY/t"]]],
  [
    '=REE.LIST("stages")',
    "LIST",
    ["stages"],
    [["magnets"], ["metal"], ["mining"], ["reserves"], ["separation"]],
  ],
  [
    '=REE.LIST("planets")',
    "LIST",
    ["planets"],
    [[error("#VALUE!", /^Unknown kind 'planets'\. Choices: elements, products/)]],
  ],
  // DATAINFO: declared to spill ("changes" is a table), so one value comes as a one-cell table.
  ["=REE.DATAINFO()", "DATAINFO", [], [["fixture.1"]]],
  ['=REE.DATAINFO("knownThrough")', "DATAINFO", ["knownThrough"], [[D("2026-03-31")]]],
  ['=REE.DATAINFO("userData")', "DATAINFO", ["userData"], [["none"]]],
  [
    '=REE.DATAINFO("changes")',
    "DATAINFO",
    ["changes"],
    [
      ["Table", "Series", "Change", "Period", "Old", "New", "Source"],
      ["meta", "knownThrough", "known through", "", "2025-12-31", "2026-03-31", ""],
      [
        "sources",
        "F-TRADE",
        "source added",
        "2025-12",
        "",
        "Fixture Customs, Fixture customs statistics (synthetic)",
        "",
      ],
      ["sources", "", "removed", "F-ANNUAL-2024", "1 row", "", ""],
      ["prices", "Dy2O3, China", "added", "2025-05-12", "", "1 row", "F-DAILY"],
      [
        "prices",
        "Dy2O3, Europe",
        "revised",
        "2025-04-15",
        "580-880 USD/kg",
        "600-900 USD/kg",
        "F-AGENCY",
      ],
      ["prices", "Tb4O7, USGS", "removed", "2024 (FA2026)", "1 row", "", ""],
      ["fx", "CNY", "revised", "2025-03", "7.2 CNY per USD", "7.25 CNY per USD", "F-RATES"],
      ["fx", "EUR", "added", "2025-03", "", "1 row", "F-RATES"],
      ["trade", "magnets, CHN, USA", "added", "2025 to 2025-04", "", "2 rows", "F-TRADE"],
      ["trade", "oxides, MMR, CHN", "added", "2025", "", "1 row", "F-TRADE"],
      ["events", "", "added", "2025-10-15", "", "1 row", "F-TRADE"],
      ["volumes", "mining, MMR", "revised", "2024 (FA2026)", "24000 t", "25000 t", "F-ANNUAL-2026"],
      [
        "controls",
        "",
        "revised",
        "FX-PAUSE",
        "scope: Suspends No. 2 until 2026-06-30",
        "scope: Suspends No. 2 until 2026-09-30",
        "F-GAZETTE",
      ],
      [
        "suspensions",
        "",
        "revised",
        "FX-LATER (2025-09-30)",
        "until: 2026-06-30",
        "until: 2026-09-30",
        "F-GAZETTE",
      ],
    ],
  ],
  [
    '=REE.DATAINFO("colour")',
    "DATAINFO",
    ["colour"],
    [[error("#VALUE!", /^Unknown field 'colour'\. .*changes/)]],
  ],
  // HHI: the fixture's mining 2025 is 210, 45, 22 and 20 kt of a 330 kt world total.
  [
    '=REE.HHI("mining",2025)',
    "HHI",
    ["mining", 2025],
    ((210 / 330) ** 2 + (45 / 330) ** 2 + (22 / 330) ** 2 + (20 / 330) ** 2) * 10_000,
  ],
  ['=REE.HHI("mining",,,"countries")', "HHI", ["mining", null, null, "countries"], 4],
  ['=REE.HHI("mining",2025,,"unattributed")', "HHI", ["mining", 2025, null, "unattributed"], 0.1],
  ['=REE.HHI("separation",2023)', "HHI", ["separation", 2023], 85 ** 2 + 4 ** 2],
  ['=REE.HHI("separation",,"heavy")', "HHI", ["separation", null, "heavy"], 98 ** 2],
  [
    '=REE.HHI("separation",2023,,"note")',
    "HHI",
    ["separation", 2023, null, "note"],
    "From published shares (China 85%, Malaysia 4%), not tonnes. A lower bound: 11% of world supply is not attributed to named countries. Were it all one supplier, the index would be 7362.",
  ],
  [
    '=REE.HHI("metal")',
    "HHI",
    ["metal"],
    error(
      "#N/A",
      "No published metal shares in the dataset. No authoritative figure for metal and alloy making was found."
    ),
  ],
  [
    "=REE.HHI(A1:A2)",
    "HHI",
    [[["mining"], ["reserves"]]],
    error("#VALUE!", "stage expects one value, not a range or array."),
  ],
  // CONVERT: the fixture's atomic weights are Dy 162.5 and O 16.
  ['=REE.CONVERT(1,"Dy2O3","Dy")', "CONVERT", [1, "Dy2O3", "Dy"], 325 / 373],
  ['=REE.CONVERT(1,"Dy","REO")', "CONVERT", [1, "Dy", "REO"], 373 / 325],
  ['=REE.CONVERT(10,"DyFe","Dy")', "CONVERT", [10, "DyFe", "Dy"], 8],
  [
    '=REE.CONVERT(1,"Dy","Tb")',
    "CONVERT",
    [1, "Dy", "Tb"],
    error(
      "#VALUE!",
      "Dy metal and Tb metal are of different elements (Dy, Tb); REE.CONVERT converts one element between bases."
    ),
  ],
  [
    '=REE.CONVERT(A1:A2,"Dy2O3","Dy")',
    "CONVERT",
    [[[1], [2]], "Dy2O3", "Dy"],
    error("#VALUE!", "value expects one value, not a range or array."),
  ],
  // SPREAD: Europe's July 2025 820 US$/kg over the USGS 2025 average of 210.
  ['=REE.SPREAD("Dy2O3","Europe","USGS")', "SPREAD", ["Dy2O3", "Europe", "USGS"], 820 / 210],
  [
    '=REE.SPREAD("Dy2O3","Europe","USGS",DATE(2025,7,31),,"difference")',
    "SPREAD",
    ["Dy2O3", "Europe", "USGS", D("2025-07-31"), null, "difference"],
    610,
  ],
  [
    '=REE.SPREAD("Dy2O3","China","USGS","2025-03-31",,"date")',
    "SPREAD",
    ["Dy2O3", "China", "USGS", "2025-03-31", null, "date"],
    D("2025-01-01"),
  ],
  [
    '=REE.SPREAD("Dy2O3","Europe","China","2025-04-30")',
    "SPREAD",
    ["Dy2O3", "Europe", "China", "2025-04-30"],
    error(
      "#N/A",
      "The Dy2O3 assessments are too far apart to compare: Europe 2025-04-15, China 2025-03-10, 36 days, more than a day. Pick a date when both were assessed within a day of each other."
    ),
  ],
])("%s", (_formula, id, args, expected) => {
  test("shows what the user must see", () => {
    const result = bundle.call(id, ...args);
    if (typeof expected === "number") expect(result).toBeCloseTo(expected, 9);
    else expect(result).toEqual(expected);
  });
});

test("errors are CustomFunctions.Error objects, never exceptions", () => {
  expect(bundle.call("PRICE", "Dy2O4")).toBeInstanceOf(ExcelError);
  expect(() => bundle.call("PRICE", { nonsense: true })).not.toThrow();
});

test("every list kind lists names that the functions accept", () => {
  for (const [kind, id, build] of [
    ["products", "PRICE", (name: string) => [name, "USGS", null, null, "unit"]],
    ["elements", "ELEMENT", (name: string) => [name, "symbol"]],
    ["countries", "SHARE", (name: string) => [name, "mining", null, null, "unit"]],
  ] as const) {
    const names = (bundle.call("LIST", kind) as string[][]).map((row) => row[0]);
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      const result = bundle.call(id, ...build(name));
      if (result instanceof ExcelError) expect(result.code).toBe("#N/A");
    }
  }
});
