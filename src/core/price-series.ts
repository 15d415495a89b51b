import { Day, Period, isoFromDay } from "./dates";
import type { MarketRow, PriceObservation, ProductRow, SourceRow } from "./dataset";
import { PRICE_UNITS } from "./schema";

/**
 * A user's imported prices, column by column: one entry per observation, sorted by product,
 * market, then period start. Texts are interned: `product[i]` indexes `products`, and so on;
 * `notes[0]` is the empty note. At a million rows this is a few typed arrays, not a million
 * objects, and it travels to and from a worker or a workbook without per-row work.
 */
export interface PriceColumns {
  products: string[];
  markets: string[];
  /** The layer's own source ids. */
  sources: string[];
  notes: string[];
  product: Uint32Array;
  market: Uint32Array;
  source: Uint32Array;
  note: Uint32Array;
  /** Index into PRICE_UNITS. */
  unit: Uint8Array;
  /** The period's first day. */
  start: Float64Array;
  /** Index into PRECISIONS. */
  precision: Uint8Array;
  low: Float64Array;
  high: Float64Array;
  /** 1 where the figure is flagged as estimated. */
  estimated: Uint8Array;
}

export const PRECISIONS = ["day", "month", "year"] as const;
const PERIOD_LENGTH = { day: 10, month: 7, year: 4 } as const;

export function periodOf(start: Day, precisionCode: number): Period {
  const precision = PRECISIONS[precisionCode];
  return { text: isoFromDay(start).slice(0, PERIOD_LENGTH[precision]), precision, start };
}

export function precisionCode(period: Period): number {
  return PRECISIONS.indexOf(period.precision);
}

/** Where a series' entries come from: the base data's observations, or one layer's columns. */
type Origin =
  | { kind: "base"; observations: readonly PriceObservation[] }
  | {
      kind: "layer";
      columns: PriceColumns;
      product: ProductRow;
      market: MarketRow;
      /** The layer's source rows, aligned with `columns.sources`. */
      sourceRows: readonly SourceRow[];
    };

/** The entries of one product in one market from one layer: rows `from` to `to` (exclusive). */
export interface LayerRun {
  columns: PriceColumns;
  from: number;
  to: number;
  sourceRows: readonly SourceRow[];
}

/**
 * One product's prices in one market, oldest first, one entry per period: period starts in a
 * typed array for the binary search, and each observation built only when asked for.
 */
export class PriceSeries {
  private readonly cache: (PriceObservation | undefined)[];

  private constructor(
    readonly product: ProductRow,
    readonly market: MarketRow,
    readonly starts: Float64Array,
    private readonly precisions: Uint8Array,
    private readonly originOf: Uint16Array,
    private readonly rowOf: Uint32Array,
    private readonly origins: readonly Origin[]
  ) {
    this.cache = new Array(starts.length);
  }

  /** The base data's series: observations already sorted by period start. */
  static fromObservations(observations: readonly PriceObservation[]): PriceSeries {
    const length = observations.length;
    const starts = new Float64Array(length);
    const precisions = new Uint8Array(length);
    const rows = new Uint32Array(length);
    observations.forEach((observation, index) => {
      starts[index] = observation.period.start;
      precisions[index] = precisionCode(observation.period);
      rows[index] = index;
    });
    const series = new PriceSeries(
      observations[0].product,
      observations[0].market,
      starts,
      precisions,
      new Uint16Array(length),
      rows,
      [{ kind: "base", observations }]
    );
    observations.forEach((observation, index) => (series.cache[index] = observation));
    return series;
  }

