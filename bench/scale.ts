/**
 * Figures at the scale of issue #11: the 150k-row basket (bench/basket.ts) imported as the pane
 * imports a user's file, then asked through the same functions Excel calls. The code is the
 * source the bundle is built from, run in this process, because a user's import reaches the
 * functions through the store that the pane and the functions share; the built bundle alone has
 * no way in. Every side is checked before it is timed, and a side that errs fails the bench.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { HyperFormula } from "hyperformula";
import Papa from "papaparse";
import { Day, dayFromIso, serialFromDay, todayDay } from "../src/core/dates";
import { problemsOf } from "../src/core/result";
import { price } from "../src/functions/functions";
import { BUNDLED_DATASET, applyData } from "../src/functions/store";
import { encodeRecord } from "../src/core/workbook-record";
import { importFile, importUserData } from "../src/taskpane/shell/data-sync";
import { WorkbookStore } from "../src/taskpane/shell/workbook-store";
import { DIST, ErrorCode, ExcelError, LoadedBundle } from "../test/helpers/excel-runtime";
import { HYPERFORMULA_CONFIG, registerReeFunctions } from "../test/helpers/hyperformula-ree";
import { Basket, basketSlice, generateBasket } from "./basket";
import { median, record, round } from "./figures";

// The functions build their errors through Excel's runtime; the tests' stand-in takes its place.
(global as unknown as { CustomFunctions: unknown }).CustomFunctions = {
  Error: ExcelError,
  ErrorCode,
};

/** Formulas per sheet, as in the bench over the bundled data. */
const FORMULAS = 10_000;
/**
 * Dates asked: every 58th day from 2016-01-07, weekends included. All fall before the bundled
 * data's own China, FOB China and Europe prices begin (2024), so the imported rows alone answer
 * and the native side, which holds only the basket, must agree.
 */
const ASKED_DATES = 50;
const ASKED_FROM = "2016-01-07";
const ASKED_STEP = 58;
/** Files of the "7 × 20k" imports (smaller parts of a smaller basket). */
const PART_ROWS = 20_000;
const PARTS = 7;
/** PRICE as Excel calls it: every argument present, an omitted one as null. */
const excelPrice = price as (...args: unknown[]) => unknown;

interface Question {
  product: string;
  market: string;
  unit: string;
  /** Which series of the basket, and which asked date (row of the Inputs sheet). */
  series: number;
  date: number;
  serial: number;
}

function askedSerials(): number[] {
  const first = dayFromIso(ASKED_FROM);
  if (!first.ok) throw new Error(first.message);
  return Array.from({ length: ASKED_DATES }, (_, index) =>
    serialFromDay(first.value + index * ASKED_STEP)
  );
}

/** Every series on every asked date: the questions each side must answer alike. */
function questionsOf(basket: Basket, serials: number[]): Question[] {
  return basket.series.flatMap((series, index) =>
    serials.map((serial, date) => ({
      product: series.product,
      market: series.market,
      unit: series.unit,
      series: index,
      date,
      serial,
    }))
  );
}

/** Two answers must be the same finite number (or the same text or TRUE/FALSE); anything else fails the bench. */
export function checkSameAnswer(question: string, ree: unknown, other: unknown): void {
  const finite = (value: unknown): value is number =>
    typeof value === "number" && Number.isFinite(value);
  const same =
    finite(ree) || finite(other)
      ? finite(ree) && finite(other) && Math.abs(ree - other) <= 1e-9 * Math.max(1, Math.abs(ree))
      : (typeof ree === "string" || typeof ree === "boolean") && ree === other;
  if (!same)
    throw new Error(
      `${question}: REE gives ${JSON.stringify(ree)} but the other side ${JSON.stringify(other)}; the bench times only sides that agree.`
    );
}

function resetData(): void {
  const reset = applyData({ layers: [] });
  if (!reset.ok) throw new Error(`The store did not go back to the bundled data: ${reset.message}`);
}

