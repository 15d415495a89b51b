/*
 * Browser layer, refreshing a model with confidence: a published update is reviewed before it is
 * applied (the report lists exactly the REE cells whose value moves, old and new), Apply changes
 * them, Roll back restores them, and the history records both; a formula inside a formula is
 * listed as not evaluated; the check on open tells of the update once a day and says nothing
 * offline. The published dataset is the bundled one with Dy2O3's Europe prices revised up 10%,
 * served in place of dataset.json; expected values are computed from both through the core.
 */
import type { Page, Route } from "playwright-core";
import { dayFromIso, serialFromDay } from "../../src/core/dates";
import type { Pane } from "../helpers/browser";
import { bundledDataset, datasetOf, priceIn, shownInEnglish } from "../helpers/bundled-data";
import { control, openPaneWithFakeExcel } from "../helpers/fake-excel";
import {
  explainedValue,
  ready,
  recalculations,
  seriousViolations,
  showTab,
  statusIn,
  text,
} from "../helpers/pane-steps";
import { NEXT_VERSION, publishedUpdate, servePublished } from "../helpers/published-update";
import { BUNDLED_VERSION } from "../helpers/workbook-records";

const published = publishedUpdate();
const before = bundledDataset();
const after = datasetOf(published);

/** The day before the latest Europe assessment: a date that picks the one before it. */
const latestEurope = priceIn(before, "Dy2O3", "Europe");
const dayBeforeLatest = (() => {
  const day = dayFromIso(latestEurope.dateUsed);
  if (!day.ok) throw new Error(day.message);
  return serialFromDay(day.value - 1);
})();
const isoOfSerial = (serial: number) => {
  const excelEpoch = Date.UTC(1899, 11, 30);
  return new Date(excelEpoch + serial * 86_400_000).toISOString().slice(0, 10);
};
const shown = (value: number) => shownInEnglish(value, 4);
const latest = {
  old: shown(latestEurope.mid),
  new: shown(priceIn(after, "Dy2O3", "Europe").mid),
};
const earlier = {
  old: shown(priceIn(before, "Dy2O3", "Europe", isoOfSerial(dayBeforeLatest)).mid),
  new: shown(priceIn(after, "Dy2O3", "Europe", isoOfSerial(dayBeforeLatest)).mid),
};

/** A small model: two cells that move, one that does not, one the pane cannot evaluate. */
const MODEL = {
  A1: { value: dayBeforeLatest },
  B2: { formula: '=REE.PRICE("Dy2O3","Europe")' },
  B3: { formula: '=REE.PRICE("Tb4O7","Europe")' },
  B4: { formula: '=REE.PRICE("Dy2O3","Europe",EDATE(A1,1))' },
  B5: { formula: "=SUM(B2:B3)" },
  "Model!A1": { value: dayBeforeLatest },
  "Model!C5": { formula: '=REE.PRICE("Dy2O3","Europe",A1)*1000' },
};

const savedVersion = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __REE_FAKE_EXCEL__: { workbookRecord?: { datasetVersion: string } } })
        .__REE_FAKE_EXCEL__.workbookRecord?.datasetVersion
  );
/** Each listed change as "cell: old → new", from the report on screen. */
async function listedChanges(page: Page): Promise<Record<string, string>> {
  const items = page.locator("#report-changes li");
  const listed: Record<string, string> = {};
  for (let index = 0; index < (await items.count()); index++) {
    const item = items.nth(index);
    listed[(await item.getAttribute("data-cell")) ?? ""] =
      (await item.locator(".report-old-new").textContent()) ?? "";
  }
  return listed;
}

/** The update check finds the published dataset; Apply shows the report of what it changes. */
async function reviewUpdate(page: Page): Promise<void> {
  await showTab(page, "data");
  await page.click("#check-updates");
  await page.locator("#apply-update").waitFor();
  await page.click("#apply-update");
  await page.locator("#report-summary").waitFor();
}

