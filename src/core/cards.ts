import { elementControl, measureOnDay, regimes } from "./controls";
import { CountryRow, Dataset, ElementRow, MarketRow, ProductRow, StageRow } from "./dataset";
import { Day, isoFromDay, serialFromDay } from "./dates";
import { eventsBetween } from "./events";
import { PriceValue, defaultMarket, priceOnOrBefore } from "./prices";
import { PriceUnit } from "./schema";
import { ShareValue, share, tonnes } from "./supply";

/**
 * The facts of a card: what =REE.ELEMENT("Dy"), =REE.PRODUCT("Dy2O3") and =REE.COUNTRY("China")
 * show as an Excel entity, and what the task pane's Explain section lists. Plain data, no Office:
 * the function layer shapes it into Excel's cell values (src/functions/cards.ts), the pane into a
 * definition list. Every figure comes from the same core query as the scalar function that
 * answers it alone (PRICE, SHARE, TONNES, CONTROLLED), so a card never disagrees with a cell.
 */

/** How a number reads: a share as a percentage, a price with its unit, an Excel date, tonnes. */
export type CardFormat =
  { kind: "percent" } | { kind: "price"; unit: PriceUnit } | { kind: "date" } | { kind: "tonnes" };

/** The parts of a card an analyst scans for: who it is, what it costs, who supplies it, what rules apply. */
export const CARD_SECTIONS = [
  "identity",
  "prices",
  "supply",
  "controls",
  "events",
  "sources",
] as const;
export type CardSection = (typeof CARD_SECTIONS)[number];

export interface CardFact {
  /** The property's name, as an analyst references it: =A1.Price, =A1.[China mining share]. */
  name: string;
  value: string | number | boolean;
  format?: CardFormat;
  /** What the value rests on, shown under it: the year, the edition, the assessment's period. */
  detail?: string;
  section: CardSection;
}

export type CardKind = "element" | "product" | "country";

export interface Card {
  kind: CardKind;
  /** What the cell shows: the English name, as the plain-text answer where data types are off. */
  text: string;
  facts: CardFact[];
  /** Every source a fact rests on, in the order first cited. */
  sourceIds: string[];
}

/** How many countries a card names per stage: enough to see concentration without a table. */
const TOP_COUNTRIES = 3;

/** Builds one card, collecting the sources its facts cite. */
class CardBuilder {
  readonly facts: CardFact[] = [];
  readonly sourceIds: string[] = [];

  add(
    section: CardSection,
    name: string,
    value: string | number | boolean | undefined,
    extra: Partial<CardFact> = {}
  ): void {
    if (value === undefined || value === "") return;
    if (typeof value === "number" && !Number.isFinite(value)) return;
    this.facts.push({ name, value, section, ...extra });
  }

  cite(sourceId: string | undefined): void {
    if (sourceId !== undefined && !this.sourceIds.includes(sourceId)) this.sourceIds.push(sourceId);
  }

  build(dataset: Dataset, kind: CardKind, text: string): Card {
    const sources = this.sourceIds
      .map((id) => dataset.sources.get(id))
      .filter((source) => source !== undefined)
      .map((source) => `${source.publisher}, ${source.title}, ${source.published}`);
    this.add("sources", "Sources", sources.join("; "));
    this.add("sources", "Data version", dataset.meta.version);
    return { kind, text, facts: this.facts, sourceIds: this.sourceIds };
  }
}

/** "2025-07" for a monthly assessment, "2025" for an annual average: the period a price covers. */
function periodText(price: PriceValue): string {
  return price.observation.period.text;
}

/**
 * The product's price as =REE.PRICE(product) gives it (default market, latest, US$/kg), then the
 * latest in every market that has one, in that market's own unit so that no exchange rate is
 * needed: what PRICE(product, market, , unit) gives with the market's unit.
 */
function addPrices(builder: CardBuilder, dataset: Dataset, product: ProductRow, prefix = ""): void {
  const market = defaultMarket(dataset, product);
  if (market.ok) {
    const price = priceOnOrBefore(dataset, product, market.value, undefined, "USD/kg");
    if (price.ok) {
      builder.add("prices", `${prefix}Price`, price.value.mid, {
        format: { kind: "price", unit: price.value.unit },
        detail: `${market.value.id}, ${periodText(price.value)}`,
      });
      builder.add(
        "prices",
        `${prefix}Price date`,
        serialFromDay(price.value.observation.period.start),
        {
          format: { kind: "date" },
        }
      );
      builder.add("prices", `${prefix}Price market`, market.value.id);
      builder.add("prices", `${prefix}Price unit`, price.value.unit);
      builder.cite(price.value.observation.source.id);
    }
  }
  for (const each of dataset.marketsByProduct.get(product.id) ?? [])
    addMarketPrice(builder, dataset, product, each, prefix);
}

