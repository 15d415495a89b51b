import { Dataset } from "../../../core/dataset";
import { Day, dayFromIso, dayFromSerial, isoFromDay } from "../../../core/dates";
import { NameIndex } from "../../../core/names";
import { Output, Scalar } from "../../../functions/arguments";
import { Catalogue, FunctionId, ParameterName } from "../../../functions/catalogue";
import { DEFAULT_REGIME, DEFAULT_UNIT } from "../../../functions/answers";
import { CONTROLS_HEADERS, sourceText } from "../../../functions/answers";
import { orderArguments, parameterNames } from "../../shell/formula-builder";
import { StringKey, formatNumber, formatPercent, nameOf, t } from "../../shell/i18n";

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

/**
 * Where a function takes the `field` that can say where its value came from ("source", "url",
 * "note"), read from its declaration; undefined for functions without one (DATAINFO's field
 * picks among facts about the dataset, not a value's provenance).
 */
export function provenanceFieldIndex(catalogue: Catalogue, id: FunctionId): number | undefined {
  const index = catalogue[id].parameters.findIndex(
    (parameter) => parameter.name === "field" && parameter.choices?.includes("source")
  );
  return index < 0 ? undefined : index;
}

/** The declared parameter names of the function a formula calls; none for a name the catalogue lacks. */
export function parameterNamesOf(catalogue: Catalogue, name: string): readonly string[] {
  return name in catalogue ? parameterNames(name as FunctionId) : [];
}

/** The cell's arguments by declared name: the first one is "product" for PRICE, "country" for SHARE. */
function byName<F extends FunctionId>(id: F, args: unknown[]): Record<ParameterName<F>, unknown> {
  const named = {} as Record<ParameterName<F>, unknown>;
  parameterNames(id).forEach((name, index) => (named[name] = args[index]));
  return named;
}

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
  const value = byName(id, args);
  const fieldIndex = provenanceFieldIndex(catalogue, id);
  // The same call asking another field: what the cell would say with "source", "url", "note"...
  const field = (which: string): Scalar | undefined =>
    fieldIndex === undefined
      ? undefined
      : scalarOf(run(orderArguments(id, { ...value, field: which })));
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
        horizon(value.date);
      } else if (id === "CONTROLLED") {
        const date = field("date");
        const since = field("since");
        if (typeof date === "number")
          explanation.dateUsed = { label: "explainDateUsed", text: dateText(date, "") };
        if (typeof since === "number") explanation.since = dateText(since, "");
        horizon(value.date, today);
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
        scalarOf(
          catalogue.PRICE.run(
            dataset,
            orderArguments("PRICE", {
              product: value.product,
              market: value.market,
              date: value.end,
              unit: value.unit,
              field: which,
            })
          )
        );
      const source = latest("source");
      if (source !== undefined)
        explanation.sources.push({
          text: t("explainLatestSource", String(source)),
          url: String(latest("url") ?? "") || undefined,
        });
      horizon(value.end);
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
          text: dateText(value.date, isoFromDay(today)),
        };
      }
      horizon(value.date, today);
      break;
    }
    case "ELEMENT": {
      const element =
        typeof value.element === "string" ? dataset.elementNames.resolve(value.element) : undefined;
      if (element?.ok && !explanation.failed) {
        const weight = dataset.rows.atomic_weights.find(
          (row) => row.symbol === element.value.symbol
        );
        const sourceId =
          String(value.property).toLowerCase() === "atomic_weight" && weight
            ? weight.source
            : element.value.source;
        const source = dataset.sources.get(sourceId);
        if (source) explanation.sources.push({ text: sourceText(source), url: source.url });
      }
      break;
    }
    case "PRODUCT": {
      const chosen =
        typeof value.product === "string" ? dataset.productNames.resolve(value.product) : undefined;
      const source = chosen?.ok ? dataset.sources.get(chosen.value.source) : undefined;
      if (source && !explanation.failed)
        explanation.sources.push({ text: sourceText(source), url: source.url });
      break;
    }
    case "COUNTRY":
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
    return t(
      "explainTable",
      value.length,
      value.reduce((widest, row) => Math.max(widest, row.length), 0)
    );
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
  const value = byName(id, args);
  const product = () =>
    named(dataset.productNames, value.product, (row) => `${nameOf(row)} (${row.id})`, "?");
  const market = () => {
    if (!isMissing(value.market))
      return named(dataset.marketNames, value.market, (row) => nameOf(row), "?");
    const chosen =
      typeof value.product === "string" ? dataset.productNames.resolve(value.product) : undefined;
    const fallback =
      chosen?.ok && chosen.value.default_market
        ? dataset.markets.get(chosen.value.default_market)
        : undefined;
    return fallback ? nameOf(fallback) : t("defaultMarket");
  };
  const unit = () => (isMissing(value.unit) ? DEFAULT_UNIT : String(value.unit));
  const country = () => named(dataset.countryNames, value.country, (row) => nameOf(row), "?");
  const stage = () =>
    named(dataset.stageNames, value.stage, (row) => nameOf(row).toLowerCase(), "?");
  const year = () => (isMissing(value.year) ? t("latest") : String(value.year));
  const element = (fallback: string) =>
    named(dataset.elementNames, value.element, (row) => `${row.symbol} (${nameOf(row)})`, fallback);
  const onDate = () => dateText(value.date, `${t("today")} (${isoFromDay(today)})`);
  switch (id) {
    case "PRICE":
      return t("asksPrice", product(), market(), dateText(value.date, t("latest")), unit());
    case "PRICEHISTORY":
      return t(
        "asksPriceHistory",
        product(),
        market(),
        dateText(value.start, t("theStart")),
        dateText(value.end, t("theEnd")),
        unit()
      );
    case "SHARE":
      return isMissing(value.element)
        ? t("asksShare", country(), stage(), year())
        : t("asksShareGroup", country(), stage(), String(value.element), year());
    case "TONNES":
      return t("asksTonnes", country(), stage(), year());
    case "CONTROLLED":
      return t(
        "asksControlled",
        element("?"),
        named(
          dataset.countryNames,
          isMissing(value.regime) ? DEFAULT_REGIME : value.regime,
          (row) => nameOf(row),
          DEFAULT_REGIME
        ),
        onDate()
      );
    case "CONTROLS":
      return t("asksControls", element(t("allMeasures")), onDate());
    case "ELEMENT":
      return isMissing(value.property)
        ? t("asksElementCard", element("?"))
        : t("asksElement", element("?"), String(value.property));
    case "PRODUCT":
      return isMissing(value.property)
        ? t("asksProductCard", product())
        : t("asksProduct", product(), String(value.property));
    case "COUNTRY":
      return isMissing(value.property)
        ? t("asksCountryCard", country())
        : t("asksCountry", country(), String(value.property));
    case "LIST":
      return t("asksList", String(value.kind ?? "?"));
    case "DATAINFO":
      return t("asksDataInfo", isMissing(value.field) ? "version" : String(value.field));
    case "FX":
    case "TRADE":
    case "EVENTS":
    case "HHI":
    case "CONVERT":
    case "SPREAD":
      return `REE.${id}(${args.map((arg) => (isMissing(arg) ? "" : String(arg))).join(", ")})`;
  }
}
