import { FunctionId, ParameterName, makeCatalogue } from "../../functions/catalogue";

/**
 * Formulas the pane writes into cells. Arguments are given by the names the catalogue declares
 * them with and placed in the declared order; trailing defaults are dropped and skipped ones left
 * empty (=REE.PRICE("Dy2O3","China",,"CNY/t")). Values become Excel literals.
 */

export type FormulaArgument = string | number | boolean | undefined;
export type NamedArguments<F extends FunctionId> = Partial<
  Record<ParameterName<F>, FormulaArgument>
>;

// Only the declarations are read; no function runs here.
const DECLARATIONS = makeCatalogue();

/** An Excel text literal: quotes doubled inside. */
export function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export function literal(value: FormulaArgument): string {
  if (value === undefined) return "";
  if (typeof value === "string") return quote(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

/** The declared names of a function's parameters, in order: PRICE gives product, market, date, unit, field. */
export function parameterNames<F extends FunctionId>(id: F): ParameterName<F>[] {
  return DECLARATIONS[id].parameters.map((parameter) => parameter.name as ParameterName<F>);
}

/** Named arguments in the declared order, with trailing missing ones dropped. */
export function orderArguments<F extends FunctionId, V>(
  id: F,
  args: Partial<Record<ParameterName<F>, V>>
): (V | undefined)[] {
  const names = parameterNames(id);
  for (const name of Object.keys(args))
    if (!(names as string[]).includes(name))
      throw new Error(`REE.${id} has no parameter "${name}"; it takes ${names.join(", ")}.`);
  const ordered = names.map((name) => args[name]);
  while (ordered.length > 0 && ordered[ordered.length - 1] === undefined) ordered.pop();
  return ordered;
}

/** =REE.ID(...) from arguments given by name: buildFormula("PRICE", { product: "Dy2O3", unit: "CNY/t" }). */
export function buildFormula<F extends FunctionId>(id: F, args: NamedArguments<F>): string {
  return `=REE.${id}(${orderArguments(id, args).map(literal).join(",")})`;
}

/** Text written as a label cell: a constant even when it starts like a formula. */
export function labelCell(text: string): string {
  return /^[=+\-@]/.test(text) ? `'${text}` : text;
}
