import { Result, invalid, ok } from "./result";
import { TextDataset } from "./schema";

/**
 * What a workbook carries so that it computes the same numbers on any machine, with any later
 * version of the add-in, until its owner updates: the base data it was computed with (in full)
 * and the user's layers. It is stored as one custom XML part in this namespace.
 */
export const WORKBOOK_NAMESPACE = "urn:ree-excel:workbook-data:1";

export interface WorkbookRecord {
  datasetVersion: string;
  knownThrough: string;
  base: TextDataset;
  /** The user's layers as stored (layers.ts: storeLayer); checked like a file import when read. */
  layers: unknown[];
  savedAt: string;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const unescapeXml = (text: string) =>
  text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export function recordToXml(record: WorkbookRecord): string {
  return `<?xml version="1.0" encoding="UTF-8"?><reeData xmlns="${WORKBOOK_NAMESPACE}" version="${escapeXml(record.datasetVersion)}"><json>${escapeXml(JSON.stringify(record))}</json></reeData>`;
}

export function recordFromXml(xml: string): Result<WorkbookRecord> {
  const match = /<json>([\s\S]*)<\/json>/.exec(xml);
  if (!match) return invalid("The workbook's REE data part has no content.");
  let record: unknown;
  try {
    record = JSON.parse(unescapeXml(match[1]));
  } catch (error) {
    return invalid(
      `The workbook's REE data part is damaged: ${error instanceof Error ? error.message : String(error)}`
    );
  }
  const candidate = record as Partial<WorkbookRecord>;
  if (
    typeof candidate?.datasetVersion !== "string" ||
    typeof candidate.base !== "object" ||
    !Array.isArray(candidate.layers)
  ) {
    return invalid("The workbook's REE data part is not in the expected form.");
  }
  return ok(candidate as WorkbookRecord);
}
