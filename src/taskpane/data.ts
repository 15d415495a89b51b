import { isoFromDay } from "../core/dates";
import { PaneContext, Section } from "./context";
import { fill, h, link } from "./dom";
import { t } from "./i18n";

export function createDataSection(context: PaneContext): Section {
  const { dataset } = context;
  const panel = h("section", { class: "section", "aria-labelledby": "data-heading" });

  const render = () => {
    const sources = [...dataset.rows.sources].sort(
      (a, b) => a.publisher.localeCompare(b.publisher) || a.id.localeCompare(b.id)
    );
    fill(
      panel,
      h("h2", { id: "data-heading" }, t("dataHeading")),
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, t("datasetVersion")),
        h("dd", { id: "data-version" }, dataset.meta.version),
        h("dt", {}, t("knownThrough")),
        h("dd", { id: "data-known-through" }, isoFromDay(dataset.knownThrough)),
        h("dt", {}, t("controlsKnownFrom")),
        h("dd", {}, isoFromDay(dataset.controlsKnownFrom)),
        h("dt", {}, t("licence")),
        h("dd", {}, dataset.meta.licence)
      ),
      h("h3", { id: "data-sources" }, t("sourcesHeading")),
      h(
        "ul",
        { class: "sources", "aria-labelledby": "data-sources" },
        ...sources.map((source) =>
          h(
            "li",
            { "data-source": source.id },
            h("span", { class: "source-publisher" }, source.publisher),
            " ",
            link(source.url, source.title),
            h(
              "span",
              { class: "source-meta" },
              ` · ${t("published", source.published)} · ${source.id}`
            ),
            source.note ? h("span", { class: "source-note" }, source.note) : null
          )
        )
      ),
      // Kept for the data-refresh issue: refresh and import controls go here.
      h(
        "section",
        { class: "placeholder", id: "data-update", "aria-labelledby": "data-update-heading" },
        h("h3", { id: "data-update-heading" }, t("updateHeading")),
        h("p", { class: "field-hint" }, t("updateNote"))
      )
    );
  };

  return { id: "data", tabKey: "tabData", panel, render };
}
