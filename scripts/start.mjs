#!/usr/bin/env node
/*
 * `npm start`
 *
 * Windows / macOS: as the yo office template, `office-addin-debugging start manifest.xml`
 * (it runs package.json's "dev-server" script, trusts the dev CA and sideloads into Excel).
 *
 * Linux (office-addin-debugging: "Platform not supported"): run `npm run dev-server` in its own
 * process group, record its pid in .ree-dev-server.pid, wait for https://localhost:3000, print how
 * to sideload manifest.xml into Excel on the web, and on Ctrl+C / SIGTERM stop the whole group.
 * `npm run stop` (scripts/stop.mjs) stops it from another terminal.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifestPath = path.join(repoRoot, "manifest.xml");
const PID_FILE = path.join(repoRoot, ".ree-dev-server.pid");

function devServerPort() {
  const fromEnv = Number(process.env.npm_package_config_dev_server_port);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    const fromPkg = Number(pkg.config && pkg.config.dev_server_port);
    if (Number.isInteger(fromPkg) && fromPkg > 0) return fromPkg;
  } catch {
    /* fall through */
  }
  return 3000;
}

const port = devServerPort();
const taskpaneUrl = `https://localhost:${port}/taskpane.html`;
const READY_TIMEOUT_MS = Number(process.env.REE_START_TIMEOUT_MS) || 120_000;

function startWithOfficeAddinDebugging() {
  const child = spawn("npx", ["office-addin-debugging", "start", "manifest.xml"], {
    cwd: repoRoot,
    stdio: "inherit",
    shell: process.platform === "win32",
    env: { ...process.env, npm_package_config_dev_server_port: String(port) },
  });
  child.on("error", (err) => {
    console.error(`Could not run office-addin-debugging: ${err.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

function readPidFile() {
  try {
    const pid = Number(fs.readFileSync(PID_FILE, "utf8").trim());
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** One GET; resolves with the status code, or undefined if nothing answered. */
function probe(url) {
  return new Promise((resolve) => {
    const req = https.get(url, { rejectUnauthorized: false, timeout: 60_000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilServing(url, child) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastStatus;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    lastStatus = await probe(url);
    if (lastStatus === 200) return { ready: true };
    await sleep(1000);
  }
  return { ready: false, lastStatus };
}

function printSteps(caPath) {
  const lines = [
    "",
    "================================================================================",
    ` REE Supply Chain dev server is running: ${taskpaneUrl}`,
    "================================================================================",
    "",
    " 1. Trust the development certificate (once per CA):",
    `      CA certificate: ${caPath}`,
    "      Chrome / Edge: Settings > Privacy and security > Security > Manage certificates",
    "                     > Authorities > Import > choose ca.crt > tick 'Trust this",
    "                     certificate for identifying websites'.",
    "      Firefox:       Settings > Privacy & Security > Certificates > View Certificates",
    "                     > Authorities > Import > choose ca.crt > trust for websites.",
    `      Or at least open ${taskpaneUrl} once in the same browser`,
    "      and accept the certificate warning (Advanced > Proceed).",
    "",
    " 2. Sideload the add-in in Excel on the web:",
    "      Open a workbook at https://www.office.com (Excel), then",
    "      Home > Add-ins > More Add-ins (or Insert > Add-ins) > My Add-ins",
    "      > Upload My Add-in > choose:",
    `      ${manifestPath}`,
    "",
    " 3. Type =REE.DATAINFO() in a cell.",
    "",
    " Press Ctrl+C here (or run `npm run stop` elsewhere) to stop the dev server.",
    "",
  ];
  console.log(lines.join("\n"));
}

async function startOnLinux() {
  const existing = readPidFile();
  if (existing !== undefined) {
    if (isAlive(existing)) {
      console.error(`A dev server is already running (process group ${existing}, ${PID_FILE}).`);
      console.error("Run `npm run stop` first.");
      process.exit(1);
    }
    fs.rmSync(PID_FILE, { force: true });
  }

  // Create (or check) ~/.office-addin-dev-certs before webpack needs it, so the CA path printed exists.
  const devCerts = require("./dev-certs.js");
  await devCerts.getHttpsOptions();
  const caPath = devCerts.caCertificatePath;

  console.log(
    `Starting \`npm run dev-server\` (waiting up to ${Math.round(READY_TIMEOUT_MS / 1000)} s for ${taskpaneUrl})...`
  );
  const child = spawn("npm", ["run", "dev-server"], {
    cwd: repoRoot,
    stdio: "inherit",
    detached: true,
  });
  let stopping = false;

  const removePidFile = () => {
    if (readPidFile() === child.pid) fs.rmSync(PID_FILE, { force: true });
  };

  child.on("error", (err) => {
    console.error(`Could not start the dev server: ${err.message}`);
    removePidFile();
    process.exit(1);
  });
  if (child.pid === undefined) return; // "error" follows
  fs.writeFileSync(PID_FILE, `${child.pid}\n`);

  const groupAlive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch (err) {
      return err.code === "EPERM";
    }
  };
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };

  const stop = async (reason) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}: stopping the dev server (process group ${child.pid})...`);
    killGroup("SIGTERM");
    for (let i = 0; i < 50 && groupAlive(); i++) await sleep(100);
    if (groupAlive()) killGroup("SIGKILL");
    removePidFile();
    console.log("Dev server stopped.");
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"])
    process.on(signal, () => void stop(`Received ${signal}`));
  // If whoever started us (npm, a shell, an IDE task) is killed alone, don't linger as an orphan.
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentPid) void stop(`Parent process ${parentPid} exited`);
  }, 1000).unref();
  // Writing to a closed terminal/pipe must not crash us before the group is stopped.
  process.stdout.on("error", () => {});
  process.stderr.on("error", () => {});

  child.on("exit", (code, signal) => {
    if (stopping) return;
    // The npm process is gone; make sure nothing else of its group (webpack) is left behind.
    killGroup("SIGTERM");
    const stoppedByStopScript = readPidFile() !== child.pid;
    removePidFile();
    if (signal && stoppedByStopScript) {
      console.log("Dev server stopped.");
      process.exit(0);
    }
    console.error(`The dev server exited (${signal ? `signal ${signal}` : `code ${code}`}).`);
    process.exit(code ?? 1);
  });

  const { ready, lastStatus } = await waitUntilServing(taskpaneUrl, child);
  if (stopping || child.exitCode !== null || child.signalCode !== null) return;
  if (ready) {
    printSteps(caPath);
  } else {
    console.warn(
      `\nWARNING: ${taskpaneUrl} did not answer 200 within ${Math.round(READY_TIMEOUT_MS / 1000)} s` +
        (lastStatus ? ` (last status ${lastStatus}).` : ".") +
        " The dev server is still running; check its output above."
    );
    printSteps(caPath);
  }
}

if (process.platform === "win32" || process.platform === "darwin") {
  startWithOfficeAddinDebugging();
} else {
  startOnLinux().catch((err) => {
    console.error(err && err.stack ? err.stack : err);
    process.exit(1);
  });
}
