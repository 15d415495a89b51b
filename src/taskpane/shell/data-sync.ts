import { Day, isoFromDay, todayDay } from "../../core/dates";
import { loadDataset } from "../../core/dataset";
import {
  ImportContext,
  ImportOutcome,
  importObservations as addObservations,
  importText,
} from "../../core/imports";
import { pricesFromTextTable } from "../../core/import/resolve";
import { Mapping, RawObservations } from "../../core/import/types";
import { UserLayer, layerFromStored, storeLayer } from "../../core/layers";
import { TextDataset } from "../../core/schema";
import { Result, invalid, ok, problemsOf, refused, unavailable } from "../../core/result";
import { isNewer } from "../../core/versions";
import { WorkbookRecord } from "../../core/workbook-record";
import { HistoryEntry, historyFromStored, withEntry } from "../../core/history";
import {
  BUNDLED_DATASET,
  BaseOrigin,
  DataState,
  applyData,
  commitData,
  dataState,
  prepareData,
} from "../../functions/store";
import { WorkbookStore } from "./workbook-store";

/**
 * Keeps the data in use, the workbook's record of it and Excel's values in step. A change is
 * built and validated first; then the workbook's record is written; only when that succeeded
 * does the change become current and Excel recompute. Changes run one at a time. Nothing here
 * waits on the network before the functions can answer.
 */
export interface OpenedWorkbook {
  /** The workbook already carried its data and now computes with it. */
  pinned: boolean;
  /** The add-in ships other data than the workbook's: offered, never applied silently. */
  newerBundled?: { version: string; knownThrough: string };
  /** Something the user should know (a damaged record, say), as a sentence. */
  warning?: string;
}

function recordOf(state: DataState): WorkbookRecord {
  return {
    format: 2,
    datasetVersion: String(state.base.meta.version),
    knownThrough: String(state.base.meta.knownThrough),
    base: state.base,
    layers: state.layers.map(storeLayer),
    previous: state.previous,
    history: state.history,
    savedAt: isoFromDay(todayDay()),
  };
}

const versionOf = (base: TextDataset) => String(base.meta.version);

