/*
 * The README is what an analyst reads first, so it is held to the add-in and its data:
 * every example formula with a value is evaluated by a real formula engine (HyperFormula) over
 * the production bundle (dist/, built around the real data) and must show what the README says;
 * every function's argument table lists the declared arguments in order; the coverage block is
 * what `npm run data:coverage -- --readme` would write. A data update that changes an example
 * fails here, on purpose: the README must change with it.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { HyperFormula } from "hyperformula";
import { loadDataset } from "../../src/core/dataset";
import { makeCatalogue } from "../../src/functions/catalogue";
import { coverageMarkdown, withCoverage } from "../../scripts/coverage";
import { readDataDirectory } from "../../scripts/dataset-files";
import { DIST, loadBundle } from "../helpers/excel-runtime";
import { HYPERFORMULA_CONFIG, registerReeFunctions } from "../helpers/hyperformula-ree";

const README = readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");

/** Table rows whose first cell is a formula and whose second cell starts with a shown result. */
interface Example {
  formula: string;
  shown: string;
  /** The text after the result's code span: the error message for an error. */
  after: string;
}

function examples(): Example[] {
  const rows: Example[] = [];
  for (const line of README.split("\n")) {
    const match = /^\| `(=REE\.[^`]+)` \| `([^`]*)`(.*?) \|/.exec(line);
    if (match) rows.push({ formula: match[1], shown: match[2], after: match[3].trim() });
  }
  return rows;
}

/** What a number shown with N decimals allows: the value rounded to those decimals. */
function closeTo(actual: unknown, shown: string): boolean {
  const decimals = shown.includes(".") ? shown.split(".")[1].length : 0;
  return typeof actual === "number" && Math.abs(actual - Number(shown)) <= 0.5 * 10 ** -decimals;
}

describe("README examples give what the README shows (HyperFormula over dist/)", () => {
  const bundle = loadBundle({ now: new Date(2026, 10, 28, 12), dist: DIST });
  registerReeFunctions(bundle);
  const rows = examples();
  const engine = HyperFormula.buildFromArray(
    rows.map((row) => [row.formula]),
    HYPERFORMULA_CONFIG
  );
  afterAll(() => engine.destroy());

  test("the README has examples to check", () => {
    expect(rows.length).toBeGreaterThan(40);
  });

  test.each(rows.map((row, index) => [row.formula, row, index] as const))(
    "%s",
    (_formula, row, index) => {
      const value = engine.getCellValue({ sheet: 0, row: index, col: 0 });
      const errorCode = /^#(VALUE!|N\/A)$/.exec(row.shown);
      if (errorCode) {
        expect(value).toMatchObject({ value: row.shown });
        expect((value as { message: string }).message).toBe(row.after);
      } else if (row.shown === "TRUE" || row.shown === "FALSE") {
        expect(value).toBe(row.shown === "TRUE");
      } else if (/^-?\d+(\.\d+)?$/.test(row.shown)) {
        if (!closeTo(value, row.shown)) expect(value).toBe(Number(row.shown));
      } else {
        expect(value).toBe(row.shown);
      }
    }
  );
});

describe("README argument tables list each function's declared arguments", () => {
  const catalogue = makeCatalogue();
  test.each(Object.keys(catalogue))("REE.%s", (id) => {
    const section = README.split(`\n### REE.${id}\n`)[1]?.split("\n### ")[0] ?? "";
    const table = section.split("| Argument | Meaning | Default |")[1] ?? "";
    const lines = table.split("\n").slice(2);
    const end = lines.findIndex((line) => !line.startsWith("| "));
    const documented = lines
      .slice(0, end < 0 ? lines.length : end)
      .map((line) => line.split(" | ").map((cell) => cell.replace(/^\| /, "").trim()))
      .map(([name, , fallback]) => [name, !fallback.startsWith("required")]);
    const declared = catalogue[id as keyof typeof catalogue].parameters.map((parameter) => [
      parameter.name,
      "optional" in parameter,
    ]);
    expect(documented).toEqual(declared);
  });
});

test("the README's coverage block is what npm run data:coverage -- --readme writes", () => {
  const loaded = loadDataset(readDataDirectory().dataset);
  if (!loaded.ok) throw new Error(loaded.message);
  expect(withCoverage(README, coverageMarkdown(loaded.value))).toBe(README);
});
