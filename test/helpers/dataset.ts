import { Dataset, loadDataset } from "../../src/core/dataset";
import { TextDataset } from "../../src/core/schema";
import { readDataDirectory } from "../../scripts/dataset-files";

/** The reviewed dataset from src/data, as text. */
export function realTextDataset(): TextDataset {
  return readDataDirectory().dataset;
}

export function realDataset(): Dataset {
  const loaded = loadDataset(realTextDataset());
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.value;
}

/** A copy of the dataset with one cell changed, found by the row's first cell and a column name. */
export function withCell(
  dataset: TextDataset,
  table: string,
  firstCell: string,
  column: string,
  value: string
): { dataset: TextDataset; row: number } {
  const copy: TextDataset = JSON.parse(JSON.stringify(dataset));
  const target = copy.tables[table];
  const index = target.rows.findIndex((row) => row[0] === firstCell);
  if (index < 0) throw new Error(`${table} has no row starting ${firstCell}`);
  target.rows[index][target.columns.indexOf(column)] = value;
  return { dataset: copy, row: index + 1 };
}