/** The history with one more change, dated today. */
function recorded(
  state: DataState | undefined,
  entry: Omit<HistoryEntry, "date">
): readonly HistoryEntry[] {
  return withEntry(state?.history ?? [], { date: isoFromDay(todayDay()), ...entry });
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs data changes one after another, so that two imports never race for the same state. */
function oneAtATime<T>(change: () => Promise<T>): Promise<T> {
  const run = queue.then(change, change);
  queue = run.catch(() => undefined);
  return run;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Prepares a change, saves it to the workbook, then makes it current and recalculates. A
 * failed save leaves everything as it was and says so.
 */
function changeData(
  workbook: WorkbookStore,
  prepare: () => Result<DataState>
): Promise<Result<DataState>> {
  return oneAtATime(async () => {
    const expected = dataState();
    const next = prepare();
    if (!next.ok) return next;
    try {
      await workbook.write(recordOf(next.value));
    } catch (error) {
      return refused([
        `The workbook could not be saved (${messageOf(error)}). Nothing changed: the data in use is as it was.`,
      ]);
    }
    const committed = commitData(next.value, expected);
    if (!committed.ok) return committed;
    try {
      await workbook.recalculate();
    } catch (error) {
      console.error("Excel did not recalculate after a data change:", error);
    }
    return committed;
  });
}

function bundledInfo() {
  return {
    version: String(BUNDLED_DATASET.meta.version),
    knownThrough: String(BUNDLED_DATASET.meta.knownThrough),
  };
}

/** On opening a workbook: compute with the data it carries, or pin the data in use to it. */
export async function openWorkbookData(workbook: WorkbookStore): Promise<OpenedWorkbook> {
  const read = await workbook.read();
  if (read && !read.ok) {
    return {
      pinned: false,
      warning: `The workbook's REE data could not be read (${read.message}); using the add-in's data.`,
    };
  }
  const record = read?.value;
  if (!record) {
    const state = dataState();
    try {
      if (state) await workbook.write(recordOf(state));
    } catch (error) {
      return {
        pinned: false,
        warning: `The add-in's data could not be saved in this workbook (${messageOf(error)}); the functions work, but the workbook will not carry its data until a change is saved.`,
      };
    }
    return { pinned: false };
  }
  const stored = historyFromStored(record.history);
  const applied = recordState(record, stored.history);
  if (!applied.ok) {
    return {
      pinned: false,
      warning: `The workbook's REE data is not valid (${problemsOf(applied)[0]}); using the add-in's data. The workbook's copy is kept until you change the data.`,
    };
  }
  await workbook.recalculate();
  // Other data than the workbook's, newer or not, is offered as a choice ("Use the add-in's
  // data"), never applied; only the update check needs a later version.
  const newer = record.datasetVersion !== bundledInfo().version ? bundledInfo() : undefined;
  return stored.problem
    ? { pinned: true, newerBundled: newer, warning: stored.problem }
    : { pinned: true, newerBundled: newer };
}

/** A kept previous base in the form it was saved; its content is validated if it is ever restored. */
function previousFromStored(stored: unknown): DataState["previous"] | null {
  const candidate = stored as DataState["previous"];
  const origins: BaseOrigin[] = ["bundled", "workbook", "published"];
  if (
    typeof candidate?.base?.meta === "object" &&
    typeof candidate.base.tables === "object" &&
    origins.includes(candidate.baseOrigin)
  )
    return candidate;
  return null;
}

/** The data a workbook's record describes, checked as a file import is, made current. */
function recordState(record: WorkbookRecord, history: readonly HistoryEntry[]): Result<DataState> {
  const expected = dataState();
  const base = prepareData({ base: record.base, layers: [] });
  if (!base.ok) return base;
  const layers: UserLayer[] = [];
  for (const [index, stored] of record.layers.entries()) {
    const layer = layerFromStored(stored, index + 1, (table, partial) =>
      pricesFromTextTable(
        table,
        base.value.baseDataset,
        (row) => `Import ${partial.id} (${partial.name}), prices, row ${row + 1}`
      )
    );
    if (!layer.ok) return layer;
    layers.push(layer.value);
  }
  const next = prepareData({
    base: record.base,
    baseOrigin: "workbook",
    layers,
    baseDataset: base.value.baseDataset,
    previous: previousFromStored(record.previous),
    history,
  });
  return next.ok ? commitData(next.value, expected) : next;
}

function importContext(today: Day): Result<ImportContext> {
  const current = dataState();
  if (!current) return refused(["The data did not load, so nothing can be imported."]);
  return ok({ base: current.base, layers: current.layers, dataset: current.dataset, today });
}

/** Adds the layer an import builds over the data in use; a source with any problem changes nothing. */
async function addImport(
  workbook: WorkbookStore,
  name: string,
  today: Day,
  cellsChanged: number | undefined,
  build: (context: ImportContext) => ImportOutcome
): Promise<Result<string>> {
  let summary = "";
  const result = await changeData(workbook, () => {
    const context = importContext(today);
    if (!context.ok) return context;
    const outcome = build(context.value);
    if (!outcome.ok) return outcome;
    summary = outcome.value.summary;
    const state = dataState();
    const version = state ? versionOf(state.base) : "";
    return prepareData({
      layers: [...context.value.layers, outcome.value.layer],
      dataset: outcome.value.dataset,
      history: recorded(state, {
        action: "import",
        from: version,
        to: version,
        detail: name,
        cellsChanged,
      }),
    });
  });
  return result.ok ? ok(summary) : result;
}

/** Imports a user's file as a new layer; a file with any problem changes nothing. */
export function importFile(
  workbook: WorkbookStore,
  text: string,
  fileName: string,
  mapping?: Mapping,
  today: Day = todayDay(),
  cellsChanged?: number
): Promise<Result<string>> {
  return addImport(workbook, fileName, today, cellsChanged, (context) =>
    importText(text, fileName, context, mapping)
  );
}

/** Observations already read (in the pane's worker, or from an Excel range) added as a layer. */
export function importObservations(
  workbook: WorkbookStore,
  raw: RawObservations,
  name: string,
  today: Day = todayDay(),
  lineLabel: "Line" | "Row" = "Line",
  cellsChanged?: number
): Promise<Result<string>> {
  return addImport(workbook, name, today, cellsChanged, (context) =>
    addObservations(raw, name, context, lineLabel)
  );
}

export async function removeImport(
  workbook: WorkbookStore,
  id: string,
  cellsChanged?: number
): Promise<Result<void>> {
  const result = await changeData(workbook, () => {
    const current = dataState();
    const layer = current?.layers.find((candidate) => candidate.id === id);
    if (!current || !layer) return refused([`No imported data with id ${id}.`]);
    const version = versionOf(current.base);
    return prepareData({
      layers: current.layers.filter((candidate) => candidate.id !== id),
      history: recorded(current, {
        action: "remove",
        from: version,
        to: version,
        detail: layer.name,
        cellsChanged,
      }),
    });
  });
  return result.ok ? ok(undefined) : result;
}

/** A change of base data built and checked, not yet applied: the change report compares the two. */
export interface PendingChange {
  current: DataState;
  next: DataState;
}

/**
 * Builds a move to other base data (a published update, or the add-in's own data) without
 * applying it. The user's imports stay over the new base; the current base is kept for a
 * rollback once the change is applied.
 */
export function prepareBaseChange(change: {
  base: TextDataset;
  baseOrigin: "published" | "bundled";
}): Result<PendingChange> {
  const current = dataState();
  if (!current) return refused(["The data did not load, so it cannot be changed."]);
  const next = prepareData({
    base: change.base,
    baseOrigin: change.baseOrigin,
    previous: { base: current.base, baseOrigin: current.baseOrigin },
    history: recorded(current, {
      action: change.baseOrigin === "published" ? "update" : "use bundled",
      from: versionOf(current.base),
      to: versionOf(change.base),
    }),
  });
  return next.ok ? ok({ current, next: next.value }) : next;
}

/**
 * Applies a prepared change: saved in the workbook first, then made current and recalculated.
 * `cellsChanged` is what the change report counted, for the workbook's history.
 */
export async function applyBaseChange(
  workbook: WorkbookStore,
  pending: PendingChange,
  cellsChanged?: number
): Promise<Result<void>> {
  const result = await changeData(workbook, () => {
    if (dataState() !== pending.current)
      return refused([
        "The data changed since this change was prepared; nothing was applied. Review the change again.",
      ]);
    const history = [...pending.next.history];
    if (cellsChanged !== undefined)
      history[history.length - 1] = { ...history[history.length - 1], cellsChanged };
    return ok({ ...pending.next, history, dataset: pending.next.dataset.withHistory(history) });
  });
  return result.ok ? ok(undefined) : result;
}

/** The data a rollback would restore, if the workbook keeps any. */
export function rollbackTarget(): { version: string; knownThrough: string } | undefined {
  const previous = dataState()?.previous;
  if (!previous) return undefined;
  return {
    version: versionOf(previous.base),
    knownThrough: String(previous.base.meta.knownThrough),
  };
}

/** Builds the rollback without applying it, for the change report. */
export function prepareRollback(): Result<PendingChange> {
  const current = dataState();
  const previous = current?.previous;
  if (!current || !previous) return refused(["There is no earlier data to roll back to."]);
  const next = prepareData({
    base: previous.base,
    baseOrigin: previous.baseOrigin,
    // The data rolled back from is kept in turn, so a rollback can itself be undone.
    previous: { base: current.base, baseOrigin: current.baseOrigin },
    history: recorded(current, {
      action: "rollback",
      from: versionOf(current.base),
      to: versionOf(previous.base),
    }),
  });
  return next.ok ? ok({ current, next: next.value }) : next;
}

/** Restores the data in use before the last update, keeping the user's imports. */
export async function rollBack(
  workbook: WorkbookStore,
  cellsChanged?: number
): Promise<Result<void>> {
  const pending = prepareRollback();
  return pending.ok ? applyBaseChange(workbook, pending.value, cellsChanged) : pending;
}

/** Moves the workbook to the data shipped with this version of the add-in, keeping the user's imports. */
export async function useBundledData(workbook: WorkbookStore): Promise<Result<void>> {
  const pending = prepareBaseChange({ base: BUNDLED_DATASET, baseOrigin: "bundled" });
  return pending.ok ? applyBaseChange(workbook, pending.value) : pending;
}

export interface PublishedDataset {
  dataset: TextDataset;
  version: string;
  knownThrough: string;
  newer: boolean;
}

/** A published dataset, validated whole; "unavailable" means it could not be reached (offline). */
export type PublishedCheck = Result<PublishedDataset>;

/** Looks for a published dataset.json and validates it whole; applies nothing. */
export async function checkPublishedDataset(
  url: string,
  fetchText: (url: string) => Promise<string>
): Promise<PublishedCheck> {
  let text: string;
  try {
    text = await fetchText(url);
  } catch (error) {
    return unavailable(
      `Could not check for updates at ${url} (${error instanceof Error ? error.message : String(error)}). The add-in keeps working on the data it has.`
    );
  }
  let parsed: TextDataset;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid(`${url} is not a dataset: it is not valid JSON.`);
  }
  const loaded = loadDataset(parsed);
  if (!loaded.ok)
    return invalid(`The published dataset is invalid and was not applied:\n${loaded.message}`);
  const active = dataState();
  const version = loaded.value.meta.version;
  return ok({
    dataset: parsed,
    version,
    knownThrough: loaded.value.meta.knownThrough,
    // Only a later version is an update: a lower one published by mistake is never offered.
    newer: active ? isNewer(version, String(active.base.meta.version)) : true,
  });
}

export async function applyPublishedDataset(
  workbook: WorkbookStore,
  dataset: TextDataset
): Promise<Result<void>> {
  const pending = prepareBaseChange({ base: dataset, baseOrigin: "published" });
  return pending.ok ? applyBaseChange(workbook, pending.value) : pending;
}

/** Fetches text with a time limit, so that a dead network never hangs the pane. */
export async function fetchWithTimeout(url: string, milliseconds = 8000): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), milliseconds);
  try {
    const response = await fetch(url, { signal: controller.signal, cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.text();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Imports a file into the data in use without a workbook (tests, the bench, a pane outside
 * Excel); a file with any problem changes nothing.
 */
export function importUserData(
  text: string,
  fileName: string,
  today: Day = todayDay(),
  mapping?: Mapping
): Result<string> {
  const context = importContext(today);
  if (!context.ok) return context;
  const outcome = importText(text, fileName, context.value, mapping);
  if (!outcome.ok) return outcome;
  const applied = applyData({
    layers: [...context.value.layers, outcome.value.layer],
    dataset: outcome.value.dataset,
  });
  return applied.ok ? ok(outcome.value.summary) : applied;
}

/** Removes one imported layer without a workbook; the data underneath shows again. */
export function removeLayer(id: string): Result<void> {
  const current = dataState();
  if (!current || !current.layers.some((layer) => layer.id === id))
    return refused([`No imported data with id ${id}.`]);
  const result = applyData({ layers: current.layers.filter((layer) => layer.id !== id) });
  return result.ok ? ok(undefined) : result;
}
