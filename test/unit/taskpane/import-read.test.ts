/*
 * Reading an import in steps, as the import worker (and the pane's thread, where no worker can
 * start) does: a file in slices of bytes, a range in blocks of rows. Whatever the step size, the
 * observations and the problems are those of reading the whole table at once, and line numbers
 * are the file's own.
 */
import fc from "fast-check";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { dayFromIso } from "../../../src/core/dates";
import { previewDelimited } from "../../../src/core/import/delimited";
import { GUESS_ROWS, guessMapping } from "../../../src/core/import/layout";
import { readDelimited } from "../../../src/core/import/reader";
import { LongMapping, Mapping, ReadOutcome } from "../../../src/core/import/types";
import { IMPORT_LIMITS, mappingVocabulary } from "../../../src/core/imports";
import { fixtureDataset } from "../../helpers/dataset";
import {
  ReadJob,
  ReadProgress,
  ReadSource,
  readSource,
  transferablesOf,
} from "../../../src/taskpane/import/read-job";

const TODAY = (() => {
  const today = dayFromIso("2026-06-30");
  if (!today.ok) throw new Error(today.message);
  return today.value;
})();

/** A vendor's title line, then the header: the mapping's header is row 1. */
const MAPPING: LongMapping = {
  shape: "long",
  headerRow: 1,
  constants: {},
  columns: ["product", "market", "date", "price", "unit", "source"],
};
const HEADER = "Product,Market,Date,Price,Unit,Source";

function fileOf(text: string): ReadSource {
  return { kind: "file", file: new Blob([text]), delimiter: "," };
}

async function read(
  source: ReadSource,
  step: Partial<Pick<ReadJob, "sliceBytes" | "blockRows" | "maxRows" | "mapping">> = {},
  cancelAfter?: number
): Promise<{ outcome: ReadOutcome | undefined; progress: ReadProgress[] }> {
  const progress: ReadProgress[] = [];
  const outcome = await readSource(
    {
      source,
      mapping: MAPPING,
      today: TODAY,
      maxRows: IMPORT_LIMITS.maxRows,
      maxProblems: IMPORT_LIMITS.maxProblems,
      ...step,
    },
    {
      progress: (reported) => progress.push(reported),
      pause: () => Promise.resolve(),
      cancelled: () => cancelAfter !== undefined && progress.length >= cancelAfter,
    }
  );
  return { outcome, progress };
}

/** The observations as plain values, for comparing two readings. */
function plain(outcome: ReadOutcome | undefined) {
  if (!outcome) throw new Error("the read was cancelled");
  const { observations: o } = outcome;
  return {
    problems: outcome.problems,
    more: outcome.moreProblems,
    rows: Array.from({ length: o.count }, (_, index) => ({
      product: o.names.product[o.product[index]],
      market: o.names.market[o.market[index]],
      start: o.start[index],
      low: o.low[index],
      high: o.high[index],
      unit: o.names.unit[o.unit[index]],
      source: o.names.source[o.source[index]],
      line: o.line[index],
    })),
  };
}

test("a file read in 7-byte slices gives the rows and file lines of reading it whole", async () => {
  const text = [
    "\uFEFFVendor X export",
    HEADER,
    "Dy2O3,Europe,2025-08-15,931,USD/kg,Desk",
    "",
    '氧化铽,Europe,2025-08-15,"3,010",USD/kg,"Desk, ""licensed"""',
    'Dy2O3,Europe,2025-08-22,932,USD/kg,"two',
    'lines"',
    "Dy2O3,Europe,2025-08-29,933,USD/kg,Desk",
  ].join("\r\n");
  const whole = plain((await read(fileOf(text), { sliceBytes: 1 << 20 })).outcome);
  const sliced = plain((await read(fileOf(text), { sliceBytes: 7 })).outcome);
  expect(sliced).toEqual(whole);
  expect(sliced.rows.map((row) => [row.product, row.line])).toEqual([
    ["Dy2O3", 3],
    ["氧化铽", 5],
    ["Dy2O3", 6],
    ["Dy2O3", 8],
  ]);
  expect(sliced.rows[1].source).toBe('Desk, "licensed"');
  expect(sliced.rows[2].source).toBe("two\r\nlines");
  expect(sliced.problems).toEqual([]);
});

test("a problem late in a sliced file names its own line and column", async () => {
  const lines = [
    "Vendor X export",
    HEADER,
    ...Array.from(
      { length: 40 },
      (_, index) =>
        `Dy2O3,Europe,2025-07-${String(index % 28 ? (index % 28) + 1 : 1).padStart(2, "0")},900,USD/kg,Desk`
    ),
    "Dy2O3,Europe,2025-02-30,900,USD/kg,Desk",
  ];
  const { outcome } = await read(fileOf(lines.join("\n")), { sliceBytes: 64 });
  expect(outcome?.problems).toHaveLength(1);
  expect(outcome?.problems[0]).toMatch(/^Line 43, Date: /);
});

test("progress rises to the file's size, with the rows read so far", async () => {
  const text = [
    "Vendor X export",
    HEADER,
    ...Array.from({ length: 30 }, () => "Dy2O3,Europe,2025-08-15,931,USD/kg,Desk"),
  ].join("\n");
  const { progress } = await read(fileOf(text), { sliceBytes: 100 });
  expect(progress.length).toBeGreaterThan(5);
  const done = progress.map((step) => step.done);
  expect([...done].sort((a, b) => a - b)).toEqual(done);
  expect(progress[progress.length - 1]).toMatchObject({
    done: new Blob([text]).size,
    total: new Blob([text]).size,
    unit: "bytes",
  });
  expect(progress[progress.length - 1].rows).toBeGreaterThan(20);
});

