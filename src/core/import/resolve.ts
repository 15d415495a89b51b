import { Dataset } from "../dataset";
import { Day, isoFromDay, parsePeriod } from "../dates";
import { USER_SOURCE_PREFIX, UserLayer, budgetRefusal } from "../layers";
import { NameIndex } from "../names";
import { PriceColumns, precisionCode } from "../price-series";
import { Result, ok, refused } from "../result";
import { PRICE_UNITS, PriceUnit, TextTable, tableSchemas } from "../schema";
import { ProblemList, emptyPriceColumns, sortPriceColumns } from "../user-prices";
import { RawObservations } from "./types";

/**
 * Turns observations read from a user's table into a layer: every name is resolved the way a
 * formula resolves it (once per distinct name, not per row), and a name that does not resolve
 * is reported at the first line that uses it, with the did-you-mean a formula would give.
 */
export interface ResolveContext {
  dataset: Dataset;
  layers: readonly UserLayer[];
  today: Day;
  /** The file or range the rows came from. */
  name: string;
  lineLabel?: "Line" | "Row";
}

export function nextLayerId(layers: readonly UserLayer[]): string {
  const numbers = layers.map((layer) => Number(layer.id.replace(/^U/, ""))).filter(Number.isFinite);
  return `U${numbers.length === 0 ? 1 : Math.max(...numbers) + 1}`;
}

/**
 * Resolves one interned name list against a name index: the interned result per name, or a
 * problem at the first line that used each name that does not resolve.
 */
function resolveNames<T>(
  names: readonly string[],
  used: Uint32Array,
  lines: Uint32Array,
  index: NameIndex<T>,
  idOf: (value: T) => string,
  column: string,
  lineLabel: string,
  problems: ProblemList
): { ids: string[]; mapping: Uint32Array } {
  const ids: string[] = [];
  const position = new Map<string, number>();
  const mapping = new Uint32Array(names.length);
  const failing = new Map<number, string>();
  names.forEach((name, k) => {
    const resolved = index.resolve(name);
    if (!resolved.ok) {
      failing.set(k, resolved.message);
      return;
    }
    const id = idOf(resolved.value);
    if (!position.has(id)) {
      position.set(id, ids.length);
      ids.push(id);
    }
    mapping[k] = position.get(id)!;
  });
  if (failing.size > 0) {
    const firstLine = new Map<number, number>();
    const uses = new Map<number, number>();
    for (let row = 0; row < used.length; row++) {
      const k = used[row];
      if (!failing.has(k)) continue;
      if (!firstLine.has(k)) firstLine.set(k, lines[row]);
      uses.set(k, (uses.get(k) ?? 0) + 1);
    }
    for (const [k, message] of failing) {
      if (!firstLine.has(k)) continue; // a name no row uses
      const others = uses.get(k)! - 1;
      problems.add(
        `${lineLabel} ${firstLine.get(k)}, ${column}: ${message}${others > 0 ? ` (and ${others} more ${lineLabel.toLowerCase()}s with '${names[k]}')` : ""}`
      );
    }
  }
  return { ids, mapping };
}

function remap(values: Uint32Array, mapping: Uint32Array): Uint32Array {
  const out = new Uint32Array(values.length);
  for (let row = 0; row < values.length; row++) out[row] = mapping[values[row]];
  return out;
}

/** The user's source texts as the layer's own sources: "User data: <text>", imported today. */
function sourceTable(
  layerId: string,
  texts: readonly string[],
  name: string,
  today: Day
): TextTable {
  const iso = isoFromDay(today);
  return {
    columns: Object.keys(tableSchemas.sources.entries),
    rows: texts.map((text, k) => [
      `${layerId}-S${k + 1}`,
      `${USER_SOURCE_PREFIX}${text}`,
      `Imported from ${name}`,
      "",
      iso,
      "",
    ]),
  };
}

