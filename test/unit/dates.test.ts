import {
  dayFromIso,
  dayFromParts,
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

describe("years 0000-0099 are those years, never 1900-1999", () => {
  const firstExcelDay = dayFromParts(1900, 1, 1);

  test.each([
    [0, "0000-01-01"],
    [50, "0050-01-01"],
    [99, "0099-01-01"],
  ])("year %d is %s", (year, iso) => {
    expect(isoFromDay(dayFromParts(year, 1, 1))).toBe(iso);
  });

  test("a day rolls over into the next year, even from year 99 to year 100", () => {
    expect(isoFromDay(dayFromParts(99, 12, 32))).toBe("0100-01-01");
  });

  test.each(["0099", "0050-06", "0000"])(
    "the period '%s' starts in its own year, before 1900, where every importer refuses it",
    (text) => {
      const period = parsePeriod(text);
      if (!period.ok) throw new Error(period.message);
      expect(isoFromDay(period.value.start)).toBe(
        text.length === 4 ? `${text}-01-01` : `${text}-01`
      );
      expect(period.value.start).toBeLessThan(firstExcelDay);
    }
  );

  test.each(["0050-01-01", "0099-12-31", "0000-02-29"])(
    "the date '%s' is refused as outside Excel's dates",
    (text) => {
      expect(dayFromIso(text)).toEqual({
        ok: false,
        kind: "invalid",
        message: `'${text}' is not a valid calendar date between 1900-01-01 and 9999-12-31.`,
      });
    }
  );
});

function dayFromIsoValue(iso: string): number {
  const day = dayFromIso(iso);
  if (!day.ok) throw new Error(day.message);
  return day.value;
}