/** Imports as the pane does; a refused import fails the bench. Returns the milliseconds taken. */
function timedImport(text: string, fileName: string, today: Day): number {
  const started = performance.now();
  const imported = importUserData(text, fileName, today);
  const elapsed = performance.now() - started;
  if (!imported.ok)
    throw new Error(
      `Importing ${fileName} failed: ${problemsOf(imported).slice(0, 3).join(" / ")}`
    );
  return elapsed;
}

function imports(basket: Basket, today: Day): void {
  const parses: number[] = [];
  const whole: number[] = [];
  for (let round = 0; round < 6; round++) {
    const started = performance.now();
    const parsed = Papa.parse(basket.text);
    const parse = performance.now() - started;
    if (parsed.data.length < basket.rows) throw new Error("Papa.parse lost rows of the basket.");
    resetData();
    const imported = timedImport(basket.text, "basket.csv", today);
    if (round > 0) {
      parses.push(parse);
      whole.push(imported);
    }
  }
  const [importMs, parseMs] = [median(whole), median(parses)];
  record({
    name: "import 150k rows",
    value: round(importMs),
    unit: "ms",
    goal: "< 1000",
    met: importMs < 1000,
    detail: `${basket.rows} rows, ${round(basket.text.length / 1e6)} MB, one file; median of 5`,
  });
  record({
    name: "import / plain parse",
    value: round(importMs / parseMs),
    unit: "×",
    goal: "<= 3",
    met: importMs / parseMs <= 3,
    detail: `Papa.parse of the same text: ${round(parseMs)} ms`,
  });

  const partRows = Math.min(PART_ROWS, Math.floor(basket.rows / PARTS));
  const files = Array.from({ length: PARTS }, (_, part) =>
    basketSlice(basket, part * partRows, partRows)
  );
  const firsts: number[] = [];
  const lasts: number[] = [];
  // The first round only warms up, so that compiling the importer does not count as the first file's cost.
  for (let round = 0; round < 4; round++) {
    resetData();
    const times = files.map((file, part) => timedImport(file, `part-${part + 1}.csv`, today));
    if (round === 0) continue;
    firsts.push(times[0]);
    lasts.push(times[PARTS - 1]);
  }
  const [first, last] = [median(firsts), median(lasts)];
  record({
    name: "import 7 × 20k, last / first",
    value: round(last / first),
    unit: "×",
    goal: "<= 1.5",
    met: last / first <= 1.5,
    detail: `${partRows} rows each; first ${round(first)} ms, last ${round(last)} ms; median of 3`,
  });
  resetData();
}

/** Nanoseconds per call of `ask` over the questions, on a warmed-up function. */
function nanosecondsPerCall<Asked>(
  ask: (question: Asked) => unknown,
  questions: Asked[],
  repeat: number
): number {
  let sink = 0;
  const started = performance.now();
  for (let round = 0; round < repeat; round++)
    for (const question of questions) {
      const answer = ask(question);
      if (typeof answer === "number") sink += answer;
    }
  const elapsed = performance.now() - started;
  if (Number.isNaN(sink)) throw new Error("an answer was NaN"); // also keeps the answers alive
  return (elapsed * 1e6) / (repeat * questions.length);
}

