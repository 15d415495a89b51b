/*
 * The README's pictures of the task pane, taken from the built pane in dist/ (this script builds
 * nothing; `npm run screenshots` builds first) in Chromium, with the fake Excel the browser tests
 * use. Writes docs/images/, one file per picture the README links.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Page } from "playwright-core";
import { type Pane } from "../test/helpers/browser";
import { control, openPaneWithFakeExcel, type FakeExcelOptions } from "../test/helpers/fake-excel";
import { ready, showTab, startImport, statusIn, typeInto } from "../test/helpers/pane-steps";
import { publishedUpdate, servePublished } from "../test/helpers/published-update";
import { DIST } from "../test/helpers/static-server";
import { olderWorkbookRecord } from "../test/helpers/workbook-records";

const IMAGES = path.resolve(__dirname, "../docs/images");
const MAX_HEIGHT = 1600;
const FIXTURES = path.resolve(__dirname, "../test/fixtures/imports");

interface Picture {
  file: string;
  width: number;
  fake?: FakeExcelOptions;
  /** Set up before the pane opens (a published dataset to serve, say). */
  before?(pane: Pane): Promise<unknown>;
  /** What a user does before the picture is taken. */
  show(page: Page): Promise<void>;
  /** The element pictured, when not the whole pane from its top. */
  element?: string;
}

async function dysprosiumPrices(page: Page): Promise<void> {
  await showTab(page, "prices");
  await page.locator("#product-search input").fill("Dy2O3");
  await page.click('.candidate[data-product="Dy2O3"]');
  await page.locator("#panel-prices .chart canvas").first().waitFor();
}

const PICTURES: Picture[] = [
  { file: "pane-prices-320.png", width: 320, show: dysprosiumPrices },
  {
    file: "pane-prices-zh-320.png",
    width: 320,
    show: async (page) => {
      await dysprosiumPrices(page);
      await page.click("#language-switch");
      await page.locator("#prices-heading", { hasText: "价格" }).waitFor();
    },
  },
  {
    file: "pane-explain-320.png",
    width: 320,
    show: async (page) => {
      await showTab(page, "explain");
      await control(page, "select", "B7", {
        formula: '=REE.PRICE("Dy2O3","Europe","2025-07-01")',
      });
      await page.locator("#explain-value").waitFor();
    },
  },
  {
    file: "pane-shares-800.png",
    width: 800,
    show: async (page) => {
      await showTab(page, "shares");
      await page.click('fluent-checkbox[data-country="CHN"]');
    },
  },
  {
    file: "pane-controls-800.png",
    width: 800,
    show: async (page) => {
      await showTab(page, "controls");
      await page.fill("#controls-date", "2025-11-08");
      await page.click('#element-grid [data-symbol="Ho"]');
    },
  },
  {
    file: "pane-data-imported-320.png",
    width: 320,
    show: async (page) => {
      await showTab(page, "data");
      await page.setInputFiles("#import-file", path.join(FIXTURES, "three-prices.csv"));
      await startImport(page);
      await statusIn(page, "data").filter({ hasText: "Imported 3 prices" }).waitFor();
    },
  },
  {
    file: "pane-import-mapping-320.png",
    width: 320,
    element: "#import-step",
    show: async (page) => {
      await showTab(page, "data");
      // A vendor's wide export: a title line, dates down, one series per column.
      await page.setInputFiles("#import-file", {
        name: "vendor-x-2025-08.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(
          [
            "Vendor X rare earth price assessments",
            "Date,Dy2O3 Europe USD/kg,Tb4O7 Europe USD/kg",
            "2025-08-15,931,3010",
            "2025-08-22,,3020",
            "",
          ].join("\r\n"),
          "utf8"
        ),
      });
      await page.locator("#mapping-heading").waitFor();
      await typeInto(page, "#constant-source", "Vendor X (licensed feed)");
      await page.locator("#import-preview").waitFor();
    },
  },
  {
    file: "pane-data-report-320.png",
    width: 320,
    element: "#change-review",
    before: (pane) => servePublished(pane, publishedUpdate()),
    show: async (page) => {
      // A model whose Europe dysprosium prices move under the update, and one cell the pane
      // cannot evaluate (a formula inside the formula).
      await control(page, "setCells", {
        A1: { value: 45_900 },
        B2: { formula: '=REE.PRICE("Dy2O3","Europe")' },
        B3: { formula: '=REE.PRICE("Tb4O7","Europe")' },
        B4: { formula: '=REE.PRICE("Dy2O3","Europe",EDATE(A1,1))' },
        "Model!A1": { value: 45_900 },
        "Model!C5": { formula: '=REE.PRICE("Dy2O3","Europe",A1,"USD/t")' },
        "Model!C6": { formula: '=REE.PRICEHISTORY("Dy2O3","Europe")' },
      });
      await showTab(page, "data");
      await page.click("#check-updates");
      await page.click("#apply-update");
      await page.locator("#report-summary").waitFor();
    },
  },
  {
    file: "pane-data-rollback-320.png",
    width: 320,
    element: "#data-changes",
    before: (pane) => servePublished(pane, publishedUpdate()),
    show: async (page) => {
      await control(page, "setCells", { B2: { formula: '=REE.PRICE("Dy2O3","Europe")' } });
      await showTab(page, "data");
      await page.click("#check-updates");
      await page.click("#apply-update");
      await page.click("#apply-changes");
      await page.locator("#roll-back").waitFor();
    },
  },
  {
    file: "pane-data-pinned-320.png",
    width: 320,
    fake: { workbookRecord: olderWorkbookRecord() },
    show: async (page) => {
      await showTab(page, "data");
      await page.locator("#pinned-notice").waitFor();
    },
  },
];

