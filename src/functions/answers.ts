import { historyRows } from "../core/history";
import { changesTable } from "../core/changelog";
import { ElementControl, regimes } from "../core/controls";
import { Dataset, MarketRow, ProductRow, SourceRow } from "../core/dataset";
import { Day, isoFromDay, parsePeriod, serialFromDay } from "../core/dates";
import { FxRate } from "../core/fx";
import { PriceValue, defaultMarket, priceOnOrBefore } from "../core/prices";
import { Failure, Result, invalid, ok, unavailable } from "../core/result";
import { Card, cachedCard, cardFact, countryCard, elementCard, productCard } from "../core/cards";
import { CountryRow, ElementRow } from "../core/dataset";
import { PRICE_UNITS, PriceUnit } from "../core/schema";
import { compareVersions } from "../core/versions";
import { ShareValue, TonnesValue } from "../core/supply";
import { Concentration, concentrationNote } from "../core/concentration";
import { Spread, spreadNote } from "../core/spread";
import { Scalar } from "./arguments";

/** The defaults Excel users see when they leave an argument out; the pane shows the same. */
export const DEFAULT_UNIT: PriceUnit = "USD/kg";
export const DEFAULT_REGIME = "China";

/**
 * How an answer becomes what a cell shows: the fields each function offers ("source", "note", ...),
 * the notes and source texts, and the spilled tables' headers. The function table (catalogue.ts)
 * and the task pane both use these, so a source or a note reads the same everywhere.
 */

export const PRICE_FIELDS = [
  "value",
  "low",
  "high",
  "mid",
  "date",
  "period",
  "unit",
  "market",
  "vintage",
  "source",
  "url",
  "note",
] as const;
export const SUPPLY_FIELDS = [
  "value",
  "year",
  "date",
  "unit",
  "vintage",
  "source",
  "url",
  "note",
] as const;
export const CONTROLLED_FIELDS = [
  "value",
  "status",
  "measure",
  "since",
  "date",
  "source",
  "url",
  "note",
] as const;
export const ELEMENT_PROPERTIES = [
  "symbol",
  "name",
  "name_zh",
  "z",
  "class",
  "class_mofcom",
  "oxide",
  "atomic_weight",
] as const;
/** PRODUCT's own properties; any property on its card can be asked for by name too. */
export const PRODUCT_PROPERTIES = [
  "id",
  "name",
  "name_zh",
  "formula",
  "kind",
  "elements",
  "spec",
  "default_market",
  "metal_content",
] as const;
/** COUNTRY's own properties; any property on its card can be asked for by name too. */
export const COUNTRY_PROPERTIES = ["id", "name", "name_zh", "iso2", "iso3", "kind"] as const;
export const LIST_KINDS = [
  "elements",
  "products",
  "countries",
  "stages",
  "markets",
  "units",
  "regimes",
  "groups",
  "currencies",
  "trade products",
  "sources",
] as const;
export const FX_FIELDS = ["value", "period", "quote", "source", "url", "note"] as const;
export const TRADE_FIELDS = ["value", "period", "unit", "source", "url", "note"] as const;
export const EVENTS_HEADERS = ["Date", "Country", "Event", "Value", "Unit", "Source"];
export const INFO_FIELDS = [
  "version",
  "knownThrough",
  "sources",
  "licence",
  "userData",
  "changes",
  "history",
] as const;

/** The workbook's record of data changes as a table, or why there is none. */
export function historyOf(dataset: Dataset): Result<(string | number)[][]> {
  if (dataset.history.length === 0)
    return unavailable(
      "No data change is recorded in this workbook yet: updates, rollbacks, imports and removals are recorded from the first one made with this version of the add-in."
    );
  return ok(historyRows(dataset.history));
}

/**
 * What changed in the base data against its previous release, as the table DATAINFO("changes")
 * spills, headers first. The user's imports are not in it: "userData" lists them.
 */
