import { Dataset, MarketRow, ProductRow } from "../core/dataset";
import { dayFromIso, isoFromDay } from "../core/dates";
import { normalizeName } from "../core/names";
import { priceHistory } from "../core/prices";
import { Failure, Result, ok } from "../core/result";
import { PRICE_UNITS, PriceUnit } from "../core/schema";
import { PriceAnswer, findPrice, priceNote, sourceText } from "../functions/catalogue";
import { ChartSeries, PriceChart, chartUnits, drawPriceChart } from "./chart";
import { PaneContext, Section, insertAtActiveCell } from "./context";
import { fill, h, link, makeNotice, uniqueId } from "./dom";
import { button, dateField, select, valueOf } from "./fluent";
import { reeFormula } from "./formula";
import { formatNumber, nameOf, t } from "./i18n";

const MAX_CANDIDATES = 8;
const COLOURS = ["#0f6cbd", "#c50f1f", "#107c10", "#8764b8", "#ca5010"];
const DASHES = [[], [6, 3], [2, 3], [8, 3, 2, 3], [4, 4]];

/** Products whose symbol, formula, English or Chinese name or alias matches the query: exact, then prefix, then inside. */
export function matchProducts(dataset: Dataset, query: string): ProductRow[] {
  const key = normalizeName(query);
  if (key === "") return [];
  const resolved = dataset.productNames.resolve(query);
  const scored = dataset.productNames.entries.map((entry) => {
    const names = [...entry.names, ...(entry.fallbackNames ?? [])].map(normalizeName);
    // What the functions would resolve the text to comes first.
    const score =
      resolved.ok && resolved.value === entry.value
        ? 0
        : names.includes(key)
          ? 1
          : names.some((name) => name.startsWith(key))
            ? 2
            : names.some((name) => name.includes(key))
              ? 3
              : Infinity;
    return { product: entry.value, score };
  });
  return scored
    .filter((candidate) => candidate.score !== Infinity)
    .sort((a, b) => a.score - b.score || a.product.id.localeCompare(b.product.id))
    .map((candidate) => candidate.product);
}

export interface PriceView {
  answer?: PriceAnswer;
  /** The unit the value is shown and inserted in. */
  unit: PriceUnit;
  /** Why the value is in the market's own unit rather than the one asked for. */
  fallback?: string;
  failure?: Failure;
}

/** The price for the pane: in the chosen unit, else in the market's own unit when only the currency conversion fails. */
export function priceView(
  dataset: Dataset,
  product: ProductRow,
  market: MarketRow,
  date: string,
  unit: PriceUnit
): PriceView {
  const day = date === "" ? ok(undefined) : dayFromIso(date);
  if (!day.ok) return { unit, failure: day };
  const asked = findPrice(dataset, product, market, day.value, unit);
  if (asked.ok) return { answer: asked.value, unit };
  if (asked.kind === "unavailable" && market.unit !== unit) {
    const own = findPrice(dataset, product, market, day.value, market.unit);
    if (own.ok) return { answer: own.value, unit: market.unit, fallback: asked.message };
  }
  return { unit, failure: asked };
}

function historyIn(
  dataset: Dataset,
  product: ProductRow,
  market: MarketRow,
  unit: PriceUnit
): Result<{ unit: PriceUnit; points: { day: number; value: number; period: string }[] }> {
  let history = priceHistory(dataset, product, market, undefined, undefined, unit);
  let used = unit;
  if (!history.ok && history.kind === "unavailable" && market.unit !== unit) {
    history = priceHistory(dataset, product, market, undefined, undefined, market.unit);
    used = market.unit;
  }
  if (!history.ok) return history;
  return ok({
    unit: used,
    points: history.value.map((price) => ({
      day: price.observation.period.start,
      value: price.mid,
      period: price.observation.period.text,
    })),
  });
}

