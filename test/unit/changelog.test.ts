import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDataFile } from "../../scripts/build-dataset";
import { readRelease, releaseDataset, releaseText } from "../../scripts/data-release";
import {
  MAX_LISTED_REVISIONS,
  changelogRows,
  changesPart,
  changesTable,
  diffDatasets,
  previousRelease,
} from "../../src/core/changelog";
import { loadDataset } from "../../src/core/dataset";
import { dayFromIso } from "../../src/core/dates";
import { UserLayer, buildDataset } from "../../src/core/layers";
import { TextDataset } from "../../src/core/schema";
import { describeIssue, parseTextDataset } from "../../src/core/validate";
import { makeCatalogue } from "../../src/functions/catalogue";
import { toExcel } from "../../src/functions/excel-errors";
import { FIXTURE_DIRECTORY, fixtureDataset, fixtureTextDataset, loaded } from "../helpers/dataset";
import { ErrorCode, ExcelError } from "../helpers/excel-runtime";

// What a cell shows goes through toExcel, which makes Excel's errors: the bundle tests' stand-in.
(global as unknown as { CustomFunctions: unknown }).CustomFunctions = {
  Error: ExcelError,
  ErrorCode,
};

/**
 * The changelog between two versions of the fixture dataset: test/fixtures/releases/fixture.0.json
 * (whose README says which difference is there for what) and the fixture itself (fixture.1).
 */
const RELEASES = join(__dirname, "..", "fixtures", "releases");
const release = (() => {
  const read = readRelease(RELEASES, "fixture.0");
  if (!read.ok) throw new Error(read.message);
  return read.value;
})();
const current = fixtureTextDataset();
const TODAY = (() => {
  const day = dayFromIso("2026-11-28");
  if (!day.ok) throw new Error(day.message);
  return day.value;
})();
const catalogue = makeCatalogue();

/** The table a user sees for fixture.0 → fixture.1, headers first. */
const FIXTURE_CHANGES = [
  ["Table", "Series", "Change", "Period", "Old", "New", "Source"],
  ["meta", "knownThrough", "known through", "", "2025-12-31", "2026-03-31", ""],
  [
    "sources",
    "F-TRADE",
    "source added",
    "2025-12",
    "",
    "Fixture Customs, Fixture customs statistics (synthetic)",
    "",
  ],
  ["sources", "", "removed", "F-ANNUAL-2024", "1 row", "", ""],
  ["prices", "Dy2O3, China", "added", "2025-05-12", "", "1 row", "F-DAILY"],
  [
    "prices",
    "Dy2O3, Europe",
    "revised",
    "2025-04-15",
    "580-880 USD/kg",
    "600-900 USD/kg",
    "F-AGENCY",
  ],
  ["prices", "Tb4O7, USGS", "removed", "2024 (FA2026)", "1 row", "", ""],
  ["fx", "CNY", "revised", "2025-03", "7.2 CNY per USD", "7.25 CNY per USD", "F-RATES"],
  ["fx", "EUR", "added", "2025-03", "", "1 row", "F-RATES"],
  ["trade", "magnets, CHN, USA", "added", "2025 to 2025-04", "", "2 rows", "F-TRADE"],
  ["trade", "oxides, MMR, CHN", "added", "2025", "", "1 row", "F-TRADE"],
  ["events", "", "added", "2025-10-15", "", "1 row", "F-TRADE"],
  ["volumes", "mining, MMR", "revised", "2024 (FA2026)", "24000 t", "25000 t", "F-ANNUAL-2026"],
  [
    "controls",
    "",
    "revised",
    "FX-PAUSE",
    "scope: Suspends No. 2 until 2026-06-30",
    "scope: Suspends No. 2 until 2026-09-30",
    "F-GAZETTE",
  ],
  [
    "suspensions",
    "",
    "revised",
    "FX-LATER (2025-09-30)",
    "until: 2026-06-30",
    "until: 2026-09-30",
    "F-GAZETTE",
  ],
];

