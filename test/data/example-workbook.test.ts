/*
 * The example workbook (examples/rare-earth-model.xlsx, written by scripts/example-workbook.ts)
 * opened as a user would get it: every formula in it evaluated by a real formula engine
 * (HyperFormula) with the REE functions of the production bundle (dist/, around the real data),
 * and not one cell may be an error. A data update that breaks one of its formulas fails here.
 */
import * as path from "path";
import ExcelJS from "exceljs";
import { DetailedCellError, HyperFormula } from "hyperformula";
import { DIST, loadBundle } from "../helpers/excel-runtime";
import { HYPERFORMULA_CONFIG, registerReeFunctions } from "../helpers/hyperformula-ree";

const FILE = path.resolve(__dirname, "../../examples/rare-earth-model.xlsx");

type Content = string | number | boolean | null;

/** A cell as HyperFormula takes it: a formula as "=...", a value as itself. */
function contentOf(cell: ExcelJS.Cell): Content {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value === "object" && "formula" in value && value.formula) return `=${value.formula}`;
  if (typeof value === "object" && "sharedFormula" in value)
    throw new Error(`${cell.address}: shared formulas are not expected in the example.`);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  throw new Error(`${cell.address}: unexpected cell value ${JSON.stringify(value)}.`);
}

describe("examples/rare-earth-model.xlsx evaluates without an error cell", () => {
  const workbook = new ExcelJS.Workbook();
  let engine: HyperFormula;
  const sheets: Record<string, Content[][]> = {};
  const formulas: { sheet: string; address: string; formula: string }[] = [];

  beforeAll(async () => {
    await workbook.xlsx.readFile(FILE);
    workbook.eachSheet((sheet) => {
      const grid: Content[][] = [];
      sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
        row.eachCell({ includeEmpty: true }, (cell, columnNumber) => {
          const content = contentOf(cell);
          if (content === null) return;
          grid[rowNumber - 1] ??= [];
          grid[rowNumber - 1][columnNumber - 1] = content;
          if (typeof content === "string" && content.startsWith("="))
            formulas.push({ sheet: sheet.name, address: cell.address, formula: content });
        });
      });
      sheets[sheet.name] = Array.from(grid, (row) => Array.from(row ?? [], (cell) => cell ?? null));
    });
    const bundle = loadBundle({ now: new Date(2026, 10, 28, 12), dist: DIST });
    registerReeFunctions(bundle);
    engine = HyperFormula.buildFromSheets(sheets, HYPERFORMULA_CONFIG);
  });
  afterAll(() => engine?.destroy());

  test("it has the three model sheets, each with REE formulas", () => {
    expect(Object.keys(sheets)).toEqual(["About", "Prices", "Supply risk", "Magnet cost"]);
    const used = (sheet: string, id: string) =>
      formulas.some((entry) => entry.sheet === sheet && entry.formula.includes(`REE.${id}(`));
    expect(used("Prices", "PRICE")).toBe(true);
    expect(used("Prices", "PRICEHISTORY")).toBe(true);
    expect(used("Prices", "SPREAD")).toBe(true);
    expect(used("Supply risk", "SHARE")).toBe(true);
    expect(used("Supply risk", "HHI")).toBe(true);
    expect(used("Supply risk", "CONTROLLED")).toBe(true);
    expect(used("Magnet cost", "PRICE")).toBe(true);
    expect(used("Magnet cost", "CONVERT")).toBe(true);
  });

  test("the magnet composition is labelled as user input, not fact", () => {
    const texts = (sheets["Magnet cost"] ?? []).flat().filter((cell) => typeof cell === "string");
    expect(texts.some((text) => /composition below is a USER INPUT/.test(text as string))).toBe(
      true
    );
    expect(
      texts.some(
        (text) => /USER INPUT/.test(text as string) && /Mass fraction/.test(text as string)
      )
    ).toBe(true);
  });

  test("a chart placeholder tells the user how to add the price chart", () => {
    expect(
      (sheets.Prices ?? []).flat().some((cell) => typeof cell === "string" && /^CHART:/.test(cell))
    ).toBe(true);
  });

  test("no cell of any sheet is an error", () => {
    const errors: string[] = [];
    for (const name of engine.getSheetNames()) {
      const sheet = engine.getSheetId(name)!;
      engine.getSheetValues(sheet).forEach((row, rowIndex) =>
        row.forEach((value, columnIndex) => {
          if (value instanceof DetailedCellError)
            errors.push(
              `${name}!${engine.simpleCellAddressToString({ sheet, row: rowIndex, col: columnIndex }, sheet)}: ${value.value} ${value.message ?? ""}`
            );
        })
      );
    }
    expect(errors).toEqual([]);
  });

  test("the magnet cost is a positive number, and Europe's prices cost more than China's", () => {
    const sheet = engine.getSheetId("Magnet cost")!;
    const values = engine.getSheetValues(sheet);
    const total = values.find((row) => row[0] === "Total")!;
    expect(typeof total[3]).toBe("number");
    expect(total[3] as number).toBeGreaterThan(0);
    expect(total[5] as number).toBeGreaterThan(total[3] as number);
  });
});
