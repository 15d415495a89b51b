import { todayDay } from "../../../core/dates";
import { streamDelimited } from "../../../core/import/delimited";
import { guessMapping, layoutSignature, mappingProblems } from "../../../core/import/layout";
import { ObservationReader } from "../../../core/import/reader";
import {
  Cell,
  ColumnRole,
  DateOrder,
  Mapping,
  ReadOutcome,
  WideMapping,
} from "../../../core/import/types";
import { IMPORT_LIMITS, mappingVocabulary } from "../../../core/imports";
import { problemsOf } from "../../../core/result";
import { ReadProgress, ReadSource } from "../../import/read-job";
import { RunningRead, startRead } from "../../import/client";
import { importFile, importObservations } from "../../shell/data-sync";
import { Children, Notice, fill, h } from "../../shell/dom";
import { button, select } from "../../shell/fluent";
import { StringKey, formatNumber, t } from "../../shell/i18n";
import { PaneContext, describeExcelFailure } from "../../shell/section";
import { WorkbookStore } from "../../shell/workbook-store";
import {
  COLUMN_ROLES,
  CONSTANT_KEYS,
  ConstantKey,
  DATE_ORDERS,
  KeyValueStore,
  LayoutMemory,
  ROLE_KEYS,
  RememberedLayout,
  SERIES_FIELDS,
  SeriesField,
  columnHeadings,
  firstRowOf,
  outcomeProblems,
  previewRows,
  readJsonContent,
  sampleValues,
  seriesOf,
  widthOf,
  withConstant,
  withDateColumn,
  withDateOrder,
  withDecimalComma,
  withRole,
  withSeries,
  withShape,
} from "./import-model";

/**
 * Importing a vendor's table: choose a file or take Excel's selection, check and correct the
 * guessed mapping against a preview of the first rows as they will be read, then read the whole
 * table in the import worker with a progress bar and a Cancel button. Nothing changes in the data
 * until the reading is done and the resolver has accepted every row.
 */

/** Rows the mapping step guesses from and previews. */
const PREVIEW_ROWS = 50;
/** Enough of a file for its first rows, however wide they are. */
const PREVIEW_BYTES = 256 * 1024;
const PREVIEW_SHOWN = 8;
const PREVIEW_PROBLEMS = 10;

/** What is being imported: a file (read in slices later) or rows already in memory (a range, a JSON table). */
interface ImportInput {
  name: string;
  /** The first rows (a file), or all of them (rows). */
  rows: Cell[][];
  /** A file's line of each of those rows (blank lines and quoted line breaks make them differ). */
  lines?: number[];
  source: ReadSource;
}

interface Draft {
  input: ImportInput;
  guessed: Mapping;
  mapping: Mapping;
  signature: string;
  remembered?: RememberedLayout;
}

type Step =
  | { kind: "idle" }
  | { kind: "mapping"; draft: Draft }
  | { kind: "reading"; draft: Draft; run: RunningRead; progress?: ReadProgress }
  | { kind: "applying"; draft: Draft };

