import { todayDay } from "../../../core/dates";
import { Children, fill, h, link, makeNotice } from "../../shell/dom";
import { button, valueOf } from "../../shell/fluent";
import { splitAddress } from "../../shell/excel-adapter";
import { t } from "../../shell/i18n";
import {
  PaneContext,
  Section,
  describeExcelFailure,
  insertAtActiveCell,
} from "../../shell/section";
import { CardView, cardForCall, cardForName } from "./card-model";
import { ReeCall, hasReeCall, parseReeCall } from "./formula-parser";
import { Explanation, explainCall, parameterNamesOf } from "./model";

/** A cell's REE call with its arguments as values: literals as written, references read from Excel. */
interface ReadCall {
  call: ReeCall;
  values: unknown[];
  notes: string[];
  /** An argument the pane cannot evaluate; the explanation then stops at the words. */
  unsupported?: string;
}

function qualify(reference: string, cellAddress: string): string {
  if (reference.includes("!")) return reference;
  const { sheet } = splitAddress(cellAddress);
  return sheet === undefined ? reference : `'${sheet.replace(/'/g, "''")}'!${reference}`;
}

function single(values: unknown[][]): unknown {
  return values.length === 1 && values[0].length === 1 ? values[0][0] : values;
}

function warningIcon(): SVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "warning-icon");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", "M8 1.5 15 14H1L8 1.5Zm-.8 4.5v4h1.6V6H7.2Zm0 5.2v1.6h1.6v-1.6H7.2Z");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("fill-rule", "evenodd");
  svg.append(path);
  return svg;
}

