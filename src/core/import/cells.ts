import { Day, dayFromSerial } from "../dates";
import { Cell, DateOrder, PRECISION_CODES } from "./types";

/**
 * Reading one cell of a vendor's table: a date, a price, a unit. Shared by the layout guess
 * (which looks at a few rows) and the reader (which reads them all), so both see a cell alike.
 */

/** A cell that holds nothing: empty, or the placeholders vendors and Excel write for "no price". */
export function isEmptyCell(cell: Cell): boolean {
  if (cell === null || cell === undefined || cell === "") return true;
  if (typeof cell !== "string") return false;
  // Most cells of a large file are numbers: no trimming or lower-casing for them.
  const first = cell.charCodeAt(0);
  if (first >= 48 && first <= 57) return false;
  const text = cell.trim();
  if (text.length > 4) return false;
  switch (text.toLowerCase()) {
    case "":
    case "-":
    case "--":
    case "–":
    case "—":
    case "n/a":
    case "na":
    case "#n/a":
      return true;
    default:
      return false;
  }
}

/** The text of a cell as a user typed it, for messages and names. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  return typeof cell === "string" ? cell.trim() : String(cell);
}

/** A cell's text cut to a length a message can quote. */
export function quoted(cell: Cell): string {
  const text = cellText(cell);
  return `'${text.length > 40 ? `${text.slice(0, 37)}...` : text}'`;
}

// ---------------------------------------------------------------------------------------------
// Numbers

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_DOT = 46;
const CODE_COMMA = 44;

function isSpaceCode(code: number): boolean {
  // Space, tab, no-break space, narrow no-break space, thin space: all used as digit groupers.
  return code === 32 || code === 9 || code === 0xa0 || code === 0x202f || code === 0x2009;
}