function addMarketPrice(
  builder: CardBuilder,
  dataset: Dataset,
  product: ProductRow,
  market: MarketRow,
  prefix: string
): void {
  const price = priceOnOrBefore(dataset, product, market, undefined, market.unit);
  if (!price.ok) return;
  builder.add("prices", `${prefix}${market.id} price`, price.value.mid, {
    format: { kind: "price", unit: price.value.unit },
    detail: periodText(price.value),
  });
  builder.add(
    "prices",
    `${prefix}${market.id} price date`,
    serialFromDay(price.value.observation.period.start),
    {
      format: { kind: "date" },
    }
  );
  builder.cite(price.value.observation.source.id);
}

/** The stages with shares to show: every stage, in the table's order; those without data add nothing. */
function stagesOf(dataset: Dataset): StageRow[] {
  return dataset.rows.stages;
}

/** Countries (not aggregates such as World) by their share of a stage in its latest year, largest first. */
function topShares(dataset: Dataset, stage: StageRow, group: string | undefined): ShareValue[] {
  const shares: ShareValue[] = [];
  for (const country of dataset.rows.countries) {
    if (country.kind !== "country") continue;
    const answer = share(dataset, country, stage, undefined, group);
    if (answer.ok) shares.push(answer.value);
  }
  return shares.sort((a, b) => b.share - a.share).slice(0, TOP_COUNTRIES);
}

function shareSource(answer: ShareValue): string | undefined {
  return answer.computed?.country.source ?? answer.stored?.source;
}

function shareDetail(answer: ShareValue): string {
  if (!answer.computed) return String(answer.year);
  const bound = answer.computed.world.qualifier === ">" ? ", an upper bound" : "";
  return `${answer.year}, ${answer.computed.country.vintage}${bound}`;
}

function addTopProducers(builder: CardBuilder, dataset: Dataset, group: string | undefined): void {
  for (const stage of stagesOf(dataset)) {
    // Only published or computable shares: a stage with only a quota has no world total to divide by.
    for (const answer of topShares(dataset, stage, group)) {
      const what = group === undefined ? stage.id : `${group} ${stage.id}`;
      builder.add("supply", `${answer.country.name} ${what} share`, answer.share, {
        format: { kind: "percent" },
        detail: shareDetail(answer),
      });
      builder.cite(shareSource(answer));
    }
  }
}

/** Today's export-control status, as =REE.CONTROLLED(element) and its "status"/"measure" fields give it. */
function addControl(
  builder: CardBuilder,
  dataset: Dataset,
  element: ElementRow,
  today: Day,
  regime: string
): void {
  const control = elementControl(dataset, element, today, regime);
  if (!control.ok) {
    builder.add("controls", "Control status", "unknown", { detail: control.message });
    return;
  }
  const answer = control.value;
  builder.add("controls", "Controlled", answer.controlled, {
    // Past the horizon with nothing scheduled in between, the answer stands with a warning.
    detail: [`${regime}, ${isoFromDay(today)}`, answer.warning].filter(Boolean).join("; "),
  });
  builder.add("controls", "Control status", answer.status);
  const measures = answer.deciding
    .map((state) =>
      state.suspendedBy
        ? `${state.measure.number} (suspended by ${state.suspendedBy.by.number})`
        : state.measure.number
    )
    .join("; ");
  builder.add("controls", "Control measure", measures);
  const first = answer.deciding[0];
  if (first) {
    builder.add("controls", "Control status since", serialFromDay(first.since), {
      format: { kind: "date" },
    });
    for (const state of answer.deciding) builder.cite(state.measure.source);
  }
}

/**
 * An element's card: names, atomic number and weight, its main oxide and that oxide's prices, the
 * top countries at each stage (and in its own group's published shares, "heavy" for Dy), and
 * whether the regime controls its exports today.
 */
export function elementCard(
  dataset: Dataset,
  element: ElementRow,
  today: Day,
  regime: string
): Card {
  const builder = new CardBuilder();
  builder.add("identity", "Name", element.name);
  builder.add("identity", "Chinese name", element.name_zh);
  builder.add("identity", "Symbol", element.symbol);
  builder.add("identity", "Atomic number", element.z);
  const weight = dataset.rows.atomic_weights.find((row) => row.symbol === element.symbol);
  if (weight) {
    builder.add("identity", "Atomic weight", weight.atomic_weight);
    builder.cite(weight.source);
  }
  builder.add("identity", "Class", element.class_usgs, { detail: "USGS" });
  if (element.class_mofcom !== "") builder.add("identity", "MOFCOM class", element.class_mofcom);
  builder.cite(element.source);
  const oxide =
    element.main_oxide === undefined ? undefined : dataset.products.get(element.main_oxide);
  if (oxide) {
    builder.add("identity", "Main oxide", oxide.id);
    addPrices(builder, dataset, oxide);
  }
  addTopProducers(builder, dataset, undefined);
  if (dataset.groupNames.entries.some((entry) => entry.value === element.class_usgs))
    addTopProducers(builder, dataset, element.class_usgs);
  addControl(builder, dataset, element, today, regime);
  return builder.build(dataset, "element", element.name);
}

