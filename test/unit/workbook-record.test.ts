import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { gzipSync, strToU8 } from "fflate";
import { parseStringPromise } from "xml2js";
import { BUNDLED_DATASET } from "../../src/functions/store";
import { Result } from "../../src/core/result";
import {
  FORMAT_1_NAMESPACE,
  PART_CHARS,
  WORKBOOK_BUDGET_BYTES,
  WORKBOOK_NAMESPACE,
  WorkbookRecord,
  decodeRecord,
  encodeRecord,
} from "../../src/core/workbook-record";
import { WorkbookWriteError, officeWorkbook } from "../../src/taskpane/shell/workbook-store";
import { PAYLOAD_LIMIT, WorkbookFile, XML_CHARACTERS, openExcel } from "../helpers/workbook-file";

/**
 * The workbook's record in custom XML parts: compressed, split into parts, written so that a
 * failure never costs the record already there, and read back with a sentence for anything
 * wrong. The base is the fixture dataset; the layers are opaque JSON here (their content is
 * checked where they are applied).
 */

/** A deterministic stream of numbers in [0, 1), so that sizes do not vary between runs. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A layer as a columnar store might keep it: 19 products × 3 markets, business days, prices. */
function columnarLayer(rows: number, seed = 7) {
  const random = seeded(seed);
  const series: number[] = [];
  const day: number[] = [];
  const low: number[] = [];
  const high: number[] = [];
  for (let row = 0; row < rows; row++) {
    series.push(row % 57);
    day.push(20000 + Math.floor(row / 57));
    const price = Math.round(random() * 100_000_000) / 100;
    low.push(price);
    high.push(Math.round((price + random() * 1000) * 100) / 100);
  }
  return {
    id: `layer-${seed}`,
    name: "basket.csv",
    importedAt: "2026-02-01",
    series: Array.from({ length: 57 }, (_, index) => ({
      product: `P${index % 19}`,
      market: ["China", "Europe", "FOB China"][index % 3],
      unit: "USD/kg",
    })),
    columns: { series, day, low, high },
  };
}

function record(overrides: Partial<WorkbookRecord> = {}): WorkbookRecord {
  return {
    format: 2,
    datasetVersion: "fixture.1",
    knownThrough: "2026-03-31",
    savedAt: "2026-02-01",
    base: BUNDLED_DATASET,
    layers: [],
    ...overrides,
  };
}

