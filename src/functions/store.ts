import bundled from "../../generated/dataset.json";
import { Dataset, loadDataset } from "../core/dataset";
import { Result, ok, refused } from "../core/result";
import { TextDataset } from "../core/schema";
import { UserLayer, buildDataset } from "../core/layers";

/**
 * The one in-memory dataset that the custom functions and the task pane share (one shared
 * runtime; the pane's bundle depends on this one, so there is one instance of this module).
 * Changes are atomic: a new base or layer set is validated whole before it replaces the old.
 */
export const BUNDLED_DATASET = bundled as unknown as TextDataset;

/** Where the base data came from: shipped in the add-in, pinned in the workbook, or published since. */
export type BaseOrigin = "bundled" | "workbook" | "published";

export interface DataState {
  base: TextDataset;
  baseOrigin: BaseOrigin;
  layers: readonly UserLayer[];
  dataset: Dataset;
}

const initial = loadDataset(BUNDLED_DATASET);
let state: Result<DataState> = initial.ok
  ? {
      ok: true,
      value: { base: BUNDLED_DATASET, baseOrigin: "bundled", layers: [], dataset: initial.value },
    }
  : initial;
const listeners = new Set<(state: DataState) => void>();
/** What every formula asks for first: kept ready rather than rebuilt on each call. */
let active: Result<Dataset> = initial;

export function activeDataset(): Result<Dataset> {
  return active;
}

export function dataState(): DataState | undefined {
  return state.ok ? state.value : undefined;
}

/** Validates the new base and layers together; only when all is well does anything change. */
export function applyData(change: {
  base?: TextDataset;
  baseOrigin?: BaseOrigin;
  layers?: readonly UserLayer[];
}): Result<DataState> {
  const current = dataState();
  const base = change.base ?? current?.base ?? BUNDLED_DATASET;
  const layers = change.layers ?? current?.layers ?? [];
  const built = buildDataset(base, layers);
  if (!built.dataset) return refused(built.problems);
  const next: DataState = {
    base,
    baseOrigin: change.baseOrigin ?? current?.baseOrigin ?? "bundled",
    layers,
    dataset: built.dataset,
  };
  commit(next);
  return ok(next);
}

function commit(next: DataState): void {
  state = { ok: true, value: next };
  active = { ok: true, value: next.dataset };
  for (const listener of listeners) listener(next);
}

/** Calls back after every change of the data in use; returns a function that stops it. */
export function onDataChange(listener: (state: DataState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
