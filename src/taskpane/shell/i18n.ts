/**
 * Every string the pane shows that is not data, in English and Simplified Chinese. Names of
 * products, countries, stages and markets come from the dataset (name / name_zh), and the
 * core's messages stay in English, as Excel shows them in cells.
 * "{0}", "{1}" … are filled in by `t`.
 */
const en = {
  title: "REE Supply Chain",
  languageSwitch: "中文",
  languageSwitchLabel: "切换到中文 (Switch to Chinese)",
  ready: "Ready. Dataset {0}, known through {1}.",
  datasetFailed: "The dataset did not load: {0}",
  noExcel:
    "Not running in Excel: you can browse the data here; inserting formulas needs the add-in open in Excel.",
  sectionsLabel: "Sections",
  tabPrices: "Prices",
  tabShares: "Shares",
  tabControls: "Controls",
  tabExplain: "Explain",
  tabData: "Data",

  // Prices
  pricesHeading: "Prices",
  productSearch: "Product",
  productSearchHint: "Symbol, name, Chinese name or formula, e.g. Dy2O3, NdPr, 氧化镝",
  productMatches: "Matching products",
  matchCount: "{0} products match.",
  matchNone: "No product matches '{0}'.",
  chosenProduct: "Chosen: {0}",
  market: "Market",
  date: "Date",
  dateHint: "Empty: the latest assessment",
  unit: "Unit",
  price: "Price",
  priceMid: "Mid (value)",
  priceLow: "Low",
  priceHigh: "High",
  assessmentUsed: "Assessment used",
  assessmentPeriod: "{0} (period {1})",
  source: "Source",
  sources: "Sources",
  note: "Note",
  shownInOwnUnit: "Shown in {0}, the market's own unit: {1}",
  noPriceForProduct: "The dataset has no price for {0} in any market.",
  formulaPreview: "Formula",
  insertFormula: "Insert formula",
  insertHistory: "Insert history",
  historyHeading: "Price history, all markets",
  chartLabel: "Price history of {0}: {1}",
  chartSeries: "{0} in {1}",
  chartTable: "Show the data as a table",
  chartEmpty: "No price history to chart.",
  rightAxis: "right axis",
  period: "Period",
  marketColumn: "Market",
  unitColumn: "Unit",

  // Shares
  sharesHeading: "Supply shares",
  stage: "Stage",
  year: "Year",
  sharesChartLabel: "World {0} shares by country, {1}",
  pickCountries:
    "Tick the countries to insert; the labels go in the active column and the formulas in the next.",
  insertShares: "Insert",
  selectAll: "Select all",
  selectNone: "Clear",
  pickAtLeastOne: "Tick at least one country first.",
  noShares: "No shares for this stage and year.",
  shareOf: "{0}: {1}",

  // Controls
  controlsHeading: "Export controls",
  controlsDate: "Status on",
  gridLabel: "Rare-earth elements by export-control status on {0}",
  legend: "Legend",
  statusControlled: "Controlled",
  statusSuspended: "Suspended",
  statusNotControlled: "Not controlled",
  statusUnknown: "Unknown",
  statusControlledLong: "Controlled: exports need a licence or fall under a quota",
  statusSuspendedLong: "Suspended: a control exists but is suspended",
  statusNotControlledLong: "Not controlled: no licence or quota in force",
  statusUnknownLong: "Unknown: after the data's horizon, or before the timeline",
  elementStatus: "{0} ({1}): {2}",
  chosenElement: "{0} ({1}) on {2}: {3}",
  allElements: "All elements",
  pickElementHint: "Pick an element in the grid to insert its formula and filter the timeline.",
  insertControlled: "Insert REE.CONTROLLED",
  insertControls: "Insert REE.CONTROLS table",
  pickElementFirst: "Pick an element in the grid first.",
  timelineHeading: "Timeline of measures",
  timelineFor: "Measures naming {0}",
  announced: "Announced",
  effective: "Effective",
  ended: "Ended",
  statusOnDay: "Status on {0}",
  statusSince: "{0} since {1}",
  statusUnknownOnDay: "unknown (after the data's horizon)",
  elements: "Elements",
  kind: "Kind",
  suspendedBy: "Suspended by {0} from {1}",
  until: " until {0}",
  noMeasures: "No measure names this element.",
  invalidDate: "Enter a date.",
  measureAnnounced: "announced, not yet in force",
  measureInForce: "in force",
  measureSuspended: "suspended",
  measureEnded: "ended",
  decidedBy: "Decided by: {0}",

  // Explain
  explainHeading: "Explain this cell",
  explainHint:
    "Select a cell whose formula uses REE. and this section tells what it asks, the value, its source and the date used.",
  explainNoRee: "{0} has no REE formula.",
  explainNoExcel: "Open the pane in Excel and select a cell with an REE formula to explain it.",
  explainCell: "Cell {0}",
  explainAsks: "What it asks",
  explainValue: "Value",
  explainDateUsed: "Date used",
  explainYearUsed: "Year used",
  explainStatusSince: "In this status since",
  explainWarning: "Warning",
  explainMore: "The formula holds {0} REE calls; this explains the first.",
  explainExpression: "Argument {0} ({1}) is a calculation the pane does not evaluate.",
  explainReadFailed: "Could not read {0} from Excel: {1}",
  explainFromCell: "{0} is read from {1}",
  explainTable: "A table of {0} rows and {1} columns that spills.",
  explainHorizon: "Asked for {0}, after the data's horizon (known through {1}).",
  explainLatestSource: "{0} (latest row)",
  explainNoSource: "None: this describes the dataset itself.",
  latest: "the latest",
  today: "today",
  theStart: "the start",
  theEnd: "the end",
  defaultMarket: "its default market",
  allMeasures: "all elements",
  asksPrice: "The price of {0} in {1}, on or before {2}, in {3}.",
  asksPriceHistory: "The price history of {0} in {1} from {2} to {3}, in {4}, as a table.",
  asksShare: "{0}'s share of world {1} in {2}.",
  asksShareGroup: "{0}'s share of world {1} ({2} rare earths) in {3}.",
  asksTonnes: "Tonnes of rare-earth oxide for {0}, {1}, in {2}.",
  asksControlled: "Whether {0} exports are under {1}'s export controls on {2}.",
  asksControls: "China's export-control measures naming {0}, with their status on {1}, as a table.",
  asksElement: "The {1} of {0}.",
  asksList: "The valid names of {0}, as a column.",
  asksDataInfo: "About the data in use: {0}.",
  asksField: "Field asked: {0}.",
  asksUnknown: "REE.{0} is not a function of this add-in.",

  // Data
  dataHeading: "Data",
  datasetVersion: "Dataset version",
  knownThrough: "Known through",
  controlsKnownFrom: "Controls timeline from",
  licence: "Licence",
  sourcesHeading: "Sources",
  published: "published {0}",
  updateHeading: "Update and import",
  dataOrigin: "Data in use",
  originBundled: "shipped with the add-in",
  originWorkbook: "pinned in this workbook",
  originPublished: "a published update",
  pinnedDiffers:
    "This workbook computes with dataset {0}, saved in it. The add-in ships dataset {1} (known through {2}). The numbers stay as they are until you update.",
  useBundled: "Use the add-in's data ({0})",
  updatedTo: "Now using dataset {0}; every REE formula recalculated.",
  updateUrl: "Published dataset address",
  checkUpdates: "Check for updates",
  checking: "Checking…",
  updateFound: "Found dataset {0}, known through {1}. In use: {2}, known through {3}.",
  updateSame: "The published dataset is {0}, the same as the one in use.",
  applyUpdate: "Apply dataset {0}",
  importHeading: "Import your own prices",
  importHint:
    "A CSV with the columns product, market, date, low, high, unit, source (optional: note, estimated), or a JSON file in the dataset's own form. Up to {0} MB and {1} rows. Your rows take precedence over the bundled ones and are saved in this workbook.",
  importFile: "File to import",
  imported: "Imported {0}; every REE formula recalculated.",
  importRejected: "{0} was not imported; nothing changed. Fix these problems and import again:",
  importsHeading: "Your imported data",
  noImports: "None.",
  importSummary: "{0}: {1} rows, imported {2}",
  removeImport: "Remove {0}",
  removed: "Removed {0}; every REE formula recalculated.",
  notSaved: "Not in Excel: changes apply to this pane only and are not saved in a workbook.",
  userData: "user data",
  workbookWarning: "{0}",

  // Inserting
  insertedAt: "Inserted into {0}.",
  needsExcel: "Inserting needs Excel: open this pane in Excel.",
  sheetProtected:
    "The sheet is protected, so nothing was inserted. Unprotect it (Review > Unprotect Sheet) or pick another sheet.",
  cellEditMode: "Excel is editing a cell: press Enter or Esc, then try again.",
  excelFailed: "Excel could not write the formulas: {0}",
  excelReadFailed: "Excel could not read the selection: {0}",
} as const;

