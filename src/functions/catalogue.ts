import { controlTimeline, elementControl, regimes } from "../core/controls";
import { CountryRow, Dataset, ElementRow, MarketRow, ProductRow, StageRow } from "../core/dataset";
import { Day, isoFromDay, serialFromDay, todayDay } from "../core/dates";
import { NameIndex } from "../core/names";
import { priceHistory } from "../core/prices";
import { Result, invalid, ok, unavailable } from "../core/result";
import { FX_CURRENCIES, FxCurrency, PriceUnit } from "../core/schema";
import { latestRate, rateFor, rateOnDay } from "../core/fx";
import { tradeFlow } from "../core/trade";
import { eventsBetween } from "../core/events";
import { share, tonnes } from "../core/supply";
import { concentration } from "../core/concentration";
import { Basis, convertQuantity, resolveBasis } from "../core/convert";
import { spread } from "../core/spread";
import {
  Output,
  Parameter,
  Values,
  date,
  flag,
  keyword,
  named,
  number,
  optional,
  parseArguments,
  period,
  property,
  PropertyChoice,
  year,
  yearNamed,
} from "./arguments";
import {
  CONTROLLED_FIELDS,
  HHI_FIELDS,
  SPREAD_FIELDS,
  concentrationField,
  spreadField,
  CONTROLS_HEADERS,
  DEFAULT_REGIME,
  DEFAULT_UNIT,
  ELEMENT_PROPERTIES,
  PRODUCT_PROPERTIES,
  COUNTRY_PROPERTIES,
  cardProperty,
  countryCardOf,
  elementCardOf,
  productCardOf,
  EVENTS_HEADERS,
  FX_FIELDS,
  INFO_FIELDS,
  historyOf,
  LIST_KINDS,
  PRICE_FIELDS,
  PRICE_HISTORY_HEADERS,
  SUPPLY_FIELDS,
  TRADE_FIELDS,
  changesOf,
  controlledField,
  findPrice,
  fxField,
  joinNotes,
  listNames,
  marketOrDefault,
  priceField,
  sourceText,
  spill,
  supplyField,
  userDataText,
} from "./answers";

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
const vintage = named("vintage", (dataset) => dataset.vintageNames);
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

