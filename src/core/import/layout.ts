import { unsafeTextReason } from "../safe-text";
import {
  cellText,
  currencyOf,
  findUnit,
  splitPurity,
  tidyName,
  isEmptyCell,
  parseNumberText,
  readDateCell,
} from "./cells";
import {
  Cell,
  ColumnRole,
  DateOrder,
  LongMapping,
  Mapping,
  MappingConstants,
  WideMapping,
  WideSeries,
} from "./types";

/**
 * Guessing how a vendor's table is laid out, from its first rows: where the header is, what
 * each column holds, and whether it is long (one price per row) or wide (dates down, one series
 * per column). The guess is a proposal the user corrects in a preview, so it prefers leaving a
 * role unset (the pane then asks) to a confident wrong answer.
 */

/** How many rows the guess looks at; a vendor's title block is never longer. */
export const GUESS_ROWS = 50;

/** Header words per role, compared after `headerWords` (lower case, no unit, single spaces). */
const HEADER_WORDS: Readonly<Record<Exclude<ColumnRole, "ignore">, readonly string[]>> = {
  product: [
    "product",
    "products",
    "product name",
    "commodity",
    "commodity name",
    "description",
    "item",
    "item name",
    "material",
    "name",
    "series",
    "series name",
    "instrument",
    "price name",
    "产品",
    "品名",
    "名称",
    "产品名称",
    "商品",
    "商品名称",
    "品种",
  ],
  market: [
    "market",
    "location",
    "basis",
    "price basis",
    "market basis",
    "delivery",
    "delivery basis",
    "region",
    "origin",
    "country",
    "terms",
    "incoterm",
    "incoterms",
    "市场",
    "地区",
    "区域",
    "交货地",
    "交货地点",
  ],
  date: [
    "date",
    "assessment date",
    "as of",
    "as of date",
    "asof",
    "period",
    "price date",
    "pricing date",
    "publication date",
    "publish date",
    "published",
    "trade date",
    "value date",
    "effective date",
    "day",
    "month",
    "timestamp",
    "time",
    "date time",
    "datetime",
    "日期",
    "时间",
    "报价日期",
    "发布日期",
    "交易日期",
  ],
  low: [
    "low",
    "lo",
    "min",
    "minimum",
    "low price",
    "price low",
    "最低价",
    "最低",
    "低价",
    "最低价格",
  ],
  high: [
    "high",
    "hi",
    "max",
    "maximum",
    "high price",
    "price high",
    "最高价",
    "最高",
    "高价",
    "最高价格",
  ],
  price: [
    "price",
    "prices",
    "mid",
    "midpoint",
    "mid point",
    "mid price",
    "price mid",
    "close",
    "closing",
    "close price",
    "closing price",
    "settlement",
    "settlement price",
    "settle",
    "average",
    "avg",
    "average price",
    "avg price",
    "price average",
    "mean",
    "value",
    "last",
    "last price",
    "价格",
    "均价",
    "中间价",
    "中价",
    "收盘价",
    "平均价",
    "报价",
    "结算价",
  ],
  unit: [
    "unit",
    "units",
    "uom",
    "unit of measure",
    "unit of measurement",
    "price unit",
    "quote unit",
    "单位",
    "计价单位",
    "价格单位",
  ],
  currency: ["currency", "ccy", "cur", "curr", "币种", "货币", "币别"],
  source: [
    "source",
    "publisher",
    "provider",
    "vendor",
    "data source",
    "price source",
    "来源",
    "数据来源",
    "出处",
  ],
  note: [
    "note",
    "notes",
    "comment",
    "comments",
    "remark",
    "remarks",
    "footnote",
    "spec",
    "specification",
    "grade",
    "purity",
    "规格",
    "纯度",
    "备注",
    "说明",
    "注释",
  ],
  estimated: ["estimated", "estimate", "est", "is estimated", "估计", "估算", "预估"],
};

const ROLE_OF_WORDS: ReadonlyMap<string, ColumnRole> = new Map(
  Object.entries(HEADER_WORDS).flatMap(([role, words]) =>
    words.map((word) => [word, role as ColumnRole] as const)
  )
);

