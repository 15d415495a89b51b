import {
  WORKBOOK_NAMESPACE,
  WorkbookRecord,
  recordFromXml,
  recordToXml,
} from "../core/workbook-record";

/**
 * Where the workbook keeps its REE data (one custom XML part), and how Excel is asked to
 * recompute after the data changes. The real one uses Excel.run; tests pass a mock.
 */
export interface WorkbookStore {
  read(): Promise<WorkbookRecord | undefined>;
  write(record: WorkbookRecord): Promise<void>;
  /** Recomputes every formula, so every REE cell sees the new data. */
  recalculate(): Promise<void>;
}

export class DamagedRecordError extends Error {}

export const officeWorkbook: WorkbookStore = {
  read() {
    return Excel.run(async (context) => {
      const parts = context.workbook.customXmlParts.getByNamespace(WORKBOOK_NAMESPACE);
      parts.load("items");
      await context.sync();
      if (parts.items.length === 0) return undefined;
      const xml = parts.items[0].getXml();
      await context.sync();
      const record = recordFromXml(xml.value);
      if (!record.ok) throw new DamagedRecordError(record.message);
      return record.value;
    });
  },

  write(record) {
    return Excel.run(async (context) => {
      const parts = context.workbook.customXmlParts.getByNamespace(WORKBOOK_NAMESPACE);
      parts.load("items");
      await context.sync();
      for (const part of parts.items) part.delete();
      context.workbook.customXmlParts.add(recordToXml(record));
      await context.sync();
    });
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
