import { Card, CardFact } from "../../../core/cards";
import { Dataset } from "../../../core/dataset";
import { Day, dayFromSerial, isoFromDay } from "../../../core/dates";
import { NameIndex, normalizeName } from "../../../core/names";
import { countryCardOf, elementCardOf, productCardOf } from "../../../functions/answers";
import { buildFormula } from "../../shell/formula-builder";
import { formatNumber, formatPercent } from "../../shell/i18n";

/**
 * The card Explain shows: the facts =REE.ELEMENT("Dy"), =REE.PRODUCT("Dy2O3") or
 * =REE.COUNTRY("China") carry as an Excel entity, as a list of terms and values, and the formula
 * that inserts it. The subject is typed by the user or found in the selected cell's REE call.
 */
export interface CardView {
  card: Card;
  /** The formula Insert writes: =REE.ELEMENT("Dy"). */
  formula: string;
  facts: { term: string; value: string; detail?: string }[];
}

type Subject = "element" | "product" | "country";

/** The card functions' first parameters, by the names every REE function declares them with. */
const SUBJECTS: readonly Subject[] = ["element", "product", "country"];

function viewOf(
  dataset: Dataset,
  subject: Subject,
  name: string,
  today: Day
): CardView | undefined {
  switch (subject) {
    case "element": {
      const element = dataset.elementNames.resolve(name);
      if (!element.ok) return undefined;
      return view(
        elementCardOf(dataset, element.value, today),
        buildFormula("ELEMENT", { element: element.value.symbol })
      );
    }
    case "product": {
      const product = dataset.productNames.resolve(name);
      if (!product.ok) return undefined;
      return view(
        productCardOf(dataset, product.value),
        buildFormula("PRODUCT", { product: product.value.id })
      );
    }
    case "country": {
      const country = dataset.countryNames.resolve(name);
      if (!country.ok) return undefined;
      return view(
        countryCardOf(dataset, country.value, today),
        buildFormula("COUNTRY", { country: country.value.name })
      );
    }
  }
}

function view(card: Card, formula: string): CardView {
  return {
    card,
    formula,
    facts: card.facts.map((fact) => ({
      term: fact.name,
      value: factText(fact),
      detail: fact.detail,
    })),
  };
}

/** A fact as the cell's number format shows it: 69.2%, 239.00 USD/kg, 2026-02-05, 270,000 t. */
export function factText(fact: CardFact): string {
  const { value, format } = fact;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  switch (format?.kind) {
    case "percent":
      return formatPercent(value);
    case "price":
      return `${formatNumber(value, 2)} ${format.unit}`;
    case "tonnes":
      return `${formatNumber(value, 0)} t`;
    case "date": {
      const day = dayFromSerial(value);
      return day.ok ? isoFromDay(day.value) : String(value);
    }
    case undefined:
      return formatNumber(value, 4);
  }
}

/** Whether a name is one of an entry's own names, not a stand-in ("Dy" typed for a product means Dy2O3). */
function namesDirectly<T>(index: NameIndex<T>, value: T, typed: string): boolean {
  const key = normalizeName(typed);
  return (
    index.entries
      .find((entry) => entry.value === value)
      ?.names.some((name) => normalizeName(name) === key) ?? false
  );
}

/**
 * The card for a typed name: an element, a product or a country, whichever the name is its own
 * name of ("Dy" the element, "Dy2O3" the product, "China" the country); where none claims it
 * directly, the first that accepts it.
 */
export function cardForName(dataset: Dataset, typed: string, today: Day): CardView | undefined {
  const text = typed.trim();
  if (text === "") return undefined;
  const indexes = {
    element: dataset.elementNames,
    product: dataset.productNames,
    country: dataset.countryNames,
  } as const;
  let fallback: Subject | undefined;
  for (const subject of SUBJECTS) {
    const index = indexes[subject] as NameIndex<unknown>;
    const found = index.resolve(text);
    if (!found.ok) continue;
    if (namesDirectly(index, found.value, text)) return viewOf(dataset, subject, text, today);
    fallback ??= subject;
  }
  return fallback === undefined ? undefined : viewOf(dataset, fallback, text, today);
}

/**
 * The card for the subject of a cell's REE call: its element, product or country argument (by
 * declared name, so PRICE's product, CONTROLLED's element, SHARE's country), where it resolves.
 */
export function cardForCall(
  dataset: Dataset,
  parameterNames: readonly string[],
  values: readonly unknown[],
  today: Day
): CardView | undefined {
  for (const [index, parameter] of parameterNames.entries()) {
    const value = values[index];
    if (typeof value !== "string" || !SUBJECTS.includes(parameter as Subject)) continue;
    const found = viewOf(dataset, parameter as Subject, value, today);
    if (found) return found;
  }
  return undefined;
}
