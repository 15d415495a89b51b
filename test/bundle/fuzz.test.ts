import fc from "fast-check";
import { ExcelError, FIXTURE_DIST, loadBundle } from "../helpers/excel-runtime";

/**
 * Whatever a cell passes, every function answers with a value Excel can show: a finite number,
 * text within a cell's 32,767 characters, TRUE/FALSE, a rectangular 2-D array of those, or an
 * error with a message. It never throws.
 * (How fast it answers is `npm run bench`'s question, not a test's.) FUZZ_RUNS raises the number of cases (default 2,000 per function).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const bundle = loadBundle({ dist: FIXTURE_DIST });

const excelError = fc
  .constantFrom("#VALUE!", "#N/A", "#DIV/0!", "#REF!", "#NUM!")
  .map((code) => new ExcelError(code, "from another cell"));
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom("\u0000", "\u0007", "\n", "\t", "\u202e", "\ud83d\ude00", "镝", "́"),
    maxLength: 20,
  }),
  fc.constant("x".repeat(100_000)),
  fc.constantFrom(
    "Dy2O3",
    "China",
    "mining",
    "Dy",
    "Europe",
    "USD/t",
    "2025-04-04",
    "heavy",
    "note",
    "value",
    "products",
    "REO",
    "Dy metal",
    "difference",
    "unattributed",
    ""
  )
);
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 60, 2958466, 1e308, 0.5, 45839)
);
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null), excelError);
const grid = fc.array(fc.array(scalar, { maxLength: 4 }), { maxLength: 4 });
const argument = fc.oneof({ weight: 6, arbitrary: scalar }, { weight: 1, arbitrary: grid });

/** Excel's limit on the characters in one cell. */
const CELL_TEXT_LIMIT = 32_767;

function isShowable(value: unknown): boolean {
  // A number Excel can hold (never Infinity or NaN), text a cell can hold, or TRUE/FALSE.
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value === "string") return value.length <= CELL_TEXT_LIMIT;
  if (typeof value === "boolean") return true;
  // An error carries a message Excel can show whole: present, and within 255 characters.
  return (
    value instanceof ExcelError &&
    typeof value.message === "string" &&
    value.message.length > 0 &&
    value.message.length <= 255
  );
}

const ids = bundle.metadata.functions.map((fn) => fn.id);

describe.each(ids)("REE.%s under arbitrary arguments", (id) => {
  const arity = bundle.metadata.functions.find((fn) => fn.id === id)!.parameters.length;
  test(`returns something Excel can show, never throws (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(argument, { minLength: 0, maxLength: arity }), (args) => {
        const result = bundle.functions.get(id)!(...args);
        if (Array.isArray(result)) {
          expect(result.length).toBeGreaterThan(0);
          const width = (result[0] as unknown[]).length;
          for (const row of result as unknown[][]) {
            expect(row.length).toBe(width);
            for (const cell of row) expect(isShowable(cell)).toBe(true);
          }
        } else {
          expect(isShowable(result)).toBe(true);
        }
      }),
      { numRuns: RUNS }
    );
  });
});
