import { controlTimeline } from "../../../core/controls";
import { isoFromDay, todayDay } from "../../../core/dates";
import { sourceText } from "../../../functions/answers";
import { fill, h, link, makeNotice } from "../../shell/dom";
import { button, dateField } from "../../shell/fluent";
import { nameOf, t } from "../../shell/i18n";
import { PaneContext, Section, insertAtActiveCell } from "../../shell/section";
import {
  MEASURE_KEYS,
  REGIME,
  STATUS_KEYS,
  TileStatus,
  controlGrid,
  controlledFormula,
  controlsDay,
  controlsFormula,
  decidingMeasures,
  elementOnDay,
} from "./model";

const SVG = "http://www.w3.org/2000/svg";

function svg(
  tag: string,
  attributes: Record<string, string>,
  ...children: SVGElement[]
): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A shape per status, so that colour is never the only cue. */
export function statusIcon(status: TileStatus): SVGElement {
  const stroke = {
    fill: "none",
    stroke: "currentColor",
    "stroke-width": "2",
    "stroke-linecap": "round",
  };
  const shapes: Record<TileStatus, () => SVGElement[]> = {
    controlled: () => [
      svg("rect", { x: "3", y: "7", width: "10", height: "7", rx: "1.5", fill: "currentColor" }),
      svg("path", { d: "M5.5 7V5a2.5 2.5 0 0 1 5 0v2", ...stroke }),
    ],
    suspended: () => [
      svg("rect", { x: "3.5", y: "3", width: "3", height: "10", rx: "1", fill: "currentColor" }),
      svg("rect", { x: "9.5", y: "3", width: "3", height: "10", rx: "1", fill: "currentColor" }),
    ],
    "not-controlled": () => [svg("path", { d: "M3 8.5l3.2 3.2L13 4.8", ...stroke })],
    unknown: () => [
      svg("circle", { cx: "8", cy: "8", r: "6.2", ...stroke, "stroke-width": "1.6" }),
      svg("path", {
        d: "M6.2 6.3a1.9 1.9 0 1 1 2.6 1.8c-.6.3-.8.7-.8 1.3",
        ...stroke,
        "stroke-width": "1.6",
      }),
      svg("circle", { cx: "8", cy: "11.6", r: "0.9", fill: "currentColor" }),
    ],
  };
  return svg(
    "svg",
    {
      class: "status-icon",
      viewBox: "0 0 16 16",
      width: "16",
      height: "16",
      "aria-hidden": "true",
      focusable: "false",
    },
    ...shapes[status]()
  );
}

function todayIso(): string {
  return isoFromDay(todayDay());
}

