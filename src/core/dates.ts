import { Result, invalid, ok } from "./result";

/**
 * Dates inside core are whole days since 1970-01-01 (UTC), so comparisons are integer
 * comparisons. Excel's 1900 date system counts 1900-01-01 as serial 1 and keeps Lotus 1-2-3's
 * phantom 29 February 1900 as serial 60, so serials from 61 on are one day off a true count.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;
/** Serial of 1970-01-01 in Excel's 1900 date system. */
const SERIAL_OF_EPOCH = 25_569;
export const PHANTOM_LEAP_DAY_SERIAL = 60;
/** Excel's last valid date, 9999-12-31. */
export const MAX_SERIAL = 2_958_465;

export function dayFromParts(year: number, month: number, dayOfMonth: number): Day {
  // Date.UTC reads years 0-99 as 1900-1999, so "0099" would pass for 1999; setUTCFullYear takes
  // the year as given. Date.UTC stays for later years because it allocates nothing, and every
  // imported row's date passes through here.
  const time =
    year >= 100
      ? Date.UTC(year, month - 1, dayOfMonth)
      : new Date(0).setUTCFullYear(year, month - 1, dayOfMonth);
  return Math.floor(time / MS_PER_DAY);
}

export function partsFromDay(day: Day): { year: number; month: number; day: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function serialFromDay(day: Day): number {
  const serial = day + SERIAL_OF_EPOCH;
  // Before 1 March 1900 Excel's count has no phantom day yet.
  return serial > PHANTOM_LEAP_DAY_SERIAL ? serial : serial - 1;
}

/** Turns an Excel serial into a day. Fractions (times of day) are dropped, as Excel's INT would. */
export function dayFromSerial(serial: number): Result<Day> {
  if (!Number.isFinite(serial))
    return invalid("A date must be a finite number or an ISO date such as 2025-07-01.");
  const whole = Math.floor(serial);
  if (whole < 1 || whole > MAX_SERIAL) {
    return invalid(
      `Date serial ${serial} is outside Excel's dates (1 = 1900-01-01 to ${MAX_SERIAL} = 9999-12-31).`
    );
  }
  if (whole === PHANTOM_LEAP_DAY_SERIAL) {
    return invalid(
      "Serial 60 is Excel's 29 February 1900, a day that never existed; use 59 or 61."
    );
  }
  return ok(
    whole < PHANTOM_LEAP_DAY_SERIAL ? whole - SERIAL_OF_EPOCH + 1 : whole - SERIAL_OF_EPOCH
  );
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict ISO calendar date (YYYY-MM-DD); 2025-02-30 is rejected, not rolled over. */
export function dayFromIso(text: string): Result<Day> {
  const match = ISO_DATE.exec(text.trim());
  if (!match)
    return invalid(`'${text}' is not a date. Use an Excel date or an ISO date such as 2025-07-01.`);
  const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = dayFromParts(year, month, dayOfMonth);
  const back = partsFromDay(day);
  if (year < 1900 || back.year !== year || back.month !== month || back.day !== dayOfMonth) {
    return invalid(`'${text}' is not a valid calendar date between 1900-01-01 and 9999-12-31.`);
  }
  return ok(day);
}

export function isoFromDay(day: Day): string {
  const { year, month, day: dayOfMonth } = partsFromDay(day);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(dayOfMonth).padStart(2, "0")}`;
}

export function todayDay(now: Date = new Date()): Day {
  // The analyst's calendar day, not UTC's: a model in Tokyo at 08:00 means today there.
  return dayFromParts(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/**
 * A period is a year (2024), a month (2025-07) or a day (2025-05-06). It starts on its first
 * day; an on-or-before lookup finds the latest period that has started by the asked date.
 */
export interface Period {
  text: string;
  precision: "year" | "month" | "day";
  start: Day;
}

const PERIOD = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function parsePeriod(text: string): Result<Period> {
  const match = PERIOD.exec(text.trim());
  if (!match) return invalid(`'${text}' is not a period; use YYYY, YYYY-MM or YYYY-MM-DD.`);
  const year = Number(match[1]);
  if (match[3] !== undefined) {
    const day = dayFromIso(text);
    return day.ok ? ok({ text: text.trim(), precision: "day", start: day.value }) : day;
  }
  if (match[2] !== undefined) {
    const month = Number(match[2]);
    if (month < 1 || month > 12) return invalid(`'${text}' has no month ${month}.`);
    return ok({ text: text.trim(), precision: "month", start: dayFromParts(year, month, 1) });
  }
  return ok({ text: text.trim(), precision: "year", start: dayFromParts(year, 1, 1) });
}

/** The closest periods before and after one, from sorted period texts: "2022 and 2024". */
export function nearestPeriods(sorted: readonly string[], period: string): string {
  const before = sorted.filter((candidate) => candidate < period).pop();
  const after = sorted.find((candidate) => candidate > period);
  return [before, after].filter((value) => value !== undefined).join(" and ");
}
