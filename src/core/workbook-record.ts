import { Gunzip, gzipSync, strFromU8, strToU8 } from "fflate";
import { MAX_PROBLEMS } from "./layers";
import { Result, invalid, ok, refused } from "./result";
import { TextDataset } from "./schema";

/**
 * What a workbook carries so that it computes the same numbers on any machine, with any later
 * version of the add-in, until its owner updates: the base data it was computed with (in full)
 * and the user's layers.
 *
 * Format 2 stores it as JSON, gzip-compressed, in base64, split over as many custom XML parts as
 * it needs, each `<reeData xmlns="urn:ree-excel:workbook-data:2" record="ID" part="1" parts="3"
 * version="…">BASE64</reeData>`. 150,000 imported rows were a 10 MB part rewritten on every
 * change in format 1; compressed they are a fraction of that. Format 1 (one part, the record as
 * escaped JSON in a `<json>` element) is still read, so that older workbooks open; the next write
 * replaces it with format 2.
 */
export const WORKBOOK_NAMESPACE = "urn:ree-excel:workbook-data:2";
export const FORMAT_1_NAMESPACE = "urn:ree-excel:workbook-data:1";
/** Every namespace of this add-in's parts: all are read, and all are replaced by a write. */
export const WORKBOOK_NAMESPACES: readonly string[] = [WORKBOOK_NAMESPACE, FORMAT_1_NAMESPACE];

/**
 * The most base64 characters one part holds. Excel on the web refuses a request or a response
 * over 5 MB, and the store adds (and reads) one part per request, so a part must stay well
 * under that with the request's own wrapping; 1,000,000 does, while keeping the number of round
 * trips small (a 25 MB record is 25 of them).
 */
export const PART_CHARS = 1_000_000;

/**
 * The most a record may take in the workbook, as base64 text (one byte a character). The issue's
 * total budget of 1,000,000 imported rows encodes to about half of it even as random prices,
 * which compress worst (12.7 MB; 150,000 such rows take 1.9 MB), so the budget leaves room for
 * text-heavy layers. It stops well short of what breaks things: the workbook file grows by about
 * this much (base64 of gzip barely compresses again in the .xlsx), Excel on the web opens files
 * only up to a size limit, and reading the record holds the text, the bytes and the JSON in the
 * pane's memory at once.
 */
export const WORKBOOK_BUDGET_BYTES = 25_000_000;

/**
 * The most JSON a record may expand to. It bounds what a damaged or hostile record can make the
 * pane allocate (gzip states the size it expands to, and decoding never goes past it); a record
 * that would expand further is refused when written, so everything written can be read back.
 */
export const EXPANDED_LIMIT_BYTES = 256 * 1024 * 1024;

/** More parts than any record within the budget needs: a larger count means a damaged part. */
const MOST_PARTS = 10_000;

export interface WorkbookRecord {
  format: 2;
  datasetVersion: string;
  knownThrough: string;
  savedAt: string;
  base: TextDataset;
  /** The user's layers, as JSON; their content is checked where they are applied. */
  layers: unknown[];
  /** The base in use before the last update, kept for a rollback; checked where it is used. */
  previous?: unknown;
  /** The record of data changes in this workbook (history.ts); checked where it is read. */
  history?: unknown;
}

const SUBJECT = "The workbook's REE data";
const IN_SUBJECT = "the workbook's REE data";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/**
 * A new record id. Ids start with the UTC time of writing, so that of two complete records
 * (a write whose clean-up failed leaves both) the later one sorts last; the random tail keeps
 * two writes in the same millisecond apart.
 */
export function newRecordId(now: Date = new Date()): string {
  return `${now.toISOString()}-${Math.random().toString(36).slice(2, 10).padEnd(8, "0")}`;
}

/**
 * The XML texts of the parts that hold `record`, in order. Refused (nothing to write) when the
 * record is over WORKBOOK_BUDGET_BYTES or cannot be turned into JSON.
 */
