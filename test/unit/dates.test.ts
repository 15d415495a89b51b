import {
  dayFromIso,
  dayFromSerial,
  isoFromDay,
  parsePeriod,
  serialFromDay,
} from "../../src/core/dates";

const isoOfSerial = (serial: number) => {
  const day = dayFromSerial(serial);
  return day.ok ? isoFromDay(day.value) : day;
};
const serialOfIso = (iso: string) => {
  const day = dayFromIso(iso);
  if (!day.ok) throw new Error(day.message);
  return serialFromDay(day.value);
};

describe("Excel serial dates (1900 date system)", () => {
  test.each([
    [1, "1900-01-01"],
    [59, "1900-02-28"],
    [61, "1900-03-01"],
    [25569, "1970-01-01"],
    [45658, "2025-01-01"],
    [45751, "2025-04-04"],
    [45839, "2025-07-01"],
    [2958465, "9999-12-31"],
  ])("serial %d is %s and back", (serial, iso) => {
    expect(isoOfSerial(serial)).toBe(iso);
    expect(serialOfIso(iso)).toBe(serial);
  });

  test("serial 60 is Excel's phantom 29 February 1900 and is refused with a reason", () => {
    expect(dayFromSerial(60)).toEqual({
      ok: false,
      kind: "invalid",
      message: expect.stringContaining("29 February 1900"),
    });
  });

  test("a time of day is dropped, as INT would", () => {
    expect(isoOfSerial(45839.75)).toBe("2025-07-01");
  });

  test.each([0, -1, 2958466, NaN, Infinity])("serial %p is outside Excel's dates", (serial) => {
    const day = dayFromSerial(serial);
    expect(day.ok).toBe(false);
  });
});

describe("ISO dates", () => {
  test("leap days exist only in leap years", () => {
    expect(dayFromIso("2024-02-29").ok).toBe(true);
    expect(dayFromIso("2025-02-29")).toMatchObject({
      ok: false,
      message: expect.stringContaining("not a valid calendar date"),
    });
  });

  test.each(["2025-13-01", "2025-7-1", "01/07/2025", "yesterday", "", "1899-12-31"])(
    "'%s' is refused",
    (text) => {
      expect(dayFromIso(text).ok).toBe(false);
    }
  );
});

describe("periods", () => {
  test("a year, a month and a day each start on their first day", () => {
    expect(parsePeriod("2024")).toMatchObject({
      ok: true,
      value: { precision: "year", start: dayFromIsoValue("2024-01-01") },
    });
    expect(parsePeriod("2025-07")).toMatchObject({
      ok: true,
      value: { precision: "month", start: dayFromIsoValue("2025-07-01") },
    });
    expect(parsePeriod("2025-05-06")).toMatchObject({
      ok: true,
      value: { precision: "day", start: dayFromIsoValue("2025-05-06") },
    });
    expect(parsePeriod("2025-13").ok).toBe(false);
  });
});

function dayFromIsoValue(iso: string): number {
  const day = dayFromIso(iso);
  if (!day.ok) throw new Error(day.message);
  return day.value;
}
