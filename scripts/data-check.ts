/**
 * `npm run data:check -- FILE [--layout MAPPING.json] [--data DIR]` checks a price file exactly
 * as the task pane would import it over the add-in's bundled data: the same mapping guess (or
 * the given mapping), the same reader, the same name resolution and the same checks. It prints
 * the rows it would accept, or every problem by line and column, and exits 0 or 1.
 * `--data DIR` checks against another data directory (the tests use their fixture dataset).
 */
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadDataset } from "../src/core/dataset";
import { todayDay } from "../src/core/dates";
import { Mapping } from "../src/core/import/types";
import { importText } from "../src/core/imports";
import { problemsOf } from "../src/core/result";
import { DATA_DIRECTORY, readDataDirectory } from "./dataset-files";

export function checkFile(
  file: string,
  options: { layout?: string; data?: string; today?: number } = {}
): { ok: boolean; lines: string[] } {
  const { dataset: base, csvErrors } = readDataDirectory(options.data ?? DATA_DIRECTORY);
  const loaded = loadDataset(base);
  if (csvErrors.length > 0 || !loaded.ok)
    return { ok: false, lines: ["The data to check against is invalid:", ...csvErrors] };
  let mapping: Mapping | undefined;
  if (options.layout) {
    try {
      mapping = JSON.parse(readFileSync(options.layout, "utf8")) as Mapping;
    } catch (error) {
      return {
        ok: false,
        lines: [`The layout ${options.layout} is not a readable mapping: ${String(error)}`],
      };
    }
  }
  const name = basename(file);
  const outcome = importText(
    readFileSync(file, "utf8"),
    name,
    { base, layers: [], dataset: loaded.value, today: options.today ?? todayDay() },
    mapping
  );
  if (!outcome.ok)
    return { ok: false, lines: [`${name} would be refused:`, ...problemsOf(outcome)] };
  return { ok: true, lines: [`${name} would import: ${outcome.value.summary}.`] };
}

if (require.main === module) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { layout: { type: "string" }, data: { type: "string" } },
  });
  if (positionals.length !== 1) {
    console.error("Usage: npm run data:check -- FILE [--layout MAPPING.json] [--data DIR]");
    process.exit(2);
  }
  const result = checkFile(resolve(positionals[0]), {
    layout: values.layout && resolve(values.layout),
    data: values.data && resolve(values.data),
  });
  (result.ok ? console.log : console.error)(result.lines.join("\n"));
  process.exit(result.ok ? 0 : 1);
}
