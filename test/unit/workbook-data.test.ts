import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeCatalogue } from "../../src/functions/catalogue";
import { BUNDLED_DATASET, activeDataset, applyData, dataState } from "../../src/functions/store";
import { WORKBOOK_NAMESPACE } from "../../src/core/workbook-record";
import {
  applyBaseChange,
  applyPublishedDataset,
  prepareBaseChange,
  rollBack,
  rollbackTarget,
  checkPublishedDataset,
  importFile,
  openWorkbookData,
  removeImport,
  useBundledData,
} from "../../src/taskpane/shell/data-sync";
import { officeWorkbook } from "../../src/taskpane/shell/workbook-store";
import { WorkbookFile, openExcel } from "../helpers/workbook-file";

/**
 * The workbook's side of reproducibility, with a stand-in for Excel: a "file" keeps the custom
 * XML parts between sessions, so a test can close and reopen it.
 */

/** A fresh add-in session: the bundled data, as the runtime has on load. */
function restartAddin(): void {
  applyData({
    base: BUNDLED_DATASET,
    baseOrigin: "bundled",
    layers: [],
    history: [],
    previous: null,
  });
}

const catalogue = makeCatalogue();
const price = (...args: unknown[]) => {
  const dataset = activeDataset();
  if (!dataset.ok) throw new Error(dataset.message);
  const result = catalogue.PRICE.run(dataset.value, args);
  return "ok" in result && result.ok ? result.value : result;
};
const threePrices = readFileSync(
  join(__dirname, "..", "fixtures", "imports", "three-prices.csv"),
  "utf8"
);

afterEach(restartAddin);

test("a new workbook is pinned to the data in use when it opens", async () => {
  const file: WorkbookFile = { parts: [], calculations: [] };
  openExcel(file);
  expect(await openWorkbookData(officeWorkbook)).toEqual({ pinned: false });
  expect(file.parts).toHaveLength(1);
  expect(file.parts[0].namespace).toBe(WORKBOOK_NAMESPACE);
  expect(file.parts[0].xml).toContain(`version="${BUNDLED_DATASET.meta.version}"`);
});

test("an import is written into the workbook, recalculation is requested, and reopening reproduces the numbers", async () => {
  const file: WorkbookFile = { parts: [], calculations: [] };
  openExcel(file);
  await openWorkbookData(officeWorkbook);
  expect(await importFile(officeWorkbook, threePrices, "three-prices.csv")).toEqual({
    ok: true,
    value: "3 prices from three-prices.csv",
  });
  expect(file.calculations).toEqual(["Full"]);
  expect(price("Dy2O3", "Europe", "2025-08-15")).toBe(925);

  // Another machine, or next year: the add-in starts with its bundled data, then opens the file.
  restartAddin();
  expect(price("Dy2O3", "Europe", "2025-08-15")).toBe(820);
  openExcel(file);
  expect(await openWorkbookData(officeWorkbook)).toEqual({ pinned: true, newerBundled: undefined });
  expect(price("Dy2O3", "Europe", "2025-08-15")).toBe(925);
  expect(dataState()!.layers.map((layer) => layer.name)).toEqual(["three-prices.csv"]);
  expect(file.calculations).toEqual(["Full", "Full"]);

  // Removing the import is saved too.
  expect(await removeImport(officeWorkbook, dataState()!.layers[0].id)).toEqual({ ok: true });
  restartAddin();
  openExcel(file);
  await openWorkbookData(officeWorkbook);
  expect(price("Dy2O3", "Europe", "2025-08-15")).toBe(820);
});

test("a workbook pinned to other data keeps it, and the newer data is offered, not applied", async () => {
  const file: WorkbookFile = { parts: [], calculations: [] };
  openExcel(file);
  // The data as an older release shipped it: without the July 2025 Europe Dy2O3 assessment (820),
  // so its latest is April's 600-900.
  const older = JSON.parse(JSON.stringify(BUNDLED_DATASET));
  older.meta.version = "2026.01.1";
  const rows = older.tables.prices.rows as string[][];
  older.tables.prices.rows = rows.filter(
    (row) => !(row[0] === "Dy2O3" && row[1] === "Europe" && row[2] === "2025-07")
  );
  expect(await applyPublishedDataset(officeWorkbook, older)).toEqual({ ok: true });
  expect(price("Dy2O3", "Europe")).toBe(750);

  restartAddin();
  openExcel(file);
  expect(await openWorkbookData(officeWorkbook)).toEqual({
    pinned: true,
    newerBundled: {
      version: String(BUNDLED_DATASET.meta.version),
      knownThrough: String(BUNDLED_DATASET.meta.knownThrough),
    },
  });
  expect(price("Dy2O3", "Europe")).toBe(750);

  expect(await useBundledData(officeWorkbook)).toEqual({ ok: true });
  expect(price("Dy2O3", "Europe")).toBe(820);
  expect(file.parts[0].xml).toContain(`version="${BUNDLED_DATASET.meta.version}"`);
});

