import { ReadOutcome } from "../../core/import/types";
import { ReadJob, ReadProgress } from "./read-job";

/** What the pane and the import worker say to each other. */
export type ToWorker = { type: "read"; job: ReadJob };

export type FromWorker =
  | { type: "progress"; progress: ReadProgress }
  | { type: "done"; outcome: ReadOutcome }
  /** Reading threw: a bug, not bad input (bad input is a problem in the outcome). */
  | { type: "failed"; message: string };
