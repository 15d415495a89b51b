import { readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { FIXTURE_DIST } from "../helpers/excel-runtime";

/** The security gates a reviewer relies on: the pane's content security policy and the lint ban on running text. */
function policy(): Map<string, string[]> {
  const html = readFileSync(join(FIXTURE_DIST, "taskpane.html"), "utf8");
  const match = /http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/i.exec(html);
  if (!match) throw new Error("dist-fixture/taskpane.html has no Content-Security-Policy");
  return new Map(
    match[1]
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values])
  );
}

test("the built pane's policy lets only its own scripts and office.js run, with no inline script or eval", () => {
  const directives = policy();
  expect(directives.get("default-src")).toEqual(["'self'"]);
  expect(directives.get("script-src")).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
  expect(directives.get("connect-src")).toEqual(["'self'"]);
  // The import worker is the add-in's own script, never a blob: or data: URL.
  expect(directives.get("worker-src")).toEqual(["'self'"]);
  expect(directives.get("object-src")).toEqual(["'none'"]);
  expect(directives.get("base-uri")).toEqual(["'self'"]);
});

test("the built pane loads no script from anywhere else", () => {
  const html = readFileSync(join(FIXTURE_DIST, "taskpane.html"), "utf8");
  const sources = [...html.matchAll(/<script[^>]*\ssrc="?([^"\s>]+)/g)].map((match) => match[1]);
  expect(sources).toEqual([
    "https://appsforoffice.microsoft.com/lib/1/hosted/office.js",
    "functions.js",
    "taskpane.js",
  ]);
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
});

test("lint refuses innerHTML, eval and new Function in the add-in's code", () => {
  const root = join(__dirname, "..", "..");
  const probe = [
    "const cell = document.body;",
    "cell.innerHTML = name;",
    "eval(name);",
    "const run = new Function(name);",
    "export { run };",
  ].join("\n");
  const lint = spawnSync(
    process.execPath,
    [
      join(root, "node_modules", "eslint", "bin", "eslint.js"),
      "-c",
      "eslint.config.mjs",
      "--format",
      "json",
      "--stdin",
      "--stdin-filename",
      "src/taskpane/probe.ts",
    ],
    { cwd: root, input: probe, encoding: "utf8" }
  );
  const [result] = JSON.parse(lint.stdout) as { messages: { ruleId: string }[] }[];
  const rules = result.messages.map((message) => message.ruleId);
  expect(rules).toEqual(
    expect.arrayContaining(["no-restricted-properties", "no-eval", "no-new-func"])
  );
});
