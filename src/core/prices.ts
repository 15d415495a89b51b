import { Dataset, MarketRow, PriceObservation, ProductRow } from "./dataset";
import { PriceSeries } from "./price-series";
import { FxRate, ratePeriodOf, rateFor } from "./fx";
import { Day, isoFromDay, nearestPeriods } from "./dates";
import { Result, ok, unavailable } from "./result";
import { PriceUnit } from "./schema";

export interface PriceValue {
  observation: PriceObservation;
  low: number;
  high: number;
  /** The point value: the mid of the assessed low and high. */
  mid: number;
  unit: PriceUnit;
  /** The exchange rate used, when the asked currency differs from the quoted one. */
  fx?: FxRate;
}

/** The market used when none is given: the product's documented default. */
export function defaultMarket(dataset: Dataset, product: ProductRow): Result<MarketRow> {
  const market =
    product.default_market === undefined ? undefined : dataset.markets.get(product.default_market);
  if (market) return ok(market);
  return unavailable(`The dataset has no price for ${product.id} in any market.`);
}

function seriesOf(
  dataset: Dataset,
  product: ProductRow,
  market: MarketRow,
  vintage: string | undefined
): Result<PriceSeries> {
  if (vintage !== undefined) {
    const edition = dataset.priceVintageSeriesOf(product.id, market.id, vintage);
    if (edition) return ok(edition);
    const vintages = dataset.priceVintagesOf(product.id, market.id);
    return unavailable(
      vintages.length > 0
        ? `${vintage} gives no ${product.id} price in the ${market.id} market. Vintages with one: ${vintages.join(", ")}.`
        : `No ${product.id} price in the ${market.id} market has a vintage; leave vintage empty.`
    );
  }
  const series = dataset.priceSeriesOf(product.id, market.id);
  if (series) return ok(series);
  const markets = (dataset.marketsByProduct.get(product.id) ?? []).map((candidate) => candidate.id);
  return unavailable(
    markets.length > 0
      ? `No ${product.id} price in the ${market.id} market. Markets with ${product.id} prices: ${markets.join(", ")}.`
      : `The dataset has no price for ${product.id} in any market.`
  );
}

/**
 * The last assessment on or before `day` (the latest when `day` is undefined), in `unit`; from
 * the edition `vintage` where one is asked, else the newest edition of each period.
 */
export function priceOnOrBefore(
  dataset: Dataset,
  product: ProductRow,
  market: MarketRow,
  day: Day | undefined,
  unit: PriceUnit,
  vintage?: string
): Result<PriceValue> {
  const series = seriesOf(dataset, product, market, vintage);
  if (!series.ok) return series;
  const index = day === undefined ? series.value.length - 1 : series.value.lastStartedBy(day);
  const edition = vintage === undefined ? "" : ` in ${vintage}`;
  if (index < 0) {
    return unavailable(
      `No ${product.id} price for ${market.id}${edition} on or before ${isoFromDay(day!)}; the series starts ${series.value.first().period.text}.`
    );
  }
  const found = series.value.observation(index);
  if (day !== undefined && found.period.precision === "year") {
    const year = isoFromDay(day).slice(0, 4);
    if (found.period.text !== year) {
      const years = series.value
        .between(undefined, undefined)
        .filter((observation) => observation.period.precision === "year")
        .map((observation) => observation.period.text);
      return unavailable(
        `No ${product.id} ${market.id} annual average for ${year}${edition}; an annual average answers only its own year. Nearest years: ${nearestPeriods(years, year)}.`
      );
    }
  }
  return convert(dataset, found, unit);
}

/** Every assessment from `start` to `end` (inclusive, by period start), oldest first, in `unit`. */
export function priceHistory(
  dataset: Dataset,
  product: ProductRow,
  market: MarketRow,
  start: Day | undefined,
  end: Day | undefined,
  unit: PriceUnit,
  vintage?: string
): Result<PriceValue[]> {
  const series = seriesOf(dataset, product, market, vintage);
  if (!series.ok) return series;
  const chosen = series.value.between(start, end);
  if (chosen.length === 0) {
    const first = series.value.first().period.text;
    const last = series.value.last().period.text;
    return unavailable(
      `No ${product.id} price for ${market.id} between ${rangeText(start, end)}; the series runs from ${first} to ${last}.`
    );
  }
  const values: PriceValue[] = [];
  for (const observation of chosen) {
    const value = convert(dataset, observation, unit);
    if (!value.ok) return value;
    values.push(value.value);
  }
  return ok(values);
}

function rangeText(start: Day | undefined, end: Day | undefined): string {
  return `${start === undefined ? "the start" : isoFromDay(start)} and ${end === undefined ? "the end" : isoFromDay(end)}`;
}

/** Each unit's currency and mass, looked up rather than split on every formula call. */
const UNIT_PARTS: Record<PriceUnit, { currency: "USD" | "CNY"; kg: number }> = {
  "USD/kg": { currency: "USD", kg: 1 },
  "USD/t": { currency: "USD", kg: 1000 },
  "CNY/kg": { currency: "CNY", kg: 1 },
  "CNY/t": { currency: "CNY", kg: 1000 },
};

/** Converts currency with the sourced rate of the assessment's own period, and mass per kg or tonne. */
export function convert(
  dataset: Dataset,
  observation: PriceObservation,
  unit: PriceUnit
): Result<PriceValue> {
  const from = UNIT_PARTS[observation.unit];
  const to = UNIT_PARTS[unit];
  const fromCurrency = from.currency;
  const toCurrency = to.currency;
  let factor = to.kg / from.kg;
  let fx: FxRate | undefined;
  if (fromCurrency !== toCurrency) {
    const ratePeriod = ratePeriodOf(observation.period);
    const rate = rateFor(dataset, "CNY", ratePeriod);
    if (!rate.ok) {
      return unavailable(
        `${observation.product.id} in ${observation.market.id} for ${observation.period.text} is quoted in ${observation.unit}, and the dataset has no sourced CNY/USD rate for ${ratePeriod}; ask in ${fromCurrency}/kg or ${fromCurrency}/t.`
      );
    }
    fx = rate.value;
    factor *= fromCurrency === "CNY" ? 1 / fx.perUsd : fx.perUsd;
  }
  const low = observation.low * factor;
  const high = observation.high * factor;
  // Halves first: the mid of two very large figures must not overflow where they do not.
  return ok({ observation, low, high, mid: low / 2 + high / 2, unit, fx });
}
