import { isoFromDay } from "../../../core/dates";
import { IMPORT_LIMITS } from "../../../core/imports";
import { TextDataset } from "../../../core/schema";
import { BUNDLED_DATASET, dataState } from "../../../functions/store";
import { HistoryEntry } from "../../../core/history";
import { SourceRow } from "../../../core/dataset";
import { ok } from "../../../core/result";
import {
  PublishedCheck,
  PublishedDataset,
  applyBaseChange,
  checkPublishedDataset,
  fetchWithTimeout,
  prepareBaseChange,
  prepareRollback,
  removeImport,
  rollbackTarget,
} from "../../shell/data-sync";
import { fill, h, link, makeNotice } from "../../shell/dom";
import { button } from "../../shell/fluent";
import { StringKey, formatNumber, t } from "../../shell/i18n";
import { PaneContext, Section } from "../../shell/section";
import { WorkbookStore } from "../../shell/workbook-store";
import { createImportArea } from "./import-view";
import { changelogElement, createReview } from "./review-view";
import { ORIGIN_KEYS, differsFromBundled, publisherName, sourcesByPublisher } from "./model";

/** Outside Excel nothing is saved; the pane still validates and applies changes in memory. */
const memoryWorkbook: WorkbookStore = {
  read: async () => undefined,
  write: async () => undefined,
  recalculate: async () => undefined,
};

const HISTORY_ACTION_KEYS: Record<HistoryEntry["action"], StringKey> = {
  update: "historyUpdate",
  "use bundled": "historyBundled",
  rollback: "historyRollback",
  import: "historyImport",
  remove: "historyRemove",
};

/**
 * How each bundled source was read (its note): left out of functions.js, where nothing a formula
 * returns uses it, and loaded in a chunk of its own the first time the Data section lists sources.
 * A base from a workbook or a published update carries its own notes.
 */
let bundledNotes: Promise<Record<string, string>> | undefined;
function loadBundledNotes(): Promise<Record<string, string>> {
  bundledNotes ??= import(
    /* webpackChunkName: "source-notes" */ "../../../../generated/dataset.json?source-notes"
  ).then(
    (module) => module.default,
    () => ({})
  );
  return bundledNotes;
}

/** The Data section, and the door the pane's check on open uses to review a published update. */
export interface DataSection extends Section {
  reviewPublished(published: PublishedDataset): void;
}

