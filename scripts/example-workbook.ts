/*
 * Writes examples/rare-earth-model.xlsx: a model workbook to start from, built on the REE
 * functions (prices, supply risk, and an NdFeB magnet's rare-earth material cost).
 *
 *   npx tsx scripts/example-workbook.ts [--out path]
 *
 * Every REE call in the workbook is first asked of the bundled data (src/data, through the same
 * catalogue Excel calls), and the script stops if one answers an error, so the workbook never
 * ships a formula that fails on the data it ships with. exceljs writes no charts, so the price
 * history's line chart is added to the package afterwards (scripts/xlsx-chart.ts), its cached
 * values the bundled data's. The bytes are reproducible: fixed document dates, and the zip
 * rewritten with fixed timestamps.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { unzipSync, zipSync } from "fflate";
import { Dataset, loadDataset } from "../src/core/dataset";
import { FunctionId, makeCatalogue } from "../src/functions/catalogue";
import { readDataDirectory } from "./dataset-files";
import { addLineChart, LineChart } from "./xlsx-chart";

const FIXED_DATE = new Date(Date.UTC(2026, 0, 1));
const OUTPUT = join(__dirname, "..", "examples", "rare-earth-model.xlsx");

/** A literal argument, or a piece of formula (a cell reference, DATE()) with the value it has. */
type Argument = string | number | null | { formula: string; value: string | number };

const catalogue = makeCatalogue({ today: () => 0 });

function loadData(): Dataset {
  const loaded = loadDataset(readDataDirectory().dataset);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.value;
}

function argumentText(argument: Argument): string {
  if (argument === null) return "";
  if (typeof argument === "number") return String(argument);
  if (typeof argument === "string") return `"${argument.replace(/"/g, '""')}"`;
  return argument.formula;
}

/**
 * An REE call as formula text, checked against the data: the answer (one value, or a table's
 * rows) or an exception naming the call and the data's message.
 */
function ree(dataset: Dataset, id: FunctionId, ...args: Argument[]) {
  const shown = args.map(argumentText);
  while (shown.length > 0 && shown[shown.length - 1] === "") shown.pop();
  const formula = `REE.${id}(${shown.join(",")})`;
  const values = args.map((argument) =>
    argument !== null && typeof argument === "object" ? argument.value : argument
  );
  const answer = catalogue[id].run(dataset, values);
  if (!("ok" in answer)) throw new Error(`${formula} passed an Excel error through.`);
  if (!answer.ok) throw new Error(`${formula} fails on the bundled data: ${answer.message}`);
  return { formula, value: answer.value };
}

const STYLE = {
  title: { bold: true, size: 14 } as Partial<ExcelJS.Font>,
  header: { bold: true } as Partial<ExcelJS.Font>,
  input: {
    type: "pattern",
    pattern: "solid",
    fgColor: { argb: "FFFFF2CC" },
  } as ExcelJS.Fill,
  note: { italic: true, color: { argb: "FF595959" } } as Partial<ExcelJS.Font>,
};
const FORMAT = {
  price: "#,##0.00",
  date: "yyyy-mm-dd",
  share: "0.0%",
  index: "#,##0",
  ratio: "0.00",
  fraction: "0.0%",
};

function title(sheet: ExcelJS.Worksheet, text: string, lines: string[]): number {
  sheet.getCell("A1").value = text;
  sheet.getCell("A1").font = STYLE.title;
  lines.forEach((line, index) => {
    const cell = sheet.getCell(`A${index + 2}`);
    cell.value = line;
    cell.font = STYLE.note;
  });
  return lines.length + 3;
}

function headers(sheet: ExcelJS.Worksheet, row: number, names: string[]): void {
  names.forEach((name, index) => {
    const cell = sheet.getCell(row, index + 1);
    cell.value = name;
    cell.font = STYLE.header;
  });
}

function formula(cell: ExcelJS.Cell, text: string, numberFormat?: string): void {
  cell.value = { formula: text } as ExcelJS.CellFormulaValue;
  if (numberFormat) cell.numFmt = numberFormat;
}

