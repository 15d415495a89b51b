/*
 * One cold start, in a fresh process: read dist/functions.js, run it as Excel's runtime would,
 * and compute the first formula. Prints the milliseconds from loading to the first result.
 */
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const source = readFileSync(join(__dirname, "..", "dist", "functions.js"), "utf8");
const functions = new Map();
class ExcelError {
  constructor(code, message) {
    this.code = code;
    this.message = message;
  }
}
const CustomFunctions = {
  associate: (id, fn) => functions.set(id, fn),
  Error: ExcelError,
  ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" },
};
const started = performance.now();
// eslint-disable-next-line no-new-func -- the built bundle is the code being timed, run as Excel runs it
new Function("CustomFunctions", "self", "window", source)(CustomFunctions, {}, {});
const result = functions.get("PRICE")("Dy2O3", null, null, null, null);
const elapsed = performance.now() - started;
if (typeof result !== "number")
  throw new Error(`unexpected first result ${JSON.stringify(result)}`);
process.stdout.write(String(elapsed));