/** A dataset of prices only: enough for the diff, which reads text and validates nothing. */
function pricesOnly(version: string, rows: string[][]): TextDataset {
  return {
    meta: { version, knownThrough: "2026-01-31" },
    tables: {
      prices: {
        columns: [
          "product",
          "market",
          "period",
          "low",
          "high",
          "unit",
          "estimated",
          "vintage",
          "source",
        ],
        rows,
      },
    },
  };
}
const price = (period: string, low: string, source = "F-DAILY") => [
  "Dy2O3",
  "China",
  period,
  low,
  low,
  "CNY/t",
  "",
  "",
  source,
];
const days = (count: number) =>
  Array.from({ length: count }, (_, index) => `2025-01-${String(index + 1).padStart(2, "0")}`);

describe("diffDatasets: fixture.0 → fixture.1", () => {
  const changelog = diffDatasets(release, current);

  test("names both versions and the move of knownThrough", () => {
    expect(changelog.from).toBe("fixture.0");
    expect(changelog.to).toBe("fixture.1");
    expect(changelog.knownThrough).toEqual({ from: "2025-12-31", to: "2026-03-31" });
  });

  test("lists the source added with its id, publisher and title", () => {
    expect(changelog.sourcesAdded).toEqual([
      {
        id: "F-TRADE",
        publisher: "Fixture Customs",
        title: "Fixture customs statistics (synthetic)",
        published: "2025-12",
      },
    ]);
  });

  test("summarizes added rows per series: count, first and last period, sources", () => {
    const trade = changelog.tables.find((table) => table.table === "trade");
    expect(trade?.series).toEqual([
      {
        series: "magnets, CHN, USA",
        added: { count: 2, first: "2025", last: "2025-04", sources: ["F-TRADE"] },
        revised: [],
      },
      {
        series: "oxides, MMR, CHN",
        added: { count: 1, first: "2025", last: "2025", sources: ["F-TRADE"] },
        revised: [],
      },
    ]);
  });

  test("lists a revision old → new with the source of the new row", () => {
    const prices = changelog.tables.find((table) => table.table === "prices");
    expect(prices?.series.find((series) => series.series === "Dy2O3, Europe")).toEqual({
      series: "Dy2O3, Europe",
      revised: [
        { period: "2025-04-15", old: "580-880 USD/kg", new: "600-900 USD/kg", source: "F-AGENCY" },
      ],
    });
  });

  test("counts removed rows and names their periods, with the edition where the key has one", () => {
    const prices = changelog.tables.find((table) => table.table === "prices");
    expect(prices?.series.find((series) => series.series === "Tb4O7, USGS")).toEqual({
      series: "Tb4O7, USGS",
      revised: [],
      removed: { count: 1, periods: ["2024 (FA2026)"] },
    });
  });

  test("a changed note and a number written differently (7.050, 7.05) are not revisions", () => {
    const rows = changelogRows(changelog);
    expect(rows.filter((row) => row[1] === "Tb4O7, USGS" && row[2] === "revised")).toEqual([]);
    expect(rows.filter((row) => row[3] === "2025-02")).toEqual([]);
  });

  test("spills as the table a user reads, in table then series order", () => {
    expect(changelogRows(changelog)).toEqual(FIXTURE_CHANGES);
  });

  test("the order does not depend on the order of rows in the files", () => {
    const shuffled: TextDataset = JSON.parse(JSON.stringify(current));
    for (const table of Object.values(shuffled.tables)) table.rows.reverse();
    expect(changelogRows(diffDatasets(release, shuffled))).toEqual(FIXTURE_CHANGES);
  });

  test("shipped, an added source is named by id, and the dataset's sources table fills it in", () => {
    const part = changesPart(changelog);
    expect(part.rows[2]).toEqual(["sources", "F-TRADE", "source added", "2025-12", "", "", ""]);
    const sources = fixtureDataset().sources;
    const table = changesTable(part, (id) => {
      const source = sources.get(id);
      return source && `${source.publisher}, ${source.title}`;
    });
    expect(table).toEqual(FIXTURE_CHANGES);
  });
});

