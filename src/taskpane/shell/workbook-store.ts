import {
  WORKBOOK_NAMESPACE,
  WorkbookRecord,
  recordFromXml,
  recordToXml,
} from "../../core/workbook-record";

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
      const part = context.workbook.customXmlParts
        .getByNamespace(WORKBOOK_NAMESPACE)
        .getOnlyItemOrNullObject();
      await context.sync();
      if (part.isNullObject) return undefined;
      const xml = part.getXml();
      await context.sync();
      // getXml gives a ClientResult, whose value is there after sync without a load.
      // eslint-disable-next-line office-addins/load-object-before-read
      const record = recordFromXml(xml.value);
      if (!record.ok) throw new DamagedRecordError(record.message);
      return record.value;
    });
  },

  write(record) {
    return Excel.run(async (context) => {
      const part = context.workbook.customXmlParts
        .getByNamespace(WORKBOOK_NAMESPACE)
        .getOnlyItemOrNullObject();
      await context.sync();
      if (part.isNullObject) context.workbook.customXmlParts.add(recordToXml(record));
      else part.setXml(recordToXml(record));
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