function encoded(value: WorkbookRecord, id?: string): string[] {
  const result = encodeRecord(value, id);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** Deep equality for records with hundreds of thousands of numbers, fast and with a short report. */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Random text that does not compress: a layer of it takes its size in the workbook. */
const noise = (bytes: number) => ({ id: "noise", note: randomBytes(bytes).toString("base64") });

function decoded(xmls: string[]): WorkbookRecord {
  const result = decodeRecord(xmls);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** A format-2 part around any base64 text, for records this add-in would never write. */
function rawPart(base64: string, attributes = 'record="R" part="1" parts="1"'): string {
  return `<reeData xmlns="${WORKBOOK_NAMESPACE}" ${attributes} version="x">${base64}</reeData>`;
}
const gzipped = (text: string) => Buffer.from(gzipSync(strToU8(text))).toString("base64");
/** A part holding `value` as JSON, as format 2 stores it, whatever shape `value` has. */
const partHolding = (value: unknown) => rawPart(gzipped(JSON.stringify(value)));

function failureOf<T>(result: Result<T>): { message: string; problems?: readonly string[] } {
  if (result.ok) throw new Error("expected a failure");
  return { message: result.message, problems: result.problems };
}

/** Fisher-Yates with the seeded stream, so the order is scrambled but the same every run. */
function shuffled<T>(items: T[], seed: number): T[] {
  const random = seeded(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

const bigLayer = columnarLayer(150_000);
const bigRecord = record({ layers: [bigLayer] });
const bigParts = encoded(bigRecord, "2026-02-01T10:00:00.000Z-newnewne");

describe("encoding a record into parts", () => {
  test("a record with 150,000 columnar rows and the fixture base comes back exactly", () => {
    expect(same(decoded(bigParts), bigRecord)).toBe(true);
  });

  test("a large record is split into parts of at most PART_CHARS characters, numbered 1..n", () => {
    expect(bigParts.length).toBeGreaterThan(1);
    bigParts.forEach((xml, index) => {
      const attributes = /<reeData ([^>]*)>/.exec(xml)![1];
      expect(attributes).toContain(`record="2026-02-01T10:00:00.000Z-newnewne"`);
      expect(attributes).toContain(`part="${index + 1}" parts="${bigParts.length}"`);
      const content = /<reeData [^>]*>([^<]*)<\/reeData>/.exec(xml)![1];
      expect(content.length).toBeLessThanOrEqual(PART_CHARS);
    });
  });

  test("every write gets its own record id", () => {
    const first = encoded(record())[0];
    const second = encoded(record())[0];
    const idOf = (xml: string) => /record="([^"]+)"/.exec(xml)![1];
    expect(idOf(first)).not.toBe(idOf(second));
  });

  test("parts in any order, beside an older record and an unfinished newer one: the newest complete record wins", () => {
    const older = record({ datasetVersion: "2025.12.1", layers: [noise(1_000_000)] });
    const olderParts = encoded(older, "2026-01-15T09:00:00.000Z-oldoldol");
    expect(olderParts.length).toBeGreaterThan(1);
    // A write that failed after its first part: newer than both, but not whole.
    const unfinished = encoded(
      record({ datasetVersion: "2026.3.1", layers: [noise(1_000_000)] }),
      "2026-03-01T09:00:00.000Z-unfinish"
    ).slice(0, 1);
    const all = shuffled([...olderParts, ...bigParts, ...unfinished], 42);
    expect(same(decoded(all), bigRecord)).toBe(true);
    expect(decoded(shuffled([...olderParts, ...unfinished], 7))).toEqual(older);
  });
});

describe("hostile text keeps every part well formed", () => {
  const hostileVersion = `2026.1" injected="yes' <b>&amp; \uFFFF\u0001\uD800\t\n`;
  const hostileNote = `note \uFFFF\uFFFE \u0000 lone \uDC00 pair \uD83D\uDE00 </reeData> ]]> &`;
  const hostile = record({
    datasetVersion: hostileVersion,
    base: { ...BUNDLED_DATASET, meta: { ...BUNDLED_DATASET.meta, note: hostileNote } },
    layers: [{ id: "x", name: hostileNote, tables: {} }],
  });

  test("each part parses as XML 1.0 with exactly its own attributes, and the record comes back exactly", async () => {
    const parts = encoded(hostile, "2026-02-01T10:00:00.000Z-abcdefgh");
    for (const xml of parts) {
      expect(XML_CHARACTERS.test(xml)).toBe(true);
      const parsed = await parseStringPromise(xml);
      expect(Object.keys(parsed)).toEqual(["reeData"]);
      expect(parsed.reeData.$).toEqual({
        xmlns: WORKBOOK_NAMESPACE,
        record: "2026-02-01T10:00:00.000Z-abcdefgh",
        part: "1",
        parts: "1",
        // Characters XML cannot hold at all become U+FFFD in this label; the payload is exact.
        version: `2026.1" injected="yes' <b>&amp; \uFFFD\uFFFD\uFFFD\t\n`,
      });
    }
    expect(decoded(parts)).toEqual(hostile);
  });

  test("written through the store, Excel accepts the parts and reading gives the record back", async () => {
    const file: WorkbookFile = { parts: [], calculations: [] };
    openExcel(file);
    await officeWorkbook.write(hostile);
    expect(file.parts.map((part) => part.namespace)).toEqual([WORKBOOK_NAMESPACE]);
    expect(await officeWorkbook.read()).toEqual({ ok: true, value: hostile });
  });
});

describe("reading a malformed record gives a sentence, never a throw", () => {
  test.each<[string, unknown, string[]]>([
    [
      "a layer that is null",
      { ...record(), layers: [null] },
      ["Layer 1 in the workbook's REE data is not a layer (it is null)."],
    ],
    [
      "layers that are not objects, each named",
      { ...record(), layers: [{ id: "a" }, 3, "x", []] },
      [
        "Layer 2 in the workbook's REE data is not a layer (it is a number).",
        "Layer 3 in the workbook's REE data is not a layer (it is text).",
        "Layer 4 in the workbook's REE data is not a layer (it is a list).",
      ],
    ],
    [
      "no base",
      { ...record(), base: null },
      ["The workbook's REE data has no base data (base is null)."],
    ],
    [
      "a base without meta and tables",
      { ...record(), base: { tables: [] } },
      [
        "The base data in the workbook's REE data has no meta section.",
        "The base data in the workbook's REE data has no tables.",
      ],
    ],
    [
      "an envelope of the wrong types",
      { format: 2, datasetVersion: 2026, base: BUNDLED_DATASET, layers: {} },
      [
        "The workbook's REE data does not say which dataset version it holds (datasetVersion).",
        "The workbook's REE data does not say how recent its data is (knownThrough).",
        "The workbook's REE data does not say when it was saved (savedAt).",
        "The workbook's REE data has no list of layers (layers is an object).",
      ],
    ],
    [
      "another format in the format-2 namespace",
      { ...record(), format: 3 },
      ["The workbook's REE data says it is in format 3, where format 2 was expected."],
    ],
    [
      "a record that is a list",
      [record()],
      ["The workbook's REE data is damaged: it is a list, not a record."],
    ],
  ])("%s", (_, value, problems) => {
    const result = decodeRecord([partHolding(value)]);
    expect(failureOf(result).problems ?? [failureOf(result).message]).toEqual(problems);
  });

  test("a missing part says which", () => {
    const three = encoded(record({ layers: [noise(1_700_000)] }), "R");
    expect(three.length).toBe(3);
    expect(decodeRecord([three[2], three[0]])).toEqual({
      ok: false,
      kind: "invalid",
      message: "The workbook's REE data is incomplete (part 2 of 3 is missing).",
      problems: ["The workbook's REE data is incomplete (part 2 of 3 is missing)."],
    });
    expect(failureOf(decodeRecord([three[1]])).message).toBe(
      "The workbook's REE data is incomplete (parts 1 and 3 of 3 are missing)."
    );
  });

  test.each<[string, string, string]>([
    [
      "text that is not base64",
      rawPart("H4sI#AAA"),
      `The workbook's REE data is damaged: part 1 of 1 has "#", which is not a base64 character.`,
    ],
    [
      "base64 cut short",
      rawPart("H4sIAAA"),
      "The workbook's REE data is damaged: its base64 text is cut short or has characters left over.",
    ],
    [
      "base64 that is not gzip",
      rawPart(Buffer.from("just some text, not compressed").toString("base64")),
      "The workbook's REE data is damaged: its content is not gzip-compressed data.",
    ],
    [
      "gzip with one character changed",
      rawPart(
        gzipped(JSON.stringify(record())).replace(
          /(.{200})(.)/,
          (_, before, at) => before + (at === "A" ? "B" : "A")
        )
      ),
      "The workbook's REE data is damaged:",
    ],
    [
      "gzip of text that is not JSON",
      rawPart(gzipped('{"format": 2, "datasetVersion": ')),
      "The workbook's REE data is damaged: ",
    ],
    [
      "a part without record and part numbers",
      `<reeData xmlns="${WORKBOOK_NAMESPACE}"><json>{"datasetVersion": </json></reeData>`,
      "The workbook's REE data part is damaged: it does not say which record and part it is.",
    ],
    [
      "a part numbered past its count",
      rawPart("AAAA", 'record="R" part="4" parts="3"'),
      "The workbook's REE data part is damaged: it says it is part 4 of 3.",
    ],
    [
      "a part that is not XML of this add-in",
      "<somethingElse/>",
      "The workbook's REE data part is damaged: it has no reeData element.",
    ],
  ])("%s", (_, xml, message) => {
    expect(failureOf(decodeRecord([xml])).message.startsWith(message)).toBe(true);
  });

  test("gzip that says it is small but expands further is stopped at its stated size", () => {
    const bytes = gzipSync(strToU8(JSON.stringify(record())));
    // The last four bytes state the expanded size: make it claim 10 bytes.
    bytes.set([10, 0, 0, 0], bytes.length - 4);
    expect(failureOf(decodeRecord([rawPart(Buffer.from(bytes).toString("base64"))])).message).toBe(
      "The workbook's REE data is damaged: it expands to more than it says."
    );
  });

  test("gzip that says it expands past what the add-in reads is refused before expanding", () => {
    const bytes = gzipSync(strToU8("{}"));
    bytes.set([0, 0, 0, 0x40], bytes.length - 4); // 1 GiB
    expect(failureOf(decodeRecord([rawPart(Buffer.from(bytes).toString("base64"))])).message).toBe(
      "The workbook's REE data is damaged: it says it expands to 1073.7 MB, more than the 268.4 MB the add-in reads."
    );
  });

  test("any one character changed in a stored part: the same record or a failure, never other numbers", () => {
    const parts = encoded(record({ layers: [columnarLayer(1_000)] }), "R");
    const original = decoded(parts);
    const xml = parts[0];
    const contentStart = xml.indexOf(">", xml.indexOf("<reeData")) + 1;
    const contentEnd = xml.lastIndexOf("</reeData>");
    fc.assert(
      fc.property(
        fc.integer({ min: contentStart, max: contentEnd - 1 }),
        fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
        (at, character) => {
          const result = decodeRecord([xml.slice(0, at) + character + xml.slice(at + 1)]);
          if (result.ok) expect(result.value).toEqual(original);
          else expect(result.message).toMatch(/^The workbook's REE data (part )?is damaged: /);
        }
      ),
      { numRuns: 200 }
    );
  });

  test("arbitrary text as parts never throws", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "binary", maxLength: 200 }), { maxLength: 4 }),
        (xmls) => {
          expect(typeof decodeRecord(xmls).ok).toBe("boolean");
        }
      )
    );
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof decodeRecord([partHolding(value)]).ok).toBe("boolean");
      })
    );
  });
});

