import { Dataset } from "../core/dataset";
import { Day, dayFromIso, dayFromSerial, isoFromDay } from "../core/dates";
import { NameIndex } from "../core/names";
import { Output, Scalar } from "../functions/arguments";
import { CONTROLS_HEADERS, Catalogue, FunctionId } from "../functions/catalogue";
import { StringKey, formatNumber, formatPercent, nameOf, t } from "./i18n";

/**
 * What the Explain section says about one REE call, from its argument values (literals from
 * the formula, or values read from the cells it refers to). The catalogue answers, exactly as
 * the function in the cell would; its "source", "url", "date" and "note" fields supply the rest.
 */
export interface Explanation {
  name: string;
  asks: string;
  value: string;
  failed: boolean;
  sources: { text: string; url?: string }[];
  dateUsed?: { label: StringKey; text: string };
  since?: string;
  note?: string;
  warnings: string[];
}

/** Each function's parameters, by the names Excel shows, in order. */
export const PARAMETERS: Record<FunctionId, string[]> = {
  PRICE: ["product", "market", "date", "unit", "field"],
  PRICEHISTORY: ["product", "market", "start", "end", "unit", "headers"],
  SHARE: ["country", "stage", "year", "element", "field"],
  TONNES: ["country", "stage", "year", "field"],
  CONTROLLED: ["element", "date", "regime", "field"],
  CONTROLS: ["element", "date", "headers"],
  ELEMENT: ["element", "property"],
  LIST: ["kind"],
  FX: ["currency", "date", "field"],
  TRADE: ["product", "exporter", "importer", "period", "field"],
  EVENTS: ["start", "end", "country", "headers"],
  DATAINFO: ["field"],
};

/** Where a function takes its `field` argument, for the functions that have one. */
const FIELD_INDEX: Partial<Record<FunctionId, number>> = {
  PRICE: 4,
  SHARE: 4,
  TONNES: 3,
  CONTROLLED: 3,
};

type Answer = ReturnType<Catalogue[FunctionId]["run"]>;

function isMissing(value: unknown): boolean {
  return (
    value === null || value === undefined || (typeof value === "string" && value.trim() === "")
  );
}

function scalarOf(answer: Answer): Scalar | undefined {
  if ("ok" in answer && answer.ok && !Array.isArray(answer.value)) {
    const value = answer.value;
    return typeof value === "object" ? undefined : value;
  }
  return undefined;
}

function dayOf(value: unknown): Day | undefined {
  if (typeof value === "number") {
    const day = dayFromSerial(value);
    return day.ok ? day.value : undefined;
  }
  if (typeof value === "string") {
    const day = dayFromIso(value);
    return day.ok ? day.value : undefined;
  }
  return undefined;
}

function dateText(value: unknown, fallback: string): string {
  if (isMissing(value)) return fallback;
  const day = dayOf(value);
  return day === undefined ? String(value) : isoFromDay(day);
}

function named<T>(
  index: NameIndex<T>,
  value: unknown,
  show: (row: T) => string,
  fallback: string
): string {
  if (isMissing(value)) return fallback;
  const resolved = typeof value === "string" ? index.resolve(value) : undefined;
  return resolved?.ok ? show(resolved.value) : `"${String(value)}"`;
}

function formatScalar(value: Scalar): string {
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return formatNumber(value, 4);
  return value;
}

