/*
 * Browser layer: the built task pane's sections in Chromium, with a fake Excel that records
 * what is written to which range. Each test reads as a user would use the pane: search, pick,
 * insert, and the exact formula that lands in the exact cell. Every test starts from a pane as a
 * user first opens it, with a fresh fake Excel, so each runs alone (jest -t "<name>").
 */
import type { Page } from "playwright-core";
import { openPane, type Pane } from "../helpers/browser";
import {
  bundledControlled,
  bundledPrice,
  bundledSourceNote,
  shownInEnglish,
} from "../helpers/bundled-data";
import { control, openPaneWithFakeExcel, writes } from "../helpers/fake-excel";
import {
  SECTIONS,
  alertIn,
  choose,
  ready,
  seriousViolations,
  showTab,
  statusIn,
  text,
} from "../helpers/pane-steps";

// What the data says, asked of the core over the bundled dataset, so a data update moves the
// expected value along with the one the pane shows.
const europeJuly = bundledPrice("Dy2O3", "Europe", "2025-07-01");
const chinaJuly = bundledPrice("Dy2O3", "China", "2025-07-01");
const europeJulyShown = shownInEnglish(europeJuly.mid);
const dyControlledIn2027 = bundledControlled("Dy", "2027-01-01");

/** The pane's first steps in Prices: find a product by its symbol and pick it. */
async function pickProduct(page: Page, id: string): Promise<void> {
  await showTab(page, "prices");
  await page.locator("#product-search input").fill(id);
  await page.click(`.candidate[data-product="${id}"]`);
  await expect(text(page, "#prices-chosen")).resolves.toContain(id);
}

