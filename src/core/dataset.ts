import { Day, Period, dayFromIso, parsePeriod } from "./dates";
import { NameEntry, NameIndex } from "./names";
import { buildVintageNames, matchesVintage } from "./vintages";
import { HistoryEntry } from "./history";
import { LayerRun, PriceColumns, PriceSeries } from "./price-series";
import { Result, invalid, ok, refused } from "./result";
import { DatasetChanges, Meta, PRICE_UNITS, PriceUnit, Row, Rows, TextDataset } from "./schema";
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

interface NameIndexes {
  elementNames: NameIndex<ElementRow>;
  productNames: NameIndex<ProductRow>;
  countryNames: NameIndex<CountryRow>;
  stageNames: NameIndex<StageRow>;
  marketNames: NameIndex<MarketRow>;
  unitNames: NameIndex<PriceUnit>;
  groupNames: NameIndex<string>;
  tradeProductNames: NameIndex<TradeProductRow>;
}

/**
 * The dataset, validated and indexed once so that every query is a map look-up or a binary search.
 * Each table has its own small builder below; queries go through the methods, never the keys.
 */
export class Dataset {
  sources: Map<string, SourceRow>;
  readonly elements: ElementRow[];
  readonly products: Map<string, ProductRow>;
  readonly markets: Map<string, MarketRow>;
  readonly stages: Map<string, StageRow>;
  readonly countries: Map<string, CountryRow>;
  readonly elementNames: NameIndex<ElementRow>;
  readonly productNames: NameIndex<ProductRow>;
  readonly countryNames: NameIndex<CountryRow>;
  readonly stageNames: NameIndex<StageRow>;
  readonly marketNames: NameIndex<MarketRow>;
  readonly unitNames: NameIndex<PriceUnit>;
  readonly groupNames: NameIndex<string>;
  readonly tradeProductNames: NameIndex<TradeProductRow>;
  readonly vintageNames: NameIndex<string>;
  /** The markets each product has prices in, in the markets table's order. */
  marketsByProduct: Map<string, MarketRow[]>;
  readonly measures: ControlMeasure[];
  readonly measuresByElement: Map<string, ControlMeasure[]>;
  readonly metalContent: Map<string, number>;
  /** Events, oldest first. */
  readonly events: (EventRow & { day: Day })[];
  readonly knownThrough: Day;
  readonly controlsKnownFrom: Day;
  /** Sources that came from the user's imports, so that everything citing them says "user data". */
  userSources: ReadonlySet<string>;
  /** The workbook's record of data changes, oldest first (=REE.DATAINFO("history")). */
  history: readonly HistoryEntry[] = [];
  private prices: PriceIndex;
  /** One edition's price series, built on first use (see priceVintageSeriesOf). */
  private readonly vintageSeries = new Map<string, PriceSeries | undefined>();
  private readonly volumes: VolumeIndex;
  private readonly shares: ShareIndex;
  private readonly fx: Map<string, Map<string, FxRow>>;
  private readonly trade: Map<string, Map<string, TradeRow>>;

  constructor(
    readonly meta: Meta,
    public rows: Rows,
    /** The user's imports layered over the base data, newest last; empty for the bundled data alone. */
    public layers: readonly LayerSummary[] = [],
    /** What changed in the base data against its previous release, where the dataset carries it. */
    readonly changes?: DatasetChanges
  ) {
    this.userSources = new Set(layers.flatMap((layer) => layer.sourceIds));
    this.knownThrough = dayOf(meta.knownThrough);
    this.controlsKnownFrom = dayOf(meta.controlsKnownFrom);
    this.sources = byId(rows.sources, (row) => row.id);
    this.products = byId(rows.products, (row) => row.id);
    this.markets = byId(rows.markets, (row) => row.id);
    this.stages = byId(rows.stages, (row) => row.id);
    this.countries = byId(rows.countries, (row) => row.id);
    this.elements = [...rows.elements].sort((a, b) => a.z - b.z);
    const names = buildNameIndexes(rows, this.elements);
    this.elementNames = names.elementNames;
    this.productNames = names.productNames;
    this.countryNames = names.countryNames;
    this.stageNames = names.stageNames;
    this.marketNames = names.marketNames;
    this.unitNames = names.unitNames;
    this.groupNames = names.groupNames;
    this.tradeProductNames = names.tradeProductNames;
    this.vintageNames = buildVintageNames(rows);
    this.metalContent = buildMetalContent(rows, this.elements);
    this.prices = indexPrices(rows, this.products, this.markets, this.sources);
    this.marketsByProduct = this.prices.marketsByProduct;
    this.volumes = indexVolumes(rows, this.sources);
    this.shares = indexShares(rows, this.sources);
    this.fx = indexFx(rows);
    this.trade = indexTrade(rows);
    this.events = rows.events
      .map((row) => ({ ...row, day: dayOf(row.date) }))
      .sort((a, b) => a.day - b.day || compareText(a.country, b.country));
    this.measures = buildMeasures(rows, this.sources);
    this.measuresByElement = new Map();
    for (const measure of this.measures)
      for (const symbol of measure.elements)
        this.measuresByElement.set(symbol, [
          ...(this.measuresByElement.get(symbol) ?? []),
          measure,
        ]);
  }