function lookups(questions: Question[]): void {
  const askPrice = (question: Question) =>
    excelPrice(question.product, question.market, question.serial, question.unit, null);
  const answers = questions.map(askPrice);
  answers.forEach((answer, index) => {
    const question = questions[index];
    if (typeof answer !== "number" || !Number.isFinite(answer))
      throw new Error(
        `REE.PRICE("${question.product}","${question.market}",${question.serial},"${question.unit}") gave ${JSON.stringify(answer)}, not a price.`
      );
  });
  // The floor: the answer already in a Map, found by a key made beforehand (one Map.get).
  const keys = questions.map(
    (question) => `${question.product}|${question.market}|${question.serial}|${question.unit}`
  );
  const floor = new Map(keys.map((key, index) => [key, answers[index]]));
  const askFloor = (key: string) => floor.get(key);
  const repeat = 20;
  for (let warm = 0; warm < 3; warm++) {
    nanosecondsPerCall(askPrice, questions, repeat);
    nanosecondsPerCall(askFloor, keys, repeat);
  }
  const priceRuns: number[] = [];
  const floorRuns: number[] = [];
  for (let round = 0; round < 15; round++) {
    priceRuns.push(nanosecondsPerCall(askPrice, questions, repeat));
    floorRuns.push(nanosecondsPerCall(askFloor, keys, repeat));
  }
  const [perCall, perGet] = [median(priceRuns), median(floorRuns)];
  record({
    name: "PRICE ns per call at 150k rows",
    value: round(perCall),
    unit: "ns",
    goal: "-",
    met: null,
    detail: `${questions.length} questions (every series, ${ASKED_DATES} dates), median of 15`,
  });
  record({
    name: "PRICE / Map.get floor at 150k rows",
    value: round(perCall / perGet),
    unit: "×",
    goal: "<= 5",
    met: perCall / perGet <= 5,
    detail: `floor ${round(perGet)} ns: Map.get of the same answers by keys made beforehand`,
  });
}

/** PRICE and a function that does nothing, registered in HyperFormula the same way. */
function reeInHyperFormula(): void {
  const metadata = JSON.parse(readFileSync(join(DIST, "functions.json"), "utf8")) as {
    functions: LoadedBundle["metadata"]["functions"];
  };
  const priceEntry = metadata.functions.find((entry) => entry.id === "PRICE");
  if (!priceEntry) throw new Error("dist/functions.json declares no PRICE; run npm run build.");
  const functions = new Map<string, (...args: unknown[]) => unknown>([
    ["PRICE", excelPrice],
    ["EMPTY", () => 0],
  ]);
  registerReeFunctions({
    functions,
    ExcelError,
    metadata: {
      functions: [priceEntry, { ...priceEntry, id: "EMPTY", name: "EMPTY" }],
    },
    call: (id, ...args) => functions.get(id)!(...args),
  });
}

