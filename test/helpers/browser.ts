/*
 * Browser layer helper: Chromium driven by playwright-core. The browser comes from CHROMIUM_PATH
 * when set, otherwise from the @sparticuz/chromium npm package (Linux), so `npm install` is all the
 * set-up a machine needs; nothing is ever downloaded at run time.
 * office.js is served from the @microsoft/office-js package instead of Microsoft's CDN, and every other
 * request that does not go to the local static server is aborted, so the layer runs offline and deterministically.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type BrowserContext, type Page, type Route } from "playwright-core";
import { contentType, DIST, startStaticServer, type StaticServer } from "./static-server";

export const OFFICE_JS_DIST = path.resolve(
  __dirname,
  "../../node_modules/@microsoft/office-js/dist"
);
const OFFICE_HOST = "appsforoffice.microsoft.com";
const OFFICE_PREFIX = "/lib/1/hosted/";
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export interface Pane {
  page: Page;
  context: BrowserContext;
  server: StaticServer;
  /** Uncaught page errors ("pageerror: …") and console errors ("console.error: …"), in the order they happened. */
  errors: string[];
  /** Requests that were aborted because they left the machine, for diagnosing a failure. */
  blocked: string[];
  /**
   * Opens the page afresh, as a user opening the pane for the first time: storage cleared, every
   * init script (a fake Excel included) run again, errors and blocked requests forgotten. Tests
   * call it in a beforeEach so each runs alone; it costs a page load, not a browser launch.
   */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export interface PaneOptions {
  width?: number;
  height?: number;
  /** Directory to serve instead of dist/ (e.g. a deliberately broken copy). */
  dir?: string;
  /** Page to open, relative to the served directory. Default: /taskpane.html */
  pathname?: string;
  /** Runs before the page loads, e.g. to install a stand-in for Excel. */
  beforeLoad?: (page: Page) => Promise<unknown>;
}

/**
 * The Chromium to drive: CHROMIUM_PATH if set (any Chromium, Chrome or Edge build), else the build
 * shipped inside the @sparticuz/chromium package, which unpacks once to the temp directory (Linux
 * x64 and arm64). On macOS and Windows set CHROMIUM_PATH to an installed Chrome or Edge.
 */
export async function chromiumExecutable(): Promise<string> {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!fs.existsSync(override))
      throw new Error(`CHROMIUM_PATH is set to ${override}, which does not exist.`);
    return override;
  }
  if (process.platform !== "linux")
    throw new Error(
      "Set CHROMIUM_PATH to an installed Chrome or Edge to run the browser tests on " +
        `${process.platform} (the npm-shipped Chromium is for Linux only).`
    );
  const sparticuz = (await import("@sparticuz/chromium")).default;
  return sparticuz.executablePath();
}

/** Serves office.js (and the files it loads from the same host) from node_modules/@microsoft/office-js/dist. */
async function fulfilFromOfficeJs(route: Route, url: URL): Promise<void> {
  const rel = url.pathname.startsWith(OFFICE_PREFIX)
    ? decodeURIComponent(url.pathname.slice(OFFICE_PREFIX.length))
    : null;
  const file = rel === null ? null : path.resolve(OFFICE_JS_DIST, rel);
  if (
    file &&
    file.startsWith(OFFICE_JS_DIST + path.sep) &&
    fs.existsSync(file) &&
    fs.statSync(file).isFile()
  ) {
    await route.fulfill({
      status: 200,
      contentType: contentType(file),
      body: fs.readFileSync(file),
    });
  } else {
    await route.fulfill({
      status: 404,
      contentType: "text/plain",
      body: `not in @microsoft/office-js/dist: ${url.pathname}`,
    });
  }
}

export async function launchContext(
  width: number,
  height: number
): Promise<{ context: BrowserContext; blocked: string[]; userDataDir: string }> {
  const executablePath = await chromiumExecutable();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ree-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      viewport: { width, height },
      // A real browser reports a valid language tag; the npm-shipped build would report "en-US@posix".
      locale: "en-US",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  } catch (error) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const blocked: string[] = [];
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === OFFICE_HOST) return fulfilFromOfficeJs(route, url);
    if ((url.protocol === "http:" || url.protocol === "https:") && LOCAL_HOSTS.has(url.hostname))
      return route.continue();
    blocked.push(url.href);
    return route.abort("blockedbyclient");
  });
  return { context, blocked, userDataDir };
}

/** Serves dist/ (or options.dir), opens the task pane at the given viewport (default 320x800) and collects its errors. */
export async function openPane(options: PaneOptions = {}): Promise<Pane> {
  const {
    width = 320,
    height = 800,
    dir = DIST,
    pathname = "/taskpane.html",
    beforeLoad,
  } = options;
  const server = await startStaticServer(dir);
  let launched: Awaited<ReturnType<typeof launchContext>>;
  try {
    launched = await launchContext(width, height);
  } catch (error) {
    await server.close();
    throw error;
  }
  const { context, blocked, userDataDir } = launched;
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console.error: ${message.text()}`);
    });
    if (beforeLoad) await beforeLoad(page);
    await page.goto(server.url + pathname, { waitUntil: "load" });
    const reopen = async (): Promise<void> => {
      await page.evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      });
      await page.goto("about:blank");
      errors.length = 0;
      blocked.length = 0;
      await page.goto(server.url + pathname, { waitUntil: "load" });
    };
    return { page, context, server, errors, blocked, reopen, close };
  } catch (error) {
    await close();
    throw error;
  }
}
