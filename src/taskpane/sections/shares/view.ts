import { stageYears } from "../../../core/supply";
import { sourceText } from "../../../functions/answers";
import { fill, h, link, makeNotice } from "../../shell/dom";
import { button, select } from "../../shell/fluent";
import { formatPercent, nameOf, t } from "../../shell/i18n";
import { PaneContext, Section, insertAtActiveCell } from "../../shell/section";
import {
  countryShares,
  firstChoice,
  latestYear,
  shareRows,
  sharesNotes,
  sharesSources,
  stagesWithData,
} from "./model";

export function createSharesSection(context: PaneContext): Section {
  // Read again on every render: imports and updates replace the dataset.
  let dataset = context.dataset;
  const stages = stagesWithData(dataset);
  const state = { ...firstChoice(dataset), checked: new Set<string>() };
  const panel = h("section", { class: "section", "aria-labelledby": "shares-heading" });
  const notice = makeNotice();
  const pickers = h("div", { class: "field-row" });
  const chart = h("div", { class: "shares-chart" });

  const currentShares = () => {
    const stage = dataset.stages.get(state.stage);
    return stage ? countryShares(dataset, stage, state.year) : [];
  };

  const renderPickers = () => {
    const stage = dataset.stages.get(state.stage);
    fill(
      pickers,
      select(
        t("stage"),
        stages.map((candidate) => ({ value: candidate.id, text: nameOf(candidate) })),
        state.stage,
        (value) => {
          state.stage = value;
          const chosen = dataset.stages.get(value)!;
          if (!stageYears(dataset, chosen).includes(state.year))
            state.year = latestYear(dataset, chosen);
          state.checked.clear();
          renderPickers();
          renderChart();
        },
        "share-stage"
      ),
      select(
        t("year"),
        (stage ? stageYears(dataset, stage) : []).map((year) => ({
          value: String(year),
          text: String(year),
        })),
        String(state.year),
        (value) => {
          state.year = Number(value);
          renderChart();
        },
        "share-year"
      )
    );
  };

  const renderChart = () => {
    const stage = dataset.stages.get(state.stage);
    const shares = currentShares();
    if (!stage || shares.length === 0) {
      fill(chart, h("p", { class: "message" }, t("noShares")));
      return;
    }
    const largest = shares.reduce((most, value) => Math.max(most, value.share), 0.0001);
    const sources = sharesSources(dataset, shares);
    const notes = sharesNotes(shares);
    const captionId = "shares-caption";
    fill(
      chart,
      h(
        "figure",
        { class: "bars", "aria-labelledby": captionId },
        h("figcaption", { id: captionId }, t("sharesChartLabel", nameOf(stage), state.year)),
        h(
          "ul",
          { class: "bar-list" },
          shares.map((value) => {
            const bar = h("span", { class: "bar" });
            bar.style.width = `${(value.share / largest) * 100}%`;
            const checkbox = h(
              "fluent-checkbox",
              {
                "data-country": value.country.id,
                checked: state.checked.has(value.country.id),
                onchange: (event) => {
                  const checked = (event.currentTarget as HTMLElement & { checked: boolean })
                    .checked;
                  if (checked) state.checked.add(value.country.id);
                  else state.checked.delete(value.country.id);
                },
              },
              nameOf(value.country)
            );
            return h(
              "li",
              { class: "bar-row" },
              checkbox,
              h("span", { class: "bar-track", "aria-hidden": "true" }, bar),
              h("span", { class: "bar-value" }, formatPercent(value.share))
            );
          })
        )
      ),
      h(
        "p",
        { class: "sources-line" },
        h("span", { class: "field-label" }, `${sources.length > 1 ? t("sources") : t("source")}: `),
        sources.map((source, index) => [
          index > 0 ? "; " : null,
          link(source.url, sourceText(source)),
        ])
      ),
      notes.map((note) => h("p", { class: "field-hint" }, note))
    );
  };

  const insert = () => {
    const stage = dataset.stages.get(state.stage);
    const chosen = currentShares().filter((value) => state.checked.has(value.country.id));
    if (!stage || chosen.length === 0) {
      notice.error(t("pickAtLeastOne"));
      return;
    }
    void insertAtActiveCell(context, shareRows(chosen, stage, state.year), notice);
  };

  const setAll = (checked: boolean) => {
    state.checked = new Set(checked ? currentShares().map((value) => value.country.id) : []);
    renderChart();
  };

  const render = () => {
    dataset = context.dataset;
    fill(
      panel,
      h("h2", { id: "shares-heading" }, t("sharesHeading")),
      pickers,
      chart,
      h("p", { class: "field-hint" }, t("pickCountries")),
      h(
        "div",
        { class: "actions" },
        button(t("insertShares"), insert, { appearance: "accent", id: "insert-shares" }),
        button(t("selectAll"), () => setAll(true), { id: "shares-all" }),
        button(t("selectNone"), () => setAll(false), { id: "shares-none", appearance: "stealth" })
      ),
      notice.element
    );
    notice.clear();
    renderPickers();
    renderChart();
  };

  return { id: "shares", tabKey: "tabShares", panel, render };
}