  source(id: string): SourceRow {
    return this.sources.get(id)!;
  }

  /** One entry per period, oldest first: the newest edition where a figure was revised. */
  priceSeriesOf(productId: string, marketId: string): PriceSeries | undefined {
    return this.prices.series.get(productId)?.get(marketId);
  }

  /** Every edition of one figure, newest first; a user's figure replaces the editions under it. */
  priceEditionsOf(productId: string, marketId: string, period: string): PriceObservation[] {
    const series = this.priceSeriesOf(productId, marketId);
    const parsed = parsePeriod(period);
    if (series && parsed.ok) {
      const index = series.indexOfPeriod(parsed.value);
      if (index >= 0 && series.isImported(index)) return [series.observation(index)];
    }
    return this.prices.editions.get(`${productId}\u0000${marketId}\u0000${period}`) ?? [];
  }

  /** The same data, carrying a workbook's record of data changes. */
  withHistory(history: readonly HistoryEntry[]): Dataset {
    const next = Object.create(Dataset.prototype) as Dataset;
    Object.assign(next, this);
    next.history = history;
    return next;
  }

  /**
   * This dataset with one more layer of a user's prices over it. Only the series the layer
   * touches are rebuilt; everything else is shared with this dataset, which stays as it was.
   */
  withLayer(layer: {
    summary: LayerSummary;
    sources: readonly SourceRow[];
    prices?: PriceColumns;
  }): Result<Dataset> {
    const sources = new Map(this.sources);
    for (const source of layer.sources) sources.set(source.id, source);
    const series = new Map(this.prices.series);
    const marketsByProduct = new Map(this.marketsByProduct);
    const columns = layer.prices;
    if (columns) {
      const sourceRows = columns.sources.map((id) => sources.get(id));
      const missing = columns.sources.filter((_, index) => sourceRows[index] === undefined);
      if (missing.length > 0)
        return refused([
          `${layer.summary.name}: prices cite sources it does not define: ${missing.join(", ")}.`,
        ]);
      const count = columns.start.length;
      for (let from = 0; from < count;) {
        let to = from + 1;
        while (
          to < count &&
          columns.product[to] === columns.product[from] &&
          columns.market[to] === columns.market[from]
        )
          to++;
        const product = this.products.get(columns.products[columns.product[from]]);
        const market = this.markets.get(columns.markets[columns.market[from]]);
        if (!product || !market)
          return refused([`${layer.summary.name}: a product or market is not in the data in use.`]);
        const run: LayerRun = { columns, from, to, sourceRows: sourceRows as SourceRow[] };
        const byMarket = new Map(series.get(product.id) ?? []);
        if (!byMarket.has(market.id)) {
          const markets = [...(marketsByProduct.get(product.id) ?? []), market];
          markets.sort((a, b) => this.rows.markets.indexOf(a) - this.rows.markets.indexOf(b));
          marketsByProduct.set(product.id, markets);
        }
        byMarket.set(market.id, PriceSeries.overlay(byMarket.get(market.id), product, market, run));
        series.set(product.id, byMarket);
        from = to;
      }
    }
    const next = Object.create(Dataset.prototype) as Dataset;
    Object.assign(next, this);
    next.sources = sources;
    next.rows = { ...this.rows, sources: [...this.rows.sources, ...layer.sources] };
    next.userSources = new Set([...this.userSources, ...layer.sources.map((source) => source.id)]);
    next.layers = [...this.layers, layer.summary];
    next.prices = { ...this.prices, series, marketsByProduct };
    next.marketsByProduct = marketsByProduct;
    return ok(next);
  }

  /** The years with tonnes at a stage, ascending; undefined where the stage has no tonnes. */
  volumeYearsOf(stageId: string): number[] | undefined {
    return this.volumes.years.get(stageId);
  }

  /** The editions giving a stage's tonnes in a year, newest first. */
  volumeVintagesOf(stageId: string, year: number): VolumeVintage[] {
    return this.volumes.vintages.get(`${stageId}\u0000${year}`) ?? [];
  }

