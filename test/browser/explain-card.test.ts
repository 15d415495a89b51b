/*
 * Browser layer: the card in the Explain section, in the built pane at 320 px with a fake Excel.
 * The card lists the facts =REE.ELEMENT/PRODUCT/COUNTRY carry as an Excel entity, for a typed
 * name or the subject of the selected cell's formula, and Insert card writes the formula.
 */
import type { Page } from "playwright-core";
import type { Pane } from "../helpers/browser";
import { control, openPaneWithFakeExcel, writes } from "../helpers/fake-excel";
import { ready, seriousViolations, showTab, statusIn, text } from "../helpers/pane-steps";

describe("the card in Explain, at 320 px", () => {
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
    expect(pane.errors).toEqual([]);
  });
  afterAll(async () => {
    await pane?.close();
  });

  const term = (name: string) => page.locator("#card-facts dt", { hasText: name }).first();

  test("a selected PRICE cell shows its product's card, and Insert card writes =REE.PRODUCT", async () => {
    await showTab(page, "explain");
    await control(page, "select", "B7", { formula: '=REE.PRICE("氧化镝","Europe")' });
    await page.locator("#card-formula").waitFor();
    await expect(text(page, "#card-status")).resolves.toContain("Dysprosium oxide");
    await expect(text(page, "#card-formula")).resolves.toBe('=REE.PRODUCT("Dy2O3")');
    await expect(term("Metal content").isVisible()).resolves.toBe(true);
    await control(page, "select", "C9");
    await page.click("#insert-card");
    await statusIn(page, "explain").filter({ hasText: "Sheet1!C9" }).waitFor();
    const all = await writes(page);
    expect(all[all.length - 1]).toEqual({
      address: "Sheet1!C9",
      formulas: [['=REE.PRODUCT("Dy2O3")']],
    });
  });

  test("a typed name shows that card: Dy the element, with shares as percentages", async () => {
    await showTab(page, "explain");
    await page.locator("#card-search input").fill("镝");
    await expect(text(page, "#card-formula")).resolves.toBe('=REE.ELEMENT("Dy")');
    const share = page.locator("#card-facts dt", { hasText: "China mining share" });
    await expect(share.count()).resolves.toBe(1);
    await expect(share.locator("xpath=following-sibling::dd[1]").textContent()).resolves.toMatch(
      /^\d+(\.\d)?%/
    );
    await page.locator("#card-search input").fill("Narnia");
    await expect(text(page, "#card-status")).resolves.toContain(
      "No element, product or country is named 'Narnia'."
    );
  });

  test("with a country's card shown, axe finds nothing serious and nothing is wider than the pane", async () => {
    await showTab(page, "explain");
    await page.locator("#card-search input").fill("China");
    await term("Mining share").waitFor();
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBe(320);
  });
});
