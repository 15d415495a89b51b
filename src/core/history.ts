import { unsafeTextReason } from "./safe-text";

/**
 * What a workbook records of its data changing: each update, rollback, import and removal with
 * its date, the versions before and after, and how many REE cells changed where the pane
 * measured it. Reviewers read it with =REE.DATAINFO("history").
 */
export const HISTORY_ACTIONS = ["update", "use bundled", "rollback", "import", "remove"] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

export interface HistoryEntry {
  /** ISO date of the change. */
  date: string;
  action: HistoryAction;
  /** The data version before and after. */
  from: string;
  to: string;
  /** REE cells whose value changed, where the change report counted them. */
  cellsChanged?: number;
  /** The file or range imported or removed. */
  detail?: string;
}

/** The newest entries are kept: a workbook refreshed daily for years still has a small record. */
export const MAX_HISTORY = 500;

export const HISTORY_HEADERS = ["Date", "Action", "From", "To", "Cells changed", "Detail"];

/** The history as a table, oldest first, headers first. */
export function historyRows(history: readonly HistoryEntry[]): (string | number)[][] {
  return [
    HISTORY_HEADERS,
    ...history.map((entry) => [
      entry.date,
      entry.action,
      entry.from,
      entry.to,
      entry.cellsChanged ?? "",
      entry.detail ?? "",
    ]),
  ];
}

export function withEntry(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  return [...history, entry].slice(-MAX_HISTORY);
}

/**
 * A stored history read back: every entry is checked, and text that could run is refused as in
 * an import. A damaged history is dropped whole with a reason rather than half believed.
 */
export function historyFromStored(stored: unknown): { history: HistoryEntry[]; problem?: string } {
  if (stored === undefined) return { history: [] };
  const damaged = (why: string) => ({
    history: [],
    problem: `The workbook's record of data changes is damaged (${why}); it starts again from now.`,
  });
  if (!Array.isArray(stored)) return damaged("it is not a list");
  const history: HistoryEntry[] = [];
  for (const [index, entry] of stored.slice(-MAX_HISTORY).entries()) {
    const candidate = entry as Partial<HistoryEntry> | null;
    const texts = [candidate?.date, candidate?.from, candidate?.to];
    if (
      typeof candidate !== "object" ||
      candidate === null ||
      texts.some((text) => typeof text !== "string") ||
      !HISTORY_ACTIONS.includes(candidate.action as HistoryAction) ||
      !/^\d{4}-\d{2}-\d{2}$/.test(candidate.date!) ||
      (candidate.cellsChanged !== undefined &&
        (!Number.isInteger(candidate.cellsChanged) || candidate.cellsChanged < 0)) ||
      (candidate.detail !== undefined && typeof candidate.detail !== "string")
    )
      return damaged(`entry ${index + 1} is not a change`);
    for (const text of [...texts, candidate.detail] as (string | undefined)[])
      if (text !== undefined && unsafeTextReason(text))
        return damaged(`entry ${index + 1} ${unsafeTextReason(text)}`);
    history.push({
      date: candidate.date!,
      action: candidate.action!,
      from: candidate.from!,
      to: candidate.to!,
      cellsChanged: candidate.cellsChanged,
      detail: candidate.detail,
    });
  }
  return { history };
}
