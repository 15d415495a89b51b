import { ReadOutcome } from "../../core/import/types";
import { FromWorker, ToWorker } from "./messages";
import { ReadJob, ReadProgress, readSource } from "./read-job";

/**
 * Starts reading an import in the import worker, or, where no worker can start (a content
 * security policy without worker-src, an old host), with the same code on the pane's thread,
 * pausing between steps. Either way the pane gets progress, can cancel, and gets one result.
 */
export type ReadResult =
  | { kind: "read"; outcome: ReadOutcome; inWorker: boolean }
  | { kind: "cancelled" }
  | { kind: "failed"; message: string };

export interface RunningRead {
  result: Promise<ReadResult>;
  /** Stops reading at once; the data in use is untouched, since nothing was applied yet. */
  cancel(): void;
}

function createWorker(): Worker | undefined {
  if (typeof Worker === "undefined") return undefined;
  try {
    // The worker is the build's "import-worker" entry (webpack.config.js), beside this page.
    return new Worker("import-worker.js");
  } catch {
    return undefined;
  }
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function startRead(
  job: ReadJob,
  onProgress: (progress: ReadProgress) => void,
  options: { worker?: boolean } = {}
): RunningRead {
  let settle: (result: ReadResult) => void = () => undefined;
  const result = new Promise<ReadResult>((resolve) => (settle = resolve));
  let cancelled = false;
  let worker = options.worker === false ? undefined : createWorker();

  const onThisThread = () => {
    worker = undefined;
    readSource(job, { progress: onProgress, pause: nextTask, cancelled: () => cancelled }).then(
      (outcome) =>
        settle(outcome ? { kind: "read", outcome, inWorker: false } : { kind: "cancelled" }),
      (error: unknown) => settle({ kind: "failed", message: messageOf(error) })
    );
  };

  if (!worker) onThisThread();
  else {
    const running = worker;
    let heard = false;
    running.onmessage = (event: MessageEvent<FromWorker>) => {
      heard = true;
      const message = event.data;
      if (message.type === "progress") {
        if (!cancelled) onProgress(message.progress);
        return;
      }
      running.terminate();
      settle(
        message.type === "done"
          ? { kind: "read", outcome: message.outcome, inWorker: true }
          : { kind: "failed", message: message.message }
      );
    };
    running.onerror = (event) => {
      event.preventDefault();
      running.terminate();
      if (cancelled) return;
      // Not a word from the worker yet: its script could not load here, so read on this thread.
      if (!heard) onThisThread();
      else settle({ kind: "failed", message: event.message || "the import worker stopped" });
    };
    const message: ToWorker = { type: "read", job };
    running.postMessage(message);
  }

  return {
    result,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      worker?.terminate();
      settle({ kind: "cancelled" });
    },
  };
}
