import { DatasetChanges, TextDataset, TextTable } from "./schema";
import { compareVersions } from "./versions";

/**
 * What changed in the data between two published versions, for an analyst deciding whether to
 * take an update and for a reviewer auditing one. Computed from the two datasets' text form, so
 * it says what the files say: a row whose key is the same and whose value differs is a revision,
 * shown old → new; a row only in the newer version is added; one only in the older is removed.
 * Added and removed rows are summarized per series (a price series is one product in one market),
 * revisions are listed one by one up to a cap.
 */

/** How many revisions a table lists; the rest are counted, so a large re-basing stays readable. */
export const MAX_LISTED_REVISIONS = 50;
/** How many of a series' removed periods are named; the rest are counted. */
export const MAX_LISTED_PERIODS = 10;
/** How many sources an added series names; the rest are counted. */
export const MAX_LISTED_SOURCES = 3;

export const CHANGELOG_HEADERS = ["Table", "Series", "Change", "Period", "Old", "New", "Source"];
const CHANGE = CHANGELOG_HEADERS.indexOf("Change");
const NEW = CHANGELOG_HEADERS.indexOf("New");
export type ChangeKind = "added" | "revised" | "removed" | "source added" | "known through";

export interface Revision {
  /** The row within its series: its period, with the edition where the key has one ("2024 (MCS2025)"). */
  period: string;
  old: string;
  new: string;
  /** The source the newer row cites. */
  source: string;
}

export interface SeriesChanges {
  /** The series' key cells joined ("Dy2O3, China"); empty where the whole table is one series. */
  series: string;
  added?: { count: number; first: string; last: string; sources: string[] };
  revised: Revision[];
  removed?: { count: number; periods: string[] };
}

export interface TableChanges {
  table: string;
  series: SeriesChanges[];
  /** Revisions beyond MAX_LISTED_REVISIONS: counted, not listed. */
  revisionsNotListed: number;
}

export interface Changelog {
  from: string;
  to: string;
  knownThrough: { from: string; to: string };
  /** Only the tables with a change, in the order of TABLE_RULES. */
  tables: TableChanges[];
  sourcesAdded: { id: string; publisher: string; title: string; published: string }[];
}

/** A row's cells by column name, trimmed; a column the row's version did not have reads as empty. */
type Cells = (column: string) => string;

interface TableRule {
  table: string;
  /** The columns naming a series; none where the whole table is one series. */
  series: string[];
  /** With the series columns, the row's unique key (validate.ts's uniqueness rules). */
  key: string[];
  /** The columns shown in the Period column; the first orders the rows. */
  label: string[];
  /** The columns that make up the row's value: a change in any of them is a revision. */
  value: string[];
  /** The value as shown in Old and New; the changed value columns by default. */
  show?: (cells: Cells) => string;
}

const estimated = (cells: Cells) => (cells("estimated") === "yes" ? " (estimated)" : "");

/**
 * The tables a changelog covers, in the order it lists them. Reference tables (elements,
 * products, markets …) are left out: a new product shows through its added prices.
 */
