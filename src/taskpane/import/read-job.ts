import { Day } from "../../core/dates";
import { streamDelimited } from "../../core/import/delimited";
import { ObservationReader } from "../../core/import/reader";
import { Cell, Mapping, RawObservations, ReadOutcome } from "../../core/import/types";

/**
 * Reading a vendor's table into observations, in steps: a file in slices of its bytes, a range
 * in blocks of rows. The same code runs in the import worker and, where no worker can start, on
 * the pane's own thread with a pause between steps, so the pane stays responsive either way.
 * No DOM and no Office here: only Blob, TextDecoder and the core reader.
 */
export type ReadSource =
  | {
      kind: "file";
      file: Blob;
      /** The delimiter the preview found: every slice is read with it, never sniffed again. */
      delimiter: "," | ";" | "\t";
    }
  | {
      kind: "rows";
      rows: Cell[][];
      /** The sheet row of rows[0], so that problems name the rows the user sees. */
      firstRow: number;
    };

export interface ReadJob {
  source: ReadSource;
  mapping: Mapping;
  today: Day;
  /** Rows the reader takes before it refuses the file (the budget left for imports). */
  maxRows: number;
  maxProblems: number;
  /** Bytes of a file per step (SLICE_BYTES unless a test asks for smaller steps). */
  sliceBytes?: number;
  /** Rows of a range per step (BLOCK_ROWS unless a test asks for smaller steps). */
  blockRows?: number;
}

export interface ReadProgress {
  /** Observations read so far. */
  rows: number;
  /** Bytes (file) or rows (range) of `total` consumed so far. */
  done: number;
  total: number;
  unit: "bytes" | "rows";
}

export interface ReadHooks {
  progress(progress: ReadProgress): void;
  /** Awaited between steps: a macrotask on the pane's thread; nothing in a worker. */
  pause(): Promise<void>;
  /** True once the user cancelled: reading stops at the next step. */
  cancelled(): boolean;
}

/** Bytes of a file read and parsed in one step: small enough to keep each step short. */
export const SLICE_BYTES = 1 << 20;
/** Rows of a range read in one step. */
export const BLOCK_ROWS = 5_000;

const NEWLINE = 10;
const QUOTE = 34;

/**
 * Cuts decoded text at record boundaries, so that a quoted field with a line break is never split
 * between two steps: a newline ends a record only outside quotes. Doubled quotes inside a quoted
 * field ("") toggle twice and so keep the state right.
 */
class RecordSplitter {
  private pending = "";
  private scanned = 0;
  private insideQuotes = false;
  private lastBoundary = 0;

  /** Adds text; returns the complete records so far (possibly ""), keeping the rest. */
  add(text: string): string {
    this.pending += text;
    const pending = this.pending;
    for (let index = this.scanned; index < pending.length; index++) {
      const code = pending.charCodeAt(index);
      if (code === QUOTE) this.insideQuotes = !this.insideQuotes;
      else if (code === NEWLINE && !this.insideQuotes) this.lastBoundary = index + 1;
    }
    const complete = pending.slice(0, this.lastBoundary);
    this.pending = pending.slice(this.lastBoundary);
    this.scanned = this.pending.length;
    this.lastBoundary = 0;
    return complete;
  }

  /** Whatever is left at the end of the file: the last record when the file has no final newline. */
  rest(): string {
    const rest = this.pending;
    this.pending = "";
    this.scanned = 0;
    return rest;
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) count++;
  return count;
}

/**
 * Reads the whole source through the mapping. Resolves undefined when cancelled. Never throws
 * on bad input: every problem is in the outcome, by line (file) or row (range) and column.
 */
