/**
 * npm run bench: speed and size figures, each against its goal, reported not asserted.
 * Ratios are measured against baselines in the same run, so a noisy machine moves both sides.
 * Prints a table and writes bench/results.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { HyperFormula } from "hyperformula";
import { Bench } from "tinybench";
import { DIST, loadBundle } from "../test/helpers/excel-runtime";
import { HYPERFORMULA_CONFIG, registerReeFunctions } from "../test/helpers/hyperformula-ree";
import { openPane } from "../test/helpers/browser";
import { realDataset, realTextDataset } from "../test/helpers/dataset";
import { Dataset } from "../src/core/dataset";
import { priceHistory } from "../src/core/prices";
import { dayFromIso, serialFromDay } from "../src/core/dates";
import { figures, median, record, round } from "./figures";
import { atScale, checkSameAnswer } from "./scale";
import { changeReport } from "./change-report";

const serialOf = (iso: string) => {
  const day = dayFromIso(iso);
  if (!day.ok) throw new Error(day.message);
  return serialFromDay(day.value);
};

async function lookups(): Promise<void> {
  const bundle = loadBundle();
  const call = (id: string) => bundle.functions.get(id)!;
  const price = call("PRICE");
  const share = call("SHARE");
  const controlled = call("CONTROLLED");
  const history = call("PRICEHISTORY");
  // Realistic arguments: mixed case, Chinese names, serial dates and units. Two calls a task.
  const tasks: Record<string, () => unknown[]> = {
    PRICE: () => [
      price("dy2o3", "Europe", 45839, "USD/t", null),
      price("氧化铽", "USGS", "2024-06-30", null, null),
    ],
    SHARE: () => [
      share("中国", "mining", 2024, null, null),
      share("Burma", "Mine Production", null, null, null),
    ],
    CONTROLLED: () => [
      controlled("Dy", 45751, null, null),
      controlled("钬", "2025-11-08", "PRC", null),
    ],
    PRICEHISTORY: () => [
      history("Dy2O3", "USGS", null, null, null, null),
      history("nd2o3", "usgs", 44197, 46022, "USD/t", 0),
    ],
  };
  // A call that errs would time the error path: every answer is checked first.
  for (const [name, task] of Object.entries(tasks))
    for (const answer of task()) {
      const cells = Array.isArray(answer) ? answer.flat() : [answer];
      if (cells.some((cell) => cell instanceof bundle.ExcelError || Number.isNaN(cell)))
        throw new Error(
          `${name} answered ${JSON.stringify(answer)}; the bench times answers only.`
        );
    }
  const bench = new Bench({ time: 400, warmupTime: 200 });
  for (const [name, task] of Object.entries(tasks)) bench.add(name, task);
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result as unknown as { throughput: { p50: number; rme: number } };
    const perSecond = result.throughput.p50 * 2; // two calls per iteration
    const goal = task.name === "PRICEHISTORY" ? null : perSecond >= 1_000_000;
    record({
      name: `lookups: ${task.name} calls/s`,
      value: Math.round(perSecond),
      unit: "calls/s",
      goal: task.name === "PRICEHISTORY" ? "-" : ">= 1,000,000",
      met: goal,
      detail: `median; ±${round(result.throughput.rme, 2)}% rme`,
    });
  }
}

/**
 * Each price series of a dataset as the core answers it (newest edition of each period, in its
 * market's unit) in one block of rows (date serial, low, high), with named ranges over each
 * block: Dates_S1, Low_S1, High_S1, ...
 */