export const TABLE_RULES: readonly TableRule[] = [
  {
    table: "sources",
    series: [],
    key: ["id"],
    label: ["id"],
    value: ["publisher", "title", "url", "published"],
  },
  {
    table: "prices",
    series: ["product", "market"],
    key: ["period", "vintage"],
    label: ["period", "vintage"],
    value: ["low", "high", "unit", "estimated"],
    show: (cells) => {
      const range = sameNumber(cells("low"), cells("high"))
        ? cells("low")
        : `${cells("low")}-${cells("high")}`;
      return `${range} ${cells("unit")}${estimated(cells)}`;
    },
  },
  {
    table: "fx",
    series: ["currency"],
    key: ["period"],
    label: ["period"],
    value: ["per_usd", "usd_per"],
    show: (cells) =>
      cells("per_usd") !== ""
        ? `${cells("per_usd")} ${cells("currency")} per USD`
        : `${cells("usd_per")} USD per ${cells("currency")}`,
  },
  {
    table: "trade",
    series: ["product", "exporter", "importer"],
    key: ["period"],
    label: ["period"],
    value: ["tonnes"],
    show: (cells) => `${cells("tonnes")} t`,
  },
  {
    table: "events",
    series: [],
    key: ["date", "country", "event"],
    label: ["date", "country"],
    value: ["value", "unit"],
    show: (cells) => `${cells("value")} ${cells("unit")}`.trim() || "no value",
  },
  {
    table: "volumes",
    series: ["stage", "country"],
    key: ["year", "vintage"],
    label: ["year", "vintage"],
    value: ["tonnes", "qualifier", "estimated"],
    show: (cells) => `${cells("qualifier")}${cells("tonnes")} t${estimated(cells)}`,
  },
  {
    table: "shares",
    series: ["stage", "country", "group"],
    key: ["year", "vintage"],
    label: ["year", "vintage"],
    value: ["share"],
  },
  {
    table: "controls",
    series: [],
    key: ["id"],
    label: ["id"],
    value: [
      "regime",
      "authority",
      "number",
      "title",
      "kind",
      "announced",
      "effective",
      "ended",
      "elements",
      "scope",
    ],
  },
  {
    table: "suspensions",
    series: [],
    key: ["measure", "from"],
    label: ["measure", "from"],
    value: ["until", "by"],
  },
];

const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** "200" and "200.0" are the same figure: rewriting a number is not a revision. */
function sameNumber(a: string, b: string): boolean {
  return a === b || (PLAIN_NUMBER.test(a) && PLAIN_NUMBER.test(b) && Number(a) === Number(b));
}

/** Code-unit order, as the rest of the core sorts ids and ISO dates: the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cellsOf(table: TextTable, row: readonly string[]): Cells {
  return (column) => {
    const index = table.columns.indexOf(column);
    const cell = index < 0 ? undefined : row[index];
    return typeof cell === "string" ? cell.trim() : "";
  };
}

/** "2024 (MCS2025)": the first label column, then the others that are not empty. */
function labelOf(rule: TableRule, cells: Cells): string {
  const [first, ...rest] = rule.label.map(cells);
  const more = rest.filter((cell) => cell !== "");
  return more.length > 0 ? `${first} (${more.join(", ")})` : first;
}

interface KeyedRow {
  series: string;
  key: string;
  cells: Cells;
}

function keyedRows(rule: TableRule, table: TextTable | undefined): Map<string, KeyedRow> {
  const rows = new Map<string, KeyedRow>();
  // A release is read from a file: a table without columns or rows has nothing to compare.
  if (!Array.isArray(table?.columns) || !Array.isArray(table.rows)) return rows;
  for (const row of table.rows) {
    if (!Array.isArray(row)) continue;
    const cells = cellsOf(table, row);
    const series = rule.series
      .map(cells)
      .filter((cell) => cell !== "")
      .join(", ");
    // Cells joined with a character no cell holds, so "a b"+"c" and "a"+"b c" stay apart.
    const key = [...rule.series, ...rule.key].map(cells).join("\u0000");
    rows.set(key, { series, key, cells });
  }
  return rows;
}

/** Rows ordered by their period (ISO text orders by time), then by the rest of their key. */
function byPeriod(rule: TableRule) {
  return (a: KeyedRow, b: KeyedRow) =>
    compareText(a.cells(rule.label[0]), b.cells(rule.label[0])) || compareText(a.key, b.key);
}

function showChanged(rule: TableRule, cells: Cells, changed: string[]): string {
  if (rule.show) return rule.show(cells);
  return changed.map((column) => `${column}: ${cells(column) || "(empty)"}`).join("; ");
}