  /**
   * This series with a layer's entries over it: where both give the same period the layer's
   * replaces this one's. Only the one series is rebuilt, in one merge of two sorted lists.
   */
  static overlay(
    below: PriceSeries | undefined,
    product: ProductRow,
    market: MarketRow,
    run: LayerRun
  ): PriceSeries {
    const belowLength = below?.length ?? 0;
    const runLength = run.to - run.from;
    const capacity = belowLength + runLength;
    const starts = new Float64Array(capacity);
    const precisions = new Uint8Array(capacity);
    const originOf = new Uint16Array(capacity);
    const rowOf = new Uint32Array(capacity);
    const origins: Origin[] = [...(below?.origins ?? [])];
    const layerOrigin = origins.length;
    origins.push({
      kind: "layer",
      columns: run.columns,
      product,
      market,
      sourceRows: run.sourceRows,
    });
    const { start: runStarts, precision: runPrecisions } = run.columns;
    let size = 0;
    let i = 0;
    let j = run.from;
    const takeBelow = () => {
      starts[size] = below!.starts[i];
      precisions[size] = below!.precisions[i];
      originOf[size] = below!.originOf[i];
      rowOf[size] = below!.rowOf[i];
      size++;
      i++;
    };
    const takeRun = () => {
      starts[size] = runStarts[j];
      precisions[size] = runPrecisions[j];
      originOf[size] = layerOrigin;
      rowOf[size] = j;
      size++;
      j++;
    };
    while (i < belowLength || j < run.to) {
      if (j >= run.to) takeBelow();
      else if (i >= belowLength) takeRun();
      else if (below!.starts[i] < runStarts[j]) takeBelow();
      else if (below!.starts[i] > runStarts[j]) takeRun();
      else if (below!.precisions[i] === runPrecisions[j]) {
        i++; // the same period: the layer's figure replaces it
        takeRun();
      } else if (below!.precisions[i] > runPrecisions[j]) takeBelow();
      else takeRun();
    }
    const series = new PriceSeries(
      product,
      market,
      starts.slice(0, size),
      precisions.slice(0, size),
      originOf.slice(0, size),
      rowOf.slice(0, size),
      origins
    );
    return series;
  }

  get length(): number {
    return this.starts.length;
  }

  observation(index: number): PriceObservation {
    const cached = this.cache[index];
    if (cached) return cached;
    const origin = this.origins[this.originOf[index]];
    const row = this.rowOf[index];
    const built: PriceObservation =
      origin.kind === "base"
        ? origin.observations[row]
        : {
            product: origin.product,
            market: origin.market,
            period: periodOf(origin.columns.start[row], origin.columns.precision[row]),
            low: origin.columns.low[row],
            high: origin.columns.high[row],
            unit: PRICE_UNITS[origin.columns.unit[row]],
            estimated: origin.columns.estimated[row] === 1,
            source: origin.sourceRows[origin.columns.source[row]],
            note:
              origin.columns.note[row] === 0
                ? undefined
                : origin.columns.notes[origin.columns.note[row]],
          };
    this.cache[index] = built;
    return built;
  }

  /** True where the entry came from a user's layer rather than the base data. */
  isImported(index: number): boolean {
    return this.origins[this.originOf[index]].kind === "layer";
  }

  /** Index of the last entry whose period has started on or before `day`, or -1. */
  lastStartedBy(day: Day): number {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle] <= day) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  /** The index of the entry for a period, or -1. */
  indexOfPeriod(period: Period): number {
    const code = precisionCode(period);
    for (let index = this.lastStartedBy(period.start); index >= 0; index--) {
      if (this.starts[index] !== period.start) return -1;
      if (this.precisions[index] === code) return index;
    }
    return -1;
  }

  first(): PriceObservation {
    return this.observation(0);
  }

  last(): PriceObservation {
    return this.observation(this.length - 1);
  }

  /** The observations whose periods start from `start` to `end` (inclusive), oldest first. */
  between(start: Day | undefined, end: Day | undefined): PriceObservation[] {
    const from = start === undefined ? 0 : this.lastStartedBy(start - 1) + 1;
    const to = end === undefined ? this.length : this.lastStartedBy(end) + 1;
    const chosen: PriceObservation[] = [];
    for (let index = from; index < to; index++) chosen.push(this.observation(index));
    return chosen;
  }
}