describe("diffDatasets: edge cases", () => {
  test("a table without columns or rows compares as empty rather than failing", () => {
    const damaged = {
      meta: { version: "1", knownThrough: "2026-01-31" },
      tables: { prices: { rows: 7 } },
    };
    const rows = changelogRows(
      diffDatasets(damaged as unknown as TextDataset, pricesOnly("2", [price("2025-01-01", "1")]))
    );
    expect(rows.map((row) => row[2])).toEqual(["Change", "added"]);
  });

  test("two equal datasets give the headers alone", () => {
    expect(changelogRows(diffDatasets(current, current))).toEqual([FIXTURE_CHANGES[0]]);
  });

  test(`revisions past ${MAX_LISTED_REVISIONS} in a table are counted, not listed`, () => {
    const before = pricesOnly(
      "1",
      days(MAX_LISTED_REVISIONS + 3).map((day) => price(day, "100"))
    );
    const after = pricesOnly(
      "2",
      days(MAX_LISTED_REVISIONS + 3).map((day) => price(day, "110"))
    );
    const rows = changelogRows(diffDatasets(before, after));
    expect(rows.filter((row) => row[2] === "revised" && row[3] !== "")).toHaveLength(
      MAX_LISTED_REVISIONS
    );
    expect(rows[1]).toEqual([
      "prices",
      "Dy2O3, China",
      "revised",
      "2025-01-01",
      "100 CNY/t",
      "110 CNY/t",
      "F-DAILY",
    ]);
    expect(rows[rows.length - 1]).toEqual([
      "prices",
      "",
      "revised",
      "",
      "",
      "3 more revisions not listed",
      "",
    ]);
  });

  test("removed periods are named up to ten, the rest counted", () => {
    const rows = changelogRows(
      diffDatasets(
        pricesOnly(
          "1",
          days(12).map((day) => price(day, "100"))
        ),
        pricesOnly("2", [])
      )
    );
    expect(rows[1]).toEqual([
      "prices",
      "Dy2O3, China",
      "removed",
      "2025-01-01, 2025-01-02, 2025-01-03, 2025-01-04, 2025-01-05, 2025-01-06, 2025-01-07, 2025-01-08, 2025-01-09, 2025-01-10 and 2 more",
      "12 rows",
      "",
      "",
    ]);
  });

  test("an added series names three sources and counts the rest", () => {
    const sources = ["S-A", "S-B", "S-C", "S-D", "S-E"];
    const rows = changelogRows(
      diffDatasets(
        pricesOnly("1", []),
        pricesOnly(
          "2",
          days(5).map((day, index) => price(day, "100", sources[index]))
        )
      )
    );
    expect(rows[1]).toEqual([
      "prices",
      "Dy2O3, China",
      "added",
      "2025-01-01 to 2025-01-05",
      "",
      "5 rows",
      "S-A, S-B, S-C and 2 more",
    ]);
  });

  test("a price whose estimate became final is a revision, and says so", () => {
    const estimate = price("2024", "250");
    estimate[6] = "yes";
    const rows = changelogRows(
      diffDatasets(pricesOnly("1", [estimate]), pricesOnly("2", [price("2024", "250")]))
    );
    expect(rows[1].slice(3, 6)).toEqual(["2024", "250 CNY/t (estimated)", "250 CNY/t"]);
  });
});

describe("previousRelease: the release a changelog compares with", () => {
  const released = ["2026.06.1", "2026.11.1", "2026.11.9"];
  test.each([
    ["2026.12.1", "2026.11.9"],
    ["2026.11.10", "2026.11.9"],
    ["2026.11.9", "2026.11.1"],
    ["2026.11.1", "2026.06.1"],
    ["2026.06.1", undefined],
  ])("for %s: %s", (version, expected) => {
    expect(previousRelease(released, version)).toBe(expected);
  });
});

