/**
 * The realistic basket of issue #11: an analyst's licensed daily prices for 19 products in 3
 * markets over 10 years of business days (19 × 3 × 2,610 = 148,770 rows, about 10 MB), as the
 * long CSV a vendor exports. Deterministic: the same seed gives the same file, byte for byte,
 * so runs compare. Products and markets are the bundled dataset's own ids, so every row resolves.
 */
import { Day, dayFromIso, isoFromDay } from "../src/core/dates";
import { TextDataset } from "../src/core/schema";

export const BASKET_COLUMNS = ["product", "market", "date", "low", "high", "unit", "source"];
export const BASKET_SOURCE = "Bench feed (synthetic)";
/** Markets a vendor quotes daily; the annual and contractual ones (USGS, DoD floor) are not. */
const BASKET_MARKETS = ["China", "FOB China", "Europe"];
const BASKET_PRODUCTS = 19;
/** A Monday, so that the business days run in whole weeks. */
const FIRST_DAY = "2016-01-04";
const DAYS_PER_WEEK = 7;
const BUSINESS_DAYS_PER_WEEK = 5;
/** 522 weeks: 10 years of business days, 2016-01-04 to 2025-12-26. */
export const BASKET_WEEKS = 522;

export interface BasketSeries {
  product: string;
  market: string;
  unit: string;
  /** Low and high on each business day, in the order of `days`. */
  lows: Float64Array;
  highs: Float64Array;
}

export interface Basket {
  /** The CSV file: a header, then one row per series per business day, day by day. */
  text: string;
  rows: number;
  days: Day[];
  series: BasketSeries[];
}

/** mulberry32: a small seeded generator, good enough for made-up prices and the same everywhere. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box-Muller), for daily log returns. */
function normal(random: () => number): number {
  const u = 1 - random(); // in (0, 1], so the logarithm is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function businessDays(weeks: number): Day[] {
  const first = dayFromIso(FIRST_DAY);
  if (!first.ok) throw new Error(first.message);
  const days: Day[] = [];
  for (let week = 0; week < weeks; week++)
    for (let weekday = 0; weekday < BUSINESS_DAYS_PER_WEEK; weekday++)
      days.push(first.value + week * DAYS_PER_WEEK + weekday);
  return days;
}

/** The dataset's first 19 product ids and its daily markets, checked to exist. */
export function basketNames(dataset: TextDataset): { products: string[]; markets: string[] } {
  const products = dataset.tables.products.rows.map((row) => row[0]).slice(0, BASKET_PRODUCTS);
  const marketIds = new Set(dataset.tables.markets.rows.map((row) => row[0]));
  const missing = BASKET_MARKETS.filter((market) => !marketIds.has(market));
  if (products.length < BASKET_PRODUCTS || missing.length > 0)
    throw new Error(
      `The dataset lacks the basket's names: ${products.length} products, markets missing: ${missing.join(", ") || "none"}.`
    );
  return { products, markets: BASKET_MARKETS };
}

/**
 * Generates the basket over `weeks` weeks of business days (10 years by default; fewer for a
 * quick run). Each series is a random walk from its own level, quoted in its market's unit with
 * a low-high spread of 1-3%, to two decimals.
 */
export function generateBasket(
  dataset: TextDataset,
  options: { seed?: number; weeks?: number } = {}
): Basket {
  const random = seededRandom(options.seed ?? 11);
  const days = businessDays(options.weeks ?? BASKET_WEEKS);
  const { products, markets } = basketNames(dataset);
  const unitOf = new Map(
    dataset.tables.markets.rows.map((row) => [
      row[0],
      row[dataset.tables.markets.columns.indexOf("unit")],
    ])
  );
  const series: BasketSeries[] = [];
  for (const product of products) {
    const usdPerKg = 10 * Math.exp(random() * Math.log(500)); // 10 to 5,000 US$/kg
    for (const market of markets) {
      const unit = unitOf.get(market)!;
      // A CNY-per-tonne market quotes about 7,000 times the US$/kg figure.
      let level = unit === "CNY/t" ? usdPerKg * 7000 : usdPerKg;
      const lows = new Float64Array(days.length);
      const highs = new Float64Array(days.length);
      for (let index = 0; index < days.length; index++) {
        level *= Math.exp(0.01 * normal(random));
        const spread = 0.01 + 0.02 * random();
        lows[index] = Math.round(level * (1 - spread / 2) * 100) / 100;
        highs[index] = Math.round(level * (1 + spread / 2) * 100) / 100;
      }
      series.push({ product, market, unit, lows, highs });
    }
  }
  const lines = [BASKET_COLUMNS.join(",")];
  for (let index = 0; index < days.length; index++) {
    const date = isoFromDay(days[index]);
    for (const { product, market, unit, lows, highs } of series)
      lines.push(
        `${product},${market},${date},${lows[index]},${highs[index]},${unit},${BASKET_SOURCE}`
      );
  }
  return {
    text: `${lines.join("\n")}\n`,
    rows: lines.length - 1,
    days,
    series,
  };
}

/** The basket's rows from `first` (0-based, after the header) for `count` rows, as a CSV file of its own. */
export function basketSlice(basket: Basket, first: number, count: number): string {
  const lines = basket.text.split("\n");
  return `${[lines[0], ...lines.slice(1 + first, 1 + first + count)].join("\n")}\n`;
}
