import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "../src/core/csv";
import { OPTIONAL_TABLES, TABLE_NAMES, TextDataset } from "../src/core/schema";

export const DATA_DIRECTORY = join(__dirname, "..", "src", "data");

/** Reads the reviewed source files (one CSV per table plus meta.json) into the dataset's text form. */
export function readDataDirectory(directory = DATA_DIRECTORY): {
  dataset: TextDataset;
  csvErrors: string[];
} {
  const csvErrors: string[] = [];
  const tables: TextDataset["tables"] = {};
  for (const name of TABLE_NAMES) {
    const file = join(directory, `${name}.csv`);
    if (OPTIONAL_TABLES.includes(name) && !existsSync(file)) continue;
    const parsed = parseCsv(readFileSync(file, "utf8"));
    for (const error of parsed.errors)
      csvErrors.push(
        `${file}${error.row !== undefined ? `:${error.row + 1}` : ""}: ${error.message}`
      );
    if (parsed.table) tables[name] = parsed.table;
  }
  const meta = JSON.parse(readFileSync(join(directory, "meta.json"), "utf8"));
  return { dataset: { meta, tables }, csvErrors };
}