export function encodeRecord(
  record: WorkbookRecord,
  recordId: string = newRecordId()
): Result<string[]> {
  let json: Uint8Array;
  try {
    json = strToU8(JSON.stringify(record));
  } catch (error) {
    // JSON.stringify fails on a string past the engine's limit, for example.
    return invalid(`${SUBJECT} could not be prepared for saving: ${messageOf(error)}.`);
  }
  if (json.length > EXPANDED_LIMIT_BYTES) {
    return invalid(
      `${SUBJECT} is ${megabytes(json.length)} of JSON, more than the ${megabytes(EXPANDED_LIMIT_BYTES)} the add-in keeps in a workbook. Remove an import you no longer need, then try again.`
    );
  }
  const compressed = gzipSync(json);
  const size = base64Length(compressed.length);
  if (size > WORKBOOK_BUDGET_BYTES) {
    return invalid(
      `${SUBJECT} would take ${megabytes(size)} in the workbook, more than the ${megabytes(WORKBOOK_BUDGET_BYTES)} the add-in keeps there. Remove an import you no longer need, then try again.`
    );
  }
  const text = toBase64(compressed);
  const count = Math.max(1, Math.ceil(text.length / PART_CHARS));
  // The version is only a label for someone who opens the part; readers take the payload's.
  const common = `xmlns="${WORKBOOK_NAMESPACE}" record="${xmlAttribute(recordId)}"`;
  const version = xmlAttribute(String(record.datasetVersion));
  const parts: string[] = [];
  for (let part = 1; part <= count; part++) {
    const chunk = text.slice((part - 1) * PART_CHARS, part * PART_CHARS);
    parts.push(
      `<?xml version="1.0" encoding="UTF-8"?><reeData ${common} part="${part}" parts="${count}" version="${version}">${chunk}</reeData>`
    );
  }
  return ok(parts);
}

/**
 * The record held by a workbook's parts (the XML of every part in this add-in's namespaces, in
 * any order): the newest complete format-2 record, else a format-1 record. Any part that cannot
 * be read, a record with a part missing, damaged content or an envelope of the wrong shape is a
 * failure with a sentence for each problem.
 */
export function decodeRecord(xmls: readonly string[]): Result<WorkbookRecord> {
  const problems: string[] = [];
  const records = new Map<string, PartsOfRecord>();
  const format1: string[] = [];
  for (const xml of xmls) {
    const part = readPart(xml);
    if (!part.ok) {
      problems.push(part.message);
      continue;
    }
    const { namespace, attributes, content } = part.value;
    if (namespace === FORMAT_1_NAMESPACE) format1.push(content);
    else if (namespace === WORKBOOK_NAMESPACE) {
      const problem = addPart(records, attributes, content);
      if (problem) problems.push(problem);
    }
    // A part in another namespace belongs to someone else: not ours to judge.
  }

  // Newest first. A complete record wins over anything unreadable beside it: such parts are
  // leftovers of a write that failed (and said so), and refusing the whole workbook over them
  // would set aside the record that is whole.
  const newestFirst = [...records.entries()].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0));
  const complete = newestFirst.find(([, record]) => !record.damaged && missingParts(record) === "");
  if (complete) return decodeFormat2(complete[1]);
  if (format1.length > 0) return decodeFormat1(format1[0]);

  for (const [, record] of newestFirst) {
    if (record.damaged) continue;
    problems.unshift(`${SUBJECT} is incomplete (${missingParts(record)}).`);
    break;
  }
  if (problems.length === 0) problems.push(`${SUBJECT} has no part this add-in can read.`);
  return refused(problems);
}

// ---------------------------------------------------------------------------------------------
// Parts

interface PartsOfRecord {
  count: number;
  chunks: Map<number, string>;
  /** Set when its parts contradict each other; its problem is already listed. */
  damaged: boolean;
}

const damagedPart = (detail: string) => `${SUBJECT} part is damaged: ${detail}.`;
const POSITIVE_WHOLE = /^[1-9]\d{0,8}$/;

/** Files one format-2 part under its record; a sentence when the part cannot be placed. */
function addPart(
  records: Map<string, PartsOfRecord>,
  attributes: Map<string, string>,
  content: string
): string | undefined {
  const id = attributes.get("record");
  const part = attributes.get("part") ?? "";
  const parts = attributes.get("parts") ?? "";
  if (!id || !POSITIVE_WHOLE.test(part) || !POSITIVE_WHOLE.test(parts))
    return damagedPart("it does not say which record and part it is");
  const number = Number(part);
  const count = Number(parts);
  if (number > count || count > MOST_PARTS)
    return damagedPart(`it says it is part ${number} of ${count}`);
  let record = records.get(id);
  if (!record) {
    record = { count, chunks: new Map(), damaged: false };
    records.set(id, record);
  }
  if (record.damaged) return undefined;
  if (record.count !== count) {
    record.damaged = true;
    return `${SUBJECT} is damaged: its parts disagree on how many there are (${record.count} and ${count}).`;
  }
  const text = content.replace(/\s+/g, "");
  const earlier = record.chunks.get(number);
  if (earlier !== undefined && earlier !== text) {
    record.damaged = true;
    return `${SUBJECT} is damaged: it has two different copies of part ${number} of ${count}.`;
  }
  record.chunks.set(number, text);
  return undefined;
}