export type StringKey = keyof typeof en;

const zh: Record<StringKey, string> = {
  title: "稀土供应链",
  languageSwitch: "English",
  languageSwitchLabel: "Switch to English (切换到英文)",
  ready: "就绪。数据集 {0}，数据截至 {1}。",
  datasetFailed: "数据集未能加载：{0}",
  noExcel: "未在 Excel 中运行：可在此浏览数据；插入公式需要在 Excel 中打开此加载项。",
  sectionsLabel: "栏目",
  tabPrices: "价格",
  tabShares: "份额",
  tabControls: "管制",
  tabExplain: "解释",
  tabData: "数据",

  pricesHeading: "价格",
  productSearch: "产品",
  productSearchHint: "符号、名称、中文名或化学式，例如 Dy2O3、NdPr、氧化镝",
  productMatches: "匹配的产品",
  matchCount: "{0} 个产品匹配。",
  matchNone: "没有产品匹配“{0}”。",
  chosenProduct: "已选：{0}",
  market: "市场",
  date: "日期",
  dateHint: "留空：最新报价",
  unit: "单位",
  price: "价格",
  priceMid: "中间价（数值）",
  priceLow: "低",
  priceHigh: "高",
  assessmentUsed: "所用报价",
  assessmentPeriod: "{0}（期间 {1}）",
  source: "来源",
  sources: "来源",
  note: "备注",
  shownInOwnUnit: "以该市场自身单位 {0} 显示：{1}",
  noPriceForProduct: "数据集中没有 {0} 在任何市场的价格。",
  formulaPreview: "公式",
  insertFormula: "插入公式",
  insertHistory: "插入历史",
  historyHeading: "价格历史（所有市场）",
  chartLabel: "{0} 的价格历史：{1}",
  chartSeries: "{1} 的 {0}",
  chartTable: "以表格显示数据",
  chartEmpty: "没有可绘制的价格历史。",
  rightAxis: "右轴",
  period: "期间",
  marketColumn: "市场",
  unitColumn: "单位",

  sharesHeading: "供应份额",
  stage: "环节",
  year: "年份",
  sharesChartLabel: "{1} 年各国在全球{0}中的份额",
  pickCountries: "勾选要插入的国家；标签写入当前列，公式写入下一列。",
  insertShares: "插入",
  selectAll: "全选",
  selectNone: "清除",
  pickAtLeastOne: "请先勾选至少一个国家。",
  noShares: "该环节和年份没有份额数据。",
  shareOf: "{0}：{1}",

  controlsHeading: "出口管制",
  controlsDate: "日期",
  gridLabel: "{0} 各稀土元素的出口管制状态",
  legend: "图例",
  statusControlled: "管制",
  statusSuspended: "暂停",
  statusNotControlled: "未管制",
  statusUnknown: "未知",
  statusControlledLong: "管制：出口需要许可证或受配额限制",
  statusSuspendedLong: "暂停：管制措施存在但已暂停实施",
  statusNotControlledLong: "未管制：没有生效的许可证或配额",
  statusUnknownLong: "未知：超出数据截止日期，或早于时间线起点",
  elementStatus: "{0}（{1}）：{2}",
  chosenElement: "{0}（{1}）在 {2}：{3}",
  allElements: "所有元素",
  pickElementHint: "在网格中选择一个元素，以插入其公式并筛选时间线。",
  insertControlled: "插入 REE.CONTROLLED",
  insertControls: "插入 REE.CONTROLS 表",
  pickElementFirst: "请先在网格中选择一个元素。",
  timelineHeading: "措施时间线",
  timelineFor: "涉及 {0} 的措施",
  announced: "公布",
  effective: "生效",
  ended: "结束",
  statusOnDay: "{0} 的状态",
  statusSince: "{0}，自 {1} 起",
  statusUnknownOnDay: "未知（超出数据截止日期）",
  elements: "元素",
  kind: "类型",
  suspendedBy: "自 {1} 起被 {0} 暂停",
  until: "，至 {0}",
  noMeasures: "没有措施涉及该元素。",
  invalidDate: "请输入日期。",
  measureAnnounced: "已公布，尚未生效",
  measureInForce: "生效中",
  measureSuspended: "已暂停",
  measureEnded: "已结束",
  decidedBy: "依据：{0}",

  explainHeading: "解释此单元格",
  explainHint: "选择公式中含有 REE. 的单元格，此处将说明它查询什么、数值、来源以及实际使用的日期。",
  explainNoRee: "{0} 没有 REE 公式。",
  explainNoExcel: "在 Excel 中打开此窗格并选择含 REE 公式的单元格以查看解释。",
  explainCell: "单元格 {0}",
  explainAsks: "查询内容",
  explainValue: "数值",
  explainDateUsed: "实际使用的日期",
  explainYearUsed: "实际使用的年份",
  explainStatusSince: "此状态始于",
  explainWarning: "警告",
  explainMore: "该公式含有 {0} 个 REE 调用；此处解释第一个。",
  explainExpression: "第 {0} 个参数（{1}）是计算式，窗格不对其求值。",
  explainReadFailed: "无法从 Excel 读取 {0}：{1}",
  explainFromCell: "{0} 读自 {1}",
  explainTable: "一个 {0} 行 {1} 列的溢出表。",
  explainHorizon: "查询日期 {0} 晚于数据截止日期（数据截至 {1}）。",
  explainLatestSource: "{0}（最新一行）",
  explainNoSource: "无：此项描述数据集本身。",
  latest: "最新",
  today: "今天",
  theStart: "起点",
  theEnd: "终点",
  defaultMarket: "其默认市场",
  allMeasures: "所有元素",
  asksPrice: "{0} 在 {1} 的价格，取 {2} 当日或之前的报价，单位 {3}。",
  asksPriceHistory: "{0} 在 {1} 从 {2} 到 {3} 的价格历史，单位 {4}，以表格形式。",
  asksShare: "{0} 在 {2} 年全球{1}中的份额。",
  asksShareGroup: "{0} 在 {3} 年全球{1}（{2}稀土）中的份额。",
  asksTonnes: "{0} 在 {2} 年的{1}稀土氧化物吨数。",
  asksControlled: "{0} 的出口在 {2} 是否受 {1} 出口管制。",
  asksControls: "中国涉及 {0} 的出口管制措施及其在 {1} 的状态，以表格形式。",
  asksElement: "{0} 的属性 {1}。",
  asksList: "{0} 的有效名称列表。",
  asksDataInfo: "所用数据的信息：{0}。",
  asksField: "所查询字段：{0}。",
  asksUnknown: "REE.{0} 不是此加载项的函数。",

  dataHeading: "数据",
  datasetVersion: "数据集版本",
  knownThrough: "数据截至",
  controlsKnownFrom: "管制时间线起点",
  licence: "许可",
  sourcesHeading: "来源",
  published: "发布于 {0}",
  updateHeading: "更新与导入",
  dataOrigin: "所用数据",
  originBundled: "加载项自带",
  originWorkbook: "固定在此工作簿中",
  originPublished: "已发布的更新",
  pinnedDiffers:
    "此工作簿使用其中保存的数据集 {0} 计算。加载项自带数据集 {1}（数据截至 {2}）。在您更新之前，数值保持不变。",
  useBundled: "使用加载项的数据（{0}）",
  updatedTo: "现在使用数据集 {0}；所有 REE 公式已重新计算。",
  updateUrl: "已发布数据集的地址",
  checkUpdates: "检查更新",
  checking: "正在检查…",
  updateFound: "找到数据集 {0}，数据截至 {1}。当前使用：{2}，数据截至 {3}。",
  updateSame: "已发布的数据集是 {0}，与当前使用的相同。",
  applyUpdate: "应用数据集 {0}",
  importHeading: "导入自有价格",
  importHint:
    "CSV 文件，列为 product, market, date, low, high, unit, source（可选：note, estimated），或数据集自身格式的 JSON 文件。最大 {0} MB、{1} 行。您的数据优先于自带数据，并保存在此工作簿中。",
  importFile: "要导入的文件",
  imported: "已导入 {0}；所有 REE 公式已重新计算。",
  importRejected: "{0} 未导入，数据未改变。请修正以下问题后重新导入：",
  importsHeading: "您导入的数据",
  noImports: "无。",
  importSummary: "{0}：{1} 行，导入于 {2}",
  removeImport: "删除 {0}",
  removed: "已删除 {0}；所有 REE 公式已重新计算。",
  notSaved: "不在 Excel 中：更改只作用于此窗格，不会保存到工作簿。",
  userData: "用户数据",
  workbookWarning: "{0}",

  insertedAt: "已插入到 {0}。",
  needsExcel: "插入需要 Excel：请在 Excel 中打开此窗格。",
  sheetProtected:
    "工作表受保护，未插入任何内容。请取消保护（审阅 > 撤消工作表保护）或选择其他工作表。",
  cellEditMode: "Excel 正在编辑单元格：请按 Enter 或 Esc 后重试。",
  excelFailed: "Excel 无法写入公式：{0}",
  excelReadFailed: "Excel 无法读取所选内容：{0}",
};

