import { Result } from "../core/result";
import { Cell, Output } from "./arguments";

/** Error messages are kept within 255 characters, the length Excel's error menus are known to show. */
export const MAX_MESSAGE_LENGTH = 255;
/** The most characters one cell holds; Excel refuses a longer text from a custom function. */
export const EXCEL_TEXT_LIMIT = 32_767;
/** Ends a text cut to the limit, so that nobody takes a cut note for the whole note. */
export const TEXT_CUT_MARKER = "… [cut at Excel's 32,767-character limit]";
/** How much of one text argument an error message repeats. */
const ARGUMENT_SHOWN_LENGTH = 40;

/** The call an answer came from, named in messages about it. */
export interface Call {
  id: string;
  args: readonly unknown[];
}

function fitMessage(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH
    ? message
    : `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}

/**
 * Maps a core answer to what Excel shows: invalid input is #VALUE!, valid input without data is
 * #N/A. Every cell of an answer passes here, so this is the one place that keeps numbers finite
 * and texts within a cell's length.
 */
export function toExcel(
  result: Result<Output> | CustomFunctions.Error,
  spills: boolean,
  call?: Call
): Output {
  if (!("ok" in result)) return spills ? [[result]] : result; // an Excel error passed through unchanged
  if (result.ok) {
    if (Array.isArray(result.value)) return fitTable(result.value, call);
    const cell = fitCell(result.value, call);
    // Excel declares a spilling function's result a matrix: one value is a table of one cell.
    return spills ? [[cell]] : cell;
  }
  const code =
    result.kind === "invalid"
      ? CustomFunctions.ErrorCode.invalidValue
      : CustomFunctions.ErrorCode.notAvailable;
  const error = new CustomFunctions.Error(code, fitMessage(result.message));
  return spills ? [[error]] : error;
}

/** Most tables have nothing to change, so a table is copied only when one of its cells must be. */
function fitTable(rows: Cell[][], call: Call | undefined): Cell[][] {
  let fitted = rows;
  for (let row = 0; row < rows.length; row++) {
    for (let column = 0; column < rows[row].length; column++) {
      const cell = rows[row][column];
      const fit = fitCell(cell, call);
      if (fit === cell) continue;
      if (fitted === rows) fitted = rows.map((cells) => [...cells]);
      fitted[row][column] = fit;
    }
  }
  return fitted;
}

function fitCell(cell: Cell, call: Call | undefined): Cell {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : overflowed(call);
  if (typeof cell === "string" && cell.length > EXCEL_TEXT_LIMIT) return cutText(cell);
  return cell;
}

/**
 * Legal but huge figures (1e308 US$/kg asked per tonne, a price over a denormal exchange rate)
 * compute to Infinity, or NaN where an infinity meets a zero; Excel would show either as a bare
 * #NUM! or a wrong number, so it is #NUM! with the reason and the call.
 */
function overflowed(call: Call | undefined): CustomFunctions.Error {
  const inputs = call ? ` Inputs: ${callText(call)}.` : "";
  return new CustomFunctions.Error(
    CustomFunctions.ErrorCode.invalidNumber,
    fitMessage(
      `The figure overflowed the largest number a cell holds (about 1.8E+308); check the unit asked for and the data's figures.${inputs}`
    )
  );
}

/** The call as the user would have typed it: REE.PRICE("Dy2O3","Europe",,"USD/t"). */
function callText(call: Call): string {
  const shown = call.args.map(argumentText);
  while (shown.length > 0 && shown[shown.length - 1] === "") shown.pop();
  return `REE.${call.id}(${shown.join(",")})`;
}

function argumentText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    const text =
      value.length > ARGUMENT_SHOWN_LENGTH
        ? `${value.slice(0, ARGUMENT_SHOWN_LENGTH - 1)}…`
        : value;
    return `"${text.replace(/"/g, '""')}"`;
  }
  if (Array.isArray(value)) return "{…}";
  return typeof value === "object" && "code" in value ? String(value.code) : "?";
}

/** Cuts a text to Excel's cell limit, the marker included, never between the halves of a character. */
export function cutText(text: string): string {
  let end = EXCEL_TEXT_LIMIT - TEXT_CUT_MARKER.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // the first half of an emoji or rare ideograph
  return `${text.slice(0, end)}${TEXT_CUT_MARKER}`;
}

/** Last line of defence: an exception would reach Excel as a bare #VALUE!, so it becomes one with a reason. */
export function unexpected(functionName: string, error: unknown, spills: boolean): Output {
  const message = `REE.${functionName} failed unexpectedly (${error instanceof Error ? error.message : String(error)}). Please report it.`;
  const excelError = new CustomFunctions.Error(
    CustomFunctions.ErrorCode.invalidValue,
    fitMessage(message)
  );
  return spills ? [[excelError]] : excelError;
}
