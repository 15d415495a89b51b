import * as v from "valibot";
import { dayFromIso, parsePeriod } from "./dates";

/**
 * The dataset's tables, as rows of text cells: the form of the reviewed CSV files in
 * src/data, of the published dataset.json, and of a user's import. One schema checks all three.
 * Valibot, because it is small and starts fast: the add-in validates its data before the first
 * formula computes.
 */

const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const isPlainNumber = (value: string) => PLAIN_NUMBER.test(value) && Number.isFinite(Number(value));
const trimmed = v.pipe(v.string(), v.trim());
const text = v.pipe(trimmed, v.minLength(1, "is required"));
const optionalText = v.pipe(
  trimmed,
  v.transform((value) => (value === "" ? undefined : value))
);
const number = v.pipe(
  text,
  v.check(isPlainNumber, (issue) => `must be a plain number, got '${String(issue.input)}'`),
  v.transform(Number)
);
const nonNegative = v.pipe(
  number,
  v.check((value) => value >= 0, "must not be negative")
);
const optionalNumber = v.pipe(
  trimmed,
  v.check(
    (value) => value === "" || isPlainNumber(value),
    (issue) => `must be a plain number or empty, got '${String(issue.input)}'`
  ),
  v.transform((value) => (value === "" ? undefined : Number(value)))
);
const isoDate = v.pipe(
  text,
  v.check((value) => dayFromIso(value).ok, "must be an ISO date YYYY-MM-DD")
);
const optionalIsoDate = v.pipe(
  optionalText,
  v.check(
    (value) => value === undefined || dayFromIso(value).ok,
    "must be an ISO date YYYY-MM-DD or empty"
  )
);
const period = v.pipe(
  text,
  v.check((value) => parsePeriod(value).ok, "must be YYYY, YYYY-MM or YYYY-MM-DD")
);
const list = v.pipe(
  trimmed,
  v.transform((value) =>
    value === ""
      ? []
      : value
          .split("|")
          .map((item) => item.trim())
          .filter((item) => item !== "")
  )
);
const yesNo = v.pipe(
  trimmed,
  v.picklist(["yes", "no", ""], "must be yes, no or empty"),
  v.transform((value) => value === "yes")
);
/** One of a fixed set of words; the message lists them. */
const oneOf = <const T extends readonly [string, ...string[]]>(choices: T, message: string) =>
  v.pipe(trimmed, v.picklist(choices, message));
/** Empty means "no public address" and stays an empty string, so a URL is always text. */
const optionalHttps = v.pipe(
  trimmed,
  v.check(
    (value) => value === "" || /^https:\/\/[^\s]+$/.test(value),
    "must be an https:// URL or empty"
  )
);
const year = v.pipe(
  text,
  v.check((value) => /^\d{4}$/.test(value), "must be a four-digit year"),
  v.transform(Number)
);
const share = v.pipe(
  number,
  v.check((value) => value >= 0 && value <= 1, "must be a fraction from 0 to 1")
);

export const PRICE_UNITS = ["USD/kg", "USD/t", "CNY/kg", "CNY/t"] as const;
export const FX_CURRENCIES = ["CNY", "EUR"] as const;
export type FxCurrency = (typeof FX_CURRENCIES)[number];
const positiveOrEmpty = v.pipe(
  optionalNumber,
  v.check((value) => value === undefined || value > 0, "must be positive or empty")
);
export type PriceUnit = (typeof PRICE_UNITS)[number];

