import { CountryRow, Dataset, TradeProductRow, TradeRow } from "./dataset";
import { nearestPeriods } from "./dates";
import { Result, ok, unavailable } from "./result";

/**
 * Trade flows as customs report them, one figure per product, exporter, importer and period
 * ("2025-08" a month, "2025" a published annual total). A year is answered only by a published
 * annual total, never by adding months up.
 */
export function tradeFlow(
  dataset: Dataset,
  product: TradeProductRow,
  exporter: CountryRow,
  importer: CountryRow,
  period: string
): Result<TradeRow> {
  const series = dataset.tradeSeriesOf(product.id, exporter.id, importer.id);
  if (!series) {
    const importers = dataset
      .importersOf(product.id, exporter.id)
      .map((id) => dataset.countries.get(id)?.name ?? id);
    return unavailable(
      importers.length > 0
        ? `No ${product.id} trade from ${exporter.name} to ${importer.name} in the data. Importers with data: ${importers.sort().join(", ")}.`
        : `No ${product.id} trade from ${exporter.name} in the data.`
    );
  }
  const row = series.get(period);
  if (row) return ok(row);
  const sameKind = [...series.keys()].filter((key) => key.length === period.length).sort();
  const what = period.length === 4 ? "published annual total" : "monthly figure";
  const nearest = nearestPeriods(sameKind, period);
  return unavailable(
    `No ${what} of ${product.id} from ${exporter.name} to ${importer.name} for ${period}${period.length === 4 ? " (months are never added up)" : ""}.` +
      (nearest ? ` Nearest with data: ${nearest}.` : ` No ${what}s for this flow.`)
  );
}
