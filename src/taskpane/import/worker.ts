import { FromWorker, ToWorker } from "./messages";
import { readSource, transferablesOf } from "./read-job";

/**
 * The import worker: reads a file or a range's rows through the mapping off the pane's thread,
 * posting progress after each step and, at the end, the observations with their typed arrays
 * transferred (moved, not copied). Cancelling is the pane terminating this worker.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: ArrayBuffer[]): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  if (event.data.type !== "read") return;
  readSource(event.data.job, {
    progress: (progress) => scope.postMessage({ type: "progress", progress }),
    pause: () => Promise.resolve(),
    cancelled: () => false,
  }).then(
    (outcome) => {
      if (!outcome) return;
      scope.postMessage({ type: "done", outcome }, transferablesOf(outcome.observations));
    },
    (error: unknown) =>
      scope.postMessage({
        type: "failed",
        message: error instanceof Error ? error.message : String(error),
      })
  );
};