describe("reviewing an update before applying it, and rolling it back", () => {
  let pane: Pane;
  let page: Page;
  let served: Awaited<ReturnType<typeof servePublished>>;

  beforeAll(async () => {
    pane = await openPaneWithFakeExcel({ width: 320, height: 900 });
    page = pane.page;
    served = await servePublished(pane, published);
  });
  beforeEach(async () => {
    served.reset();
    await pane.reopen();
    await ready(pane);
    await control(page, "setCells", MODEL);
  });
  afterEach(() => expect(pane.errors).toEqual([]));
  afterAll(async () => pane?.close());

  test("the report lists exactly the cells that move, old → new; Apply changes them; Roll back restores them", async () => {
    await reviewUpdate(page);
    await expect(text(page, "#report-heading")).resolves.toBe(
      `What dataset ${NEXT_VERSION} changes in this workbook`
    );
    await expect(text(page, "#report-summary")).resolves.toBe(
      "2 of 4 REE formulas would change. 1 could not be evaluated: see the end of the list."
    );
    await expect(listedChanges(page)).resolves.toEqual({
      "Sheet1!B2": `${latest.old} → ${latest.new}`,
      "Model!C5": `${earlier.old} → ${earlier.new}`,
    });
    // Model!C5 is the REE part of a larger formula, and says so.
    await expect(text(page, '#report-changes li[data-cell="Model!C5"]')).resolves.toContain(
      `the part REE.PRICE("Dy2O3","Europe",A1):`
    );
    await expect(text(page, '#report-changes li[data-cell="Sheet1!B2"]')).resolves.toContain(
      "+10.0%"
    );
    // The data's own changelog for the version comes with it.
    await expect(text(page, "#report-changelog summary")).resolves.toContain(
      `${BUNDLED_VERSION} → ${NEXT_VERSION}`
    );
    // Nothing has changed yet.
    await expect(savedVersion(page)).resolves.toBe(BUNDLED_VERSION);
    await expect(recalculations(page)).resolves.toBe(0);

    await page.click("#apply-changes");
    await statusIn(page, "data")
      .filter({ hasText: `Now using dataset ${NEXT_VERSION}` })
      .waitFor();
    await expect(savedVersion(page)).resolves.toBe(NEXT_VERSION);
    await expect(recalculations(page)).resolves.toBe(1);
    await expect(text(page, "#data-history li:first-child")).resolves.toMatch(
      new RegExp(`· update · ${BUNDLED_VERSION} → ${NEXT_VERSION} · 2 cells changed$`)
    );
    await expect(explainedValue(page, MODEL.B2.formula)).resolves.toContain(latest.new);

    // Roll back: the same report, the other way, then the old values again.
    await showTab(page, "data");
    await expect(text(page, "#roll-back")).resolves.toBe(`Roll back to ${BUNDLED_VERSION}`);
    await page.click("#roll-back");
    await page.locator("#report-summary").waitFor();
    await expect(text(page, "#report-heading")).resolves.toBe(
      `What going back to dataset ${BUNDLED_VERSION} changes in this workbook`
    );
    await expect(listedChanges(page)).resolves.toEqual({
      "Sheet1!B2": `${latest.new} → ${latest.old}`,
      "Model!C5": `${earlier.new} → ${earlier.old}`,
    });
    await page.click("#apply-changes");
    await statusIn(page, "data")
      .filter({ hasText: `Back on dataset ${BUNDLED_VERSION}` })
      .waitFor();
    await expect(savedVersion(page)).resolves.toBe(BUNDLED_VERSION);
    await expect(recalculations(page)).resolves.toBe(2);
    await expect(text(page, "#data-history li:first-child")).resolves.toMatch(
      new RegExp(`· rollback · ${NEXT_VERSION} → ${BUNDLED_VERSION} · 2 cells changed$`)
    );
    await expect(explainedValue(page, MODEL.B2.formula)).resolves.toContain(latest.old);
  });

  test("a formula inside the formula is listed as not evaluated, with why; Keep current data changes nothing", async () => {
    await reviewUpdate(page);
    await expect(text(page, "#report-not-evaluated-heading")).resolves.toBe("Not evaluated (1)");
    await expect(text(page, '#report-not-evaluated li[data-cell="Sheet1!B4"]')).resolves.toContain(
      "argument 3 is a formula, EDATE(A1,1): Excel computes its value, so the pane does not guess it."
    );
    await page.click("#keep-data");
    await page
      .locator("#change-review")
      .filter({ hasText: `Kept dataset ${BUNDLED_VERSION}` })
      .waitFor();
    await expect(page.locator("#report-summary").count()).resolves.toBe(0);
    await expect(savedVersion(page)).resolves.toBe(BUNDLED_VERSION);
    await expect(recalculations(page)).resolves.toBe(0);
    await expect(page.locator("#roll-back").count()).resolves.toBe(0);
  });

  test("the report at 320 px: no serious accessibility problem and nothing wider than the pane", async () => {
    await reviewUpdate(page);
    await page.click("#report-changelog summary");
    await expect(seriousViolations(page)).resolves.toEqual([]);
    const widest = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(widest).toBeLessThanOrEqual(320);
  });

  test("the check on open tells of the update once a day, and its link opens the report", async () => {
    await page.locator('#app[data-update-check="settled"]').waitFor({ state: "attached" });
    await expect(text(page, "#update-notice")).resolves.toContain(
      `Data ${NEXT_VERSION} is available — review changes`
    );
    expect(served.requests()).toBe(1);
    await page.click("#update-notice-review");
    await page.locator("#panel-data").waitFor({ state: "visible" });
    await page.locator("#report-summary").waitFor();
    await expect(listedChanges(page)).resolves.toEqual({
      "Sheet1!B2": `${latest.old} → ${latest.new}`,
      "Model!C5": `${earlier.old} → ${earlier.new}`,
    });
    await expect(page.locator("#update-notice").isHidden()).resolves.toBe(true);
    // It applied nothing.
    await expect(savedVersion(page)).resolves.toBe(BUNDLED_VERSION);

    // Opened again the same day (the browser's storage kept): no request, no notice.
    await page.reload({ waitUntil: "load" });
    await ready(pane);
    await page.locator('#app[data-update-check="settled"]').waitFor({ state: "attached" });
    expect(served.requests()).toBe(1);
    await expect(page.locator("#update-notice").isHidden()).resolves.toBe(true);
  });
});

describe("the check on open, offline", () => {
  let pane: Pane;
  let page: Page;
  const offline = (route: Route) => route.abort("internetdisconnected");

  beforeAll(async () => {
    pane = await openPaneWithFakeExcel({ width: 320, height: 900 });
    page = pane.page;
    await pane.context.route("**/dataset.json", offline);
  });
  afterAll(async () => pane?.close());

  test("says nothing at all, and the pane works as before", async () => {
    await pane.reopen();
    await ready(pane);
    await page.locator('#app[data-update-check="settled"]').waitFor({ state: "attached" });
    await expect(page.locator("#update-notice").isHidden()).resolves.toBe(true);
    // Chromium itself logs the failed request; the pane adds nothing of its own.
    expect(pane.errors.filter((error) => !error.includes("Failed to load resource"))).toEqual([]);
    await showTab(page, "data");
    await expect(text(page, "#data-version")).resolves.toBe(BUNDLED_VERSION);
  });
});
