/*
 * The example workbook (examples/rare-earth-model.xlsx, written by scripts/example-workbook.ts)
 * opened as a user would get it: every formula in it evaluated by a real formula engine
 * (HyperFormula) with the REE functions of the production bundle (dist/, around the real data),
 * and not one cell may be an error. A data update that breaks one of its formulas fails here.
 * Its price chart is checked as a package reader would find it: well-formed parts, every
 * relationship resolved, and a cache equal to what the cells it plots calculate to.
 */
import { readFileSync } from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { strFromU8, unzipSync, zipSync, type Unzipped } from "fflate";
import { DetailedCellError, HyperFormula, SimpleCellAddress } from "hyperformula";
import { parseStringPromise } from "xml2js";
import { addLineChart, LineChart } from "../../scripts/xlsx-chart";
import { DIST, loadBundle } from "../helpers/excel-runtime";
import { HYPERFORMULA_CONFIG, registerReeFunctions } from "../helpers/hyperformula-ree";

const FILE = path.resolve(__dirname, "../../examples/rare-earth-model.xlsx");

type Content = string | number | boolean | null;

/** A cell as HyperFormula takes it: a formula as "=...", a value as itself. */
function contentOf(cell: ExcelJS.Cell): Content {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value === "object" && "formula" in value && value.formula) return `=${value.formula}`;
  if (typeof value === "object" && "sharedFormula" in value)
    throw new Error(`${cell.address}: shared formulas are not expected in the example.`);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  throw new Error(`${cell.address}: unexpected cell value ${JSON.stringify(value)}.`);
}

/** An XML element as xml2js gives it: attributes under `$`, children by tag name, text under `_`. */
interface Element {
  $?: Record<string, string>;
  _?: string;
  [child: string]: Element[] | Record<string, string> | string | undefined;
}

async function parsePart(entries: Unzipped, part: string): Promise<Element> {
  const content = entries[part];
  if (!content) throw new Error(`The package has no ${part}.`);
  const parsed = (await parseStringPromise(strFromU8(content))) as Record<string, Element>;
  return Object.values(parsed)[0];
}

/** Every descendant with this tag name, depth first. */
function descendants(element: Element, tag: string): Element[] {
  const found: Element[] = [];
  for (const [name, children] of Object.entries(element)) {
    if (name === "$" || name === "_" || !Array.isArray(children)) continue;
    for (const child of children) {
      // xml2js gives an element with only text, and no attributes, as the text itself.
      if (typeof child === "string") {
        if (name === tag) found.push({ _: child });
        continue;
      }
      if (name === tag) found.push(child);
      found.push(...descendants(child, tag));
    }
  }
  return found;
}

/** The text of the first descendant with this tag name. */
function textOf(element: Element, tag: string): string | undefined {
  return descendants(element, tag)[0]?._;
}

function relationshipsPartOf(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** The part a relationship of `source` points to ("" is the package root, as for _rels/.rels). */
function resolveTarget(source: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const segments = source.split("/").slice(0, -1);
  for (const segment of target.split("/")) {
    if (segment === "..") segments.pop();
    else if (segment !== ".") segments.push(segment);
  }
  return segments.join("/");
}

/** The part that relationship `id` of `source` points to. */
async function relatedPart(entries: Unzipped, source: string, id: string): Promise<string> {
  const relationships = await parsePart(entries, relationshipsPartOf(source));
  const relationship = descendants(relationships, "Relationship").find(
    (element) => element.$?.Id === id
  );
  if (!relationship) throw new Error(`${source} has no relationship ${id}.`);
  return resolveTarget(source, relationship.$!.Target);
}

/** CT_Worksheet's children in the order ECMA-376 requires; Excel refuses a sheet out of order. */
const WORKSHEET_ORDER = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "scenarios",
  "autoFilter",
  "sortState",
  "dataConsolidate",
  "customSheetViews",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

/** A worksheet's child elements in document order (each appears once at this level). */
async function worksheetChildren(entries: Unzipped, part: string): Promise<string[]> {
  return Object.keys(await parsePart(entries, part)).filter((name) => name !== "$");
}

function inSchemaOrder(children: string[]): boolean {
  const positions = children.map((name) => WORKSHEET_ORDER.indexOf(name));
  return positions.every(
    (position, index) => position >= 0 && (index === 0 || position > positions[index - 1])
  );
}

/** A chart's range formula such as Prices!$A$23:$A$33, as a sheet and zero-based cells. */
function parseRange(formula: string): {
  sheet: string;
  start: SimpleCellAddress;
  end: SimpleCellAddress;
} {
  const match = /^(?:'((?:[^']|'')+)'|([^!']+))!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$/.exec(
    formula
  );
  if (!match) throw new Error(`Not a range formula: ${formula}`);
  const sheet = match[1]?.replace(/''/g, "'") ?? match[2];
  const column = (letters: string) =>
    [...letters].reduce((total, letter) => total * 26 + letter.charCodeAt(0) - 64, 0) - 1;
  const start = { sheet: 0, col: column(match[3]), row: Number(match[4]) - 1 };
  const end = match[5] ? { sheet: 0, col: column(match[5]), row: Number(match[6]) - 1 } : start;
  return { sheet, start, end };
}

