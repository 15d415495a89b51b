import { FunctionId, makeCatalogue, systemClock } from "./catalogue";
import { Output, parseArguments } from "./arguments";
import { toExcel, unexpected } from "./excel-errors";
import { activeDataset } from "./store";
import { unavailable } from "../core/result";
import { DataTypeSupport, NO_DATA_TYPES, dataTypeSupportFrom, entityOf } from "./cards";
import { countryCardOf, elementCardOf, productCardOf } from "./answers";
import { Card } from "../core/cards";
import { Dataset } from "../core/dataset";

const catalogue = makeCatalogue();

function call(id: FunctionId, args: unknown[], spills = false): Output {
  try {
    const dataset = activeDataset();
    if (!dataset.ok)
      return toExcel(unavailable(`The REE dataset did not load: ${dataset.message}`), spills);
    return toExcel(catalogue[id].run(dataset.value, args), spills, { id, args });
  } catch (error) {
    return unexpected(id, error, spills);
  }
}

/**
 * Price of a rare-earth product in a market, on or before a date (default: the latest), in USD/kg unless a unit is given. Example: =REE.PRICE("Dy2O3") or =REE.PRICE("Tb4O7","Europe","2025-07-01").
 * @customfunction PRICE
 * @helpurl https://github.com/ree-excel/ree-excel#reeprice
 * @param product Product: formula, name or Chinese name ("Dy2O3", "NdPr oxide", "氧化镝"); an element means its main oxide.
 * @param [market] "China" (domestic, CNY), "FOB China", "Europe", "USGS" (annual average), "Northern listed" or "DoD floor". Default: the product's default market.
 * @param [date] Excel date, ISO text "2025-07-01" or a year (2024): the last assessment on or before it. Default: the latest.
 * @param [unit] "USD/kg" (default), "USD/t", "CNY/kg" or "CNY/t".
 * @param [field] "value" (mid, default), "low", "high", "date", "period", "unit", "market", "vintage", "source", "url" or "note".
 * @param [vintage] Edition, e.g. "MCS2019" or "MCS2026 v1.3": that edition's figure instead of the newest. Default: the newest edition.
 * @returns The mid of the assessed low-high range, or the field asked for.
 */
export function price(
  product: string,
  market?: string,
  date?: any,
  unit?: string,
  field?: string,
  vintage?: string
): any {
  return call("PRICE", [product, market, date, unit, field, vintage]);
}

/**
 * Price history of a product in a market as a table that spills: Date, Low, High, Mid, oldest first. Example: =REE.PRICEHISTORY("Dy2O3","USGS",DATE(2021,1,1)).
 * @customfunction PRICEHISTORY
 * @helpurl https://github.com/ree-excel/ree-excel#reepricehistory
 * @param product Product: formula, name or Chinese name ("Dy2O3", "NdPr oxide", "氧化镝").
 * @param [market] "China", "FOB China", "Europe", "USGS", "Northern listed" or "DoD floor". Default: the product's default market.
 * @param [start] First date (Excel date or "2025-01-01"). Default: the start of the series.
 * @param [end] Last date. Default: the end of the series.
 * @param [unit] "USD/kg" (default), "USD/t", "CNY/kg" or "CNY/t".
 * @param [headers] 1 (default) shows a header row, 0 hides it.
 * @param [vintage] Edition, e.g. "MCS2019": that edition's series instead of the newest figure of each period. Default: the newest edition.
 * @returns A table of Date (Excel serial), Low, High and Mid.
 */
export function priceHistory(
  product: string,
  market?: string,
  start?: any,
  end?: any,
  unit?: string,
  headers?: any,
  vintage?: string
): any[][] {
  return call(
    "PRICEHISTORY",
    [product, market, start, end, unit, headers, vintage],
    true
  ) as any[][];
}

/**
 * A country's share of world rare-earth supply at a stage, from 0 to 1 (format as %). Example: =REE.SHARE("China","separation") or =REE.SHARE("Myanmar","mining",2024).
 * @customfunction SHARE
 * @helpurl https://github.com/ree-excel/ree-excel#reeshare
 * @param country Country name, ISO code or Chinese name ("China", "US", "MMR", "缅甸"), or "World".
 * @param stage "mining", "reserves", "separation", "metal" or "magnets".
 * @param [year] Year as a number or any date in it. Default: the latest year published.
 * @param [element] Element group, e.g. "heavy". Default: all rare earths.
 * @param [field] "value" (default), "year", "date", "unit", "vintage", "source", "url" or "note".
 * @param [vintage] Edition or publication, e.g. "MCS2025" or "IEA GCMO 2024": that one's figure instead of the newest. Default: the newest.
 * @returns The share as a fraction, or the field asked for.
 */
