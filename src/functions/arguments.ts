import { Dataset } from "../core/dataset";
import {
  Day,
  dayFromIso,
  dayFromParts,
  dayFromSerial,
  isoFromDay,
  partsFromDay,
} from "../core/dates";
import { NameIndex } from "../core/names";
import { Failure, Result, invalid, ok } from "../core/result";

/**
 * The one argument layer: each custom function declares its parameters as data, and `run`
 * coerces them, applies defaults, rejects ranges and wrong types, and maps core failures to
 * Excel errors. Function bodies then only ask the core.
 */
export type Scalar = number | string | boolean;
export type Cell = Scalar | CustomFunctions.Error;
export type Output = Cell | Cell[][];

/** `N` keeps the declared name as a type, so callers can pass arguments by name (the pane's formula builder). */
export interface Parameter<T, N extends string = string> {
  name: N;
  parse(value: Scalar, dataset: Dataset): Result<T>;
  /** The allowed words, for keyword parameters. */
  choices?: readonly string[];
}

/** Optional parameters arrive as null (or an empty string from an empty cell) and mean "default". */
export interface OptionalParameter<T, N extends string = string> extends Parameter<T, N> {
  optional: true;
}

export function optional<T, N extends string>(parameter: Parameter<T, N>): OptionalParameter<T, N> {
  return { ...parameter, optional: true };
}

/** What a function body receives for a parameter list: each parsed type, undefined where optional and left out. */
export type Values<P> = {
  [K in keyof P]: P[K] extends OptionalParameter<infer T>
    ? T | undefined
    : P[K] extends Parameter<infer T>
      ? T
      : never;
};

function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  // Only text that starts with white space can be blank; skip the trim for everything else.
  return (
    typeof value === "string" &&
    (value.length === 0 || (value.charCodeAt(0) <= 32 && value.trim() === ""))
  );
}

function isExcelError(value: unknown): value is CustomFunctions.Error {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    "code" in value &&
    typeof (value as { code: unknown }).code === "string"
  );
}

/** Parses Excel's arguments against a declaration; the first problem wins, named by parameter. */
export function parseArguments<P extends Parameter<unknown>[]>(
  dataset: Dataset,
  parameters: [...P],
  args: unknown[]
): Result<Values<P>> | CustomFunctions.Error {
  const values: unknown[] = [];
  for (let index = 0; index < parameters.length; index++) {
    const parameter = parameters[index];
    const value = args[index];
    if (isExcelError(value)) return value; // Excel's rule: an error going in comes out unchanged.
    if (Array.isArray(value))
      return invalid(`${parameter.name} expects one value, not a range or array.`);
    if (isMissing(value)) {
      if ("optional" in parameter) {
        values.push(undefined);
        continue;
      }
      return invalid(`${parameter.name} is required.`);
    }
    if (typeof value !== "number" && typeof value !== "string" && typeof value !== "boolean") {
      return invalid(`${parameter.name} must be a number, text or TRUE/FALSE.`);
    }
    const parsed = parameter.parse(value, dataset);
    if (!parsed.ok) return parsed;
    values.push(parsed.value);
  }
  return ok(values as Values<P>);
}

// Parameter kinds ---------------------------------------------------------------------------

function text(name: string, value: Scalar): Result<string> {
  return typeof value === "string"
    ? ok(value)
    : invalid(
        `${name} must be text, got ${typeof value === "number" ? value : String(value).toUpperCase()}.`
      );
}

/** A name resolved through one of the dataset's name indexes. */
export function named<T, N extends string>(
  name: N,
  index: (dataset: Dataset) => NameIndex<T>
): Parameter<T, N> {
  return {
    name,
    parse: (value, dataset) => {
      const input = text(name, value);
      return input.ok ? index(dataset).resolve(input.value) : input;
    },
  };
}

/** A keyword from a fixed list (a field, a property, a list kind), case-insensitive. */
export function keyword<K extends string, N extends string>(
  name: N,
  choices: readonly K[]
): Parameter<K, N> {
  const index = new NameIndex(
    name,
    choices.map((choice) => ({ value: choice, display: choice, names: [choice] })),
    `Choices: ${choices.join(", ")}.`
  );
  return {
    name,
    choices,
    parse: (value) =>
      typeof value === "string"
        ? index.resolve(value)
        : invalid(`${name} must be one of ${choices.join(", ")}.`),
  };
}

/**
 * A property asked of a card function (ELEMENT, PRODUCT, COUNTRY): one of its own words, or any
 * property name on its card ("Price", "China mining share"), which only the card can check.
 */
export type PropertyChoice<K extends string> =
  | { keyword: K }
  | { name: string; /** What to say if the card has no such property either. */ unknown: Failure };

export function property<K extends string, N extends string>(
  name: N,
  choices: readonly K[]
): Parameter<PropertyChoice<K>, N> {
  const words = keyword(name, choices);
  return {
    name,
    choices,
    parse: (value, dataset) => {
      const word = words.parse(value, dataset);
      if (word.ok) return ok({ keyword: word.value });
      return typeof value === "string" ? ok({ name: value, unknown: word }) : word;
    },
  };
}

/** A sheet repeats the same few date strings thousands of times: each is parsed once, up to this many. */
const DATE_TEXT_CACHE_LIMIT = 5_000;

/** Whole numbers in this range, typed where a date belongs, mean a year (2024), not a day in 1905. */
const YEAR_AS_DATE = { first: 1900, last: 2100 } as const;