export function resolveObservations(
  raw: RawObservations,
  context: ResolveContext
): Result<UserLayer> {
  const lineLabel = context.lineLabel ?? "Line";
  if (raw.count === 0) return refused([`${context.name} has no prices to import.`]);
  const overBudget = budgetRefusal(context.layers, raw.count);
  if (overBudget) return refused([overBudget]);
  const { dataset } = context;
  const problems = new ProblemList();
  const lines = raw.line;
  const products = resolveNames(
    raw.names.product,
    raw.product,
    lines,
    dataset.productNames,
    (product) => product.id,
    "product",
    lineLabel,
    problems
  );
  const markets = resolveNames(
    raw.names.market,
    raw.market,
    lines,
    dataset.marketNames,
    (market) => market.id,
    "market",
    lineLabel,
    problems
  );
  const units = resolveNames(
    raw.names.unit,
    raw.unit,
    lines,
    dataset.unitNames,
    (unit: PriceUnit) => unit,
    "unit",
    lineLabel,
    problems
  );
  for (let row = 0; row < raw.count; row++) {
    if (raw.names.source[raw.source[row]] === "") {
      problems.add(
        `${lineLabel} ${lines[row]}, source: every price needs its source (e.g. "Fastmarkets, licensed feed").`
      );
      break;
    }
  }
  if (problems.any) return refused(problems.all);

  const layerId = nextLayerId(context.layers);
  // Source texts become the layer's source ids; the empty text (index 0 when present) is unused.
  const sourceTexts: string[] = [];
  const sourceMapping = new Uint32Array(raw.names.source.length);
  raw.names.source.forEach((text, k) => {
    if (text === "") return;
    sourceMapping[k] = sourceTexts.length;
    sourceTexts.push(text);
  });
  const unitCodes = new Uint8Array(units.ids.length);
  units.ids.forEach((unit, k) => (unitCodes[k] = PRICE_UNITS.indexOf(unit as PriceUnit)));
  const unitOfRow = new Uint8Array(raw.count);
  for (let row = 0; row < raw.count; row++)
    unitOfRow[row] = unitCodes[units.mapping[raw.unit[row]]];

  const columns: PriceColumns = {
    products: products.ids,
    markets: markets.ids,
    sources: sourceTexts.map((_, k) => `${layerId}-S${k + 1}`),
    notes: raw.names.note,
    product: remap(raw.product, products.mapping),
    market: remap(raw.market, markets.mapping),
    source: remap(raw.source, sourceMapping),
    note: raw.note,
    unit: unitOfRow,
    start: raw.start,
    precision: raw.precision,
    low: raw.low,
    high: raw.high,
    estimated: raw.estimated,
  };
  const sorted = sortPriceColumns(columns, (row) => `${lineLabel} ${lines[row]}`);
  if (!sorted.ok) return sorted;
  return ok({
    id: layerId,
    name: context.name,
    importedAt: isoFromDay(context.today),
    tables: { sources: sourceTable(layerId, sourceTexts, context.name, context.today) },
    prices: sorted.value,
  });
}

/**
 * A prices table in the dataset's text form (a JSON import, or a layer saved by an earlier
 * version) as columns. Names resolve as in formulas; sources must be the layer's own.
 */
export function pricesFromTextTable(
  table: TextTable,
  dataset: Dataset,
  describeRow: (row: number) => string
): Result<PriceColumns> {
  const problems = new ProblemList();
  const column = (name: string) => table.columns.indexOf(name);
  const required = ["product", "market", "period", "low", "high", "unit", "source"];
  const missing = required.filter((name) => column(name) < 0);
  if (missing.length > 0)
    return refused([`prices: the columns ${missing.join(", ")} are missing.`]);
  const columns = emptyPriceColumns(table.rows.length);
  const intern = (list: string[], positions: Map<string, number>, text: string) => {
    let position = positions.get(text);
    if (position === undefined) {
      position = list.length;
      positions.set(text, position);
      list.push(text);
    }
    return position;
  };
  const positions = {
    products: new Map<string, number>(),
    markets: new Map<string, number>(),
    sources: new Map<string, number>(),
    notes: new Map<string, number>([["", 0]]),
  };
  const cell = (row: string[], name: string) =>
    column(name) < 0 ? "" : (row[column(name)] ?? "").trim();
  table.rows.forEach((row, index) => {
    const where = describeRow(index);
    const product = dataset.productNames.resolve(cell(row, "product"));
    if (!product.ok) problems.add(`${where}, product: ${product.message}`);
    const market = dataset.marketNames.resolve(cell(row, "market"));
    if (!market.ok) problems.add(`${where}, market: ${market.message}`);
    const unit = dataset.unitNames.resolve(cell(row, "unit"));
    if (!unit.ok) problems.add(`${where}, unit: ${unit.message}`);
    const period = parsePeriod(cell(row, "period"));
    if (!period.ok) problems.add(`${where}, period: ${period.message}`);
    const low = Number(cell(row, "low"));
    const high = Number(cell(row, "high"));
    for (const [name, number] of [
      ["low", low],
      ["high", high],
    ] as const)
      if (cell(row, name) === "" || !Number.isFinite(number))
        problems.add(`${where}, ${name}: '${cell(row, name).slice(0, 40)}' is not a number.`);
    const estimated = cell(row, "estimated").toLowerCase();
    if (!["", "yes", "no"].includes(estimated))
      problems.add(`${where}, estimated: must be yes, no or empty.`);
    if (!product.ok || !market.ok || !unit.ok || !period.ok) return;
    columns.product[index] = intern(columns.products, positions.products, product.value.id);
    columns.market[index] = intern(columns.markets, positions.markets, market.value.id);
    columns.source[index] = intern(columns.sources, positions.sources, cell(row, "source"));
    columns.note[index] = intern(columns.notes, positions.notes, cell(row, "note"));
    columns.unit[index] = PRICE_UNITS.indexOf(unit.value);
    columns.start[index] = period.value.start;
    columns.precision[index] = precisionCode(period.value);
    columns.low[index] = low;
    columns.high[index] = high;
    columns.estimated[index] = estimated === "yes" ? 1 : 0;
  });
  if (problems.any) return refused(problems.all);
  return sortPriceColumns(columns, describeRow);
}
