import { compareVersions, isNewer } from "../../src/core/versions";

describe("dataset versions in release order", () => {
  test.each([
    ["2026.11.10", "2026.11.9"],
    ["2026.12.1", "2026.11.30"],
    ["2027.1.1", "2026.12.31"],
    ["2026.11.1", "2026.11"],
    ["2026.11.1", "2026.11.beta"],
    ["2026.11.rc", "2026.11.beta"],
    ["12345678901234567890.1", "12345678901234567889.1"],
  ])("%s is newer than %s", (later, earlier) => {
    expect(compareVersions(later, earlier)).toBe(1);
    expect(compareVersions(earlier, later)).toBe(-1);
    expect(isNewer(later, earlier)).toBe(true);
  });

  test.each([
    ["2026.11.1", "2026.11.1"],
    ["2026.11.01", "2026.11.1"],
    ["2026.11", "2026.11.0"],
    [" 2026.11.1 ", "2026.11.1"],
  ])("%s and %s are the same release", (a, b) => {
    expect(compareVersions(a, b)).toBe(0);
    expect(isNewer(a, b)).toBe(false);
  });

  test("a lower published version is never an update, even where text order says otherwise", () => {
    // As text, "2026.11.9" sorts after "2026.11.10"; as a release it comes before it.
    expect("2026.11.9" > "2026.11.10").toBe(true);
    expect(isNewer("2026.11.9", "2026.11.10")).toBe(false);
    expect(isNewer("2026.01.1", "2026.11.1")).toBe(false);
    expect(isNewer("2025.12.31", "2026.1.1")).toBe(false);
  });
});