function diffTable(rule: TableRule, previous?: TextTable, next?: TextTable): TableChanges {
  const before = keyedRows(rule, previous);
  const after = keyedRows(rule, next);
  const bySeries = new Map<
    string,
    { added: KeyedRow[]; revised: Revision[]; removed: KeyedRow[] }
  >();
  const seriesOf = (series: string) => {
    let changes = bySeries.get(series);
    if (!changes) bySeries.set(series, (changes = { added: [], revised: [], removed: [] }));
    return changes;
  };
  const revised: { row: KeyedRow; revision: Revision }[] = [];
  for (const [key, row] of after) {
    const old = before.get(key);
    if (!old) {
      seriesOf(row.series).added.push(row);
      continue;
    }
    const changed = rule.value.filter(
      (column) => !sameNumber(old.cells(column), row.cells(column))
    );
    if (changed.length === 0) continue;
    revised.push({
      row,
      revision: {
        period: labelOf(rule, row.cells),
        old: showChanged(rule, old.cells, changed),
        new: showChanged(rule, row.cells, changed),
        source: row.cells("source"),
      },
    });
  }
  for (const [key, row] of before) if (!after.has(key)) seriesOf(row.series).removed.push(row);

  // Revisions are capped in the order they are listed: by series, then by period.
  revised.sort((a, b) => compareText(a.row.series, b.row.series) || byPeriod(rule)(a.row, b.row));
  const listed = revised.slice(0, MAX_LISTED_REVISIONS);
  for (const { row, revision } of listed) seriesOf(row.series).revised.push(revision);

  const series = [...bySeries.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, changes]): SeriesChanges => {
      const entry: SeriesChanges = { series: name, revised: changes.revised };
      // An added source is listed whole (sourcesAdded), not summarized.
      if (changes.added.length > 0 && rule.table !== "sources") {
        const added = [...changes.added].sort(byPeriod(rule));
        const sources = [...new Set(added.map((row) => row.cells("source")))].sort(compareText);
        entry.added = {
          count: added.length,
          first: added[0].cells(rule.label[0]),
          last: added[added.length - 1].cells(rule.label[0]),
          sources,
        };
      }
      if (changes.removed.length > 0) {
        const removed = [...changes.removed].sort(byPeriod(rule));
        entry.removed = {
          count: removed.length,
          periods: removed.map((row) => labelOf(rule, row.cells)),
        };
      }
      return entry;
    })
    .filter((entry) => entry.added || entry.removed || entry.revised.length > 0);
  return { table: rule.table, series, revisionsNotListed: revised.length - listed.length };
}

function metaText(dataset: TextDataset, field: string): string {
  const value = dataset.meta?.[field];
  return typeof value === "string" ? value.trim() : "";
}

/** What changed from `previous` to `next`, table by table and series by series. */
export function diffDatasets(previous: TextDataset, next: TextDataset): Changelog {
  const tables = TABLE_RULES.map((rule) =>
    diffTable(rule, previous.tables?.[rule.table], next.tables?.[rule.table])
  ).filter((table) => table.series.length > 0 || table.revisionsNotListed > 0);
  const known = new Set(
    [...keyedRows(TABLE_RULES[0], previous.tables?.sources).values()].map((row) => row.cells("id"))
  );
  const sourcesAdded = [...keyedRows(TABLE_RULES[0], next.tables?.sources).values()]
    .filter((row) => !known.has(row.cells("id")))
    .map((row) => ({
      id: row.cells("id"),
      publisher: row.cells("publisher"),
      title: row.cells("title"),
      published: row.cells("published"),
    }))
    .sort((a, b) => compareText(a.id, b.id));
  return {
    from: metaText(previous, "version"),
    to: metaText(next, "version"),
    knownThrough: { from: metaText(previous, "knownThrough"), to: metaText(next, "knownThrough") },
    tables,
    sourcesAdded,
  };
}

function countText(count: number): string {
  return `${count} ${count === 1 ? "row" : "rows"}`;
}