describe("examples/rare-earth-model.xlsx evaluates without an error cell", () => {
  const workbook = new ExcelJS.Workbook();
  let engine: HyperFormula;
  const sheets: Record<string, Content[][]> = {};
  const formulas: { sheet: string; address: string; formula: string }[] = [];
  const entries = unzipSync(readFileSync(FILE));

  beforeAll(async () => {
    await workbook.xlsx.readFile(FILE);
    workbook.eachSheet((sheet) => {
      const grid: Content[][] = [];
      sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
        row.eachCell({ includeEmpty: true }, (cell, columnNumber) => {
          const content = contentOf(cell);
          if (content === null) return;
          grid[rowNumber - 1] ??= [];
          grid[rowNumber - 1][columnNumber - 1] = content;
          if (typeof content === "string" && content.startsWith("="))
            formulas.push({ sheet: sheet.name, address: cell.address, formula: content });
        });
      });
      sheets[sheet.name] = Array.from(grid, (row) => Array.from(row ?? [], (cell) => cell ?? null));
    });
    const bundle = loadBundle({ now: new Date(2026, 10, 28, 12), dist: DIST });
    registerReeFunctions(bundle);
    engine = HyperFormula.buildFromSheets(sheets, HYPERFORMULA_CONFIG);
  });
  afterAll(() => engine?.destroy());

  test("it has the three model sheets, each with REE formulas", () => {
    expect(Object.keys(sheets)).toEqual(["About", "Prices", "Supply risk", "Magnet cost"]);
    const used = (sheet: string, id: string) =>
      formulas.some((entry) => entry.sheet === sheet && entry.formula.includes(`REE.${id}(`));
    expect(used("Prices", "PRICE")).toBe(true);
    expect(used("Prices", "PRICEHISTORY")).toBe(true);
    expect(used("Prices", "SPREAD")).toBe(true);
    expect(used("Supply risk", "SHARE")).toBe(true);
    expect(used("Supply risk", "HHI")).toBe(true);
    expect(used("Supply risk", "CONTROLLED")).toBe(true);
    expect(used("Magnet cost", "PRICE")).toBe(true);
    expect(used("Magnet cost", "CONVERT")).toBe(true);
  });

  test("the magnet composition is labelled as user input, not fact", () => {
    const texts = (sheets["Magnet cost"] ?? []).flat().filter((cell) => typeof cell === "string");
    expect(texts.some((text) => /composition below is a USER INPUT/.test(text as string))).toBe(
      true
    );
    expect(
      texts.some(
        (text) => /USER INPUT/.test(text as string) && /Mass fraction/.test(text as string)
      )
    ).toBe(true);
  });

  /** The Prices sheet's chart: its part, and the cells the sheet's drawing anchors it to. */
  async function pricesChart() {
    const workbookPart = await parsePart(entries, "xl/workbook.xml");
    const sheet = descendants(workbookPart, "sheet").find(
      (element) => element.$?.name === "Prices"
    );
    const sheetPart = await relatedPart(entries, "xl/workbook.xml", sheet!.$!["r:id"]);
    const [drawing] = descendants(await parsePart(entries, sheetPart), "drawing");
    expect(drawing).toBeDefined();
    const drawingPart = await relatedPart(entries, sheetPart, drawing.$!["r:id"]);
    const anchors = descendants(await parsePart(entries, drawingPart), "xdr:twoCellAnchor");
    expect(anchors).toHaveLength(1);
    const [frame] = descendants(anchors[0], "c:chart");
    const chartPart = await relatedPart(entries, drawingPart, frame.$!["r:id"]);
    const corner = (tag: string) => {
      const [element] = descendants(anchors[0], tag);
      return { col: Number(textOf(element, "xdr:col")), row: Number(textOf(element, "xdr:row")) };
    };
    return {
      sheetPart,
      chart: await parsePart(entries, chartPart),
      from: corner("xdr:from"),
      to: corner("xdr:to"),
    };
  }

  /** Where REE.PRICEHISTORY's table spills on the Prices sheet, as HyperFormula calculates it. */
  function priceHistorySpill() {
    const sheet = engine.getSheetId("Prices")!;
    const entry = formulas.find(
      (formula) => formula.sheet === "Prices" && formula.formula.includes("REE.PRICEHISTORY(")
    );
    const start = engine.simpleCellAddressFromString(entry!.address, sheet)!;
    let end = { ...start };
    while (engine.isCellPartOfArray({ ...end, row: end.row + 1 }))
      end = { ...end, row: end.row + 1 };
    while (engine.isCellPartOfArray({ ...end, col: end.col + 1 }))
      end = { ...end, col: end.col + 1 };
    const header = Array.from({ length: end.col - start.col + 1 }, (_, offset) =>
      engine.getCellValue({ ...start, col: start.col + offset })
    );
    return { sheet, start, end, header };
  }

  test("every part of the package is well-formed XML", async () => {
    const malformed: string[] = [];
    for (const part of Object.keys(entries).filter((name) => /\.(xml|rels)$/.test(name)))
      await parsePart(entries, part).catch((error: unknown) =>
        malformed.push(`${part}: ${String(error)}`)
      );
    expect(malformed).toEqual([]);
  });

  test("every relationship points to a part in the package, and every part has a content type", async () => {
    const types = await parsePart(entries, "[Content_Types].xml");
    const defaults = new Set(descendants(types, "Default").map((element) => element.$!.Extension));
    const overrides = new Set(descendants(types, "Override").map((element) => element.$!.PartName));
    const parts = Object.keys(entries).filter(
      (name) => !name.endsWith("/") && name !== "[Content_Types].xml"
    );
    const untyped = parts.filter(
      (part) => !overrides.has(`/${part}`) && !defaults.has(part.slice(part.lastIndexOf(".") + 1))
    );
    expect(untyped).toEqual([]);

    const broken: string[] = [];
    for (const rels of parts.filter((part) => part.endsWith(".rels"))) {
      const source = rels.replace(/_rels\/([^/]*)\.rels$/, "$1");
      if (source !== "" && !entries[source]) broken.push(`${rels}: no part ${source}`);
      for (const relationship of descendants(await parsePart(entries, rels), "Relationship")) {
        if (relationship.$!.TargetMode === "External") continue;
        const target = resolveTarget(source, relationship.$!.Target);
        if (!entries[target]) broken.push(`${rels} ${relationship.$!.Id}: no part ${target}`);
      }
    }
    expect(broken).toEqual([]);
    // Excel expects these two content types exactly; under another it drops the chart.
    const typeOf = (part: string) =>
      descendants(types, "Override").find((element) => element.$!.PartName === part)?.$!
        .ContentType;
    expect(typeOf("/xl/charts/chart1.xml")).toBe(
      "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    );
    expect(typeOf("/xl/drawings/drawing1.xml")).toBe(
      "application/vnd.openxmlformats-officedocument.drawing+xml"
    );
  });

  test("the Prices sheet has a line chart of REE.PRICEHISTORY's Mid column over its Date column", async () => {
    const { sheetPart, chart } = await pricesChart();
    const children = await worksheetChildren(entries, sheetPart);
    expect(children).toContain("drawing");
    expect(inSchemaOrder(children)).toBe(true);
    const spill = priceHistorySpill();
    const [line] = descendants(chart, "c:lineChart");
    expect(line).toBeDefined();
    const series = descendants(line, "c:ser");
    expect(series).toHaveLength(1);
    expect(textOf(descendants(chart, "c:title")[0], "a:t")).toMatch(/Dy2O3/);

    const column = (name: string) => spill.start.col + spill.header.indexOf(name);
    const cells = (formula: string | undefined) => {
      const range = parseRange(formula!);
      return {
        sheet: range.sheet,
        col: range.start.col,
        rows: [range.start.row, range.end.row],
        lastCol: range.end.col,
      };
    };
    // Every row of the table below its header, and nothing else.
    const rows = [spill.start.row + 1, spill.end.row];
    expect(cells(textOf(descendants(series[0], "c:cat")[0], "c:f"))).toEqual({
      sheet: "Prices",
      col: column("Date"),
      lastCol: column("Date"),
      rows,
    });
    expect(cells(textOf(descendants(series[0], "c:val")[0], "c:f"))).toEqual({
      sheet: "Prices",
      col: column("Mid"),
      lastCol: column("Mid"),
      rows,
    });
    // The series is named by the table's own header cell.
    const name = parseRange(textOf(descendants(series[0], "c:tx")[0], "c:f")!);
    expect(name.start).toEqual({ sheet: 0, col: column("Mid"), row: spill.start.row });
    expect(descendants(chart, "c:dateAx")).toHaveLength(1);
  });

  test("the chart's cached values are what its cells calculate to, so it shows before Excel recalculates", async () => {
    const { chart } = await pricesChart();
    const spill = priceHistorySpill();
    for (const reference of descendants(chart, "c:numRef")) {
      const range = parseRange(textOf(reference, "c:f")!);
      const calculated = [];
      for (let row = range.start.row; row <= range.end.row; row++)
        calculated.push(engine.getCellValue({ sheet: spill.sheet, col: range.start.col, row }));
      const [cache] = descendants(reference, "c:numCache");
      expect(Number(descendants(cache, "c:ptCount")[0].$!.val)).toBe(calculated.length);
      const cached = descendants(cache, "c:pt").map((point) => ({
        index: Number(point.$!.idx),
        value: Number(textOf(point, "c:v")),
      }));
      expect(cached).toEqual(calculated.map((value, index) => ({ index, value })));
      expect(calculated.every((value) => typeof value === "number")).toBe(true);
    }
    const [nameCache] = descendants(descendants(chart, "c:ser")[0], "c:strCache");
    expect(textOf(nameCache, "c:v")).toBe("Mid");
  });

  test("the chart covers no filled cell: it hides none of the sheet's figures", async () => {
    const { from, to } = await pricesChart();
    const sheet = engine.getSheetId("Prices")!;
    const covered: string[] = [];
    for (let row = from.row; row <= to.row; row++)
      for (let col = from.col; col <= to.col; col++)
        if (engine.getCellValue({ sheet, row, col }) !== null)
          covered.push(engine.simpleCellAddressToString({ sheet, row, col }, sheet)!);
    expect(covered).toEqual([]);
    expect(to.row - from.row).toBeGreaterThanOrEqual(10);
  });

  test("exceljs still opens the workbook with the chart in it", async () => {
    const reopened = new ExcelJS.Workbook();
    await reopened.xlsx.readFile(FILE);
    expect(reopened.worksheets.map((sheet) => sheet.name)).toEqual(Object.keys(sheets));
    const history = formulas.find((entry) => entry.formula.includes("REE.PRICEHISTORY("))!;
    // contentOf reads a cell as the engine test above does.
    expect(contentOf(reopened.getWorksheet(history.sheet)!.getCell(history.address))).toBe(
      history.formula
    );
  });

  test("no cell of any sheet is an error", () => {
    const errors: string[] = [];
    for (const name of engine.getSheetNames()) {
      const sheet = engine.getSheetId(name)!;
      engine.getSheetValues(sheet).forEach((row, rowIndex) =>
        row.forEach((value, columnIndex) => {
          if (value instanceof DetailedCellError)
            errors.push(
              `${name}!${engine.simpleCellAddressToString({ sheet, row: rowIndex, col: columnIndex }, sheet)}: ${value.value} ${value.message ?? ""}`
            );
        })
      );
    }
    expect(errors).toEqual([]);
  });

  test("the magnet cost is a positive number, and Europe's prices cost more than China's", () => {
    const sheet = engine.getSheetId("Magnet cost")!;
    const values = engine.getSheetValues(sheet);
    const total = values.find((row) => row[0] === "Total")!;
    expect(typeof total[3]).toBe("number");
    expect(total[3] as number).toBeGreaterThan(0);
    expect(total[5] as number).toBeGreaterThan(total[3] as number);
  });
});

