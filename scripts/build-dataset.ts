/**
 * Validates src/data and writes generated/dataset.json, the form the add-in bundles and a
 * deployer publishes. An invalid dataset stops the build with file, line and field.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseTextDataset } from "../src/core/validate";
import { DATA_DIRECTORY, readDataDirectory } from "./dataset-files";

const { dataset, csvErrors } = readDataDirectory();
const { issues } = parseTextDataset(dataset);
const problems = [
  ...csvErrors,
  ...issues.map((issue) => {
    const file = join(DATA_DIRECTORY, issue.table === "meta" ? "meta.json" : `${issue.table}.csv`);
    // Row 1 is the first line under the header, so its line number in the file is 2.
    const line = issue.row !== undefined ? `:${issue.row + 1}` : "";
    return `${file}${line}${issue.field ? ` field "${issue.field}"` : ""}: ${issue.message}`;
  }),
];
if (problems.length > 0) {
  console.error(
    `The dataset is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.join("\n")}`
  );
  process.exit(1);
}
const outputDirectory = join(__dirname, "..", "generated");
mkdirSync(outputDirectory, { recursive: true });
writeFileSync(join(outputDirectory, "dataset.json"), JSON.stringify(dataset));
const rows = Object.values(dataset.tables).reduce((total, table) => total + table.rows.length, 0);
console.log(
  `Dataset ${String(dataset.meta.version)}: ${rows} rows in ${Object.keys(dataset.tables).length} tables, valid. Wrote generated/dataset.json.`
);