/** "" when every part is there, else which are missing: "part 2 of 3 is missing". */
function missingParts(record: PartsOfRecord): string {
  const missing: number[] = [];
  for (let part = 1; part <= record.count; part++) if (!record.chunks.has(part)) missing.push(part);
  if (missing.length === 0) return "";
  if (missing.length === 1) return `part ${missing[0]} of ${record.count} is missing`;
  if (missing.length <= 5) {
    const listed = `${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]}`;
    return `parts ${listed} of ${record.count} are missing`;
  }
  return `${missing.length} of its ${record.count} parts are missing`;
}

interface Part {
  namespace: string | undefined;
  attributes: Map<string, string>;
  /** The element's content as written, entities not yet decoded. */
  content: string;
}

/**
 * The `reeData` element of one part: its attributes and content. Written by hand for this one
 * element, because the core runs without a DOM; it accepts what Excel may hand back for what
 * was written (an XML declaration or none, either quote, a namespace prefix, entities).
 */
function readPart(xml: string): Result<Part> {
  const start = /<(?:([A-Za-z_][\w.-]*):)?reeData(?=[\s/>])/.exec(xml);
  if (!start) return invalid(damagedPart("it has no reeData element"));
  const prefix = start[1];
  const attributes = new Map<string, string>();
  const attribute = /\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
  let position = start.index + start[0].length;
  for (;;) {
    attribute.lastIndex = position;
    const match = attribute.exec(xml);
    if (!match) break;
    attributes.set(match[1], decodeEntities(match[2] ?? match[3]));
    position = attribute.lastIndex;
  }
  const close = /\s*(\/?)>/y;
  close.lastIndex = position;
  const closing = close.exec(xml);
  if (!closing) return invalid(damagedPart("its reeData element is not well formed"));
  const namespace = attributes.get(prefix ? `xmlns:${prefix}` : "xmlns");
  if (closing[1] === "/") return ok({ namespace, attributes, content: "" });
  const contentStart = close.lastIndex;
  const end = /<\/(?:[A-Za-z_][\w.-]*:)?reeData\s*>/g;
  end.lastIndex = contentStart;
  const ending = end.exec(xml);
  if (!ending) return invalid(damagedPart("its reeData element is not closed"));
  return ok({ namespace, attributes, content: xml.slice(contentStart, ending.index) });
}

// ---------------------------------------------------------------------------------------------
// Content

function decodeFormat2(record: PartsOfRecord): Result<WorkbookRecord> {
  const chunks: string[] = [];
  for (let part = 1; part <= record.count; part++) {
    const chunk = record.chunks.get(part)!;
    const stray = /[^A-Za-z0-9+/=]/.exec(chunk);
    if (stray) {
      return invalid(
        `${SUBJECT} is damaged: part ${part} of ${record.count} has ${JSON.stringify(stray[0])}, which is not a base64 character.`
      );
    }
    chunks.push(chunk);
  }
  const bytes = fromBase64(chunks.join(""));
  if (!bytes.ok) return bytes;
  const json = gunzipChecked(bytes.value);
  if (!json.ok) return json;
  const parsed = parseJson(json.value);
  return parsed.ok ? checkEnvelope(parsed.value, 2) : parsed;
}

function decodeFormat1(content: string): Result<WorkbookRecord> {
  const open = content.indexOf("<json>");
  const close = content.lastIndexOf("</json>");
  if (open < 0 || close < open) return invalid(`${SUBJECT} part has no content.`);
  const parsed = parseJson(decodeEntities(content.slice(open + "<json>".length, close)), "part ");
  return parsed.ok ? checkEnvelope(parsed.value, 1) : parsed;
}

