import Papa from "papaparse";

/**
 * CSV and TSV text into rows of text cells, streamed in chunks so a 10 MB file never becomes
 * one array of arrays and a Cancel can stop it part way. A byte-order mark, CRLF or CR line
 * ends, quoted fields (with doubled quotes and line breaks inside) and blank lines are handled.
 * Blank lines, and lines of only separators, give no row: the row numbers a mapping's
 * `headerRow` counts are those of the rows given, while messages name each row's file line.
 */

export type Delimiter = "," | ";" | "\t";

export interface DelimitedError {
  /** The 1-based file line of the row. */
  line: number;
  message: string;
}

const DELIMITERS: readonly Delimiter[] = ["\t", ";", ","];
const SNIFF_LINES = 30;
/** Big enough that a 100 MB file is a few hundred chunks, so papaparse's chunk recursion stays shallow. */
const DEFAULT_CHUNK_SIZE = 1 << 19;
const MAX_CHUNKS = 2000;

/** How often each delimiter occurs on each line, outside quoted text. */
function countsPerLine(sample: string): Map<Delimiter, number[]> {
  const counts = new Map<Delimiter, number[]>(DELIMITERS.map((delimiter) => [delimiter, []]));
  let quoted = false;
  let line = new Map<Delimiter, number>();
  let lines = 0;
  let filled = false;
  const endLine = () => {
    if (filled)
      for (const delimiter of DELIMITERS) counts.get(delimiter)!.push(line.get(delimiter) ?? 0);
    line = new Map();
    filled = false;
    lines++;
  };
  for (let index = 0; index < sample.length && lines < SNIFF_LINES; index++) {
    const character = sample[index];
    if (character === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (character === "\n" || character === "\r") {
      if (character === "\r" && sample[index + 1] === "\n") index++;
      endLine();
    } else if (character === "," || character === ";" || character === "\t")
      line.set(character, (line.get(character) ?? 0) + 1);
    else if (character.trim() !== "") filled = true;
  }
  if (lines < SNIFF_LINES) endLine();
  return counts;
}

/**
 * The delimiter of a CSV or TSV sample: the one that splits the most lines into the same
 * number of fields (a vendor's title line has none). A `;` file from a comma-decimal locale
 * also holds commas, but in varying numbers, so `;` wins there; ties go to tab, then `;`.
 */
export function sniffDelimiter(sample: string): Delimiter {
  const counts = countsPerLine(sample.replace(/^\uFEFF/, ""));
  let best: Delimiter = ",";
  let bestLines = 0;
  let bestFields = 0;
  for (const delimiter of DELIMITERS) {
    const perLine = counts.get(delimiter)!.filter((count) => count > 0);
    const frequency = new Map<number, number>();
    for (const count of perLine) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    for (const [fields, lines] of frequency) {
      if (lines > bestLines || (lines === bestLines && fields > bestFields)) {
        best = delimiter;
        bestLines = lines;
        bestFields = fields;
      }
    }
  }
  return best;
}

function describeError(error: Papa.ParseError): string {
  switch (error.code) {
    case "MissingQuotes":
      return 'a quoted field has no closing quote (")';
    case "InvalidQuotes":
      return 'a quote (") inside a quoted field must be doubled ("")';
    default:
      return error.message;
  }
}

function isBlank(row: readonly string[]): boolean {
  for (const cell of row) if (cell.trim() !== "") return false;
  return true;
}

/** How many line breaks a row's cells hold (quoted fields may span lines). */
function breaksIn(row: readonly string[], lineBreak: string): number {
  let breaks = 0;
  for (const cell of row) {
    let from = cell.indexOf(lineBreak);
    while (from !== -1) {
      breaks++;
      from = cell.indexOf(lineBreak, from + lineBreak.length);
    }
  }
  return breaks;
}

/**
 * Parses CSV or TSV text chunk by chunk with papaparse, giving `onRows` batches of consecutive
 * file lines with the 1-based line of the batch's first row and the share of the text parsed
 * so far (0 to 1, for a progress bar); returning false from `onRows`
 * stops the parse (that is how Cancel works). Line numbers are exact, quoted line breaks
 * included: a batch ends where a blank line or a multi-line row breaks the count.
 */
export function streamDelimited(
  text: string,
  onRows: (rows: string[][], firstLine: number, parsed: number) => boolean | void,
  options: { delimiter?: Delimiter; chunkSize?: number } = {}
): { errors: DelimitedError[]; aborted: boolean; delimiter: Delimiter } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = options.delimiter ?? sniffDelimiter(body.slice(0, 65_536));
  const chunkSize = Math.max(
    options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    Math.ceil(body.length / MAX_CHUNKS),
    1024
  );
  // Without quotes no cell can hold a line break, and the count per row is one line.
  const mayHoldBreaks = body.includes('"');
  const errors: DelimitedError[] = [];
  let aborted = false;
  let nextLine = 1;
  if (body.trim() === "") return { errors, aborted, delimiter };
  Papa.parse<string[]>(body, {
    delimiter,
    chunkSize,
    skipEmptyLines: false,
    // Typing asks for it with `chunk`; everything is reported by `chunk` as it comes.
    complete: () => undefined,
    chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
      const rows = results.data;
      const lineBreak = results.meta.linebreak === "\r" ? "\r" : "\n";
      const lines = new Uint32Array(rows.length);
      const parsed = Math.min(1, results.meta.cursor / body.length);
      let batchStart = -1;
      let batchLine = 0;
      const flush = (end: number): boolean => {
        if (batchStart === -1) return true;
        const batch = batchStart === 0 && end === rows.length ? rows : rows.slice(batchStart, end);
        batchStart = -1;
        return onRows(batch, batchLine, parsed) !== false;
      };
      for (let index = 0; index < rows.length && !aborted; index++) {
        const row = rows[index];
        const line = nextLine;
        lines[index] = line;
        nextLine += 1 + (mayHoldBreaks ? breaksIn(row, lineBreak) : 0);
        if (isBlank(row)) {
          if (!flush(index)) aborted = true;
          continue;
        }
        if (batchStart === -1) {
          batchStart = index;
          batchLine = line;
        }
        if (nextLine !== line + 1 && !flush(index + 1)) aborted = true;
      }
      if (!aborted && !flush(rows.length)) aborted = true;
      for (const error of results.errors)
        errors.push({
          line: lines[Math.min(error.row ?? 0, rows.length - 1)] || nextLine,
          message: describeError(error),
        });
      if (aborted) parser.abort();
    },
  });
  return { errors, aborted, delimiter };
}

/** The first rows of a file, for the mapping preview, with the file line of each. */
export function previewDelimited(
  text: string,
  maxRows = 50
): { rows: string[][]; lines: number[]; delimiter: Delimiter; errors: DelimitedError[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  const { errors, delimiter } = streamDelimited(
    text,
    (batch, firstLine) => {
      for (const [index, row] of batch.entries()) {
        if (rows.length >= maxRows) return false;
        rows.push(row);
        lines.push(firstLine + index);
      }
      return rows.length < maxRows;
    },
    { chunkSize: 65_536 }
  );
  const last = lines[lines.length - 1] ?? 0;
  return { rows, lines, delimiter, errors: errors.filter((error) => error.line <= last) };
}
