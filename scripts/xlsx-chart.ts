/*
 * Adds a line chart to an .xlsx file that exceljs has written: exceljs 4 writes no charts, so the
 * chart goes in as the standard SpreadsheetML/DrawingML parts Excel itself writes (ECMA-376
 * Part 1, §21.2 charts and §20.5 spreadsheet drawings), added to the unzipped package.
 *
 * The chart plots cells of the workbook by reference, and carries a cache of the values those
 * cells hold: Excel shows the cache until the workbook calculates, so the chart is right even
 * before the add-in that computes the cells is loaded.
 */
import { strFromU8, strToU8, type Unzipped } from "fflate";

/** A corner of a drawing's anchor: a zero-based column and row, plus an offset into that cell. */
export interface CellCorner {
  column: number;
  row: number;
  /** Offsets in EMU (914,400 to the inch, 9,525 to a pixel at 96 dpi). */
  columnOffset?: number;
  rowOffset?: number;
}

export interface LineChart {
  /** The sheet the chart sits on; its ranges refer to cells of this sheet. */
  sheet: string;
  title: string;
  /** Dates on the horizontal axis: a one-column range such as "A23:A33", and its Excel dates. */
  dates: { range: string; values: number[]; formatCode: string };
  series: {
    /** The header cell that names the series ("D22") and its text. */
    name: { cell: string; text: string };
    /** A one-column range such as "D23:D33", and the numbers it holds. */
    values: { range: string; values: number[]; formatCode: string };
  }[];
  /** How the axes label their ticks: the date axis's step and format, the value axis's title. */
  dateAxis: { baseTimeUnit: "days" | "months" | "years"; formatCode: string };
  valueAxis: { title: string; formatCode: string };
  /** The cells the chart covers, from its top-left corner to its bottom-right one. */
  anchor: { from: CellCorner; to: CellCorner };
}

const NAMESPACE = {
  relationships: "http://schemas.openxmlformats.org/package/2006/relationships",
  officeRelationships: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  chart: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  drawingMain: "http://schemas.openxmlformats.org/drawingml/2006/main",
  spreadsheetDrawing: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
};
const RELATIONSHIP = {
  drawing: `${NAMESPACE.officeRelationships}/drawing`,
  chart: `${NAMESPACE.officeRelationships}/chart`,
};
const CONTENT_TYPE = {
  drawing: "application/vnd.openxmlformats-officedocument.drawing+xml",
  chart: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
};
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
// Any two distinct numbers tie the plot to its axes; fixed ones keep the file's bytes stable.
const AXIS_ID = { date: 500000001, value: 500000002 };

/**
 * The elements a worksheet may hold after <drawing>, in CT_Worksheet's order: <drawing> goes
 * before the first of them that is present, or else last.
 */
const AFTER_DRAWING = [
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

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The attributes of every element with this tag name, unescaped. */
function elements(xml: string, tag: string): Record<string, string>[] {
  return Array.from(xml.matchAll(new RegExp(`<${tag}\\b([^>]*?)/?>`, "g")), (match) =>
    Object.fromEntries(
      Array.from(match[1].matchAll(/([\w:]+)="([^"]*)"/g), ([, name, value]) => [
        name,
        unescapeXml(value),
      ])
    )
  );
}

/** The part a relationship points to, as a path in the zip (targets are relative to the source). */
function resolveTarget(sourcePart: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const path = sourcePart.split("/").slice(0, -1);
  for (const segment of target.split("/")) {
    if (segment === "..") path.pop();
    else if (segment !== ".") path.push(segment);
  }
  return path.join("/");
}

function relationshipsPartOf(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
}

/** A sheet-qualified absolute reference, as Excel writes it in a chart: Prices!$A$23:$A$33. */
export function sheetReference(sheet: string, range: string): string {
  const absolute = range.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");
  const name = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${absolute}`;
}

function text(entries: Unzipped, part: string): string {
  const content = entries[part];
  if (!content) throw new Error(`The workbook has no ${part}.`);
  return strFromU8(content);
}

function worksheetPart(entries: Unzipped, sheet: string): string {
  const workbook = text(entries, "xl/workbook.xml");
  const entry = elements(workbook, "sheet").find((attributes) => attributes.name === sheet);
  if (!entry) throw new Error(`The workbook has no sheet named ${sheet}.`);
  const relationship = elements(
    text(entries, relationshipsPartOf("xl/workbook.xml")),
    "Relationship"
  ).find((attributes) => attributes.Id === entry["r:id"]);
  if (!relationship) throw new Error(`Sheet ${sheet}'s relationship ${entry["r:id"]} is missing.`);
  return resolveTarget("xl/workbook.xml", relationship.Target);
}