  /** The years with published shares at a stage (for a group such as "heavy"), ascending. */
  shareYearsOf(stageId: string, group: string | undefined): number[] | undefined {
    return this.shares.years.get(`${stageId}\u0000${group ?? ""}`);
  }

  /** A published share of a country at a stage in a year: the newest source's, or the vintage asked. */
  shareOf(
    stageId: string,
    year: number,
    group: string | undefined,
    countryId: string,
    vintage?: string
  ): ShareRow | undefined {
    const rows = this.sharesOf(stageId, year, group, countryId);
    return vintage === undefined
      ? rows[0]
      : rows.find((row) => matchesVintage(row.vintage, vintage));
  }

  /** Every published share of a country at a stage in a year, the newest publication first. */
  sharesOf(
    stageId: string,
    year: number,
    group: string | undefined,
    countryId: string
  ): ShareRow[] {
    return (
      this.shares.rows.get(`${stageId}\u0000${year}\u0000${group ?? ""}`)?.get(countryId) ?? []
    );
  }

  /**
   * One edition's observations of a product in a market (`vintage` may name every version of an
   * edition, "MCS2026"); undefined where that edition gives none.
   */
  priceVintageSeriesOf(
    productId: string,
    marketId: string,
    vintage: string
  ): PriceSeries | undefined {
    const key = `${productId}\u0000${marketId}\u0000${vintage}`;
    if (this.vintageSeries.has(key)) return this.vintageSeries.get(key);
    const chosen = new Map<string, PriceObservation>();
    // allEditions is newest publication first, so a later version of the edition wins a period.
    const all = this.prices.allEditions.get(`${productId}\u0000${marketId}`) ?? [];
    for (const observation of all)
      if (matchesVintage(observation.vintage, vintage) && !chosen.has(observation.period.text))
        chosen.set(observation.period.text, observation);
    const series =
      chosen.size === 0
        ? undefined
        : PriceSeries.fromObservations(
            [...chosen.values()].sort((a, b) => a.period.start - b.period.start)
          );
    this.vintageSeries.set(key, series);
    return series;
  }

  /** The editions that give a product's prices in a market, newest publication first. */
  priceVintagesOf(productId: string, marketId: string): string[] {
    const all = this.prices.allEditions.get(`${productId}\u0000${marketId}`) ?? [];
    return [
      ...new Set(all.flatMap((observation) => (observation.vintage ? [observation.vintage] : []))),
    ];
  }

  /** The currencies with rates. */
  fxCurrencies(): string[] {
    return [...this.fx.keys()].sort();
  }

  /** A currency's rate for a period ("2025-01" a monthly average, "2025" an annual one). */
  fxRateOf(currency: string, period: string): FxRow | undefined {
    return this.fx.get(currency)?.get(period);
  }

  /** The periods a currency has rates for, ascending. */
  fxPeriodsOf(currency: string): string[] {
    return [...(this.fx.get(currency)?.keys() ?? [])].sort();
  }

  /** A trade flow's figures by period ("2025-08" monthly, "2025" a published annual total). */
  tradeSeriesOf(
    product: string,
    exporter: string,
    importer: string
  ): Map<string, TradeRow> | undefined {
    return this.trade.get(tradeKey(product, exporter, importer));
  }

  /** The importers with figures for a product from an exporter. */
  importersOf(product: string, exporter: string): string[] {
    const prefix = tradeKey(product, exporter, "");
    return [...this.trade.keys()]
      .filter((key) => key.startsWith(prefix))
      .map((key) => key.slice(prefix.length));
  }
}

function byId<T>(rows: T[], id: (row: T) => string): Map<string, T> {
  return new Map(rows.map((row) => [id(row), row]));
}