export type Language = "en" | "zh";
const dictionaries: Record<Language, Record<StringKey, string>> = { en, zh };
let current: Language = "en";
const listeners: (() => void)[] = [];

export function t(key: StringKey, ...args: (string | number)[]): string {
  return dictionaries[current][key].replace(/\{(\d+)\}/g, (match, index: string) =>
    args[Number(index)] === undefined ? match : String(args[Number(index)])
  );
}

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
  for (const listener of listeners) listener();
}

export function onLanguageChange(listener: () => void): void {
  listeners.push(listener);
}

/** Office's display language ("zh-CN", "zh-TW", "en-US" …): any Chinese means Chinese. */
export function languageOf(displayLanguage: string | undefined): Language {
  return displayLanguage !== undefined && displayLanguage.toLowerCase().startsWith("zh")
    ? "zh"
    : "en";
}

/** A dataset row's name in the pane's language. */
export function nameOf(row: { name: string; name_zh: string }): string {
  return current === "zh" ? row.name_zh : row.name;
}

/**
 * Formats numbers in the pane's language with a fixed, valid tag ("en-US" or "zh-CN"), never the
 * browser's own: navigator.language can be "C" or "en_US", which Intl refuses with a RangeError.
 * Formatters are built once per language and precision, since a history table formats
 * hundreds of thousands of numbers.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, maximumFractionDigits = 2): string {
  const key = `${current}:${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(current === "zh" ? "zh-CN" : "en-US", {
      maximumFractionDigits,
    });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

export function formatPercent(value: number): string {
  return new Intl.NumberFormat(current === "zh" ? "zh-CN" : "en-US", {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value);
}
