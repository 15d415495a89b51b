import { Dataset, MarketRow, ProductRow } from "./dataset";
import { Day, Period, dayFromParts, isoFromDay, partsFromDay } from "./dates";
import { PriceValue, priceOnOrBefore } from "./prices";
import { Result, invalid, ok, unavailable } from "./result";
import { PriceUnit } from "./schema";

/**
 * Two markets' prices for one product, compared on one date and in one unit: the ex-China
 * premium (Europe over China) of 2025 is the ratio of a CIF Rotterdam price to a Chinese domestic
 * one. Each side is the last assessment on or before the date, converted by PRICE's rules.
 */
export interface Spread {
  product: ProductRow;
  market: MarketRow;
  versus: MarketRow;
  /** The price in `market` and in `versus`, both in `unit`. */
  price: PriceValue;
  versusPrice: PriceValue;
  unit: PriceUnit;
  /** price ÷ versus price. */
  ratio: number;
  /** price − versus price, in `unit`. */
  difference: number;
  /** The older of the two assessments' dates (period starts). */
  older: Day;
  /** The date both prices are on or before, and whether the caller gave it. */
  asOf?: Day;
  dateGiven: boolean;
}

const PRECISION_ORDER = { day: 0, month: 1, year: 2 } as const;
const PRECISION_WORD = { day: "a day", month: "a month", year: "a year" } as const;

/** The first day after a period's length has passed from `day` (a month from 31 January is 28 February). */
function onePeriodAfter(day: Day, precision: Period["precision"]): Day {
  if (precision === "day") return day + 1;
  const parts = partsFromDay(day);
  const year = parts.year + (precision === "year" ? 1 : parts.month === 12 ? 1 : 0);
  const month = precision === "year" ? parts.month : (parts.month % 12) + 1;
  const lastDay = partsFromDay(dayFromParts(year, month + 1, 1) - 1).day;
  return dayFromParts(year, month, Math.min(parts.day, lastDay));
}

/** The last day of a period: the day itself, a month's last day, or 31 December. */
function periodEnd(period: Period): Day {
  if (period.precision === "day") return period.start;
  const parts = partsFromDay(period.start);
  return period.precision === "month"
    ? dayFromParts(parts.year, parts.month + 1, 1) - 1
    : dayFromParts(parts.year + 1, 1, 1) - 1;
}

/**
 * The spread of a product between two markets on a date (default: the latest date both series
 * cover, the earlier of their last periods' ends). Refused when the two assessments are further
 * apart than the coarser one's period: a daily price a week older than the other is not a spread.
 */
export function spread(
  dataset: Dataset,
  product: ProductRow,
  market: MarketRow,
  versus: MarketRow,
  day: Day | undefined,
  unit: PriceUnit
): Result<Spread> {
  if (market.id === versus.id)
    return invalid(`market and versus are both ${market.id}; name two different markets.`);
  let asOf = day;
  if (asOf === undefined) {
    const ends = [market, versus].map((which) => {
      const series = dataset.priceSeriesOf(product.id, which.id);
      return series ? periodEnd(series.last().period) : undefined;
    });
    if (ends[0] !== undefined && ends[1] !== undefined) asOf = Math.min(ends[0], ends[1]);
  }
  const price = priceOnOrBefore(dataset, product, market, asOf, unit);
  if (!price.ok) return price;
  const versusPrice = priceOnOrBefore(dataset, product, versus, asOf, unit);
  if (!versusPrice.ok) return versusPrice;
  const periods = [price.value.observation.period, versusPrice.value.observation.period];
  const coarser =
    PRECISION_ORDER[periods[0].precision] >= PRECISION_ORDER[periods[1].precision]
      ? periods[0].precision
      : periods[1].precision;
  const older = Math.min(periods[0].start, periods[1].start);
  const newer = Math.max(periods[0].start, periods[1].start);
  if (newer > onePeriodAfter(older, coarser))
    return unavailable(
      `The ${product.id} assessments are too far apart to compare: ${market.id} ${periods[0].text}, ${versus.id} ${periods[1].text}, ${newer - older} days, more than ${PRECISION_WORD[coarser]}. Pick a date when both were assessed within ${PRECISION_WORD[coarser]} of each other.`
    );
  if (versusPrice.value.mid === 0)
    return unavailable(
      `The ${versus.id} ${product.id} price for ${periods[1].text} is zero, so there is no ratio.`
    );
  return ok({
    product,
    market,
    versus,
    price: price.value,
    versusPrice: versusPrice.value,
    unit,
    ratio: price.value.mid / versusPrice.value.mid,
    difference: price.value.mid - versusPrice.value.mid,
    older,
    asOf,
    dateGiven: day !== undefined,
  });
}

/** Both assessments, their units and any currency conversion, as sentences. */
export function spreadNote(answer: Spread): string[] {
  const side = (market: MarketRow, price: PriceValue) => {
    const { observation, fx } = price;
    const converted =
      observation.unit === price.unit
        ? ""
        : fx
          ? `, quoted in ${observation.unit} and converted at ${fx.perUsd} CNY per USD (${fx.row.period.length === 4 ? "annual" : "monthly"} average for ${fx.row.period})`
          : `, quoted in ${observation.unit}`;
    return `${market.id} ${observation.period.text}: ${round(price.mid)} ${price.unit}${converted}${observation.estimated ? ", estimated" : ""}.`;
  };
  return [
    side(answer.market, answer.price),
    side(answer.versus, answer.versusPrice),
    `Ratio ${round(answer.ratio)}; difference ${round(answer.difference)} ${answer.unit} (${answer.market.id} minus ${answer.versus.id}).`,
    answer.asOf === undefined
      ? ""
      : `Each the last assessment on or before ${isoFromDay(answer.asOf)}${answer.dateGiven ? "" : ", the latest date both series cover"}.`,
  ].filter((sentence) => sentence !== "");
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}