/**
 * A function that returns a table, as a legacy array formula over the table's size today: exceljs
 * cannot mark a dynamic-array (spilling) formula, and Excel reads a plain formula that returns a
 * table as its first value only (=@REE...). The range is sized from the bundled data.
 */
function arrayFormula(
  sheet: ExcelJS.Worksheet,
  row: number,
  column: number,
  call: { formula: string; value: unknown }
): { rows: number; columns: number } {
  // A spilling function's single value (DATAINFO's version) is a table of one cell in Excel.
  const table = Array.isArray(call.value) ? (call.value as unknown[][]) : [[call.value]];
  const rows = table.length;
  const columns = table[0].length;
  const last = sheet.getCell(row + rows - 1, column + columns - 1).address;
  const first = sheet.getCell(row, column).address;
  sheet.getCell(row, column).value = {
    formula: call.formula,
    shareType: "array",
    ref: `${first}:${last}`,
  } as unknown as ExcelJS.CellFormulaValue;
  return { rows, columns };
}

function aboutSheet(workbook: ExcelJS.Workbook, dataset: Dataset): void {
  const sheet = workbook.addWorksheet("About");
  const start = title(sheet, "Rare-earth model: a workbook to start from", [
    "Every figure here is a live REE formula: load the REE Supply Chain add-in (see the README) and the workbook calculates.",
    "Without the add-in, Excel shows #NAME? in the formula cells.",
    "Cells shaded yellow are USER INPUTS: assumptions for you to change, not facts from the data.",
    "Written by scripts/example-workbook.ts; every formula answered without an error on the bundled data when it was written.",
  ]);
  headers(sheet, start, ["Dataset", "Value"]);
  sheet.getCell(start + 1, 1).value = "Version in use";
  arrayFormula(sheet, start + 1, 2, ree(dataset, "DATAINFO", "version"));
  sheet.getCell(start + 2, 1).value = "Known through";
  arrayFormula(sheet, start + 2, 2, ree(dataset, "DATAINFO", "knownThrough"));
  sheet.getCell(start + 2, 2).numFmt = FORMAT.date;
  sheet.getColumn(1).width = 22;
  sheet.getColumn(2).width = 16;
}

function pricesSheet(workbook: ExcelJS.Workbook, dataset: Dataset): LineChart {
  const sheet = workbook.addWorksheet("Prices");
  let row = title(sheet, "Prices", [
    "The latest assessment in each market, in US$/kg (CNY prices at the Federal Reserve's rate for their own month).",
  ]);
  headers(sheet, row, ["Product", "Market", "US$/kg", "Assessed", "Source"]);
  const quotes: [string, string][] = [
    ["Dy2O3", "USGS"],
    ["Dy2O3", "China"],
    ["Dy2O3", "Europe"],
    ["Tb4O7", "China"],
    ["Tb4O7", "Europe"],
    ["NdPr oxide", "China"],
    ["NdPr oxide", "Europe"],
    ["PrNd metal", "China"],
    ["Dy metal", "China"],
    ["Tb metal", "China"],
  ];
  for (const [product, market] of quotes) {
    row++;
    sheet.getCell(row, 1).value = product;
    sheet.getCell(row, 2).value = market;
    const at = (column: number) => sheet.getCell(row, column).address;
    const cells = [product, market].map((text, index) => ({
      formula: at(index + 1),
      value: text,
    }));
    formula(sheet.getCell(row, 3), ree(dataset, "PRICE", ...cells).formula, FORMAT.price);
    formula(
      sheet.getCell(row, 4),
      ree(dataset, "PRICE", ...cells, null, null, "date").formula,
      FORMAT.date
    );
    formula(sheet.getCell(row, 5), ree(dataset, "PRICE", ...cells, null, null, "source").formula);
  }

  row += 2;
  sheet.getCell(row, 1).value =
    "The ex-China premium: Europe's price over China's, on or before 2025-07-31";
  sheet.getCell(row, 1).font = STYLE.header;
  row++;
  headers(sheet, row, ["Product", "Ratio", "Difference, US$/kg", "Note"]);
  for (const product of ["Dy2O3", "Tb4O7"]) {
    row++;
    sheet.getCell(row, 1).value = product;
    const cell = { formula: sheet.getCell(row, 1).address, value: product };
    const on = "2025-07-31";
    formula(
      sheet.getCell(row, 2),
      ree(dataset, "SPREAD", cell, "Europe", "China", on).formula,
      FORMAT.ratio
    );
    formula(
      sheet.getCell(row, 3),
      ree(dataset, "SPREAD", cell, "Europe", "China", on, null, "difference").formula,
      FORMAT.price
    );
    formula(
      sheet.getCell(row, 4),
      ree(dataset, "SPREAD", cell, "Europe", "China", on, null, "note").formula
    );
  }

  row += 2;
  sheet.getCell(row, 1).value = "Dy2O3, USGS annual averages 2015-2025 (US$/kg): REE.PRICEHISTORY";
  sheet.getCell(row, 1).font = STYLE.header;
  row++;
  const call = ree(dataset, "PRICEHISTORY", "Dy2O3", "USGS", 2015, 2025);
  const history = arrayFormula(sheet, row, 1, call);
  for (let line = 1; line < history.rows; line++) {
    sheet.getCell(row + line, 1).numFmt = FORMAT.date;
    for (let column = 2; column <= 4; column++)
      sheet.getCell(row + line, column).numFmt = FORMAT.price;
  }
  sheet.getColumn(1).width = 14;
  sheet.getColumn(2).width = 12;
  sheet.getColumn(3).width = 18;
  sheet.getColumn(4).width = 12;
  sheet.getColumn(5).width = 60;
  return historyChart(sheet, row, call.value as unknown[][]);
}

