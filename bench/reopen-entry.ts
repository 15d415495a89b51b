/**
 * What a reopened workbook runs before its cells show the user's numbers, bundled on its own for
 * bench/reopen-child.cjs: loading the functions and the store (which checks and indexes the
 * bundled data, as the functions bundle does on load), then, given the workbook's record parts,
 * the pane's opening of the workbook, then the first PRICE.
 */
import { decodeRecord } from "../src/core/workbook-record";
import { price } from "../src/functions/functions";
import { openWorkbookData } from "../src/taskpane/shell/data-sync";

export async function reopen(parts: string[] | undefined, question: unknown[]): Promise<unknown> {
  if (parts) {
    const opened = await openWorkbookData({
      read: async () => decodeRecord(parts),
      write: async () => {
        throw new Error("Reopening a workbook that carries its data writes nothing.");
      },
      recalculate: async () => undefined,
    });
    if (!opened.pinned) throw new Error(`The workbook's record did not open: ${opened.warning}`);
  }
  return (price as (...args: unknown[]) => unknown)(...question);
}