/** A header's words, without a unit or bracketed remark: "Low (USD/kg)" → "low". */
function headerWords(text: string): string {
  const normalized = text.normalize("NFKC");
  const unit = findUnit(normalized);
  const withoutUnit = unit
    ? normalized.slice(0, unit.index) + normalized.slice(unit.index + unit.length)
    : normalized;
  return withoutUnit
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .replace(/[_\-.:：,*#]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

interface HeaderReading {
  role?: ColumnRole;
  /** A price unit in the header ("Price (USD/kg)"). */
  unit?: string;
  /** A currency alone in the header ("Price (USD)"). */
  currency?: string;
}

function readHeader(cell: Cell): HeaderReading {
  const text = cellText(cell).normalize("NFKC");
  if (text === "") return {};
  const unit = findUnit(text)?.unit;
  const bracketed = /\(([^)]*)\)/.exec(text)?.[1];
  const currency = bracketed && currencyOf(bracketed) ? bracketed.trim() : undefined;
  return { role: ROLE_OF_WORDS.get(headerWords(text)), unit, currency };
}

function isNumberLike(cell: Cell, decimalComma: boolean): boolean {
  if (typeof cell === "number") return Number.isFinite(cell);
  return typeof cell === "string" && !Number.isNaN(parseNumberText(cell, decimalComma));
}

function isDateLike(cell: Cell): boolean {
  if (typeof cell === "number") return false;
  return readDateCell(cell, undefined).kind !== "invalid";
}

/** A whole number in the range of Excel's dates from 1950 on (serial 18264) or a year. */
function isSerialLike(cell: Cell): boolean {
  return (
    typeof cell === "number" &&
    Number.isInteger(cell) &&
    ((cell >= 18_264 && cell <= 2_958_465) || (cell >= 1900 && cell <= 2100))
  );
}

function nonEmptyCount(row: readonly Cell[]): number {
  let count = 0;
  for (const cell of row) if (!isEmptyCell(cell)) count++;
  return count;
}

/** A row of data rather than headers: most of its cells are numbers or dates. */
function looksLikeData(row: readonly Cell[]): boolean {
  let data = 0;
  let filled = 0;
  for (const cell of row) {
    if (isEmptyCell(cell)) continue;
    filled++;
    if (isNumberLike(cell, false) || isNumberLike(cell, true) || isDateLike(cell)) data++;
  }
  return filled > 0 && data * 2 >= filled;
}

function findHeaderRow(rows: readonly (readonly Cell[])[], vocabulary: readonly string[]): number {
  const widths = rows.map(nonEmptyCount);
  const widest = Math.max(0, ...widths);
  let best = -1;
  let bestScore = 0;
  for (let index = 0; index < Math.min(rows.length, GUESS_ROWS); index++) {
    if (widths[index] < 2 || widths[index] * 2 < widest || looksLikeData(rows[index])) continue;
    const roles = new Set<ColumnRole>();
    let named = 0;
    for (const cell of rows[index]) {
      const role = readHeader(cell).role;
      if (role) roles.add(role);
      else if (vocabulary.some((name) => findName(cellText(cell).toLowerCase(), name))) named++;
    }
    const score = roles.size * 2 + named;
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  }
  if (best >= 0) return best;
  // No recognized header: the first wide row of text followed by data.
  for (let index = 0; index < Math.min(rows.length, GUESS_ROWS); index++)
    if (widths[index] * 2 >= widest && widths[index] >= 1 && !looksLikeData(rows[index]))
      return index;
  return 0;
}

/** Numbers written with a decimal comma outnumber those with a decimal point. */
function guessDecimalComma(rows: readonly (readonly Cell[])[]): boolean {
  let comma = 0;
  let point = 0;
  for (const row of rows)
    for (const cell of row) {
      if (typeof cell !== "string") continue;
      const text = cell.trim();
      if (/^\d{1,3}(\.\d{3})+,\d+$|^\d+,(\d{1,2}|\d{4,})$/.test(text)) comma++;
      else if (/^\d{1,3}(,\d{3})+\.\d+$|^\d+\.(\d{1,2}|\d{4,})$/.test(text)) point++;
    }
  return comma > point;
}

/** The date order the cells themselves prove: a first number above 12 is a day, a second one too. */
function guessDateOrder(cells: readonly Cell[]): DateOrder | undefined {
  let dayFirst = false;
  let monthFirst = false;
  for (const cell of cells) {
    const reading = readDateCell(cell, undefined);
    if (reading.kind !== "day-month") continue;
    if (reading.dayFirst !== undefined && reading.monthFirst === undefined) dayFirst = true;
    if (reading.monthFirst !== undefined && reading.dayFirst === undefined) monthFirst = true;
  }
  return dayFirst === monthFirst ? undefined : dayFirst ? "dmy" : "mdy";
}

function column(rows: readonly (readonly Cell[])[], index: number): Cell[] {
  return rows.map((row) => row[index]).filter((cell) => !isEmptyCell(cell));
}

function mostly(cells: readonly Cell[], test: (cell: Cell) => boolean): boolean {
  if (cells.length === 0) return false;
  let passing = 0;
  for (const cell of cells) if (test(cell)) passing++;
  return passing * 5 >= cells.length * 4;
}

/**
 * Guesses the mapping of a table from its first rows (up to 50): the header row below any
 * title lines, each column's role by its header (English vendor wording and Chinese), and the
 * shape. A wide table's series headers are split into product, market and unit where the
 * vocabulary (the dataset's names) or a unit pattern recognizes them; anything else stays in
 * the product as written, for the resolver to report with a suggestion.
 */
export function guessMapping(
  rows: readonly (readonly Cell[])[],
  vocabulary: { products?: readonly string[]; markets?: readonly string[] } = {}
): Mapping {
  const sample = rows.slice(0, GUESS_ROWS);
  const products = vocabulary.products ?? [];
  const markets = vocabulary.markets ?? [];
  const headerRow = findHeaderRow(sample, products);
  const header = sample[headerRow] ?? [];
  const data = sample.slice(headerRow + 1);
  const width = Math.max(header.length, ...data.map((row) => row.length));
  const decimalComma = guessDecimalComma(data);
  const readings = Array.from({ length: width }, (_, index) => readHeader(header[index]));
  const constants: MappingConstants = {};
  const titleUnit = sample
    .slice(0, headerRow)
    .flatMap((row) => row.map((cell) => findUnit(cellText(cell))?.unit))
    .find((unit) => unit !== undefined);

  let dateColumn = readings.findIndex((reading) => reading.role === "date");
  if (dateColumn === -1)
    dateColumn = readings.findIndex(
      (reading, index) => reading.role === undefined && mostly(column(data, index), isDateLike)
    );
  // A wide range often leaves the corner cell above its dates empty; Excel gives them as serials.
  if (dateColumn === -1 && cellText(header[0]) === "" && mostly(column(data, 0), isSerialLike))
    dateColumn = 0;
  const dateOrder = dateColumn === -1 ? undefined : guessDateOrder(column(data, dateColumn));
  const shared = {
    headerRow,
    ...(dateOrder ? { dateOrder } : {}),
    ...(decimalComma ? { decimalComma } : {}),
  };

  const longRoles = new Set<ColumnRole>(["product", "low", "high", "price"]);
  const isLong = readings.some((reading) => reading.role && longRoles.has(reading.role));
  const seriesColumns = readings
    .map((reading, index) => ({ reading, index }))
    .filter(
      ({ reading, index }) =>
        index !== dateColumn &&
        reading.role === undefined &&
        cellText(header[index]) !== "" &&
        mostly(column(data, index), (cell) => isNumberLike(cell, decimalComma))
    )
    .map(({ index }) => index);

  if (!isLong && dateColumn !== -1 && seriesColumns.length > 0) {
    if (titleUnit) constants.unit = titleUnit;
    const wide: WideMapping = {
      shape: "wide",
      ...shared,
      constants,
      dateColumn,
      series: seriesColumns.map((index) =>
        splitSeriesHeader(cellText(header[index]), index, products, markets)
      ),
    };
    return wide;
  }

  const columns: ColumnRole[] = readings.map((reading) => reading.role ?? "ignore");
  if (dateColumn !== -1 && !columns.includes("date")) columns[dateColumn] = "date";
  // One column per role: the first one wins, later ones are shown as ignored for the user to swap.
  const taken = new Set<ColumnRole>();
  columns.forEach((role, index) => {
    if (role === "ignore") return;
    if (taken.has(role)) columns[index] = "ignore";
    taken.add(role);
  });
  // A mid beside a low and a high adds nothing the dataset keeps (it stores the range).
  if (taken.has("low") && taken.has("high") && taken.has("price"))
    columns[columns.indexOf("price")] = "ignore";
  if (!taken.has("unit")) {
    const priceReadings = readings.filter(
      (reading, index) =>
        columns[index] === "low" || columns[index] === "high" || columns[index] === "price"
    );
    const unit = priceReadings.find((reading) => reading.unit)?.unit ?? titleUnit;
    const currency = priceReadings.find((reading) => reading.currency)?.currency;
    if (unit) constants.unit = unit;
    else if (currency && !taken.has("currency")) constants.currency = currency;
  }
  const long: LongMapping = { shape: "long", ...shared, constants, columns };
  return long;
}

// ---------------------------------------------------------------------------------------------
// Wide series headers

/** Boundaries for a name inside a header: Latin names stand alone, Chinese ones need no spaces. */
function isWordCharacter(character: string | undefined): boolean {
  return (
    character !== undefined && /[\p{L}\p{N}]/u.test(character) && !/\p{Script=Han}/u.test(character)
  );
}

/** Where `name` stands as a whole word in lower-case `text`, or -1. */
function findName(text: string, name: string): number {
  const needle = name.toLowerCase().normalize("NFKC");
  if (needle === "") return -1;
  const hanEdges = /\p{Script=Han}/u.test(needle);
  let from = 0;
  for (;;) {
    const index = text.indexOf(needle, from);
    if (index === -1) return -1;
    const before = text[index - 1];
    const after = text[index + needle.length];
    if (hanEdges || (!isWordCharacter(before) && !isWordCharacter(after))) return index;
    from = index + 1;
  }
}

/** The longest vocabulary name found in the text, and where. */
function longestName(
  text: string,
  names: readonly string[]
): { index: number; length: number } | undefined {
  const lower = text.toLowerCase();
  let best: { index: number; length: number } | undefined;
  for (const name of names) {
    if (best && name.length <= best.length) continue;
    const index = findName(lower, name);
    if (index !== -1) best = { index, length: name.normalize("NFKC").length };
  }
  return best;
}

const FIELD_WORDS: ReadonlyMap<string, WideSeries["field"]> = new Map<string, WideSeries["field"]>([
  ["low", "low"],
  ["min", "low"],
  ["最低价", "low"],
  ["最低", "low"],
  ["high", "high"],
  ["max", "high"],
  ["最高价", "high"],
  ["最高", "high"],
  ["mid", "price"],
  ["close", "price"],
  ["average", "price"],
  ["avg", "price"],
  ["price", "price"],
  ["均价", "price"],
  ["价格", "price"],
]);

/** Delivery terms written before a market name ("exw China"): part of the market, not the product. */
const BASIS_WORDS =
  /(?:^|[\s,;(])((?:exw|ex-works|ex works|fob|cif|cfr|ddp|dap|fca|delivered)\s+)$/i;

/** The text with a span replaced by spaces, so the positions of everything else stay put. */
function blank(text: string, index: number, length: number): string {
  return `${text.slice(0, index)}${" ".repeat(length)}${text.slice(index + length)}`;
}

/**
 * Splits a series header such as "Dysprosium oxide 99.5% exw China (CNY/kg)": the unit by
 * pattern, a low/high/mid word, the market and the product by the vocabulary. A purity goes to
 * the note so it is kept; every other unrecognized word stays in the product as written.
 */
export function splitSeriesHeader(
  header: string,
  column: number,
  products: readonly string[],
  markets: readonly string[]
): WideSeries {
  let text = header.normalize("NFKC");
  const series: WideSeries = { column, product: "", field: "price" };
  const unit = findUnit(text);
  if (unit) {
    series.unit = unit.unit;
    text = blank(text, unit.index, unit.length);
  }
  const words = tidyName(text).split(" ");
  for (const edge of [words.length - 1, 0]) {
    const field = FIELD_WORDS.get(words[edge]?.toLowerCase() ?? "");
    if (field && words.length > 1) {
      series.field = field;
      words.splice(edge, 1);
      break;
    }
  }
  text = words.join(" ");
  // The product's own words are kept out of the market search: a market alias such as "export"
  // or "EU" must not be found inside a product's name.
  const product = longestName(text, products);
  const productSpan = product ? text.slice(product.index, product.index + product.length) : "";
  const searchable = product ? blank(text, product.index, product.length) : text;
  const market = longestName(searchable, markets);
  if (market) {
    let start = market.index;
    const basis = BASIS_WORDS.exec(text.slice(0, start));
    if (basis) start -= basis[1].length;
    series.market = tidyName(text.slice(start, market.index + market.length));
    text = blank(text, start, market.index + market.length - start);
  }
  const { name, purity } = splitPurity(text);
  if (purity && !productSpan.includes(purity)) {
    series.note = purity;
    series.product = name;
  } else series.product = tidyName(text);
  return series;
}

// ---------------------------------------------------------------------------------------------
// Layout signature

const MONTH_WORD = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?";
const DATE_IN_HEADER = new RegExp(
  [
    "\\d{4}[-/.年]\\d{1,2}(?:[-/.月]\\d{1,2}日?)?",
    "\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}",
    `\\d{1,2}[-\\s]?${MONTH_WORD}[-\\s,]*\\d{2,4}`,
    `${MONTH_WORD}[-\\s]\\d{1,2},?[-\\s]\\d{4}`,
    `${MONTH_WORD}[-\\s]\\d{2,4}`,
  ].join("|"),
  "gi"
);

/** FNV-1a, 32 bits: a short stable key, not a security hash. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * A key for a table's layout: its normalized header texts, with any date in them blanked, so
 * the same vendor export next month gives the same key and the pane can offer its mapping again.
 */
export function layoutSignature(rows: readonly (readonly Cell[])[], headerRow: number): string {
  const header = [...(rows[headerRow] ?? [])];
  while (header.length > 0 && cellText(header[header.length - 1]) === "") header.pop();
  const texts = header.map((cell) =>
    cellText(cell)
      .normalize("NFKC")
      .toLowerCase()
      .replace(DATE_IN_HEADER, "#")
      .replace(/\s+/g, " ")
      .trim()
  );
  return `${texts.length}-${fnv1a(texts.join("\u001f"))}`;
}

// ---------------------------------------------------------------------------------------------
// Mapping problems

const ROLE_WORDS: Readonly<Record<ColumnRole, string>> = {
  product: "product",
  market: "market",
  date: "date",
  low: "low",
  high: "high",
  price: "price",
  unit: "unit",
  currency: "currency",
  source: "source",
  note: "note",
  estimated: "estimated",
  ignore: "ignore",
};

function columnName(index: number, headers: readonly Cell[] | undefined): string {
  const text = cellText(headers?.[index]);
  return text === "" ? `column ${index + 1}` : `column ${index + 1} ('${text}')`;
}

function constantProblems(constants: MappingConstants): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(constants)) {
    if (typeof value !== "string") continue;
    const reason = unsafeTextReason(value);
    if (reason) problems.push(`The ${name} you typed, '${value.slice(0, 40)}', ${reason}.`);
  }
  return problems;
}

/**
 * Why a mapping cannot import, each as a sentence telling the user what to choose; empty when
 * it can. `columnCount` is the table's width (omit it when unknown); `headers` name the columns.
 */
export function mappingProblems(
  mapping: Mapping,
  columnCount?: number,
  headers?: readonly Cell[]
): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(mapping.headerRow) || mapping.headerRow < 0)
    problems.push("Choose the row that holds the column headers.");
  const constants = mapping.constants ?? {};
  const has = (value: string | undefined) => value !== undefined && value.trim() !== "";
  problems.push(...constantProblems(constants));
  if (mapping.shape === "long") {
    const columns = mapping.columns ?? [];
    const where = new Map<ColumnRole, number[]>();
    columns.forEach((role, index) => {
      if (role === "ignore") return;
      if (columnCount !== undefined && index >= columnCount) {
        problems.push(
          `Column ${index + 1} is mapped to ${ROLE_WORDS[role] ?? role}, but the table has only ${columnCount} columns; set it to ignore.`
        );
        return;
      }
      where.set(role, [...(where.get(role) ?? []), index]);
    });
    for (const [role, indexes] of where)
      if (indexes.length > 1)
        problems.push(
          `${indexes.length} columns are mapped to ${ROLE_WORDS[role]}: ${indexes.map((index) => columnName(index, headers)).join(" and ")}; keep one and set the others to ignore.`
        );
    const mapped = (role: ColumnRole) => where.has(role);
    if (!mapped("date")) problems.push("Choose the column that holds the dates.");
    if (!mapped("price") && !mapped("low") && !mapped("high"))
      problems.push("Choose the column that holds the price, or the low and high columns.");
    if (mapped("low") !== mapped("high"))
      problems.push(
        mapped("low")
          ? "A low needs its high: choose the high column, or map the one column as the price."
          : "A high needs its low: choose the low column, or map the one column as the price."
      );
    for (const role of ["product", "market", "source"] as const) {
      if (mapped(role) && has(constants[role]))
        problems.push(
          `The ${role} is both a column and typed ('${constants[role]}'); keep one of them.`
        );
    }
    if (!mapped("product") && !has(constants.product))
      problems.push(
        "Choose the column that holds the product, or type the product if the whole table is one."
      );
    if (!mapped("market") && !has(constants.market))
      problems.push(
        "Choose the column that holds the market, or type the market if the whole table is one (e.g. China)."
      );
    if (!mapped("source") && !has(constants.source))
      problems.push(
        "Choose the column that names the source, or type the source (e.g. 'Fastmarkets, licensed feed')."
      );
    if (!mapped("unit") && !has(constants.unit))
      problems.push("Choose the column that holds the unit, or type the unit (e.g. USD/kg).");
    if (mapped("currency") && has(constants.currency))
      problems.push(
        `The currency is both a column and typed ('${constants.currency}'); keep one of them.`
      );
    return problems;
  }
  return [...problems, ...wideProblems(mapping, columnCount, headers, has)];
}