export function share(
  country: string,
  stage: string,
  year?: any,
  element?: string,
  field?: string,
  vintage?: string
): any {
  return call("SHARE", [country, stage, year, element, field, vintage]);
}

/**
 * Tonnes of rare-earth oxide (REO) a country mined, or holds in reserves, in a year (USGS). Example: =REE.TONNES("China","mining",2025).
 * @customfunction TONNES
 * @helpurl https://github.com/ree-excel/ree-excel#reetonnes
 * @param country Country name, ISO code or Chinese name, or "World".
 * @param stage "mining" or "reserves".
 * @param [year] Year as a number or any date in it. Default: the latest year published.
 * @param [field] "value" (default), "year", "date", "unit", "vintage", "source", "url" or "note".
 * @param [vintage] Edition, e.g. "MCS2019" or "MCS2026 v1.3": that edition's figure instead of the newest. Default: the newest edition.
 * @returns Tonnes REO, newest USGS edition, or the field asked for.
 */
export function tonnes(
  country: string,
  stage: string,
  year?: any,
  field?: string,
  vintage?: string
): any {
  return call("TONNES", [country, stage, year, field, vintage]);
}

/**
 * TRUE if the element's exports are under China's export controls (licence or quota) on the date, FALSE if not or suspended. Example: =REE.CONTROLLED("Dy",DATE(2025,4,4)).
 * @customfunction CONTROLLED
 * @helpurl https://github.com/ree-excel/ree-excel#reecontrolled
 * @param element Element symbol, name or Chinese name ("Dy", "Dysprosium", "镝").
 * @param [date] Excel date or "2025-04-04". Default: the day of calculation (use TODAY() to follow the calendar).
 * @param [regime] Issuing country. Default: "China".
 * @param [field] "value" (default), "status", "measure", "since", "date", "source", "url" or "note".
 * @returns TRUE or FALSE, or the field asked for.
 */
export function controlled(element: string, date?: any, regime?: string, field?: string): any {
  return call("CONTROLLED", [element, date, regime, field]);
}

/**
 * China's export-control measures as a table that spills, with each one's status on a date. Example: =REE.CONTROLS("Ho","2025-11-08").
 * @customfunction CONTROLS
 * @helpurl https://github.com/ree-excel/ree-excel#reecontrols
 * @param [element] Only the measures naming this element. Default: all measures.
 * @param [date] Status date (Excel date or ISO text). Default: the day of calculation.
 * @param [headers] 1 (default) shows a header row, 0 hides it.
 * @returns A table: Measure, Kind, Announced, Effective, Elements, Status, Since, Scope, Source, URL.
 */
export function controls(element?: string, date?: any, headers?: any): any[][] {
  return call("CONTROLS", [element, date, headers], true) as any[][];
}

/**
 * Whether this host shows cards as data types, decided once: when Office has started in the
 * shared runtime (Office.onReady), from its requirement sets. Where there is no Office at all (a
 * formula engine, a test without the stand-in), cards are text.
 */
let dataTypes: DataTypeSupport | undefined;
function dataTypeSupport(): DataTypeSupport {
  if (dataTypes) return dataTypes;
  const requirements = typeof Office === "undefined" ? undefined : Office.context?.requirements;
  // Before Office has started there is nothing to decide from; ask again on the next call.
  if (!requirements) return NO_DATA_TYPES;
  dataTypes = dataTypeSupportFrom((name, version) => requirements.isSetSupported(name, version));
  return dataTypes;
}
if (typeof Office !== "undefined") void Office.onReady(() => dataTypeSupport());

type CardId = "ELEMENT" | "PRODUCT" | "COUNTRY";
const CARDS: Record<CardId, (dataset: Dataset, subject: never) => Card> = {
  ELEMENT: (dataset, element) => elementCardOf(dataset, element, systemClock.today()),
  PRODUCT: (dataset, product) => productCardOf(dataset, product),
  COUNTRY: (dataset, country) => countryCardOf(dataset, country, systemClock.today()),
};

/**
 * A card function: with a property, or where the host has no data types, the catalogue's answer
 * (the property, or the card's name as text); otherwise the card as an Excel entity.
 */
function card(id: CardId, args: [unknown, unknown]): Output | Excel.EntityCellValue {
  const property = args[1];
  const asksCard = property === null || property === undefined || property === "";
  const support = asksCard ? dataTypeSupport() : NO_DATA_TYPES;
  if (!support.entities) return call(id, args);
  try {
    const dataset = activeDataset();
    if (!dataset.ok) return call(id, args);
    // The subject is parsed by its one declaration, so a bad name says what it says in every function.
    const subject = parseArguments(dataset.value, [catalogue[id].parameters[0]], [args[0]]);
    if (!("ok" in subject) || !subject.ok) return call(id, args);
    const [value] = subject.value;
    return entityOf(CARDS[id](dataset.value, value as never), dataset.value, support);
  } catch (error) {
    return unexpected(id, error, false);
  }
}