test("a damaged record is reported and the add-in's data is used", async () => {
  const file: WorkbookFile = {
    parts: [
      {
        namespace: WORKBOOK_NAMESPACE,
        xml: `<reeData xmlns="${WORKBOOK_NAMESPACE}"><json>{"datasetVersion": </json></reeData>`,
      },
    ],
    calculations: [],
  };
  openExcel(file);
  const opened = await openWorkbookData(officeWorkbook);
  expect(opened.pinned).toBe(false);
  expect(opened.warning).toMatch(
    /^The workbook's REE data could not be read \(The workbook's REE data part is damaged/
  );
  expect(price("Dy2O3", "Europe")).toBe(820);
});

describe("checking for a published dataset", () => {
  test("offline: says it could not check, and the data in use stays", async () => {
    const before = dataState()!.dataset;
    const check = await checkPublishedDataset("https://localhost:3000/dataset.json", () =>
      Promise.reject(new Error("Failed to fetch"))
    );
    expect(check).toEqual({
      ok: false,
      kind: "unavailable",
      message:
        "Could not check for updates at https://localhost:3000/dataset.json (Failed to fetch). The add-in keeps working on the data it has.",
    });
    expect(dataState()!.dataset).toBe(before);
  });

  test("an invalid published file is refused whole, with where it is wrong", async () => {
    const broken = JSON.parse(JSON.stringify(BUNDLED_DATASET));
    broken.meta.version = "2027.01.1";
    broken.tables.prices.rows[0][3] = "cheap";
    const check = await checkPublishedDataset("https://x/dataset.json", async () =>
      JSON.stringify(broken)
    );
    expect(check).toMatchObject({
      ok: false,
      kind: "invalid",
      message: expect.stringContaining('prices, row 1, field "low": must be a plain number'),
    });
  });

  test("a valid newer file is reported as newer, and applied only when asked", async () => {
    const newer = JSON.parse(JSON.stringify(BUNDLED_DATASET));
    newer.meta.version = "2027.01.1";
    const check = await checkPublishedDataset("https://x/dataset.json", async () =>
      JSON.stringify(newer)
    );
    expect(check).toMatchObject({ ok: true, value: { version: "2027.01.1", newer: true } });
    expect(String(dataState()!.base.meta.version)).toBe(String(BUNDLED_DATASET.meta.version));
  });
});

test("an import the workbook cannot save changes nothing: the functions keep the old data, and the message says why", async () => {
  const file: WorkbookFile = { parts: [], calculations: [] };
  openExcel(file);
  await openWorkbookData(officeWorkbook);
  const saved = file.parts.map((part) => part.xml);
  file.failAdd = { after: 0, message: "The workbook is busy (simulated)" };
  const before = price("Dy2O3", "Europe", "2025-08-15");
  const result = await importFile(officeWorkbook, threePrices, "three-prices.csv");
  expect(result).toMatchObject({ ok: false });
  expect(result.ok ? "" : result.message).toContain("The workbook is busy (simulated)");
  expect(result.ok ? "" : result.message).toContain("Nothing changed");
  expect(price("Dy2O3", "Europe", "2025-08-15")).toBe(before);
  expect(dataState()!.layers).toEqual([]);
  expect(file.parts.map((part) => part.xml)).toEqual(saved);
  expect(file.calculations).toEqual([]);
});

test("a published dataset with a lower version is reported, never offered as an update", async () => {
  const older = JSON.parse(JSON.stringify(BUNDLED_DATASET));
  older.meta.version = "fixture.0"; // the fixture data is "fixture.1"
  const check = await checkPublishedDataset("https://x/dataset.json", async () =>
    JSON.stringify(older)
  );
  expect(check).toMatchObject({ ok: true, value: { version: "fixture.0", newer: false } });
});

