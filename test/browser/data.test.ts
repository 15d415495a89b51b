/*
 * Browser layer, data section: an analyst imports their own prices, sees REE.PRICE use them,
 * removes them again; a bad file changes nothing; a pinned workbook keeps its numbers; the
 * update check reads the published dataset.json, or says it could not. Every test starts from a
 * pane as a user first opens it, with a fresh fake Excel, so each runs alone (jest -t "<name>").
 */
import * as path from "path";
import type { Page } from "playwright-core";
import type { Pane } from "../helpers/browser";
import {
  bundledDataset,
  bundledPrice,
  datasetOf,
  priceIn,
  shownInEnglish,
} from "../helpers/bundled-data";
import { openPaneWithFakeExcel } from "../helpers/fake-excel";
import {
  alertIn,
  explainedValue,
  ready,
  recalculations,
  showTab,
  startImport,
  statusIn,
  text,
} from "../helpers/pane-steps";
import { BUNDLED_VERSION, olderWorkbookRecord } from "../helpers/workbook-records";

const FIXTURES = path.resolve(__dirname, "../fixtures/imports");
/** What the bundled data says Dy2O3 in Europe costs on 2025-08-15, and what three-prices.csv says. */
const bundledAugust = shownInEnglish(bundledPrice("Dy2O3", "Europe", "2025-08-15").mid);
const IMPORTED_AUGUST = "925";
const bundledLatest = shownInEnglish(bundledPrice("Dy2O3", "Europe").mid);
const olderRecord = olderWorkbookRecord() as { base: Parameters<typeof datasetOf>[0] };
const olderLatest = shownInEnglish(priceIn(datasetOf(olderRecord.base), "Dy2O3", "Europe").mid);
const savedVersion = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __REE_FAKE_EXCEL__: { workbookRecord?: { datasetVersion: string } } })
        .__REE_FAKE_EXCEL__.workbookRecord?.datasetVersion
  );

