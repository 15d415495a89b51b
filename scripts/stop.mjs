#!/usr/bin/env node
/*
 * `npm run stop`
 *
 * Windows / macOS: `office-addin-debugging stop manifest.xml` (as the yo office template).
 * Linux: stop the dev server process group started by scripts/start.mjs (.ree-dev-server.pid).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PID_FILE = path.join(repoRoot, ".ree-dev-server.pid");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

async function stopOnLinux() {
  let text;
  try {
    text = fs.readFileSync(PID_FILE, "utf8");
  } catch {
    console.log(`Nothing is running (no ${path.basename(PID_FILE)} in ${repoRoot}).`);
    return;
  }
  const pgid = Number(text.trim());
  // Remove the pid file first: start.mjs takes its absence as "stopped on purpose" and exits 0.
  fs.rmSync(PID_FILE, { force: true });
  if (!Number.isInteger(pgid) || pgid <= 1) {
    console.log(`Removed ${PID_FILE}: it did not contain a process id.`);
    return;
  }
  if (!groupAlive(pgid)) {
    console.log(`The dev server (process group ${pgid}) had already exited; removed ${PID_FILE}.`);
    return;
  }
  killGroup(pgid, "SIGTERM");
  for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
  if (groupAlive(pgid)) {
    killGroup(pgid, "SIGKILL");
    console.log(
      `Stopped the dev server (process group ${pgid}, SIGKILL after SIGTERM timed out); removed ${PID_FILE}.`
    );
  } else {
    console.log(`Stopped the dev server (process group ${pgid}); removed ${PID_FILE}.`);
  }
}

if (process.platform === "win32" || process.platform === "darwin") {
  const child = spawn("npx", ["office-addin-debugging", "stop", "manifest.xml"], {
    cwd: repoRoot,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  child.on("error", (err) => {
    console.error(`Could not run office-addin-debugging: ${err.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  stopOnLinux().catch((err) => {
    console.error(err && err.stack ? err.stack : err);
    process.exit(1);
  });
}
