import { NameIndex } from "./names";
import { Rows } from "./schema";

/**
 * A vintage is the edition a figure comes from ("MCS2019", "MCS2026 v1.3", "IEA CMD 2025-05").
 * The newest edition answers by default; naming a vintage asks for an older one. A name without
 * its version ("MCS2026") means every version of that edition, newest first.
 */
export function vintageFamily(vintage: string): string {
  const space = vintage.indexOf(" v");
  return space > 0 && /^ v\d/.test(vintage.slice(space)) ? vintage.slice(0, space) : vintage;
}

/** Whether a row's vintage is the one asked for (the exact edition, or any version of it). */
export function matchesVintage(vintage: string | undefined, asked: string): boolean {
  return vintage !== undefined && (vintage === asked || vintageFamily(vintage) === asked);
}

/** Every vintage in the data, and every edition name without its version, for REE functions' `vintage` argument. */
export function buildVintageNames(rows: Rows): NameIndex<string> {
  const vintages = new Set<string>();
  for (const row of rows.prices) if (row.vintage) vintages.add(row.vintage);
  for (const row of rows.volumes) vintages.add(row.vintage);
  for (const row of rows.shares) if (row.vintage) vintages.add(row.vintage);
  for (const vintage of [...vintages]) vintages.add(vintageFamily(vintage));
  const sorted = [...vintages].sort();
  return new NameIndex(
    "vintage",
    sorted.map((vintage) => ({ value: vintage, display: vintage, names: [vintage] })),
    `Vintages in the data: ${sorted.join(", ") || "none"}.`
  );
}
