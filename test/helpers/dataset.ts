import { join } from "node:path";
import { Dataset, loadDataset } from "../../src/core/dataset";
import { TextDataset } from "../../src/core/schema";
import { readDataDirectory } from "../../scripts/dataset-files";

/** The synthetic dataset the logic tests run on: small, stable, and made of edge cases (see its README). */
export const FIXTURE_DIRECTORY = join(__dirname, "..", "fixtures", "dataset");

/** The fixture dataset, as text (read from its CSV files, exactly as the build reads src/data). */
export function fixtureTextDataset(): TextDataset {
  const { dataset, csvErrors } = readDataDirectory(FIXTURE_DIRECTORY);
  if (csvErrors.length > 0) throw new Error(csvErrors.join("\n"));
  return dataset;
}

export function fixtureDataset(): Dataset {
  return loaded(fixtureTextDataset());
}

/** The reviewed dataset from src/data, as text: for the data layer only, never for logic tests. */
export function realTextDataset(): TextDataset {
  return readDataDirectory().dataset;
}

export function realDataset(): Dataset {
  return loaded(realTextDataset());
}

/** A dataset in its text form, loaded by the core; a dataset that does not load fails the test. */
export function loaded(text: TextDataset): Dataset {
  const dataset = loadDataset(text);
  if (!dataset.ok) throw new Error(dataset.message);
  return dataset.value;
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