export function changesOf(dataset: Dataset): Result<string[][]> {
  const changes = dataset.changes;
  if (!changes)
    return unavailable(
      `Dataset ${dataset.meta.version} carries no changelog: it is the first release, or data saved before changelogs were kept.`
    );
  if (compareVersions(changes.to, dataset.meta.version) !== 0)
    return unavailable(
      `The changelog in this data is for version ${changes.to}, not for the version in use, ${dataset.meta.version}.`
    );
  if (changes.rows.length <= 1)
    return unavailable(`Nothing in the data changed from ${changes.from} to ${changes.to}.`);
  return ok(
    changesTable(changes, (id) => {
      const source = dataset.sources.get(id);
      return source && `${source.publisher}, ${source.title}`;
    })
  );
}

/** What user data is layered over the base: "none", or each import with its row count. */
export function userDataText(dataset: Dataset): string {
  if (dataset.layers.length === 0) return "none";
  return dataset.layers
    .map((layer) => `${layer.name}: ${layer.rows} rows, imported ${layer.importedAt}`)
    .join("; ");
}

export function sourceText(source: SourceRow): string {
  return `${source.publisher}, ${source.title}, ${source.published}`;
}

function publishedSerial(source: SourceRow): number {
  const period = parsePeriod(source.published);
  return period.ok ? serialFromDay(period.value.start) : 0;
}

function horizonWarning(dataset: Dataset, day: Day | undefined): string | undefined {
  return day !== undefined && day > dataset.knownThrough
    ? `Asked for ${isoFromDay(day)}, after the data's horizon (known through ${isoFromDay(dataset.knownThrough)}).`
    : undefined;
}