/** Excel's dates run from 1900 to 9999, so a year outside them is a mistake, not a search of the data. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 9999;
const YEAR_TEXT = /^\s*\d{4}\s*$/;

function isYearNumber(value: Scalar): value is number {
  return (
    typeof value === "number" &&
    Number.isInteger(value) &&
    value >= YEAR_AS_DATE.first &&
    value <= YEAR_AS_DATE.last
  );
}

function beforeFirstYear(name: string, text: string): Failure {
  return invalid(`${name} '${text.trim()}' is before ${FIRST_YEAR}, where Excel's dates begin.`);
}

/** A year typed as text ("2024"); undefined if the text is not four digits. */
function yearOfText(name: string, text: string): Result<number> | undefined {
  if (!YEAR_TEXT.test(text)) return undefined;
  const year = Number(text);
  return year >= FIRST_YEAR ? ok(year) : beforeFirstYear(name, text);
}

/** The year a date argument names, if it names one: 2024, or the text "2024" (from 1900 on). */
export function yearNamed(value: Scalar): number | undefined {
  if (isYearNumber(value)) return value;
  if (typeof value !== "string") return undefined;
  const year = yearOfText("date", value);
  return year?.ok ? year.value : undefined;
}

/**
 * A date: an Excel serial, an ISO date, or a year (2024 or "2024"). A year means its last day, so
 * an annual series answers that year and a finer one its last assessment in the year; for the start
 * of a range (`yearMeans` "start") it means the year's first day.
 */
export function date<N extends string>(
  name: N,
  yearMeans: "start" | "end" = "end"
): Parameter<Day, N> {
  const parsedText = new Map<string, Result<Day>>();
  const yearDay = (year: number) =>
    ok(yearMeans === "start" ? dayFromParts(year, 1, 1) : dayFromParts(year, 12, 31));
  return {
    name,
    parse: (value) => {
      if (typeof value === "number")
        return isYearNumber(value) ? yearDay(value) : dayFromSerial(value);
      if (typeof value === "string") {
        let parsed = parsedText.get(value);
        if (!parsed) {
          if (parsedText.size >= DATE_TEXT_CACHE_LIMIT) parsedText.clear();
          const year = yearOfText(name, value);
          parsed = year === undefined ? dayFromIso(value) : year.ok ? yearDay(year.value) : year;
          parsedText.set(value, parsed);
        }
        return parsed;
      }
      return invalid(
        `${name} must be a date (an Excel date or an ISO date such as 2025-07-01), not TRUE/FALSE.`
      );
    },
  };
}

/** A period of a monthly or annual series: "2025-08", a year (2025), or any date in the month. */
export function period<N extends string>(name: N): Parameter<string, N> {
  return {
    name,
    parse: (value) => {
      if (typeof value === "boolean")
        return invalid(
          `${name} must be a month such as "2025-08", a year or a date, not TRUE/FALSE.`
        );
      if (isYearNumber(value)) return ok(String(value));
      if (typeof value === "string" && /^\s*\d{4}(-\d{2})?\s*$/.test(value)) {
        const text = value.trim();
        if (Number(text.slice(0, 4)) < FIRST_YEAR) return beforeFirstYear(name, text);
        const month = text.length === 7 ? Number(text.slice(5)) : 1;
        return month >= 1 && month <= 12
          ? ok(text)
          : invalid(`${name} '${text}' is not a month; months run from 01 to 12.`);
      }
      const day = typeof value === "number" ? dayFromSerial(value) : dayFromIso(value);
      if (!day.ok)
        return invalid(
          `${name} must be a month such as "2025-08", a year or a date; ${day.message}`
        );
      return ok(isoFromDay(day.value).slice(0, 7));
    },
  };
}

/** A year as a number (2024), as text ("2024"), or as any date in that year. */
export function year<N extends string>(name: N): Parameter<number, N> {
  return {
    name,
    parse: (value) => {
      if (typeof value === "boolean")
        return invalid(`${name} must be a year such as 2024 or a date, not TRUE/FALSE.`);
      if (typeof value === "string") {
        const named = yearOfText(name, value);
        if (named) return named;
      }
      if (
        typeof value === "number" &&
        Number.isInteger(value) &&
        value >= FIRST_YEAR &&
        value <= LAST_YEAR
      )
        return ok(value);
      const day = typeof value === "number" ? dayFromSerial(value) : dayFromIso(value);
      if (!day.ok) return invalid(`${name} must be a year such as 2024 or a date; ${day.message}`);
      return ok(partsFromDay(day.value).year);
    },
  };
}

/** A TRUE/FALSE or 0/1 switch. */
export function flag<N extends string>(name: N): Parameter<boolean, N> {
  return {
    name,
    parse: (value) => {
      if (typeof value === "boolean") return ok(value);
      if (value === 0 || value === 1) return ok(value === 1);
      return invalid(`${name} must be 0 or 1 (or FALSE/TRUE), got ${JSON.stringify(value)}.`);
    },
  };
}

/** A finite number, or text that reads as one ("1.5"), as Excel's own arithmetic accepts. */
export function number<N extends string>(name: N): Parameter<number, N> {
  return {
    name,
    parse: (value) => {
      const parsed =
        typeof value === "number"
          ? value
          : typeof value === "string" && value.trim() !== ""
            ? Number(value)
            : NaN;
      return Number.isFinite(parsed)
        ? ok(parsed)
        : invalid(
            `${name} must be a number, got ${typeof value === "string" ? `'${value.slice(0, 40)}'` : String(value).toUpperCase()}.`
          );
    },
  };
}