function productLabel(product: ProductRow): string {
  const other = nameOf(product) === product.name ? product.name_zh : product.name;
  return `${nameOf(product)} (${product.id}) · ${other}`;
}

export function createPricesSection(context: PaneContext): Section {
  // Read again on every render: imports and updates replace the dataset.
  let dataset = context.dataset;
  const priced = dataset.rows.products.filter((product) =>
    dataset.marketsByProduct.has(product.id)
  );
  const state = {
    product: priced[0] ?? dataset.rows.products[0],
    market: "",
    date: "",
    unit: "USD/kg" as PriceUnit,
    query: "",
  };
  const panel = h("section", { class: "section", "aria-labelledby": "prices-heading" });
  const notice = makeNotice();
  let chart: PriceChart | undefined;
  let chartGeneration = 0;

  const marketsOf = (product: ProductRow) => dataset.marketsByProduct.get(product.id) ?? [];
  const chooseMarket = () => {
    const markets = marketsOf(state.product);
    const current = markets.find((market) => market.id === state.market);
    state.market =
      (
        current ??
        markets.find((market) => market.id === state.product.default_market) ??
        markets[0]
      )?.id ?? "";
  };
  chooseMarket();

  const candidates = h("div", {
    class: "candidates",
    role: "group",
    "aria-label": t("productMatches"),
  });
  const matchStatus = h("p", { class: "visually-hidden", role: "status" });
  const chosen = h("p", { class: "chosen", id: "prices-chosen" });
  const controls = h("div", { class: "field-row" });
  const result = h("div", { class: "result", id: "price-result" });
  const formula = h("code", { class: "formula", id: "price-formula" });
  const chartArea = h("div", { class: "chart-area" });

  const effective = (): PriceView | undefined => {
    const market = dataset.markets.get(state.market);
    return market ? priceView(dataset, state.product, market, state.date, state.unit) : undefined;
  };
  const priceFormula = (view: PriceView | undefined) =>
    reeFormula("PRICE", [
      state.product.id,
      state.market || undefined,
      state.date || undefined,
      view && view.unit !== "USD/kg" ? view.unit : undefined,
    ]);
  const historyFormula = () => {
    const market = dataset.markets.get(state.market);
    const history = market ? historyIn(dataset, state.product, market, state.unit) : undefined;
    const unit = history?.ok ? history.value.unit : state.unit;
    return reeFormula("PRICEHISTORY", [
      state.product.id,
      state.market || undefined,
      undefined,
      undefined,
      unit !== "USD/kg" ? unit : undefined,
    ]);
  };

  const pick = (product: ProductRow) => {
    state.product = product;
    state.query = "";
    (search as HTMLElement & { value: string }).value = "";
    chooseMarket();
    renderCandidates();
    renderControls();
    update();
    search.focus();
  };

  const renderCandidates = () => {
    const found = matchProducts(dataset, state.query);
    const shown = found.slice(0, MAX_CANDIDATES);
    fill(
      candidates,
      ...shown.map((product) =>
        h(
          "button",
          {
            type: "button",
            class: "candidate",
            "data-product": product.id,
            onclick: () => pick(product),
            onkeydown: (event) => moveAmongCandidates(event as KeyboardEvent),
          },
          h("span", { class: "candidate-id" }, product.id),
          h("span", { class: "candidate-name" }, `${product.name} · ${product.name_zh}`)
        )
      )
    );
    candidates.hidden = shown.length === 0;
    matchStatus.textContent =
      state.query.trim() === ""
        ? ""
        : found.length === 0
          ? t("matchNone", state.query)
          : t("matchCount", found.length);
  };

  const moveAmongCandidates = (event: KeyboardEvent) => {
    const buttons = [...candidates.querySelectorAll<HTMLButtonElement>("button")];
    const index = buttons.indexOf(event.currentTarget as HTMLButtonElement);
    if (event.key === "ArrowDown") buttons[Math.min(index + 1, buttons.length - 1)]?.focus();
    else if (event.key === "ArrowUp") {
      if (index <= 0) (panel.querySelector("#product-search") as HTMLElement | null)?.focus();
      else buttons[index - 1].focus();
    } else if (event.key === "Escape")
      (panel.querySelector("#product-search") as HTMLElement | null)?.focus();
    else return;
    event.preventDefault();
  };

  const renderControls = () => {
    fill(chosen, t("chosenProduct", productLabel(state.product)));
    fill(
      controls,
      select(
        t("market"),
        marketsOf(state.product).map((market) => ({ value: market.id, text: nameOf(market) })),
        state.market,
        (value) => {
          state.market = value;
          update();
        },
        "price-market"
      ),
      dateField(
        t("date"),
        state.date,
        (value) => {
          state.date = value;
          update();
        },
        { id: "price-date", hint: t("dateHint") }
      ),
      select(
        t("unit"),
        PRICE_UNITS.map((unit) => ({ value: unit, text: unit })),
        state.unit,
        (value) => {
          state.unit = value as PriceUnit;
          update();
        },
        "price-unit"
      )
    );
  };

  const renderResult = (view: PriceView | undefined) => {
    if (!view) {
      fill(result, h("p", { class: "message" }, t("noPriceForProduct", state.product.id)));
      return;
    }
    if (!view.answer) {
      fill(result, h("p", { class: "message", id: "price-failure" }, view.failure?.message ?? ""));
      return;
    }
    const { price, market } = view.answer;
    const source = price.observation.source;
    fill(
      result,
      h(
        "p",
        { class: "value-line" },
        h("span", { class: "value", id: "price-value" }, formatNumber(price.mid)),
        " ",
        h("span", { class: "value-unit" }, view.unit)
      ),
      view.fallback
        ? h(
            "p",
            { class: "message", id: "price-fallback" },
            t("shownInOwnUnit", view.unit, view.fallback)
          )
        : null,
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, t("assessmentUsed")),
        h(
          "dd",
          { id: "price-date-used" },
          t(
            "assessmentPeriod",
            isoFromDay(price.observation.period.start),
            price.observation.period.text
          )
        ),
        h("dt", {}, `${t("priceLow")} – ${t("priceHigh")}`),
        h("dd", {}, `${formatNumber(price.low)} – ${formatNumber(price.high)} ${view.unit}`),
        h("dt", {}, t("market")),
        h("dd", {}, nameOf(market)),
        h("dt", {}, t("source")),
        h("dd", { id: "price-source" }, link(source.url, sourceText(source))),
        h("dt", {}, t("note")),
        h("dd", {}, priceNote(dataset, view.answer))
      )
    );
  };

  const renderChart = () => {
    chart?.destroy();
    chart = undefined;
    const series: ChartSeries[] = [];
    const rows: { market: string; period: string; value: number; unit: string }[] = [];
    for (const market of marketsOf(state.product)) {
      const history = historyIn(dataset, state.product, market, state.unit);
      if (!history.ok) continue;
      const index = Math.max(0, dataset.rows.markets.indexOf(market));
      series.push({
        label: nameOf(market),
        unit: history.value.unit,
        points: history.value.points,
        colour: COLOURS[index % COLOURS.length],
        dash: DASHES[index % DASHES.length],
      });
      for (const point of history.value.points)
        rows.push({
          market: nameOf(market),
          period: point.period,
          value: point.value,
          unit: history.value.unit,
        });
    }
    const units = chartUnits(series, state.unit);
    const canvas = h("div", {
      class: "chart",
      role: "img",
      "aria-label": t(
        "chartLabel",
        state.product.id,
        series.map((line) => `${line.label} (${line.unit})`).join(", ")
      ),
    });
    const legend = h(
      "ul",
      { class: "legend" },
      ...series
        .filter((line) => units.includes(line.unit))
        .map((line) => {
          const swatch = h("span", { class: "swatch", "aria-hidden": "true" });
          swatch.style.borderTopColor = line.colour;
          swatch.style.borderTopStyle =
            line.dash.length === 0 ? "solid" : line.dash[0] <= 2 ? "dotted" : "dashed";
          return h(
            "li",
            {},
            swatch,
            `${line.label} (${line.unit}${units.length > 1 && line.unit === units[1] ? `, ${t("rightAxis")}` : ""})`
          );
        })
    );
    const tableId = uniqueId("price-table");
    const table = h(
      "details",
      { class: "chart-table" },
      h("summary", {}, t("chartTable")),
      h(
        "div",
        { class: "table-scroll", tabindex: 0, role: "region", "aria-labelledby": tableId },
        h(
          "table",
          {},
          h("caption", { id: tableId }, t("historyHeading")),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...[t("marketColumn"), t("period"), t("priceMid"), t("unitColumn")].map((text) =>
                h("th", { scope: "col" }, text)
              )
            )
          ),
          h(
            "tbody",
            {},
            ...rows.map((row) =>
              h(
                "tr",
                {},
                h("td", {}, row.market),
                h("td", {}, row.period),
                h("td", { class: "number" }, formatNumber(row.value)),
                h("td", {}, row.unit)
              )
            )
          )
        )
      )
    );
    if (series.length === 0) {
      fill(
        chartArea,
        h("h3", {}, t("historyHeading")),
        h("p", { class: "message" }, t("chartEmpty"))
      );
      return;
    }
    fill(chartArea, h("h3", {}, t("historyHeading")), canvas, legend, table);
    // Drawn after the pane is interactive; a newer render wins.
    const mine = ++chartGeneration;
    void drawPriceChart(canvas, series, state.unit).then((drawn) => {
      if (mine === chartGeneration) chart = drawn;
      else drawn?.destroy();
    });
  };

  const update = () => {
    const view = effective();
    renderResult(view);
    formula.textContent = priceFormula(view);
    renderChart();
  };

  const search = h(
    "fluent-text-field",
    {
      id: "product-search",
      placeholder: t("productSearchHint"),
      autocomplete: "off",
      oninput: (event) => {
        state.query = valueOf(event.currentTarget as Element);
        renderCandidates();
      },
      onkeydown: (event) => {
        const key = (event as KeyboardEvent).key;
        if (key === "ArrowDown") {
          candidates.querySelector<HTMLButtonElement>("button")?.focus();
          event.preventDefault();
        } else if (key === "Enter") {
          const found = matchProducts(dataset, state.query);
          if (found.length > 0) pick(found[0]);
        }
      },
    },
    t("productSearch")
  );

  const render = () => {
    dataset = context.dataset;
    fill(
      panel,
      h("h2", { id: "prices-heading" }, t("pricesHeading")),
      search,
      matchStatus,
      candidates,
      chosen,
      controls,
      result,
      h(
        "p",
        { class: "formula-line" },
        h("span", { class: "field-label" }, `${t("formulaPreview")}: `),
        formula
      ),
      h(
        "div",
        { class: "actions" },
        button(
          t("insertFormula"),
          () => void insertAtActiveCell(context, [[priceFormula(effective())]], notice),
          {
            appearance: "accent",
            id: "insert-price",
          }
        ),
        button(
          t("insertHistory"),
          () => void insertAtActiveCell(context, [[historyFormula()]], notice),
          {
            id: "insert-history",
          }
        )
      ),
      notice.element,
      chartArea
    );
    search.setAttribute("placeholder", t("productSearchHint"));
    candidates.setAttribute("aria-label", t("productMatches"));
    fill(search, t("productSearch"));
    (search as HTMLElement & { value: string }).value = state.query;
    notice.clear();
    renderCandidates();
    renderControls();
    update();
  };

  return { id: "prices", tabKey: "tabPrices", panel, render };
}