/**
 * A rare-earth element as a card (an Excel data type where supported: =A1.Price, =A1.[China mining share]), or one property of it. Example: =REE.ELEMENT("Dy") or =REE.ELEMENT("Dy","name_zh") gives 镝.
 * @customfunction ELEMENT
 * @helpurl https://github.com/ree-excel/ree-excel#reeelement
 * @param element Element symbol, name or Chinese name ("Dy", "Dysprosium", "镝").
 * @param [property] "symbol", "name", "name_zh", "z", "class" (USGS light/heavy), "class_mofcom", "oxide", "atomic_weight", or any property on the card ("Price", "China mining share"). Default: the whole card.
 * @returns The card (its name where Excel has no data types), or the property's value.
 */
export function element(element: string, property?: string): any {
  return card("ELEMENT", [element, property]);
}

/**
 * A rare-earth product as a card (an Excel data type where supported: prices by market, metal content), or one property of it. Example: =REE.PRODUCT("Dy2O3") or =REE.PRODUCT("Dy2O3","metal_content").
 * @customfunction PRODUCT
 * @helpurl https://github.com/ree-excel/ree-excel#reeproduct
 * @param product Product: formula, name or Chinese name ("Dy2O3", "NdPr oxide", "氧化镝"); an element means its main oxide.
 * @param [property] "id", "name", "name_zh", "formula", "kind", "elements", "spec", "default_market", "metal_content", or any property on the card ("Price", "China price"). Default: the whole card.
 * @returns The card (its name where Excel has no data types), or the property's value.
 */
export function product(product: string, property?: string): any {
  return card("PRODUCT", [product, property]);
}

/**
 * A country as a card (an Excel data type where supported: shares and tonnes by stage, controls, events), or one property of it. Example: =REE.COUNTRY("China") or =REE.COUNTRY("China","Mining share").
 * @customfunction COUNTRY
 * @helpurl https://github.com/ree-excel/ree-excel#reecountry
 * @param country Country name, ISO code or Chinese name ("China", "US", "MMR", "缅甸").
 * @param [property] "id", "name", "name_zh", "iso2", "iso3", "kind", or any property on the card ("Mining share", "Events"). Default: the whole card.
 * @returns The card (its name where Excel has no data types), or the property's value.
 */
export function country(country: string, property?: string): any {
  return card("COUNTRY", [country, property]);
}

/**
 * The valid names of one kind, as a column that spills. Example: =REE.LIST("products").
 * @customfunction LIST
 * @helpurl https://github.com/ree-excel/ree-excel#reelist
 * @param kind "elements", "products", "countries", "stages", "markets", "units", "regimes", "groups", "currencies", "trade products" or "sources".
 * @returns A column of names.
 */
export function list(kind: string): any[][] {
  return call("LIST", [kind], true) as any[][];
}

/**
 * Units of a currency per US dollar: a month's average for a date, the annual average for a year (Federal Reserve G.5/H.10). Example: =REE.FX("CNY","2025-01-15").
 * @customfunction FX
 * @helpurl https://github.com/ree-excel/ree-excel#reefx
 * @param currency "CNY" or "EUR" (also "RMB", "人民币", "euro").
 * @param [date] A date (its month's average) or a year such as 2024 (the annual average). Default: the latest month.
 * @param [field] "value" (default), "period", "quote", "source", "url" or "note".
 * @returns Units of the currency per US dollar, or the field asked for.
 */
export function fx(currency: string, date?: any, field?: string): any {
  return call("FX", [currency, date, field]);
}

/**
 * Tonnes a country exported to another in a month (or a published annual total), as China's customs report them. Example: =REE.TRADE("magnets","China","World","2025-08").
 * @customfunction TRADE
 * @helpurl https://github.com/ree-excel/ree-excel#reetrade
 * @param product "magnets" (rare-earth permanent magnets) or "rare earths" (customs' rare-earth category).
 * @param exporter Exporting country, e.g. "China".
 * @param importer Importing country, or "World" for the total.
 * @param period A month "2025-08", any date in it, or a year (published annual totals only).
 * @param [field] "value" (default), "period", "unit", "source", "url" or "note".
 * @returns Tonnes, or the field asked for.
 */
