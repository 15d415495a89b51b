import { dayFromIso } from "../../../src/core/dates";
import {
  controlGrid,
  controlledFormula,
  controlsDay,
  controlsFormula,
  decidingMeasures,
  elementOnDay,
} from "../../../src/taskpane/sections/controls/model";
import { tinyDataset } from "./tiny-dataset";

const dataset = tinyDataset();
const day = (iso: string) => {
  const parsed = dayFromIso(iso);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};
const dy = dataset.elements.find((element) => element.symbol === "Dy")!;

test("the grid lists elements by atomic number with their status on the day", () => {
  const statuses = (iso: string) =>
    controlGrid(dataset, day(iso)).map(({ element, status }) => [element.symbol, status]);
  expect(statuses("2025-04-03")).toEqual([
    ["Tb", "not-controlled"],
    ["Dy", "not-controlled"],
  ]);
  expect(statuses("2025-04-04")).toEqual([
    ["Tb", "controlled"],
    ["Dy", "controlled"],
  ]);
});

test("the measure that decides a status is named; none when nothing is in force", () => {
  expect(decidingMeasures(elementOnDay(dataset, dy, day("2025-06-01")))).toBe("No. 18 of 2025");
  expect(decidingMeasures(elementOnDay(dataset, dy, day("2025-01-01")))).toBeUndefined();
});

test("a day before the controls timeline is unknown, with the reason, never guessed", () => {
  const onDay = elementOnDay(dataset, dy, day("2009-12-31"));
  expect(onDay.status).toBe("unknown");
  expect(onDay.reason).toMatch(/2010-01-01/);
});

test("the date field's text is a day only when it is a date", () => {
  expect(controlsDay("2025-04-04")).toBe(day("2025-04-04"));
  expect(controlsDay("4/4/2025")).toBeUndefined();
});

test("CONTROLLED for the chosen element, CONTROLS for it or for all", () => {
  expect(controlledFormula(dy, "2025-04-04")).toBe('=REE.CONTROLLED("Dy","2025-04-04")');
  expect(controlsFormula(dy, "2025-04-04")).toBe('=REE.CONTROLS("Dy","2025-04-04")');
  expect(controlsFormula(undefined, "2025-04-04")).toBe('=REE.CONTROLS(,"2025-04-04")');
});
