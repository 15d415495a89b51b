import { CountryRow, Dataset, EventRow } from "./dataset";
import { Day } from "./dates";

/** Events from start to end inclusive (either open), for one country or all, oldest first. */
export function eventsBetween(
  dataset: Dataset,
  start: Day | undefined,
  end: Day | undefined,
  country: CountryRow | undefined
): (EventRow & { day: Day })[] {
  return dataset.events.filter(
    (event) =>
      (start === undefined || event.day >= start) &&
      (end === undefined || event.day <= end) &&
      (country === undefined || event.country === country.id)
  );
}