function priceSeriesBlocks(dataset: Dataset) {
  const prices: number[][] = [];
  const names: { name: string; expression: string }[] = [];
  const numbers = new Map<string, number>();
  const pairs = new Set(dataset.rows.prices.map((row) => `${row.product}|${row.market}`));
  for (const pair of pairs) {
    const [product, market] = pair.split("|");
    const marketRow = dataset.markets.get(market)!;
    const history = priceHistory(
      dataset,
      dataset.products.get(product)!,
      marketRow,
      undefined,
      undefined,
      marketRow.unit
    );
    if (!history.ok) continue; // a series only another unit can give; no question asks it
    const first = prices.length + 1;
    for (const point of history.value)
      prices.push([serialFromDay(point.observation.period.start), point.low, point.high]);
    const series = numbers.size + 1;
    numbers.set(pair, series);
    for (const [name, column] of [
      ["Dates", "A"],
      ["Low", "B"],
      ["High", "C"],
    ])
      names.push({
        name: `${name}_S${series}`,
        expression: `=Prices!$${column}$${first}:$${column}$${prices.length}`,
      });
  }
  const seriesNumber = (product: string, market: string) => {
    const number = numbers.get(`${product}|${market}`);
    if (number === undefined) throw new Error(`The dataset has no ${product} series in ${market}.`);
    return number;
  };
  return { prices, names, seriesNumber };
}