function firstFreePart(entries: Unzipped, pattern: (number: number) => string): string {
  let number = 1;
  while (entries[pattern(number)]) number++;
  return pattern(number);
}

function relationshipsXml(relationships: { id: string; type: string; target: string }[]): string {
  const items = relationships.map(
    (relationship) =>
      `<Relationship Id="${relationship.id}" Type="${relationship.type}" Target="${escapeXml(relationship.target)}"/>`
  );
  return `${DECLARATION}<Relationships xmlns="${NAMESPACE.relationships}">${items.join("")}</Relationships>`;
}

/** Adds a relationship to a part's rels file (made if the part has none), returning its id. */
function addRelationship(
  entries: Unzipped,
  sourcePart: string,
  type: string,
  targetPart: string
): string {
  const relsPart = relationshipsPartOf(sourcePart);
  const existing = entries[relsPart] ? strFromU8(entries[relsPart]) : undefined;
  const ids = new Set(elements(existing ?? "", "Relationship").map((attributes) => attributes.Id));
  let number = 1;
  while (ids.has(`rId${number}`)) number++;
  const id = `rId${number}`;
  const from = sourcePart.split("/").slice(0, -1);
  const to = targetPart.split("/");
  let shared = 0;
  while (shared < from.length && from[shared] === to[shared]) shared++;
  const target = [...from.slice(shared).map(() => ".."), ...to.slice(shared)].join("/");
  const relationship = `<Relationship Id="${id}" Type="${type}" Target="${escapeXml(target)}"/>`;
  entries[relsPart] = strToU8(
    existing === undefined
      ? relationshipsXml([{ id, type, target }])
      : existing.replace("</Relationships>", `${relationship}</Relationships>`)
  );
  return id;
}

function addContentType(entries: Unzipped, part: string, contentType: string): void {
  const types = text(entries, "[Content_Types].xml");
  entries["[Content_Types].xml"] = strToU8(
    types.replace(
      "</Types>",
      `<Override PartName="/${escapeXml(part)}" ContentType="${contentType}"/></Types>`
    )
  );
}

function placeDrawing(worksheet: string, id: string): string {
  if (/<drawing\b/.test(worksheet))
    throw new Error("The sheet already has a drawing: this adds a chart only to a sheet without.");
  if (!worksheet.includes(`xmlns:r="${NAMESPACE.officeRelationships}"`))
    throw new Error("The worksheet does not declare the r: (relationships) namespace.");
  const element = `<drawing r:id="${id}"/>`;
  const positions = AFTER_DRAWING.map((tag) => worksheet.search(new RegExp(`<${tag}\\b`))).filter(
    (position) => position >= 0
  );
  const at = positions.length > 0 ? Math.min(...positions) : worksheet.lastIndexOf("</worksheet>");
  return worksheet.slice(0, at) + element + worksheet.slice(at);
}

function numbersXml(formula: string, formatCode: string, values: number[]): string {
  const points = values.map((value, index) => `<c:pt idx="${index}"><c:v>${value}</c:v></c:pt>`);
  return (
    `<c:numRef><c:f>${escapeXml(formula)}</c:f><c:numCache>` +
    `<c:formatCode>${escapeXml(formatCode)}</c:formatCode><c:ptCount val="${values.length}"/>${points.join("")}` +
    `</c:numCache></c:numRef>`
  );
}

/** A title's text; a vertical axis's title turns to run up the axis, as Excel writes it. */
function richText(content: string, vertical = false): string {
  const body = vertical ? `<a:bodyPr rot="-5400000" vert="horz"/>` : `<a:bodyPr/>`;
  return (
    `<c:tx><c:rich>${body}<a:lstStyle/><a:p><a:pPr><a:defRPr/></a:pPr>` +
    `<a:r><a:t>${escapeXml(content)}</a:t></a:r></a:p></c:rich></c:tx>`
  );
}

