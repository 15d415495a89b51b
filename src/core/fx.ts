import { Dataset, FxRow } from "./dataset";
import { Period, isoFromDay } from "./dates";
import { Result, ok, unavailable } from "./result";
import { FxCurrency } from "./schema";

/**
 * Exchange rates exactly as the publisher gives them, one per period, never borrowed from another
 * period. A daily assessment converts at the monthly average of its own month, a monthly figure at
 * its month's average and an annual average at the year's average.
 */
export interface FxRate {
  row: FxRow;
  currency: FxCurrency;
  /** Units of the currency per US dollar. */
  perUsd: number;
}

/** Units per US dollar; a rate quoted as US dollars per unit (the euro) is inverted exactly. */
export function unitsPerUsd(row: FxRow): number {
  return row.per_usd ?? 1 / row.usd_per!;
}

/** The period whose rate applies to a price period: a day's month, else the period itself. */
export function ratePeriodOf(period: Period): string {
  return period.precision === "day" ? period.text.slice(0, 7) : period.text;
}

export function rateFor(
  dataset: Dataset,
  currency: FxCurrency,
  periodText: string
): Result<FxRate> {
  const row = dataset.fxRateOf(currency, periodText);
  if (row) return ok({ row, currency, perUsd: unitsPerUsd(row) });
  const sameKind = dataset
    .fxPeriodsOf(currency)
    .filter((candidate) => candidate.length === periodText.length);
  const range =
    sameKind.length > 0
      ? ` The ${periodText.length === 4 ? "annual" : "monthly"} ${currency} rates run from ${sameKind[0]} to ${sameKind[sameKind.length - 1]}.`
      : "";
  return unavailable(
    `The dataset has no sourced ${currency}/USD rate for ${periodText}, and never borrows another period's rate.${range}`
  );
}

/** The rate for a day: its month's average. */
export function rateOnDay(dataset: Dataset, currency: FxCurrency, day: number): Result<FxRate> {
  return rateFor(dataset, currency, isoFromDay(day).slice(0, 7));
}

/** The latest monthly rate of a currency. */
export function latestRate(dataset: Dataset, currency: FxCurrency): Result<FxRate> {
  const months = dataset.fxPeriodsOf(currency).filter((period) => period.length === 7);
  if (months.length === 0) return unavailable(`The dataset has no ${currency}/USD rate.`);
  return rateFor(dataset, currency, months[months.length - 1]);
}
