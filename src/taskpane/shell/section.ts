import { Dataset } from "../../core/dataset";
import { Catalogue } from "../../functions/catalogue";
import { Notice } from "./dom";
import {
  ExcelAdapter,
  ProtectedSheetError,
  excelErrorCode,
  excelErrorMessage,
} from "./excel-adapter";
import { t } from "./i18n";
import { WorkbookStore } from "./workbook-store";

/** What every section is given: the shared dataset, the catalogue and Excel (absent in a plain browser). */
export interface PaneContext {
  /** The data in use now; read it on every render, since imports and updates replace it. */
  readonly dataset: Dataset;
  catalogue: Catalogue;
  excel?: ExcelAdapter;
  /** Where the workbook keeps its data; absent outside Excel. */
  workbook?: WorkbookStore;
  /** Set when the workbook's saved data could not be used. */
  workbookWarning?: string;
}

/** A section of the pane: its panel, rebuilt in full by `render` (on start and on a language switch). */
export interface Section {
  id: string;
  tabKey: "tabPrices" | "tabShares" | "tabControls" | "tabExplain" | "tabData";
  panel: HTMLElement;
  render(): void;
  /** Called when the section's tab is shown. */
  shown?(): void;
}

export function describeExcelFailure(
  error: unknown,
  key: "excelFailed" | "excelReadFailed"
): string {
  if (error instanceof ProtectedSheetError || excelErrorCode(error) === "ProtectedSheet")
    return t("sheetProtected");
  if (excelErrorCode(error) === "InvalidOperationInCellEditMode") return t("cellEditMode");
  return t(key, excelErrorMessage(error));
}

/**
 * Writes a block of formulas at the active cell, refusing on a protected sheet; every outcome
 * ends as a message in the section's notice, never as an exception.
 */
export async function insertAtActiveCell(
  context: PaneContext,
  rows: string[][],
  notice: Notice
): Promise<boolean> {
  notice.clear();
  const excel = context.excel;
  if (!excel) {
    notice.error(t("needsExcel"));
    return false;
  }
  try {
    const cell = await excel.getActiveCell();
    if (cell.sheetProtected) {
      notice.error(t("sheetProtected"));
      return false;
    }
    const written = await excel.writeFormulas("active", rows);
    notice.success(t("insertedAt", written.address));
    return true;
  } catch (error) {
    notice.error(describeExcelFailure(error, "excelFailed"));
    return false;
  }
}
