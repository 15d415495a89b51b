import type { Dataset } from "../../../core/dataset";
import { todayDay } from "../../../core/dates";
import { Result } from "../../../core/result";
import { changesOf } from "../../../functions/answers";
import { fill, h } from "../../shell/dom";
import { FormulaSearchProgress, excelErrorMessage } from "../../shell/excel-adapter";
import { button } from "../../shell/fluent";
import { StringKey, formatNumber, formatPercent, t } from "../../shell/i18n";
import { PaneContext } from "../../shell/section";
import {
  ChangeReport,
  NotEvaluated,
  NotEvaluatedReason,
  Shown,
  ValueChange,
  referencesOf,
  reportChangesInSteps,
} from "./change-report";

/**
 * Reviewing a change of the base data before it is made: the pane reads every REE formula of
 * the workbook, evaluates each against the data in use and the data offered, and shows what
 * would move, with what changed in the data itself; then the user applies it or keeps what they
 * have. Nothing changes until **Apply these changes**.
 */

/** A change built and checked, not applied: the data in use and the data it would become. */
export interface Pending {
  current: { dataset: Dataset };
  next: { dataset: Dataset };
}

export interface ReviewRequest<P extends Pending> {
  /** The heading: what the change is ("What dataset {0} changes…"). */
  heading: Extract<StringKey, "reportHeading" | "reportRollbackHeading">;
  version: string;
  /** Builds and checks the change; a failure is shown and nothing else happens. */
  prepare(): Result<P>;
  /** Makes the change, told how many formulas' values it changes when a report says so. */
  apply(pending: P, cellsChanged: number | undefined): Promise<Result<void>>;
  /** Whether to show the data's own changelog (an update's; not a rollback's). */
  changelog: boolean;
  /** After the change was applied: the section says so. */
  applied(): void;
}

export interface Review {
  element: HTMLElement;
  start<P extends Pending>(request: ReviewRequest<P>): void;
  /** Rebuilds the shown review (a language switch). */
  render(): void;
  /** A review is on screen or being made. */
  readonly open: boolean;
}

type Stage<P extends Pending> =
  | { kind: "closed" }
  | { kind: "working"; request: ReviewRequest<P>; progress: string }
  | {
      kind: "ready";
      request: ReviewRequest<P>;
      pending: P;
      report?: ChangeReport;
      /** Why there is no report (not in Excel, Excel could not be read). */
      noReport?: string;
      applying: boolean;
      failure?: string;
    };

