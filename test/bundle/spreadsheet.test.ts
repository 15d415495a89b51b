import { HyperFormula } from "hyperformula";
import { FIXTURE_DIST, loadBundle } from "../helpers/excel-runtime";
import { HYPERFORMULA_CONFIG, registerReeFunctions } from "../helpers/hyperformula-ree";

/**
 * A model an analyst would build, evaluated by a real formula engine: REE functions mixed with
 * Excel's own, fed by cell references. The bundle is built around the synthetic fixture dataset
 * (test/fixtures/dataset), so the expected values are the fixture's.
 */
const bundle = loadBundle({ now: new Date(2025, 11, 1, 12), dist: FIXTURE_DIST });
registerReeFunctions(bundle);

const sheet = [
  /* A1 */ ["Dy2O3", "Europe", "2025-07-01"],
  /* A2 */ ["=REE.PRICE(A1,B1,C1)", '=REE.PRICE(A1,"USGS",DATE(2025,7,1))', "=A2/B2"],
  /* A3 */ [
    '=SUM(REE.SHARE("China","mining",2025),REE.SHARE("US","mining",2025),REE.SHARE("Australia","mining",2025))',
    '=REE.TONNES("World","mining",2025)',
    "",
  ],
  /* A4 */ [
    '=IF(REE.CONTROLLED("Dy",DATE(2025,3,1)),"licence needed","free")',
    '=IF(REE.CONTROLLED("Ho",DATE(2025,10,1)),"licence needed","free")',
    '=REE.CONTROLLED("Dy",DATE(2025,2,28))',
  ],
  /* A5 */ [
    '=INDEX(REE.PRICEHISTORY("Dy2O3","USGS","2022-01-01"),3,4)',
    '=ROWS(REE.PRICEHISTORY("Dy2O3","USGS"))',
    '=REE.PRICE("Dy2O3",,DATE(2023,6,30))',
  ],
  /* A6 */ [
    '=REE.PRICE("Dy2O4")',
    '=ISNA(REE.SHARE("China","metal"))',
    '=REE.PRICE("Tb4O7","Europe",,"USD/t")',
  ],
  /* A7 */ [
    "=DATE(2025,7,1)",
    '=REE.PRICE("Dy2O3","Europe","2025-07-01",,"date")',
    '=REE.ELEMENT(A1,"z")',
  ],
];

const engine = HyperFormula.buildFromArray(sheet, HYPERFORMULA_CONFIG);
const value = (address: string) => {
  const column = address.charCodeAt(0) - 65;
  const row = Number(address.slice(1)) - 1;
  return engine.getCellValue({ sheet: 0, row, col: column });
};

afterAll(() => engine.destroy());

test("a Europe/annual price ratio from cell references: July 2025 820 over the 2025 average 210", () => {
  expect(value("A2")).toBe(820);
  expect(value("B2")).toBe(210);
  expect(value("C2")).toBeCloseTo(820 / 210, 10);
});

test("SUM over shares: China, US and Australia mined 210,000 + 45,000 + 22,000 of 330,000 t in 2025", () => {
  expect(value("A3")).toBeCloseTo((210000 + 45000 + 22000) / 330000, 9);
  expect(value("B3")).toBe(330000);
});

test("IF over CONTROLLED: Dy needs a licence from 2025-03-01, Ho's control was suspended before it began", () => {
  expect(value("A4")).toBe("licence needed");
  expect(value("B4")).toBe("free");
  expect(value("C4")).toBe(false);
});

test("INDEX into a spilled history: the third row of 2022 onwards is 2023's mid, 300", () => {
  expect(value("A5")).toBe(300);
  expect(value("B5")).toBe(5); // header + 2022..2025
});

test("an empty optional argument means its default; an oxide typed where an element is expected means its element", () => {
  expect(value("C5")).toBe(300);
  expect(value("C7")).toBe(66);
});

test("errors reach the sheet as #VALUE! and #N/A with their reasons", () => {
  expect(value("A6")).toMatchObject({
    type: "VALUE",
    message: "Unknown product 'Dy2O4'. Did you mean Dy2O3?",
  });
  expect(value("B6")).toBe(true);
});

test("units and dates come back in Excel's terms: USD/t, and the assessment date as the serial DATE gives", () => {
  expect(value("C6")).toBe(3100 * 1000);
  expect(value("B7")).toBe(value("A7"));
  expect(value("A7")).toBe(45839);
});
