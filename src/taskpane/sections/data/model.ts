import { Dataset, SourceRow } from "../../../core/dataset";
import { USER_SOURCE_PREFIX } from "../../../core/imports";
import type { BaseOrigin, DataState } from "../../../functions/store";
import { StringKey } from "../../shell/i18n";

/**
 * What the Data section shows, with no DOM: where the data in use came from, whether it differs
 * from the data the add-in ships, and the sources in reading order. Imports and updates
 * themselves live in shell/data-sync.ts, which the pane's start-up uses too.
 */

export const ORIGIN_KEYS: Record<BaseOrigin, StringKey> = {
  bundled: "originBundled",
  workbook: "originWorkbook",
  published: "originPublished",
};

/** True when the workbook (or a published update) pins other data than this add-in ships: the pane offers the bundled data. */
export function differsFromBundled(
  state: Pick<DataState, "baseOrigin" | "dataset">,
  bundledVersion: string
): boolean {
  return state.baseOrigin !== "bundled" && String(state.dataset.meta.version) !== bundledVersion;
}

/** The sources by publisher, then id, as the list shows them. */
export function sourcesByPublisher(dataset: Dataset): SourceRow[] {
  return [...dataset.rows.sources].sort(
    (a, b) => a.publisher.localeCompare(b.publisher) || a.id.localeCompare(b.id)
  );
}

/** The publisher as the user typed it: imported sources carry a prefix that the badge already says. */
export function publisherName(source: SourceRow): string {
  return source.publisher.replace(USER_SOURCE_PREFIX, "");
}
