import Papa from "papaparse";
import { TextTable } from "./schema";

/**
 * Reads CSV text into a table of text cells. Accepts a byte-order mark, CRLF, and the `;`
 * separator that Excel writes in locales whose decimal mark is a comma.
 */
export function parseCsv(text: string): {
  table?: TextTable;
  /** Row numbers count from 0 at the header, so a file's line is row + 1. */
  errors: { row?: number; message: string }[];
  delimiter: "," | ";";
} {
  const withoutBom = text.replace(/^\uFEFF/, "");
  const firstLine = withoutBom.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = firstLine.includes(";") && !firstLine.includes(",") ? ";" : ",";
  const parsed = Papa.parse<string[]>(withoutBom, { delimiter, skipEmptyLines: "greedy" });
  const errors = parsed.errors.map((error) => ({
    row: error.row === undefined ? undefined : error.row,
    message: error.message,
  }));
  if (parsed.data.length === 0)
    return { errors: [...errors, { message: "the file has no header row" }], delimiter };
  const [columns, ...rows] = parsed.data;
  return { table: { columns: columns.map((column) => column.trim()), rows }, errors, delimiter };
}