/**
 * A line chart of the history table in column A on, header in `headerRow`: Mid over Date. USGS
 * publishes one annual average, so Low and High equal Mid and would only draw over it.
 */
function historyChart(sheet: ExcelJS.Worksheet, headerRow: number, table: unknown[][]): LineChart {
  const [header, ...points] = table;
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`REE.PRICEHISTORY has no ${name} column.`);
    const letter = sheet.getColumn(index + 1).letter;
    const values = points.map((point) => point[index]);
    if (!values.every((value) => typeof value === "number"))
      throw new Error(`REE.PRICEHISTORY's ${name} column is not all numbers.`);
    return {
      header: `${letter}${headerRow}`,
      range: `${letter}${headerRow + 1}:${letter}${headerRow + points.length}`,
      values: values as number[],
    };
  };
  const date = column("Date");
  const mid = column("Mid");
  return {
    sheet: sheet.name,
    title: "Dy2O3 price, USGS annual average",
    dates: { range: date.range, values: date.values, formatCode: FORMAT.date },
    series: [
      {
        name: { cell: mid.header, text: "Mid" },
        values: { range: mid.range, values: mid.values, formatCode: FORMAT.price },
      },
    ],
    dateAxis: { baseTimeUnit: "years", formatCode: "yyyy" },
    valueAxis: { title: "US$/kg", formatCode: FORMAT.index },
    // Beside the table, over the empty cells of the Source column and the two after it.
    anchor: {
      from: { column: 4, row: headerRow - 1, columnOffset: 190500 },
      to: { column: 7, row: headerRow + 17 },
    },
  };
}