describe("importing your own prices in the pane", () => {
  let pane: Pane;
  let page: Page;
  const formula = '=REE.PRICE("Dy2O3","Europe","2025-08-15")';

  beforeAll(async () => {
    pane = await openPaneWithFakeExcel({ width: 320, height: 900 });
    page = pane.page;
  });
  beforeEach(async () => {
    await pane.reopen();
    await ready(pane);
  });
  afterAll(async () => pane?.close());

  test("a new workbook is pinned to the data in use", async () => {
    await page.waitForFunction(
      () =>
        (window as unknown as { __REE_FAKE_EXCEL__: { workbookRecord?: unknown } })
          .__REE_FAKE_EXCEL__.workbookRecord !== undefined
    );
    await expect(savedVersion(page)).resolves.toBe(BUNDLED_VERSION);
  });

  test('the Data section shows what changed in the data in use, as DATAINFO("changes") spills it', async () => {
    const changes = bundledDataset().changes!;
    await showTab(page, "data");
    await expect(text(page, "#data-changelog-summary")).resolves.toContain(
      `${changes.from} → ${changes.to}`
    );
    await page.click("#data-changelog-summary");
    // The headers row is DATAINFO's first row; the table has one row per changelog row.
    await expect(page.locator("#data-changelog tbody tr").count()).resolves.toBe(
      changes.rows.length - 1
    );
  });

  test("import a CSV of three prices: REE.PRICE returns the imported value; remove it: the bundled value again", async () => {
    await expect(explainedValue(page, formula)).resolves.toContain(bundledAugust);

    await showTab(page, "data");
    await page.setInputFiles("#import-file", path.join(FIXTURES, "three-prices.csv"));
    // The file has the add-in's own columns: the guessed mapping needs no correction.
    await startImport(page);
    await statusIn(page, "data")
      .filter({ hasText: "Imported 3 prices from three-prices.csv" })
      .waitFor();
    await expect(recalculations(page)).resolves.toBe(1);
    await expect(text(page, "#panel-data .imports")).resolves.toContain("three-prices.csv: 3 rows");
    await expect(text(page, "#panel-data .sources")).resolves.toContain("user data");

    await expect(explainedValue(page, formula)).resolves.toContain(IMPORTED_AUGUST);
    await expect(text(page, "#explain-source")).resolves.toContain(
      "User data: Test feed (synthetic)"
    );

    await showTab(page, "data");
    await page.click("#panel-data .imports fluent-button");
    await statusIn(page, "data").filter({ hasText: "Removed three-prices.csv" }).waitFor();
    await expect(recalculations(page)).resolves.toBe(2);
    await page.locator("#no-imports").waitFor();
    await expect(explainedValue(page, formula)).resolves.toContain(bundledAugust);
  });

  test("a bad file lists each problem by line and changes nothing", async () => {
    await showTab(page, "data");
    const before = await recalculations(page);
    await page.setInputFiles("#import-file", path.join(FIXTURES, "html-injection.csv"));
    await startImport(page);
    await alertIn(page, "data")
      .filter({ hasText: "html-injection.csv was not imported; nothing changed" })
      .waitFor();
    await expect(text(page, "#import-problems")).resolves.toContain(
      "Line 2, source: '<img src=x onerror=alert(1)>' contains < or >"
    );
    // The markup arrived as text, never as an element.
    await expect(page.locator("#import-problems img").count()).resolves.toBe(0);
    await expect(recalculations(page)).resolves.toBe(before);
    await page.locator("#no-imports").waitFor();
  });

  test("check for updates reads the published dataset.json and finds the same version", async () => {
    await showTab(page, "data");
    await page.click("#check-updates");
    await page
      .locator("#update-result")
      .filter({ hasText: `The published dataset is ${BUNDLED_VERSION}` })
      .waitFor();
    await expect(page.locator("#apply-update").count()).resolves.toBe(0);
  });

  test("offline, the check says it could not reach the address and the data stays", async () => {
    await showTab(page, "data");
    await page.fill("#update-url", "https://updates.example.invalid/dataset.json");
    await page.dispatchEvent("#update-url", "change");
    await page.click("#check-updates");
    await page
      .locator("#update-result")
      .filter({
        hasText: "Could not check for updates at https://updates.example.invalid/dataset.json",
      })
      .waitFor();
    await expect(text(page, "#data-version")).resolves.toBe(BUNDLED_VERSION);
  });
});

describe("a workbook pinned to older data", () => {
  let pane: Pane;
  let page: Page;

  beforeAll(async () => {
    pane = await openPaneWithFakeExcel({
      width: 320,
      height: 900,
      fake: { workbookRecord: olderRecord },
    });
    page = pane.page;
  });
  beforeEach(async () => {
    await pane.reopen();
    await ready(pane);
  });
  afterAll(async () => pane?.close());

  test("keeps computing with its own data, shows that newer data exists, and updates only when asked", async () => {
    await showTab(page, "data");
    await page.locator("#pinned-notice").waitFor();
    await expect(text(page, "#pinned-notice")).resolves.toContain(
      `This workbook computes with dataset 2026.01.1, saved in it. The add-in ships dataset ${BUNDLED_VERSION}`
    );
    await expect(text(page, "#data-origin")).resolves.toBe("pinned in this workbook");
    await expect(explainedValue(page, '=REE.PRICE("Dy2O3","Europe")')).resolves.toContain(
      olderLatest
    );

    await showTab(page, "data");
    await page.click("#use-bundled");
    // What the add-in's data would change in this workbook comes first; nothing changes yet.
    await page.locator("#report-summary").waitFor();
    await expect(savedVersion(page)).resolves.toBe("2026.01.1");
    await page.click("#apply-changes");
    await statusIn(page, "data")
      .filter({ hasText: `Now using dataset ${BUNDLED_VERSION}` })
      .waitFor();
    await expect(savedVersion(page)).resolves.toBe(BUNDLED_VERSION);
    await expect(explainedValue(page, '=REE.PRICE("Dy2O3","Europe")')).resolves.toContain(
      bundledLatest
    );
  });
});