function buildNameIndexes(rows: Rows, elements: ElementRow[]): NameIndexes {
  return {
    elementNames: new NameIndex(
      "element",
      elements.map((element) => {
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
    ),
    productNames: new NameIndex(
      "product",
      rows.products.map((product) => {
        // An element typed where a product is expected means its main oxide.
        const element = elements.find((candidate) => candidate.main_oxide === product.id);
        const fallbackNames = element
          ? [element.symbol, element.name, element.name_zh, ...element.aliases]
          : [];
        // A metal's formula is its element's symbol, which means the main oxide (above).
        const formula = product.kind === "metal" ? "" : (product.formula ?? "");
        // Analysts write a metal either way round: "Nd metal" and "metal Nd".
        const metal = /^(.+) metal$/.exec(product.id);
        return {
          ...entry(product, product.id, [
            product.id,
            formula,
            metal ? `metal ${metal[1]}` : "",
            product.name,
            product.name_zh,
            ...product.aliases,
          ]),
          fallbackNames,
        };
      }),
      list("products")
    ),
    countryNames: new NameIndex(
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
    ),
    stageNames: new NameIndex(
      "stage",
      rows.stages.map((stage) =>
        entry(stage, stage.id, [stage.id, stage.name, stage.name_zh, ...stage.aliases])
      ),
      list("stages")
    ),
    marketNames: new NameIndex(
      "market",
      rows.markets.map((market) =>
        entry(market, market.id, [market.id, market.name, market.name_zh, ...market.aliases])
      ),
      list("markets")
    ),
    unitNames: new NameIndex(
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
    ),
    groupNames: buildGroupNames(rows),
    tradeProductNames: new NameIndex(
      "trade product",
      rows.trade_products.map((product) =>
        entry(product, product.id, [product.id, product.name, product.name_zh, ...product.aliases])
      ),
      list("trade products")
    ),
  };
}

function buildGroupNames(rows: Rows): NameIndex<string> {
  const groups = [
    ...new Set(
      rows.shares
        .map((share) => share.group)
        .filter((group): group is string => group !== undefined)
    ),
  ];
  return new NameIndex(
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
}

function buildMetalContent(rows: Rows, elements: ElementRow[]): Map<string, number> {
  const atomicWeight = new Map(rows.atomic_weights.map((row) => [row.symbol, row.atomic_weight]));
  const elementBySymbol = new Map(elements.map((element) => [element.symbol, element]));
  const content = new Map<string, number>();
  for (const product of rows.products) {
    const value =
      product.metal_content ?? metalContentOfFormula(product, atomicWeight, elementBySymbol);
    if (value !== undefined) content.set(product.id, value);
  }
  return content;
}

interface PriceIndex {
  /** Product id, then market id: no key text is built on a formula's path. */
  series: Map<string, Map<string, PriceSeries>>;
  editions: Map<string, PriceObservation[]>;
  marketsByProduct: Map<string, MarketRow[]>;
  /** Every edition's observations of a product in a market (key product, NUL, market), newest publication first, for asking an older edition. */
  allEditions: Map<string, PriceObservation[]>;
}

/** Price series by product and market; where a publisher revised a figure, the newest edition answers. */
function indexPrices(
  rows: Rows,
  products: Map<string, ProductRow>,
  markets: Map<string, MarketRow>,
  sources: Map<string, SourceRow>
): PriceIndex {
  const editions = new Map<string, PriceObservation[]>();
  const allEditions = new Map<string, PriceObservation[]>();
  for (const row of rows.prices) {
    const period = parsePeriod(row.period);
    if (!period.ok) throw new Error(period.message);
    const key = `${row.product}\u0000${row.market}\u0000${period.value.text}`;
    const list = editions.get(key) ?? [];
    editions.set(key, list);
    const seriesKey = `${row.product}\u0000${row.market}`;
    const all = allEditions.get(seriesKey) ?? [];
    allEditions.set(seriesKey, all);
    const observation: PriceObservation = {
      product: products.get(row.product)!,
      market: markets.get(row.market)!,
      period: period.value,
      low: row.low,
      high: row.high,
      unit: row.unit,
      estimated: row.estimated,
      vintage: row.vintage,
      source: sources.get(row.source)!,
      note: row.note,
    };
    list.push(observation);
    all.push(observation);
  }
  const observations = new Map<string, Map<string, PriceObservation[]>>();
  const marketsByProduct = new Map<string, MarketRow[]>();
  for (const list of editions.values()) {
    list.sort((a, b) => compareText(b.source.published, a.source.published));
    const newest = list[0];
    const byMarket = observations.get(newest.product.id) ?? new Map<string, PriceObservation[]>();
    observations.set(newest.product.id, byMarket);
    const series = byMarket.get(newest.market.id) ?? [];
    if (series.length === 0) {
      byMarket.set(newest.market.id, series);
      marketsByProduct.set(newest.product.id, [
        ...(marketsByProduct.get(newest.product.id) ?? []),
        newest.market,
      ]);
    }
    series.push(newest);
  }
  const precisionOrder = { year: 0, month: 1, day: 2 } as const;
  const series = new Map<string, Map<string, PriceSeries>>();
  for (const [productId, byMarket] of observations) {
    const seriesByMarket = new Map<string, PriceSeries>();
    series.set(productId, seriesByMarket);
    for (const [marketId, list] of byMarket) {
      // Two periods starting on one day (a year and its first month): the coarser comes first.
      list.sort(
        (a, b) =>
          a.period.start - b.period.start ||
          precisionOrder[a.period.precision] - precisionOrder[b.period.precision]
      );
      seriesByMarket.set(marketId, PriceSeries.fromObservations(list));
    }
  }
  for (const list of marketsByProduct.values())
    list.sort((a, b) => rows.markets.indexOf(a) - rows.markets.indexOf(b));
  for (const list of allEditions.values())
    list.sort((a, b) => compareText(b.source.published, a.source.published));
  return { series, editions, marketsByProduct, allEditions };
}

interface VolumeIndex {
  vintages: Map<string, VolumeVintage[]>;
  years: Map<string, number[]>;
}

/** Tonnes by stage and year, each edition apart, the newest publication first. */
function indexVolumes(rows: Rows, sources: Map<string, SourceRow>): VolumeIndex {
  const vintages = new Map<string, VolumeVintage[]>();
  const years = new Map<string, number[]>();
  for (const row of rows.volumes) {
    const key = `${row.stage}\u0000${row.year}`;
    const list = vintages.get(key) ?? [];
    vintages.set(key, list);
    let vintage = list.find((candidate) => candidate.vintage === row.vintage);
    if (!vintage) {
      vintage = {
        vintage: row.vintage,
        published: sources.get(row.source)!.published,
        byCountry: new Map(),
      };
      list.push(vintage);
    }
    vintage.byCountry.set(row.country, row);
    addYear(years, row.stage, row.year);
  }
  // The newest publication is the default; older vintages stay for the record.
  for (const list of vintages.values()) list.sort((a, b) => compareText(b.published, a.published));
  return { vintages, years };
}

interface ShareIndex {
  /** Stage, year and group, then country: every source's figure, the newest publication first. */
  rows: Map<string, Map<string, ShareRow[]>>;
  years: Map<string, number[]>;
}

function indexShares(rows: Rows, sources: Map<string, SourceRow>): ShareIndex {
  const byKey = new Map<string, Map<string, ShareRow[]>>();
  const years = new Map<string, number[]>();
  for (const row of rows.shares) {
    const key = `${row.stage}\u0000${row.year}\u0000${row.group ?? ""}`;
    const byCountry = byKey.get(key) ?? new Map<string, ShareRow[]>();
    byKey.set(key, byCountry);
    byCountry.set(row.country, [...(byCountry.get(row.country) ?? []), row]);
    addYear(years, `${row.stage}\u0000${row.group ?? ""}`, row.year);
  }
  // Where two sources publish one share, the newest publication answers unless a vintage is asked.
  const published = (row: ShareRow) => sources.get(row.source)!.published;
  for (const byCountry of byKey.values())
    for (const list of byCountry.values())
      list.sort((a, b) => compareText(published(b), published(a)));
  return { rows: byKey, years };
}

function indexFx(rows: Rows): Map<string, Map<string, FxRow>> {
  const fx = new Map<string, Map<string, FxRow>>();
  for (const row of rows.fx) {
    const byPeriod = fx.get(row.currency) ?? new Map<string, FxRow>();
    fx.set(row.currency, byPeriod);
    byPeriod.set(row.period, row);
  }
  return fx;
}

function indexTrade(rows: Rows): Map<string, Map<string, TradeRow>> {
  const trade = new Map<string, Map<string, TradeRow>>();
  for (const row of rows.trade) {
    const key = tradeKey(row.product, row.exporter, row.importer);
    const byPeriod = trade.get(key) ?? new Map<string, TradeRow>();
    trade.set(key, byPeriod);
    byPeriod.set(row.period, row);
  }
  return trade;
}

function buildMeasures(rows: Rows, sources: Map<string, SourceRow>): ControlMeasure[] {
  const controlById = new Map(rows.controls.map((row) => [row.id, row]));
  return rows.controls
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
          source: sources.get(suspension.source)!,
          note: suspension.note,
        }))
        .sort((a, b) => a.from - b.from),
    }))
    .sort((a, b) => a.effective - b.effective || compareText(a.id, b.id));
}

function tradeKey(product: string, exporter: string, importer: string): string {
  return `${product}\u0000${exporter}\u0000${importer}`;
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
  return ok(new Dataset(parsed.value.meta, parsed.value.rows, [], parsed.value.changes));
}

export function datasetFromParsed(
  parsed: ParsedDataset,
  layers: readonly LayerSummary[] = []
): Dataset {
  return new Dataset(parsed.meta, parsed.rows, layers, parsed.changes);
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
