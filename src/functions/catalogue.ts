import { ElementControl, controlTimeline, elementControl, regimes } from "../core/controls";
import {
  CountryRow,
  Dataset,
  ElementRow,
  MarketRow,
  ProductRow,
  SourceRow,
  StageRow,
} from "../core/dataset";
import { Day, isoFromDay, parsePeriod, serialFromDay, todayDay } from "../core/dates";
import { NameIndex } from "../core/names";
import { PriceValue, defaultMarket, priceHistory, priceOnOrBefore } from "../core/prices";
import { Result, invalid, ok, unavailable } from "../core/result";
import { FX_CURRENCIES, FxCurrency, PRICE_UNITS, PriceUnit } from "../core/schema";
import { FxRate, latestRate, rateFor, rateOnDay } from "../core/fx";
import { tradeFlow } from "../core/trade";
import { eventsBetween } from "../core/events";
import { ShareValue, TonnesValue, share, tonnes } from "../core/supply";
import {
  Output,
  Parameter,
  Scalar,
  Values,
  date,
  flag,
  keyword,
  named,
  isYearNumber,
  optional,
  parseArguments,
  period,
  year,
} from "./arguments";

/**
 * What each REE function computes, over the core, with no Office in sight: the functions file
 * wraps these for Excel, and the task pane and tests call them directly.
 */

const product = named("product", (dataset) => dataset.productNames);
const market = named("market", (dataset) => dataset.marketNames);
const unit = named("unit", (dataset) => dataset.unitNames);
const country = named("country", (dataset) => dataset.countryNames);
const stage = named("stage", (dataset) => dataset.stageNames);
const element = named("element", (dataset) => dataset.elementNames);
const group = named("element", (dataset) => dataset.groupNames);
const tradeProduct = named("product", (dataset) => dataset.tradeProductNames);
const CURRENCY_NAMES = new NameIndex<FxCurrency>(
  "currency",
  [
    { value: "CNY", display: "CNY", names: ["CNY", "RMB", "yuan", "renminbi", "人民币", "元"] },
    { value: "EUR", display: "EUR", names: ["EUR", "euro", "euros", "欧元"] },
  ],
  `Currencies: ${FX_CURRENCIES.join(", ")} (units per US dollar).`
);
const currency: Parameter<FxCurrency, "currency"> = {
  name: "currency",
  parse: (value) =>
    typeof value === "string"
      ? CURRENCY_NAMES.resolve(value)
      : invalid(`currency must be text such as "CNY" or "EUR".`),
};

const regimeIndexes = new WeakMap<Dataset, NameIndex<string>>();
/** A regime is named like the country that issues it ("China", "CN", "中国"). */
const regime = named("regime", (dataset) => {
  let index = regimeIndexes.get(dataset);
  if (!index) {
    const issuers = regimes(dataset).map((name) => ({
      name,
      country: dataset.countryNames.resolve(name),
    }));
    index = new NameIndex(
      "regime",
      issuers.map(({ name, country: issuer }) => ({
        value: name,
        display: name,
        names: issuer.ok
          ? [
              name,
              issuer.value.id,
              issuer.value.iso2 ?? "",
              issuer.value.name_zh,
              ...issuer.value.aliases,
            ]
          : [name],
      })),
      `The dataset holds the export controls of: ${regimes(dataset).join(", ")}.`
    );
    regimeIndexes.set(dataset, index);
  }
  return index;
});

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
export const INFO_FIELDS = ["version", "knownThrough", "sources", "licence", "userData"] as const;

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

