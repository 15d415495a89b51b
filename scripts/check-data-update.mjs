/**
 * CI check: a routine data update must never break a logic test.
 *
 * In a temporary copy of the repository (the files `git ls-files` lists, plus a node_modules
 * symlink), it does what a data maintainer does: appends one valid row to src/data/prices.csv (the
 * latest assessment of an existing series, repeated on the data's horizon day and citing the same
 * source) and bumps the `version` in src/data/meta.json. Then it builds the data and runs the layers
 * that must not care: the unit layer (on the fixture) and the bundle layer (on dist-fixture). The
 * data layer is not run: it is about the real data and is expected to change with it.
 * Exits non-zero if any step fails. The real repository is never written to.
 */
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const keep = process.argv.includes("--keep");

/** Cells of one CSV line (quoted cells may hold commas and doubled quotes; the data has no line breaks in cells). */
function cellsOf(line) {
  const cells = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

const csvCell = (value) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A period's first day as ISO text, so that periods of any precision compare as text. */
const startOf = (period) =>
  period.length === 4 ? `${period}-01-01` : period.length === 7 ? `${period}-01` : period;

function copyRepository(target) {
  const listed = spawnSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  let copied = 0;
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    const from = join(root, file);
    // A tracked file deleted in the working tree, or a symlink git tracks, is not part of the copy.
    if (!existsSync(from) || lstatSync(from).isSymbolicLink()) continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    copyFileSync(from, join(target, file));
    copied++;
  }
  symlinkSync(realpathSync(join(root, "node_modules")), join(target, "node_modules"), "dir");
  return copied;
}

/** Appends the latest assessment before the horizon again, dated on the horizon day, 5% higher. */
function appendPriceRow(directory) {
  const meta = JSON.parse(readFileSync(join(directory, "meta.json"), "utf8"));
  const file = join(directory, "prices.csv");
  const text = readFileSync(file, "utf8");
  const lines = text.split(/\r?\n/).filter((line) => line !== "");
  const columns = cellsOf(lines[0]);
  const column = (name) => columns.indexOf(name);
  const rows = lines.slice(1).map(cellsOf);
  const horizon = meta.knownThrough;
  const candidates = rows
    .filter(
      (row) => row[column("period")].length === 10 && startOf(row[column("period")]) < horizon
    )
    .sort((a, b) => (startOf(a[column("period")]) < startOf(b[column("period")]) ? -1 : 1));
  const latest = candidates[candidates.length - 1];
  if (!latest) throw new Error(`prices.csv has no daily assessment before ${horizon} to extend`);
  const sameSeries = (row) =>
    row[column("product")] === latest[column("product")] &&
    row[column("market")] === latest[column("market")];
  if (rows.some((row) => sameSeries(row) && row[column("period")] === horizon))
    throw new Error(
      `${latest[column("product")]} in ${latest[column("market")]} already has ${horizon}`
    );
  const higher = (value) => String(Number((Number(value) * 1.05).toPrecision(6)));
  const row = columns.map((name) => {
    switch (name) {
      case "period":
        return horizon;
      case "low":
      case "high":
        return higher(latest[column(name)]);
      case "estimated":
      case "vintage":
        return "";
      case "note":
        return "Appended by scripts/check-data-update.mjs";
      default:
        return latest[column(name)];
    }
  });
  const line = row.map(csvCell).join(",");
  appendFileSync(file, `${text.endsWith("\n") ? "" : "\n"}${line}\n`);
  return line;
}

function bumpVersion(directory) {
  const file = join(directory, "meta.json");
  const meta = JSON.parse(readFileSync(file, "utf8"));
  const before = String(meta.version);
  const match = /^(.*?)(\d+)$/.exec(before);
  meta.version = match ? `${match[1]}${Number(match[2]) + 1}` : `${before}.1`;
  writeFileSync(file, `${JSON.stringify(meta, null, 2)}\n`);
  return { before, after: meta.version };
}

const STEPS = [
  ["build the updated data", "npm", ["run", "build:data"]],
  [
    "build the fixture dataset",
    "npx",
    [
      "tsx",
      "scripts/build-dataset.ts",
      "--data",
      "test/fixtures/dataset",
      "--releases",
      "test/fixtures/releases",
      "--out",
      "generated/fixture-dataset.json",
    ],
  ],
  ["unit layer (on the fixture)", "npx", ["jest", "--selectProjects", "unit"]],
  [
    "build the add-in around the fixture (dist-fixture)",
    "npx",
    [
      "webpack",
      "--mode",
      "production",
      "--env",
      "dataset=generated/fixture-dataset.json",
      "--env",
      "out=dist-fixture",
    ],
  ],
  ["bundle layer (on dist-fixture)", "npx", ["jest", "--selectProjects", "bundle"]],
];

const scratch = mkdtempSync(join(tmpdir(), "ree-data-update-"));
const failed = [];
try {
  const copied = copyRepository(scratch);
  const data = join(scratch, "src", "data");
  const appended = appendPriceRow(data);
  const version = bumpVersion(data);
  console.log(`Copied ${copied} tracked files to ${scratch}.`);
  console.log(`Appended to src/data/prices.csv:\n  ${appended}`);
  console.log(`Bumped src/data/meta.json version: ${version.before} -> ${version.after}`);
  for (const [what, command, args] of STEPS) {
    console.log(`\n==> ${what}: ${command} ${args.join(" ")}`);
    const run = spawnSync(command, args, {
      cwd: scratch,
      stdio: "inherit",
      env: { ...process.env, CI: "true" },
    });
    if (run.status !== 0) failed.push(what);
    // Without the updated data nothing after it means anything.
    if (run.status !== 0 && what === STEPS[0][0]) break;
  }
  const built = JSON.parse(readFileSync(join(scratch, "generated", "dataset.json"), "utf8"));
  if (failed.length === 0 && built.meta.version !== version.after)
    failed.push(`the built dataset has version ${built.meta.version}, not ${version.after}`);
} catch (error) {
  failed.push(String(error instanceof Error ? error.message : error));
} finally {
  if (keep) console.log(`\nKept the copy at ${scratch}.`);
  else rmSync(scratch, { recursive: true, force: true });
}
if (failed.length > 0) {
  console.error(`\nA routine data update breaks: ${failed.join("; ")}.`);
  process.exit(1);
}
console.log(
  "\nA routine data update (one more price row, a new version) breaks no logic or bundle test."
);
