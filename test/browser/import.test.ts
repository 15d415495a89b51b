/*
 * Browser layer, importing a vendor's table: a wide export goes through the mapping step and
 * REE.PRICE answers from it; next month's file of the same layout imports in one click; Cancel
 * while the file is read changes nothing; Import selection reads Excel's selected range; a file
 * with problems lists each by line and column and leaves the data in use. Every test opens a
 * fresh pane with a fresh fake Excel, so each runs alone (jest -t "<name>").
 */
import type { Page, Route } from "playwright-core";
import type { Pane } from "../helpers/browser";
import { bundledPrice, shownInEnglish } from "../helpers/bundled-data";
import { control, openPaneWithFakeExcel } from "../helpers/fake-excel";
import {
  alertIn,
  explainedValue,
  ready,
  recalculations,
  seriousViolations,
  showTab,
  startImport,
  statusIn,
  text,
  typeInto,
} from "../helpers/pane-steps";

const CSV = "text/csv";
const csvFile = (name: string, lines: string[]) => ({
  name,
  mimeType: CSV,
  buffer: Buffer.from(lines.join("\r\n") + "\r\n", "utf8"),
});

/** A vendor's wide export: a title line, dates down, one series per column, a gap left empty. */
const wideExport = (month: string, dy: number, tb: number) =>
  csvFile(`vendor-x-${month}.csv`, [
    "Vendor X rare earth price assessments",
    "Date,Dy2O3 Europe USD/kg,Tb4O7 Europe USD/kg",
    `${month}-15,${dy},${tb}`,
    `${month}-22,,${tb + 10}`,
  ]);
const AUGUST = wideExport("2025-08", 931, 3010);
const SEPTEMBER = wideExport("2025-09", 944, 3050);
const SOURCE = "Vendor X (licensed feed)";

const bundledOn = (iso: string) => shownInEnglish(bundledPrice("Dy2O3", "Europe", iso).mid);

async function chooseFile(page: Page, file: ReturnType<typeof csvFile>): Promise<void> {
  await showTab(page, "data");
  await page.setInputFiles("#import-file", file);
  await page.locator("#mapping-heading").filter({ hasText: file.name }).waitFor();
}

async function importAugust(page: Page): Promise<void> {
  await chooseFile(page, AUGUST);
  // The file names no source: the mapping step asks for one before anything can be imported.
  await expect(text(page, "#mapping-problems")).resolves.toMatch(/source/i);
  await typeInto(page, "#constant-source", SOURCE);
  await page.locator("#import-preview").waitFor();
  await startImport(page);
  await statusIn(page, "data").filter({ hasText: "Imported" }).waitFor();
}