/** The same questions three ways in HyperFormula: through REE, natively over pasted tables, and as =1+1. */
function spreadsheet(): void {
  const bundle = loadBundle();
  registerReeFunctions(bundle);
  const config = { ...HYPERFORMULA_CONFIG, useColumnIndex: true, maxRows: 100_000 };
  const text = realTextDataset();
  const table = (name: string) => text.tables[name];
  const column = (name: string, field: string) => table(name).columns.indexOf(field);

  // The dataset pasted into sheets the way an analyst without the add-in would: each price series
  // (its newest editions, in its market's unit) as a block of date, low and high with named
  // ranges over it, volumes with a country|stage|year|vintage key, and the controls list.
  const { prices, names, seriesNumber } = priceSeriesBlocks(realDataset());
  const nativePrice = (product: string, market: string, date: string) => {
    const series = seriesNumber(product, market);
    const row = `MATCH(${date},Dates_S${series},1)`;
    return `(INDEX(Low_S${series},${row})+INDEX(High_S${series},${row}))/2`;
  };
  const volumes = table("volumes").rows.map((row) => [
    `${row[0]}|${row[1]}|${row[2]}|${row[6]}`,
    Number(row[3]),
  ]);
  const controls = table("controls")
    .rows.filter((row) => ["export-licence", "quota"].includes(row[column("controls", "kind")]))
    .flatMap((row) =>
      row[column("controls", "elements")]
        .split("|")
        .map((symbol) => [
          symbol,
          serialOf(row[column("controls", "effective")]),
          serialOf(row[column("controls", "ended")] || "9999-12-31"),
        ])
    );

  const elementsOf = new Map(
    table("controls").rows.map((row) => [
      row[0],
      row[column("controls", "elements")].split("|").filter(Boolean),
    ])
  );
  const suspended = table("suspensions").rows.flatMap((row) =>
    (elementsOf.get(row[0]) ?? []).map((symbol) => [
      symbol,
      serialOf(row[column("suspensions", "from")]),
      serialOf(row[column("suspensions", "until")] || "9999-12-31"),
    ])
  );
  const controlledNatively = (symbol: string, date: string) =>
    `=COUNTIFS(Controls!A:A,"${symbol}",Controls!B:B,"<="&${date},Controls!C:C,">"&${date})-COUNTIFS(Suspended!A:A,"${symbol}",Suspended!B:B,"<="&${date},Suspended!C:C,">="&${date})>0`;
  const N = 10_000;
  // Dates sit in input cells, as in a model; both ways read the same cells.
  const inputs = [["=DATE(2025,7,1)"], ["=DATE(2024,6,30)"], ["=DATE(2025,4,4)"]];
  const questions = [
    {
      ree: `=REE.PRICE("dy2o3","Europe",Inputs!$A$1)`,
      native: `=${nativePrice("Dy2O3", "Europe", "Inputs!$A$1")}`,
    },
    {
      ree: `=REE.PRICE("氧化铽","USGS",Inputs!$A$2,"USD/t")`,
      native: `=1000*${nativePrice("Tb4O7", "USGS", "Inputs!$A$2")}`,
    },
    {
      ree: `=REE.SHARE("中国","mining",2024)`,
      native: `=INDEX(Volumes!B:B,MATCH("CHN|mining|2024|MCS2026 v1.3",Volumes!A:A,0))/INDEX(Volumes!B:B,MATCH("WORLD|mining|2024|MCS2026 v1.3",Volumes!A:A,0))`,
    },
    {
      ree: `=REE.TONNES("Burma","Mine Production",2025)`,
      native: `=XLOOKUP("MMR|mining|2025|MCS2026 v1.3",Volumes!A:A,Volumes!B:B)`,
    },
    { ree: `=REE.CONTROLLED("Dy",Inputs!$A$3)`, native: controlledNatively("Dy", "Inputs!$A$3") },
    {
      ree: `=REE.CONTROLLED("holmium","2025-11-08","PRC")`,
      native: controlledNatively("Ho", "DATE(2025,11,8)"),
    },
  ];
  const sheetOf = (pick: (question: (typeof questions)[number]) => string) =>
    Array.from({ length: N }, (_, index) => [pick(questions[index % questions.length])]);
  const time = (sheets: Record<string, unknown[][]>) => {
    const started = performance.now();
    const engine = HyperFormula.buildFromSheets(
      sheets as never,
      config,
      "Prices" in sheets ? names : []
    );
    const elapsed = performance.now() - started;
    const first = engine.getCellValue({ sheet: 0, col: 0, row: 0 });
    engine.destroy();
    return { elapsed, first };
  };
  const reeSheets = { Model: sheetOf((q) => q.ree), Inputs: inputs };
  const nativeSheets = {
    Model: sheetOf((q) => q.native),
    Inputs: inputs,
    Prices: prices,
    Volumes: volumes,
    Controls: controls,
    Suspended: suspended,
  };
  const floorSheets = { Model: sheetOf(() => "=1+1"), Inputs: inputs };
  // Check the native formulas answer what REE answers before timing them: an error cell, NaN
  // or a different figure on either side fails the bench.
  const check = HyperFormula.buildFromSheets(
    {
      Model: questions.map((q) => [q.ree, q.native]),
      Inputs: inputs,
      Prices: prices,
      Volumes: volumes,
      Controls: controls,
      Suspended: suspended,
    } as never,
    config,
    names
  );
  for (let row = 0; row < questions.length; row++) {
    const [ree, native] = [
      check.getCellValue({ sheet: 0, col: 0, row }),
      check.getCellValue({ sheet: 0, col: 1, row }),
    ];
    checkSameAnswer(`question ${row + 1} (${questions[row].ree})`, ree, native);
  }
  check.destroy();
  const runs = { ree: [] as number[], native: [] as number[], floor: [] as number[] };
  const kinds = [
    ["ree", reeSheets],
    ["native", nativeSheets],
    ["floor", floorSheets],
  ] as const;
  // Rotate the order each round so that warm-up and garbage collection fall on every side alike;
  // the first round only warms up.
  for (let round = 0; round < 10; round++) {
    for (let turn = 0; turn < kinds.length; turn++) {
      const [kind, sheets] = kinds[(round + turn) % kinds.length];
      const elapsed = time(sheets).elapsed;
      if (round > 0) runs[kind].push(elapsed);
    }
  }
  const [ree, native, floor] = [median(runs.ree), median(runs.native), median(runs.floor)];
  record({
    name: "sheet: 10,000 REE formulas",
    value: round(ree),
    unit: "ms",
    goal: "-",
    met: null,
    detail: "HyperFormula build + evaluate, median of 9",
  });
  record({
    name: "sheet: same answers by native INDEX/MATCH",
    value: round(native),
    unit: "ms",
    goal: "-",
    met: null,
  });
  record({
    name: "sheet: 10,000 × =1+1 (engine floor)",
    value: round(floor),
    unit: "ms",
    goal: "-",
    met: null,
  });
  record({
    name: "ratio REE / native",
    value: round(ree / native),
    unit: "×",
    goal: "<= 0.05",
    met: ree / native <= 0.05,
    detail: `native tables: ${prices.length} price rows`,
  });
  record({
    name: "ratio REE / floor",
    value: round(ree / floor),
    unit: "×",
    goal: "<= 1.25",
    met: ree / floor <= 1.25,
  });
}

