/*
 * Browser layer helper: Debian's Chromium driven by playwright-core, never a downloaded browser.
 * office.js is served from the @microsoft/office-js package instead of Microsoft's CDN, and every other
 * request that does not go to the local static server is aborted, so the layer runs offline and deterministically.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type BrowserContext, type Page, type Route } from "playwright-core";
import { contentType, DIST, startStaticServer, type StaticServer } from "./static-server";

export const CHROMIUM = "/usr/bin/chromium";
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

export function assertChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium\` (Debian/Ubuntu)`
    );
  }
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
  assertChromium();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ree-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width, height },
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
  assertChromium();
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
    return { page, context, server, errors, blocked, close };
  } catch (error) {
    await close();
    throw error;
  }
}