export function explainCall(
  dataset: Dataset,
  catalogue: Catalogue,
  name: string,
  args: unknown[],
  today: Day
): Explanation {
  if (!(name in catalogue)) {
    return {
      name,
      asks: t("asksUnknown", name),
      value: "#NAME?",
      failed: true,
      sources: [],
      warnings: [],
    };
  }
  const id = name as FunctionId;
  const run = (values: unknown[]) => catalogue[id].run(dataset, values);
  const answer = run(args);
  const fieldIndex = FIELD_INDEX[id];
  const field = (which: string): Scalar | undefined => {
    if (fieldIndex === undefined) return undefined;
    const values = [...args];
    while (values.length < fieldIndex) values.push(null);
    values[fieldIndex] = which;
    return scalarOf(run(values));
  };
  const asked = fieldIndex === undefined ? undefined : args[fieldIndex];
  const explanation: Explanation = {
    name: id,
    asks: describe(dataset, id, args, today),
    value: "",
    failed: false,
    sources: [],
    warnings: [],
  };
  if (!isMissing(asked) && String(asked).toLowerCase() !== "value")
    explanation.asks += ` ${t("asksField", String(asked))}`;

  if ("ok" in answer && !answer.ok) {
    explanation.failed = true;
    explanation.value = `${answer.kind === "invalid" ? "#VALUE!" : "#N/A"}: ${answer.message}`;
  } else if ("ok" in answer) {
    explanation.value = formatOutput(
      id,
      answer.value,
      field,
      isMissing(asked) || String(asked).toLowerCase() === "value"
    );
  } else {
    explanation.failed = true;
    explanation.value = `${answer.code}${answer.message ? `: ${answer.message}` : ""}`;
  }

  const horizon = (value: unknown, fallback?: Day) => {
    const day = isMissing(value) ? fallback : dayOf(value);
    if (day !== undefined && day > dataset.knownThrough)
      explanation.warnings.push(
        t("explainHorizon", isoFromDay(day), isoFromDay(dataset.knownThrough))
      );
  };

  switch (id) {
    case "PRICE":
    case "SHARE":
    case "TONNES":
    case "CONTROLLED": {
      if (explanation.failed) break;
      const source = field("source");
      const url = field("url");
      if (source !== undefined && source !== "")
        explanation.sources.push({ text: String(source), url: url ? String(url) : undefined });
      const note = field("note");
      if (note !== undefined && note !== "") explanation.note = String(note);
      if (id === "PRICE") {
        const date = field("date");
        const period = field("period");
        if (typeof date === "number")
          explanation.dateUsed = {
            label: "explainDateUsed",
            text: t("assessmentPeriod", dateText(date, ""), String(period ?? "")),
          };
        horizon(args[2]);
      } else if (id === "CONTROLLED") {
        const date = field("date");
        const since = field("since");
        if (typeof date === "number")
          explanation.dateUsed = { label: "explainDateUsed", text: dateText(date, "") };
        if (typeof since === "number") explanation.since = dateText(since, "");
        horizon(args[1], today);
      } else {
        const year = field("year");
        if (year !== undefined)
          explanation.dateUsed = { label: "explainYearUsed", text: String(year) };
      }
      break;
    }
    case "PRICEHISTORY": {
      if (explanation.failed) break;
      const latest = (which: string) =>
        scalarOf(catalogue.PRICE.run(dataset, [args[0], args[1], args[3], args[4], which]));
      const source = latest("source");
      if (source !== undefined)
        explanation.sources.push({
          text: t("explainLatestSource", String(source)),
          url: String(latest("url") ?? "") || undefined,
        });
      horizon(args[3]);
      break;
    }
    case "CONTROLS": {
      if ("ok" in answer && answer.ok && Array.isArray(answer.value)) {
        const seen = new Set<string>();
        for (const row of answer.value) {
          const [text, url] = [row[8], row[9]];
          if (typeof text !== "string" || text === CONTROLS_HEADERS[8] || seen.has(text)) continue;
          seen.add(text);
          explanation.sources.push({ text, url: typeof url === "string" ? url : undefined });
        }
        explanation.dateUsed = {
          label: "explainDateUsed",
          text: dateText(args[1], isoFromDay(today)),
        };
      }
      horizon(args[1], today);
      break;
    }
    case "ELEMENT": {
      const element =
        typeof args[0] === "string" ? dataset.elementNames.resolve(args[0]) : undefined;
      if (element?.ok && !explanation.failed) {
        const weight = dataset.rows.atomic_weights.find(
          (row) => row.symbol === element.value.symbol
        );
        const sourceId =
          String(args[1]).toLowerCase() === "atomic_weight" && weight
            ? weight.source
            : element.value.source;
        const source = dataset.sources.get(sourceId);
        if (source)
          explanation.sources.push({
            text: `${source.publisher}, ${source.title}, ${source.published}`,
            url: source.url,
          });
      }
      break;
    }
    case "LIST":
    case "DATAINFO":
      break;
  }
  return explanation;
}

