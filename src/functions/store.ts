import bundled from "../../generated/dataset.json";
import { Dataset, loadDataset } from "../core/dataset";
import { Result } from "../core/result";
import { TextDataset } from "../core/schema";

/**
 * The one in-memory dataset that the custom functions and the task pane share (one shared
 * runtime, one webpack runtime chunk, so one instance of this module).
 */
let active: Result<Dataset> = loadDataset(bundled as unknown as TextDataset);

export function activeDataset(): Result<Dataset> {
  return active;
}

export function replaceDataset(dataset: Dataset): void {
  active = { ok: true, value: dataset };
}