/** The first few items, then how many more: "a, b, c and 4 more". */
function listText(items: readonly string[], limit: number): string {
  const shown = items.slice(0, limit).join(", ");
  return items.length > limit ? `${shown} and ${items.length - limit} more` : shown;
}

/**
 * The changelog as the table DATAINFO("changes") spills: the headers, then the knownThrough move,
 * then each table's series in order (added, revised one by one, removed), sources added with them.
 */
export function changelogRows(changelog: Changelog): string[][] {
  const rows: string[][] = [[...CHANGELOG_HEADERS]];
  const row = (
    table: string,
    series: string,
    change: ChangeKind,
    period: string,
    old: string,
    next: string,
    source: string
  ) => rows.push([table, series, change, period, old, next, source]);
  const { knownThrough } = changelog;
  if (knownThrough.from !== knownThrough.to)
    row("meta", "knownThrough", "known through", "", knownThrough.from, knownThrough.to, "");
  const tables = new Map(changelog.tables.map((table) => [table.table, table]));
  for (const rule of TABLE_RULES) {
    if (rule.table === "sources")
      for (const source of changelog.sourcesAdded)
        row(
          "sources",
          source.id,
          "source added",
          source.published,
          "",
          `${source.publisher}, ${source.title}`,
          ""
        );
    const table = tables.get(rule.table);
    if (!table) continue;
    for (const series of table.series) {
      const { added, removed } = series;
      if (added)
        row(
          table.table,
          series.series,
          "added",
          added.first === added.last ? added.first : `${added.first} to ${added.last}`,
          "",
          countText(added.count),
          listText(added.sources, MAX_LISTED_SOURCES)
        );
      for (const revision of series.revised)
        row(
          table.table,
          series.series,
          "revised",
          revision.period,
          revision.old,
          revision.new,
          revision.source
        );
      if (removed)
        row(
          table.table,
          series.series,
          "removed",
          listText(removed.periods, MAX_LISTED_PERIODS),
          countText(removed.count),
          "",
          ""
        );
    }
    if (table.revisionsNotListed > 0)
      row(
        table.table,
        "",
        "revised",
        "",
        "",
        `${table.revisionsNotListed} more ${table.revisionsNotListed === 1 ? "revision" : "revisions"} not listed`,
        ""
      );
  }
  return rows;
}

/**
 * The changelog in the form it ships in, inside the dataset it describes. An added source is
 * named by its id only: the dataset's sources table holds its publisher and title, and repeating
 * them here would double their weight in the bundle (changesTable puts them back).
 */
export function changesPart(changelog: Changelog): DatasetChanges {
  const rows = changelogRows(changelog).map((row, index) =>
    index > 0 && row[CHANGE] === "source added"
      ? row.map((cell, column) => (column === NEW ? "" : cell))
      : row
  );
  return { from: changelog.from, to: changelog.to, rows };
}

/**
 * The changelog table as it is shown (REE.DATAINFO("changes"), the pane): the shipped rows, each
 * added source's publisher and title filled in by `describeSource` ("publisher, title").
 */
export function changesTable(
  changes: DatasetChanges,
  describeSource: (id: string) => string | undefined
): string[][] {
  const [headers, ...rows] = changes.rows;
  const series = headers.indexOf("Series");
  const change = headers.indexOf("Change");
  const added = headers.indexOf("New");
  if (series < 0 || change < 0 || added < 0) return changes.rows;
  return [
    headers,
    ...rows.map((row) =>
      row[change] === "source added" && row[added] === ""
        ? row.map((cell, column) => (column === added ? (describeSource(row[series]) ?? "") : cell))
        : row
    ),
  ];
}

/**
 * The release a dataset's changelog compares with: the newest released version below `version`.
 * When `version` is itself released, that is the release before it: the changelog of the data in use.
 */
export function previousRelease(released: readonly string[], version: string): string | undefined {
  return released
    .filter((candidate) => compareVersions(candidate, version) < 0)
    .sort(compareVersions)
    .pop();
}