test("cancelled after the first step, the read gives nothing", async () => {
  const text = [
    "Vendor X export",
    HEADER,
    ...Array.from({ length: 30 }, () => "Dy2O3,Europe,2025-08-15,931,USD/kg,Desk"),
  ].join("\n");
  const { outcome, progress } = await read(fileOf(text), { sliceBytes: 100 }, 1);
  expect(outcome).toBeUndefined();
  expect(progress).toHaveLength(1);
});

test("a range read in blocks names problems by sheet row and column heading", async () => {
  const rows = [
    ["Prices from the desk"],
    ["Product", "Market", "Date", "Price", "Unit", "Source"],
    ["Dy2O3", "Europe", 45884, 940, "USD/kg", "Desk"],
    ["Dy2O3", "Europe", 45891, "lots", "USD/kg", "Desk"],
    ["Dy2O3", "Europe", 45898, 950, "USD/kg", "Desk"],
  ];
  // The range starts at sheet row 5: the header is row 6, the bad price row 8.
  const { outcome, progress } = await read({ kind: "rows", rows, firstRow: 5 }, { blockRows: 2 });
  expect(outcome?.problems).toHaveLength(1);
  expect(outcome?.problems[0]).toMatch(/^Row 8, Price: /);
  expect(plain(outcome).rows.map((row) => row.line)).toEqual([7, 9]);
  expect(progress.map((step) => step.done)).toEqual([4, 5]);
});

test("the observations' buffers are listed once each, for transferring", async () => {
  const text = [HEADER, "Dy2O3,Europe,2025-08-15,931,USD/kg,Desk"].join("\n");
  const mapping = { ...MAPPING, headerRow: 0 };
  const outcome = await readSource(
    {
      source: fileOf(text),
      mapping,
      today: TODAY,
      maxRows: 10,
      maxProblems: 50,
    },
    { progress: () => undefined, pause: () => Promise.resolve(), cancelled: () => false }
  );
  const buffers = transferablesOf(outcome!.observations);
  expect(new Set(buffers).size).toBe(buffers.length);
  expect(buffers.length).toBeGreaterThan(0);
  // Transferring moves them: what the pane receives is what was read.
  const moved = structuredClone(outcome!.observations, { transfer: buffers });
  expect(moved.low[0]).toBe(931);
});

// Cells with the characters that make CSV hard: separators, quotes, line breaks, non-ASCII.
const cellText = fc.string({
  unit: fc.constantFrom("a", "Z", "1", ",", '"', "\n", " ", "氧", "é", "-"),
  maxLength: 6,
});
const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

test("whatever the cells and the slice size, reading in slices equals reading whole", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(cellText, { minLength: 6, maxLength: 6 }), { maxLength: 12 }),
      fc.integer({ min: 1, max: 40 }),
      async (rows, sliceBytes) => {
        const text = ["title", HEADER, ...rows.map((row) => row.map(quote).join(","))].join("\n");
        const whole = plain((await read(fileOf(text), { sliceBytes: 1 << 20 })).outcome);
        const sliced = plain((await read(fileOf(text), { sliceBytes })).outcome);
        expect(sliced).toEqual(whole);
      }
    ),
    { numRuns: 200 }
  );
});

// The files data:check and the importer's tests read whole: the pane, reading them in slices,
// must see the same observations and the same problems, word for word.
const FIXTURES = join(__dirname, "../../fixtures");
const DELIMITED = ["layouts", "imports"].flatMap((folder) =>
  readdirSync(join(FIXTURES, folder))
    .filter((name) => /\.(csv|tsv|txt)$/.test(name))
    .map((name) => `${folder}/${name}`)
);

test.each(DELIMITED)(
  "%s read in slices gives what readDelimited gives reading it whole",
  async (file) => {
    const text = readFileSync(join(FIXTURES, file), "utf8");
    const preview = previewDelimited(text, GUESS_ROWS);
    const mapping: Mapping = guessMapping(preview.rows, mappingVocabulary(fixtureDataset()));
    const whole = readDelimited(text, mapping, {
      today: TODAY,
      maxProblems: IMPORT_LIMITS.maxProblems,
      maxRows: IMPORT_LIMITS.maxRows,
      lineLabel: "Line",
      headers: preview.rows[mapping.headerRow],
      delimiter: preview.delimiter,
    });
    const source: ReadSource = {
      kind: "file",
      file: new Blob([text]),
      delimiter: preview.delimiter,
    };
    for (const sliceBytes of [5, 64, 1 << 20]) {
      const sliced = (await read(source, { sliceBytes, mapping })).outcome;
      expect(plain(sliced)).toEqual(plain(whole));
    }
  }
);

test("an empty file and a file without its header row say so, as readDelimited does", async () => {
  expect((await read(fileOf(" \n\n"))).outcome?.problems).toEqual(["The file is empty."]);
  expect((await read(fileOf("Vendor X export\n"))).outcome?.problems).toEqual([
    "The file has 1 row, so it has no header at row 2; choose the header row.",
  ]);
});