function parseJson(text: string, what = ""): Result<unknown> {
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    return invalid(`${SUBJECT} ${what}is damaged: ${messageOf(error)}`);
  }
}

/** How much compressed input is expanded at a time; bounds the work done past a lie (below). */
const GUNZIP_STEP = 64 * 1024;

/** Gunzips, refusing to expand past gzip's stated size and checking gzip's own checksum. */
function gunzipChecked(bytes: Uint8Array): Result<string> {
  const damaged = (detail: string) => invalid(`${SUBJECT} is damaged: ${detail}.`);
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    return damaged("its content is not gzip-compressed data");
  const trailer = bytes.length - 8;
  const expectedChecksum = readUint32(bytes, trailer);
  const expectedSize = readUint32(bytes, trailer + 4);
  if (expectedSize > EXPANDED_LIMIT_BYTES) {
    return damaged(
      `it says it expands to ${megabytes(expectedSize)}, more than the ${megabytes(EXPANDED_LIMIT_BYTES)} the add-in reads`
    );
  }
  // Expanded a step at a time into a buffer of the stated size, so that a record that lies
  // about its size (a "zip bomb") costs one step's work and memory, not gigabytes.
  const expanded = new Uint8Array(expectedSize);
  let written = 0;
  let overflow = false;
  const gunzip = new Gunzip((chunk) => {
    if (overflow || written + chunk.length > expectedSize) overflow = true;
    else {
      expanded.set(chunk, written);
      written += chunk.length;
    }
  });
  try {
    for (let at = 0; at < bytes.length && !overflow; at += GUNZIP_STEP)
      gunzip.push(bytes.subarray(at, at + GUNZIP_STEP), at + GUNZIP_STEP >= bytes.length);
  } catch (error) {
    return damaged(`its compressed data cannot be read (${messageOf(error)})`);
  }
  if (overflow) return damaged("it expands to more than it says");
  // fflate does not check the checksum; without this, a changed character could turn one
  // number into another and nobody would know.
  if (written !== expectedSize || crc32(expanded) !== expectedChecksum)
    return damaged("its compressed data does not match its checksum");
  try {
    return ok(strFromU8(expanded));
  } catch (error) {
    return damaged(`its text cannot be read (${messageOf(error)})`);
  }
}

const describe = (value: unknown): string =>
  value === null
    ? "null"
    : value === undefined
      ? "missing"
      : Array.isArray(value)
        ? "a list"
        : typeof value === "object"
          ? "an object"
          : typeof value === "string"
            ? "text"
            : `a ${typeof value}`;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The record's outer shape; what is inside base and the layers is checked where it is applied. */
function checkEnvelope(value: unknown, format: 1 | 2): Result<WorkbookRecord> {
  if (!isObject(value))
    return invalid(`${SUBJECT} is damaged: it is ${describe(value)}, not a record.`);
  const problems: string[] = [];
  if (format === 2 && value.format !== 2) {
    problems.push(
      `${SUBJECT} says it is in format ${String(JSON.stringify(value.format)).slice(0, 40)}, where format 2 was expected.`
    );
  }
  if (typeof value.datasetVersion !== "string")
    problems.push(`${SUBJECT} does not say which dataset version it holds (datasetVersion).`);
  if (typeof value.knownThrough !== "string")
    problems.push(`${SUBJECT} does not say how recent its data is (knownThrough).`);
  if (typeof value.savedAt !== "string")
    problems.push(`${SUBJECT} does not say when it was saved (savedAt).`);
  const base = value.base;
  if (!isObject(base)) problems.push(`${SUBJECT} has no base data (base is ${describe(base)}).`);
  else {
    if (!isObject(base.meta)) problems.push(`The base data in ${IN_SUBJECT} has no meta section.`);
    if (!isObject(base.tables)) problems.push(`The base data in ${IN_SUBJECT} has no tables.`);
  }
  const layers = value.layers;
  if (!Array.isArray(layers))
    problems.push(`${SUBJECT} has no list of layers (layers is ${describe(layers)}).`);
  else {
    let listed = 0;
    layers.forEach((layer, index) => {
      if (isObject(layer) || listed++ >= MAX_PROBLEMS) return;
      problems.push(
        `Layer ${index + 1} in ${IN_SUBJECT} is not a layer (it is ${describe(layer)}).`
      );
    });
    if (listed > MAX_PROBLEMS)
      problems.push(`${listed - MAX_PROBLEMS} more layers in it are not layers either.`);
  }
  if (problems.length > 0) return refused(problems);
  return ok({
    format: 2,
    datasetVersion: value.datasetVersion as string,
    knownThrough: value.knownThrough as string,
    savedAt: value.savedAt as string,
    base: base as unknown as TextDataset,
    layers: layers as unknown[],
    previous: value.previous,
    history: value.history,
  });
}