/** Each sample is a fresh Node process, so parsing and compiling the bundle count as in Excel. */
function coldStart(): void {
  const samples: number[] = [];
  for (let run = 0; run < 15; run++) {
    const child = spawnSync(process.execPath, [join(__dirname, "cold-start.cjs")], {
      encoding: "utf8",
    });
    if (child.status !== 0) throw new Error(`cold start failed: ${child.stderr}`);
    samples.push(Number(child.stdout));
  }
  const reloads: number[] = [];
  for (let run = 0; run < 15; run++) {
    const started = performance.now();
    loadBundle().call("PRICE", "Dy2O3");
    reloads.push(performance.now() - started);
  }
  record({
    name: "warm start: bundle to first PRICE",
    value: round(median(reloads)),
    unit: "ms",
    goal: "< 20",
    met: median(reloads) < 20,
    detail:
      "evaluated again in a process that has compiled it before, as a browser with its code cache; median of 15",
  });
  record({
    name: "cold start: load bundle to first PRICE",
    value: round(median(samples)),
    unit: "ms",
    goal: "< 20",
    met: median(samples) < 20,
    detail: `fresh process each, median of 15; parse, validation and indexing included`,
  });
}

function sizes(): void {
  for (const [name, file, goalKb] of [
    ["functions.js (data included)", "functions.js", 100],
    ["taskpane.js (initial pane JS)", "taskpane.js", 250],
  ] as const) {
    const raw = readFileSync(join(DIST, file));
    const gzip = gzipSync(raw).length;
    record({
      name: `size: ${name} gzip`,
      value: round(gzip / 1024),
      unit: "KB",
      goal: `<= ${goalKb} KB`,
      met: gzip / 1024 <= goalKb,
      detail: `raw ${round(raw.length / 1024)} KB`,
    });
  }
}

async function pane(): Promise<void> {
  const samples: number[] = [];
  for (let run = 0; run < 3; run++) {
    const opened = await openPane({ width: 320, height: 800 });
    try {
      await opened.page.waitForSelector('#app[data-ready="true"]', { timeout: 30_000 });
      const interactive = await opened.page.evaluate(() => {
        const mark = performance.getEntriesByName("ree-pane-interactive")[0];
        return mark ? mark.startTime : performance.now();
      });
      samples.push(interactive);
    } finally {
      await opened.close();
    }
  }
  record({
    name: "pane: time to interactive (headless Chromium)",
    value: round(median(samples)),
    unit: "ms",
    goal: "-",
    met: null,
    detail: "from navigation start, median of 3",
  });
}

const SECTIONS: Record<string, () => void | Promise<void>> = {
  lookups,
  spreadsheet,
  scale: atScale,
  changeReport,
  coldStart,
  sizes,
  pane,
};

/**
 * Runs every section and writes bench/results.json. BENCH_ONLY=scale,sizes runs some sections
 * and only prints, so that a partial run never stands in for the whole one.
 */
async function main(): Promise<void> {
  console.log(
    `REE benchmark on ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}\n`
  );
  const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());
  const unknown = only?.filter((name) => !(name in SECTIONS)) ?? [];
  if (unknown.length > 0)
    throw new Error(
      `BENCH_ONLY names no section ${unknown.join(", ")}; the sections are ${Object.keys(SECTIONS).join(", ")}.`
    );
  for (const [name, section] of Object.entries(SECTIONS))
    if (!only || only.includes(name)) await section();
  if (only) {
    console.log("\nA partial run (BENCH_ONLY): bench/results.json left as it was.");
    return;
  }
  mkdirSync(join(__dirname), { recursive: true });
  const machine = {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    node: process.version,
    date: new Date().toISOString(),
  };
  writeFileSync(join(__dirname, "results.json"), JSON.stringify({ machine, figures }, null, 2));
  console.log("\nWrote bench/results.json");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
