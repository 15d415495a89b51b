/**
 * Validates src/data and writes generated/dataset.json, the form the add-in bundles and a
 * deployer publishes. An invalid dataset stops the build with file, line and field.
 * `--data DIR --out FILE` validates another directory (the tests' fixture dataset) the same way.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseTextDataset } from "../src/core/validate";
import { DATA_DIRECTORY, readDataDirectory } from "./dataset-files";

const { values: options } = parseArgs({
  options: { data: { type: "string" }, out: { type: "string" } },
});
const dataDirectory = options.data ? resolve(options.data) : DATA_DIRECTORY;
const outputFile = options.out
  ? resolve(options.out)
  : join(__dirname, "..", "generated", "dataset.json");
const { dataset, csvErrors } = readDataDirectory(dataDirectory);
const { issues } = parseTextDataset(dataset);
const problems = [
  ...csvErrors,
  ...issues.map((issue) => {
    const file = join(dataDirectory, issue.table === "meta" ? "meta.json" : `${issue.table}.csv`);
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
mkdirSync(dirname(outputFile), { recursive: true });
writeFileSync(outputFile, JSON.stringify(dataset));
const rows = Object.values(dataset.tables).reduce((total, table) => total + table.rows.length, 0);
console.log(
  `Dataset ${String(dataset.meta.version)}: ${rows} rows in ${Object.keys(dataset.tables).length} tables, valid. Wrote ${outputFile}.`
);
