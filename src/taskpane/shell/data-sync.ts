import { Day, isoFromDay, todayDay } from "../../core/dates";
import { loadDataset } from "../../core/dataset";
import { importJson, importPriceCsv } from "../../core/imports";
import { UserLayer } from "../../core/layers";
import { TextDataset } from "../../core/schema";
import { Result, invalid, ok, problemsOf, refused, unavailable } from "../../core/result";
import { WorkbookRecord } from "../../core/workbook-record";
import { BUNDLED_DATASET, DataState, applyData, dataState } from "../../functions/store";
import { WorkbookStore } from "./workbook-store";

/**
 * Keeps the data in use, the workbook's record of it and Excel's values in step. Every change
 * is validated by the store first; only then is the workbook's record rewritten and Excel asked
 * to recompute. Nothing here waits on the network before the functions can answer.
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
    layers: [...state.layers],
    savedAt: isoFromDay(todayDay()),
  };
}

function bundledInfo() {
  return {
    version: String(BUNDLED_DATASET.meta.version),
    knownThrough: String(BUNDLED_DATASET.meta.knownThrough),
  };
}

/** On opening a workbook: compute with the data it carries, or pin the data in use to it. */
export async function openWorkbookData(workbook: WorkbookStore): Promise<OpenedWorkbook> {
  let read: Result<WorkbookRecord> | undefined;
  try {
    read = await workbook.read();
  } catch (error) {
    read = invalid(error instanceof Error ? error.message : String(error));
  }
  if (read && !read.ok) {
    return {
      pinned: false,
      warning: `The workbook's REE data could not be read (${read.message}); using the add-in's data.`,
    };
  }
  const record = read?.value;
  if (!record) {
    const state = dataState();
    if (state) await workbook.write(recordOf(state));
    return { pinned: false };
  }
  // The layers are only known to be objects here; applyData's checks are what stand between
  // them and the functions (see issue #11: records from a workbook must pass the import checks).
  const layers = record.layers as UserLayer[];
  const applied = applyData({ base: record.base, baseOrigin: "workbook", layers });
  if (!applied.ok) {
    return {
      pinned: false,
      warning: `The workbook's REE data is not valid (${problemsOf(applied)[0]}); using the add-in's data.`,
    };
  }
  await workbook.recalculate();
  const newer = record.datasetVersion !== bundledInfo().version ? bundledInfo() : undefined;
  return { pinned: true, newerBundled: newer };
}

async function persistAndRecalculate(workbook: WorkbookStore): Promise<void> {
  const state = dataState();
  if (!state) return;
  await workbook.write(recordOf(state));
  await workbook.recalculate();
}

export async function importFile(
  workbook: WorkbookStore,
  text: string,
  fileName: string
): Promise<Result<string>> {
  const result = importUserData(text, fileName);
  if (result.ok) await persistAndRecalculate(workbook);
  return result;
}

export async function removeImport(workbook: WorkbookStore, id: string): Promise<Result<void>> {
  const result = removeLayer(id);
  if (result.ok) await persistAndRecalculate(workbook);
  return result;
}

/** Moves the workbook to the data shipped with this version of the add-in, keeping the user's imports. */
export async function useBundledData(workbook: WorkbookStore): Promise<Result<void>> {
  const result = applyData({ base: BUNDLED_DATASET, baseOrigin: "bundled" });
  if (!result.ok) return result;
  await persistAndRecalculate(workbook);
  return ok(undefined);
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
    newer: active ? version !== String(active.base.meta.version) : true,
  });
}

export async function applyPublishedDataset(
  workbook: WorkbookStore,
  dataset: TextDataset
): Promise<Result<void>> {
  const result = applyData({ base: dataset, baseOrigin: "published" });
  if (!result.ok) return result;
  await persistAndRecalculate(workbook);
  return ok(undefined);
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

/** Imports a user's CSV or JSON file as a new layer; a file with any problem changes nothing. */
export function importUserData(
  text: string,
  fileName: string,
  today: Day = todayDay()
): Result<string> {
  const current = dataState();
  if (!current) return refused(["The data did not load, so nothing can be imported."]);
  const context = { base: current.base, layers: current.layers, dataset: current.dataset, today };
  const outcome = /\.json$/i.test(fileName.trim())
    ? importJson(text, fileName, context)
    : importPriceCsv(text, fileName, context);
  if (!outcome.ok) return outcome;
  const applied = applyData({ layers: [...current.layers, outcome.value.layer] });
  return applied.ok ? ok(outcome.value.summary) : applied;
}

/** Removes one imported layer; the data underneath shows again. */
export function removeLayer(id: string): Result<void> {
  const current = dataState();
  if (!current || !current.layers.some((layer) => layer.id === id))
    return refused([`No imported data with id ${id}.`]);
  const result = applyData({ layers: current.layers.filter((layer) => layer.id !== id) });
  return result.ok ? ok(undefined) : result;
}
