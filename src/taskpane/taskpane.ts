import { makeCatalogue } from "../functions/catalogue";
import { activeDataset, dataState, onDataChange } from "../functions/store";
import { PublishedDataset, fetchWithTimeout, openWorkbookData } from "./shell/data-sync";
import { isNewer } from "../core/versions";
import { CheckStorage, quietUpdateCheck } from "./shell/update-check";
import { WorkbookStore, officeWorkbook } from "./shell/workbook-store";
import { PaneContext, Section } from "./shell/section";
import { createControlsSection } from "./sections/controls/view";
import { createDataSection } from "./sections/data/view";
import { fill, h } from "./shell/dom";
import { ExcelAdapter, officeExcel } from "./shell/excel-adapter";
import { createExplainSection } from "./sections/explain/view";
import { registerFluent } from "./shell/fluent";
import { Language, language, languageOf, onLanguageChange, setLanguage, t } from "./shell/i18n";
import { createPricesSection } from "./sections/prices/view";
import { createSharesSection } from "./sections/shares/view";

const LANGUAGE_KEY = "ree-pane-language";
export const INTERACTIVE_MARK = "ree-pane-interactive";

function displayLanguage(): string | undefined {
  try {
    return Office.context?.displayLanguage;
  } catch {
    return undefined;
  }
}

function storedLanguage(): Language | undefined {
  try {
    const stored = window.localStorage.getItem(LANGUAGE_KEY);
    return stored === "en" || stored === "zh" ? stored : undefined;
  } catch {
    return undefined;
  }
}

function storeLanguage(next: Language): void {
  try {
    window.localStorage.setItem(LANGUAGE_KEY, next);
  } catch {
    // Storage can be off in Office's webviews; the switch still works for this session.
  }
}

/** localStorage, or none where Office's webview refuses it (reading the property itself can throw). */
function storage(): CheckStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const rendered = new Set<Section>();

/** The tabs: one per section, keyboard-navigable (arrow keys) as Fluent's tabs are. */
function buildTabs(sections: Section[]): { element: HTMLElement; relabel(): void } {
  const tabs = sections.map((section) =>
    h("fluent-tab", { id: `tab-${section.id}` }, t(section.tabKey))
  );
  const element = h(
    "fluent-tabs",
    { id: "section-tabs", activeid: `tab-${sections[0].id}` },
    tabs,
    sections.map((section) => h("fluent-tab-panel", { id: `panel-${section.id}` }, section.panel))
  );
  element.addEventListener("change", (event) => {
    if (event.target !== element) return;
    const active = (element as HTMLElement & { activeid?: string }).activeid;
    const section = sections.find((candidate) => `tab-${candidate.id}` === active);
    if (!section) return;
    if (!rendered.has(section)) {
      rendered.add(section);
      section.render();
    }
    section.shown?.();
  });
  return {
    element,
    relabel: () => sections.forEach((section, index) => fill(tabs[index], t(section.tabKey))),
  };
}