export function createExplainSection(context: PaneContext): Section {
  const { catalogue, excel } = context;
  const panel = h("section", { class: "section", "aria-labelledby": "explain-heading" });
  const body = h("div", { id: "explain-body", class: "explain-body", "aria-live": "polite" });
  let generation = 0;
  let last: { address: string; formula: string; read?: ReadCall } | undefined;
  let failure: string | undefined;
  // The card: of a typed name, else of the subject of the selected cell's REE call.
  const cardArea = h("div", { id: "explain-card", class: "explain-card", "aria-live": "polite" });
  const cardNotice = makeNotice();
  let typed = "";
  let cellCard: { view: CardView; address: string } | undefined;

  const readCall = async (formula: string, address: string): Promise<ReadCall | undefined> => {
    const call = parseReeCall(formula);
    if (!call) return undefined;
    const parameters = parameterNamesOf(catalogue, call.name);
    const read: ReadCall = { call, values: [], notes: [] };
    for (const [index, argument] of call.args.entries()) {
      const parameter = parameters[index] ?? `#${index + 1}`;
      if (argument.kind === "missing") read.values.push(null);
      else if (argument.kind === "value") read.values.push(argument.value);
      else if (argument.kind === "expression") {
        read.values.push(null);
        read.unsupported ??= t("explainExpression", index + 1, argument.text);
      } else {
        const qualified = qualify(argument.address, address);
        try {
          read.values.push(single(await excel!.readValues(qualified)));
          read.notes.push(t("explainFromCell", parameter, argument.address));
        } catch (error) {
          read.values.push(null);
          read.unsupported ??= t(
            "explainReadFailed",
            argument.address,
            describeExcelFailure(error, "excelReadFailed")
          );
        }
      }
    }
    return read;
  };

  const renderExplanation = (address: string, formula: string, read: ReadCall) => {
    const explanation: Explanation | undefined = read.unsupported
      ? undefined
      : explainCall(context.dataset, catalogue, read.call.name, read.values, todayDay());
    const facts = h("dl", { class: "facts" });
    const fact = (term: string, id: string, details: Children) =>
      facts.append(h("dt", {}, term), h("dd", { id }, details));
    if (explanation) {
      fact(t("explainAsks"), "explain-asks", explanation.asks);
      fact(t("explainValue"), "explain-value", explanation.value);
      if (explanation.dateUsed)
        fact(t(explanation.dateUsed.label), "explain-date", explanation.dateUsed.text);
      if (explanation.since) fact(t("explainStatusSince"), "explain-since", explanation.since);
      fact(
        explanation.sources.length > 1 ? t("sources") : t("source"),
        "explain-source",
        explanation.sources.length === 0
          ? t("explainNoSource")
          : explanation.sources.map((source, index) => [
              index > 0 ? "; " : null,
              source.url ? link(source.url, source.text) : source.text,
            ])
      );
      if (explanation.note) fact(t("note"), "explain-note", explanation.note);
    }
    fill(
      body,
      h("p", { class: "explain-cell" }, t("explainCell", address)),
      h("p", {}, h("code", { class: "formula", id: "explain-formula" }, formula)),
      read.call.count > 1
        ? h("p", { class: "field-hint" }, t("explainMore", read.call.count))
        : null,
      read.unsupported
        ? h("p", { class: "message", id: "explain-unsupported" }, read.unsupported)
        : null,
      explanation ? facts : null,
      (explanation?.warnings ?? []).map((warning) =>
        h(
          "p",
          { class: "warning", "data-kind": "warning" },
          warningIcon(),
          h("strong", {}, `${t("explainWarning")}: `),
          warning
        )
      ),
      read.notes.map((note) => h("p", { class: "field-hint" }, note))
    );
  };

  const renderCard = () => {
    const today = todayDay();
    let view: CardView | undefined;
    let status: string;
    if (typed.trim() !== "") {
      view = cardForName(context.dataset, typed, today);
      status = view ? t("cardTyped", view.card.text) : t("cardNone", typed.trim());
    } else {
      // The last cell whose formula named a subject: selecting an empty target cell to insert
      // into keeps the card.
      const read = failure ? undefined : last?.read;
      const fromCell =
        read && !read.unsupported
          ? cardForCall(
              context.dataset,
              parameterNamesOf(catalogue, read.call.name),
              read.values,
              today
            )
          : undefined;
      if (fromCell && last) cellCard = { view: fromCell, address: last.address };
      view = cellCard?.view;
      status = cellCard
        ? t("cardFromCell", cellCard.view.card.text, cellCard.address)
        : t("cardEmpty");
    }
    if (!view) {
      fill(cardArea, h("p", { class: "field-hint", id: "card-status" }, status));
      return;
    }
    const shown = view;
    const facts = h("dl", { class: "facts", id: "card-facts" });
    for (const fact of shown.facts)
      facts.append(
        h("dt", {}, fact.term),
        h(
          "dd",
          {},
          fact.value,
          fact.detail ? h("span", { class: "field-hint card-detail" }, ` (${fact.detail})`) : null
        )
      );
    const example = shown.facts.find((fact) => fact.term.includes(" "))?.term ?? "Name";
    fill(
      cardArea,
      h("p", { class: "card-status", id: "card-status" }, status),
      h("p", { class: "field-hint" }, t("cardFacts", shown.card.text, example)),
      facts,
      h(
        "p",
        { class: "formula-line" },
        h("span", { class: "field-label" }, `${t("formulaPreview")}: `),
        h("code", { class: "formula", id: "card-formula" }, shown.formula)
      ),
      h(
        "div",
        { class: "actions" },
        button(
          t("insertCard"),
          () => void insertAtActiveCell(context, [[shown.formula]], cardNotice),
          { id: "insert-card" }
        )
      ),
      cardNotice.element
    );
  };

  const cardSearch = h(
    "fluent-text-field",
    {
      id: "card-search",
      placeholder: t("cardSearchHint"),
      autocomplete: "off",
      oninput: (event) => {
        typed = valueOf(event.currentTarget as Element);
        cardNotice.clear();
        renderCard();
      },
    },
    t("cardSearch")
  );

  const renderQuiet = (message?: string) =>
    fill(
      body,
      message ? h("p", { class: "explain-cell" }, message) : null,
      h(
        "p",
        { class: "field-hint", id: "explain-hint" },
        excel ? t("explainHint") : t("explainNoExcel")
      )
    );

  const showCell = () => {
    if (failure) {
      fill(body, h("p", { class: "notice notice-error", role: "alert" }, failure));
      return;
    }
    if (!last) return renderQuiet();
    if (!last.read) return renderQuiet(t("explainNoRee", last.address));
    renderExplanation(last.address, last.formula, last.read);
  };
  const show = () => {
    showCell();
    renderCard();
  };

  /** Reads the active cell; a newer selection wins over a slower older one. */
  const refresh = async () => {
    if (!excel) return show();
    const mine = ++generation;
    try {
      const cell = await excel.getActiveCell();
      const read = hasReeCall(cell.formula)
        ? await readCall(cell.formula, cell.address)
        : undefined;
      if (mine !== generation) return;
      failure = undefined;
      last = { address: cell.address, formula: cell.formula, read };
    } catch (error) {
      if (mine !== generation) return;
      failure = describeExcelFailure(error, "excelReadFailed");
    }
    show();
  };

  const render = () => {
    fill(
      panel,
      h("h2", { id: "explain-heading" }, t("explainHeading")),
      body,
      h("h3", { id: "card-heading" }, t("cardHeading")),
      cardSearch,
      cardArea
    );
    cardSearch.setAttribute("placeholder", t("cardSearchHint"));
    fill(cardSearch, t("cardSearch"));
    (cardSearch as HTMLElement & { value: string }).value = typed;
    cardNotice.clear();
    show();
  };

  if (excel) {
    excel
      .onSelectionChanged(() => void refresh())
      .catch((error) => {
        failure = describeExcelFailure(error, "excelReadFailed");
        show();
      });
    void refresh();
  }

  return { id: "explain", tabKey: "tabExplain", panel, render, shown: () => void refresh() };
}
