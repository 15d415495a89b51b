import { Day, Period, dayFromIso, parsePeriod } from "./dates";
import { NameEntry, NameIndex } from "./names";
import { Result, invalid, ok } from "./result";
import { Meta, PRICE_UNITS, PriceUnit, Row, Rows, TextDataset } from "./schema";
import {
  DataIssue,
  ParsedDataset,
  describeIssue,
  formulaAtoms,
  parseTextDataset,
} from "./validate";

export type SourceRow = Row<"sources">;
export type ElementRow = Row<"elements">;
export type ProductRow = Row<"products">;
export type CountryRow = Row<"countries">;
export type StageRow = Row<"stages">;
export type MarketRow = Row<"markets">;
export type VolumeRow = Row<"volumes">;
export type ShareRow = Row<"shares">;
export type ControlRow = Row<"controls">;
export type SuspensionRow = Row<"suspensions">;
export type FxRow = Row<"fx">;
export type TradeProductRow = Row<"trade_products">;
export type TradeRow = Row<"trade">;
export type EventRow = Row<"events">;

export interface PriceObservation {
  product: ProductRow;
  market: MarketRow;
  period: Period;
  low: number;
  high: number;
  unit: PriceUnit;
  estimated: boolean;
  vintage?: string;
  source: SourceRow;
  note?: string;
}

/** One vintage of a stage's volumes in one year, e.g. mine production 2024 as USGS MCS2026 gives it. */
export interface VolumeVintage {
  vintage: string;
  published: string;
  byCountry: Map<string, VolumeRow>;
}

export interface ControlMeasure extends Omit<ControlRow, "announced" | "effective" | "ended"> {
  announced?: Day;
  effective: Day;
  ended?: Day;
  suspensions: { from: Day; until?: Day; by: ControlRow; source: SourceRow; note?: string }[];
}

const list = (kind: string) => `=REE.LIST("${kind}") lists them.`;

/** The dataset, validated and indexed once so that every query is a map look-up or a binary search. */
export class Dataset {
  readonly sources = new Map<string, SourceRow>();
  readonly elements: ElementRow[];
  readonly products = new Map<string, ProductRow>();
  readonly markets = new Map<string, MarketRow>();
  readonly stages = new Map<string, StageRow>();
  readonly countries = new Map<string, CountryRow>();
  readonly elementNames: NameIndex<ElementRow>;
  readonly productNames: NameIndex<ProductRow>;
  readonly countryNames: NameIndex<CountryRow>;
  readonly stageNames: NameIndex<StageRow>;
  readonly marketNames: NameIndex<MarketRow>;
  readonly unitNames: NameIndex<PriceUnit>;
  readonly groupNames: NameIndex<string>;
  /**
   * Price series by `${product}\u0000${market}`, sorted by period start, one observation per
   * period: the newest edition's where a publisher revised a figure (older ones in priceVintages).
   */
  readonly priceSeries = new Map<string, PriceObservation[]>();
  /** Every edition of every figure, by `${product}\u0000${market}\u0000${period}`, newest first. */
  readonly priceVintages = new Map<string, PriceObservation[]>();
  readonly marketsByProduct = new Map<string, MarketRow[]>();
  /** Exchange rates by currency, then by period text ("2025-01" monthly, "2025" annual). */
  readonly fxRates = new Map<string, Map<string, FxRow>>();
  readonly tradeProductNames: NameIndex<TradeProductRow>;
  /** Trade by `${product}\u0000${exporter}\u0000${importer}`, then by period text. */
  readonly trade = new Map<string, Map<string, TradeRow>>();
  /** Events, oldest first. */
  readonly events: (EventRow & { day: Day })[];
  /** Volumes by `${stage}\u0000${year}`, newest vintage first. */
  readonly volumes = new Map<string, VolumeVintage[]>();
  readonly volumeYears = new Map<string, number[]>();
  /** Stored shares by `${stage}\u0000${year}\u0000${group}`. */
  readonly shares = new Map<string, Map<string, ShareRow>>();
  readonly shareYears = new Map<string, number[]>();
  readonly measures: ControlMeasure[];
  readonly measuresByElement = new Map<string, ControlMeasure[]>();
  readonly metalContent = new Map<string, number>();
  readonly knownThrough: Day;
  /** Sources that came from the user's imports, so that everything citing them says "user data". */
  readonly userSources: ReadonlySet<string>;
  readonly controlsKnownFrom: Day;