describe("format 1, as workbooks saved before this version hold it", () => {
  // As recordToXml wrote it: the record as JSON, <, > and & escaped, in one <json> element.
  const escape = (text: string) =>
    text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const older = {
    datasetVersion: "2026.01.1",
    knownThrough: "2026-01-10",
    base: { ...BUNDLED_DATASET, meta: { ...BUNDLED_DATASET.meta, note: "a < b && c > d" } },
    layers: [{ id: "l1", name: "prices & notes.csv", importedAt: "2026-01-12", tables: {} }],
    savedAt: "2026-01-15",
  };
  const format1Part = `<?xml version="1.0" encoding="UTF-8"?><reeData xmlns="${FORMAT_1_NAMESPACE}" version="2026.01.1"><json>${escape(JSON.stringify(older))}</json></reeData>`;

  test("is read as a format-2 record with the same content", () => {
    expect(decoded([format1Part])).toEqual({ format: 2, ...older });
  });

  test("damaged JSON in it says so", () => {
    const damaged = `<reeData xmlns="${FORMAT_1_NAMESPACE}"><json>{"datasetVersion": </json></reeData>`;
    expect(failureOf(decodeRecord([damaged])).message).toMatch(
      /^The workbook's REE data part is damaged: /
    );
  });

  test("a format-2 record beside it wins, and the next write replaces it with format 2", async () => {
    const file: WorkbookFile = {
      parts: [{ namespace: FORMAT_1_NAMESPACE, xml: format1Part }],
      calculations: [],
    };
    openExcel(file);
    expect(await officeWorkbook.read()).toEqual({ ok: true, value: { format: 2, ...older } });
    await officeWorkbook.write(record());
    expect(file.parts.map((part) => part.namespace)).toEqual([WORKBOOK_NAMESPACE]);
    expect(decoded([format1Part, ...file.parts.map((part) => part.xml)])).toEqual(record());
  });
});

