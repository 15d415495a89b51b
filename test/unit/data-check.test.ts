import { readdirSync } from "node:fs";
import { join } from "node:path";
import { checkFile } from "../../scripts/data-check";
import { dayFromIso } from "../../src/core/dates";
import { problemsOf } from "../../src/core/result";
import { applyData } from "../../src/functions/store";
import { importFile } from "../../src/taskpane/shell/data-sync";
import { WorkbookStore } from "../../src/taskpane/shell/workbook-store";
import { readFileSync } from "node:fs";
import { FIXTURE_DIRECTORY } from "../helpers/dataset";

const IMPORTS = join(__dirname, "..", "fixtures", "imports");
const TODAY = (() => {
  const day = dayFromIso("2026-11-28");
  if (!day.ok) throw new Error(day.message);
  return day.value;
})();
const memoryWorkbook: WorkbookStore = {
  read: async () => undefined,
  write: async () => undefined,
  recalculate: async () => undefined,
};

afterEach(() => {
  applyData({ layers: [] });
});

describe("npm run data:check agrees with the pane on every import fixture", () => {
  test.each(readdirSync(IMPORTS).filter((name) => !name.endsWith(".md")))("%s", async (name) => {
    const file = join(IMPORTS, name);
    const checked = checkFile(file, { data: FIXTURE_DIRECTORY, today: TODAY });
    const pane = await importFile(
      memoryWorkbook,
      readFileSync(file, "utf8"),
      name,
      undefined,
      TODAY
    );
    expect(checked.ok).toBe(pane.ok);
    if (pane.ok) expect(checked.lines).toEqual([`${name} would import: ${pane.value}.`]);
    else expect(checked.lines).toEqual([`${name} would be refused:`, ...problemsOf(pane)]);
  });
});