  constructor(
    readonly meta: Meta,
    readonly rows: Rows,
    /** The user's imports layered over the base data, newest last; empty for the bundled data alone. */
    readonly layers: readonly LayerSummary[] = []
  ) {
    this.userSources = new Set(layers.flatMap((layer) => layer.sourceIds));
    this.knownThrough = dayOf(meta.knownThrough);
    this.controlsKnownFrom = dayOf(meta.controlsKnownFrom);
    for (const source of rows.sources) this.sources.set(source.id, source);
    for (const product of rows.products) this.products.set(product.id, product);
    for (const market of rows.markets) this.markets.set(market.id, market);
    for (const stage of rows.stages) this.stages.set(stage.id, stage);
    for (const country of rows.countries) this.countries.set(country.id, country);
    this.elements = [...rows.elements].sort((a, b) => a.z - b.z);

    const elementBySymbol = new Map(this.elements.map((element) => [element.symbol, element]));
    this.elementNames = new NameIndex(
      "element",
      this.elements.map((element) => {
        // A single-element product typed where an element is expected means that element ("Dy2O3" is Dy).
        const products = rows.products.filter(
          (product) => product.elements.length === 1 && product.elements[0] === element.symbol
        );
        const fallbackNames = products.flatMap((product) => [
          product.id,
          product.name,
          product.name_zh,
          ...product.aliases,
        ]);
        return {
          ...entry(element, element.symbol, [
            element.symbol,
            element.name,
            element.name_zh,
            ...element.aliases,
          ]),
          fallbackNames,
        };
      }),
      list("elements")
    );
    this.productNames = new NameIndex(
      "product",
      rows.products.map((product) => {
        // An element typed where a product is expected means its main oxide.
        const element = this.elements.find((candidate) => candidate.main_oxide === product.id);
        const fallbackNames = element
          ? [element.symbol, element.name, element.name_zh, ...element.aliases]
          : [];
        // A metal's formula is its element's symbol, which means the main oxide (above).
        const formula = product.kind === "metal" ? "" : (product.formula ?? "");
        return {
          ...entry(product, product.id, [
            product.id,
            formula,
            product.name,
            product.name_zh,
            ...product.aliases,
          ]),
          fallbackNames,
        };
      }),
      list("products")
    );
    this.countryNames = new NameIndex(
      "country",
      rows.countries.map((country) =>
        entry(country, country.name, [
          country.id,
          country.iso2 ?? "",
          country.iso3 ?? "",
          country.name,
          country.name_zh,
          ...country.aliases,
        ])
      ),
      list("countries")
    );
    this.stageNames = new NameIndex(
      "stage",
      rows.stages.map((stage) =>
        entry(stage, stage.id, [stage.id, stage.name, stage.name_zh, ...stage.aliases])
      ),
      list("stages")
    );
    this.marketNames = new NameIndex(
      "market",
      rows.markets.map((market) =>
        entry(market, market.id, [market.id, market.name, market.name_zh, ...market.aliases])
      ),
      list("markets")
    );
    this.unitNames = new NameIndex(
      "unit",
      PRICE_UNITS.map((unit) =>
        entry(unit, unit, [
          unit,
          unit.replace("/", " per "),
          unit.replace("/t", "/tonne"),
          unit.replace("/t", "/mt"),
        ])
      ),
      list("units")
    );
    const groups = [
      ...new Set(
        rows.shares
          .map((share) => share.group)
          .filter((group): group is string => group !== undefined)
      ),
    ];
    this.groupNames = new NameIndex(
      "element group",
      groups.map((group) =>
        entry(group, group, [
          group,
          `${group} rare earths`,
          `${group} REE`,
          group === "heavy" ? "HREE" : "",
          group === "heavy" ? "重稀土" : "",
        ])
      ),
      `The groups with published shares are: ${groups.join(", ") || "none"}.`
    );

    const atomicWeight = new Map(rows.atomic_weights.map((row) => [row.symbol, row.atomic_weight]));
    for (const product of rows.products) {
      const content =
        product.metal_content ?? metalContentOfFormula(product, atomicWeight, elementBySymbol);
      if (content !== undefined) this.metalContent.set(product.id, content);
    }

    for (const row of rows.prices) {
      const product = this.products.get(row.product)!;
      const market = this.markets.get(row.market)!;
      const period = parsePeriod(row.period);
      if (!period.ok) throw new Error(period.message);
      const key = `${priceKey(product.id, market.id)}\u0000${period.value.text}`;
      const editions = this.priceVintages.get(key) ?? [];
      this.priceVintages.set(key, editions);
      editions.push({
        product,
        market,
        period: period.value,
        low: row.low,
        high: row.high,
        unit: row.unit,
        estimated: row.estimated,
        vintage: row.vintage,
        source: this.sources.get(row.source)!,
        note: row.note,
      });
    }
    for (const editions of this.priceVintages.values()) {
      editions.sort((a, b) => compareText(b.source.published, a.source.published));
      const newest = editions[0];
      const key = priceKey(newest.product.id, newest.market.id);
      const series = this.priceSeries.get(key) ?? [];
      if (series.length === 0) {
        this.priceSeries.set(key, series);
        this.marketsByProduct.set(newest.product.id, [
          ...(this.marketsByProduct.get(newest.product.id) ?? []),
          newest.market,
        ]);
      }
      series.push(newest);
    }
    for (const series of this.priceSeries.values())
      series.sort((a, b) => a.period.start - b.period.start);
    for (const markets of this.marketsByProduct.values())
      markets.sort((a, b) => rows.markets.indexOf(a) - rows.markets.indexOf(b));
    for (const row of rows.fx) {
      const byPeriod = this.fxRates.get(row.currency) ?? new Map<string, FxRow>();
      this.fxRates.set(row.currency, byPeriod);
      byPeriod.set(row.period, row);
    }
    this.tradeProductNames = new NameIndex(
      "trade product",
      rows.trade_products.map((product) =>
        entry(product, product.id, [product.id, product.name, product.name_zh, ...product.aliases])
      ),
      list("trade")
    );
    for (const row of rows.trade) {
      const key = tradeKey(row.product, row.exporter, row.importer);
      const byPeriod = this.trade.get(key) ?? new Map<string, TradeRow>();
      this.trade.set(key, byPeriod);
      byPeriod.set(row.period, row);
    }
    this.events = rows.events
      .map((row) => ({ ...row, day: dayOf(row.date) }))
      .sort((a, b) => a.day - b.day || compareText(a.country, b.country));

    for (const row of rows.volumes) {
      const key = `${row.stage}\u0000${row.year}`;
      const vintages = this.volumes.get(key) ?? [];
      this.volumes.set(key, vintages);
      let vintage = vintages.find((candidate) => candidate.vintage === row.vintage);
      if (!vintage) {
        vintage = {
          vintage: row.vintage,
          published: this.sources.get(row.source)!.published,
          byCountry: new Map(),
        };
        vintages.push(vintage);
      }
      vintage.byCountry.set(row.country, row);
      addYear(this.volumeYears, row.stage, row.year);
    }
    // The newest publication is the default; older vintages stay for the record.
    for (const vintages of this.volumes.values())
      vintages.sort((a, b) => compareText(b.published, a.published));
    for (const row of rows.shares) {
      const key = `${row.stage}\u0000${row.year}\u0000${row.group ?? ""}`;
      const byCountry = this.shares.get(key) ?? new Map<string, ShareRow>();
      this.shares.set(key, byCountry);
      byCountry.set(row.country, row);
      addYear(this.shareYears, `${row.stage}\u0000${row.group ?? ""}`, row.year);
    }

    const controlById = new Map(rows.controls.map((row) => [row.id, row]));
    this.measures = rows.controls
      .map((row) => ({
        ...row,
        announced: row.announced === undefined ? undefined : dayOf(row.announced),
        effective: dayOf(row.effective),
        ended: row.ended === undefined ? undefined : dayOf(row.ended),
        suspensions: rows.suspensions
          .filter((suspension) => suspension.measure === row.id)
          .map((suspension) => ({
            from: dayOf(suspension.from),
            until: suspension.until === undefined ? undefined : dayOf(suspension.until),
            by: controlById.get(suspension.by)!,
            source: this.sources.get(suspension.source)!,
            note: suspension.note,
          }))
          .sort((a, b) => a.from - b.from),
      }))
      .sort((a, b) => a.effective - b.effective || compareText(a.id, b.id));
    for (const measure of this.measures) {
      for (const symbol of measure.elements)
        this.measuresByElement.set(symbol, [
          ...(this.measuresByElement.get(symbol) ?? []),
          measure,
        ]);
    }
  }

