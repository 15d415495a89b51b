/**
 * Validates src/data and writes generated/dataset.json, the form the add-in bundles and a
 * deployer publishes. An invalid dataset stops the build with file, line and field.
 * The dataset carries its changelog: what changed against the newest release in data-releases/
 * below its version (the release before it, when its own version is released).
 * `--data DIR --out FILE` validates another directory (the tests' fixture dataset) the same way;
 * `--releases DIR` names its releases (without it, another directory's dataset has no changelog).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { changesPart, diffDatasets, previousRelease } from "../src/core/changelog";
import { TextDataset } from "../src/core/schema";
import { describeIssue, parseTextDataset } from "../src/core/validate";
import { compareVersions } from "../src/core/versions";
import { DATA_DIRECTORY, readDataDirectory } from "./dataset-files";
import { RELEASES_DIRECTORY, readRelease, releasedVersions, sameData } from "./data-release";

export interface BuildOptions {
  data?: string;
  out?: string;
  /** Where the published releases are; undefined: no changelog. */
  releases?: string;
}

/** Builds the dataset file; `lines` say what was written, or every problem found. */
export function buildDataFile({
  data = DATA_DIRECTORY,
  out = join(__dirname, "..", "generated", "dataset.json"),
  releases,
}: BuildOptions = {}): { ok: boolean; lines: string[] } {
  const { dataset, csvErrors } = readDataDirectory(data);
  const { issues } = parseTextDataset(dataset);
  const problems = [
    ...csvErrors,
    ...issues.map((issue) => {
      const file = join(data, issue.table === "meta" ? "meta.json" : `${issue.table}.csv`);
      // Row 1 is the first line under the header, so its line number in the file is 2.
      const line = issue.row !== undefined ? `:${issue.row + 1}` : "";
      return `${file}${line}${issue.field ? ` field "${issue.field}"` : ""}: ${issue.message}`;
    }),
  ];
  if (problems.length > 0)
    return {
      ok: false,
      lines: [
        `The dataset is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):`,
        ...problems,
      ],
    };
  const version = String(dataset.meta.version);
  const lines: string[] = [];
  let output: TextDataset = dataset;
  if (releases !== undefined) {
    const released = releasedVersions(releases);
    const own = released.find((candidate) => compareVersions(candidate, version) === 0);
    if (own !== undefined) {
      const release = readRelease(releases, own);
      if (!release.ok) return { ok: false, lines: [release.message] };
      if (!sameData(release.value, dataset))
        lines.push(
          `Warning: version ${version} is released (${join(releases, `${own}.json`)}) with other data. A released version never changes: bump "version" in ${join(data, "meta.json")}.`
        );
    }
    const previous = previousRelease(released, version);
    if (previous === undefined)
      lines.push(`No release before ${version} in ${releases}: no changelog.`);
    else {
      const release = readRelease(releases, previous);
      if (!release.ok) return { ok: false, lines: [release.message] };
      const changes = changesPart(diffDatasets(release.value, dataset));
      output = { ...dataset, changes };
      const checked = parseTextDataset(output).issues;
      if (checked.length > 0)
        return { ok: false, lines: ["The changelog is invalid:", ...checked.map(describeIssue)] };
      lines.push(`Changelog ${changes.from} → ${changes.to}: ${changes.rows.length - 1} rows.`);
    }
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(output));
  const rows = Object.values(dataset.tables).reduce((total, table) => total + table.rows.length, 0);
  lines.push(
    `Dataset ${version}: ${rows} rows in ${Object.keys(dataset.tables).length} tables, valid. Wrote ${out}.`
  );
  return { ok: true, lines };
}

if (require.main === module) {
  const { values: options } = parseArgs({
    options: {
      data: { type: "string" },
      out: { type: "string" },
      releases: { type: "string" },
    },
  });
  const outcome = buildDataFile({
    data: options.data ? resolve(options.data) : undefined,
    out: options.out ? resolve(options.out) : undefined,
    // The add-in's own data compares with its releases; another directory only with the ones named.
    releases: options.releases
      ? resolve(options.releases)
      : options.data
        ? undefined
        : RELEASES_DIRECTORY,
  });
  (outcome.ok ? console.log : console.error)(outcome.lines.join("\n"));
  if (!outcome.ok) process.exit(1);
}