/** Renders the pane once Office is ready; outside Office (a plain browser) Office.onReady still resolves. */
export async function start(): Promise<void> {
  registerFluent();
  const info = await Office.onReady();
  const status = document.getElementById("status")!;
  const app = document.getElementById("app")!;
  const title = document.getElementById("pane-title")!;
  const hostNote = document.getElementById("host-note")!;
  const dataset = activeDataset();

  // Tests hand in a stand-in for Excel; in Excel the real adapter; in a plain browser none.
  const fake = window.__REE_FAKE_EXCEL__;
  const inExcel = info.host === Office.HostType.Excel;
  const excel: ExcelAdapter | undefined = fake ?? (inExcel ? officeExcel : undefined);
  const workbook: WorkbookStore | undefined = fake
    ? fake.workbook
    : inExcel
      ? officeWorkbook
      : undefined;
  setLanguage(storedLanguage() ?? languageOf(displayLanguage()));

  const switcher = h("fluent-button", {
    id: "language-switch",
    appearance: "outline",
    onclick: () => {
      const next: Language = language() === "en" ? "zh" : "en";
      storeLanguage(next);
      setLanguage(next);
    },
  });
  document.getElementById("language-slot")!.append(switcher);

  const readyText = () => {
    const state = dataState();
    return state
      ? t("ready", state.dataset.meta.version, state.dataset.meta.knownThrough)
      : t("datasetFailed", dataset.ok ? "" : dataset.message);
  };
  const labelStatics = () => {
    title.textContent = t("title");
    document.title = t("title");
    fill(switcher, h("span", { lang: language() === "en" ? "zh-CN" : "en" }, t("languageSwitch")));
    status.textContent = readyText();
    hostNote.textContent = t("noExcel");
    hostNote.hidden = excel !== undefined;
  };

  if (dataset.ok) {
    const context: PaneContext = {
      get dataset() {
        return dataState()!.dataset;
      },
      catalogue: makeCatalogue(),
      excel,
      workbook,
    };
    const dataSection = createDataSection(context);
    const sections = [
      createPricesSection(context),
      createSharesSection(context),
      createControlsSection(context),
      createExplainSection(context),
      dataSection,
    ];
    const tabs = buildTabs(sections);
    document.getElementById("sections")!.append(tabs.element);
    // The first section renders now; the others when first shown, so the pane is usable sooner.
    sections[0].render();
    rendered.add(sections[0]);
    onLanguageChange(() => {
      labelStatics();
      tabs.relabel();
      for (const section of rendered) section.render();
    });
    onDataChange(() => {
      status.textContent = readyText();
      for (const section of rendered) section.render();
    });
    // A newer published dataset, told by a notice that never applies anything: its link opens
    // the Data section's review of what the update changes in this workbook.
    let offered: PublishedDataset | undefined;
    const notice = h("div", { id: "update-notice", class: "update-notice", role: "status" });
    notice.hidden = true;
    status.after(notice);
    const renderNotice = () => {
      const state = dataState();
      if (offered && state && !isNewer(offered.version, String(state.base.meta.version)))
        offered = undefined;
      notice.hidden = offered === undefined;
      if (!offered) return fill(notice);
      const published = offered;
      fill(
        notice,
        h("span", {}, t("updateNotice", published.version), " "),
        h(
          "fluent-button",
          {
            id: "update-notice-review",
            appearance: "outline",
            onclick: () => {
              offered = undefined;
              renderNotice();
              document.getElementById("tab-data")?.click();
              dataSection.reviewPublished(published);
            },
          },
          t("updateNoticeReview")
        ),
        " ",
        h(
          "fluent-button",
          {
            id: "update-notice-dismiss",
            appearance: "stealth",
            onclick: () => {
              offered = undefined;
              renderNotice();
            },
          },
          t("updateNoticeDismiss")
        )
      );
    };
    onLanguageChange(renderNotice);
    onDataChange(renderNotice);

    // The workbook's own data (or pinning the data in use to it) follows the first render, so
    // the pane is usable at once; the functions answer from the bundled data meanwhile. The
    // check for a published update comes after it, in the background, and only in a workbook.
    if (workbook) {
      void openWorkbookData(workbook)
        .then((opened) => {
          context.workbookWarning = opened.warning;
          if (opened.warning) for (const section of rendered) section.render();
        })
        .then(() =>
          quietUpdateCheck({
            url: new URL("dataset.json", window.location.href).href,
            fetchText: (url) => fetchWithTimeout(url),
            storage: storage(),
          })
        )
        .then((published) => {
          offered = published;
          renderNotice();
        })
        // Marks that the background check has settled (told, or found nothing to tell), so a
        // test can tell "no notice" from "no notice yet".
        .finally(() => (app.dataset.updateCheck = "settled"));
    }
  } else {
    onLanguageChange(labelStatics);
  }
  labelStatics();
  app.setAttribute("aria-busy", "false");
  app.dataset.ready = "true";
  performance.mark(INTERACTIVE_MARK);
}

start();