function supplySheet(workbook: ExcelJS.Workbook, dataset: Dataset): void {
  const sheet = workbook.addWorksheet("Supply risk");
  let row = title(sheet, "Supply risk", [
    "China's share, and the Herfindahl-Hirschman index (0-10,000; 10,000 is one supplier) at each stage, latest year.",
    "Where part of world supply is not attributed to named countries, the index is a lower bound: see its note.",
  ]);
  headers(sheet, row, [
    "Stage",
    "Year",
    "China's share",
    "HHI",
    "Unattributed",
    "Countries",
    "Note",
  ]);
  for (const stage of ["mining", "reserves", "separation", "magnets"]) {
    row++;
    sheet.getCell(row, 1).value = stage;
    const cell = { formula: sheet.getCell(row, 1).address, value: stage };
    formula(sheet.getCell(row, 2), ree(dataset, "HHI", cell, null, null, "year").formula);
    formula(sheet.getCell(row, 3), ree(dataset, "SHARE", "China", cell).formula, FORMAT.share);
    formula(sheet.getCell(row, 4), ree(dataset, "HHI", cell).formula, FORMAT.index);
    formula(
      sheet.getCell(row, 5),
      ree(dataset, "HHI", cell, null, null, "unattributed").formula,
      FORMAT.fraction
    );
    formula(sheet.getCell(row, 6), ree(dataset, "HHI", cell, null, null, "countries").formula);
    formula(sheet.getCell(row, 7), ree(dataset, "HHI", cell, null, null, "note").formula);
  }
  row++;
  sheet.getCell(row, 1).value = "separation, heavy";
  formula(sheet.getCell(row, 2), ree(dataset, "HHI", "separation", null, "heavy", "year").formula);
  formula(
    sheet.getCell(row, 3),
    ree(dataset, "SHARE", "China", "separation", null, "heavy").formula,
    FORMAT.share
  );
  formula(
    sheet.getCell(row, 4),
    ree(dataset, "HHI", "separation", null, "heavy").formula,
    FORMAT.index
  );
  formula(
    sheet.getCell(row, 5),
    ree(dataset, "HHI", "separation", null, "heavy", "unattributed").formula,
    FORMAT.fraction
  );
  formula(
    sheet.getCell(row, 6),
    ree(dataset, "HHI", "separation", null, "heavy", "countries").formula
  );
  formula(sheet.getCell(row, 7), ree(dataset, "HHI", "separation", null, "heavy", "note").formula);

  row += 2;
  const asOfRow = row;
  sheet.getCell(row, 1).value = "Export controls as of";
  sheet.getCell(row, 1).font = STYLE.header;
  const asOf = sheet.getCell(row, 2);
  formula(asOf, "DATE(2025,12,31)", FORMAT.date);
  asOf.fill = STYLE.input;
  sheet.getCell(row, 3).value = "USER INPUT: any date; TODAY() follows the calendar.";
  sheet.getCell(row, 3).font = STYLE.note;
  row++;
  headers(sheet, row, ["Element", "Controlled", "Status", "Measure"]);
  const asOfArgument = { formula: `$B$${asOfRow}`, value: "2025-12-31" };
  for (const element of ["Dy", "Tb", "Sm", "Gd", "Lu", "Y", "Ho", "Nd", "Pr"]) {
    row++;
    sheet.getCell(row, 1).value = element;
    const cell = { formula: sheet.getCell(row, 1).address, value: element };
    formula(sheet.getCell(row, 2), ree(dataset, "CONTROLLED", cell, asOfArgument).formula);
    formula(
      sheet.getCell(row, 3),
      ree(dataset, "CONTROLLED", cell, asOfArgument, null, "status").formula
    );
    formula(
      sheet.getCell(row, 4),
      ree(dataset, "CONTROLLED", cell, asOfArgument, null, "measure").formula
    );
  }
  sheet.getColumn(1).width = 20;
  sheet.getColumn(3).width = 16;
  sheet.getColumn(4).width = 32;
  sheet.getColumn(7).width = 80;
}

