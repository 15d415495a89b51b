import { HyperFormula } from "hyperformula";
import { loadBundle } from "../helpers/excel-runtime";
import { HYPERFORMULA_CONFIG, registerReeFunctions } from "../helpers/hyperformula-ree";

/**
 * A model an analyst would build, evaluated by a real formula engine: REE functions mixed with
 * Excel's own, fed by cell references. Expected values come from the sources.
 */
const bundle = loadBundle({ now: new Date(2025, 11, 1, 12) });
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
    '=IF(REE.CONTROLLED("Dy",DATE(2025,4,4)),"licence needed","free")',
    '=IF(REE.CONTROLLED("Ho",DATE(2025,11,8)),"licence needed","free")',
    '=REE.CONTROLLED("Dy",DATE(2025,4,3))',
  ],
  /* A5 */ [
    '=INDEX(REE.PRICEHISTORY("Dy2O3","USGS","2021-01-01"),3,4)',
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

test("a Europe/USGS price ratio from cell references: Benchmark July 2025 800 over USGS 2025 239", () => {
  expect(value("A2")).toBe(800);
  expect(value("B2")).toBe(239);
  expect(value("C2")).toBeCloseTo(800 / 239, 10);
});

test("SUM over shares: China, US and Australia mined 270,000 + 51,000 + 29,000 of 390,000 t in 2025", () => {
  expect(value("A3")).toBeCloseTo((270000 + 51000 + 29000) / 390000, 9);
  expect(value("B3")).toBe(390000);
});

test("IF over CONTROLLED: Dy needs a licence from 2025-04-04, Ho's control was suspended before it began", () => {
  expect(value("A4")).toBe("licence needed");
  expect(value("B4")).toBe("free");
  expect(value("C4")).toBe(false);
});

test("INDEX into a spilled history: the third row of 2021 onwards is 2022's mid, 382", () => {
  expect(value("A5")).toBe(382);
  expect(value("B5")).toBe(6); // header + 2021..2025
});

test("an empty optional argument means its default; an oxide typed where an element is expected means its element", () => {
  expect(value("C5")).toBe(330);
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
  expect(value("C6")).toBe(3625 * 1000);
  expect(value("B7")).toBe(value("A7"));
  expect(value("A7")).toBe(45839);
});