/** A font with Chinese glyphs: a system one (fontconfig), or Noto Sans SC from npm if installed. */
function chineseFont(): string | undefined {
  try {
    const listed = execFileSync("fc-list", [":lang=zh", "file"], { encoding: "utf8" })
      .split("\n")
      .map((line) => line.replace(/:\s*$/, "").trim())
      .find((file) => /\.(ttf|otf|ttc)$/i.test(file));
    if (listed) return listed;
  } catch {
    // No fontconfig tools: look in node_modules.
  }
  const npmFonts = path.resolve(__dirname, "../node_modules/@expo-google-fonts/noto-sans-sc");
  if (!fs.existsSync(npmFonts)) return undefined;
  const regular = fs
    .readdirSync(npmFonts, { recursive: true, encoding: "utf8" })
    .find((file) => /NotoSansSC_400Regular\.ttf$/.test(file));
  return regular && path.join(npmFonts, regular);
}

/**
 * The npm-shipped Chromium sees only the fonts in its own folder (FONTCONFIG_PATH, <tmp>/fonts),
 * so the Chinese pictures would show boxes; copy a Chinese font there. CHROMIUM_PATH browsers use
 * the system's fonts.
 */
function provideChineseFont(): void {
  if (process.env.CHROMIUM_PATH) return;
  const font = chineseFont();
  if (!font)
    throw new Error(
      "No font with Chinese glyphs, so the Chinese pane would show boxes. Install one " +
        "(Debian: apt-get install fonts-noto-cjk) and run again."
    );
  const fonts = path.join(os.tmpdir(), "fonts");
  fs.mkdirSync(fonts, { recursive: true });
  const target = path.join(fonts, path.basename(font));
  if (!fs.existsSync(target)) fs.copyFileSync(font, target);
}

async function take(picture: Picture): Promise<void> {
  let pane: Pane | undefined;
  try {
    pane = await openPaneWithFakeExcel({
      width: picture.width,
      height: 900,
      fake: { active: "B2", ...picture.fake },
    });
    await picture.before?.(pane);
    await pane.reopen();
    await ready(pane);
    await picture.show(pane.page);
    if (pane.errors.length > 0)
      throw new Error(`the pane reported errors:\n  ${pane.errors.join("\n  ")}`);
    const file = path.join(IMAGES, picture.file);
    if (picture.element) {
      await pane.page.locator(picture.element).screenshot({ path: file });
    } else {
      // A long section (the Data section lists every source) is shown from its top, not whole.
      const height = await pane.page.evaluate(() => document.documentElement.scrollHeight);
      await pane.page.screenshot({
        path: file,
        fullPage: true,
        clip: { x: 0, y: 0, width: picture.width, height: Math.min(height, MAX_HEIGHT) },
      });
    }
    console.log(`${path.relative(process.cwd(), file)}  ${fs.statSync(file).size} bytes`);
  } finally {
    await pane?.close();
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(DIST, "taskpane.html")))
    throw new Error(`${DIST}/taskpane.html is missing: run npm run build first.`);
  provideChineseFont();
  fs.mkdirSync(IMAGES, { recursive: true });
  for (const picture of PICTURES) {
    try {
      await take(picture);
    } catch (error) {
      throw new Error(`${picture.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