/** A basis of REE.CONVERT: a product, an element (its metal) or "REO". */
function basis<N extends string>(name: N): Parameter<Basis, N> {
  return {
    name,
    parse: (value, dataset) =>
      typeof value === "string"
        ? resolveBasis(dataset, value)
        : invalid(`${name} must be text such as "Dy2O3", "Dy" (the metal) or "REO".`),
  };
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
const fxDay = date("date");
const fxDate: Parameter<FxWhen, "date"> = {
  name: "date",
  parse: (value, dataset) => {
    const named = yearNamed(value);
    if (named !== undefined) return ok({ year: named });
    const day = fxDay.parse(value, dataset);
    return day.ok ? ok({ day: day.value }) : day;
  },
};

/** A start after the end is a malformed question, whatever the data holds. */
function checkRange(start: Day | undefined, end: Day | undefined): Result<undefined> {
  return start !== undefined && end !== undefined && start > end
    ? invalid(`start ${isoFromDay(start)} is after end ${isoFromDay(end)}.`)
    : ok(undefined);
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
        optional(vintage),
      ],
      (
        dataset,
        chosen: ProductRow,
        asked?: MarketRow,
        day?: Day,
        priceUnit?: PriceUnit,
        field?: (typeof PRICE_FIELDS)[number],
        edition?: string
      ) => {
        const answer = findPrice(dataset, chosen, asked, day, priceUnit, edition);
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
        optional(vintage),
      ],
      (
        dataset,
        chosen: ProductRow,
        asked?: MarketRow,
        start?: Day,
        end?: Day,
        priceUnit?: PriceUnit,
        headers?: boolean,
        edition?: string
      ) => {
        const range = checkRange(start, end);
        if (!range.ok) return range;
        const chosenMarket = marketOrDefault(dataset, chosen, asked);
        if (!chosenMarket.ok) return chosenMarket;
        const history = priceHistory(
          dataset,
          chosen,
          chosenMarket.value,
          start,
          end,
          priceUnit ?? DEFAULT_UNIT,
          edition
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
        optional(vintage),
      ],
      (
        dataset,
        who: CountryRow,
        where: StageRow,
        when?: number,
        which?: string,
        field?: (typeof SUPPLY_FIELDS)[number],
        edition?: string
      ) => {
        const answer = share(dataset, who, where, when, which, edition);
        return answer.ok ? ok(supplyField(dataset, answer.value, field ?? "value")) : answer;
      }
    ),
    TONNES: define(
      [
        country,
        stage,
        optional(year("year")),
        optional(keyword("field", SUPPLY_FIELDS)),
        optional(vintage),
      ],
      (
        dataset,
        who: CountryRow,
        where: StageRow,
        when?: number,
        field?: (typeof SUPPLY_FIELDS)[number],
        edition?: string
      ) => {
        const answer = tonnes(dataset, who, where, when, edition);
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
        const answer = elementControl(
          dataset,
          which,
          day ?? clock.today(),
          issuer ?? DEFAULT_REGIME
        );
        return answer.ok ? ok(controlledField(dataset, answer.value, field ?? "value")) : answer;
      }
    ),
    CONTROLS: define(
      [optional(element), optional(date("date")), optional(flag("headers"))],
      (dataset, which?: ElementRow, day?: Day, headers?: boolean) => {
        const asOf = day ?? clock.today();
        const entries = controlTimeline(dataset, which, asOf, DEFAULT_REGIME);
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
      [element, optional(property("property", ELEMENT_PROPERTIES))],
      (
        dataset,
        which: ElementRow,
        asked?: PropertyChoice<(typeof ELEMENT_PROPERTIES)[number]>
      ): Result<Output> => {
        // No property: the card, which Excel shows as an entity where the host has data types
        // (functions.ts); its text, the element's name, everywhere else.
        if (asked === undefined) return ok(which.name);
        if ("name" in asked)
          return cardProperty(
            elementCardOf(dataset, which, clock.today()),
            asked.name,
            asked.unknown,
            () => dataset.elements.map((other) => elementCardOf(dataset, other, clock.today()))
          );
        switch (asked.keyword) {
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
    PRODUCT: define(
      [product, optional(property("property", PRODUCT_PROPERTIES))],
      (
        dataset,
        chosen: ProductRow,
        asked?: PropertyChoice<(typeof PRODUCT_PROPERTIES)[number]>
      ): Result<Output> => {
        if (asked === undefined) return ok(chosen.name);
        if ("name" in asked)
          return cardProperty(productCardOf(dataset, chosen), asked.name, asked.unknown, () =>
            dataset.rows.products.map((other) => productCardOf(dataset, other))
          );
        const given = (value: string | number | undefined, what: string) =>
          value === undefined
            ? unavailable(`${chosen.id} has no ${what} in the dataset.`)
            : ok(value);
        switch (asked.keyword) {
          case "id":
            return ok(chosen.id);
          case "name":
            return ok(chosen.name);
          case "name_zh":
            return ok(chosen.name_zh);
          case "formula":
            return given(chosen.formula, "formula");
          case "kind":
            return ok(chosen.kind);
          case "elements":
            return ok(chosen.elements.join(" "));
          case "spec":
            return given(chosen.spec, "spec");
          case "default_market":
            return given(chosen.default_market, "default market (it has no price)");
          case "metal_content":
            return given(dataset.metalContent.get(chosen.id), "metal content");
        }
      }
    ),
    COUNTRY: define(
      [country, optional(property("property", COUNTRY_PROPERTIES))],
      (
        dataset,
        who: CountryRow,
        asked?: PropertyChoice<(typeof COUNTRY_PROPERTIES)[number]>
      ): Result<Output> => {
        if (asked === undefined) return ok(who.name);
        if ("name" in asked)
          return cardProperty(
            countryCardOf(dataset, who, clock.today()),
            asked.name,
            asked.unknown,
            () =>
              dataset.rows.countries.map((other) => countryCardOf(dataset, other, clock.today()))
          );
        const given = (value: string | undefined, what: string) =>
          value === undefined ? unavailable(`${who.name} has no ${what}.`) : ok(value);
        switch (asked.keyword) {
          case "id":
            return ok(who.id);
          case "name":
            return ok(who.name);
          case "name_zh":
            return ok(who.name_zh);
          case "iso2":
            return given(who.iso2, "ISO 3166 alpha-2 code");
          case "iso3":
            return given(who.iso3, "ISO 3166 alpha-3 code");
          case "kind":
            return ok(who.kind);
        }
      }
    ),
    LIST: define(
      [keyword("kind", LIST_KINDS)],
      (dataset, kind: (typeof LIST_KINDS)[number]) =>
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
        const range = checkRange(start, end);
        if (!range.ok) return range;
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
          case "changes":
            return changesOf(dataset);
          case "history":
            return historyOf(dataset);
        }
      },
      // "changes" and "history" are tables; every other field is one value, which Excel shows
      // as a 1×1 spill.
      true
    ),
    HHI: define(
      [stage, optional(year("year")), optional(group), optional(keyword("field", HHI_FIELDS))],
      (
        dataset,
        where: StageRow,
        when?: number,
        which?: string,
        field?: (typeof HHI_FIELDS)[number]
      ) => {
        const answer = concentration(dataset, where, when, which);
        return answer.ok ? ok(concentrationField(answer.value, field ?? "value")) : answer;
      }
    ),
    CONVERT: define(
      [number("value"), basis("from"), basis("to")],
      (dataset, value: number, from: Basis, to: Basis) => {
        const answer = convertQuantity(dataset, value, from, to);
        return answer.ok ? ok(answer.value.value) : answer;
      }
    ),
    SPREAD: define(
      [
        product,
        market,
        { ...market, name: "versus" as const },
        optional(date("date")),
        optional(unit),
        optional(keyword("field", SPREAD_FIELDS)),
      ],
      (
        dataset,
        chosen: ProductRow,
        first: MarketRow,
        second: MarketRow,
        day?: Day,
        priceUnit?: PriceUnit,
        field?: (typeof SPREAD_FIELDS)[number]
      ) => {
        const answer = spread(dataset, chosen, first, second, day, priceUnit ?? DEFAULT_UNIT);
        return answer.ok ? ok(spreadField(answer.value, field ?? "value")) : answer;
      }
    ),
  };
}

export type Catalogue = ReturnType<typeof makeCatalogue>;
export type FunctionId = keyof Catalogue;
/** The names a function's parameters are declared with, e.g. "product" | "market" | … for PRICE. */
export type ParameterName<F extends FunctionId> = Catalogue[F]["parameters"][number]["name"];