export interface ImportArea {
  element: HTMLElement;
  /** Rebuilds the area in the current language, keeping the step the user is at. */
  render(): void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function browserStorage(): KeyValueStore | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * A file's first rows with their lines, from a sample of its start. A sample cut short may end
 * in half a row, which is left out.
 */
function previewOfText(sample: string, cut: boolean) {
  const rows: string[][] = [];
  const lines: number[] = [];
  const { delimiter } = streamDelimited(sample, (batch, firstLine) => {
    for (let index = 0; index < batch.length && rows.length <= PREVIEW_ROWS; index++) {
      rows.push(batch[index]);
      lines.push(firstLine + index);
    }
    return rows.length <= PREVIEW_ROWS;
  });
  const keep = Math.min(PREVIEW_ROWS, cut ? rows.length - 1 : rows.length);
  return { rows: rows.slice(0, keep), lines: lines.slice(0, keep), delimiter };
}

export function createImportArea(options: {
  context: PaneContext;
  workbook: () => WorkbookStore;
  notice: Notice;
  problems: HTMLElement;
}): ImportArea {
  const { context, notice, problems } = options;
  const memory = new LayoutMemory(browserStorage());
  const element = h("div", { class: "import-area", id: "import-area" });
  const stepArea = h("div", { class: "import-step", id: "import-step" });
  let step: Step = { kind: "idle" };

  const showProblems = (list: readonly string[]) =>
    fill(
      problems,
      list.map((problem) => h("li", {}, problem))
    );
  const clearMessages = () => {
    notice.clear();
    fill(problems);
  };

  // Preparing: a file or the selection becomes a draft mapping --------------------------------

  const prepare = (input: ImportInput) => {
    // One import at a time: the file and selection controls are off while one is read or applied.
    if (step.kind === "reading" || step.kind === "applying") return;
    const rows = input.rows.slice(0, PREVIEW_ROWS);
    const guessed = guessMapping(rows, mappingVocabulary(context.dataset));
    const signature = layoutSignature(rows, guessed.headerRow);
    const remembered = memory.recall(signature);
    step = {
      kind: "mapping",
      draft: { input, guessed, mapping: remembered?.mapping ?? guessed, signature, remembered },
    };
    renderStep();
  };

  const onFile = async (field: HTMLInputElement) => {
    const file = field.files?.[0];
    field.value = "";
    if (!file) return;
    clearMessages();
    if (file.size === 0) {
      notice.error(t("fileEmpty", file.name));
      return;
    }
    if (file.size > IMPORT_LIMITS.maxBytes) {
      notice.error(
        t(
          "fileTooLarge",
          file.name,
          formatNumber(file.size / 1_000_000, 0),
          formatNumber(IMPORT_LIMITS.maxBytes / 1_000_000, 0)
        )
      );
      return;
    }
    if (/\.json$/i.test(file.name.trim())) {
      const text = await file.text();
      const content = readJsonContent(text, file.name, IMPORT_LIMITS.maxProblems);
      if (content.kind === "dataset") {
        // The dataset's own form needs no mapping: the importer reads its tables as they are.
        step = { kind: "idle" };
        renderStep();
        const result = await importFile(options.workbook(), text, file.name);
        if (result.ok) notice.success(t("imported", result.value));
        else {
          notice.error(t("importRejected", file.name));
          showProblems(problemsOf(result));
        }
      } else if (content.kind === "table") {
        prepare({
          name: file.name,
          rows: content.rows,
          source: { kind: "rows", rows: content.rows, firstRow: content.firstRow },
        });
      } else {
        notice.error(t("importRejected", file.name));
        showProblems(content.problems);
      }
      return;
    }
    const sample = await file.slice(0, PREVIEW_BYTES).text();
    const preview = previewOfText(sample, file.size > PREVIEW_BYTES);
    prepare({
      name: file.name,
      rows: preview.rows,
      lines: preview.lines,
      source: { kind: "file", file, delimiter: preview.delimiter },
    });
  };

  const onSelection = async () => {
    clearMessages();
    const excel = context.excel;
    if (!excel) {
      notice.error(t("needsExcel"));
      return;
    }
    try {
      const selection = await excel.readSelection();
      if (!selection || selection.values.length === 0) {
        notice.error(t("selectionEmpty"));
        return;
      }
      const rows = selection.values as Cell[][];
      prepare({
        name: selection.address,
        rows,
        source: { kind: "rows", rows, firstRow: firstRowOf(selection.address) },
      });
    } catch (error) {
      notice.error(describeExcelFailure(error, "excelReadFailed"));
    }
  };

  // The mapping step ---------------------------------------------------------------------------

  const checks = h("div", { class: "mapping-checks" });
  /**
   * What stops the import, said as the mapping changes: a live region made once, so that a
   * screen reader hears each change (a region added with its text is not announced).
   */
  const blockers = h("div", { class: "mapping-blockers", role: "status" });
  let importButton: HTMLElement | undefined;

  /** The preview as READ: the first rows through the reader, exactly as the import will read them. */
  const previewOutcome = (draft: Draft): ReadOutcome => {
    const { input, mapping } = draft;
    const rows = input.rows.slice(0, PREVIEW_ROWS);
    const reader = new ObservationReader(mapping, {
      today: todayDay(),
      maxProblems: PREVIEW_PROBLEMS,
      lineLabel: input.source.kind === "file" ? "Line" : "Row",
      headers: rows[mapping.headerRow],
    });
    const first = Math.min(rows.length, mapping.headerRow + 1);
    const { source, lines } = input;
    if (source.kind === "rows") reader.push(rows.slice(first), source.firstRow + first);
    // A file's rows each with its own line, as the whole import will number them.
    else
      for (let index = first; index < rows.length; index++)
        reader.push([rows[index]], lines?.[index] ?? index + 1);
    return reader.finish();
  };

  const renderChecks = () => {
    if (step.kind !== "mapping") return;
    const { draft } = step;
    const rows = draft.input.rows.slice(0, PREVIEW_ROWS);
    const blocking = mappingProblems(draft.mapping, widthOf(rows), rows[draft.mapping.headerRow]);
    importButton?.toggleAttribute("disabled", blocking.length > 0);
    fill(
      blockers,
      blocking.length > 0
        ? [
            h("p", { class: "field-label" }, t("mappingProblemsHeading")),
            h(
              "ul",
              { class: "mapping-problems", id: "mapping-problems" },
              blocking.map((problem) => h("li", {}, problem))
            ),
          ]
        : null
    );
    if (blocking.length > 0) {
      fill(checks);
      return;
    }
    const outcome = previewOutcome(draft);
    const shown = previewRows(outcome.observations, PREVIEW_SHOWN);
    const lineKey: StringKey = draft.input.source.kind === "file" ? "previewLine" : "previewRow";
    const headings = [
      t(lineKey),
      t("roleProduct"),
      t("roleMarket"),
      t("roleDate"),
      t("roleLow"),
      t("roleHigh"),
      t("roleUnit"),
      t("roleSource"),
    ];
    fill(
      checks,
      h("h4", { id: "import-preview-heading" }, t("previewHeading")),
      shown.length === 0
        ? h("p", { class: "field-hint", id: "import-preview-empty" }, t("previewEmpty"))
        : h(
            "div",
            {
              class: "table-scroll",
              tabindex: 0,
              role: "region",
              "aria-labelledby": "import-preview-heading",
            },
            h(
              "table",
              { id: "import-preview" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  headings.map((text) => h("th", { scope: "col" }, text))
                )
              ),
              h(
                "tbody",
                {},
                shown.map((row) =>
                  h(
                    "tr",
                    {},
                    h("td", { class: "number" }, row.line),
                    h("td", {}, row.product),
                    h("td", {}, row.market),
                    h("td", {}, row.date),
                    h("td", { class: "number" }, row.low),
                    h("td", { class: "number" }, row.high),
                    h("td", {}, row.unit),
                    h("td", {}, row.source)
                  )
                )
              )
            )
          ),
      outcome.problems.length > 0
        ? [
            h("p", { class: "field-label" }, t("previewProblems")),
            h(
              "ul",
              { class: "import-problems", id: "preview-problems" },
              outcomeProblems(outcome).map((problem) => h("li", {}, problem))
            ),
          ]
        : null
    );
  };