describe("task pane sections with a fake Excel, at 320 px", () => {
  let pane: Pane;
  let page: Page;
  beforeAll(async () => {
    pane = await openPaneWithFakeExcel({ width: 320, height: 800, fake: { active: "A1" } });
    page = pane.page;
  });
  beforeEach(async () => {
    await pane.reopen();
    await ready(pane);
  });
  afterEach(() => {
    // Any page error or console error, a content-security-policy violation included, fails the test that caused it.
    expect(pane.errors).toEqual([]);
  });
  afterAll(async () => {
    await pane?.close();
  });

  test("the pane records when it became interactive (performance mark ree-pane-interactive)", async () => {
    const marks = await page.evaluate(() =>
      performance.getEntriesByName("ree-pane-interactive").map((mark) => mark.startTime)
    );
    expect(marks).toHaveLength(1);
    expect(marks[0]).toBeGreaterThan(0);
  });

  test("with Excel present there is no 'not running in Excel' note", async () => {
    await expect(page.locator("#host-note").isHidden()).resolves.toBe(true);
  });

  test('Prices: search 氧化镝, pick Dysprosium oxide and insert =REE.PRICE("Dy2O3","USGS") into the active cell C3', async () => {
    await showTab(page, "prices");
    await page.locator("#product-search input").fill("氧化镝");
    const candidate = page.locator('.candidate[data-product="Dy2O3"]');
    await expect(candidate.textContent()).resolves.toContain("氧化镝");
    await candidate.click();
    await expect(text(page, "#prices-chosen")).resolves.toContain("Dy2O3");
    await expect(text(page, "#price-formula")).resolves.toBe('=REE.PRICE("Dy2O3","USGS")');

    await control(page, "select", "C3");
    await page.click("#insert-price");
    await statusIn(page, "prices").filter({ hasText: "Sheet1!C3" }).waitFor();
    await expect(writes(page)).resolves.toEqual([
      { address: "Sheet1!C3", formulas: [['=REE.PRICE("Dy2O3","USGS")']] },
    ]);
  });

  test(`Prices: Dy2O3 in Europe on 2025-07-01 shows ${europeJulyShown} USD/kg, the assessment of ${europeJuly.dateUsed} and ${europeJuly.publisher} as the source`, async () => {
    await pickProduct(page, "Dy2O3");
    await choose(page, "price-market", "Europe");
    await page.fill("#price-date", "2025-07-01");
    await expect(text(page, "#price-value")).resolves.toBe(europeJulyShown);
    await expect(text(page, "#price-date-used")).resolves.toContain(europeJuly.dateUsed);
    await expect(text(page, "#price-source")).resolves.toContain(europeJuly.publisher);
    await expect(page.locator("#price-source a").getAttribute("href")).resolves.toMatch(
      /^https:\/\//
    );
    await expect(text(page, "#price-formula")).resolves.toBe(
      '=REE.PRICE("Dy2O3","Europe","2025-07-01")'
    );
    await page.locator("#panel-prices .chart canvas").first().waitFor();
  });

  test("Prices: Insert history writes =REE.PRICEHISTORY(...) into one cell, to spill", async () => {
    await pickProduct(page, "Dy2O3");
    await choose(page, "price-market", "Europe");
    await control(page, "select", "H2");
    await page.click("#insert-history");
    await statusIn(page, "prices").filter({ hasText: "Sheet1!H2" }).waitFor();
    await expect(writes(page)).resolves.toEqual([
      { address: "Sheet1!H2", formulas: [['=REE.PRICEHISTORY("Dy2O3","Europe")']] },
    ]);
  });

  test("Prices: China's CNY quotes are converted to USD/kg at the Fed's average for the assessment's month, and the note says so", async () => {
    await pickProduct(page, "Dy2O3");
    await page.fill("#price-date", "2025-07-01");
    await choose(page, "price-market", "China");
    await expect(text(page, "#price-value")).resolves.toBe(shownInEnglish(chinaJuly.mid));
    await expect(text(page, "#price-result .value-unit")).resolves.toBe("USD/kg");
    await expect(text(page, "#price-result")).resolves.toContain(
      `Converted at ${chinaJuly.fx!.perUsd} CNY per USD, the monthly average for ${chinaJuly.dateUsed.slice(0, 7)}`
    );
    await expect(page.locator("#price-fallback").count()).resolves.toBe(0);
    await expect(text(page, "#price-formula")).resolves.toBe(
      '=REE.PRICE("Dy2O3","China","2025-07-01")'
    );
  });

  test("an Excel write failure becomes a readable alert and nothing is recorded as written", async () => {
    await pickProduct(page, "Dy2O3");
    await control(page, "failNextWrite", "The workbook is busy (simulated).");
    await page.click("#insert-price");
    await alertIn(page, "prices")
      .filter({ hasText: "Excel could not write the formulas" })
      .waitFor();
    await expect(alertIn(page, "prices").textContent()).resolves.toContain(
      "The workbook is busy (simulated)."
    );
    await expect(writes(page)).resolves.toEqual([]);
  });

  test("a protected sheet shows a message and nothing is written; unprotected, the same insert works", async () => {
    await pickProduct(page, "Dy2O3");
    await control(page, "setProtected", true);
    await page.click("#insert-price");
    await alertIn(page, "prices").filter({ hasText: "protected" }).waitFor();
    await expect(writes(page)).resolves.toEqual([]);
    await control(page, "setProtected", false);
    await page.click("#insert-price");
    await statusIn(page, "prices").filter({ hasText: "Inserted" }).waitFor();
    await expect(writes(page)).resolves.toHaveLength(1);
  });

  test("Shares: mining 2024, tick China and the United States, Insert writes labels and REE.SHARE formulas from D4", async () => {
    await showTab(page, "shares");
    await choose(page, "share-stage", "mining");
    await choose(page, "share-year", "2024");
    await expect(text(page, "#shares-caption")).resolves.toContain("2024");
    await expect(page.locator(".bar-row").count()).resolves.toBeGreaterThan(5);
    await page.click('fluent-checkbox[data-country="USA"]');
    await page.click('fluent-checkbox[data-country="CHN"]');
    await control(page, "select", "D4");
    await page.click("#insert-shares");
    await statusIn(page, "shares").filter({ hasText: "Sheet1!D4:E5" }).waitFor();
    await expect(writes(page)).resolves.toEqual([
      {
        address: "Sheet1!D4:E5",
        formulas: [
          ["China", '=REE.SHARE("China","mining",2024)'],
          ["United States", '=REE.SHARE("United States","mining",2024)'],
        ],
      },
    ]);
    await expect(text(page, "#panel-shares .sources-line")).resolves.toContain(
      "U.S. Geological Survey"
    );
  });

  test("Shares: after None, Insert says to tick a country and writes nothing", async () => {
    await showTab(page, "shares");
    await page.click('fluent-checkbox[data-country="CHN"]');
    await page.click("#shares-none");
    await page.click("#insert-shares");
    await alertIn(page, "shares").filter({ hasText: "Tick at least one country" }).waitFor();
    await expect(writes(page)).resolves.toEqual([]);
  });

  test("Controls: on 2025-04-03 Dy is not controlled, on 2025-04-04 it is; Ho is not controlled on either day", async () => {
    await showTab(page, "controls");
    const tile = (symbol: string) => page.locator(`#element-grid [data-symbol="${symbol}"]`);
    await page.fill("#controls-date", "2025-04-03");
    await expect(tile("Dy").getAttribute("data-status")).resolves.toBe("not-controlled");
    await expect(tile("Dy").textContent()).resolves.toContain("Not controlled");
    await expect(tile("Ho").getAttribute("data-status")).resolves.toBe("not-controlled");
    await page.fill("#controls-date", "2025-04-04");
    await expect(tile("Dy").getAttribute("data-status")).resolves.toBe("controlled");
    await expect(tile("Dy").textContent()).resolves.toMatch(/Controlled/);
    await expect(tile("Ho").getAttribute("data-status")).resolves.toBe("not-controlled");
    await expect(page.locator("#element-grid .tile").count()).resolves.toBe(17);
  });

  test("Controls: on 2025-04-04 the timeline lists the measures with their sources as links", async () => {
    await showTab(page, "controls");
    await page.fill("#controls-date", "2025-04-04");
    const measure = page.locator('.measure[data-measure="CN-2025-18"]');
    await expect(measure.textContent()).resolves.toContain(
      "MOFCOM/GAC Announcement No. 18 of 2025"
    );
    await expect(measure.locator(".measure-source a").getAttribute("href")).resolves.toMatch(
      /^https:\/\//
    );
  });

  test("Controls: after the horizon, with a scheduled change in between, Ho is unknown (never guessed)", async () => {
    await showTab(page, "controls");
    await page.fill("#controls-date", "2026-12-01");
    await expect(
      page.locator('#element-grid [data-symbol="Ho"]').getAttribute("data-status")
    ).resolves.toBe("unknown");
  });

  test('Controls: pick Dy on 2025-04-04 and insert =REE.CONTROLLED("Dy","2025-04-04"), then the REE.CONTROLS table', async () => {
    await showTab(page, "controls");
    await page.fill("#controls-date", "2025-04-04");
    await page.click('#element-grid [data-symbol="Dy"]');
    await expect(
      page.locator('#element-grid [data-symbol="Dy"]').getAttribute("aria-pressed")
    ).resolves.toBe("true");
    await control(page, "select", "F2");
    await page.click("#insert-controlled");
    await statusIn(page, "controls").filter({ hasText: "Sheet1!F2" }).waitFor();
    await expect(writes(page)).resolves.toEqual([
      { address: "Sheet1!F2", formulas: [['=REE.CONTROLLED("Dy","2025-04-04")']] },
    ]);
    await control(page, "select", "F4");
    await page.click("#insert-controls");
    await statusIn(page, "controls").filter({ hasText: "Sheet1!F4" }).waitFor();
    const all = await writes(page);
    expect(all[all.length - 1]).toEqual({
      address: "Sheet1!F4",
      formulas: [['=REE.CONTROLS("Dy","2025-04-04")']],
    });
  });

  test(`Explain: =REE.PRICE("Dy2O3","Europe","2025-07-01") shows ${europeJulyShown}, ${europeJuly.publisher} and the date used ${europeJuly.dateUsed}`, async () => {
    await showTab(page, "explain");
    await control(page, "select", "B7", { formula: '=REE.PRICE("Dy2O3","Europe","2025-07-01")' });
    await page.locator("#explain-value").waitFor();
    await expect(text(page, "#explain-value")).resolves.toContain(europeJulyShown);
    await expect(text(page, "#explain-source")).resolves.toContain(europeJuly.publisher);
    await expect(text(page, "#explain-date")).resolves.toContain(europeJuly.dateUsed);
    await expect(text(page, "#explain-asks")).resolves.toContain("Dysprosium oxide");
    await expect(text(page, ".explain-cell")).resolves.toContain("Sheet1!B7");
  });

  test("Explain: a cell without an REE formula gets a quiet hint, not an error", async () => {
    await showTab(page, "explain");
    await control(page, "select", "A20", { value: 42 });
    await page.locator("#explain-hint").waitFor();
    await expect(text(page, "#explain-body")).resolves.toContain("Sheet1!A20 has no REE formula");
    await expect(page.locator('#explain-body [role="alert"]').count()).resolves.toBe(0);
  });

  test("Explain: arguments that refer to cells are read from Excel", async () => {
    await showTab(page, "explain");
    await control(page, "setCell", "A1", { value: "Dy2O3" });
    await control(page, "setCell", "A2", { value: "2025-07-01" });
    await control(page, "select", "B8", { formula: '=REE.PRICE(A1,"Europe",$A$2)' });
    await page.locator("#explain-value").waitFor();
    await expect(text(page, "#explain-value")).resolves.toContain(europeJulyShown);
    await expect(text(page, "#explain-date")).resolves.toContain(europeJuly.dateUsed);
    await expect(text(page, "#explain-body")).resolves.toContain("product is read from A1");
  });

  test("Explain: a date past the data's horizon shows a warning", async () => {
    await showTab(page, "explain");
    await control(page, "select", "B9", { formula: '=REE.CONTROLLED("Dy","2027-01-01")' });
    await page.locator("#explain-body .warning").waitFor();
    await expect(text(page, "#explain-body .warning")).resolves.toContain(
      "after the data's horizon"
    );
    await expect(text(page, "#explain-value")).resolves.toContain(
      dyControlledIn2027 ? "TRUE" : "FALSE"
    );
  });

  test("Data: version, known-through date, sources with links and a place for update and import", async () => {
    await showTab(page, "data");
    await expect(text(page, "#data-version")).resolves.toMatch(/\d{4}\.\d{2}/);
    await expect(text(page, "#data-known-through")).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect(page.locator(".sources li a").count()).resolves.toBeGreaterThan(5);
    // A source's note (how it was read) arrives in its own chunk, after the list first shows.
    const note = page.locator(".sources li .source-note").first();
    await note.waitFor();
    const id = await note.locator("xpath=..").getAttribute("data-source");
    await expect(note.textContent()).resolves.toBe(bundledSourceNote(id!));
    await expect(text(page, "#data-update-heading")).resolves.toBe("Update and import");
  });

  test("Language: the switch turns headings and tabs into Chinese and back", async () => {
    await showTab(page, "prices");
    await page.click("#language-switch");
    await expect(text(page, "#prices-heading")).resolves.toBe("价格");
    await expect(text(page, "#tab-prices")).resolves.toBe("价格");
    await expect(text(page, "h1")).resolves.toBe("稀土供应链");
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("zh-CN");
    await page.click("#language-switch");
    await expect(text(page, "#prices-heading")).resolves.toBe("Prices");
    await expect(text(page, "#tab-prices")).resolves.toBe("Prices");
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("en");
  });

  test.each(SECTIONS)(
    "accessibility: axe finds no serious or critical violation in %s",
    async (section) => {
      await showTab(page, section);
      await expect(seriousViolations(page)).resolves.toEqual([]);
    }
  );

  test("no section is wider than the 320 px pane: long source notes and addresses wrap", async () => {
    for (const section of SECTIONS) {
      await showTab(page, section);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect([section, width]).toEqual([section, 320]);
    }
  });

  test("keyboard: from Data the left arrow moves to Explain, and the search reaches a product with Enter", async () => {
    await showTab(page, "data");
    await page.focus("#tab-data");
    await page.keyboard.press("ArrowLeft");
    await page.locator("#panel-explain").waitFor({ state: "visible" });
    await showTab(page, "prices");
    await page.locator("#product-search input").focus();
    await page.keyboard.type("NdPr");
    await page.keyboard.press("ArrowDown");
    await expect(
      page.evaluate(() => document.activeElement?.getAttribute("data-product"))
    ).resolves.toBe("NdPr oxide");
    await page.keyboard.press("Enter");
    await expect(text(page, "#prices-chosen")).resolves.toContain("NdPr oxide");
  });
});

describe("task pane in a plain browser (no Excel)", () => {
  let pane: Pane;
  beforeAll(async () => {
    pane = await openPane({ width: 320, height: 800 });
  });
  beforeEach(async () => {
    await pane.reopen();
    await ready(pane);
  });
  afterEach(() => {
    expect(pane.errors).toEqual([]);
  });
  afterAll(async () => {
    await pane?.close();
  });

  test("browsing works and the pane says that inserting needs Excel", async () => {
    await expect(pane.page.locator("#host-note").isVisible()).resolves.toBe(true);
    await expect(text(pane.page, "#host-note")).resolves.toContain("inserting formulas needs");
    await pane.page.locator("#product-search input").fill("Tb4O7");
    await pane.page.click('.candidate[data-product="Tb4O7"]');
    await expect(text(pane.page, "#price-formula")).resolves.toBe('=REE.PRICE("Tb4O7","USGS")');
    await pane.page.click("#insert-price");
    await alertIn(pane.page, "prices").filter({ hasText: "Inserting needs Excel" }).waitFor();
  });
});
