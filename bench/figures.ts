/** How the bench reports: each figure printed with its goal and kept for bench/results.json. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal: string;
  met: boolean | null;
  detail?: string;
}

export const figures: Figure[] = [];

export function record(figure: Figure): void {
  if (!Number.isFinite(figure.value))
    throw new Error(`${figure.name}: ${figure.value} is not a figure; the bench reports none.`);
  figures.push(figure);
  const met = figure.met === null ? "-" : figure.met ? "met" : "NOT met";
  console.log(
    `${figure.name.padEnd(46)} ${String(figure.value).padStart(14)} ${figure.unit.padEnd(10)} goal ${figure.goal.padEnd(14)} ${met}${figure.detail ? `  (${figure.detail})` : ""}`
  );
}

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const round = (value: number, digits = 3) => Number(value.toPrecision(digits));
