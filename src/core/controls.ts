import { ControlMeasure, Dataset, ElementRow } from "./dataset";
import { Day, isoFromDay } from "./dates";
import { Result, ok, unavailable } from "./result";

/** How one measure stands on a day. */
export type MeasureStatus = "announced" | "in force" | "suspended" | "ended";
/** How an element stands on a day: the answer of REE.CONTROLLED and the colour of the pane's grid. */
export type ElementStatus = "controlled" | "suspended" | "not controlled";

/** Measure kinds that put an element's exports under a licence or quota. */
const ELEMENT_CONTROL_KINDS = new Set(["export-licence", "quota"]);

export interface MeasureOnDay {
  measure: ControlMeasure;
  status: MeasureStatus;
  /** The first day of the current status. */
  since: Day;
  /** The suspension in effect, when suspended. */
  suspendedBy?: ControlMeasure["suspensions"][number];
}

export interface ElementControl {
  element: ElementRow;
  day: Day;
  status: ElementStatus;
  controlled: boolean;
  /** The measures that decide the answer (in force, else suspended), in date order. */
  deciding: MeasureOnDay[];
  /** Set when the day is past the data horizon and no scheduled change stands in between. */
  warning?: string;
}

interface Change {
  day: Day;
  what: string;
}

export function measureOnDay(measure: ControlMeasure, day: Day): MeasureOnDay {
  if (day < measure.effective)
    return { measure, status: "announced", since: measure.announced ?? measure.effective };
  if (measure.ended !== undefined && day >= measure.ended)
    return { measure, status: "ended", since: measure.ended };
  let since = measure.effective;
  for (const suspension of measure.suspensions) {
    // A suspension "until" a date includes that date; the measure applies again the day after.
    const resumes = suspension.until === undefined ? undefined : suspension.until + 1;
    if (day >= suspension.from && (resumes === undefined || day < resumes))
      return { measure, status: "suspended", since: suspension.from, suspendedBy: suspension };
    if (resumes !== undefined && day >= resumes) since = Math.max(since, resumes);
  }
  return { measure, status: "in force", since };
}

/** Every dated change in a measure's life, with words for messages. */
function changesOf(measure: ControlMeasure): Change[] {
  const on = (day: Day) => isoFromDay(day);
  const changes: Change[] = [
    {
      day: measure.effective,
      what: `${measure.number} is due to take effect on ${on(measure.effective)}`,
    },
  ];
  if (measure.ended !== undefined)
    changes.push({
      day: measure.ended,
      what: `${measure.number} is due to end on ${on(measure.ended)}`,
    });
  for (const suspension of measure.suspensions) {
    changes.push({
      day: suspension.from,
      what: `${measure.number} is due to be suspended from ${on(suspension.from)}`,
    });
    if (suspension.until !== undefined) {
      changes.push({
        day: suspension.until + 1,
        what: `the suspension of ${measure.number} is scheduled to end after ${on(suspension.until)}`,
      });
    }
  }
  return changes;
}

/**
 * A day past the data horizon has a known answer only when nothing scheduled between the
 * horizon and that day could change it; otherwise the answer is unknown, never guessed.
 */
function horizonCheck(
  dataset: Dataset,
  measures: ControlMeasure[],
  day: Day,
  subject: string
): Result<string | undefined> {
  if (day <= dataset.knownThrough) return ok(undefined);
  const horizon = isoFromDay(dataset.knownThrough);
  const pending = measures
    .flatMap(changesOf)
    .filter((change) => change.day > dataset.knownThrough && change.day <= day);
  if (pending.length > 0) {
    const first = pending.sort((a, b) => a.day - b.day)[0];
    return unavailable(
      // Kept short: Excel's error menu shows about 255 characters.
      `Unknown: ${first.what}, past the data's horizon (${horizon}); no source confirms what happened, so ${subject}'s status on ${isoFromDay(day)} is unknown. Update the data.`
    );
  }
  return ok(
    `${isoFromDay(day)} is after the data's horizon (known through ${horizon}); no scheduled change stands in between.`
  );
}

export function elementControl(
  dataset: Dataset,
  element: ElementRow,
  day: Day,
  regime: string
): Result<ElementControl> {
  if (day < dataset.controlsKnownFrom) {
    return unavailable(
      `The controls timeline starts ${isoFromDay(dataset.controlsKnownFrom)}; ${isoFromDay(day)} is before it.`
    );
  }
  const measures = (dataset.measuresByElement.get(element.symbol) ?? []).filter(
    (measure) => measure.regime === regime && ELEMENT_CONTROL_KINDS.has(measure.kind)
  );
  const horizon = horizonCheck(dataset, measures, day, element.symbol);
  if (!horizon.ok) return horizon;
  const states = measures.map((measure) => measureOnDay(measure, day));
  const inForce = states.filter((state) => state.status === "in force");
  const suspended = states.filter((state) => state.status === "suspended");
  const status: ElementStatus =
    inForce.length > 0 ? "controlled" : suspended.length > 0 ? "suspended" : "not controlled";
  return ok({
    element,
    day,
    status,
    controlled: status === "controlled",
    deciding: inForce.length > 0 ? inForce : suspended,
    warning: horizon.value,
  });
}

export interface TimelineEntry extends MeasureOnDay {
  /** Undefined when the status on the day cannot be known (after the horizon with a scheduled change). */
  known: boolean;
}

/** The measures of a regime (all, or those naming one element), in date order, with their status on a day. */
export function controlTimeline(
  dataset: Dataset,
  element: ElementRow | undefined,
  day: Day,
  regime: string
): TimelineEntry[] {
  const measures = dataset.measures.filter(
    (measure) =>
      measure.regime === regime &&
      (element === undefined || measure.elements.includes(element.symbol))
  );
  return measures.map((measure) => ({
    ...measureOnDay(measure, day),
    known: horizonCheck(dataset, [measure], day, measure.number).ok,
  }));
}

export function regimes(dataset: Dataset): string[] {
  return [...new Set(dataset.measures.map((measure) => measure.regime))];
}
