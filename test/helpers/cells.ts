import { Dataset } from "../../src/core/dataset";
import { TextDataset } from "../../src/core/schema";
import { FunctionId, makeCatalogue } from "../../src/functions/catalogue";
import { toExcel } from "../../src/functions/excel-errors";
import { fixtureTextDataset, loaded } from "./dataset";
import { ErrorCode, ExcelError } from "./excel-runtime";

/**
 * What a cell shows, through the same step functions.ts takes for Excel: the catalogue's answer,
 * then toExcel. Excel's CustomFunctions runtime is stood in for by the bundle tests' stand-in.
 */
(global as unknown as { CustomFunctions: unknown }).CustomFunctions = {
  Error: ExcelError,
  ErrorCode,
};

/** "Today" for these tests: 2024-10-04 (day 20,000), inside the fixture's data. */
const catalogue = makeCatalogue({ today: () => 20_000 });

export function shown(dataset: Dataset, id: FunctionId, ...args: unknown[]): unknown {
  const entry = catalogue[id];
  const output = toExcel(entry.run(dataset, args), entry.spills, { id, args });
  const render = (cell: unknown) =>
    cell instanceof ExcelError ? `${cell.code} ${cell.message ?? ""}` : cell;
  return Array.isArray(output) ? output.map((row) => row.map(render)) : render(output);
}

/** The fixture with extra rows appended to its tables (cells in each table's column order). */
export function fixtureWith(rows: Record<string, string[][]>): Dataset {
  const text: TextDataset = fixtureTextDataset();
  for (const [table, extra] of Object.entries(rows)) text.tables[table].rows.push(...extra);
  return loaded(text);
}
