import { z } from "zod";
import { dayFromIso, parsePeriod } from "./dates";

// Each schema checks a few hundred rows once per load: compiling fast paths with new Function
// costs more than it saves, and the pane's content security policy forbids it anyway.
z.config({ jitless: true });

/**
 * The dataset's tables, as rows of text cells: the form of the reviewed CSV files in
 * src/data, of the published dataset.json, and of a user's import. One schema checks all three.
 */

const text = z.string().trim().min(1, "is required");
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value));
const number = text.transform((value, context) => {
  const parsed = Number(value);
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value) || !Number.isFinite(parsed)) {
    context.addIssue({ code: "custom", message: `must be a plain number, got '${value}'` });
    return z.NEVER;
  }
  return parsed;
});
const nonNegative = number.refine((value) => value >= 0, "must not be negative");
const optionalNumber = z
  .string()
  .trim()
  .pipe(z.union([z.literal("").transform(() => undefined), number]));
const isoDate = text.refine((value) => dayFromIso(value).ok, "must be an ISO date YYYY-MM-DD");
const optionalIsoDate = optionalText.refine(
  (value) => value === undefined || dayFromIso(value).ok,
  "must be an ISO date YYYY-MM-DD or empty"
);
const period = text.refine((value) => parsePeriod(value).ok, "must be YYYY, YYYY-MM or YYYY-MM-DD");
const list = z
  .string()
  .trim()
  .transform((value) =>
    value === ""
      ? []
      : value
          .split("|")
          .map((item) => item.trim())
          .filter((item) => item !== "")
  );
const yesNo = z
  .string()
  .trim()
  .pipe(z.enum(["yes", "no", ""], { message: "must be yes, no or empty" }))
  .transform((value) => value === "yes");
/** Empty means "no public address" and stays an empty string, so a URL is always text. */
const optionalHttps = z
  .string()
  .trim()
  .refine(
    (value) => value === "" || /^https:\/\/[^\s]+$/.test(value),
    "must be an https:// URL or empty"
  );
const year = text
  .refine((value) => /^\d{4}$/.test(value), "must be a four-digit year")
  .transform(Number);
const share = number.refine((value) => value >= 0 && value <= 1, "must be a fraction from 0 to 1");

export const PRICE_UNITS = ["USD/kg", "USD/t", "CNY/kg", "CNY/t"] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

export const tableSchemas = {
  sources: z.object({
    id: text,
    publisher: text,
    title: text,
    // A user's own source may have no public address; the bundled data must (validate's strict mode).
    url: optionalHttps,
    published: period,
    note: optionalText,
  }),
  atomic_weights: z.object({
    symbol: text,
    atomic_weight: nonNegative,
    source: text,
    note: optionalText,
  }),
  elements: z.object({
    symbol: text,
    z: number,
    name: text,
    name_zh: text,
    class_usgs: z.enum(["light", "heavy", "neither"], {
      message: "must be light, heavy or neither",
    }),
    class_mofcom: z
      .string()
      .trim()
      .pipe(z.enum(["medium-heavy", ""], { message: "must be medium-heavy or empty" })),
    main_oxide: optionalText,
    aliases: list,
    source: text,
  }),
  products: z.object({
    id: text,
    formula: optionalText,
    kind: z.enum(["oxide", "metal", "alloy"], { message: "must be oxide, metal or alloy" }),
    elements: list.refine((items) => items.length > 0, "needs at least one element"),
    spec: optionalText,
    name: text,
    name_zh: text,
    default_market: optionalText,
    metal_content: optionalNumber.refine(
      (value) => value === undefined || (value > 0 && value <= 1),
      "must be a fraction from 0 to 1"
    ),
    aliases: list,
    source: text,
  }),
  countries: z.object({
    id: text,
    iso2: optionalText.refine(
      (value) => value === undefined || /^[A-Z]{2}$/.test(value),
      "must be two capital letters"
    ),
    iso3: optionalText.refine(
      (value) => value === undefined || /^[A-Z]{3}$/.test(value),
      "must be three capital letters"
    ),
    name: text,
    name_zh: text,
    kind: z.enum(["country", "aggregate"], { message: "must be country or aggregate" }),
    aliases: list,
  }),
  stages: z.object({
    id: text,
    name: text,
    name_zh: text,
    measure: z.enum(["tonnes", "share"], { message: "must be tonnes or share" }),
    aliases: list,
  }),
  markets: z.object({
    id: text,
    name: text,
    name_zh: text,
    basis: text,
    currency: z.enum(["USD", "CNY"], { message: "must be USD or CNY" }),
    unit: z.enum(PRICE_UNITS, { message: `must be one of ${PRICE_UNITS.join(", ")}` }),
    vat_included: yesNo,
    aliases: list,
    source: text,
  }),
  prices: z.object({
    product: text,
    market: text,
    period,
    low: nonNegative,
    high: nonNegative,
    unit: z.enum(PRICE_UNITS, { message: `must be one of ${PRICE_UNITS.join(", ")}` }),
    estimated: yesNo,
    source: text,
    note: optionalText,
  }),
  fx: z.object({
    period,
    currency: z.literal("CNY", { message: "must be CNY" }),
    per_usd: number.refine((value) => value > 0, "must be positive"),
    source: text,
    note: optionalText,
  }),
  volumes: z.object({
    country: text,
    stage: text,
    year,
    tonnes: nonNegative,
    qualifier: z
      .string()
      .trim()
      .pipe(z.enum([">", ""], { message: "must be > or empty" })),
    estimated: yesNo,
    vintage: text,
    source: text,
    note: optionalText,
  }),
  shares: z.object({
    country: text,
    stage: text,
    year,
    group: optionalText,
    share,
    source: text,
    note: optionalText,
  }),
  controls: z.object({
    id: text,
    regime: text,
    authority: text,
    number: text,
    title: text,
    kind: z.enum(
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
      {
        message:
          "must be export-licence, quota, technology, extraterritorial, other-materials, suspension, end-user or entity-list",
      }
    ),
    announced: optionalIsoDate,
    effective: isoDate,
    ended: optionalIsoDate,
    elements: list,
    scope: text,
    source: text,
    note: optionalText,
  }),
  suspensions: z.object({
    measure: text,
    from: isoDate,
    until: optionalIsoDate,
    by: text,
    source: text,
    note: optionalText,
  }),
};

export type TableName = keyof typeof tableSchemas;
export const TABLE_NAMES = Object.keys(tableSchemas) as TableName[];
export type Rows = { [T in TableName]: z.output<(typeof tableSchemas)[T]>[] };
export type Row<T extends TableName> = Rows[T][number];

export const metaSchema = z.object({
  version: text,
  knownThrough: isoDate,
  controlsKnownFrom: isoDate,
  licence: text,
});
export type Meta = z.output<typeof metaSchema>;

/** A table as text: a header and rows of cells, exactly as in a CSV file. */
export interface TextTable {
  columns: string[];
  rows: string[][];
}

/** The interchange form of a whole dataset: build output, dataset.json and JSON imports. */
export interface TextDataset {
  meta: Record<string, unknown>;
  tables: Record<string, TextTable>;
}