export function createDataSection(context: PaneContext): DataSection {
  const panel = h("section", { class: "section", "aria-labelledby": "data-heading" });
  const workbook = () => context.workbook ?? memoryWorkbook;
  const notice = makeNotice();
  const problems = h("ul", { class: "import-problems", id: "import-problems" });
  let check: PublishedCheck | undefined;
  let checking = false;
  let url = new URL("dataset.json", window.location.href).href;
  let notes: Record<string, string> = {};
  let notesAsked = false;
  // The bundled base carries no notes (see loadBundledNotes); any other base carries its own.
  const noteOf = (source: SourceRow): string | undefined => source.note || notes[source.id];

  const afterChange = (message: string) => {
    notice.success(message);
    fill(problems);
  };

  // Built once: an import in progress (its mapping, its worker) outlives re-renders of the section.
  const importArea = createImportArea({ context, workbook, notice, problems });

  const onCheck = async () => {
    checking = true;
    check = undefined;
    render();
    check = await checkPublishedDataset(url, (address) => fetchWithTimeout(address));
    checking = false;
    render();
  };

  // Built once, like the import area: a report being made outlives re-renders of the section.
  const review = createReview(context);

  /** Apply on a published update: the report first, then the user's choice. */
  const reviewUpdate = (dataset: TextDataset) => {
    notice.clear();
    const version = String(dataset.meta.version);
    review.start({
      heading: "reportHeading",
      version,
      prepare: () => prepareBaseChange({ base: dataset, baseOrigin: "published" }),
      apply: (pending, cellsChanged) => applyBaseChange(workbook(), pending, cellsChanged),
      changelog: true,
      applied: () => {
        check = undefined;
        afterChange(t("updatedTo", version));
        render();
      },
    });
  };

  const reviewBundled = () => {
    notice.clear();
    const version = String(BUNDLED_DATASET.meta.version);
    review.start({
      heading: "reportHeading",
      version,
      prepare: () => prepareBaseChange({ base: BUNDLED_DATASET, baseOrigin: "bundled" }),
      apply: (pending, cellsChanged) => applyBaseChange(workbook(), pending, cellsChanged),
      changelog: true,
      applied: () => afterChange(t("updatedTo", version)),
    });
  };

  const reviewRollback = (version: string) => {
    notice.clear();
    review.start({
      heading: "reportRollbackHeading",
      version,
      prepare: prepareRollback,
      apply: (pending, cellsChanged) => applyBaseChange(workbook(), pending, cellsChanged),
      changelog: false,
      applied: () => afterChange(t("rolledBack", version)),
    });
  };

  const render = () => {
    const state = dataState();
    if (!state) return;
    importArea.render();
    const { dataset } = state;
    const origin = t(ORIGIN_KEYS[state.baseOrigin]);
    const bundledVersion = String(BUNDLED_DATASET.meta.version);
    const sources = sourcesByPublisher(dataset);
    if (!notesAsked) {
      notesAsked = true;
      void loadBundledNotes().then((loaded) => {
        notes = loaded;
        if (Object.keys(loaded).length > 0) render();
      });
    }
    const rollback = rollbackTarget();
    review.render();
    const urlField = h<HTMLInputElement>("input", {
      type: "url",
      id: "update-url",
      class: "text-input",
      value: url,
      onchange: (event: Event) => (url = (event.target as HTMLInputElement).value.trim()),
    });

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
        h("dt", {}, t("dataOrigin")),
        h("dd", { id: "data-origin" }, origin),
        h("dt", {}, t("controlsKnownFrom")),
        h("dd", {}, isoFromDay(dataset.controlsKnownFrom)),
        h("dt", {}, t("licence")),
        h("dd", {}, dataset.meta.licence)
      ),
      // The data in use's own changelog, as =REE.DATAINFO("changes") spills it.
      changelogElement(dataset, "data-changelog"),
      context.workbook ? null : h("p", { class: "field-hint", id: "not-saved" }, t("notSaved")),
      context.workbookWarning
        ? h("p", { class: "notice notice-error", role: "alert" }, context.workbookWarning)
        : null,
      differsFromBundled(state, bundledVersion)
        ? h(
            "div",
            { class: "pinned", id: "pinned-notice", role: "status" },
            h(
              "p",
              {},
              t(
                "pinnedDiffers",
                String(dataset.meta.version),
                bundledVersion,
                String(BUNDLED_DATASET.meta.knownThrough)
              )
            ),
            button(t("useBundled", bundledVersion), reviewBundled, { id: "use-bundled" })
          )
        : null,
      h("h3", { id: "data-update-heading" }, t("updateHeading")),
      h("label", { for: "update-url", class: "field-label" }, t("updateUrl")),
      urlField,
      h(
        "div",
        { class: "actions" },
        button(checking ? t("checking") : t("checkUpdates"), () => void onCheck(), {
          id: "check-updates",
        })
      ),
      check
        ? h(
            "div",
            { id: "update-result", role: "status" },
            check.ok
              ? h(
                  "p",
                  {},
                  check.value.newer
                    ? t(
                        "updateFound",
                        check.value.version,
                        check.value.knownThrough,
                        dataset.meta.version,
                        dataset.meta.knownThrough
                      )
                    : t("updateSame", check.value.version)
                )
              : h(
                  "p",
                  { class: check.kind === "unavailable" ? "field-hint" : "notice notice-error" },
                  check.message
                ),
            check.ok && check.value.newer
              ? button(
                  t("applyUpdate", check.value.version),
                  () => check?.ok && reviewUpdate(check.value.dataset),
                  {
                    appearance: "accent",
                    id: "apply-update",
                  }
                )
              : null
          )
        : null,
      review.element,
      // What the workbook keeps of its data's past: the data to roll back to, and every change.
      h(
        "div",
        { id: "data-changes" },
        rollback
          ? h(
              "div",
              { id: "rollback", class: "rollback" },
              h("h3", { id: "rollback-heading" }, t("rollbackHeading")),
              h("p", {}, t("rollbackHint", rollback.version, rollback.knownThrough)),
              h(
                "div",
                { class: "actions" },
                button(t("rollBack", rollback.version), () => reviewRollback(rollback.version), {
                  id: "roll-back",
                })
              )
            )
          : null,
        h("h3", { id: "history-heading" }, t("dataHistoryHeading")),
        h("p", { class: "field-hint" }, t("historyHint")),
        state.history.length === 0
          ? h("p", { id: "history-none" }, t("historyNone"))
          : h(
              "ol",
              { id: "data-history", class: "history", "aria-labelledby": "history-heading" },
              // Newest first: the last change is the one a reviewer asks about.
              [...state.history].reverse().map((entry) => historyItem(entry))
            )
      ),
      h("h3", { id: "import-heading" }, t("importHeading")),
      h("p", { class: "field-hint" }, t("importHint", formatNumber(IMPORT_LIMITS.maxRows, 0))),
      importArea.element,
      notice.element,
      problems,
      h("h3", { id: "imports-heading" }, t("importsHeading")),
      state.layers.length === 0
        ? h("p", { id: "no-imports" }, t("noImports"))
        : h(
            "ul",
            { class: "imports", "aria-labelledby": "imports-heading" },
            dataset.layers.map((layer) =>
              h(
                "li",
                { "data-layer": layer.id },
                h("span", {}, t("importSummary", layer.name, layer.rows, layer.importedAt)),
                " ",
                button(
                  t("removeImport", layer.name),
                  () =>
                    void removeImport(workbook(), layer.id).then((result) =>
                      result.ok
                        ? afterChange(t("removed", layer.name))
                        : notice.error(result.message)
                    ),
                  { id: `remove-${layer.id}` }
                )
              )
            )
          ),
      h("h3", { id: "data-sources" }, t("sourcesHeading")),
      h(
        "ul",
        { class: "sources", "aria-labelledby": "data-sources" },
        sources.map((source) =>
          h(
            "li",
            { "data-source": source.id },
            dataset.userSources.has(source.id)
              ? h("span", { class: "badge" }, t("userData"))
              : null,
            h("span", { class: "source-publisher" }, publisherName(source)),
            " ",
            link(source.url, source.title),
            h(
              "span",
              { class: "source-meta" },
              ` · ${t("published", source.published)} · ${source.id}`
            ),
            noteOf(source) ? h("span", { class: "source-note" }, noteOf(source)!) : null
          )
        )
      )
    );
  };

  return {
    id: "data",
    tabKey: "tabData",
    panel,
    render,
    reviewPublished(published) {
      check = ok(published);
      render();
      reviewUpdate(published.dataset);
    },
  };
}

/** One change in the workbook's history: "2026-11-28 · update · 2026.06.1 → 2026.11.1 · 12 cells changed". */
function historyItem(entry: HistoryEntry): HTMLElement {
  const parts = [
    entry.date,
    t(HISTORY_ACTION_KEYS[entry.action]),
    entry.from === entry.to ? entry.to : `${entry.from} → ${entry.to}`,
    entry.detail,
    entry.cellsChanged === undefined
      ? undefined
      : entry.cellsChanged === 1
        ? t("historyCell")
        : t("historyCells", formatNumber(entry.cellsChanged, 0)),
  ];
  return h(
    "li",
    { "data-action": entry.action },
    parts.filter((part) => part !== undefined && part !== "").join(" · ")
  );
}