export function createReview(context: PaneContext): Review {
  const element = h("section", {
    id: "change-review",
    class: "change-review",
    "aria-labelledby": "report-heading",
  });
  // Set in renderStage's closure: the progress line is updated in place, not rebuilt.
  let progressLine: HTMLElement | undefined;
  let stage: Stage<Pending> = { kind: "closed" };
  /** Each review gets a number, so that a closed or replaced one drops its late results. */
  let generation = 0;

  const close = () => {
    generation += 1;
    stage = { kind: "closed" };
    renderStage();
  };

  const progress = (text: string, run: number) => {
    if (run !== generation || stage.kind !== "working") return;
    stage.progress = text;
    if (progressLine) progressLine.textContent = text;
  };

  async function build<P extends Pending>(
    request: ReviewRequest<P>,
    pending: P,
    run: number
  ): Promise<void> {
    const excel = context.excel;
    let report: ChangeReport | undefined;
    let noReport: string | undefined;
    if (!excel) noReport = t("reportNotInExcel");
    else {
      try {
        const cells = await excel.findReeFormulas((step: FormulaSearchProgress) =>
          progress(
            t(
              "reportFinding",
              step.sheetNumber,
              step.sheets,
              step.sheet,
              formatNumber(step.found, 0)
            ),
            run
          )
        );
        if (run !== generation) return;
        const today = () => todayDay();
        const references = referencesOf(cells, today);
        progress(t("reportReading", formatNumber(references.length, 0)), run);
        const read = references.length > 0 ? await excel.readReferences(references) : new Map();
        if (run !== generation) return;
        report = await reportChangesInSteps(
          cells,
          pending.current.dataset,
          pending.next.dataset,
          (key) => read.get(key),
          {
            catalogue: context.catalogue,
            today,
            onProgress: (done, total) =>
              progress(t("reportChecking", formatNumber(done, 0), formatNumber(total, 0)), run),
          }
        );
      } catch (error) {
        noReport = t("reportFailed", excelErrorMessage(error));
      }
    }
    if (run !== generation) return;
    stage = {
      kind: "ready",
      request: request as unknown as ReviewRequest<Pending>,
      pending,
      report,
      noReport,
      applying: false,
    };
    renderStage();
    focusHeading();
  }

  const focusHeading = () =>
    (element.querySelector("#report-heading") as HTMLElement | null)?.focus();

  const onApply = async () => {
    if (stage.kind !== "ready" || stage.applying) return;
    const current = stage;
    current.applying = true;
    current.failure = undefined;
    renderStage();
    const result = await current.request.apply(
      current.pending,
      current.report?.totals.cellsChanged
    );
    if (stage !== current) return;
    if (result.ok) {
      close();
      current.request.applied();
    } else {
      current.applying = false;
      current.failure = result.message;
      renderStage();
    }
  };

  const onKeep = () => {
    const version = String(context.dataset.meta.version);
    close();
    keptMessage = t("keptData", version);
    renderStage();
  };
  /** Said once after Keep, until the next review or change. */
  let keptMessage: string | undefined;

  const renderStage = () => {
    progressLine = undefined;
    if (stage.kind === "closed") {
      fill(
        element,
        keptMessage ? h("p", { class: "notice notice-success", role: "status" }, keptMessage) : null
      );
      return;
    }
    const { request } = stage;
    const heading = h(
      "h3",
      { id: "report-heading", tabindex: -1 },
      t(request.heading, request.version)
    );
    if (stage.kind === "working") {
      progressLine = h(
        "p",
        { id: "report-progress", class: "field-hint", role: "status" },
        stage.progress
      );
      fill(
        element,
        heading,
        progressLine,
        h("div", { class: "actions" }, button(t("keepData"), onKeep, { id: "keep-data" }))
      );
      return;
    }
    const { report, pending, applying, failure, noReport } = stage;
    fill(
      element,
      heading,
      noReport
        ? h("p", { id: "report-summary", class: "field-hint" }, noReport)
        : report
          ? reportElement(report)
          : null,
      request.changelog ? changelogElement(pending.next.dataset) : null,
      failure ? h("p", { class: "notice notice-error", role: "alert" }, failure) : null,
      h(
        "div",
        { class: "actions" },
        button(applying ? t("checking") : t("applyChanges"), () => void onApply(), {
          appearance: "accent",
          id: "apply-changes",
        }),
        button(t("keepData"), onKeep, { id: "keep-data" })
      )
    );
  };

  return {
    element,
    start(request) {
      generation += 1;
      const run = generation;
      keptMessage = undefined;
      const prepared = request.prepare();
      if (!prepared.ok) {
        stage = { kind: "closed" };
        fill(element, h("p", { class: "notice notice-error", role: "alert" }, prepared.message));
        return;
      }
      stage = {
        kind: "working",
        request: request as unknown as ReviewRequest<Pending>,
        progress: t("reportPreparing", request.version),
      };
      renderStage();
      element.scrollIntoView?.({ block: "nearest" });
      focusHeading();
      void build(request, prepared.value, run);
    },
    render: renderStage,
    get open() {
      return stage.kind !== "closed";
    },
  };
}