function wideProblems(
  mapping: WideMapping,
  columnCount: number | undefined,
  headers: readonly Cell[] | undefined,
  has: (value: string | undefined) => boolean
): string[] {
  const problems: string[] = [];
  const constants = mapping.constants ?? {};
  const series = mapping.series ?? [];
  const inRange = (index: number) =>
    Number.isInteger(index) && index >= 0 && (columnCount === undefined || index < columnCount);
  if (!inRange(mapping.dateColumn))
    problems.push(
      `Choose the column that holds the dates${columnCount === undefined ? "" : ` (the table has ${columnCount} columns)`}.`
    );
  if (series.length === 0) problems.push("Choose at least one column of prices.");
  if (!has(constants.source))
    problems.push("Type the source of these prices (e.g. 'Fastmarkets, licensed feed').");
  const seen = new Map<number, number>();
  const ranges = new Map<string, Map<WideSeries["field"], string>>();
  series.forEach((entry, position) => {
    const name = columnName(entry.column, headers);
    if (!inRange(entry.column)) {
      problems.push(
        `Series ${position + 1} reads column ${entry.column + 1}, but the table has only ${columnCount} columns; remove it.`
      );
      return;
    }
    if (entry.column === mapping.dateColumn)
      problems.push(`The date column, ${name}, cannot also be a series of prices.`);
    if (seen.has(entry.column))
      problems.push(`${name} is read twice as a series; remove one of them.`);
    seen.set(entry.column, position);
    if (!has(entry.product) && !has(constants.product))
      problems.push(`Type the product of ${name}.`);
    if (!has(entry.market) && !has(constants.market))
      problems.push(`Type the market of ${name}, or one market for the whole table.`);
    if (!has(entry.unit) && !has(constants.unit))
      problems.push(`Type the unit of ${name} (e.g. USD/kg), or one unit for the whole table.`);
    for (const [label, value] of [
      ["product", entry.product],
      ["market", entry.market],
      ["unit", entry.unit],
      ["note", entry.note],
    ] as const) {
      const reason = value === undefined ? undefined : unsafeTextReason(value);
      if (reason) problems.push(`The ${label} of ${name}, '${value!.slice(0, 40)}', ${reason}.`);
    }
    const key = seriesKey(entry, constants);
    const fields = ranges.get(key) ?? new Map<WideSeries["field"], string>();
    const other = fields.get(entry.field);
    if (other !== undefined) {
      const [product, market] = key.split("\u0000");
      problems.push(
        `${other[0].toUpperCase()}${other.slice(1)} and ${name} are both the ${entry.field} of ${product} in ${market}; remove one, or give them different products or markets.`
      );
    }
    ranges.set(key, fields.set(entry.field, name));
  });
  for (const [key, fields] of ranges) {
    if (fields.has("low") !== fields.has("high")) {
      const [product, market] = key.split("\u0000");
      problems.push(
        `${product} in ${market} has a ${fields.has("low") ? "low" : "high"} column but no ${fields.has("low") ? "high" : "low"} column; add it, or read the column as the price.`
      );
    }
  }
  return problems;
}

/** Series that together make one price range: same product, market and unit. */
export function seriesKey(series: WideSeries, constants: MappingConstants): string {
  return [
    series.product.trim() || constants.product?.trim() || "",
    series.market?.trim() || constants.market?.trim() || "",
    series.unit?.trim() || constants.unit?.trim() || "",
  ].join("\u0000");
}
