import { Dataset, ElementRow, ProductRow } from "./dataset";
import { normalizeName } from "./names";
import { Result, invalid, ok } from "./result";

/**
 * Quantities of one rare earth on different bases: a product (1 kg of Dy2O3 holds 0.871 kg of
 * Dy), the element's metal, or REO (rare-earth oxide: for one element, its main oxide, the basis
 * USGS and the quotas count in). The factors come from the dataset's atomic weights and stated
 * metal contents, never from code.
 */
export type Basis =
  | { kind: "product"; product: ProductRow }
  | { kind: "metal"; element: ElementRow }
  | { kind: "REO" };

export interface Conversion {
  value: number;
  /** Kilograms of `to` per kilogram of `from`. */
  factor: number;
  element: ElementRow;
}

const REO_NAMES = new Set(
  [
    "REO",
    "rare earth oxide",
    "rare earth oxides",
    "total rare earth oxide",
    "TREO",
    "稀土氧化物",
  ].map(normalizeName)
);

/**
 * What a name means as a basis: "REO", an element's name or symbol (its metal: "Dy", "镝"), or a
 * product ("Dy2O3", "氧化镝", "Dy metal"). An element name wins over the product index's habit of
 * reading an element as its main oxide, because here the element means the metal.
 */
export function resolveBasis(dataset: Dataset, text: string): Result<Basis> {
  const key = normalizeName(text);
  if (REO_NAMES.has(key)) return ok({ kind: "REO" });
  const element = dataset.elementNames.resolve(text);
  if (
    element.ok &&
    [
      element.value.symbol,
      element.value.name,
      element.value.name_zh,
      ...element.value.aliases,
    ].some((name) => normalizeName(name) === key)
  )
    return ok({ kind: "metal", element: element.value });
  const product = dataset.productNames.resolve(text);
  if (product.ok) return ok({ kind: "product", product: product.value });
  return invalid(`${product.message} An element symbol (its metal) or "REO" also works here.`);
}

/** How a basis is named in messages. */
export function basisText(basis: Basis): string {
  switch (basis.kind) {
    case "REO":
      return "REO";
    case "metal":
      return `${basis.element.symbol} metal`;
    case "product":
      return basis.product.id;
  }
}

/** The one element a basis is of; undefined for REO, which takes its element from the other side. */
function elementOf(dataset: Dataset, basis: Basis): Result<ElementRow | undefined> {
  if (basis.kind === "REO") return ok(undefined);
  if (basis.kind === "metal") return ok(basis.element);
  const symbols = basis.product.elements;
  if (symbols.length !== 1)
    return invalid(
      `${basis.product.id} holds more than one element (${symbols.join(", ")}); REE.CONVERT converts products of one element.`
    );
  const element = dataset.elements.find((row) => row.symbol === symbols[0]);
  return element
    ? ok(element)
    : invalid(`${basis.product.id}'s element ${symbols[0]} is not in the dataset.`);
}

/** Kilograms of the element's metal in one kilogram of the basis. */
function metalPerKilogram(dataset: Dataset, basis: Basis, element: ElementRow): Result<number> {
  if (basis.kind === "metal") return ok(1);
  const product =
    basis.kind === "product"
      ? basis.product
      : !element.main_oxide
        ? undefined
        : dataset.products.get(element.main_oxide);
  if (!product)
    return invalid(`REO is not defined for ${element.symbol}: the dataset gives it no main oxide.`);
  const content = dataset.metalContent.get(product.id);
  if (content === undefined || !(content > 0))
    return invalid(
      `The ${element.symbol} content of ${product.id} is unknown (no formula with atomic weights, no stated metal content), so it cannot be converted${basis.kind === "REO" ? " to or from REO" : ""}.`
    );
  return ok(content);
}

/**
 * Converts a quantity (tonnes, kilograms) of one element from one basis to another:
 * value × metal content of `from` ÷ metal content of `to`. A price per kilogram converts the other
 * way round, so the caller swaps the bases for a price.
 */
export function convertQuantity(
  dataset: Dataset,
  value: number,
  from: Basis,
  to: Basis
): Result<Conversion> {
  const fromElement = elementOf(dataset, from);
  if (!fromElement.ok) return fromElement;
  const toElement = elementOf(dataset, to);
  if (!toElement.ok) return toElement;
  const element = fromElement.value ?? toElement.value;
  if (!element)
    return invalid(
      `From REO to REO names no element: give a product or an element on one side ("Dy2O3", "Dy"), so that REO means its oxide.`
    );
  if (fromElement.value && toElement.value && fromElement.value !== toElement.value)
    return invalid(
      `${basisText(from)} and ${basisText(to)} are of different elements (${fromElement.value.symbol}, ${toElement.value.symbol}); REE.CONVERT converts one element between bases.`
    );
  const fromContent = metalPerKilogram(dataset, from, element);
  if (!fromContent.ok) return fromContent;
  const toContent = metalPerKilogram(dataset, to, element);
  if (!toContent.ok) return toContent;
  const factor = fromContent.value / toContent.value;
  return ok({ value: value * factor, factor, element });
}
