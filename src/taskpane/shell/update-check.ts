import { PublishedDataset, checkPublishedDataset } from "./data-sync";

/**
 * The check on open: when the pane starts in a workbook, it looks for a newer published dataset
 * at most once a day, in the background, and only ever tells; applying stays the user's choice,
 * after the change report. Offline, or on any failure, it says nothing and tries again next time.
 */

/** When the last check reached an answer, in milliseconds since 1970, in this browser. */
export const LAST_CHECK_KEY = "ree-last-update-check";
export const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** The part of localStorage the check uses; Office's webviews may have none, or refuse it. */
export type CheckStorage = Pick<Storage, "getItem" | "setItem">;

export interface QuietCheck {
  url: string;
  fetchText(url: string): Promise<string>;
  storage?: CheckStorage;
  now?: () => number;
}

function lastCheck(storage: CheckStorage | undefined): number | undefined {
  try {
    const stored = Number(storage?.getItem(LAST_CHECK_KEY) ?? NaN);
    return Number.isFinite(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A newer published dataset, or undefined: checked already today, nothing newer, a dataset that
 * is not valid, or no answer at all (offline). Never rejects.
 */
export async function quietUpdateCheck(check: QuietCheck): Promise<PublishedDataset | undefined> {
  try {
    const now = (check.now ?? Date.now)();
    const last = lastCheck(check.storage);
    // A clock set back (last in the future) checks again rather than waiting for it.
    if (last !== undefined && now >= last && now - last < CHECK_INTERVAL_MS) return undefined;
    const published = await checkPublishedDataset(check.url, check.fetchText);
    // No answer is no check: offline now, the next opening tries again.
    if (!published.ok && published.kind === "unavailable") return undefined;
    try {
      check.storage?.setItem(LAST_CHECK_KEY, String(now));
    } catch {
      // Without storage the check runs on each opening; it is still quiet and in the background.
    }
    return published.ok && published.value.newer ? published.value : undefined;
  } catch {
    return undefined;
  }
}