function spreadsheet(basket: Basket, serials: number[], questions: Question[]): void {
  reeInHyperFormula();
  // HyperFormula's column index makes these MATCH type 1 lookups two to three times slower than
  // its binary search (measured here), so the native side gets the faster setting.
  const config = { ...HYPERFORMULA_CONFIG, useColumnIndex: false, maxRows: 200_000 };
  const dates = basket.days.map(serialFromDay);
  // The basket pasted into one sheet, series by series in date order, and named ranges over
  // each series: the on-or-before lookup is then MATCH with match type 1 over sorted dates.
  const prices: number[][] = [];
  const names: { name: string; expression: string }[] = [];
  basket.series.forEach((series, index) => {
    const first = prices.length + 1;
    dates.forEach((serial, day) => prices.push([serial, series.lows[day], series.highs[day]]));
    const last = prices.length;
    for (const [name, column] of [
      ["Dates", "A"],
      ["Low", "B"],
      ["High", "C"],
    ])
      names.push({
        name: `${name}_S${index + 1}`,
        expression: `=Prices!$${column}$${first}:$${column}$${last}`,
      });
  });
  const inputs = serials.map((serial) => [serial]);
  const date = (question: Question) => `Inputs!$A$${question.date + 1}`;
  const ree = (question: Question) =>
    `=REE.PRICE("${question.product}","${question.market}",${date(question)},"${question.unit}")`;
  const empty = (question: Question) =>
    `=REE.EMPTY("${question.product}","${question.market}",${date(question)},"${question.unit}")`;
  const native = (question: Question) => {
    const row = `MATCH(${date(question)},Dates_S${question.series + 1},1)`;
    return `=(INDEX(Low_S${question.series + 1},${row})+INDEX(High_S${question.series + 1},${row}))/2`;
  };
  const build = (withPrices: boolean, model: string[][]) =>
    HyperFormula.buildFromSheets(
      (withPrices
        ? { Model: model, Inputs: inputs, Prices: prices }
        : { Model: model, Inputs: inputs }) as never,
      config,
      withPrices ? names : []
    );

  // Every question each way, checked before anything is timed.
  const check = build(
    true,
    questions.map((question) => [ree(question), native(question), empty(question)])
  );
  const model = check.getSheetId("Model")!;
  questions.forEach((question, row) => {
    const [reeAnswer, nativeAnswer, emptyAnswer] = [0, 1, 2].map((col) =>
      check.getCellValue({ sheet: model, col, row })
    );
    const asked = `${question.product} in ${question.market} on serial ${question.serial}`;
    checkSameAnswer(`${asked}, native`, reeAnswer, nativeAnswer);
    checkSameAnswer(`${asked}, empty function`, 0, emptyAnswer);
  });
  check.destroy();

  const sheet = (formula: (question: Question) => string) =>
    Array.from({ length: FORMULAS }, (_, index) => [formula(questions[index % questions.length])]);
  const kinds = [
    ["ree", sheet(ree), false],
    ["native", sheet(native), true],
    ["empty", sheet(empty), false],
  ] as const;
  const runs: Record<(typeof kinds)[number][0], number[]> = { ree: [], native: [], empty: [] };
  // The workbook is open with its data; what is timed is entering the 10,000 formulas and
  // computing them. Rotating the order spreads warm-up and garbage collection over every side.
  for (let round = 0; round < 6; round++) {
    for (let turn = 0; turn < kinds.length; turn++) {
      const [kind, formulas, withPrices] = kinds[(round + turn) % kinds.length];
      const engine = build(withPrices, []);
      const modelSheet = engine.getSheetId("Model")!;
      const started = performance.now();
      engine.setSheetContent(modelSheet, formulas as string[][]);
      const elapsed = performance.now() - started;
      const first = engine.getCellValue({ sheet: modelSheet, col: 0, row: 0 });
      engine.destroy();
      if (typeof first !== "number")
        throw new Error(`${kind}: the first formula gave ${JSON.stringify(first)}.`);
      if (round > 0) runs[kind].push(elapsed);
    }
  }
  const [reeMs, nativeMs, emptyMs] = [median(runs.ree), median(runs.native), median(runs.empty)];
  record({
    name: "sheet at 150k: 10,000 REE.PRICE",
    value: round(reeMs),
    unit: "ms",
    goal: "-",
    met: null,
    detail: "HyperFormula: enter and compute the formulas in an open workbook, median of 5",
  });
  record({
    name: "sheet at 150k: same by native INDEX/MATCH",
    value: round(nativeMs),
    unit: "ms",
    goal: "-",
    met: null,
    detail: `named ranges per series over ${prices.length} pasted rows, MATCH type 1 on sorted dates`,
  });
  record({
    name: "sheet at 150k: 10,000 empty custom functions",
    value: round(emptyMs),
    unit: "ms",
    goal: "-",
    met: null,
    detail: "a function that returns 0, registered as REE.PRICE is",
  });
  record({
    name: "ratio at 150k: REE / native",
    value: round(reeMs / nativeMs),
    unit: "×",
    goal: "-",
    met: null,
  });
  record({
    name: "ratio at 150k: REE / empty custom function",
    value: round(reeMs / emptyMs),
    unit: "×",
    goal: "<= 1.1",
    met: reeMs / emptyMs <= 1.1,
  });
}