describe("addLineChart, on a sheet that already has relationships", () => {
  const chart: LineChart = {
    sheet: "Supply risk's",
    title: "Tonnes & shares",
    dates: { range: "A2:A3", values: [45658, 46023], formatCode: "yyyy" },
    series: [
      {
        name: { cell: "B1", text: "Tonnes" },
        values: { range: "B2:B3", values: [1, 2.5], formatCode: "General" },
      },
    ],
    dateAxis: { baseTimeUnit: "years", formatCode: "yyyy" },
    valueAxis: { title: "t", formatCode: "#,##0" },
    anchor: { from: { column: 3, row: 0 }, to: { column: 8, row: 15 } },
  };

  async function packageWithLink(): Promise<Unzipped> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(chart.sheet);
    sheet.getCell("B1").value = "Tonnes";
    // A hyperlink gives the sheet a relationships part before the chart adds to it.
    sheet.getCell("C1").value = { text: "USGS", hyperlink: "https://www.usgs.gov/" };
    return unzipSync(new Uint8Array(await workbook.xlsx.writeBuffer()));
  }

  test("keeps the sheet's hyperlink and quotes the sheet's name in the series formulas", async () => {
    const before = await packageWithLink();
    expect(Object.keys(before)).toContain("xl/worksheets/_rels/sheet1.xml.rels");
    const after = addLineChart(before, chart);

    const relationships = descendants(
      await parsePart(after, "xl/worksheets/_rels/sheet1.xml.rels"),
      "Relationship"
    );
    const ids = relationships.map((relationship) => relationship.$!.Id);
    expect(new Set(ids).size).toBe(2);
    const children = await worksheetChildren(after, "xl/worksheets/sheet1.xml");
    expect(children).toEqual(expect.arrayContaining(["hyperlinks", "drawing"]));
    expect(inSchemaOrder(children)).toBe(true);
    expect(relationships.map((relationship) => relationship.$!.Type.split("/").pop())).toEqual([
      "hyperlink",
      "drawing",
    ]);

    const chartPart = await parsePart(after, "xl/charts/chart1.xml");
    expect(descendants(chartPart, "c:f").map((formula) => formula._)).toEqual([
      "'Supply risk''s'!$B$1",
      "'Supply risk''s'!$A$2:$A$3",
      "'Supply risk''s'!$B$2:$B$3",
    ]);
    expect(textOf(descendants(chartPart, "c:title")[0], "a:t")).toBe("Tonnes & shares");

    const reopened = new ExcelJS.Workbook();
    // exceljs types its input as an ArrayBuffer; zipSync returns a Uint8Array over one of its own.
    await reopened.xlsx.load(zipSync(after).buffer as ArrayBuffer);
    expect(reopened.getWorksheet(chart.sheet)!.getCell("C1").hyperlink).toBe(
      "https://www.usgs.gov/"
    );
  });

  test("stops with the reason on a package without a workbook, or a series without a value per date", async () => {
    const short = {
      ...chart,
      series: [{ ...chart.series[0], values: { ...chart.series[0].values, values: [1] } }],
    };
    expect(() => addLineChart({}, chart)).toThrow("The workbook has no xl/workbook.xml.");
    const entries = await packageWithLink();
    expect(() => addLineChart(entries, short)).toThrow("Series Tonnes has 1 values for 2 dates.");
  });
});
