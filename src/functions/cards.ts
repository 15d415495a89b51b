import { CARD_SECTIONS, Card, CardFact, CardFormat, CardSection } from "../core/cards";
import { Dataset } from "../core/dataset";
import { EXCEL_TEXT_LIMIT, cutText } from "./excel-errors";

/**
 * A card as an Excel data type: an entity whose properties an analyst references as =A1.Price or
 * =A1.[China mining share]. Only types are taken from office-js, so the compiler checks each shape
 * against Excel's own definitions and nothing of Office runs here.
 */

/**
 * What the host can show, decided once at start-up from the requirement sets:
 * - `entities`: CustomFunctionsRuntime 1.4, where custom functions may return data types (with
 *   `allowCustomDataForDataTypeAny` in functions.json, which the metadata generator writes);
 * - `numberFormats`: how a number carries its format: a `Double` with `numberFormat` (ExcelApi
 *   1.19), the older `FormattedNumber` (ExcelApi 1.16), or none (a plain number).
 * Without entities, a card function answers with text, the card's name.
 */
export interface DataTypeSupport {
  entities: boolean;
  numberFormats: "double" | "formatted-number" | "none";
}

export const NO_DATA_TYPES: DataTypeSupport = { entities: false, numberFormats: "none" };

/** The rule, over any `isSetSupported` (Office's in the shared runtime; a stand-in's in tests). */
export function dataTypeSupportFrom(
  isSetSupported: (name: string, version: string) => boolean
): DataTypeSupport {
  if (!isSetSupported("CustomFunctionsRuntime", "1.4")) return NO_DATA_TYPES;
  return {
    entities: true,
    numberFormats: isSetSupported("ExcelApi", "1.19")
      ? "double"
      : isSetSupported("ExcelApi", "1.16")
        ? "formatted-number"
        : "none",
  };
}

/** Excel number formats (en-US, as the JSON of a cell value takes them). */
function numberFormatOf(format: CardFormat): string {
  switch (format.kind) {
    case "percent":
      return "0.0%";
    case "date":
      return "yyyy-mm-dd";
    case "tonnes":
      return '#,##0 "t"';
    case "price":
      // CNY/t figures run to millions, US$/kg ones to a few hundred: cents only where they matter.
      return format.unit.endsWith("/t") ? `#,##0 "${format.unit}"` : `#,##0.00 "${format.unit}"`;
  }
}

function numberValue(
  value: number,
  format: CardFormat | undefined,
  support: DataTypeSupport
): Excel.DoubleCellValue | Excel.FormattedNumberCellValue {
  if (format === undefined || support.numberFormats === "none")
    return { type: "Double", basicValue: value };
  const numberFormat = numberFormatOf(format);
  return support.numberFormats === "double"
    ? { type: "Double", basicValue: value, numberFormat }
    : { type: "FormattedNumber", basicValue: value, numberFormat };
}

/** One property's cell value; Excel's limits on text hold inside an entity as in a cell. */
export function cellValueOf(fact: CardFact, support: DataTypeSupport): Excel.CellValue {
  if (typeof fact.value === "number") return numberValue(fact.value, fact.format, support);
  if (typeof fact.value === "boolean") return { type: "Boolean", basicValue: fact.value };
  const text = fact.value.length > EXCEL_TEXT_LIMIT ? cutText(fact.value) : fact.value;
  return { type: "String", basicValue: text };
}

function propertyOf(fact: CardFact, support: DataTypeSupport): Excel.EntityPropertyType {
  const value = cellValueOf(fact, support);
  // The detail (the year, the edition, the period) is the card's small print under the value.
  return fact.detail === undefined
    ? value
    : ({ ...value, propertyMetadata: { sublabel: fact.detail } } as Excel.EntityPropertyType);
}

/** Section titles of the card view, in the card's order. */
const SECTION_TITLES: Record<CardSection, string> = {
  identity: "About",
  prices: "Latest prices",
  supply: "Supply shares",
  controls: "Export controls",
  events: "Events",
  sources: "Sources",
};

/** The card view: the identity facts first and open, every other part in its own collapsible section. */
function layoutOf(card: Card): Excel.EntityViewLayouts {
  const sections: Excel.CardLayoutSection[] = [];
  for (const section of CARD_SECTIONS) {
    const properties = card.facts
      .filter((fact) => fact.section === section)
      .map((fact) => fact.name);
    if (properties.length === 0) continue;
    sections.push(
      section === "identity"
        ? { layout: "List", properties }
        : { layout: "List", title: SECTION_TITLES[section], collapsed: true, properties }
    );
  }
  return {
    card: { title: { property: "Name" }, sections },
    compact: { icon: card.kind === "country" ? "Globe" : "Beaker" },
  };
}

/** A card as an Excel entity: its text is the name, as the plain-text answer shows it. */
export function entityOf(
  card: Card,
  dataset: Dataset,
  support: DataTypeSupport
): Excel.EntityCellValue {
  const properties: { [name: string]: Excel.EntityPropertyType } = {};
  for (const fact of card.facts) properties[fact.name] = propertyOf(fact, support);
  return {
    type: "Entity",
    text: card.text,
    properties,
    layouts: layoutOf(card),
    provider: {
      description: `REE Supply Chain, dataset ${dataset.meta.version}`,
    },
  };
}