/** Notes as sentences: each ends with a full stop unless it already ends with punctuation. */
export function joinNotes(...notes: (string | undefined)[]): string {
  return notes
    .filter((note): note is string => note !== undefined && note.trim() !== "")
    .map((note) => note.trim())
    .map((note) => (/[.!?)"']$/.test(note) ? note : `${note}.`))
    .join(" ");
}

export interface PriceAnswer {
  price: PriceValue;
  product: ProductRow;
  market: MarketRow;
  day?: Day;
}

export function priceNote(dataset: Dataset, answer: PriceAnswer): string {
  const { observation, fx } = answer.price;
  return joinNotes(
    `${answer.market.id}: ${answer.market.basis}.`,
    observation.estimated ? "Estimated." : undefined,
    observation.note,
    fx
      ? `Converted at ${fx.perUsd} CNY per USD, the ${fx.row.period.length === 4 ? "annual" : "monthly"} average for ${fx.row.period} (${sourceText(dataset.source(fx.row.source))}).`
      : undefined,
    horizonWarning(dataset, answer.day)
  );
}

export function priceField(
  dataset: Dataset,
  answer: PriceAnswer,
  field: (typeof PRICE_FIELDS)[number]
): Scalar {
  const { price } = answer;
  switch (field) {
    case "value":
    case "mid":
      return price.mid;
    case "low":
      return price.low;
    case "high":
      return price.high;
    case "date":
      return serialFromDay(price.observation.period.start);
    case "period":
      return price.observation.period.text;
    case "unit":
      return price.unit;
    case "market":
      return answer.market.id;
    case "vintage":
      return price.observation.vintage ?? "";
    case "source":
      return sourceText(price.observation.source);
    case "url":
      return price.observation.source.url;
    case "note":
      return priceNote(dataset, answer);
  }
}

export function marketOrDefault(
  dataset: Dataset,
  chosen: ProductRow,
  asked: MarketRow | undefined
): Result<MarketRow> {
  return asked ? ok(asked) : defaultMarket(dataset, chosen);
}

export function findPrice(
  dataset: Dataset,
  chosen: ProductRow,
  asked: MarketRow | undefined,
  day: Day | undefined,
  priceUnit: PriceUnit | undefined,
  vintage?: string
): Result<PriceAnswer> {
  const chosenMarket = marketOrDefault(dataset, chosen, asked);
  if (!chosenMarket.ok) return chosenMarket;
  const price = priceOnOrBefore(
    dataset,
    chosen,
    chosenMarket.value,
    day,
    priceUnit ?? DEFAULT_UNIT,
    vintage
  );
  return price.ok
    ? ok({ price: price.value, product: chosen, market: chosenMarket.value, day })
    : price;
}

export function supplyField(
  dataset: Dataset,
  answer: ShareValue | TonnesValue,
  field: (typeof SUPPLY_FIELDS)[number]
): Scalar {
  const isShare = "share" in answer;
  const row = isShare ? (answer.computed?.country ?? answer.stored!) : answer.row;
  const source = dataset.source(row.source);
  switch (field) {
    case "value":
      return isShare ? answer.share : answer.row.tonnes;
    case "year":
      return isShare ? answer.year : answer.row.year;
    case "date":
      return publishedSerial(source);
    case "unit":
      return isShare ? "fraction of world total" : "t REO";
    case "vintage":
      return row.vintage ?? source.title;
    case "source":
      return sourceText(source);
    case "url":
      return source.url;
    case "note":
      return isShare
        ? joinNotes(
            answer.computed
              ? `${answer.country.name} ${answer.computed.country.tonnes} t of world ${answer.computed.world.qualifier}${answer.computed.world.tonnes} t (${answer.computed.country.vintage}).`
              : undefined,
            answer.note
          )
        : joinNotes(
            answer.row.qualifier === ">" ? "More than this figure." : undefined,
            answer.row.estimated ? "Estimated." : undefined,
            answer.row.note,
            `Vintage ${answer.row.vintage}.`
          );
  }
}

export function controlledField(
  dataset: Dataset,
  answer: ElementControl,
  field: (typeof CONTROLLED_FIELDS)[number]
): Scalar {
  const first = answer.deciding[0];
  switch (field) {
    case "value":
      return answer.controlled;
    case "status":
      return answer.status;
    case "measure":
      return answer.deciding
        .map((state) =>
          state.suspendedBy
            ? `${state.measure.number} (suspended by ${state.suspendedBy.by.number})`
            : state.measure.number
        )
        .join("; ");
    case "since":
      return first ? serialFromDay(first.since) : "";
    case "date":
      return serialFromDay(answer.day);
    case "source":
      return answer.deciding
        .map((state) => sourceText(dataset.source(state.measure.source)))
        .join("; ");
    case "url":
      return first ? dataset.source(first.measure.source).url : "";
    case "note":
      return joinNotes(
        answer.status === "not controlled"
          ? `No ${answer.element.symbol} export licence or quota of the regime is in force on ${isoFromDay(answer.day)}.`
          : undefined,
        ...answer.deciding.map((state) =>
          state.suspendedBy
            ? `Suspended from ${isoFromDay(state.suspendedBy.from)}${state.suspendedBy.until !== undefined ? ` until ${isoFromDay(state.suspendedBy.until)}` : ""}.`
            : undefined
        ),
        answer.warning
      );
  }
}

export const PRICE_HISTORY_HEADERS = ["Date", "Low", "High", "Mid"];
export const CONTROLS_HEADERS = [
  "Measure",
  "Kind",
  "Announced",
  "Effective",
  "Elements",
  "Status",
  "Since",
  "Scope",
  "Source",
  "URL",
];

export function spill(headers: string[] | undefined, rows: Scalar[][]): Scalar[][] {
  return headers ? [headers, ...rows] : rows;
}

export function fxField(dataset: Dataset, rate: FxRate, field: (typeof FX_FIELDS)[number]): Scalar {
  const source = dataset.source(rate.row.source);
  switch (field) {
    case "value":
      return rate.perUsd;
    case "period":
      return rate.row.period;
    case "quote":
      return `${rate.currency} per USD`;
    case "source":
      return sourceText(source);
    case "url":
      return source.url;
    case "note":
      return joinNotes(
        `${rate.row.period.length === 4 ? "Annual" : "Monthly"} average, ${rate.currency} per US dollar.`,
        rate.row.usd_per !== undefined
          ? `Published as ${rate.row.usd_per} USD per ${rate.currency}; shown inverted.`
          : undefined,
        rate.row.note
      );
  }
}

export function listNames(dataset: Dataset, kind: (typeof LIST_KINDS)[number]): string[] {
  switch (kind) {
    case "elements":
      return dataset.elements.map((row) => row.symbol);
    case "products":
      return dataset.rows.products.map((row) => row.id);
    case "countries":
      return dataset.rows.countries.map((row) => row.name).sort(compareNames);
    case "stages":
      return dataset.rows.stages.map((row) => row.id);
    case "markets":
      return dataset.rows.markets.map((row) => row.id);
    case "units":
      return [...PRICE_UNITS];
    case "regimes":
      return regimes(dataset);
    case "groups":
      return dataset.groupNames.entries.map((entry) => entry.display);
    case "currencies":
      return dataset.fxCurrencies();
    case "trade products":
      return dataset.rows.trade_products.map((row) => row.id);
    case "sources":
      return dataset.rows.sources.map(sourceText);
  }
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// REE.HHI and REE.SPREAD --------------------------------------------------------------------

export const HHI_FIELDS = [
  "value",
  "year",
  "countries",
  "unattributed",
  "source",
  "url",
  "note",
] as const;
export const SPREAD_FIELDS = ["value", "difference", "date", "note", "source"] as const;

export function concentrationField(
  answer: Concentration,
  field: (typeof HHI_FIELDS)[number]
): Scalar {
  switch (field) {
    case "value":
      return answer.index;
    case "year":
      return answer.year;
    case "countries":
      return answer.shares.length;
    case "unattributed":
      return answer.unattributed;
    case "source":
      return answer.sources.map(sourceText).join("; ");
    case "url":
      return [...new Set(answer.sources.map((source) => source.url))].join(" ");
    case "note":
      return joinNotes(...concentrationNote(answer));
  }
}

export function spreadField(answer: Spread, field: (typeof SPREAD_FIELDS)[number]): Scalar {
  switch (field) {
    case "value":
      return answer.ratio;
    case "difference":
      return answer.difference;
    case "date":
      return serialFromDay(answer.older);
    case "note":
      return joinNotes(...spreadNote(answer));
    case "source": {
      const sources = [answer.price.observation.source, answer.versusPrice.observation.source];
      return [...new Set(sources.map(sourceText))].join("; ");
    }
  }
}

// Cards -------------------------------------------------------------------------------------

/** Dy's card on a day: the controls part depends on the day, the rest on the data in use. */
export function elementCardOf(dataset: Dataset, element: ElementRow, today: Day): Card {
  return cachedCard(dataset, `element\u0000${element.symbol}\u0000${today}`, () =>
    elementCard(dataset, element, today, DEFAULT_REGIME)
  );
}

export function productCardOf(dataset: Dataset, product: ProductRow): Card {
  return cachedCard(dataset, `product\u0000${product.id}`, () => productCard(dataset, product));
}

export function countryCardOf(dataset: Dataset, country: CountryRow, today: Day): Card {
  return cachedCard(dataset, `country\u0000${country.id}\u0000${today}`, () =>
    countryCard(dataset, country, today)
  );
}

/**
 * A property of a card by its name (=REE.ELEMENT("Dy","China mining share")), as =A1.[...] gives
 * it. A name other cards of the kind carry but this one lacks (Tm2O3 has no price) is #N/A; a name
 * no card carries is #VALUE!.
 */
export function cardProperty(
  card: Card,
  name: string,
  unknown: Failure,
  others: () => Card[]
): Result<Scalar> {
  const fact = cardFact(card, name);
  if (fact) return ok(fact.value);
  const carried = others().find((other) => cardFact(other, name) !== undefined);
  if (carried)
    return unavailable(
      `${card.text} has no ${cardFact(carried, name)!.name} in the dataset (${carried.text} has).`
    );
  const examples = card.facts
    .filter((candidate) => candidate.section !== "identity")
    .slice(0, 3)
    .map((candidate) => candidate.name);
  return invalid(
    `${unknown.message} Or a property of the card (${card.facts.length} on ${card.text}'s${examples.length > 0 ? `, such as ${examples.join(", ")}` : ""}).`
  );
}
