import { Result } from "../core/result";
import { Output } from "./arguments";

/** Maps a core answer to what Excel shows: invalid input is #VALUE!, valid input without data is #N/A. */
export function toExcel(result: Result<Output> | CustomFunctions.Error, spills: boolean): Output {
  if (!("ok" in result)) return spills ? [[result]] : result; // an Excel error passed through unchanged
  if (result.ok) return result.value;
  const code =
    result.kind === "invalid"
      ? CustomFunctions.ErrorCode.invalidValue
      : CustomFunctions.ErrorCode.notAvailable;
  const error = new CustomFunctions.Error(code, result.message);
  return spills ? [[error]] : error;
}

/** Last line of defence: an exception would reach Excel as a bare #VALUE!, so it becomes one with a reason. */
export function unexpected(functionName: string, error: unknown, spills: boolean): Output {
  const message = `REE.${functionName} failed unexpectedly (${error instanceof Error ? error.message : String(error)}). Please report it.`;
  const excelError = new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, message);
  return spills ? [[excelError]] : excelError;
}
