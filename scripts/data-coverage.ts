/**
 * `npm run data:coverage` prints, as Markdown, what the bundled data covers: price points per
 * product and market, and how long each tonnes, share, trade, exchange-rate and event series runs.
 * `--readme` writes the same into README.md's dataset section (a data test checks it is current);
 * `--data DIR` reports on another directory (the tests' fixture dataset).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadDataset } from "../src/core/dataset";
import { coverageMarkdown, withCoverage } from "./coverage";
import { DATA_DIRECTORY, readDataDirectory } from "./dataset-files";

const { values: options } = parseArgs({
  options: { data: { type: "string" }, readme: { type: "boolean" } },
});
const { dataset: text, csvErrors } = readDataDirectory(
  options.data ? resolve(options.data) : DATA_DIRECTORY
);
const loaded = loadDataset(text);
if (csvErrors.length > 0 || !loaded.ok) {
  console.error(
    ["The dataset is invalid:", ...csvErrors, loaded.ok ? "" : loaded.message].join("\n").trim()
  );
  process.exit(1);
}
const markdown = coverageMarkdown(loaded.value);
if (options.readme) {
  const file = join(__dirname, "..", "README.md");
  const updated = withCoverage(readFileSync(file, "utf8"), markdown);
  if (updated === undefined) {
    console.error("README.md has no <!-- data-coverage:start --> ... end --> block.");
    process.exit(1);
  }
  writeFileSync(file, updated);
  console.log("README.md: data coverage updated.");
} else console.log(markdown);