describe("the changes part of a dataset", () => {
  const withChanges = (changes: unknown): TextDataset =>
    ({ ...current, changes }) as unknown as TextDataset;
  const issues = (dataset: TextDataset) => parseTextDataset(dataset).issues.map(describeIssue);

  test("a dataset with its changelog loads, and one without still does", () => {
    expect(issues(withChanges(changesPart(diffDatasets(release, current))))).toEqual([]);
    expect(issues(current)).toEqual([]);
  });

  test("a changelog for another version leaves the data usable (a copy whose version was edited)", () => {
    expect(issues(withChanges({ from: "fixture.0", to: "fixture.2", rows: [["Table"]] }))).toEqual(
      []
    );
  });

  test("a changelog from a later version is refused", () => {
    expect(issues(withChanges({ from: "fixture.3", to: "fixture.1", rows: [["Table"]] }))).toEqual([
      `changes, field "from": 'fixture.3' must be an earlier version than 'fixture.1'`,
    ]);
  });

  test("ragged or non-text rows are refused with a message", () => {
    expect(
      issues(
        withChanges({ from: "fixture.0", to: "fixture.1", rows: [["Table", "Series"], ["x"]] })
      )
    ).toEqual([`changes, field "rows": every row needs as many cells as the header row`]);
    expect(issues(withChanges({ from: "fixture.0", to: "fixture.1", rows: [[1]] }))).toEqual([
      `changes, field "rows": must be text`,
    ]);
    expect(issues(withChanges({ from: "fixture.0", to: "fixture.1", rows: [] }))).toEqual([
      `changes, field "rows": needs at least the header row`,
    ]);
  });
});

describe("npm run build:data writes the changelog into the dataset", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "ree-changelog-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));
  const built = (file: string): TextDataset => JSON.parse(readFileSync(file, "utf8"));

  test("against the newest release below the data's version", () => {
    const out = join(folder, "dataset.json");
    const outcome = buildDataFile({ data: FIXTURE_DIRECTORY, out, releases: RELEASES });
    expect(outcome).toEqual({
      ok: true,
      lines: [
        "Changelog fixture.0 → fixture.1: 14 rows.",
        `Dataset fixture.1: 121 rows in 16 tables, valid. Wrote ${out}.`,
      ],
    });
    expect(built(out).changes).toEqual(changesPart(diffDatasets(release, current)));
  });

  test("when the data's own version is released, against the release before it", () => {
    const releases = join(folder, "releases");
    mkdirSync(releases);
    copyFileSync(join(RELEASES, "fixture.0.json"), join(releases, "fixture.0.json"));
    writeFileSync(join(releases, "fixture.1.json"), releaseText(current));
    const out = join(folder, "dataset.json");
    expect(buildDataFile({ data: FIXTURE_DIRECTORY, out, releases }).ok).toBe(true);
    expect(built(out).changes?.from).toBe("fixture.0");
  });

  test("warns when the data's version is released with other data", () => {
    const releases = join(folder, "releases");
    mkdirSync(releases);
    const other = JSON.parse(JSON.stringify(current));
    other.tables.prices.rows.pop();
    writeFileSync(join(releases, "fixture.1.json"), releaseText(other));
    const outcome = buildDataFile({
      data: FIXTURE_DIRECTORY,
      out: join(folder, "d.json"),
      releases,
    });
    expect(outcome.lines[0]).toBe(
      `Warning: version fixture.1 is released (${join(releases, "fixture.1.json")}) with other data. A released version never changes: bump "version" in ${join(FIXTURE_DIRECTORY, "meta.json")}.`
    );
  });

  test("without releases there is no changelog, and the dataset says so", () => {
    const out = join(folder, "dataset.json");
    expect(buildDataFile({ data: FIXTURE_DIRECTORY, out }).ok).toBe(true);
    expect(built(out).changes).toBeUndefined();
    const empty = join(folder, "none");
    expect(buildDataFile({ data: FIXTURE_DIRECTORY, out, releases: empty }).lines[0]).toBe(
      `No release before fixture.1 in ${empty}: no changelog.`
    );
  });

  test("a damaged release stops the build with its file named, and writes nothing", () => {
    const releases = join(folder, "releases");
    mkdirSync(releases);
    writeFileSync(
      join(releases, "fixture.0.json"),
      '{"meta": {"version": "fixture.0"}, "tables": '
    );
    const out = join(folder, "dataset.json");
    const outcome = buildDataFile({ data: FIXTURE_DIRECTORY, out, releases });
    expect(outcome.ok).toBe(false);
    expect(outcome.lines[0]).toMatch(
      new RegExp(
        `^${join(releases, "fixture.0.json").replace(/[.]/g, "\\.")} is not a readable release: `
      )
    );
    expect(() => readFileSync(out)).toThrow();
  });

  test("a release with a damaged table stops the build with the table named", () => {
    const releases = join(folder, "releases");
    mkdirSync(releases);
    writeFileSync(
      join(releases, "fixture.0.json"),
      JSON.stringify({ meta: { version: "fixture.0" }, tables: { prices: { columns: 5 } } })
    );
    expect(
      buildDataFile({ data: FIXTURE_DIRECTORY, out: join(folder, "d.json"), releases })
    ).toEqual({
      ok: false,
      lines: [
        `${join(releases, "fixture.0.json")}: table 'prices' needs columns and rows of text cells.`,
      ],
    });
  });

  test("a release whose file name is not its version is refused", () => {
    const releases = join(folder, "releases");
    mkdirSync(releases);
    copyFileSync(join(RELEASES, "fixture.0.json"), join(releases, "fixture.0.5.json"));
    const outcome = buildDataFile({
      data: FIXTURE_DIRECTORY,
      out: join(folder, "d.json"),
      releases,
    });
    expect(outcome).toEqual({
      ok: false,
      lines: [
        `${join(releases, "fixture.0.5.json")} holds version 'fixture.0', not fixture.0.5: a release file is named after its version.`,
      ],
    });
  });
});

