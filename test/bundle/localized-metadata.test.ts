import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURE_DIST, loadBundle } from "../helpers/excel-runtime";

/**
 * What a deployer publishes: the built add-in ships the Chinese function help beside the English,
 * for the same functions the bundle associates, and its manifest names it for Chinese Excel at the
 * address the English metadata is served from.
 */
const idsOf = (file: string): string[] =>
  (
    JSON.parse(readFileSync(join(FIXTURE_DIST, file), "utf8")) as { functions: { id: string }[] }
  ).functions
    .map((fn) => fn.id)
    .sort();

test("dist ships functions.zh-CN.json for exactly the functions the bundle associates", () => {
  expect(existsSync(join(FIXTURE_DIST, "functions.zh-CN.json"))).toBe(true);
  const associated = [...loadBundle({ dist: FIXTURE_DIST }).functions.keys()].sort();
  expect(idsOf("functions.zh-CN.json")).toEqual(associated);
  expect(idsOf("functions.zh-CN.json")).toEqual(idsOf("functions.json"));
});

test("the built manifest gives Chinese Excel functions.zh-CN.json, served beside functions.json", () => {
  const manifest = readFileSync(join(FIXTURE_DIST, "manifest.xml"), "utf8");
  const resource =
    /<bt:Url id="Functions\.Metadata\.Url" DefaultValue="([^"]+)">\s*<bt:Override Locale="zh-CN" Value="([^"]+)"\s*\/>/.exec(
      manifest
    );
  expect(resource).not.toBeNull();
  const [, english, chinese] = resource!;
  expect(english).toMatch(/\/functions\.json$/);
  expect(chinese).toBe(english.replace(/functions\.json$/, "functions.zh-CN.json"));
});