function magnetSheet(workbook: ExcelJS.Workbook, dataset: Dataset): void {
  const sheet = workbook.addWorksheet("Magnet cost");
  let row = title(sheet, "NdFeB magnet: rare-earth material cost per kg of magnet", [
    "The composition below is a USER INPUT, an assumption to replace with your grade's: it is not a fact from the data.",
    "Material cost only: rare-earth content × price. No processing losses, scrap, iron, boron or other additions.",
  ]);
  headers(sheet, row, [
    "Rare earth",
    "Mass fraction of magnet (USER INPUT)",
    "China metal price, US$/kg",
    "Cost per kg magnet, US$",
    "Europe oxide price as contained metal, US$/kg",
    "Cost per kg magnet at Europe prices, US$",
  ]);
  const first = row + 1;
  const ndprSplitRow = first + 5;
  const lines: {
    name: string;
    fraction: number;
    metal: string;
    europe: string;
  }[] = [
    {
      name: "NdPr",
      fraction: 0.29,
      metal: ree(dataset, "PRICE", "PrNd metal", "China").formula,
      // NdPr oxide is two elements, so its metal content follows from the Nd:Pr split (an input).
      europe: `${ree(dataset, "PRICE", "NdPr oxide", "Europe").formula}/($B$${ndprSplitRow}*${ree(dataset, "CONVERT", 1, "Nd2O3", "Nd").formula}+(1-$B$${ndprSplitRow})*${ree(dataset, "CONVERT", 1, "Pr6O11", "Pr").formula})`,
    },
    {
      name: "Dy",
      fraction: 0.02,
      metal: ree(dataset, "PRICE", "Dy metal", "China").formula,
      europe: `${ree(dataset, "PRICE", "Dy2O3", "Europe").formula}*${ree(dataset, "CONVERT", 1, "Dy", "Dy2O3").formula}`,
    },
    {
      name: "Tb",
      fraction: 0.005,
      metal: ree(dataset, "PRICE", "Tb metal", "China").formula,
      europe: `${ree(dataset, "PRICE", "Tb4O7", "Europe").formula}*${ree(dataset, "CONVERT", 1, "Tb", "Tb4O7").formula}`,
    },
  ];
  for (const line of lines) {
    row++;
    sheet.getCell(row, 1).value = line.name;
    const input = sheet.getCell(row, 2);
    input.value = line.fraction;
    input.numFmt = FORMAT.fraction;
    input.fill = STYLE.input;
    formula(sheet.getCell(row, 3), line.metal, FORMAT.price);
    formula(sheet.getCell(row, 4), `B${row}*C${row}`, FORMAT.price);
    formula(sheet.getCell(row, 5), line.europe, FORMAT.price);
    formula(sheet.getCell(row, 6), `B${row}*E${row}`, FORMAT.price);
  }
  row++;
  sheet.getCell(row, 1).value = "Total";
  sheet.getCell(row, 1).font = STYLE.header;
  formula(sheet.getCell(row, 2), `SUM(B${first}:B${row - 1})`, FORMAT.fraction);
  formula(sheet.getCell(row, 4), `SUM(D${first}:D${row - 1})`, FORMAT.price);
  formula(sheet.getCell(row, 6), `SUM(F${first}:F${row - 1})`, FORMAT.price);
  formula(sheet.getCell(row + 1, 6), `F${row}/D${row}`, FORMAT.ratio);
  sheet.getCell(row + 1, 5).value = "Europe ÷ China";

  row = ndprSplitRow;
  sheet.getCell(row, 1).value = "Nd share of NdPr oxide";
  const split = sheet.getCell(row, 2);
  split.value = 0.75;
  split.numFmt = FORMAT.fraction;
  split.fill = STYLE.input;
  sheet.getCell(row, 3).value =
    "USER INPUT: the Nd2O3 share by mass of the NdPr oxide Europe quotes; its metal content is computed with REE.CONVERT.";
  sheet.getCell(row, 3).font = STYLE.note;
  sheet.getColumn(1).width = 24;
  for (const column of [2, 3, 4, 5, 6]) sheet.getColumn(column).width = 22;
}

export async function buildExampleWorkbook(dataset: Dataset): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "ree-excel scripts/example-workbook.ts";
  workbook.lastModifiedBy = "ree-excel scripts/example-workbook.ts";
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  // The file holds formulas without results: Excel calculates them when it opens the workbook.
  workbook.calcProperties = { fullCalcOnLoad: true };
  aboutSheet(workbook, dataset);
  const chart = pricesSheet(workbook, dataset);
  supplySheet(workbook, dataset);
  magnetSheet(workbook, dataset);
  const written = new Uint8Array(await workbook.xlsx.writeBuffer());
  // exceljs stamps each zip entry with the time of writing; the same workbook gets the same bytes.
  // exceljs writes no charts: the price history's chart is added to the package it wrote.
  const entries = addLineChart(unzipSync(written), chart);
  return zipSync(
    Object.fromEntries(
      Object.entries(entries).map(([name, content]) => [name, [content, { mtime: FIXED_DATE }]])
    ),
    { level: 6, mtime: FIXED_DATE }
  );
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf("--out");
  const out = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : OUTPUT;
  const bytes = await buildExampleWorkbook(loadData());
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  console.log(`Wrote ${out} (${bytes.length} bytes).`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