  priceSeriesOf(productId: string, marketId: string): PriceObservation[] | undefined {
    return this.priceSeries.get(priceKey(productId, marketId));
  }

  source(id: string): SourceRow {
    return this.sources.get(id)!;
  }
}

export function tradeKey(product: string, exporter: string, importer: string): string {
  return `${product}\u0000${exporter}\u0000${importer}`;
}

export function priceKey(productId: string, marketId: string): string {
  return `${productId}\u0000${marketId}`;
}

export interface LayerSummary {
  id: string;
  name: string;
  importedAt: string;
  rows: number;
  sourceIds: string[];
}

/** Validates a dataset in its text form and indexes it; a failure lists every problem found. */
export function loadDataset(text: TextDataset): Result<Dataset> {
  const parsed = parseTextDataset(text);
  if (!parsed.value) return invalid(formatIssues(parsed.issues));
  return ok(new Dataset(parsed.value.meta, parsed.value.rows));
}

export function datasetFromParsed(
  parsed: ParsedDataset,
  layers: readonly LayerSummary[] = []
): Dataset {
  return new Dataset(parsed.meta, parsed.rows, layers);
}

export function formatIssues(issues: DataIssue[]): string {
  return issues.map(describeIssue).join("\n");
}

function entry<T>(value: T, display: string, names: string[]): NameEntry<T> {
  return { value, display, names: names.filter((name) => name !== "") };
}

function dayOf(iso: string): Day {
  const day = dayFromIso(iso);
  if (!day.ok) throw new Error(day.message);
  return day.value;
}

/** Code-unit order: ISO dates and ids sort right, and no locale collator is loaded at start-up. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function addYear(map: Map<string, number[]>, key: string, year: number): void {
  const years = map.get(key) ?? [];
  if (!years.includes(year)) years.push(year);
  years.sort((a, b) => a - b);
  map.set(key, years);
}

/** Mass fraction of the rare-earth metal in a simple formula: Dy2O3 gives 325.0 / 373.0 = 0.871. */
function metalContentOfFormula(
  product: ProductRow,
  atomicWeight: Map<string, number>,
  elements: Map<string, ElementRow>
): number | undefined {
  if (product.formula === undefined) return undefined;
  let metal = 0;
  let total = 0;
  for (const [symbol, count] of formulaAtoms(product.formula)) {
    const weight = atomicWeight.get(symbol);
    if (weight === undefined) return undefined;
    total += weight * count;
    if (elements.has(symbol)) metal += weight * count;
  }
  return total > 0 ? metal / total : undefined;
}