const GROUPED_POINT = /^\d{1,3}(?:[, \u00a0\u202f\u2009']\d{3})+(?:\.\d+)?$/;
const GROUPED_COMMA = /^\d{1,3}(?:[. \u00a0\u202f\u2009']\d{3})+(?:,\d+)?$/;
const PLAIN_POINT = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const PLAIN_COMMA = /^(?:\d+,?\d*|,\d+)$/;
/** Currency marks a vendor may put on a price; the unit, not the cell, says the currency. */
const CURRENCY_MARKS = /^(?:US\$|\$|¥|￥|USD|CNY|RMB)\s*|\s*(?:元|USD|CNY|RMB)$/gi;

/**
 * A price written as text: "1234.5", "12,345.5", "$1,234", or with `decimalComma` " 1 234,5 "
 * and "1.234,5". Digit groups must be of three, so "1,5" is not read as 15. NaN when the text
 * is not a number; a negative number comes back negative for the caller to refuse by name.
 */
export function parseNumberText(text: string, decimalComma: boolean): number {
  let start = 0;
  let end = text.length;
  while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  if (start === end) return NaN;
  // Fast path, the shape of nearly every cell in a large file: digits and one decimal mark.
  const mark = decimalComma ? CODE_COMMA : CODE_DOT;
  let marks = 0;
  let position = start;
  for (; position < end; position++) {
    const code = text.charCodeAt(position);
    if (code >= CODE_0 && code <= CODE_9) continue;
    if (code === mark && marks === 0) {
      marks++;
      continue;
    }
    break;
  }
  if (position === end && !(marks === 1 && end - start === 1)) {
    const plain = start === 0 && end === text.length ? text : text.slice(start, end);
    return Number(marks === 1 && decimalComma ? plain.replace(",", ".") : plain);
  }
  return parseUnusualNumber(text.slice(start, end), decimalComma);
}

function parseUnusualNumber(text: string, decimalComma: boolean): number {
  let body = text.replace(CURRENCY_MARKS, "");
  let sign = 1;
  if (body.startsWith("-") || body.startsWith("\u2212")) {
    sign = -1;
    body = body.slice(1).trim();
  }
  if (decimalComma) {
    if (PLAIN_COMMA.test(body)) return sign * Number(body.replace(",", "."));
    if (GROUPED_COMMA.test(body))
      return sign * Number(body.replace(/[. \u00a0\u202f\u2009']/g, "").replace(",", "."));
    return NaN;
  }
  if (PLAIN_POINT.test(body)) return sign * Number(body);
  if (GROUPED_POINT.test(body)) return sign * Number(body.replace(/[, \u00a0\u202f\u2009']/g, ""));
  return NaN;
}

/** Above this a figure per kg or per tonne is not a price but a slip (a date or an id read as one). */
export const LARGEST_PRICE = 1e12;

/** A price cell read: a number, or why it is not a price, as the end of a sentence. */
export function readPriceCell(cell: Cell, decimalComma: boolean): number | string {
  let value: number;
  if (typeof cell === "number") value = cell;
  else if (typeof cell === "string") value = parseNumberText(cell, decimalComma);
  else value = NaN;
  if (value >= 0 && value <= LARGEST_PRICE) return value;
  if (Number.isNaN(value)) {
    if (typeof cell === "number") return `${quoted(cell)} is not a number`;
    const hint = decimalComma ? "a number such as 1234,5" : "a number such as 1234.5";
    const commaHint =
      !decimalComma && typeof cell === "string" && /\d,\d{1,2}$/.test(cell.trim())
        ? "; if the file writes decimal commas, choose decimal comma"
        : "";
    return `${quoted(cell)} is not ${hint}${commaHint}`;
  }
  if (!Number.isFinite(value)) return `${quoted(cell)} is not a finite number`;
  if (value < 0) return `${quoted(cell)} is negative; a price cannot be below zero`;
  return `${quoted(cell)} is not a price: it is over 1,000,000,000,000 per unit`;
}

// ---------------------------------------------------------------------------------------------
// Dates

export type Precision = (typeof PRECISION_CODES)[keyof typeof PRECISION_CODES];

/** A date cell read on its own, before the reader checks it against today. */
export type DateReading =
  | { kind: "date"; start: Day; precision: Precision; text: string }
  /**
   * A day/month text such as 03/04/2025 with no date order chosen: each reading that is a real
   * date. When only one is, the text itself says the order (13/04/2025 is day first).
   */
  | { kind: "day-month"; dayFirst?: Day; monthFirst?: Day; text: string }
  | { kind: "invalid"; reason: string };

const MONTH_NAMES = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

function monthFromName(name: string): number | undefined {
  const lower = name.toLowerCase().replace(/\.$/, "");
  if (lower.length < 3) return undefined;
  if (lower === "sept") return 9;
  const index = MONTH_NAMES.findIndex(
    (month) => month === lower || (lower.length === 3 && month.startsWith(lower))
  );
  return index === -1 ? undefined : index + 1;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date, in integer arithmetic (H. Hinnant's
 * days_from_civil). Not Date.UTC, which reads years 0 to 99 as 1900 to 1999.
 */
function daysFromCivil(year: number, month: number, dayOfMonth: number): Day {
  const shifted = month <= 2 ? year - 1 : year;
  const era = Math.floor(shifted / 400);
  const yearOfEra = shifted - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + dayOfMonth - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export const MONTH_WORDS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A calendar date checked field by field, or why it is not one. */
function calendarDate(
  text: string,
  year: number,
  month: number,
  dayOfMonth: number | undefined
): DateReading {
  if (month < 1 || month > 12)
    return { kind: "invalid", reason: `${quoted(text)} is not a date: there is no month ${month}` };
  if (year < 1900) return { kind: "invalid", reason: `${quoted(text)} is before 1900` };
  if (dayOfMonth === undefined)
    return { kind: "date", start: daysFromCivil(year, month, 1), precision: 1, text };
  const length = daysInMonth(year, month);
  if (dayOfMonth < 1 || dayOfMonth > length)
    return {
      kind: "invalid",
      reason: `${quoted(text)} is not a date: ${MONTH_WORDS[month - 1]} ${year} has ${length} days`,
    };
  return { kind: "date", start: daysFromCivil(year, month, dayOfMonth), precision: 0, text };
}

function yearDate(text: string, year: number): DateReading {
  if (year < 1900) return { kind: "invalid", reason: `${quoted(text)} is before 1900` };
  return { kind: "date", start: daysFromCivil(year, 1, 1), precision: 2, text };
}

const NOT_A_DATE_HINT =
  "use YYYY-MM-DD (or YYYY-MM, YYYY for monthly and annual figures), or an Excel date";

const TIME_OF_DAY =
  /(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[ap]\.?m\.?)?(?:Z|[+-]\d{2}:?\d{2})?)$/i;
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$/;
const YEAR_LAST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const TWO_DIGIT_YEAR = /^(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2}|[a-z]{3,9}\.?[-\s/]\d{2})$/i;
const DAY_MONTH_NAME_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?[-\s/.]+([a-z]{3,9}\.?)[-\s/.,]+(\d{4})$/i;
const MONTH_NAME_DAY_YEAR = /^([a-z]{3,9}\.?)[-\s/.]+(\d{1,2})(?:st|nd|rd|th)?,?[-\s/.]+(\d{4})$/i;
const MONTH_NAME_YEAR = /^([a-z]{3,9}\.?)[-\s/.,]+(\d{4})$/i;
const YEAR_MONTH_NAME = /^(\d{4})[-\s/.]+([a-z]{3,9}\.?)$/i;
const CHINESE_DATE = /^(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?)?$/;

/**
 * A date written as text, in the forms vendors export: ISO (with or without a time), YYYY/MM/DD,
 * YYYY-MM, YYYY, 15-Jan-2025, 15 Jan 2025, Jan 15, 2025, Jan 2025, 2025年1月15日, 20250115,
 * and d/m/y or m/d/y by `order`. A five-digit number is an Excel serial, as a General-formatted
 * date column saves to CSV.
 */
export function readDateText(raw: string, order: DateOrder | undefined): DateReading {
  const text = raw.trim();
  const notADate: DateReading = {
    kind: "invalid",
    reason: `${quoted(raw)} is not a date; ${NOT_A_DATE_HINT}`,
  };
  if (text === "") return { kind: "invalid", reason: "the date is empty" };
  if (/^\d+$/.test(text)) {
    if (text.length === 4) return yearDate(raw, Number(text));
    if (text.length === 5) return readDateNumber(Number(text));
    if (text.length === 8)
      return calendarDate(
        raw,
        Number(text.slice(0, 4)),
        Number(text.slice(4, 6)),
        Number(text.slice(6, 8))
      );
    return notADate;
  }
  const body = text.replace(TIME_OF_DAY, "");
  let match = YEAR_FIRST.exec(body);
  if (match)
    return calendarDate(
      raw,
      Number(match[1]),
      Number(match[2]),
      match[3] === undefined ? undefined : Number(match[3])
    );
  match = YEAR_LAST.exec(body);
  if (match) return dayMonthDate(raw, Number(match[1]), Number(match[2]), Number(match[3]), order);
  match = DAY_MONTH_NAME_YEAR.exec(body);
  if (match) {
    const month = monthFromName(match[2]);
    return month === undefined
      ? notADate
      : calendarDate(raw, Number(match[3]), month, Number(match[1]));
  }
  match = MONTH_NAME_DAY_YEAR.exec(body);
  if (match) {
    const month = monthFromName(match[1]);
    return month === undefined
      ? notADate
      : calendarDate(raw, Number(match[3]), month, Number(match[2]));
  }
  match = MONTH_NAME_YEAR.exec(body);
  if (match) {
    const month = monthFromName(match[1]);
    return month === undefined ? notADate : calendarDate(raw, Number(match[2]), month, undefined);
  }
  match = YEAR_MONTH_NAME.exec(body);
  if (match) {
    const month = monthFromName(match[2]);
    return month === undefined ? notADate : calendarDate(raw, Number(match[1]), month, undefined);
  }
  match = CHINESE_DATE.exec(body);
  if (match) {
    if (match[2] === undefined) return yearDate(raw, Number(match[1]));
    return calendarDate(
      raw,
      Number(match[1]),
      Number(match[2]),
      match[3] === undefined ? undefined : Number(match[3])
    );
  }
  if (TWO_DIGIT_YEAR.test(body))
    return {
      kind: "invalid",
      reason: `${quoted(raw)} has a two-digit year; write the year in full (2025) so the century is clear`,
    };
  return notADate;
}

function dayMonthDate(
  raw: string,
  first: number,
  second: number,
  year: number,
  order: DateOrder | undefined
): DateReading {
  if (order === "dmy") return calendarDate(raw, year, second, first);
  if (order === "mdy") return calendarDate(raw, year, first, second);
  if (order === "ymd")
    return {
      kind: "invalid",
      reason: `${quoted(raw)} ends with the year, but the date order chosen is year/month/day`,
    };
  const dayFirst = calendarDate(raw, year, second, first);
  const monthFirst = calendarDate(raw, year, first, second);
  if (dayFirst.kind !== "date" && monthFirst.kind !== "date") {
    if (year < 1900) return { kind: "invalid", reason: `${quoted(raw)} is before 1900` };
    return { kind: "invalid", reason: `${quoted(raw)} is not a date; ${NOT_A_DATE_HINT}` };
  }
  if (dayFirst.kind === "date" && monthFirst.kind === "date" && dayFirst.start === monthFirst.start)
    return dayFirst;
  return {
    kind: "day-month",
    dayFirst: dayFirst.kind === "date" ? dayFirst.start : undefined,
    monthFirst: monthFirst.kind === "date" ? monthFirst.start : undefined,
    text: raw,
  };
}

/** A number in a date column: a whole number 1900 to 2100 is that year, anything else an Excel serial. */
export function readDateNumber(value: number): DateReading {
  if (Number.isInteger(value) && value >= 1900 && value <= 2100)
    return { kind: "date", start: daysFromCivil(value, 1, 1), precision: 2, text: String(value) };
  const day = dayFromSerial(value);
  if (!day.ok)
    return {
      kind: "invalid",
      reason: `${quoted(value)} is not a date: ${day.message.replace(/\.$/, "")}`,
    };
  return { kind: "date", start: day.value, precision: 0, text: String(value) };
}

export function readDateCell(cell: Cell, order: DateOrder | undefined): DateReading {
  if (typeof cell === "number") return readDateNumber(cell);
  if (typeof cell === "string") return readDateText(cell, order);
  if (cell === null || cell === undefined) return { kind: "invalid", reason: "the date is empty" };
  return { kind: "invalid", reason: `${quoted(cell)} is not a date; ${NOT_A_DATE_HINT}` };
}

// ---------------------------------------------------------------------------------------------
// Units

export type Currency = "USD" | "CNY";
export type Mass = "kg" | "t";

const CURRENCY_WORDS: ReadonlyMap<string, Currency> = new Map<string, Currency>([
  ["$", "USD"],
  ["us$", "USD"],
  ["usd", "USD"],
  ["us dollar", "USD"],
  ["us dollars", "USD"],
  ["美元", "USD"],
  ["cny", "CNY"],
  ["rmb", "CNY"],
  ["yuan", "CNY"],
  ["元", "CNY"],
  ["人民币", "CNY"],
  ["人民币元", "CNY"],
]);

/** Masses whose meaning is certain; "ton" alone is left out, as it may be a short ton. */
const MASS_WORDS: ReadonlyMap<string, Mass> = new Map<string, Mass>([
  ["kg", "kg"],
  ["kgs", "kg"],
  ["kilo", "kg"],
  ["kilogram", "kg"],
  ["kilograms", "kg"],
  ["公斤", "kg"],
  ["千克", "kg"],
  ["t", "t"],
  ["mt", "t"],
  ["tonne", "t"],
  ["tonnes", "t"],
  ["metric ton", "t"],
  ["metric tons", "t"],
  ["metric tonne", "t"],
  ["metric tonnes", "t"],
  ["吨", "t"],
]);

function unitWords(text: string): string {
  return text.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
}

export function currencyOf(text: string): Currency | undefined {
  return CURRENCY_WORDS.get(unitWords(text));
}

export function massOf(text: string): Mass | undefined {
  return MASS_WORDS.get(unitWords(text));
}

/** "US$/mt", "RMB per tonne", "元/吨" → the canonical unit ("USD/t", "CNY/t"); undefined if unknown. */
export function canonicalUnit(text: string): string | undefined {
  const words = unitWords(text);
  const split = /\s*(?:\/|\bper\b|每)\s*/.exec(words);
  if (!split) return undefined;
  const currency = CURRENCY_WORDS.get(words.slice(0, split.index));
  const mass = MASS_WORDS.get(words.slice(split.index + split[0].length));
  return currency && mass ? `${currency}/${mass}` : undefined;
}

/** The unit a cell and a currency give, or why they cannot make one, as the end of a sentence. */
export function combineUnit(
  unitText: string,
  currencyText: string
): { unit: string } | { problem: string } {
  const canonical = canonicalUnit(unitText);
  if (canonical) {
    const currency = currencyText === "" ? undefined : currencyOf(currencyText);
    if (currency && !canonical.startsWith(currency))
      return {
        problem: `${quoted(unitText)} is in ${canonical.slice(0, 3)}, but the currency is ${quoted(currencyText)}`,
      };
    return { unit: canonical };
  }
  const mass = massOf(unitText);
  if (mass) {
    if (currencyText === "")
      return {
        problem: `${quoted(unitText)} is a mass without a currency; choose the currency column or type the currency (e.g. USD)`,
      };
    const currency = currencyOf(currencyText);
    return { unit: currency ? `${currency}/${mass}` : `${currencyText}/${unitText}` };
  }
  if (unitText === "") {
    if (currencyText !== "")
      return {
        problem: `the currency is ${quoted(currencyText)} but the unit is empty; give the mass (kg or t)`,
      };
    return { problem: "the unit is empty; give it, e.g. USD/kg" };
  }
  // Not a unit this reader knows: kept as written, for the resolver to name and suggest.
  return { unit: unitText };
}

const CURRENCY_PATTERN = "us\\$|\\$|usd|cny|rmb|yuan|元|美元|人民币";
const MASS_PATTERN = "kgs?|kilograms?|公斤|千克|metric\\s+tonnes?|metric\\s+tons?|tonnes?|mt|t|吨";
const UNIT_IN_TEXT = new RegExp(
  `(?<![\\p{L}\\p{N}$])(?:${CURRENCY_PATTERN})\\s*(?:/|\\bper\\b|每)\\s*(?:${MASS_PATTERN})(?![\\p{L}\\p{N}])`,
  "iu"
);

/** A unit written inside a header or a title ("Price (USD/kg)", "单位：元/吨"), and where. */
export function findUnit(
  text: string
): { unit: string; index: number; length: number } | undefined {
  const match = UNIT_IN_TEXT.exec(text.normalize("NFKC"));
  if (!match) return undefined;
  const unit = canonicalUnit(match[0]);
  return unit ? { unit, index: match.index, length: match[0].length } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Names

const PURITY =
  /(?<![\p{L}\p{N}.])((?:≥\s?)?\d{1,3}(?:\.\d+)?\s?%(?:\s?min(?:imum)?\.?)?)(?![\p{L}\p{N}])/iu;

/** A name with a removed part: spaces and separators left at its edges or doubled are dropped. */
export function tidyName(text: string): string {
  return text
    .replace(/\(\s*\)|\[\s*\]/g, " ")
    .replace(/\s*([,;])(?:\s*[,;])+/g, "$1")
    .replace(/\s+/g, " ")
    .replace(/^[\s,;:|/\-–]+|[\s,;:|/\-–]+$/g, "")
    .trim();
}

/**
 * A purity written in a product's name ("Dysprosium oxide 99.5% min"): vendors put the grade
 * there, the dataset names the product without it. The purity is kept for the note.
 */
export function splitPurity(text: string): { name: string; purity?: string } {
  const match = PURITY.exec(text);
  if (!match) return { name: text };
  const name = tidyName(
    `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`
  );
  return name === "" ? { name: text } : { name, purity: match[1].trim() };
}