describe("the store in the workbook", () => {
  test("a workbook without REE data reads as none", async () => {
    openExcel({ parts: [], calculations: [] });
    expect(await officeWorkbook.read()).toBeUndefined();
  });

  test("a damaged record reads as a failure with its sentence, not a throw", async () => {
    openExcel({
      parts: [{ namespace: WORKBOOK_NAMESPACE, xml: partHolding({ ...record(), layers: [null] }) }],
      calculations: [],
    });
    expect(await officeWorkbook.read()).toMatchObject({
      ok: false,
      message: "Layer 1 in the workbook's REE data is not a layer (it is null).",
    });
  });

  test("a record of several megabytes goes in and out one part per request, each under Excel on the web's 5 MB", async () => {
    const file: WorkbookFile = { parts: [], calculations: [] };
    openExcel(file);
    const large = record({ layers: [noise(4_500_000)] });
    await officeWorkbook.write(large);
    expect(file.parts.length).toBeGreaterThan(5);
    expect(await officeWorkbook.read()).toEqual({ ok: true, value: large });
    expect(file.largestPayload).toBeLessThanOrEqual(PAYLOAD_LIMIT);
  });

  test("a write that fails on its second part says so and leaves the previous record whole and read", async () => {
    const file: WorkbookFile = { parts: [], calculations: [] };
    openExcel(file);
    const previous = record({ datasetVersion: "2026.01.1" });
    await officeWorkbook.write(previous);
    const before = file.parts.map((part) => part.xml);

    const next = record({ layers: [noise(1_000_000)] });
    expect(encoded(next).length).toBe(2);
    file.failAdd = { after: 1, message: "The workbook is busy (simulated)." };
    const failed = officeWorkbook.write(next);
    await expect(failed).rejects.toBeInstanceOf(WorkbookWriteError);
    await expect(failed).rejects.toThrow(
      "The workbook's REE data could not be saved: The workbook is busy (simulated). The workbook keeps the data it had before this change."
    );
    // The first new part was taken back: the workbook holds what it held.
    expect(file.parts.map((part) => part.xml)).toEqual(before);
    expect(await officeWorkbook.read()).toEqual({ ok: true, value: previous });

    // The next write goes through and replaces it.
    await officeWorkbook.write(next);
    expect(await officeWorkbook.read()).toEqual({ ok: true, value: next });
    expect(file.parts.length).toBe(2);
  });

  test("a record over the budget is refused with its size and the budget, before the workbook is touched", async () => {
    const file: WorkbookFile = { parts: [], calculations: [] };
    openExcel(file);
    await officeWorkbook.write(record());
    const before = [...file.parts];
    // 20 MB of noise is 26.7 MB as base64 text, which gzip gets back to about 20 MB: over 25 MB again as base64.
    const tooLarge = record({ layers: [noise(20_000_000)] });
    await expect(officeWorkbook.write(tooLarge)).rejects.toThrow(
      /^The workbook's REE data would take 2\d\.\d MB in the workbook, more than the 25\.0 MB the add-in keeps there\. Remove an import you no longer need, then try again\.$/
    );
    expect(WORKBOOK_BUDGET_BYTES).toBe(25_000_000);
    expect(file.parts).toEqual(before);
  });
});
