/**
 * Failures are values inside core. `invalid` means the caller asked something malformed
 * (Excel shows #VALUE!); `unavailable` means a valid question the data cannot answer (#N/A).
 */
export type FailureKind = "invalid" | "unavailable";

export interface Failure {
  ok: false;
  kind: FailureKind;
  message: string;
  /** Every problem found, where a whole change was checked at once (an import, an update). */
  problems?: readonly string[];
}

export interface Success<T> {
  ok: true;
  value: T;
}

export type Result<T> = Success<T> | Failure;

export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function invalid(message: string): Failure {
  return { ok: false, kind: "invalid", message };
}

export function unavailable(message: string): Failure {
  return { ok: false, kind: "unavailable", message };
}

/** A whole change refused (an import, an update, a workbook's data), with every problem found. */
export function refused(problems: readonly string[]): Failure {
  return { ok: false, kind: "invalid", message: problems.join("\n"), problems };
}

/** The problems a failure lists: each one, or its message as the only one. */
export function problemsOf(failure: Failure): readonly string[] {
  return failure.problems ?? [failure.message];
}