/** How a cell is named in Excel: Sheet1!B2, 'My sheet'!B2. */
export function cellName(sheet: string, address: string): string {
  const quoted = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${quoted}!${address}`;
}

function shownText(value: Shown | undefined): string {
  if (value === undefined || value === "") return "(empty)";
  if (typeof value === "number") return formatNumber(value, 4);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  return value.error;
}

function relativeText(relative: number | undefined): string | undefined {
  if (relative === undefined) return undefined;
  if (!Number.isFinite(relative)) return t("reportFromZero");
  return `${relative > 0 ? "+" : ""}${formatPercent(relative)}`;
}

function valuesText(change: ValueChange): string {
  if (change.table) {
    const { largest } = change.table;
    return `${shownText(largest.old)} → ${shownText(largest.new)}`;
  }
  return `${shownText(change.old as Shown)} → ${shownText(change.new as Shown)}`;
}

function changeItem(change: ValueChange): HTMLElement {
  const percent = relativeText(change.relative);
  const table = change.table;
  const shapeChanged =
    table && (table.rows.old !== table.rows.new || table.columns.old !== table.columns.new);
  return h(
    "li",
    { class: "report-change", "data-cell": cellName(change.sheet, change.address) },
    h(
      "div",
      { class: "report-where" },
      h("strong", { class: "report-cell" }, cellName(change.sheet, change.address)),
      percent ? h("span", { class: "report-percent" }, percent) : null
    ),
    h("code", { class: "formula" }, change.formula),
    h(
      "p",
      { class: "report-values" },
      change.whole ? null : h("span", { class: "report-part" }, t("reportPart", change.call), " "),
      table
        ? h(
            "span",
            { class: "report-part" },
            t("reportTable", formatNumber(table.differing, 0), formatNumber(table.cells, 0)),
            " "
          )
        : null,
      h("span", { class: "report-old-new" }, valuesText(change)),
      shapeChanged
        ? [
            " ",
            t(
              "reportTableShape",
              table.rows.old,
              table.columns.old,
              table.rows.new,
              table.columns.new
            ),
          ]
        : null
    )
  );
}

export function reasonText(reason: NotEvaluatedReason): string {
  switch (reason.kind) {
    case "expression":
      return t("reasonExpression", reason.argument, reason.text);
    case "unread":
      return t("reasonUnread", reason.argument, reason.reference, reason.message);
    case "range":
      return t("reasonRange", reason.argument, reason.reference);
    case "depends":
      return t("reasonDepends", reason.argument, reason.reference);
    case "partial":
      return t("reasonPartial", reason.argument, reason.reference);
    case "circular":
      return t("reasonCircular", reason.argument, reason.reference);
  }
}

function notEvaluatedItem(entry: NotEvaluated): HTMLElement {
  return h(
    "li",
    { class: "report-change", "data-cell": cellName(entry.sheet, entry.address) },
    h("strong", { class: "report-cell" }, cellName(entry.sheet, entry.address)),
    " ",
    h("code", { class: "formula" }, entry.formula),
    h("p", { class: "report-reason" }, reasonText(entry.reason))
  );
}

function reportElement(report: ChangeReport): HTMLElement {
  const { totals } = report;
  const summary =
    totals.formulas === 0
      ? t("reportNoFormulas")
      : totals.cellsChanged === 0
        ? t("reportNoChange", formatNumber(totals.formulas, 0))
        : t(
            "reportSummary",
            formatNumber(totals.cellsChanged, 0),
            formatNumber(totals.formulas, 0)
          );
  const notEvaluated = report.notEvaluated.length + report.notEvaluatedNotListed;
  return h(
    "div",
    { class: "report" },
    h(
      "p",
      { id: "report-summary" },
      summary,
      totals.cellsNotEvaluated > 0
        ? [" ", t("reportNotEvaluatedCount", formatNumber(totals.cellsNotEvaluated, 0))]
        : null
    ),
    report.changes.length > 0
      ? h(
          "ol",
          { id: "report-changes", class: "report-list", "aria-label": t("reportChangesLabel") },
          report.changes.map(changeItem)
        )
      : null,
    report.changesNotListed > 0
      ? h(
          "p",
          { id: "report-more", class: "field-hint" },
          t("reportMore", formatNumber(report.changesNotListed, 0))
        )
      : null,
    notEvaluated > 0
      ? [
          h(
            "h4",
            { id: "report-not-evaluated-heading" },
            t("reportNotEvaluatedHeading", formatNumber(notEvaluated, 0))
          ),
          h(
            "ul",
            {
              id: "report-not-evaluated",
              class: "report-list",
              "aria-labelledby": "report-not-evaluated-heading",
            },
            report.notEvaluated.map(notEvaluatedItem)
          ),
          report.notEvaluatedNotListed > 0
            ? h(
                "p",
                { class: "field-hint" },
                t("reportNotEvaluatedMore", formatNumber(report.notEvaluatedNotListed, 0))
              )
            : null,
        ]
      : null
  );
}

/**
 * What changed in the data itself, as DATAINFO("changes") spills it, folded away under a summary.
 * `id` tells the review's copy from the Data section's own (the data in use).
 */
export function changelogElement(dataset: Dataset, id = "report-changelog"): HTMLElement {
  const table = changesOf(dataset);
  const changes = dataset.changes;
  if (!table.ok || !changes)
    return h("p", { id, class: "field-hint" }, t("changelogNone", String(dataset.meta.version)));
  const [headers, ...rows] = table.value;
  return h(
    "details",
    { id, class: "chart-table" },
    h(
      "summary",
      { id: `${id}-summary` },
      t("changelogHeading", changes.from, changes.to, formatNumber(rows.length, 0))
    ),
    h(
      "div",
      {
        class: "table-scroll",
        tabindex: 0,
        role: "region",
        "aria-labelledby": `${id}-summary`,
      },
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            headers.map((header) => h("th", { scope: "col" }, header))
          )
        ),
        h(
          "tbody",
          {},
          rows.map((row) =>
            h(
              "tr",
              {},
              row.map((cell) => h("td", {}, cell))
            )
          )
        )
      )
    )
  );
}
