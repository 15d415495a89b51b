/*
 * Browser layer: the built task pane (dist/taskpane.html) loads in Chromium outside Office, renders and reports ready.
 * Outside Office, Office.onReady resolves with host null; the pane must still get ready.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openPane, type Pane } from "../helpers/browser";
import { DIST } from "../helpers/static-server";

const root = path.resolve(__dirname, "../..");
const READY_TIMEOUT = 15_000;
const { version } = JSON.parse(
  fs.readFileSync(path.join(root, "src", "data", "meta.json"), "utf8")
) as { version: string };

async function until(condition: () => boolean, timeout: number, what: string): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves once office.js in the page has finished Office.onReady (so a pane's own start-up has had its turn). */
const officeReadyHost = (pane: Pane): Promise<string | null> =>
  pane.page.evaluate(async () => {
    const info = await Office.onReady();
    return info.host === null || info.host === undefined ? null : String(info.host);
  });

describe("task pane at 320x800", () => {
  let pane: Pane;
  const ready = () =>
    pane.page.waitForSelector('#app[data-ready="true"]', {
      state: "attached",
      timeout: READY_TIMEOUT,
    });
  beforeAll(async () => {
    pane = await openPane({ width: 320, height: 800 });
  });
  // Each test opens the pane afresh, so it runs alone (jest -t "<name>").
  beforeEach(async () => {
    await pane.reopen();
  });
  afterEach(() => {
    // No page errors or console errors, whatever the test did.
    expect(pane.errors).toEqual([]);
  });
  afterAll(async () => {
    await pane?.close();
  });

  test("renders and sets #app data-ready=true", async () => {
    await ready();
    await expect(pane.page.locator("#app").getAttribute("aria-busy")).resolves.toBe("false");
    await expect(pane.page.locator("h1").isVisible()).resolves.toBe(true);
  });

  test(`#status says Ready with the dataset version (${version})`, async () => {
    await ready();
    const status = (await pane.page.locator("#status").textContent()) ?? "";
    expect(status.startsWith("Ready")).toBe(true);
    expect(status).toContain(version);
  });

  test("office.js (served from @microsoft/office-js) resolves Office.onReady with host null outside Office", async () => {
    await expect(officeReadyHost(pane)).resolves.toBeNull();
  });
});

describe("regression guard: a pane that throws on load is detected", () => {
  const INJECTED = "injected failure: the pane threw on load";
  let scratch: string;
  let pane: Pane;
  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ree-broken-dist-"));
    fs.cpSync(DIST, scratch, { recursive: true });
    const taskpane = path.join(scratch, "taskpane.js");
    fs.writeFileSync(
      taskpane,
      `throw new Error(${JSON.stringify(INJECTED)});\n` + fs.readFileSync(taskpane, "utf8")
    );
    pane = await openPane({ dir: scratch });
  });
  afterAll(async () => {
    await pane?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test("the error is collected and the pane never reports ready", async () => {
    await until(
      () => pane.errors.some((e) => e.includes(INJECTED)),
      READY_TIMEOUT,
      "the injected pageerror"
    );
    expect(pane.errors.find((e) => e.includes(INJECTED))).toMatch(/^pageerror: /);
    // Let Office.onReady settle, so a pane that was going to get ready would have done so by now.
    await officeReadyHost(pane);
    await expect(pane.page.locator("#app").getAttribute("data-ready")).resolves.toBeNull();
    await expect(pane.page.locator("#status").textContent()).resolves.not.toMatch(/^Ready/);
  });
});

// "C" as some Linux set-ups report; "en_US" as a POSIX locale name written where a tag belongs.
describe.each(["C", "en_US"])(
  "a browser whose language tag is '%s', not a valid BCP 47 tag",
  (tag) => {
    let pane: Pane;
    beforeAll(async () => {
      pane = await openPane({
        beforeLoad: (page) =>
          page.addInitScript((invalid) => {
            Object.defineProperty(navigator, "language", { get: () => invalid });
            Object.defineProperty(navigator, "languages", { get: () => [invalid] });
          }, tag),
      });
    });
    afterAll(async () => {
      await pane?.close();
    });

    test("the pane still loads and prices a product; only the chart is left out", async () => {
      await pane.page.locator("#app[data-ready='true']").waitFor({ timeout: READY_TIMEOUT });
      await pane.page.locator("#product-search input").fill("Dy2O3");
      await pane.page.click('.candidate[data-product="Dy2O3"]');
      await expect(pane.page.locator("#panel-prices .chart-table").count()).resolves.toBe(1);
      await expect(pane.page.locator("#panel-prices .chart canvas").count()).resolves.toBe(0);
      expect(pane.errors).toEqual([]);
    });
  }
);
