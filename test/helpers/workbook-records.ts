import { readFileSync } from "fs";
import * as path from "path";

/** The dataset as this build bundles it, and records of workbooks saved with other data. */
const GENERATED = path.resolve(__dirname, "../../generated/dataset.json");
const bundled = () => JSON.parse(readFileSync(GENERATED, "utf8"));

export const BUNDLED_VERSION: string = bundled().meta.version;

/** A workbook saved by an older release whose data lacked Benchmark's July 2025 Europe Dy2O3 point. */
export function olderWorkbookRecord(): unknown {
  const base = bundled();
  base.meta.version = "2026.01.1";
  base.tables.prices.rows = base.tables.prices.rows.filter(
    (row: string[]) => !(row[0] === "Dy2O3" && row[1] === "Europe" && row[2] === "2025-07")
  );
  return {
    format: 2,
    datasetVersion: "2026.01.1",
    knownThrough: base.meta.knownThrough,
    base,
    layers: [],
    savedAt: "2026-01-15",
  };
}