/** Milliseconds from loading the code to the expected first answer, in a fresh process each time. */
function reopenedIn(bundle: string, input: string): number {
  const child = spawnSync(process.execPath, [join(__dirname, "reopen-child.cjs"), bundle, input], {
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`A reopen failed: ${child.stderr}`);
  return Number(child.stdout);
}

/**
 * Reopening a workbook that carries the basket: the pane's import saves the record (the parts
 * Excel would keep), then a fresh process loads the add-in's code, opens the record and answers
 * a PRICE from the imported rows. The same process without a record is the bundle-only cold start.
 */
async function reopening(basket: Basket): Promise<void> {
  resetData();
  const bundleOnlyQuestion = ["Dy2O3", null, null, null, null];
  const bundleOnlyAnswer = excelPrice(...bundleOnlyQuestion);
  let parts: string[] | undefined;
  const workbook: WorkbookStore = {
    read: async () => undefined,
    write: async (saved) => {
      const encoded = encodeRecord(saved);
      if (!encoded.ok) throw new Error(encoded.message);
      parts = encoded.value;
    },
    recalculate: async () => undefined,
  };
  const imported = await importFile(workbook, basket.text, "basket.csv");
  if (!imported.ok || !parts)
    throw new Error(
      `The basket was not imported and saved: ${imported.ok ? "no record written" : imported.message}`
    );
  const series = basket.series[0];
  const last = basket.days.length - 1;
  const question = [
    series.product,
    series.market,
    serialFromDay(basket.days[last]),
    series.unit,
    null,
  ];
  const answer = excelPrice(...question);
  if (answer !== (series.lows[last] + series.highs[last]) / 2)
    throw new Error(
      `After the import, PRICE gave ${JSON.stringify(answer)}, not the basket's last price.`
    );
  resetData();

  const folder = mkdtempSync(join(tmpdir(), "ree-bench-"));
  try {
    const bundle = join(folder, "reopen.cjs");
    buildSync({
      entryPoints: [join(__dirname, "reopen-entry.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      minify: true,
      outfile: bundle,
      logLevel: "error",
    });
    const withRecord = join(folder, "with-record.json");
    const bundleOnly = join(folder, "bundle-only.json");
    writeFileSync(withRecord, JSON.stringify({ parts, question, expected: answer }));
    writeFileSync(
      bundleOnly,
      JSON.stringify({ question: bundleOnlyQuestion, expected: bundleOnlyAnswer })
    );
    const reopens: number[] = [];
    const colds: number[] = [];
    for (let run = 0; run < 7; run++) {
      reopens.push(reopenedIn(bundle, withRecord));
      colds.push(reopenedIn(bundle, bundleOnly));
    }
    const [reopenMs, coldMs] = [median(reopens), median(colds)];
    record({
      name: "reopen with 150k imported rows",
      value: round(reopenMs),
      unit: "ms",
      goal: "-",
      met: null,
      detail: `fresh process each, load to the first PRICE from the imported rows; ${parts.length} record part(s), ${round(parts.reduce((total, part) => total + part.length, 0) / 1e6)} MB; median of 7`,
    });
    record({
      name: "reopen / bundle-only cold start",
      value: round(reopenMs / coldMs),
      unit: "×",
      goal: "-",
      met: null,
      detail: `the same code without a record: ${round(coldMs)} ms to the first PRICE`,
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The 150k-row figures. BENCH_BASKET_WEEKS makes a smaller basket for a quick run (the figures'
 * names still say 150k; the detail gives the rows).
 */
export async function atScale(): Promise<void> {
  const weeks = process.env.BENCH_BASKET_WEEKS ? Number(process.env.BENCH_BASKET_WEEKS) : undefined;
  const basket = generateBasket(BUNDLED_DATASET, { weeks });
  const today = todayDay();
  imports(basket, today);
  timedImport(basket.text, "basket.csv", today);
  const serials = askedSerials().filter((serial) => serial >= serialFromDay(basket.days[0]));
  const questions = questionsOf(basket, serials);
  lookups(questions);
  spreadsheet(basket, serials, questions);
  await reopening(basket);
  resetData();
}
