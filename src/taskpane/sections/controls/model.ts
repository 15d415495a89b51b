import { ElementControl, MeasureStatus, elementControl } from "../../../core/controls";
import { Dataset, ElementRow } from "../../../core/dataset";
import { Day, dayFromIso } from "../../../core/dates";
import { DEFAULT_REGIME } from "../../../functions/answers";
import { buildFormula } from "../../shell/formula-builder";
import { StringKey } from "../../shell/i18n";

/**
 * What the Controls section shows and inserts, with no DOM: each element's status on a day for
 * the grid, the words for each status, and the formulas.
 */

/** The regime whose controls the pane shows: the functions' default. */
export const REGIME = DEFAULT_REGIME;

export type TileStatus = "controlled" | "suspended" | "not-controlled" | "unknown";

export interface ElementOnDay {
  element: ElementRow;
  status: TileStatus;
  control?: ElementControl;
  /** Why the status is unknown (the core's message). */
  reason?: string;
}

/** How an element stands on a day for the grid; a day the data cannot answer is "unknown", never guessed. */
export function elementOnDay(dataset: Dataset, element: ElementRow, day: Day): ElementOnDay {
  const answer = elementControl(dataset, element, day, REGIME);
  if (!answer.ok) return { element, status: "unknown", reason: answer.message };
  const status: TileStatus =
    answer.value.status === "controlled"
      ? "controlled"
      : answer.value.status === "suspended"
        ? "suspended"
        : "not-controlled";
  return { element, status, control: answer.value };
}

/** The grid: every element, by atomic number, with its status on the day. */
export function controlGrid(dataset: Dataset, day: Day): ElementOnDay[] {
  return dataset.elements.map((element) => elementOnDay(dataset, element, day));
}

/** The day typed in the date field, or undefined when it is not a date. */
export function controlsDay(iso: string): Day | undefined {
  const parsed = dayFromIso(iso);
  return parsed.ok ? parsed.value : undefined;
}

/** The measures that decide an element's status, by number ("MOFCOM/GAC Announcement No. 18 of 2025"). */
export function decidingMeasures(onDay: ElementOnDay): string | undefined {
  return onDay.control?.deciding.map((state) => state.measure.number).join("; ") || undefined;
}

export const STATUS_KEYS: Record<TileStatus, { short: StringKey; long: StringKey }> = {
  controlled: { short: "statusControlled", long: "statusControlledLong" },
  suspended: { short: "statusSuspended", long: "statusSuspendedLong" },
  "not-controlled": { short: "statusNotControlled", long: "statusNotControlledLong" },
  unknown: { short: "statusUnknown", long: "statusUnknownLong" },
};

export const MEASURE_KEYS: Record<MeasureStatus, StringKey> = {
  announced: "measureAnnounced",
  "in force": "measureInForce",
  suspended: "measureSuspended",
  ended: "measureEnded",
};

/** =REE.CONTROLLED(element, date) for the chosen element on the chosen day. */
export function controlledFormula(element: ElementRow, date: string): string {
  return buildFormula("CONTROLLED", { element: element.symbol, date });
}

/** =REE.CONTROLS(element, date): the measures naming the element, or all of them when none is chosen. */
export function controlsFormula(element: ElementRow | undefined, date: string): string {
  return buildFormula("CONTROLS", { element: element?.symbol, date });
}