  /**
   * Changes the draft's mapping; `rebuild` when the controls themselves change (shape, date
   * column, a series left out). A control of an earlier draft changes nothing: a text field
   * still reports its change when it loses focus as a new file's step replaces it.
   */
  const change = (
    draft: Draft,
    update: (mapping: Mapping) => Mapping | undefined,
    rebuild = false
  ) => {
    if (step.kind !== "mapping" || step.draft !== draft) return;
    const next = update(draft.mapping);
    if (!next) return;
    draft.mapping = next;
    if (rebuild) renderStep();
    else renderChecks();
  };

  const textField = (
    id: string,
    label: string,
    value: string,
    onChange: (value: string) => void,
    hint?: string
  ) =>
    h(
      "div",
      { class: "field" },
      h("label", { for: id, class: "field-label" }, label),
      h("input", {
        id,
        type: "text",
        class: "text-input",
        value,
        "aria-describedby": hint ? `${id}-hint` : undefined,
        onchange: (event) => onChange((event.currentTarget as HTMLInputElement).value),
      }),
      hint ? h("span", { id: `${id}-hint`, class: "field-hint" }, hint) : null
    );

  const sampleHint = (sample: string) =>
    sample ? h("span", { class: "field-hint" }, t("columnSample", sample)) : null;

