/*
 * What the build bundles, asked through the core, so a browser test's expected values follow the
 * data: a data update changes the number the pane must show, not the test.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { type Dataset } from "../../src/core/dataset";
import { loaded } from "./dataset";
import { elementControl } from "../../src/core/controls";
import { dayFromIso, isoFromDay } from "../../src/core/dates";
import { type PriceValue, priceOnOrBefore } from "../../src/core/prices";
import type { PriceUnit } from "../../src/core/schema";

const GENERATED = path.resolve(__dirname, "../../generated/dataset.json");

let cached: Dataset | undefined;

/** generated/dataset.json (written by `npm run build:data`), the dataset dist/ bundles. */
export function bundledDataset(): Dataset {
  cached ??= datasetOf(JSON.parse(readFileSync(GENERATED, "utf8")));
  return cached;
}

/** A bundled source's note (how the document was read), as generated/dataset.json gives it. */
export function bundledSourceNote(id: string): string | undefined {
  return bundledDataset().sources.get(id)?.note;
}

/** A dataset in its text form (generated/dataset.json, or a workbook record's base), loaded by the core. */
export const datasetOf = loaded;

function day(iso: string): number {
  const parsed = dayFromIso(iso);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/** The assessment REE.PRICE(product, market, date, unit) answers with over the bundled data. */
export function bundledPrice(
  productId: string,
  marketId: string,
  iso?: string,
  unit: PriceUnit = "USD/kg"
): PriceValue & { dateUsed: string; publisher: string } {
  return priceIn(bundledDataset(), productId, marketId, iso, unit);
}

/** The assessment REE.PRICE answers with over `dataset`: on or before `iso`, or the latest. */
export function priceIn(
  dataset: Dataset,
  productId: string,
  marketId: string,
  iso?: string,
  unit: PriceUnit = "USD/kg"
): PriceValue & { dateUsed: string; publisher: string } {
  const product = dataset.products.get(productId);
  const market = dataset.markets.get(marketId);
  if (!product || !market) throw new Error(`no ${productId} or no ${marketId} in the dataset`);
  const price = priceOnOrBefore(
    dataset,
    product,
    market,
    iso === undefined ? undefined : day(iso),
    unit
  );
  if (!price.ok) throw new Error(price.message);
  return {
    ...price.value,
    dateUsed: isoFromDay(price.value.observation.period.start),
    publisher: price.value.observation.source.publisher,
  };
}

/** REE.CONTROLLED(symbol, date) for China, as the core answers it. */
export function bundledControlled(symbol: string, iso: string): boolean {
  const dataset = bundledDataset();
  const element = dataset.elements.find((row) => row.symbol === symbol);
  if (!element) throw new Error(`no element ${symbol} in the dataset`);
  const control = elementControl(dataset, element, day(iso), "China");
  if (!control.ok) throw new Error(control.message);
  return control.value.controlled;
}

/** A number as the pane shows it in English (en-US grouping, at most `digits` decimals). */
export function shownInEnglish(value: number, digits = 2): string {
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: digits }).format(value);
}
