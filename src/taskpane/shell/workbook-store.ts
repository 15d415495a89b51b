import { Result, unavailable } from "../../core/result";
import {
  WORKBOOK_NAMESPACES,
  WorkbookRecord,
  decodeRecord,
  encodeRecord,
} from "../../core/workbook-record";

/**
 * Where the workbook keeps its REE data (custom XML parts, see core/workbook-record.ts), and how
 * Excel is asked to recompute after the data changes. The real one uses Excel.run; tests pass a
 * mock.
 */
export interface WorkbookStore {
  /**
   * The workbook's record; undefined when it has none. A record that cannot be read, or a
   * workbook that cannot be asked, is a failure with the reason; this never rejects.
   */
  read(): Promise<Result<WorkbookRecord> | undefined>;
  /**
   * Replaces the workbook's record. Rejects with a WorkbookWriteError, whose message is for the
   * user, when the record is refused (over the budget) or Excel fails before the new record is
   * whole; the previous record is then still there and still the one read.
   */
  write(record: WorkbookRecord): Promise<void>;
  /** Recomputes every formula, so every REE cell sees the new data. */
  recalculate(): Promise<void>;
}

export class WorkbookWriteError extends Error {}

/** An error's message as a sentence, whatever Excel put at its end. */
function sentenceOf(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).trim();
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

/** Every part of this add-in's record (of any format) in the workbook, loaded. */
async function recordParts(context: Excel.RequestContext): Promise<Excel.CustomXmlPart[]> {
  const collections = WORKBOOK_NAMESPACES.map((namespace) =>
    context.workbook.customXmlParts.getByNamespace(namespace).load("items/id")
  );
  await context.sync();
  return collections.flatMap((collection) => collection.items);
}

let writing: Promise<void> = Promise.resolve();

async function writeParts(xmls: readonly string[]): Promise<void> {
  try {
    await Excel.run(async (context) => {
      const previous = await recordParts(context);
      // The new record goes in whole before the old one goes: a failure on the way leaves the
      // old record as the only complete one, so the workbook still opens with it.
      const added: Excel.CustomXmlPart[] = [];
      try {
        for (const xml of xmls) {
          // One part per request: Excel on the web refuses a request over 5 MB.
          const part = context.workbook.customXmlParts.add(xml);
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- the 5 MB limit
          await context.sync();
          added.push(part);
        }
      } catch (error) {
        // Take back the new parts that made it in, so they do not linger; if that fails too
        // they are an incomplete record, which a reader passes over and the next write removes.
        try {
          for (const part of added) part.delete();
          await context.sync();
        } catch {
          // The error worth reporting is the first one.
        }
        throw error;
      }
      try {
        for (const part of previous) part.delete();
        await context.sync();
      } catch {
        // The new record is whole and the newest, so it is the one read: the data is saved.
        // The old parts are only leftovers, and the next write removes them.
      }
    });
  } catch (error) {
    throw new WorkbookWriteError(
      `The workbook's REE data could not be saved: ${sentenceOf(error)} The workbook keeps the data it had before this change.`
    );
  }
}

export const officeWorkbook: WorkbookStore = {
  async read() {
    try {
      return await Excel.run(async (context) => {
        const parts = await recordParts(context);
        if (parts.length === 0) return undefined;
        const xmls: string[] = [];
        for (const part of parts) {
          // One part per request: Excel on the web refuses a response over 5 MB.
          const xml = part.getXml();
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- the 5 MB limit
          await context.sync();
          // getXml gives a ClientResult, whose value is there after sync without a load.
          // eslint-disable-next-line office-addins/load-object-before-read
          xmls.push(xml.value);
        }
        return decodeRecord(xmls);
      });
    } catch (error) {
      return unavailable(`The workbook's REE data could not be read: ${sentenceOf(error)}`);
    }
  },

  write(record) {
    const encoded = encodeRecord(record);
    if (!encoded.ok) return Promise.reject(new WorkbookWriteError(encoded.message));
    // One write at a time: a second write that started while the first was adding its parts
    // would take those parts for an old record and delete them.
    const done = writing.then(() => writeParts(encoded.value));
    writing = done.catch(() => undefined);
    return done;
  },

  recalculate() {
    return Excel.run(async (context) => {
      // A full recalculation is Excel's own way to reach every formula, REE ones included,
      // wherever they are; values of formulas that do not use REE come out the same.
      context.workbook.application.calculate(Excel.CalculationType.full);
      await context.sync();
    });
  },
};