describe("importing a vendor's table in the pane", () => {
  let pane: Pane;
  let page: Page;

  beforeAll(async () => {
    pane = await openPaneWithFakeExcel({ width: 320, height: 900 });
    page = pane.page;
  });
  beforeEach(async () => {
    await pane.reopen();
    await ready(pane);
  });
  afterEach(() => {
    // No page error, no console error, no content-security-policy violation (the worker included).
    expect(pane.errors).toEqual([]);
  });
  afterAll(async () => pane?.close());

  test("a wide export goes through the mapping step, and REE.PRICE answers from it", async () => {
    const formula = '=REE.PRICE("Dy2O3","Europe","2025-08-15")';
    await expect(explainedValue(page, formula)).resolves.toContain(bundledOn("2025-08-15"));
    const workers: string[] = [];
    page.on("worker", (worker) => workers.push(worker.url()));

    await chooseFile(page, AUGUST);
    await expect(page.locator("#import-shape").getAttribute("current-value")).resolves.toBe("wide");
    await typeInto(page, "#constant-source", SOURCE);
    // The preview shows the rows as they will be read: ISO dates, numbers, the source typed.
    const preview = await text(page, "#import-preview");
    expect(preview).toContain("2025-08-15");
    expect(preview).toContain("931");
    expect(preview).toContain(SOURCE);
    await startImport(page);
    await statusIn(page, "data").filter({ hasText: "Imported" }).waitFor();
    await expect(text(page, "#panel-data .imports")).resolves.toContain("vendor-x-2025-08.csv");
    // Read off the pane's thread.
    expect(workers.filter((url) => url.endsWith("/import-worker.js"))).toHaveLength(1);

    await expect(explainedValue(page, formula)).resolves.toContain("931");
    await expect(text(page, "#explain-source")).resolves.toContain(SOURCE);
  });

  test("next month's file of the same layout imports in one click; Forget guesses again", async () => {
    await importAugust(page);

    await chooseFile(page, SEPTEMBER);
    await page.locator("#layout-remembered").filter({ hasText: "vendor-x-2025-08.csv" }).waitFor();
    await expect(page.inputValue("#constant-source")).resolves.toBe(SOURCE);
    await startImport(page);
    await statusIn(page, "data").filter({ hasText: "Imported" }).waitFor();
    await expect(
      explainedValue(page, '=REE.PRICE("Dy2O3","Europe","2025-09-15")')
    ).resolves.toContain("944");

    await chooseFile(page, SEPTEMBER);
    await page.click("#forget-layout");
    await expect(page.inputValue("#constant-source")).resolves.toBe("");
    await expect(page.locator("#layout-remembered").count()).resolves.toBe(0);
    await expect(page.locator("#start-import").getAttribute("disabled")).resolves.not.toBeNull();
  });

  test("choosing another file while a field is being typed in starts that file afresh", async () => {
    await chooseFile(page, AUGUST);
    // Typed, not yet confirmed: the field reports its change only as it loses focus, which
    // happens when the next file's step replaces it.
    await page.fill("#constant-source", "Typed for the other file");
    await page.setInputFiles(
      "#import-file",
      csvFile("desk-prices.csv", [
        "Product,Market,Date,Price,Unit,Source",
        "Dy2O3,Europe,2025-08-15,931,USD/kg,Desk",
      ])
    );
    await page.locator("#mapping-heading").filter({ hasText: "desk-prices.csv" }).waitFor();
    await expect(page.inputValue("#constant-source")).resolves.toBe("");
    await expect(page.locator("#mapping-problems").count()).resolves.toBe(0);
    await page.locator("#start-import:not([disabled])").waitFor();
  });

  test("the mapping step and the progress fit the 320 px pane and pass axe, in English and Chinese", async () => {
    const wideness = () => page.evaluate(() => document.documentElement.scrollWidth);
    await chooseFile(
      page,
      csvFile("a-vendor-export-with-a-rather-long-file-name-for-august-2025.csv", [
        "Date,Dysprosium oxide 99.5% min exw China (CNY/kg) assessed weekly,Terbium oxide 99.99% CIF Rotterdam USD/kg",
        "2025-08-15,1615.5,3010",
      ])
    );
    await expect(wideness()).resolves.toBe(320);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.click("#language-switch");
    await page.locator("#mapping-heading").filter({ hasText: "的列" }).waitFor();
    await expect(wideness()).resolves.toBe(320);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.click("#language-switch");

    await chooseFile(page, AUGUST);
    await typeInto(page, "#constant-source", SOURCE);
    // The progress, held at its start by holding back the worker's script.
    const hold = () => new Promise<void>(() => undefined);
    await pane.context.route("**/import-worker.js", hold);
    try {
      await startImport(page);
      await page.locator("#import-progress").waitFor();
      await expect(wideness()).resolves.toBe(320);
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await page.click("#cancel-import");
    } finally {
      await pane.context.unroute("**/import-worker.js", hold);
    }
  });

  test("Cancel while the file is being read leaves the data as it was", async () => {
    const before = await recalculations(page);
    // The worker's script is held back, so the import is certainly still running when the user
    // cancels; it is let go afterwards, when nothing may come of it any more.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let requested: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => (requested = resolve));
    const hold = async (route: Route) => {
      requested();
      await held;
      await route.continue().catch(() => undefined);
    };
    await pane.context.route("**/import-worker.js", hold);
    try {
      await chooseFile(page, AUGUST);
      await typeInto(page, "#constant-source", SOURCE);
      await startImport(page);
      await page.locator("#import-progress").waitFor();
      // The worker has been asked for: the import is under way, in the worker.
      await reached;
      await page.click("#cancel-import");
      await statusIn(page, "data")
        .filter({ hasText: "Import of vendor-x-2025-08.csv cancelled; nothing changed." })
        .waitFor();
    } finally {
      release();
      await pane.context.unroute("**/import-worker.js", hold);
    }
    await page.locator("#no-imports").waitFor();
    await expect(recalculations(page)).resolves.toBe(before);
    // The mapping is still there, so the user can import after all.
    await page.locator("#start-import").waitFor();
    await expect(
      explainedValue(page, '=REE.PRICE("Dy2O3","Europe","2025-08-15")')
    ).resolves.toContain(bundledOn("2025-08-15"));
  });

  test("Import selection reads the selected range, with its dates as Excel serial numbers", async () => {
    // 2025-08-15 and 2025-08-22 as Excel stores dates; a price as text, as pasted from a report.
    await control(page, "selectRange", "B2:G4", [
      ["Product", "Market", "Date", "Price", "Unit", "Source"],
      ["Dy2O3", "Europe", 45884, 940, "USD/kg", "Desk sheet"],
      ["Dy2O3", "Europe", 45891, "945.5", "USD/kg", "Desk sheet"],
    ]);
    await showTab(page, "data");
    await page.click("#import-selection");
    await page.locator("#mapping-heading").filter({ hasText: "Sheet1!B2:G4" }).waitFor();
    const preview = await text(page, "#import-preview");
    expect(preview).toContain("2025-08-15");
    expect(preview).toContain("945.5");
    await startImport(page);
    await statusIn(page, "data").filter({ hasText: "Imported" }).waitFor();
    await expect(
      explainedValue(page, '=REE.PRICE("Dy2O3","Europe","2025-08-15")')
    ).resolves.toContain("940");
  });

  test("Import selection with nothing selected says what to select", async () => {
    await showTab(page, "data");
    await page.click("#import-selection");
    await alertIn(page, "data").filter({ hasText: "The selection is empty" }).waitFor();
    await expect(page.locator("#mapping-heading").count()).resolves.toBe(0);
  });

  test("names the data does not know are refused by row, with a suggestion, and nothing changes", async () => {
    await control(page, "selectRange", "A10:F12", [
      ["Product", "Market", "Date", "Price", "Unit", "Source"],
      ["Dy2O3", "Europe", 45884, 940, "USD/kg", "Desk sheet"],
      ["Dy2O4", "Europe", 45891, 945, "USD/kg", "Desk sheet"],
    ]);
    await showTab(page, "data");
    await page.click("#import-selection");
    await startImport(page);
    await alertIn(page, "data")
      .filter({ hasText: "Sheet1!A10:F12 was not imported; nothing changed" })
      .waitFor();
    const problems = await text(page, "#import-problems");
    expect(problems).toContain("Row 12");
    expect(problems).toContain("Did you mean Dy2O3?");
    await page.locator("#no-imports").waitFor();
    // The mapping stays, so the user can fix the sheet and import again.
    await page.locator("#start-import").waitFor();
  });

  test("a file with problems lists each by line and column, and the data in use stays", async () => {
    const before = await recalculations(page);
    await chooseFile(
      page,
      csvFile("bad-prices.csv", [
        "Product,Market,Date,Price,Unit,Source",
        "Dy2O3,Europe,2025-08-15,931,USD/kg,Desk",
        "",
        "Dy2O3,Europe,2025-02-30,932,USD/kg,Desk",
        "Dy2O3,Europe,2025-08-29,lots,USD/kg,Desk",
      ])
    );
    // The preview already says so, by the file's own lines (line 3 is blank).
    await expect(text(page, "#preview-problems")).resolves.toContain("Line 4, Date");
    await startImport(page);
    await alertIn(page, "data")
      .filter({ hasText: "bad-prices.csv was not imported; nothing changed" })
      .waitFor();
    const problems = await text(page, "#import-problems");
    expect(problems).toContain("Line 4, Date");
    expect(problems).toContain("2025-02-30");
    expect(problems).toContain("Line 5, Price");
    await page.locator("#no-imports").waitFor();
    await expect(recalculations(page)).resolves.toBe(before);
    await expect(
      explainedValue(page, '=REE.PRICE("Dy2O3","Europe","2025-08-15")')
    ).resolves.toContain(bundledOn("2025-08-15"));
  });
});

describe("a host where no Web Worker can start", () => {
  let pane: Pane;
  let page: Page;

  beforeAll(async () => {
    pane = await openPaneWithFakeExcel({ width: 320, height: 900 });
    page = pane.page;
    await page.addInitScript(() => {
      delete (window as unknown as { Worker?: unknown }).Worker;
    });
  });
  beforeEach(async () => {
    await pane.reopen();
    await ready(pane);
  });
  afterEach(() => expect(pane.errors).toEqual([]));
  afterAll(async () => pane?.close());

  test("the import reads the file on the pane's own thread, with the same result", async () => {
    await expect(page.evaluate(() => typeof Worker)).resolves.toBe("undefined");
    await importAugust(page);
    await expect(
      explainedValue(page, '=REE.PRICE("Dy2O3","Europe","2025-08-15")')
    ).resolves.toContain("931");
  });
});