  const longControls = (draft: Draft, headings: string[], samples: string[]): Children => {
    const mapping = draft.mapping;
    if (mapping.shape !== "long") return null;
    return [
      h("h4", { id: "columns-heading" }, t("columnsHeading")),
      h(
        "ul",
        { class: "mapping-columns", "aria-labelledby": "columns-heading" },
        headings.map((heading, column) =>
          h(
            "li",
            { class: "mapping-column", "data-column": column },
            select(
              heading,
              COLUMN_ROLES.map((role) => ({ value: role, text: t(ROLE_KEYS[role]) })),
              mapping.columns[column] ?? "ignore",
              (role) =>
                change(draft, (current) =>
                  current.shape === "long"
                    ? withRole(current, column, role as ColumnRole)
                    : undefined
                ),
              `role-${column}`
            ),
            sampleHint(samples[column])
          )
        )
      ),
    ];
  };

  const wideControls = (draft: Draft, headings: string[], samples: string[]): Children => {
    const mapping = draft.mapping;
    if (mapping.shape !== "wide") return null;
    const changeWide = (update: (mapping: WideMapping) => Mapping, rebuild = false) =>
      change(draft, (current) => (current.shape === "wide" ? update(current) : undefined), rebuild);
    const fieldChoices = [
      ...SERIES_FIELDS.map((field) => ({ value: field, text: t(ROLE_KEYS[field]) })),
      { value: "ignore", text: t("roleIgnore") },
    ];
    return [
      select(
        t("dateColumn"),
        headings.map((heading, column) => ({ value: String(column), text: heading })),
        String(mapping.dateColumn),
        (value) => changeWide((current) => withDateColumn(current, Number(value)), true),
        "date-column"
      ),
      h("h4", {}, t("seriesHeading")),
      headings.map((heading, column) => {
        if (column === mapping.dateColumn) return null;
        const series = seriesOf(mapping, column);
        const edit = (key: "product" | "market" | "unit") => (value: string) =>
          changeWide((current) => withSeries(current, column, heading, { [key]: value }));
        return h(
          "fieldset",
          { class: "mapping-column", "data-column": column },
          h("legend", {}, heading),
          select(
            t("seriesGives"),
            fieldChoices,
            series?.field ?? "ignore",
            (value) =>
              changeWide(
                (current) =>
                  withSeries(
                    current,
                    column,
                    heading,
                    value === "ignore" ? "ignore" : { field: value as SeriesField }
                  ),
                true
              ),
            `series-field-${column}`
          ),
          sampleHint(samples[column]),
          series
            ? h(
                "div",
                { class: "field-row" },
                textField(
                  `series-product-${column}`,
                  t("roleProduct"),
                  series.product,
                  edit("product")
                ),
                textField(
                  `series-market-${column}`,
                  t("roleMarket"),
                  series.market ?? "",
                  edit("market")
                ),
                textField(`series-unit-${column}`, t("roleUnit"), series.unit ?? "", edit("unit"))
              )
            : null
        );
      }),
    ];
  };

  const CONSTANT_LABELS: Record<ConstantKey, StringKey> = {
    product: "constantProduct",
    market: "constantMarket",
    unit: "constantUnit",
    currency: "constantCurrency",
    source: "constantSource",
  };
  const DATE_ORDER_KEYS: Record<DateOrder, StringKey> = {
    ymd: "dateOrderYmd",
    dmy: "dateOrderDmy",
    mdy: "dateOrderMdy",
  };

