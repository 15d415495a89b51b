import { ProductRow } from "../../../core/dataset";
import { isoFromDay } from "../../../core/dates";
import { PRICE_UNITS, PriceUnit } from "../../../core/schema";
import { DEFAULT_UNIT, priceNote, sourceText } from "../../../functions/answers";
import { fill, h, link, makeNotice, uniqueId } from "../../shell/dom";
import { button, dateField, select, valueOf } from "../../shell/fluent";
import { formatNumber, nameOf, t } from "../../shell/i18n";
import { ChartSeries, PriceChart, chartUnits, drawPriceChart } from "../../shell/price-chart";
import { PaneContext, Section, insertAtActiveCell } from "../../shell/section";
import {
  PriceView,
  chooseMarket,
  firstPricedProduct,
  historyIn,
  marketsOf,
  matchProducts,
  priceFormula,
  priceHistoryFormula,
  priceView,
  productLabel,
} from "./model";

const MAX_CANDIDATES = 8;
// One colour and dash per market (six today); they repeat only past that.
const COLOURS = ["#0f6cbd", "#c50f1f", "#107c10", "#8764b8", "#ca5010", "#005b70"];
const DASHES = [[], [6, 3], [2, 3], [8, 3, 2, 3], [4, 4], [1, 2]];

export function createPricesSection(context: PaneContext): Section {
  // Read again on every render: imports and updates replace the dataset.
  let dataset = context.dataset;
  const state = {
    product: firstPricedProduct(dataset),
    market: "",
    date: "",
    unit: DEFAULT_UNIT as PriceUnit,
    query: "",
  };
  const panel = h("section", { class: "section", "aria-labelledby": "prices-heading" });
  const notice = makeNotice();
  let chart: PriceChart | undefined;
  let chartGeneration = 0;

  const pickMarket = () => {
    state.market = chooseMarket(dataset, state.product, state.market);
  };
  pickMarket();

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
  const pick = (product: ProductRow) => {
    state.product = product;
    state.query = "";
    (search as HTMLElement & { value: string }).value = "";
    pickMarket();
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
      shown.map((product) =>
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
        marketsOf(dataset, state.product).map((market) => ({
          value: market.id,
          text: nameOf(market),
        })),
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
    for (const market of marketsOf(dataset, state.product)) {
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
      series
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
              [t("marketColumn"), t("period"), t("priceMid"), t("unitColumn")].map((text) =>
                h("th", { scope: "col" }, text)
              )
            )
          ),
          h(
            "tbody",
            {},
            rows.map((row) =>
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
    formula.textContent = priceFormula(state, view);
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
          () => void insertAtActiveCell(context, [[priceFormula(state, effective())]], notice),
          {
            appearance: "accent",
            id: "insert-price",
          }
        ),
        button(
          t("insertHistory"),
          () =>
            void insertAtActiveCell(
              context,
              [[priceHistoryFormula(dataset, state, state.unit)]],
              notice
            ),
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