export const tableSchemas = {
  sources: v.object({
    id: text,
    publisher: text,
    title: text,
    // A user's own source may have no public address; the bundled data must (validate's strict mode).
    url: optionalHttps,
    published: period,
    note: optionalText,
  }),
  atomic_weights: v.object({
    symbol: text,
    atomic_weight: nonNegative,
    source: text,
    note: optionalText,
  }),
  elements: v.object({
    symbol: text,
    z: number,
    name: text,
    name_zh: text,
    class_usgs: oneOf(["light", "heavy", "neither"], "must be light, heavy or neither"),
    class_mofcom: oneOf(["medium-heavy", ""], "must be medium-heavy or empty"),
    main_oxide: optionalText,
    aliases: list,
    source: text,
  }),
  products: v.object({
    id: text,
    formula: optionalText,
    kind: oneOf(["oxide", "metal", "alloy"], "must be oxide, metal or alloy"),
    elements: v.pipe(
      list,
      v.check((items) => items.length > 0, "needs at least one element")
    ),
    spec: optionalText,
    name: text,
    name_zh: text,
    default_market: optionalText,
    metal_content: v.pipe(
      optionalNumber,
      v.check(
        (value) => value === undefined || (value > 0 && value <= 1),
        "must be a fraction from 0 to 1"
      )
    ),
    aliases: list,
    source: text,
  }),
  countries: v.object({
    id: text,
    iso2: v.pipe(
      optionalText,
      v.check(
        (value) => value === undefined || /^[A-Z]{2}$/.test(value),
        "must be two capital letters"
      )
    ),
    iso3: v.pipe(
      optionalText,
      v.check(
        (value) => value === undefined || /^[A-Z]{3}$/.test(value),
        "must be three capital letters"
      )
    ),
    name: text,
    name_zh: text,
    kind: oneOf(["country", "aggregate"], "must be country or aggregate"),
    aliases: list,
  }),
  stages: v.object({
    id: text,
    name: text,
    name_zh: text,
    measure: oneOf(["tonnes", "share"], "must be tonnes or share"),
    aliases: list,
    /** Why a stage's series stops, where a source says (quota volumes no longer published). */
    note: optionalText,
  }),
  markets: v.object({
    id: text,
    name: text,
    name_zh: text,
    basis: text,
    currency: oneOf(["USD", "CNY"], "must be USD or CNY"),
    unit: oneOf(PRICE_UNITS, `must be one of ${PRICE_UNITS.join(", ")}`),
    vat_included: yesNo,
    aliases: list,
    source: text,
  }),
  prices: v.object({
    product: text,
    market: text,
    period,
    low: nonNegative,
    high: nonNegative,
    unit: oneOf(PRICE_UNITS, `must be one of ${PRICE_UNITS.join(", ")}`),
    estimated: yesNo,
    /** The edition that gave the figure (USGS "MCS2019"); a revised edition is a new row. */
    vintage: optionalText,
    source: text,
    note: optionalText,
  }),
  fx: v.pipe(
    v.object({
      period,
      currency: oneOf(FX_CURRENCIES, `must be one of ${FX_CURRENCIES.join(", ")}`),
      // As the publisher quotes it: the Federal Reserve gives CNY per US dollar but US dollars per euro.
      per_usd: positiveOrEmpty,
      usd_per: positiveOrEmpty,
      source: text,
      note: optionalText,
    }),
    v.check(
      (row) => (row.per_usd === undefined) !== (row.usd_per === undefined),
      "needs exactly one of per_usd and usd_per"
    )
  ),
  trade_products: v.object({
    id: text,
    name: text,
    name_zh: text,
    basis: text,
    aliases: list,
    source: text,
  }),
  trade: v.object({
    product: text,
    exporter: text,
    importer: text,
    period: v.pipe(
      text,
      v.check((value) => /^\d{4}(-\d{2})?$/.test(value), "must be YYYY or YYYY-MM")
    ),
    tonnes: nonNegative,
    source: text,
    note: optionalText,
  }),
  events: v.object({
    date: isoDate,
    country: text,
    event: text,
    value: optionalNumber,
    unit: optionalText,
    source: text,
    note: optionalText,
  }),
  volumes: v.object({
    country: text,
    stage: text,
    year,
    tonnes: nonNegative,
    qualifier: oneOf([">", ""], "must be > or empty"),
    estimated: yesNo,
    vintage: text,
    source: text,
    note: optionalText,
  }),
  shares: v.object({
    country: text,
    stage: text,
    year,
    group: optionalText,
    share,
    vintage: optionalText,
    source: text,
    note: optionalText,
  }),
  controls: v.object({
    id: text,
    regime: text,
    authority: text,
    number: text,
    title: text,
    kind: oneOf(
      [
        "export-licence",
        "quota",
        "technology",
        "extraterritorial",
        "other-materials",
        "suspension",
        "end-user",
        "entity-list",
      ],
      "must be export-licence, quota, technology, extraterritorial, other-materials, suspension, end-user or entity-list"
    ),
    announced: optionalIsoDate,
    effective: isoDate,
    ended: optionalIsoDate,
    elements: list,
    scope: text,
    source: text,
    note: optionalText,
  }),
  suspensions: v.object({
    measure: text,
    from: isoDate,
    until: optionalIsoDate,
    by: text,
    source: text,
    note: optionalText,
  }),
};

export type TableName = keyof typeof tableSchemas;

/**
 * Tables and columns added after the first published dataset. A dataset without them (a workbook
 * saved with older data, an older dataset.json) still loads: a missing one is read as empty.
 */
export const OPTIONAL_TABLES: readonly TableName[] = ["trade_products", "trade", "events"];
export const OPTIONAL_COLUMNS: Partial<Record<TableName, readonly string[]>> = {
  prices: ["vintage"],
  shares: ["vintage"],
  stages: ["note"],
  fx: ["usd_per"],
};
export const TABLE_NAMES = Object.keys(tableSchemas) as TableName[];
export type Rows = { [T in TableName]: v.InferOutput<(typeof tableSchemas)[T]>[] };
export type Row<T extends TableName> = Rows[T][number];

export const metaSchema = v.object({
  version: text,
  knownThrough: isoDate,
  controlsKnownFrom: isoDate,
  licence: text,
});
export type Meta = v.InferOutput<typeof metaSchema>;

/** A table as text: a header and rows of cells, exactly as in a CSV file. */
export interface TextTable {
  columns: string[];
  rows: string[][];
}

/**
 * What changed in the data against the previous published version (src/core/changelog.ts): the
 * table REE.DATAINFO("changes") spills, headers first. Optional: a dataset built without an
 * earlier release to compare with, or saved by an older add-in, has none.
 */
export interface DatasetChanges {
  from: string;
  to: string;
  rows: string[][];
}

export const changesSchema = v.object({
  from: text,
  to: text,
  rows: v.pipe(
    v.array(v.array(v.string("must be text")), "must be a list of rows of text"),
    v.check((rows) => rows.length > 0, "needs at least the header row"),
    v.check(
      (rows) => rows.every((row) => row.length === rows[0].length),
      "every row needs as many cells as the header row"
    )
  ),
});

/** The interchange form of a whole dataset: build output, dataset.json and JSON imports. */
export interface TextDataset {
  meta: Record<string, unknown>;
  tables: Record<string, TextTable>;
  changes?: DatasetChanges;
}
