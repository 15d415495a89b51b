/**
 * Dataset versions ("2026.11.1") in their intended order. Compared as plain text,
 * "2026.11.10" would sort before "2026.11.9" and an older release could be offered as an
 * update, so each dotted part that is a whole number is compared as a number.
 */

const WHOLE_NUMBER = /^\d+$/;

/** Compares two whole numbers written in decimal, of any length, without rounding them. */
function compareWholeNumbers(a: string, b: string): number {
  const left = a.replace(/^0+(?=\d)/, "");
  const right = b.replace(/^0+(?=\d)/, "");
  if (left.length !== right.length) return left.length - right.length;
  return left < right ? -1 : left > right ? 1 : 0;
}

function compareParts(a: string, b: string): number {
  const aIsNumber = WHOLE_NUMBER.test(a);
  const bIsNumber = WHOLE_NUMBER.test(b);
  if (aIsNumber && bIsNumber) return compareWholeNumbers(a, b);
  // A numbered release ("2026.11.1") is taken as later than a named one ("2026.11.beta"),
  // the usual reading of a pre-release label; two labels compare as text.
  if (aIsNumber !== bIsNumber) return aIsNumber ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Negative when `a` is older than `b`, positive when newer, 0 when they name the same release
 * ("2026.11.01" and "2026.11.1"). A missing part counts as 0: "2026.11" is "2026.11.0".
 */
export function compareVersions(a: string, b: string): number {
  const left = a.trim().split(".");
  const right = b.trim().split(".");
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const order = compareParts((left[index] ?? "0").trim(), (right[index] ?? "0").trim());
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

/** Whether `candidate` is a later release than `current`: only then is it offered as an update. */
export function isNewer(candidate: string, current: string): boolean {
  return compareVersions(candidate, current) > 0;
}