// ---------------------------------------------------------------------------------------------
// XML text

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  // As references, so that a parser's attribute normalisation does not turn them into spaces.
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/**
 * Characters XML 1.0 cannot carry at all, not even as a character reference: C0 controls other
 * than tab, newline and carriage return, U+FFFE and U+FFFF, and a surrogate without its pair.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as an attribute value that keeps the part well formed whatever the text holds. */
export function xmlAttribute(text: string): string {
  return text
    .replace(NOT_XML, "\uFFFD")
    .replace(/[&<>"'\t\n\r]/g, (character) => XML_ESCAPES[character]);
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, name: string) => {
    if (name[0] !== "#") return NAMED_ENTITIES[name] ?? whole;
    const code = name[1] === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

// ---------------------------------------------------------------------------------------------
// Base64 and CRC-32, small enough to write here: the core runs without Buffer or a DOM.

const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_CODES = strToU8(BASE64_ALPHABET);
const BASE64_VALUES = new Int8Array(128).fill(-1);
for (let index = 0; index < 64; index++) BASE64_VALUES[BASE64_ALPHABET.charCodeAt(index)] = index;
const PAD = "=".charCodeAt(0);

const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

function toBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(base64Length(bytes.length));
  let at = 0;
  let index = 0;
  for (; index + 2 < bytes.length; index += 3) {
    const triple = (bytes[index] << 16) | (bytes[index + 1] << 8) | bytes[index + 2];
    out[at++] = BASE64_CODES[triple >> 18];
    out[at++] = BASE64_CODES[(triple >> 12) & 63];
    out[at++] = BASE64_CODES[(triple >> 6) & 63];
    out[at++] = BASE64_CODES[triple & 63];
  }
  const rest = bytes.length - index;
  if (rest > 0) {
    const triple = (bytes[index] << 16) | (rest === 2 ? bytes[index + 1] << 8 : 0);
    out[at++] = BASE64_CODES[triple >> 18];
    out[at++] = BASE64_CODES[(triple >> 12) & 63];
    out[at++] = rest === 2 ? BASE64_CODES[(triple >> 6) & 63] : PAD;
    out[at++] = PAD;
  }
  // Base64 is ASCII, so reading it as Latin-1 is exact (and fflate does it in bounded chunks).
  return strFromU8(out, true);
}

function fromBase64(text: string): Result<Uint8Array> {
  const damaged = (detail: string) => invalid(`${SUBJECT} is damaged: ${detail}.`);
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  if (text.length % 4 !== 0 || text.length === 0)
    return damaged("its base64 text is cut short or has characters left over");
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let at = 0;
  for (let index = 0; index < text.length; index += 4) {
    let quad = 0;
    for (let offset = 0; offset < 4; offset++) {
      const code = text.charCodeAt(index + offset);
      const isPadding = code === PAD && index + offset >= text.length - padding;
      const value = isPadding ? 0 : code < 128 ? BASE64_VALUES[code] : -1;
      if (value < 0) return damaged("its base64 text has '=' in the middle");
      quad = (quad << 6) | value;
    }
    bytes[at++] = quad >> 16;
    if (at < bytes.length) bytes[at++] = (quad >> 8) & 255;
    if (at < bytes.length) bytes[at++] = quad & 255;
  }
  return ok(bytes);
}

const readUint32 = (bytes: Uint8Array, at: number) =>
  (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;

const CRC_TABLE = new Int32Array(256);
for (let byte = 0; byte < 256; byte++) {
  let crc = byte;
  for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  CRC_TABLE[byte] = crc;
}

/** The CRC-32 gzip stores for its content (ISO 3309). */
function crc32(bytes: Uint8Array): number {
  let crc = -1;
  for (let index = 0; index < bytes.length; index++)
    crc = CRC_TABLE[(crc ^ bytes[index]) & 255] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