function formatOutput(
  id: FunctionId,
  value: Output,
  field: (which: string) => Scalar | undefined,
  isValue: boolean
): string {
  if (Array.isArray(value))
    return t("explainTable", value.length, Math.max(0, ...value.map((row) => row.length)));
  if (typeof value === "object") return String(value);
  const text = formatScalar(value);
  if (!isValue) return text;
  if (id === "PRICE" && typeof value === "number")
    return `${text} ${String(field("unit") ?? "")}`.trim();
  if (id === "SHARE" && typeof value === "number") return `${text} (${formatPercent(value)})`;
  if (id === "TONNES" && typeof value === "number") return `${text} t REO`;
  if (id === "CONTROLLED" && typeof value === "boolean")
    return `${text} (${String(field("status") ?? "")})`;
  return text;
}

/** The call in words, with names resolved through the dataset where they resolve. */
function describe(dataset: Dataset, id: FunctionId, args: unknown[], today: Day): string {
  const product = () =>
    named(dataset.productNames, args[0], (row) => `${nameOf(row)} (${row.id})`, "?");
  const market = () => {
    if (!isMissing(args[1])) return named(dataset.marketNames, args[1], (row) => nameOf(row), "?");
    const chosen = typeof args[0] === "string" ? dataset.productNames.resolve(args[0]) : undefined;
    const fallback =
      chosen?.ok && chosen.value.default_market
        ? dataset.markets.get(chosen.value.default_market)
        : undefined;
    return fallback ? nameOf(fallback) : t("defaultMarket");
  };
  const unit = (index: number) => (isMissing(args[index]) ? "USD/kg" : String(args[index]));
  const country = () => named(dataset.countryNames, args[0], (row) => nameOf(row), "?");
  const stage = () => named(dataset.stageNames, args[1], (row) => nameOf(row).toLowerCase(), "?");
  const year = () => (isMissing(args[2]) ? t("latest") : String(args[2]));
  const element = (index: number, fallback: string) =>
    named(dataset.elementNames, args[index], (row) => `${row.symbol} (${nameOf(row)})`, fallback);
  switch (id) {
    case "PRICE":
      return t("asksPrice", product(), market(), dateText(args[2], t("latest")), unit(3));
    case "PRICEHISTORY":
      return t(
        "asksPriceHistory",
        product(),
        market(),
        dateText(args[2], t("theStart")),
        dateText(args[3], t("theEnd")),
        unit(4)
      );
    case "SHARE":
      return isMissing(args[3])
        ? t("asksShare", country(), stage(), year())
        : t("asksShareGroup", country(), stage(), String(args[3]), year());
    case "TONNES":
      return t("asksTonnes", country(), stage(), year());
    case "CONTROLLED":
      return t(
        "asksControlled",
        element(0, "?"),
        named(
          dataset.countryNames,
          isMissing(args[2]) ? "China" : args[2],
          (row) => nameOf(row),
          "China"
        ),
        dateText(args[1], `${t("today")} (${isoFromDay(today)})`)
      );
    case "CONTROLS":
      return t(
        "asksControls",
        element(0, t("allMeasures")),
        dateText(args[1], `${t("today")} (${isoFromDay(today)})`)
      );
    case "ELEMENT":
      return t("asksElement", element(0, "?"), String(args[1] ?? "?"));
    case "LIST":
      return t("asksList", String(args[0] ?? "?"));
    case "DATAINFO":
      return t("asksDataInfo", isMissing(args[0]) ? "version" : String(args[0]));
    case "FX":
    case "TRADE":
    case "EVENTS":
      return `REE.${id}(${args.map((arg) => (isMissing(arg) ? "" : String(arg))).join(", ")})`;
  }
}