describe("npm run data:release keeps a released version as it was", () => {
  let folder: string;
  let dataset: string;
  let releases: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "ree-release-"));
    dataset = join(folder, "dataset.json");
    releases = join(folder, "releases");
    buildDataFile({ data: FIXTURE_DIRECTORY, out: dataset, releases: RELEASES });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));
  const release = () => releaseDataset({ dataset, releases, data: FIXTURE_DIRECTORY });

  test("writes the built dataset without its changelog, one row a line", () => {
    expect(release()).toEqual({
      ok: true,
      lines: [expect.stringMatching(/^Released fixture\.1: .*fixture\.1\.json \(121 rows\)\.$/)],
    });
    const text = readFileSync(join(releases, "fixture.1.json"), "utf8");
    expect(JSON.parse(text)).toEqual(current);
    expect(text).toContain('\n        ["F-ANNUAL-2025","Fixture Survey",');
  });

  test("releasing the same data again changes nothing", () => {
    release();
    expect(release()).toEqual({
      ok: true,
      lines: ["Version fixture.1 is already released with this data; nothing to do."],
    });
  });

  test("the same version with other data is refused: bump the version", () => {
    mkdirSync(releases);
    const other = JSON.parse(JSON.stringify(current));
    other.tables.prices.rows.pop();
    writeFileSync(join(releases, "fixture.1.json"), releaseText(other));
    expect(release()).toEqual({
      ok: false,
      lines: [
        `Version fixture.1 is already released (${join(releases, "fixture.1.json")}) with other data. A released version never changes: bump "version" in meta.json, run npm run build:data, then release.`,
      ],
    });
  });

  test("a version below a released one is refused", () => {
    mkdirSync(releases);
    const later = JSON.parse(JSON.stringify(current));
    later.meta.version = "fixture.2";
    writeFileSync(join(releases, "fixture.2.json"), releaseText(later));
    expect(release().lines).toEqual([
      "Version fixture.1 is older than the released fixture.2: a new release needs a higher version in meta.json.",
    ]);
  });

  test("a dataset built from other data than the directory holds now is refused", () => {
    const stale = JSON.parse(readFileSync(dataset, "utf8"));
    stale.tables.prices.rows.pop();
    writeFileSync(dataset, JSON.stringify(stale));
    expect(release()).toEqual({
      ok: false,
      lines: [
        `${dataset} is not what ${FIXTURE_DIRECTORY} holds now: run npm run build:data, then release.`,
      ],
    });
  });

  test("a missing or unreadable dataset file is refused with what to do", () => {
    rmSync(dataset);
    expect(release().lines).toEqual([`${dataset} does not exist: run npm run build:data first.`]);
    writeFileSync(dataset, "{");
    expect(release().lines[0]).toMatch(
      /is not readable JSON \(.+\): run npm run build:data again\.$/
    );
  });
});

