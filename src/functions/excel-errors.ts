import { Result } from "../core/result";
import { Output } from "./arguments";

/** Error messages are kept within 255 characters, the length Excel's error menus are known to show. */
export const MAX_MESSAGE_LENGTH = 255;

function fitMessage(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH
    ? message
    : `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}

/** Maps a core answer to what Excel shows: invalid input is #VALUE!, valid input without data is #N/A. */
export function toExcel(result: Result<Output> | CustomFunctions.Error, spills: boolean): Output {
  if (!("ok" in result)) return spills ? [[result]] : result; // an Excel error passed through unchanged
  if (result.ok) return result.value;
  const code =
    result.kind === "invalid"
      ? CustomFunctions.ErrorCode.invalidValue
      : CustomFunctions.ErrorCode.notAvailable;
  const error = new CustomFunctions.Error(code, fitMessage(result.message));
  return spills ? [[error]] : error;
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