/** The chart part: c:chartSpace with one c:lineChart over a date axis and a value axis. */
export function chartXml(chart: LineChart): string {
  const series = chart.series.map((line, index) => {
    if (line.values.values.length !== chart.dates.values.length)
      throw new Error(
        `Series ${line.name.text} has ${line.values.values.length} values for ${chart.dates.values.length} dates.`
      );
    return (
      `<c:ser><c:idx val="${index}"/><c:order val="${index}"/>` +
      `<c:tx><c:strRef><c:f>${escapeXml(sheetReference(chart.sheet, line.name.cell))}</c:f>` +
      `<c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${escapeXml(line.name.text)}</c:v></c:pt></c:strCache></c:strRef></c:tx>` +
      `<c:cat>${numbersXml(sheetReference(chart.sheet, chart.dates.range), chart.dates.formatCode, chart.dates.values)}</c:cat>` +
      `<c:val>${numbersXml(sheetReference(chart.sheet, line.values.range), line.values.formatCode, line.values.values)}</c:val>` +
      `<c:smooth val="0"/></c:ser>`
    );
  });
  // A legend only where there is more than one line to tell apart.
  const legend =
    chart.series.length > 1
      ? `<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>`
      : "";
  return (
    DECLARATION +
    `<c:chartSpace xmlns:c="${NAMESPACE.chart}" xmlns:a="${NAMESPACE.drawingMain}" xmlns:r="${NAMESPACE.officeRelationships}">` +
    `<c:date1904 val="0"/><c:roundedCorners val="0"/>` +
    `<c:chart><c:title>${richText(chart.title)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>` +
    `<c:plotArea><c:layout/>` +
    `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series.join("")}` +
    `<c:marker val="1"/><c:axId val="${AXIS_ID.date}"/><c:axId val="${AXIS_ID.value}"/></c:lineChart>` +
    `<c:dateAx><c:axId val="${AXIS_ID.date}"/><c:scaling><c:orientation val="minMax"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="b"/>` +
    `<c:numFmt formatCode="${escapeXml(chart.dateAxis.formatCode)}" sourceLinked="0"/>` +
    `<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="${AXIS_ID.value}"/><c:crosses val="autoZero"/>` +
    `<c:auto val="1"/><c:lblOffset val="100"/><c:baseTimeUnit val="${chart.dateAxis.baseTimeUnit}"/></c:dateAx>` +
    `<c:valAx><c:axId val="${AXIS_ID.value}"/><c:scaling><c:orientation val="minMax"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>` +
    `<c:title>${richText(chart.valueAxis.title, true)}<c:overlay val="0"/></c:title>` +
    `<c:numFmt formatCode="${escapeXml(chart.valueAxis.formatCode)}" sourceLinked="0"/>` +
    `<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="${AXIS_ID.date}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    `</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `</c:chartSpace>`
  );
}

function cornerXml(tag: "from" | "to", corner: CellCorner): string {
  return (
    `<xdr:${tag}><xdr:col>${corner.column}</xdr:col><xdr:colOff>${corner.columnOffset ?? 0}</xdr:colOff>` +
    `<xdr:row>${corner.row}</xdr:row><xdr:rowOff>${corner.rowOffset ?? 0}</xdr:rowOff></xdr:${tag}>`
  );
}

/** The drawing part: one chart frame anchored to cells, so it moves and sizes with them. */
export function drawingXml(chart: LineChart, chartRelationshipId: string): string {
  return (
    DECLARATION +
    `<xdr:wsDr xmlns:xdr="${NAMESPACE.spreadsheetDrawing}" xmlns:a="${NAMESPACE.drawingMain}">` +
    `<xdr:twoCellAnchor>${cornerXml("from", chart.anchor.from)}${cornerXml("to", chart.anchor.to)}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>` +
    // descr is the alternative text a screen reader speaks for the chart.
    `<xdr:cNvPr id="2" name="Chart 1" descr="${escapeXml(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NAMESPACE.chart}">` +
    `<c:chart xmlns:c="${NAMESPACE.chart}" xmlns:r="${NAMESPACE.officeRelationships}" r:id="${chartRelationshipId}"/>` +
    `</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`
  );
}

/**
 * The package with the chart added to its sheet: the chart and drawing parts, their
 * relationships, the sheet's <drawing> element, and their content types. The entries given
 * are not changed.
 */
export function addLineChart(entries: Unzipped, chart: LineChart): Unzipped {
  const result: Unzipped = { ...entries };
  const sheetPart = worksheetPart(result, chart.sheet);
  const chartPart = firstFreePart(result, (number) => `xl/charts/chart${number}.xml`);
  const drawingPart = firstFreePart(result, (number) => `xl/drawings/drawing${number}.xml`);

  result[chartPart] = strToU8(chartXml(chart));
  const chartId = addRelationship(result, drawingPart, RELATIONSHIP.chart, chartPart);
  result[drawingPart] = strToU8(drawingXml(chart, chartId));
  const drawingId = addRelationship(result, sheetPart, RELATIONSHIP.drawing, drawingPart);
  result[sheetPart] = strToU8(placeDrawing(text(result, sheetPart), drawingId));
  addContentType(result, chartPart, CONTENT_TYPE.chart);
  addContentType(result, drawingPart, CONTENT_TYPE.drawing);
  return result;
}
