import bundled from "../../generated/dataset.json";
import { Dataset, loadDataset } from "../core/dataset";
import { todayDay } from "../core/dates";
import { Result, ok, refused } from "../core/result";
import { TextDataset } from "../core/schema";
import { UserLayer, buildDataset } from "../core/layers";
import { HistoryEntry } from "../core/history";

/**
 * The one in-memory dataset that the custom functions and the task pane share (one shared
 * runtime; the pane's bundle depends on this one, so there is one instance of this module).
 * A change is built and validated whole first (`prepareData`), and only then made current
 * (`commitData`): the functions, the pane and the workbook's record move together or not at all.
 */
export const BUNDLED_DATASET = bundled as unknown as TextDataset;

/** Where the base data came from: shipped in the add-in, pinned in the workbook, or published since. */
export type BaseOrigin = "bundled" | "workbook" | "published";

export interface DataState {
  base: TextDataset;
  baseOrigin: BaseOrigin;
  layers: readonly UserLayer[];
  dataset: Dataset;
  /** The base alone, validated and indexed once: layers are added over it without checking it again. */
  baseDataset: Dataset;
  /** The base in use before the last update or rollback, kept so that it can be restored. */
  previous?: { base: TextDataset; baseOrigin: BaseOrigin };
  /** The workbook's record of data changes, oldest first. */
  history: readonly HistoryEntry[];
}

const initial = loadDataset(BUNDLED_DATASET);
let state: Result<DataState> = initial.ok
  ? {
      ok: true,
      value: {
        base: BUNDLED_DATASET,
        baseOrigin: "bundled",
        layers: [],
        dataset: initial.value,
        baseDataset: initial.value,
        history: [],
      },
    }
  : initial;
const listeners = new Set<(state: DataState) => void>();
/** What every formula asks for first: kept ready rather than rebuilt on each call. */
let active: Result<Dataset> = initial;
let bundledText: string | undefined;

export function activeDataset(): Result<Dataset> {
  return active;
}

export function dataState(): DataState | undefined {
  return state.ok ? state.value : undefined;
}

/** The bundled base, already checked at start-up, when `base` is the same data (a workbook's copy, say). */
function knownBaseDataset(base: TextDataset): Dataset | undefined {
  const current = dataState();
  if (current && base === current.base) return current.baseDataset;
  if (!initial.ok) return undefined;
  if (base === BUNDLED_DATASET) return initial.value;
  if (String(base?.meta?.version) !== String(BUNDLED_DATASET.meta.version)) return undefined;
  bundledText ??= JSON.stringify(BUNDLED_DATASET);
  return JSON.stringify(base) === bundledText ? initial.value : undefined;
}

export interface DataChange {
  base?: TextDataset;
  baseOrigin?: BaseOrigin;
  layers?: readonly UserLayer[];
  /** The dataset for exactly these layers, already built and checked (an import adds one layer). */
  dataset?: Dataset;
  /** The base already validated and indexed, when the caller has it. */
  baseDataset?: Dataset;
  /** Replaces the base kept for a rollback; `null` forgets it. Default: kept as it is. */
  previous?: DataState["previous"] | null;
  history?: readonly HistoryEntry[];
}

/** Builds and validates the data a change would give, without making it current. */
export function prepareData(change: DataChange): Result<DataState> {
  const current = dataState();
  const base = change.base ?? current?.base ?? BUNDLED_DATASET;
  const layers = change.layers ?? current?.layers ?? [];
  let baseDataset = change.baseDataset ?? knownBaseDataset(base);
  if (!baseDataset) {
    const loaded = loadDataset(base);
    if (!loaded.ok) return refused(loaded.message.split("\n"));
    baseDataset = loaded.value;
  }
  let dataset = change.dataset;
  if (!dataset) {
    const built = buildDataset(base, layers, todayDay(), baseDataset);
    if (!built.ok) return built;
    dataset = built.value;
  }
  const history = change.history ?? current?.history ?? [];
  return ok({
    base,
    baseOrigin: change.baseOrigin ?? current?.baseOrigin ?? "bundled",
    layers,
    dataset: dataset.withHistory(history),
    baseDataset,
    previous: change.previous === null ? undefined : (change.previous ?? current?.previous),
    history,
  });
}

/**
 * Makes prepared data current. `expected` is the state it was prepared from: if another change
 * came first, this one is refused rather than silently undoing it.
 */
export function commitData(next: DataState, expected: DataState | undefined): Result<DataState> {
  if (dataState() !== expected)
    return refused([
      "The data changed while this change was being prepared; nothing was changed. Try again.",
    ]);
  state = { ok: true, value: next };
  active = { ok: true, value: next.dataset };
  for (const listener of listeners) {
    // One failing listener (a pane section, say) must not leave the others on the old data.
    try {
      listener(next);
    } catch (error) {
      console.error("A data-change listener failed:", error);
    }
  }
  return ok(next);
}

/** Validates the new base and layers together; only when all is well does anything change. */
export function applyData(change: DataChange): Result<DataState> {
  const expected = dataState();
  const next = prepareData(change);
  return next.ok ? commitData(next.value, expected) : next;
}

/** Calls back after every change of the data in use; returns a function that stops it. */
export function onDataChange(listener: (state: DataState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
