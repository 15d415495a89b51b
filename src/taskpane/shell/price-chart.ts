import type uPlot from "uplot";
import { Day } from "../../core/dates";
import { formatNumber, language } from "./i18n";

/**
 * The price-history chart: uPlot on a canvas, one line per market. Series in a unit other than
 * the chosen one (China's CNY quotes when no CNY/USD rate is sourced) get a right-hand axis.
 * The legend is the pane's own (text, colour and dash), and a table carries the same data
 * for screen readers.
 */
export interface ChartSeries {
  label: string;
  unit: string;
  points: { day: Day; value: number }[];
  colour: string;
  dash: number[];
}

const SECONDS_PER_DAY = 86_400;
const HEIGHT = 200;

function compact(value: number): string {
  if (Math.abs(value) >= 10_000)
    return new Intl.NumberFormat(language() === "zh" ? "zh-CN" : "en-US", {
      notation: "compact",
      maximumFractionDigits: 1,
    }).format(value);
  return formatNumber(value, 1);
}

export interface PriceChart {
  destroy(): void;
}

/** The chart's units, the chosen one first (left axis), at most two. */
export function chartUnits(series: ChartSeries[], chosen: string): string[] {
  const units = [...new Set(series.map((line) => line.unit))];
  return [
    ...units.filter((unit) => unit === chosen),
    ...units.filter((unit) => unit !== chosen),
  ].slice(0, 2);
}

type UPlotConstructor = typeof uPlot;
let library: Promise<UPlotConstructor | undefined> | undefined;

/**
 * uPlot builds an Intl.NumberFormat from navigator.language when its module is evaluated, which
 * throws on tags such as "en-US@posix" or "C". Loading it on first use, behind a catch, keeps such
 * a browser from stopping the whole pane: the chart is then left out and the table still shows.
 */
function chartLibrary(): Promise<UPlotConstructor | undefined> {
  library ??= import(/* webpackChunkName: "chart" */ "uplot").then(
    (module) => module.default,
    () => undefined
  );
  return library;
}

/** Draws the chart, or resolves undefined when the chart library cannot start in this browser. */
export async function drawPriceChart(
  container: HTMLElement,
  series: ChartSeries[],
  chosen: string
): Promise<PriceChart | undefined> {
  const uPlot = await chartLibrary();
  if (!uPlot || !container.isConnected) return undefined;
  const units = chartUnits(series, chosen);
  const shown = series.filter((line) => units.includes(line.unit));
  const days = [...new Set(shown.flatMap((line) => line.points.map((point) => point.day)))].sort(
    (a, b) => a - b
  );
  const data: uPlot.AlignedData = [
    days.map((day) => day * SECONDS_PER_DAY),
    ...shown.map((line) => {
      const byDay = new Map(line.points.map((point) => [point.day, point.value]));
      return days.map((day) => byDay.get(day) ?? null);
    }),
  ];
  const scaleOf = (unit: string) => (unit === units[0] ? "left" : "right");
  const axes: uPlot.Axis[] = [
    { stroke: "#424242", grid: { stroke: "#e0e0e0" }, ticks: { stroke: "#e0e0e0" } },
    {
      scale: "left",
      label: units[0],
      stroke: "#424242",
      grid: { stroke: "#e0e0e0" },
      ticks: { stroke: "#e0e0e0" },
      size: 52,
      values: (_plot, splits) => splits.map(compact),
    },
  ];
  if (units[1] !== undefined)
    axes.push({
      scale: "right",
      side: 1,
      label: units[1],
      stroke: "#424242",
      grid: { show: false },
      ticks: { stroke: "#e0e0e0" },
      size: 52,
      values: (_plot, splits) => splits.map(compact),
    });
  const width = () => Math.max(200, Math.floor(container.clientWidth || 280));
  const plot = new uPlot(
    {
      width: width(),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
      scales: { x: { time: true }, left: {}, right: {} },
      series: [
        {},
        ...shown.map((line) => ({
          label: line.label,
          scale: scaleOf(line.unit),
          stroke: line.colour,
          width: 2,
          dash: line.dash,
          spanGaps: true,
          points: { show: true, size: 7, fill: line.colour },
        })),
      ],
      axes,
    },
    data,
    container
  );
  const observer = new ResizeObserver(() => {
    const next = width();
    if (next !== plot.width) plot.setSize({ width: next, height: HEIGHT });
  });
  observer.observe(container);
  return {
    destroy() {
      observer.disconnect();
      plot.destroy();
    },
  };
}
