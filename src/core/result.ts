/**
 * Failures are values inside core. `invalid` means the caller asked something malformed
 * (Excel shows #VALUE!); `unavailable` means a valid question the data cannot answer (#N/A).
 */
export type FailureKind = "invalid" | "unavailable";

export interface Failure {
  ok: false;
  kind: FailureKind;
  message: string;
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