describe("an update can be reviewed, applied, recorded and rolled back", () => {
  /** The fixture data as a later release: Europe Dy2O3 for July 2025 revised from 820 to 1,000. */
  function laterRelease() {
    const later = JSON.parse(JSON.stringify(BUNDLED_DATASET));
    later.meta.version = "fixture.2";
    for (const row of later.tables.prices.rows as string[][])
      if (row[0] === "Dy2O3" && row[1] === "Europe" && row[2] === "2025-07") {
        row[3] = "1000";
        row[4] = "1000";
      }
    return later;
  }
  const info = (field: string) => {
    const dataset = activeDataset();
    if (!dataset.ok) throw new Error(dataset.message);
    const result = catalogue.DATAINFO.run(dataset.value, [field]);
    return "ok" in result ? (result.ok ? result.value : result.message) : result;
  };

  test("nothing changes until the prepared change is applied; the report's count is kept; rollback restores the numbers, also after reopening", async () => {
    const file: WorkbookFile = { parts: [], calculations: [] };
    openExcel(file);
    await openWorkbookData(officeWorkbook);
    expect(rollbackTarget()).toBeUndefined();

    const pending = prepareBaseChange({ base: laterRelease(), baseOrigin: "published" });
    if (!pending.ok) throw new Error(pending.message);
    expect(price("Dy2O3", "Europe")).toBe(820); // prepared, not applied
    const before = catalogue.PRICE.run(pending.value.current.dataset, ["Dy2O3", "Europe"]);
    const after = catalogue.PRICE.run(pending.value.next.dataset, ["Dy2O3", "Europe"]);
    expect([before, after]).toEqual([
      { ok: true, value: 820 },
      { ok: true, value: 1000 },
    ]);

    expect(await applyBaseChange(officeWorkbook, pending.value, 1)).toEqual({ ok: true });
    expect(price("Dy2O3", "Europe")).toBe(1000);
    expect(rollbackTarget()).toEqual({
      version: String(BUNDLED_DATASET.meta.version),
      knownThrough: String(BUNDLED_DATASET.meta.knownThrough),
    });

    // Reopened on another day, the workbook still has its history and its previous data.
    restartAddin();
    openExcel(file);
    await openWorkbookData(officeWorkbook);
    expect(price("Dy2O3", "Europe")).toBe(1000);
    expect(await rollBack(officeWorkbook, 1)).toEqual({ ok: true });
    expect(price("Dy2O3", "Europe")).toBe(820);
    expect(file.calculations.length).toBeGreaterThanOrEqual(2);
    const version = String(BUNDLED_DATASET.meta.version);
    expect(info("history")).toEqual([
      ["Date", "Action", "From", "To", "Cells changed", "Detail"],
      [expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), "update", version, "fixture.2", 1, ""],
      [expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), "rollback", "fixture.2", version, 1, ""],
    ]);
    // A rollback can itself be undone: the data rolled back from is kept.
    expect(rollbackTarget()?.version).toBe("fixture.2");
  });

  test("a change prepared before another change is refused, not applied over it", async () => {
    const file: WorkbookFile = { parts: [], calculations: [] };
    openExcel(file);
    await openWorkbookData(officeWorkbook);
    const pending = prepareBaseChange({ base: laterRelease(), baseOrigin: "published" });
    if (!pending.ok) throw new Error(pending.message);
    expect((await importFile(officeWorkbook, threePrices, "three-prices.csv")).ok).toBe(true);
    const result = await applyBaseChange(officeWorkbook, pending.value);
    expect(result).toMatchObject({ ok: false });
    expect(price("Dy2O3", "Europe", "2025-08-15")).toBe(925); // the import stays
  });

  test("imports and removals are recorded too; with nothing recorded the history is #N/A with a reason", async () => {
    const file: WorkbookFile = { parts: [], calculations: [] };
    openExcel(file);
    await openWorkbookData(officeWorkbook);
    expect(info("history")).toMatch(/^No data change is recorded in this workbook yet/);
    await importFile(officeWorkbook, threePrices, "three-prices.csv");
    await removeImport(officeWorkbook, dataState()!.layers[0].id);
    expect((info("history") as unknown[][]).map((row) => [row[1], row[5]])).toEqual([
      ["Action", "Detail"],
      ["import", "three-prices.csv"],
      ["remove", "three-prices.csv"],
    ]);
  });
});