  const mappingStep = (draft: Draft): Children => {
    const rows = draft.input.rows.slice(0, PREVIEW_ROWS);
    const headings = columnHeadings(rows, draft.mapping.headerRow);
    const samples = sampleValues(rows, draft.mapping.headerRow);
    const mapping = draft.mapping;
    importButton = button(t("startImport"), () => reported(onImport()), {
      appearance: "accent",
      id: "start-import",
    });
    return [
      h("h4", { id: "mapping-heading" }, t("mappingHeading", draft.input.name)),
      draft.remembered
        ? h(
            "div",
            { class: "remembered", id: "layout-remembered", role: "status" },
            h("p", {}, t("mappingRemembered", draft.remembered.name, draft.remembered.savedOn)),
            button(
              t("forgetLayout"),
              () => {
                if (step.kind !== "mapping" || step.draft !== draft) return;
                memory.forget(draft.signature);
                draft.remembered = undefined;
                draft.mapping = draft.guessed;
                notice.success(t("layoutForgotten"));
                renderStep();
              },
              { id: "forget-layout" }
            )
          )
        : h("p", { class: "field-hint" }, t("mappingHint")),
      select(
        t("shape"),
        [
          { value: "long", text: t("shapeLong") },
          { value: "wide", text: t("shapeWide") },
        ],
        mapping.shape,
        (shape) =>
          change(
            draft,
            (current) => withShape(current, shape as Mapping["shape"], headings, draft.guessed),
            true
          ),
        "import-shape"
      ),
      longControls(draft, headings, samples),
      wideControls(draft, headings, samples),
      h("h4", {}, t("constantsHeading")),
      CONSTANT_KEYS.map((key) =>
        textField(
          `constant-${key}`,
          t(CONSTANT_LABELS[key]),
          mapping.constants[key] ?? "",
          (value) => change(draft, (current) => withConstant(current, key, value)),
          key === "source" ? t("constantSourceHint") : undefined
        )
      ),
      select(
        t("dateOrder"),
        [
          { value: "", text: t("dateOrderGuess") },
          ...DATE_ORDERS.map((order) => ({ value: order, text: t(DATE_ORDER_KEYS[order]) })),
        ],
        mapping.dateOrder ?? "",
        (value) =>
          change(draft, (current) =>
            withDateOrder(current, (value || undefined) as DateOrder | undefined)
          ),
        "date-order"
      ),
      h(
        "div",
        { class: "field field-inline" },
        h("input", {
          id: "decimal-comma",
          type: "checkbox",
          checked: mapping.decimalComma === true,
          onchange: (event) => {
            const checked = (event.currentTarget as HTMLInputElement).checked;
            change(draft, (current) => withDecimalComma(current, checked));
          },
        }),
        h("label", { for: "decimal-comma" }, t("decimalComma"))
      ),
      blockers,
      checks,
      h(
        "div",
        { class: "actions" },
        importButton,
        button(
          t("discardImport"),
          () => {
            step = { kind: "idle" };
            renderStep();
          },
          { id: "discard-import" }
        )
      ),
    ];
  };

  // Reading and applying --------------------------------------------------------------------------

  const progressBar = h<HTMLProgressElement>("progress", {
    id: "import-progress",
    "aria-labelledby": "import-progress-text",
  });
  const progressText = h("p", { id: "import-progress-text", role: "status" });

  const showProgress = (name: string, progress: ReadProgress | undefined) => {
    if (!progress) {
      progressBar.removeAttribute("value");
      progressText.textContent = t("readingFile", name);
      return;
    }
    progressBar.max = Math.max(1, progress.total);
    progressBar.value = progress.done;
    const of =
      progress.unit === "bytes"
        ? t(
            "progressBytes",
            formatNumber(progress.done / 1_000_000, 1),
            formatNumber(progress.total / 1_000_000, 1)
          )
        : t("progressOfRows", formatNumber(progress.done, 0), formatNumber(progress.total, 0));
    progressText.textContent = `${t("readingFile", name)} ${t("progressRows", formatNumber(progress.rows, 0))} · ${of}`;
  };

