import { Dataset, MarketRow, ProductRow } from "../../../core/dataset";
import { dayFromIso } from "../../../core/dates";
import { normalizeName } from "../../../core/names";
import { priceHistory } from "../../../core/prices";
import { Failure, Result, ok } from "../../../core/result";
import { PriceUnit } from "../../../core/schema";
import { DEFAULT_UNIT, PriceAnswer, findPrice } from "../../../functions/answers";
import { buildFormula } from "../../shell/formula-builder";
import { nameOf } from "../../shell/i18n";

/**
 * What the Prices section shows and inserts, with no DOM: which products a search finds, the
 * price in the chosen unit (or the market's own), each market's history and the formulas.
 */

/** The unit formulas default to; the pane leaves it out of the formulas it writes. */

/** Products whose symbol, formula, English or Chinese name or alias matches the query: exact, then prefix, then inside. */
export function matchProducts(dataset: Dataset, query: string): ProductRow[] {
  const key = normalizeName(query);
  if (key === "") return [];
  const resolved = dataset.productNames.resolve(query);
  const scored = dataset.productNames.entries.map((entry) => {
    const names = [...entry.names, ...(entry.fallbackNames ?? [])].map(normalizeName);
    // What the functions would resolve the text to comes first.
    const score =
      resolved.ok && resolved.value === entry.value
        ? 0
        : names.includes(key)
          ? 1
          : names.some((name) => name.startsWith(key))
            ? 2
            : names.some((name) => name.includes(key))
              ? 3
              : Infinity;
    return { product: entry.value, score };
  });
  return scored
    .filter((candidate) => candidate.score !== Infinity)
    .sort((a, b) => a.score - b.score || a.product.id.localeCompare(b.product.id))
    .map((candidate) => candidate.product);
}

/** The product the section opens on: the first one with a price. */
export function firstPricedProduct(dataset: Dataset): ProductRow {
  return (
    dataset.rows.products.find((product) => dataset.marketsByProduct.has(product.id)) ??
    dataset.rows.products[0]
  );
}

export function marketsOf(dataset: Dataset, product: ProductRow): MarketRow[] {
  return dataset.marketsByProduct.get(product.id) ?? [];
}

/** The market to show for a product: the current one if it prices the product, else its default, else its first; "" when none. */
export function chooseMarket(dataset: Dataset, product: ProductRow, current: string): string {
  const markets = marketsOf(dataset, product);
  return (
    (
      markets.find((market) => market.id === current) ??
      markets.find((market) => market.id === product.default_market) ??
      markets[0]
    )?.id ?? ""
  );
}

export interface PriceView {
  answer?: PriceAnswer;
  /** The unit the value is shown and inserted in. */
  unit: PriceUnit;
  /** Why the value is in the market's own unit rather than the one asked for. */
  fallback?: string;
  failure?: Failure;
}

/** The price for the pane: in the chosen unit, else in the market's own unit when only the currency conversion fails. */
export function priceView(
  dataset: Dataset,
  product: ProductRow,
  market: MarketRow,
  date: string,
  unit: PriceUnit
): PriceView {
  const day = date === "" ? ok(undefined) : dayFromIso(date);
  if (!day.ok) return { unit, failure: day };
  const asked = findPrice(dataset, product, market, day.value, unit);
  if (asked.ok) return { answer: asked.value, unit };
  if (asked.kind === "unavailable" && market.unit !== unit) {
    const own = findPrice(dataset, product, market, day.value, market.unit);
    if (own.ok) return { answer: own.value, unit: market.unit, fallback: asked.message };
  }
  return { unit, failure: asked };
}

export interface HistoryPoint {
  day: number;
  value: number;
  period: string;
}

/** A market's whole history in the chosen unit, or in the market's own when no rate converts it. */
export function historyIn(
  dataset: Dataset,
  product: ProductRow,
  market: MarketRow,
  unit: PriceUnit
): Result<{ unit: PriceUnit; points: HistoryPoint[] }> {
  let history = priceHistory(dataset, product, market, undefined, undefined, unit);
  let used = unit;
  if (!history.ok && history.kind === "unavailable" && market.unit !== unit) {
    history = priceHistory(dataset, product, market, undefined, undefined, market.unit);
    used = market.unit;
  }
  if (!history.ok) return history;
  return ok({
    unit: used,
    points: history.value.map((price) => ({
      day: price.observation.period.start,
      value: price.mid,
      period: price.observation.period.text,
    })),
  });
}

/** "Dysprosium oxide (Dy2O3) · 氧化镝": the name in the pane's language first, then the other. */
export function productLabel(product: ProductRow): string {
  const other = nameOf(product) === product.name ? product.name_zh : product.name;
  return `${nameOf(product)} (${product.id}) · ${other}`;
}

export interface PriceChoice {
  product: ProductRow;
  /** A market id, or "" for the product's default. */
  market: string;
  /** An ISO date, or "" for the latest assessment. */
  date: string;
}

/** =REE.PRICE(...) for what is on screen, in the unit the value is shown in. */
export function priceFormula(choice: PriceChoice, view: PriceView | undefined): string {
  return buildFormula("PRICE", {
    product: choice.product.id,
    market: choice.market || undefined,
    date: choice.date || undefined,
    unit: view && view.unit !== DEFAULT_UNIT ? view.unit : undefined,
  });
}

/** =REE.PRICEHISTORY(...) for the chosen market's whole series, in the unit its history is shown in. */
export function priceHistoryFormula(
  dataset: Dataset,
  choice: PriceChoice,
  unit: PriceUnit
): string {
  const market = dataset.markets.get(choice.market);
  const history = market ? historyIn(dataset, choice.product, market, unit) : undefined;
  const used = history?.ok ? history.value.unit : unit;
  return buildFormula("PRICEHISTORY", {
    product: choice.product.id,
    market: choice.market || undefined,
    unit: used !== DEFAULT_UNIT ? used : undefined,
  });
}
