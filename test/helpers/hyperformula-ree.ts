import {
  CellError,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
  ArraySize,
  EmptyValue,
} from "hyperformula";
import { ExcelError, LoadedBundle } from "./excel-runtime";

/**
 * Registers the built REE functions in HyperFormula, a real formula engine, the way Excel
 * calls them: omitted or empty arguments arrive as null, errors carry their message.
 * Spilled results need their size when the formula is parsed, so their arguments must be
 * literals there (HyperFormula's own SEQUENCE has the same rule).
 */
export const HYPERFORMULA_CONFIG = {
  licenseKey: "gpl-v3",
  // Excel's 1900 date system, phantom 29 February 1900 included, so DATE(2025,7,1) is 45839.
  leapYear1900: true,
  nullDate: { year: 1899, month: 12, day: 31 },
} as const;

type Ast = { type: string; value?: unknown; args?: Ast[] };

/** The error kinds the functions return, each kept as itself on its way through the engine. */
const EXCEL_TO_ENGINE: Record<string, ErrorType> = {
  "#N/A": ErrorType.NA,
  "#VALUE!": ErrorType.VALUE,
  "#NUM!": ErrorType.NUM,
};
const ENGINE_TO_EXCEL: Partial<Record<ErrorType, string>> = Object.fromEntries(
  Object.entries(EXCEL_TO_ENGINE).map(([code, type]) => [type, code])
);

function fromEngine(value: unknown): unknown {
  if (value === undefined || value === EmptyValue) return null;
  if (value instanceof SimpleRangeValue) return value.rawData();
  if (value instanceof CellError)
    return new ExcelError(ENGINE_TO_EXCEL[value.type] ?? "#VALUE!", value.message);
  if (typeof value === "object" && value !== null && "val" in value)
    return (value as { val: unknown }).val; // a dated or formatted number
  return value;
}

function toEngine(value: unknown): unknown {
  if (value instanceof ExcelError)
    return new CellError(EXCEL_TO_ENGINE[value.code] ?? ErrorType.VALUE, value.message);
  if (Array.isArray(value))
    return SimpleRangeValue.onlyValues(value.map((row: unknown[]) => row.map(toEngine)) as never);
  return value;
}

function literal(ast: Ast): { ok: boolean; value: unknown } {
  if (ast.type === "EMPTY") return { ok: true, value: null };
  if (ast.type === "STRING" || ast.type === "NUMBER") return { ok: true, value: ast.value };
  return { ok: false, value: undefined };
}

let registered = false;

export function registerReeFunctions(bundle: LoadedBundle): void {
  if (registered) HyperFormula.unregisterFunctionPlugin(ReePlugin);
  const implemented: Record<string, unknown> = {};
  const translations: Record<string, string> = {};
  for (const fn of bundle.metadata.functions) {
    const name = `REE.${fn.id}`;
    const spills = fn.result.dimensionality === "matrix";
    const arity = fn.parameters.length;
    const associated = bundle.functions.get(fn.id)!;
    translations[name] = name;
    implemented[name] = {
      method: `call${fn.id}`,
      parameters: fn.parameters.map((parameter) => ({
        argumentType: FunctionArgumentType.ANY,
        optionalArg: parameter.optional === true,
      })),
      vectorizationForbidden: true,
      ...(spills ? { sizeOfResultArrayMethod: `size${fn.id}` } : {}),
    };
    (ReePlugin.prototype as unknown as Record<string, unknown>)[`call${fn.id}`] = function (
      this: ReePlugin,
      ast: Ast,
      state: unknown
    ) {
      return (this as unknown as { runFunction: (...args: unknown[]) => unknown }).runFunction(
        ast.args,
        state,
        (this as unknown as { metadata: (n: string) => unknown }).metadata(name),
        (...args: unknown[]) => {
          // As Excel calls it: every declared parameter present, omitted ones as null.
          const excelArgs = new Array<unknown>(arity);
          for (let index = 0; index < arity; index++) excelArgs[index] = fromEngine(args[index]);
          return toEngine(associated(...excelArgs));
        }
      );
    };
    (ReePlugin.prototype as unknown as Record<string, unknown>)[`size${fn.id}`] = function (
      ast: Ast
    ) {
      const values = (ast.args ?? []).map(literal);
      if (values.some((value) => !value.ok)) return ArraySize.error();
      const result = bundle.call(fn.id, ...values.map((value) => value.value));
      return Array.isArray(result)
        ? new ArraySize(result[0].length, result.length)
        : ArraySize.scalar();
    };
  }
  ReePlugin.implementedFunctions = implemented as never;
  HyperFormula.registerFunctionPlugin(ReePlugin, {
    enGB: translations,
    enUS: translations,
  } as never);
  registered = true;
}

class ReePlugin extends FunctionPlugin {
  static implementedFunctions = {};
}