describe('=REE.DATAINFO("changes")', () => {
  let folder: string;
  let built: TextDataset;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "ree-datainfo-"));
    const out = join(folder, "dataset.json");
    buildDataFile({ data: FIXTURE_DIRECTORY, out, releases: RELEASES });
    built = JSON.parse(readFileSync(out, "utf8"));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const dataInfo = (dataset = loaded(built), field?: string) =>
    toExcel(catalogue.DATAINFO.run(dataset, [field]), catalogue.DATAINFO.spills);

  test("spills the changelog of the data in use, headers first", () => {
    expect(dataInfo(loaded(built), "changes")).toEqual(FIXTURE_CHANGES);
  });

  test("every other field is one value, which Excel shows in one cell", () => {
    expect(dataInfo(loaded(built))).toEqual([["fixture.1"]]);
    expect(dataInfo(loaded(built), "userData")).toEqual([["none"]]);
  });

  test("is #N/A with the reason when the data carries no changelog", () => {
    expect(dataInfo(fixtureDataset(), "changes")).toEqual([
      [
        expect.objectContaining({
          code: "#N/A",
          message:
            "Dataset fixture.1 carries no changelog: it is the first release, or data saved before changelogs were kept.",
        }),
      ],
    ]);
  });

  test("is #N/A when nothing changed", () => {
    const unchanged = {
      ...built,
      changes: { from: "fixture.0", to: "fixture.1", rows: [FIXTURE_CHANGES[0]] },
    };
    expect(dataInfo(loaded(unchanged), "changes")).toEqual([
      [
        expect.objectContaining({
          code: "#N/A",
          message: "Nothing in the data changed from fixture.0 to fixture.1.",
        }),
      ],
    ]);
  });

  test("is #N/A when the changelog is for another version than the data's", () => {
    const edited = { ...built, meta: { ...built.meta, version: "fixture.2" } };
    expect(dataInfo(loaded(edited), "changes")).toEqual([
      [
        expect.objectContaining({
          code: "#N/A",
          message:
            "The changelog in this data is for version fixture.1, not for the version in use, fixture.2.",
        }),
      ],
    ]);
  });

  test("stays the base data's changelog under a user's import of rates", () => {
    const rates: UserLayer = {
      id: "1",
      name: "rates.json",
      importedAt: "2026-11-28",
      tables: {
        sources: {
          columns: ["id", "publisher", "title", "url", "published", "note"],
          rows: [["MY-FX", "User data: Treasury desk", "Our rates", "", "2026-01", ""]],
        },
        fx: {
          columns: ["period", "currency", "per_usd", "usd_per", "source", "note"],
          rows: [["2025-04", "CNY", "7.3", "", "MY-FX", ""]],
        },
      },
    };
    const layered = buildDataset(built, [rates], TODAY);
    if (!layered.ok) throw new Error(layered.message);
    expect(dataInfo(layered.value, "changes")).toEqual(FIXTURE_CHANGES);
  });
});

test("the fixture release is itself a valid dataset, as a published release is", () => {
  expect(parseTextDataset(release).issues).toEqual([]);
  expect(loadDataset(release).ok).toBe(true);
});
