import { parseStringPromise } from "xml2js";

/**
 * A stand-in for Excel's workbook as far as the REE data needs it (custom XML parts and a full
 * recalculation), installed as the global `Excel` that officeWorkbook calls. It holds the store
 * to what Excel does and office-addin-mock does not model:
 * - calls are queued and run at `context.sync()`, in order; when one fails, the ones before it
 *   in that batch have happened and the ones after it have not;
 * - a collection's `items` and getXml's `value` exist only after a sync;
 * - a part must be well-formed XML 1.0, or it is refused;
 * - a request or a response over 5 MB is refused, as Excel on the web refuses it;
 * - a test can make an add fail (`failAdd`).
 * A `WorkbookFile` keeps the parts between sessions, so a test can close and reopen a workbook.
 */
export interface StoredPart {
  namespace: string;
  xml: string;
}

export interface WorkbookFile {
  parts: StoredPart[];
  calculations: string[];
  /** The next add after `after` successful ones fails at sync with `message`. */
  failAdd?: { after: number; message: string };
  /** The largest request or response so far, in characters. */
  largestPayload?: number;
}

/** Excel on the web's limit on one request or one response. */
export const PAYLOAD_LIMIT = 5_000_000;

/** Characters XML 1.0 allows (its Char production); anything else makes a document malformed. */
export const XML_CHARACTERS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

class RichApiError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

/** Parses a part as Excel would before accepting it; returns its root namespace. */
export async function wellFormedNamespace(xml: string): Promise<string> {
  if (!XML_CHARACTERS.test(xml))
    throw new RichApiError("InvalidArgument", "The XML has a character XML 1.0 does not allow.");
  let parsed: Record<string, { $?: Record<string, string> }>;
  try {
    parsed = await parseStringPromise(xml);
  } catch (error) {
    throw new RichApiError("InvalidArgument", `The XML is not well formed: ${String(error)}`);
  }
  const root = Object.values(parsed)[0];
  return root?.$?.xmlns ?? "";
}

interface Operation {
  /** Characters this operation sends to Excel. */
  request: number;
  /** Runs it; resolves with the characters Excel sends back. */
  run(): Promise<number>;
}

export function openExcel(file: WorkbookFile): void {
  const run = async <T>(callback: (context: unknown) => Promise<T>): Promise<T> => {
    const queue: Operation[] = [];
    const notYet = (what: string) => {
      throw new RichApiError("PropertyNotLoaded", `${what} is not available before a sync.`);
    };
    const partProxy = (part: StoredPart) => ({
      getXml() {
        let value: string | undefined;
        queue.push({
          request: 0,
          run: async () => {
            if (!file.parts.includes(part)) throw new RichApiError("ItemNotFound", "No such part.");
            value = part.xml;
            return value.length;
          },
        });
        return {
          get value() {
            return value ?? notYet("getXml's value");
          },
        };
      },
      delete() {
        queue.push({
          request: 0,
          run: async () => {
            const index = file.parts.indexOf(part);
            if (index < 0) throw new RichApiError("ItemNotFound", "No such part.");
            file.parts.splice(index, 1);
            return 0;
          },
        });
      },
    });

    const context = {
      workbook: {
        customXmlParts: {
          getByNamespace(namespace: string) {
            let items: ReturnType<typeof partProxy>[] | undefined;
            const collection = {
              load() {
                queue.push({
                  request: 0,
                  run: async () => {
                    const matching = file.parts.filter((part) => part.namespace === namespace);
                    items = matching.map(partProxy);
                    return matching.length * 100;
                  },
                });
                return collection;
              },
              get items() {
                return items ?? notYet("items");
              },
            };
            return collection;
          },
          add(xml: string) {
            const part: StoredPart = { namespace: "", xml };
            queue.push({
              request: xml.length,
              run: async () => {
                if (file.failAdd) {
                  if (file.failAdd.after === 0) {
                    const { message } = file.failAdd;
                    file.failAdd = undefined;
                    throw new RichApiError("GeneralException", message);
                  }
                  file.failAdd.after--;
                }
                part.namespace = await wellFormedNamespace(xml);
                file.parts.push(part);
                return 100;
              },
            });
            return partProxy(part);
          },
        },
        application: {
          calculate(type: string) {
            queue.push({
              request: 0,
              run: async () => {
                file.calculations.push(type);
                return 0;
              },
            });
          },
        },
      },
      async sync() {
        const batch = queue.splice(0);
        const request = batch.reduce((total, operation) => total + operation.request, 0);
        file.largestPayload = Math.max(file.largestPayload ?? 0, request);
        if (request > PAYLOAD_LIMIT)
          throw new RichApiError("RequestPayloadSizeLimitExceeded", "The request is too large.");
        let response = 0;
        for (const operation of batch) response += await operation.run();
        file.largestPayload = Math.max(file.largestPayload, response);
        if (response > PAYLOAD_LIMIT)
          throw new RichApiError("ResponsePayloadSizeLimitExceeded", "The response is too large.");
      },
    };
    return callback(context);
  };
  // CalculationType is an enum in Office.js.
  (global as unknown as { Excel: unknown }).Excel = {
    run,
    CalculationType: { full: "Full", recalculate: "Recalculate" },
  };
}