export async function readSource(job: ReadJob, hooks: ReadHooks): Promise<ReadOutcome | undefined> {
  const { source, mapping } = job;
  const options = {
    today: job.today,
    maxProblems: job.maxProblems,
    maxRows: job.maxRows,
    lineLabel: source.kind === "file" ? ("Line" as const) : ("Row" as const),
  };
  if (source.kind === "rows") {
    const { rows, firstRow } = source;
    const reader = new ObservationReader(mapping, { ...options, headers: rows[mapping.headerRow] });
    const start = Math.min(rows.length, mapping.headerRow + 1);
    const blockRows = job.blockRows ?? BLOCK_ROWS;
    for (let index = start; index < rows.length; index += blockRows) {
      if (hooks.cancelled()) return undefined;
      const block = rows.slice(index, index + blockRows);
      reader.push(block, firstRow + index);
      if (reader.stopped) break;
      hooks.progress({
        rows: reader.count,
        done: index + block.length,
        total: rows.length,
        unit: "rows",
      });
      await hooks.pause();
    }
    return hooks.cancelled() ? undefined : reader.finish();
  }

  const { file, delimiter } = source;
  const headerRow = mapping.headerRow;
  // As readDelimited (what data:check and a CSV through importFile use) does it, step by step:
  // rows up to the header are skipped, blank lines do not count as rows, the header names the
  // columns, and parse errors and a missing header are reported after the rows.
  let reader: ObservationReader | undefined;
  let rowsSeen = 0;
  let sawText = false;
  const parseErrors: { line: number; message: string }[] = [];
  // A byte-order mark is dropped by the decoder; "stream" keeps a character split between two
  // slices whole.
  const decoder = new TextDecoder("utf-8");
  const splitter = new RecordSplitter();
  /** File lines before the text being parsed, so that each step's line numbers are the file's. */
  let linesBefore = 0;
  let stopped = false;
  const parse = (text: string) => {
    if (text === "" || stopped) return;
    sawText ||= text.trim() !== "";
    const { errors } = streamDelimited(
      text,
      (rows, firstLine) => {
        let skip = 0;
        if (!reader) {
          skip = Math.min(rows.length, headerRow + 1 - rowsSeen);
          if (headerRow - rowsSeen < rows.length)
            reader = new ObservationReader(mapping, {
              ...options,
              headers: rows[headerRow - rowsSeen],
            });
          rowsSeen += skip;
        }
        if (reader && skip < rows.length)
          reader.push(skip === 0 ? rows : rows.slice(skip), linesBefore + firstLine + skip);
        // Past the row limit (or with a mapping that cannot read) parsing the rest is wasted.
        stopped = reader?.stopped ?? false;
        return !stopped;
      },
      { delimiter }
    );
    for (const error of errors)
      parseErrors.push({ line: linesBefore + error.line, message: error.message });
    linesBefore += countNewlines(text);
  };

  const sliceBytes = job.sliceBytes ?? SLICE_BYTES;
  for (let offset = 0; offset < file.size && !stopped; offset += sliceBytes) {
    if (hooks.cancelled()) return undefined;
    const bytes = await file.slice(offset, offset + sliceBytes).arrayBuffer();
    const end = Math.min(file.size, offset + sliceBytes);
    parse(splitter.add(decoder.decode(bytes, { stream: end < file.size })));
    hooks.progress({ rows: reader?.count ?? 0, done: end, total: file.size, unit: "bytes" });
    await hooks.pause();
  }
  if (hooks.cancelled()) return undefined;
  parse(splitter.add(decoder.decode()) + splitter.rest());
  const finished = reader ?? new ObservationReader(mapping, options);
  if (!sawText) finished.report("The file is empty.");
  else if (rowsSeen <= headerRow && !finished.stopped)
    finished.report(
      `The file has ${rowsSeen} row${rowsSeen === 1 ? "" : "s"}, so it has no header at row ${headerRow + 1}; choose the header row.`
    );
  for (const error of parseErrors) finished.report(`Line ${error.line}: ${error.message}.`);
  return finished.finish();
}

/**
 * The buffers under the observations' typed arrays, each once: posting them as transferables
 * moves them to the pane without a copy (a buffer listed twice would make postMessage throw).
 */
export function transferablesOf(observations: RawObservations): ArrayBuffer[] {
  const arrays = [
    observations.product,
    observations.market,
    observations.unit,
    observations.source,
    observations.note,
    observations.start,
    observations.precision,
    observations.low,
    observations.high,
    observations.estimated,
    observations.line,
  ];
  const buffers = new Set<ArrayBuffer>();
  for (const array of arrays)
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer as ArrayBuffer);
  return [...buffers];
}