function joinNotes(...notes: (string | undefined)[]): string {
  return notes.filter((note) => note !== undefined && note !== "").join(" ");
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

function priceField(
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

function marketOrDefault(
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
  priceUnit: PriceUnit | undefined
): Result<PriceAnswer> {
  const chosenMarket = marketOrDefault(dataset, chosen, asked);
  if (!chosenMarket.ok) return chosenMarket;
  const price = priceOnOrBefore(dataset, chosen, chosenMarket.value, day, priceUnit ?? "USD/kg");
  return price.ok
    ? ok({ price: price.value, product: chosen, market: chosenMarket.value, day })
    : price;
}

function supplyField(
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
      return "vintage" in row ? row.vintage : source.title;
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

function controlledField(
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

function spill(headers: string[] | undefined, rows: Scalar[][]): Scalar[][] {
  return headers ? [headers, ...rows] : rows;
}

/**
 * Each REE function: its parameters as data and a body over parsed values. `today` is passed in
 * so that tests can fix the calendar.
 */
export interface Clock {
  today(): Day;
}
export const systemClock: Clock = { today: () => todayDay() };

/** FX answers a year with the annual average, and a day with its month's average. */
type FxWhen = { year: number } | { day: Day };
const fxDate: Parameter<FxWhen, "date"> = {
  name: "date",
  parse: (value, dataset) => {
    if (isYearNumber(value)) return ok({ year: value });
    if (typeof value === "string" && /^\s*\d{4}\s*$/.test(value))
      return ok({ year: Number(value) });
    const day = date("date").parse(value, dataset);
    return day.ok ? ok({ day: day.value }) : day;
  },
};

function fxField(dataset: Dataset, rate: FxRate, field: (typeof FX_FIELDS)[number]): Scalar {
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

/**
 * One REE function: its declared parameters (the one declaration) and its body over parsed values.
 * `P` keeps the declaration's names as types, so the task pane can build formulas by name.
 */
export interface FunctionEntry<
  P extends readonly Parameter<unknown>[] = readonly Parameter<unknown>[],
> {
  parameters: P;
  spills: boolean;
  run(dataset: Dataset, args: unknown[]): Result<Output> | CustomFunctions.Error;
}

/**
 * Declares a function once: the parameters are data, and the body's arguments are typed by them,
 * so a declaration that does not match its body fails to compile.
 */
function define<P extends Parameter<unknown>[]>(
  parameters: [...P],
  body: (dataset: Dataset, ...values: Values<P>) => Result<Output>,
  spills = false
): FunctionEntry<P> {
  return {
    parameters,
    spills,
    run: (dataset, args) => {
      const values = parseArguments(dataset, parameters, args);
      if (!("ok" in values)) return values;
      return values.ok ? body(dataset, ...values.value) : values;
    },
  };
}

export function makeCatalogue(clock: Clock = systemClock) {
  return {
    PRICE: define(
      [
        product,
        optional(market),
        optional(date("date")),
        optional(unit),
        optional(keyword("field", PRICE_FIELDS)),
      ],
      (
        dataset,
        chosen: ProductRow,
        asked?: MarketRow,
        day?: Day,
        priceUnit?: PriceUnit,
        field?: (typeof PRICE_FIELDS)[number]
      ) => {
        const answer = findPrice(dataset, chosen, asked, day, priceUnit);
        return answer.ok ? ok(priceField(dataset, answer.value, field ?? "value")) : answer;
      }
    ),
    PRICEHISTORY: define(
      [
        product,
        optional(market),
        optional(date("start", "start")),
        optional(date("end")),
        optional(unit),
        optional(flag("headers")),
      ],
      (
        dataset,
        chosen: ProductRow,
        asked?: MarketRow,
        start?: Day,
        end?: Day,
        priceUnit?: PriceUnit,
        headers?: boolean
      ) => {
        if (start !== undefined && end !== undefined && start > end)
          return invalid(`start ${isoFromDay(start)} is after end ${isoFromDay(end)}.`);
        const chosenMarket = marketOrDefault(dataset, chosen, asked);
        if (!chosenMarket.ok) return chosenMarket;
        const history = priceHistory(
          dataset,
          chosen,
          chosenMarket.value,
          start,
          end,
          priceUnit ?? "USD/kg"
        );
        if (!history.ok) return history;
        const rows = history.value.map((price) => [
          serialFromDay(price.observation.period.start),
          price.low,
          price.high,
          price.mid,
        ]);
        return ok(spill(headers === false ? undefined : PRICE_HISTORY_HEADERS, rows));
      },
      true
    ),
    SHARE: define(
      [
        country,
        stage,
        optional(year("year")),
        optional(group),
        optional(keyword("field", SUPPLY_FIELDS)),
      ],
      (
        dataset,
        who: CountryRow,
        where: StageRow,
        when?: number,
        which?: string,
        field?: (typeof SUPPLY_FIELDS)[number]
      ) => {
        const answer = share(dataset, who, where, when, which);
        return answer.ok ? ok(supplyField(dataset, answer.value, field ?? "value")) : answer;
      }
    ),
    TONNES: define(
      [country, stage, optional(year("year")), optional(keyword("field", SUPPLY_FIELDS))],
      (
        dataset,
        who: CountryRow,
        where: StageRow,
        when?: number,
        field?: (typeof SUPPLY_FIELDS)[number]
      ) => {
        const answer = tonnes(dataset, who, where, when);
        return answer.ok ? ok(supplyField(dataset, answer.value, field ?? "value")) : answer;
      }
    ),
    CONTROLLED: define(
      [
        element,
        optional(date("date")),
        optional(regime),
        optional(keyword("field", CONTROLLED_FIELDS)),
      ],
      (
        dataset,
        which: ElementRow,
        day?: Day,
        issuer?: string,
        field?: (typeof CONTROLLED_FIELDS)[number]
      ) => {
        const answer = elementControl(dataset, which, day ?? clock.today(), issuer ?? "China");
        return answer.ok ? ok(controlledField(dataset, answer.value, field ?? "value")) : answer;
      }
    ),
    CONTROLS: define(
      [optional(element), optional(date("date")), optional(flag("headers"))],
      (dataset, which?: ElementRow, day?: Day, headers?: boolean) => {
        const asOf = day ?? clock.today();
        const entries = controlTimeline(dataset, which, asOf, "China");
        if (entries.length === 0)
          return unavailable(
            `No measure of China's export controls names ${which?.symbol ?? "any element"}.`
          );
        const serial = (value: Day | undefined) =>
          value === undefined ? "" : serialFromDay(value);
        const rows = entries.map((entry) => [
          entry.measure.number,
          entry.measure.kind,
          serial(entry.measure.announced),
          serialFromDay(entry.measure.effective),
          entry.measure.elements.join(" "),
          entry.known ? entry.status : "unknown (after the data's horizon)",
          entry.known ? serialFromDay(entry.since) : "",
          entry.measure.scope,
          sourceText(dataset.source(entry.measure.source)),
          dataset.source(entry.measure.source).url,
        ]);
        return ok(spill(headers === false ? undefined : CONTROLS_HEADERS, rows));
      },
      true
    ),
    ELEMENT: define(
      [element, keyword("property", ELEMENT_PROPERTIES)],
      (dataset, which: ElementRow, property: (typeof ELEMENT_PROPERTIES)[number]) => {
        switch (property) {
          case "symbol":
            return ok(which.symbol);
          case "name":
            return ok(which.name);
          case "name_zh":
            return ok(which.name_zh);
          case "z":
            return ok(which.z);
          case "class":
            return ok(which.class_usgs);
          case "class_mofcom":
            return ok(
              which.class_mofcom === "" ? "not in MOFCOM's medium/heavy set" : which.class_mofcom
            );
          case "oxide":
            return which.main_oxide
              ? ok(which.main_oxide)
              : unavailable(`${which.name} has no traded oxide in the dataset.`);
          case "atomic_weight": {
            const weight = dataset.rows.atomic_weights.find((row) => row.symbol === which.symbol);
            return weight
              ? ok(weight.atomic_weight)
              : unavailable(`No atomic weight for ${which.symbol}.`);
          }
        }
      }
    ),
    LIST: define([keyword("kind", LIST_KINDS)], (dataset, kind: (typeof LIST_KINDS)[number]) =>
      ok(listNames(dataset, kind).map((name) => [name])),
      true
    ),
    FX: define(
      [currency, optional(fxDate), optional(keyword("field", FX_FIELDS))],
      (dataset, which: FxCurrency, when?: FxWhen, field?: (typeof FX_FIELDS)[number]) => {
        const rate =
          when === undefined
            ? latestRate(dataset, which)
            : "year" in when
              ? rateFor(dataset, which, String(when.year))
              : rateOnDay(dataset, which, when.day);
        return rate.ok ? ok(fxField(dataset, rate.value, field ?? "value")) : rate;
      }
    ),
    TRADE: define(
      [
        tradeProduct,
        { ...country, name: "exporter" as const },
        { ...country, name: "importer" as const },
        period("period"),
        optional(keyword("field", TRADE_FIELDS)),
      ],
      (dataset, product, exporter, importer, when, field?: (typeof TRADE_FIELDS)[number]) => {
        const flow = tradeFlow(dataset, product, exporter, importer, when);
        if (!flow.ok) return flow;
        const source = dataset.source(flow.value.source);
        switch (field ?? "value") {
          case "value":
            return ok(flow.value.tonnes);
          case "period":
            return ok(flow.value.period);
          case "unit":
            return ok("t");
          case "source":
            return ok(sourceText(source));
          case "url":
            return ok(source.url);
          case "note":
            return ok(joinNotes(`${product.name}: ${product.basis}.`, flow.value.note));
        }
      }
    ),
    EVENTS: define(
      [
        optional(date("start", "start")),
        optional(date("end")),
        optional(country),
        optional(flag("headers")),
      ],
      (dataset, start?: Day, end?: Day, who?: CountryRow, headers?: boolean) => {
        if (start !== undefined && end !== undefined && start > end)
          return invalid(`start ${isoFromDay(start)} is after end ${isoFromDay(end)}.`);
        const events = eventsBetween(dataset, start, end, who);
        if (events.length === 0)
          return unavailable(
            `No events${who ? ` for ${who.name}` : ""} between ${start === undefined ? "the start" : isoFromDay(start)} and ${end === undefined ? "the end" : isoFromDay(end)} in the data (${dataset.events.length} events in all).`
          );
        const rows = events.map((event) => [
          serialFromDay(event.day),
          dataset.countries.get(event.country)?.name ?? event.country,
          event.event,
          event.value ?? "",
          event.unit ?? "",
          sourceText(dataset.source(event.source)),
        ]);
        return ok(spill(headers === false ? undefined : EVENTS_HEADERS, rows));
      },
      true
    ),
    DATAINFO: define(
      [optional(keyword("field", INFO_FIELDS))],
      (dataset, field?: (typeof INFO_FIELDS)[number]) => {
        switch (field ?? "version") {
          case "version":
            return ok(dataset.meta.version);
          case "knownThrough":
            return ok(serialFromDay(dataset.knownThrough));
          case "sources":
            return ok(dataset.rows.sources.length);
          case "licence":
            return ok(dataset.meta.licence);
          case "userData":
            return ok(userDataText(dataset));
        }
      }
    ),
  };
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

export type Catalogue = ReturnType<typeof makeCatalogue>;
export type FunctionId = keyof Catalogue;
/** The names a function's parameters are declared with, e.g. "product" | "market" | … for PRICE. */
export type ParameterName<F extends FunctionId> = Catalogue[F]["parameters"][number]["name"];