/** A product's card: names, formula and elements, spec, metal content and its latest price in every market. */
export function productCard(dataset: Dataset, product: ProductRow): Card {
  const builder = new CardBuilder();
  builder.add("identity", "Name", product.name);
  builder.add("identity", "Chinese name", product.name_zh);
  builder.add("identity", "Product", product.id);
  builder.add("identity", "Formula", product.formula);
  builder.add("identity", "Kind", product.kind);
  builder.add("identity", "Elements", product.elements.join(" "));
  builder.add("identity", "Spec", product.spec);
  builder.add("identity", "Default market", product.default_market);
  builder.add("identity", "Metal content", dataset.metalContent.get(product.id), {
    format: { kind: "percent" },
    detail:
      product.metal_content === undefined ? "from the formula and atomic weights" : "as stated",
  });
  builder.cite(product.source);
  addPrices(builder, dataset, product);
  return builder.build(dataset, "product", product.name);
}

/** The stages' figures of one country: its share in the latest year, and its tonnes where published. */
function addCountrySupply(builder: CardBuilder, dataset: Dataset, country: CountryRow): void {
  for (const stage of stagesOf(dataset)) {
    const label = stage.id.charAt(0).toUpperCase() + stage.id.slice(1);
    const shareAnswer = share(dataset, country, stage, undefined, undefined);
    if (shareAnswer.ok) {
      builder.add("supply", `${label} share`, shareAnswer.value.share, {
        format: { kind: "percent" },
        detail: shareDetail(shareAnswer.value),
      });
      builder.cite(shareSource(shareAnswer.value));
    }
    const tonnesAnswer = tonnes(dataset, country, stage, undefined);
    if (tonnesAnswer.ok) {
      const row = tonnesAnswer.value.row;
      builder.add("supply", `${label} tonnes`, row.tonnes, {
        format: { kind: "tonnes" },
        detail: `${row.qualifier === ">" ? "more than this, " : ""}${row.year}, ${row.vintage}`,
      });
      builder.cite(row.source);
    }
  }
}

/** A country's card: names and codes, its place at each stage, the controls it issues and its events. */
export function countryCard(dataset: Dataset, country: CountryRow, today: Day): Card {
  const builder = new CardBuilder();
  builder.add("identity", "Name", country.name);
  builder.add("identity", "Chinese name", country.name_zh);
  builder.add("identity", "ISO code", country.iso2);
  builder.add("identity", "ISO3 code", country.iso3);
  builder.add("identity", "Kind", country.kind);
  addCountrySupply(builder, dataset, country);
  // A regime is named like the country that issues it ("China"); only issuers get these facts.
  const issued = regimes(dataset).filter((regime) => {
    const issuer = dataset.countryNames.resolve(regime);
    return issuer.ok && issuer.value.id === country.id;
  });
  if (issued.length > 0) {
    const measures = dataset.measures.filter((measure) => issued.includes(measure.regime));
    builder.add("controls", "Export-control measures", measures.length);
    builder.add(
      "controls",
      "Measures in force",
      measures.filter((measure) => measureOnDay(measure, today).status === "in force").length,
      { detail: isoFromDay(today) }
    );
    for (const measure of measures) builder.cite(measure.source);
  }
  const events = eventsBetween(dataset, undefined, undefined, country);
  builder.add("events", "Events", events.length);
  const last = events[events.length - 1];
  if (last) {
    builder.add("events", "Last event", last.event, { detail: last.date });
    builder.add("events", "Last event date", serialFromDay(last.day), { format: { kind: "date" } });
    builder.cite(last.source);
  }
  return builder.build(dataset, "country", country.name);
}

const cardCache = new WeakMap<Dataset, Map<string, Card>>();
/** How many cards one dataset keeps: a sheet asks the same few cards many times. */
const CARD_CACHE_LIMIT = 500;

/**
 * A card built once per dataset, subject and day: a sheet of =A1.Price references and
 * =REE.ELEMENT("Dy","China mining share") calls asks the same card again and again.
 */
export function cachedCard(dataset: Dataset, key: string, build: () => Card): Card {
  let cards = cardCache.get(dataset);
  if (!cards) {
    cards = new Map();
    cardCache.set(dataset, cards);
  }
  let card = cards.get(key);
  if (!card) {
    if (cards.size >= CARD_CACHE_LIMIT) cards.clear();
    card = build();
    cards.set(key, card);
  }
  return card;
}

/** A fact by its property name, as Excel matches them: case and spacing do not matter. */
export function cardFact(card: Card, name: string): CardFact | undefined {
  const key = name.toLowerCase().replace(/\s+/g, " ").trim();
  return card.facts.find((fact) => fact.name.toLowerCase() === key);
}