export function trade(
  product: string,
  exporter: string,
  importer: string,
  period: any,
  field?: string
): any {
  return call("TRADE", [product, exporter, importer, period, field]);
}

/**
 * Supply-chain events (deals, price floors, plants, bans) as a table that spills: Date, Country, Event, Value, Unit, Source, oldest first. Example: =REE.EVENTS("2025-07-01","2025-07-31").
 * @customfunction EVENTS
 * @helpurl https://github.com/ree-excel/ree-excel#reeevents
 * @param [start] First date (Excel date, ISO text or a year). Default: the first event.
 * @param [end] Last date. Default: the last event.
 * @param [country] Only events of this country. Default: all countries.
 * @param [headers] 1 (default) shows a header row, 0 hides it.
 * @returns A table of Date (Excel serial), Country, Event, Value, Unit and Source.
 */
export function events(start?: any, end?: any, country?: string, headers?: any): any[][] {
  return call("EVENTS", [start, end, country, headers], true) as any[][];
}

/**
 * About the data in use. Example: =REE.DATAINFO("knownThrough") gives the date through which the data is known; =REE.DATAINFO("changes") spills what changed against the previous release.
 * @customfunction DATAINFO
 * @helpurl https://github.com/ree-excel/ree-excel#reedatainfo
 * @param [field] "version" (default), "knownThrough" (a date), "sources" (count), "licence", "userData", "changes" (a table that spills: Table, Series, Change, Period, Old, New, Source) or "history" (this workbook's data changes: Date, Action, From, To, Cells changed, Detail).
 * @returns The dataset's version, or the field asked for.
 */
export function dataInfo(field?: string): any[][] {
  return call("DATAINFO", [field], true) as any[][];
}

/**
 * Herfindahl-Hirschman index (0-10,000) of countries' supply at a stage: the sum of squared shares in percent, from USGS tonnes or published shares. 10,000 is a single supplier. Example: =REE.HHI("mining",2025).
 * @customfunction HHI
 * @helpurl https://github.com/ree-excel/ree-excel#reehhi
 * @param stage "mining", "reserves", "separation", "metal" or "magnets".
 * @param [year] Year as a number or any date in it. Default: the latest year with data.
 * @param [element] Element group where shares are published per group, e.g. "heavy". Default: all rare earths.
 * @param [field] "value" (default), "year", "countries" (count), "unattributed" (share not attributed to named countries), "source", "url" or "note".
 * @returns The index over named countries (a lower bound where some supply is unattributed), or the field asked for.
 */
export function hhi(stage: string, year?: any, element?: string, field?: string): any {
  return call("HHI", [stage, year, element, field]);
}

/**
 * Converts a quantity of one rare earth between bases: a product (oxide, metal, alloy of known content), the element's metal, or REO (its main oxide), by the dataset's atomic weights. Example: =REE.CONVERT(1,"Dy2O3","Dy") gives the kg of Dy in 1 kg of Dy2O3. For a price per kg, swap from and to.
 * @customfunction CONVERT
 * @helpurl https://github.com/ree-excel/ree-excel#reeconvert
 * @param value The quantity (t, kg, any mass unit; the result is in the same unit). One number, not a range.
 * @param from What the quantity is of: a product ("Dy2O3", "Tb4O7", "Dy metal", "DyFe"), an element symbol meaning its metal ("Dy"), or "REO".
 * @param to The basis wanted, as for from.
 * @returns The quantity on the new basis.
 */
export function convert(value: any, from: string, to: string): any {
  return call("CONVERT", [value, from, to]);
}

/**
 * Ratio (default) or difference between two markets' prices for one product, each the last assessment on or before the same date, in one unit. Example: =REE.SPREAD("Dy2O3","Europe","China","2025-07-31") is the ex-China premium.
 * @customfunction SPREAD
 * @helpurl https://github.com/ree-excel/ree-excel#reespread
 * @param product Product: formula, name or Chinese name ("Dy2O3", "Tb4O7", "氧化镝").
 * @param market The market on top of the ratio, e.g. "Europe".
 * @param versus The market it is compared with, e.g. "China".
 * @param [date] Excel date, ISO text or a year: both prices on or before it. Default: the latest date both series cover.
 * @param [unit] "USD/kg" (default), "USD/t", "CNY/kg" or "CNY/t".
 * @param [field] "value" (ratio, default), "difference" (market minus versus, in unit), "date" (the older assessment's date), "note" or "source".
 * @returns market's price divided by versus's, or the field asked for.
 */
export function spread(
  product: string,
  market: string,
  versus: string,
  date?: any,
  unit?: string,
  field?: string
): any {
  return call("SPREAD", [product, market, versus, date, unit, field]);
}
