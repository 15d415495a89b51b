/*
 * One reopen, in a fresh process, as bench/cold-start.cjs measures a cold start: the bundled
 * reopen-entry is loaded and run, and the first PRICE must give the expected answer. Prints the
 * milliseconds from loading the code to that answer. The record's parts are read from a file
 * first, outside the time, as Excel hands them to the add-in.
 */
const { readFileSync } = require("node:fs");

const [bundle, input] = process.argv.slice(2);
const { parts, question, expected } = JSON.parse(readFileSync(input, "utf8"));
class ExcelError {
  constructor(code, message) {
    this.code = code;
    this.message = message;
  }
}
global.CustomFunctions = {
  Error: ExcelError,
  ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" },
};
const started = performance.now();
const { reopen } = require(bundle);
reopen(parts ?? undefined, question).then(
  (answer) => {
    const elapsed = performance.now() - started;
    if (answer !== expected) {
      process.stderr.write(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(answer)}`);
      process.exit(1);
    }
    process.stdout.write(String(elapsed));
  },
  (error) => {
    process.stderr.write(String(error instanceof Error ? error.stack : error));
    process.exit(1);
  }
);
