/**
 * `npm run data:release` keeps the dataset just built as a published release:
 * generated/dataset.json, without its changelog, goes to data-releases/<version>.json. The build
 * compares each new version with the newest release below it (scripts/build-dataset.ts), so what
 * a version changed is always computed against exactly what was published.
 * A released version never changes: releasing it again with other content is refused (bump the
 * version in meta.json), and so is a version below one already released.
 * Options: `--dataset FILE` (default generated/dataset.json), `--releases DIR` (default
 * data-releases), `--data DIR` (the data directory FILE must have been built from; default src/data).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { Result, invalid, ok } from "../src/core/result";
import { TextDataset } from "../src/core/schema";
import { describeIssue, parseTextDataset } from "../src/core/validate";
import { compareVersions } from "../src/core/versions";
import { DATA_DIRECTORY, readDataDirectory } from "./dataset-files";

export const RELEASES_DIRECTORY = join(__dirname, "..", "data-releases");
export const GENERATED_DATASET = join(__dirname, "..", "generated", "dataset.json");

/** A version becomes a file name, so it may hold only characters every file system takes. */
const FILE_SAFE_VERSION = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;

/** The versions released in a directory, one `<version>.json` each; none when it does not exist. */
export function releasedVersions(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .sort(compareVersions);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isTextTable(table: unknown): boolean {
  if (!isObject(table) || !Array.isArray(table.columns) || !Array.isArray(table.rows)) return false;
  const isText = (cell: unknown) => typeof cell === "string";
  return (
    table.columns.every(isText) &&
    table.rows.every((row) => Array.isArray(row) && row.every(isText))
  );
}

/** A released dataset, read back; a damaged file is a sentence naming it, never a throw. */
export function readRelease(directory: string, version: string): Result<TextDataset> {
  const file = join(directory, `${version}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return invalid(
      `${file} is not a readable release: ${error instanceof Error ? error.message : String(error)}`
    );
  }
  if (!isObject(parsed) || !isObject(parsed.meta) || !isObject(parsed.tables))
    return invalid(`${file} is not a dataset: it needs a meta object and a tables object.`);
  const damaged = Object.entries(parsed.tables).find(([, table]) => !isTextTable(table));
  if (damaged)
    return invalid(`${file}: table '${damaged[0]}' needs columns and rows of text cells.`);
  const inside = parsed.meta.version;
  if (typeof inside !== "string" || compareVersions(inside, version) !== 0)
    return invalid(
      `${file} holds version '${String(inside)}', not ${version}: a release file is named after its version.`
    );
  return ok(parsed as unknown as TextDataset);
}

/** The dataset without its changelog: what a release keeps, and what two releases are compared by. */
export function withoutChanges(dataset: TextDataset): TextDataset {
  return { meta: dataset.meta, tables: dataset.tables };
}

/** Same data, whatever the order of keys in the files. */
export function sameData(a: TextDataset, b: TextDataset): boolean {
  return isDeepStrictEqual(withoutChanges(a), withoutChanges(b));
}

/**
 * A release as a file a reviewer can read in a diff: one row a line. JSON.parse gives exactly the
 * dataset the build wrote.
 */
export function releaseText(dataset: TextDataset): string {
  const tables = Object.entries(dataset.tables).map(([name, table]) => {
    const rows =
      table.rows.length === 0
        ? "[]"
        : `[\n${table.rows.map((row) => `        ${JSON.stringify(row)}`).join(",\n")}\n      ]`;
    return `    ${JSON.stringify(name)}: {\n      "columns": ${JSON.stringify(table.columns)},\n      "rows": ${rows}\n    }`;
  });
  return `{\n  "meta": ${JSON.stringify(dataset.meta)},\n  "tables": {\n${tables.join(",\n")}\n  }\n}\n`;
}

export interface ReleaseOptions {
  dataset?: string;
  releases?: string;
  data?: string;
}

/** Copies the built dataset into the releases, or says why not. */
export function releaseDataset(options: ReleaseOptions = {}): { ok: boolean; lines: string[] } {
  const datasetFile = options.dataset ?? GENERATED_DATASET;
  const releases = options.releases ?? RELEASES_DIRECTORY;
  const dataDirectory = options.data ?? DATA_DIRECTORY;
  const refuse = (...lines: string[]) => ({ ok: false, lines });
  if (!existsSync(datasetFile))
    return refuse(`${datasetFile} does not exist: run npm run build:data first.`);
  let built: TextDataset;
  try {
    built = withoutChanges(JSON.parse(readFileSync(datasetFile, "utf8")) as TextDataset);
  } catch (error) {
    return refuse(
      `${datasetFile} is not readable JSON (${error instanceof Error ? error.message : String(error)}): run npm run build:data again.`
    );
  }
  const { issues } = parseTextDataset(built);
  if (issues.length > 0)
    return refuse(
      `${datasetFile} is not a valid dataset, so it cannot be released:`,
      ...issues.map(describeIssue)
    );
  const source = readDataDirectory(dataDirectory);
  if (source.csvErrors.length > 0 || !sameData(source.dataset, built))
    return refuse(
      `${datasetFile} is not what ${dataDirectory} holds now: run npm run build:data, then release.`
    );
  const version = String(built.meta.version).trim();
  if (!FILE_SAFE_VERSION.test(version))
    return refuse(
      `The version '${version}' cannot name a release file: use letters, digits, dots, dashes or underscores (2026.11.1).`
    );
  const released = releasedVersions(releases);
  const same = released.find((candidate) => compareVersions(candidate, version) === 0);
  if (same !== undefined) {
    const existing = readRelease(releases, same);
    if (!existing.ok) return refuse(existing.message);
    if (sameData(existing.value, built))
      return {
        ok: true,
        lines: [`Version ${version} is already released with this data; nothing to do.`],
      };
    return refuse(
      `Version ${version} is already released (${join(releases, `${same}.json`)}) with other data. A released version never changes: bump "version" in meta.json, run npm run build:data, then release.`
    );
  }
  const newer = released.filter((candidate) => compareVersions(candidate, version) > 0);
  if (newer.length > 0)
    return refuse(
      `Version ${version} is older than the released ${newer[newer.length - 1]}: a new release needs a higher version in meta.json.`
    );
  mkdirSync(releases, { recursive: true });
  const file = join(releases, `${version}.json`);
  writeFileSync(file, releaseText(built));
  const rows = Object.values(built.tables).reduce((total, table) => total + table.rows.length, 0);
  return {
    ok: true,
    lines: [`Released ${version}: ${relative(process.cwd(), file) || file} (${rows} rows).`],
  };
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      dataset: { type: "string" },
      releases: { type: "string" },
      data: { type: "string" },
    },
  });
  const outcome = releaseDataset({
    dataset: values.dataset && resolve(values.dataset),
    releases: values.releases && resolve(values.releases),
    data: values.data && resolve(values.data),
  });
  (outcome.ok ? console.log : console.error)(outcome.lines.join("\n"));
  process.exit(outcome.ok ? 0 : 1);
}