export function createControlsSection(context: PaneContext): Section {
  // Read again on every render: imports and updates replace the dataset.
  let dataset = context.dataset;
  const state = { date: todayIso(), element: undefined as string | undefined };
  const panel = h("section", { class: "section", "aria-labelledby": "controls-heading" });
  const notice = makeNotice();
  const grid = h("div", { class: "element-grid", role: "group", id: "element-grid" });
  const detail = h("p", { class: "element-detail", id: "element-detail", "aria-live": "polite" });
  const timeline = h("div", { class: "timeline" });
  const gridHeading = h("h3", { id: "element-grid-heading" });

  const day = () => controlsDay(state.date);
  const selected = () => dataset.elements.find((element) => element.symbol === state.element);

  const renderGrid = () => {
    const asOf = day();
    if (asOf === undefined) {
      fill(grid, h("p", { class: "message" }, t("invalidDate")));
      fill(detail);
      return;
    }
    fill(gridHeading, t("gridLabel", state.date));
    grid.setAttribute("aria-labelledby", "element-grid-heading");
    fill(
      grid,
      controlGrid(dataset, asOf).map(({ element, status }) => {
        return h(
          "button",
          {
            type: "button",
            class: `tile status-${status}`,
            "data-symbol": element.symbol,
            "data-status": status,
            "aria-pressed": state.element === element.symbol ? "true" : "false",
            onclick: () => {
              state.element = state.element === element.symbol ? undefined : element.symbol;
              renderGrid();
              renderTimeline();
            },
          },
          h("span", { class: "tile-symbol" }, element.symbol),
          h("span", { class: "tile-name" }, nameOf(element)),
          h(
            "span",
            { class: "tile-status" },
            statusIcon(status),
            h("span", {}, t(STATUS_KEYS[status].short))
          )
        );
      })
    );
    const element = selected();
    if (!element) {
      fill(detail, t("pickElementHint"));
      return;
    }
    const onDay = elementOnDay(dataset, element, asOf);
    const deciding = decidingMeasures(onDay);
    fill(
      detail,
      h(
        "strong",
        {},
        t(
          "chosenElement",
          element.symbol,
          nameOf(element),
          state.date,
          t(STATUS_KEYS[onDay.status].short)
        )
      ),
      deciding ? ` ${t("decidedBy", deciding)}` : null,
      onDay.reason ? ` ${onDay.reason}` : null,
      onDay.control?.warning ? ` ${onDay.control.warning}` : null
    );
  };

  const renderTimeline = () => {
    const asOf = day();
    if (asOf === undefined) {
      fill(timeline);
      return;
    }
    const element = selected();
    const entries = controlTimeline(dataset, element, asOf, REGIME);
    fill(
      timeline,
      h(
        "h3",
        {},
        element ? t("timelineFor", `${element.symbol} (${nameOf(element)})`) : t("timelineHeading")
      ),
      entries.length === 0
        ? h("p", { class: "message" }, t("noMeasures"))
        : h(
            "ol",
            { class: "measures" },
            entries.map((entry) => {
              const { measure } = entry;
              const source = dataset.source(measure.source);
              const dates = [
                measure.announced !== undefined
                  ? `${t("announced")} ${isoFromDay(measure.announced)}`
                  : null,
                `${t("effective")} ${isoFromDay(measure.effective)}`,
                measure.ended !== undefined ? `${t("ended")} ${isoFromDay(measure.ended)}` : null,
              ].filter((text): text is string => text !== null);
              return h(
                "li",
                {
                  class: `measure measure-${entry.known ? entry.status.replace(" ", "-") : "unknown"}`,
                  "data-measure": measure.id,
                },
                h("p", { class: "measure-number" }, measure.number),
                h("p", { class: "measure-title" }, measure.title),
                h("p", { class: "measure-dates" }, dates.join(" · ")),
                h(
                  "p",
                  { class: "measure-status" },
                  h("span", { class: "field-label" }, `${t("statusOnDay", state.date)}: `),
                  entry.known
                    ? t("statusSince", t(MEASURE_KEYS[entry.status]), isoFromDay(entry.since))
                    : t("statusUnknownOnDay")
                ),
                measure.suspensions.map((suspension) =>
                  h(
                    "p",
                    { class: "measure-suspension" },
                    t("suspendedBy", suspension.by.number, isoFromDay(suspension.from)) +
                      (suspension.until !== undefined
                        ? t("until", isoFromDay(suspension.until))
                        : "")
                  )
                ),
                h(
                  "p",
                  { class: "measure-scope" },
                  h("span", { class: "field-label" }, `${t("kind")}: `),
                  measure.kind,
                  measure.elements.length > 0
                    ? ` · ${t("elements")}: ${measure.elements.join(" ")}`
                    : null
                ),
                h("p", { class: "measure-scope" }, measure.scope),
                h(
                  "p",
                  { class: "measure-source" },
                  h("span", { class: "field-label" }, `${t("source")}: `),
                  link(source.url, sourceText(source))
                )
              );
            })
          )
    );
  };

  const legend = () =>
    h(
      "div",
      { class: "status-legend" },
      h("h3", { id: "controls-legend" }, t("legend")),
      h(
        "ul",
        { "aria-labelledby": "controls-legend" },
        (Object.keys(STATUS_KEYS) as TileStatus[]).map((status) =>
          h(
            "li",
            { class: `legend-item status-${status}` },
            statusIcon(status),
            " ",
            t(STATUS_KEYS[status].long)
          )
        )
      )
    );

  const insertControlled = () => {
    const element = selected();
    if (!element) {
      notice.error(t("pickElementFirst"));
      return;
    }
    void insertAtActiveCell(context, [[controlledFormula(element, state.date)]], notice);
  };
  const insertControls = () =>
    void insertAtActiveCell(context, [[controlsFormula(selected(), state.date)]], notice);

  const render = () => {
    dataset = context.dataset;
    fill(
      panel,
      h("h2", { id: "controls-heading" }, t("controlsHeading")),
      h(
        "div",
        { class: "field-row" },
        dateField(
          t("controlsDate"),
          state.date,
          (value) => {
            if (value === "") return;
            state.date = value;
            renderGrid();
            renderTimeline();
          },
          { id: "controls-date" }
        )
      ),
      gridHeading,
      grid,
      legend(),
      detail,
      h(
        "div",
        { class: "actions" },
        button(t("insertControlled"), insertControlled, {
          appearance: "accent",
          id: "insert-controlled",
        }),
        button(t("insertControls"), insertControls, { id: "insert-controls" })
      ),
      notice.element,
      timeline
    );
    notice.clear();
    renderGrid();
    renderTimeline();
  };

  return { id: "controls", tabKey: "tabControls", panel, render };
}
