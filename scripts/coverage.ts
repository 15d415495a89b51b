/**
 * Prints what the bundled data covers, as Markdown: price points per product and market, and how
 * long each volume, share, trade, exchange-rate and event series runs. A reviewer reads it to see
 * where the data is thin before trusting a formula that falls back to an older point.
 */
import { Dataset } from "../src/core/dataset";

/** Periods as the data writes them: "2025", "2025-07" or "2025-07-10". */
interface PeriodSpan {
  count: number;
  first: string;
  last: string;
}

function spanOf(periods: Iterable<string>): PeriodSpan {
  const sorted = [...new Set(periods)].sort();
  return { count: sorted.length, first: sorted[0] ?? "", last: sorted[sorted.length - 1] ?? "" };
}

function range(span: PeriodSpan): string {
  return span.first === span.last ? span.first : `${span.first} to ${span.last}`;
}

/** Groups rows by a key, keeping the keys in first-seen order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row)) ?? [];
    group.push(row);
    groups.set(key(row), group);
  }
  return groups;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Annual ("2025") and monthly ("2025-07") periods counted apart, since a year is not twelve months. */
function yearsAndMonths(periods: readonly string[]): string {
  const years = spanOf(periods.filter((period) => period.length === 4));
  const months = spanOf(periods.filter((period) => period.length === 7));
  const parts: string[] = [];
  if (months.count > 0) parts.push(`${counted(months.count, "month")} (${range(months)})`);
  if (years.count > 0) parts.push(`${counted(years.count, "year")} (${range(years)})`);
  return parts.join("; ");
}

function pricesSection(dataset: Dataset): string {
  const { prices } = dataset.rows;
  const markets = [...new Set(prices.map((row) => row.market))].sort();
  const byProduct = groupBy(
    [...prices].sort((a, b) => a.product.localeCompare(b.product)),
    (row) => row.product
  );
  const rows = [...byProduct].map(([product, productRows]) => [
    product,
    ...markets.map((market) => {
      const periods = productRows.filter((row) => row.market === market).map((row) => row.period);
      if (periods.length === 0) return "";
      return `${periods.length} (${range(spanOf(periods))})`;
    }),
  ]);
  return [
    "#### Prices: points per product and market (first to last period)",
    "",
    "A point is one row; a USGS figure given by several editions counts once per edition.",
    "",
    table(["product", ...markets], rows),
  ].join("\n");
}

function volumesSection(dataset: Dataset): string {
  const groups = groupBy(
    [...dataset.rows.volumes].sort(
      (a, b) => a.stage.localeCompare(b.stage) || a.vintage.localeCompare(b.vintage)
    ),
    (row) => `${row.stage}\u0000${row.vintage}`
  );
  const rows = [...groups].map(([key, group]) => {
    const [stage, vintage] = key.split("\u0000");
    const years = spanOf(group.map((row) => String(row.year)));
    const countries = new Set(group.map((row) => row.country)).size;
    return [
      stage,
      vintage,
      String(years.count),
      range(years),
      String(countries),
      String(group.length),
    ];
  });
  return [
    "#### Tonnes by stage and vintage",
    "",
    table(["stage", "vintage", "years", "range", "countries", "rows"], rows),
  ].join("\n");
}

function sharesSection(dataset: Dataset): string {
  const groups = groupBy(
    [...dataset.rows.shares].sort((a, b) => a.stage.localeCompare(b.stage)),
    (row) => row.stage
  );
  const rows = [...groups].map(([stage, group]) => {
    const years = spanOf(group.map((row) => String(row.year)));
    return [stage, String(years.count), range(years), String(group.length)];
  });
  return ["#### Shares by stage", "", table(["stage", "years", "range", "rows"], rows)].join("\n");
}

function tradeSection(dataset: Dataset): string {
  const groups = groupBy(
    [...dataset.rows.trade].sort(
      (a, b) =>
        a.product.localeCompare(b.product) ||
        a.exporter.localeCompare(b.exporter) ||
        a.importer.localeCompare(b.importer)
    ),
    (row) => `${row.product}\u0000${row.exporter}\u0000${row.importer}`
  );
  const rows = [...groups].map(([key, group]) => {
    const [product, exporter, importer] = key.split("\u0000");
    return [product, exporter, importer, yearsAndMonths(group.map((row) => row.period))];
  });
  return [
    "#### Trade by product and importer",
    "",
    table(["product", "exporter", "importer", "covered"], rows),
  ].join("\n");
}

function fxSection(dataset: Dataset): string {
  const groups = groupBy(
    [...dataset.rows.fx].sort((a, b) => a.currency.localeCompare(b.currency)),
    (row) => row.currency
  );
  const rows = [...groups].map(([currency, group]) => [
    currency,
    yearsAndMonths(group.map((row) => row.period)),
  ]);
  return ["#### Exchange rates by currency", "", table(["currency", "covered"], rows)].join("\n");
}

function eventsSection(dataset: Dataset): string {
  const dates = dataset.rows.events.map((row) => row.date);
  if (dates.length === 0) return "#### Events\n\nNone.";
  return `#### Events\n\n${dates.length} events, ${range(spanOf(dates))}.`;
}

export function coverageMarkdown(dataset: Dataset): string {
  return [
    `### Coverage of dataset ${dataset.meta.version}, known through ${dataset.meta.knownThrough}`,
    pricesSection(dataset),
    volumesSection(dataset),
    sharesSection(dataset),
    tradeSection(dataset),
    fxSection(dataset),
    eventsSection(dataset),
  ].join("\n\n");
}

/** The README shows the coverage between these markers; `npm run data:coverage -- --readme` rewrites it. */
export const README_MARKERS = [
  "<!-- data-coverage:start -->",
  "<!-- data-coverage:end -->",
] as const;

/** The README with its coverage block replaced, or undefined when the markers are missing. */
export function withCoverage(readme: string, markdown: string): string | undefined {
  const [start, end] = README_MARKERS;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) return undefined;
  return `${readme.slice(0, from + start.length)}\n\n${markdown}\n\n${readme.slice(to)}`;
}