  const onImport = async () => {
    if (step.kind !== "mapping") return;
    const draft = step.draft;
    const width = widthOf(draft.input.rows.slice(0, PREVIEW_ROWS));
    if (mappingProblems(draft.mapping, width).length > 0) return;
    clearMessages();
    const today = todayDay();
    const run = startRead(
      {
        source: draft.input.source,
        mapping: draft.mapping,
        today,
        // The reader stops only past the whole budget: the resolver then says how the new rows
        // and those already imported add up, in the same words as data:check.
        maxRows: IMPORT_LIMITS.maxRows,
        maxProblems: IMPORT_LIMITS.maxProblems,
      },
      (progress) => {
        if (step.kind !== "reading" || step.run !== run) return;
        step.progress = progress;
        showProgress(draft.input.name, progress);
      }
    );
    step = { kind: "reading", draft, run };
    renderStep();
    const result = await run.result;
    if (step.kind !== "reading" || step.run !== run) return;
    if (result.kind === "cancelled") {
      step = { kind: "mapping", draft };
      renderStep();
      notice.success(t("importCancelled", draft.input.name));
      return;
    }
    if (result.kind === "failed") {
      step = { kind: "mapping", draft };
      renderStep();
      notice.error(t("importStopped", draft.input.name, result.message));
      return;
    }
    const { outcome } = result;
    if (outcome.problems.length > 0) {
      step = { kind: "mapping", draft };
      renderStep();
      notice.error(t("importRejected", draft.input.name));
      showProblems(outcomeProblems(outcome));
      return;
    }
    if (outcome.observations.count === 0) {
      step = { kind: "mapping", draft };
      renderStep();
      notice.error(t("importNothing", draft.input.name));
      return;
    }
    step = { kind: "applying", draft };
    renderStep();
    let applied: Awaited<ReturnType<typeof importObservations>>;
    try {
      // Checking names runs on this thread: first let the pane show that it is doing so.
      await new Promise((resolve) => setTimeout(resolve, 0));
      applied = await importObservations(
        options.workbook(),
        outcome.observations,
        draft.input.name,
        today,
        draft.input.source.kind === "file" ? "Line" : "Row"
      );
    } catch (error) {
      step = { kind: "mapping", draft };
      renderStep();
      notice.error(t("importStopped", draft.input.name, messageOf(error)));
      return;
    }
    if (applied.ok) {
      memory.remember(draft.signature, {
        mapping: draft.mapping,
        name: draft.remembered?.name ?? draft.input.name,
        savedOn: draft.remembered?.savedOn ?? new Date().toISOString().slice(0, 10),
      });
      step = { kind: "idle" };
      renderStep();
      notice.success(t("imported", applied.value));
    } else {
      step = { kind: "mapping", draft };
      renderStep();
      notice.error(t("importRejected", draft.input.name));
      showProblems(problemsOf(applied));
    }
  };

  // Rendering ------------------------------------------------------------------------------------

  function renderStep(): void {
    importButton = undefined;
    const busy = step.kind === "reading" || step.kind === "applying";
    for (const control of sourceControls) control.toggleAttribute("disabled", busy);
    if (step.kind === "idle") fill(stepArea);
    else if (step.kind === "mapping") {
      fill(stepArea, mappingStep(step.draft));
      renderChecks();
    } else if (step.kind === "reading") {
      const run = step.run;
      showProgress(step.draft.input.name, step.progress);
      fill(
        stepArea,
        h("div", { class: "import-progress" }, progressBar, progressText),
        h(
          "div",
          { class: "actions" },
          button(t("cancelImport"), () => run.cancel(), { id: "cancel-import" })
        )
      );
    } else {
      progressBar.removeAttribute("value");
      progressText.textContent = t("applyingImport");
      fill(stepArea, h("div", { class: "import-progress" }, progressBar, progressText));
    }
  }

  /** An unexpected failure (a file that cannot be read any more, say) ends as a message, never as an exception. */
  const reported = (action: Promise<void>) =>
    void action.catch((error: unknown) => {
      if (step.kind !== "mapping" && step.kind !== "idle") step = { kind: "idle" };
      renderStep();
      notice.error(t("importFailed", messageOf(error)));
    });

  /** Where an import starts: off while one is being read or applied. */
  let sourceControls: HTMLElement[] = [];

  const render = () => {
    const fileInput = h<HTMLInputElement>("input", {
      type: "file",
      id: "import-file",
      accept: ".csv,.tsv,.txt,.json,text/csv,text/tab-separated-values,text/plain,application/json",
      onchange: (event: Event) => reported(onFile(event.target as HTMLInputElement)),
    });
    const selectionButton = button(t("importSelection"), () => reported(onSelection()), {
      id: "import-selection",
    });
    sourceControls = [fileInput, selectionButton];
    fill(
      element,
      h("label", { for: "import-file", class: "field-label" }, t("importFile")),
      fileInput,
      h("p", { class: "field-hint" }, t("importSelectionHint")),
      h("div", { class: "actions" }, selectionButton),
      stepArea
    );
    renderStep();
  };

  return { element, render };
}
