/*
 * Steps the browser tests take in the pane, as a user would: wait for it, open a tab, pick an
 * option, read a text.
 */
import * as fs from "fs";
import type { Page } from "playwright-core";
import type { Pane } from "./browser";
import { control } from "./fake-excel";

export const READY_TIMEOUT = 15_000;
export const SECTIONS = ["prices", "shares", "controls", "explain", "data"] as const;
export type SectionId = (typeof SECTIONS)[number];

export async function ready(pane: Pane): Promise<void> {
  await pane.page.waitForSelector('#app[data-ready="true"]', {
    state: "attached",
    timeout: READY_TIMEOUT,
  });
}

export async function showTab(page: Page, id: SectionId): Promise<void> {
  await page.click(`#tab-${id}`);
  await page.locator(`#panel-${id}`).waitFor({ state: "visible" });
  await page.locator(`#panel-${id} h2`).waitFor({ state: "visible" });
}

/** Opens a Fluent select and clicks one of its options. */
export async function choose(page: Page, selectId: string, value: string): Promise<void> {
  await page.click(`#${selectId}`);
  await page.click(`#${selectId} fluent-option[value="${value}"]`);
}

export async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? "").replace(/\s+/g, " ").trim();
}

export function alertIn(page: Page, section: SectionId) {
  return page.locator(`#panel-${section} .notices [role="alert"]`);
}

export function statusIn(page: Page, section: SectionId) {
  return page.locator(`#panel-${section} .notices [role="status"]`);
}

/** The mapping step is showing (a file chosen, or the selection read): its Import is clicked. */
export async function startImport(page: Page): Promise<void> {
  const start = page.locator("#start-import:not([disabled])");
  await start.waitFor();
  await start.click();
}

/** Types a value into one of the import's text fields, as a user does: the change lands on leaving it. */
export async function typeInto(page: Page, selector: string, value: string): Promise<void> {
  await page.fill(selector, value);
  await page.dispatchEvent(selector, "change");
}

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** What axe-core finds in the page, serious or critical only. */
export async function seriousViolations(
  page: Page
): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  // The pane's content security policy forbids inline scripts, so axe is evaluated through the
  // browser's debugging protocol, which the policy does not govern.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object
          ): Promise<{
            violations: {
              id: string;
              impact: string;
              help: string;
              nodes: { target: string[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
  });
  return violations.filter(
    (violation) => violation.impact === "serious" || violation.impact === "critical"
  );
}

/** How many times the fake Excel was asked to recalculate. */
export const recalculations = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __REE_FAKE_EXCEL__: { recalculations: number } }).__REE_FAKE_EXCEL__
        .recalculations
  );

/** What the Explain section says a formula's value is, read fresh: an empty cell is selected first. */
export async function explainedValue(page: Page, formula: string): Promise<string> {
  await showTab(page, "explain");
  await control(page, "select", "A30");
  await page.locator("#explain-hint").waitFor();
  await control(page, "select", "B2", { formula });
  await page.locator("#explain-value").waitFor();
  return text(page, "#explain-value");
}
