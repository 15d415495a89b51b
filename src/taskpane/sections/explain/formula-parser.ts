import { dayFromParts, serialFromDay, todayDay } from "../../../core/dates";

/**
 * Reading a cell's formula: a small tokenizer finds the first REE call and classifies its
 * arguments (a value written in the formula, a reference to read from Excel, an expression the
 * pane does not evaluate), so the pane can explain the cell without evaluating Excel's language.
 */

type Token =
  | { kind: "string"; value: string; text: string }
  | { kind: "number"; value: number; text: string }
  | { kind: "name"; text: string }
  | { kind: "error"; text: string }
  | { kind: "punctuation"; text: string };

const NAME_START = /[A-Za-z_\\$']/;
const NAME_PART = /[A-Za-z0-9_.\\$!:]/;
const NUMBER = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;
const ERROR = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|BUSY!)/i;

/** Splits a formula into tokens; anything it does not know is passed on as punctuation. */
export function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  let index = formula.startsWith("=") ? 1 : 0;
  while (index < formula.length) {
    const char = formula[index];
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '"') {
      let value = "";
      let end = index + 1;
      while (end < formula.length) {
        if (formula[end] === '"') {
          if (formula[end + 1] === '"') {
            value += '"';
            end += 2;
            continue;
          }
          break;
        }
        value += formula[end];
        end += 1;
      }
      tokens.push({ kind: "string", value, text: formula.slice(index, end + 1) });
      index = end + 1;
    } else if (/[0-9.]/.test(char) && NUMBER.test(formula.slice(index))) {
      const text = NUMBER.exec(formula.slice(index))![0];
      // A number followed by a name part is a reference such as 1:1; keep it whole.
      let end = index + text.length;
      while (end < formula.length && NAME_PART.test(formula[end]) && formula[end] !== ".") end += 1;
      const whole = formula.slice(index, end);
      tokens.push(
        whole === text
          ? { kind: "number", value: Number(text), text }
          : { kind: "name", text: whole }
      );
      index = end;
    } else if (char === "#" && ERROR.test(formula.slice(index))) {
      const text = ERROR.exec(formula.slice(index))![0];
      tokens.push({ kind: "error", text });
      index += text.length;
    } else if (NAME_START.test(char)) {
      let end = index;
      if (char === "'") {
        // A quoted sheet name: 'My sheet'!A1, with '' for a quote inside.
        end += 1;
        while (end < formula.length && !(formula[end] === "'" && formula[end + 1] !== "'")) {
          end += formula[end] === "'" ? 2 : 1;
        }
        end += 1;
      }
      while (end < formula.length && NAME_PART.test(formula[end])) end += 1;
      tokens.push({ kind: "name", text: formula.slice(index, end) });
      index = end;
    } else {
      tokens.push({ kind: "punctuation", text: char });
      index += 1;
    }
  }
  return tokens;
}

export type ArgumentSource =
  | { kind: "missing" }
  | { kind: "value"; value: string | number | boolean; text: string }
  | { kind: "reference"; address: string }
  | { kind: "expression"; text: string };

export interface ReeCall {
  /** The function name without its namespace, upper case: "PRICE". */
  name: string;
  args: ArgumentSource[];
  /** How many REE calls the formula holds (the first one is explained). */
  count: number;
}

/** One REE call of a formula, where a formula may hold several (`=REE.PRICE(…)/REE.FX(…)`). */
export interface ReeCallIn {
  name: string;
  args: ArgumentSource[];
  /** The call as written, without spaces: `REE.PRICE("Dy2O3",A1)`. */
  text: string;
  /** The call is the whole formula, so the cell shows exactly its value. */
  whole: boolean;
}

const REE_NAME = /^REE\.([A-Za-z]+)$/i;
const REFERENCE =
  /^(?:(?:'(?:[^']|'')+'|[A-Za-z0-9_.]+)!)?(?:\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)$/;
const NAMED_RANGE = /^[A-Za-z_\\][A-Za-z0-9_.]*$/;

export function hasReeCall(formula: string): boolean {
  return formula.startsWith("=") && /REE\.[A-Za-z]+\s*\(/i.test(formula);
}

/** The first REE call in a formula with its arguments classified, or undefined. */
export function parseReeCall(
  formula: string,
  today: () => number = () => todayDay()
): ReeCall | undefined {
  const calls = parseReeCalls(formula, today);
  if (calls.length === 0) return undefined;
  return { name: calls[0].name, args: calls[0].args, count: calls.length };
}

/**
 * Every REE call in a formula, in the order written, nested ones included (an REE call that is
 * an argument of another is also an expression of that one); none for a constant.
 */
export function parseReeCalls(
  formula: string,
  today: () => number = () => todayDay()
): ReeCallIn[] {
  if (!formula.startsWith("=")) return [];
  const tokens = tokenize(formula);
  const calls: ReeCallIn[] = [];
  for (let start = 0; start < tokens.length; start++) {
    const token = tokens[start];
    if (token.kind !== "name" || !REE_NAME.test(token.text)) continue;
    const open = tokens[start + 1];
    if (open?.kind !== "punctuation" || open.text !== "(") continue;
    const name = REE_NAME.exec(token.text)![1].toUpperCase();
    const groups: Token[][] = [[]];
    let depth = 0;
    let end = tokens.length; // an unclosed call runs to the end, as Excel would refuse to enter it
    for (let index = start + 2; index < tokens.length; index++) {
      const inner = tokens[index];
      if (inner.kind === "punctuation" && inner.text === "(") depth += 1;
      if (inner.kind === "punctuation" && inner.text === ")") {
        if (depth === 0) {
          end = index;
          break;
        }
        depth -= 1;
      }
      if (
        depth === 0 &&
        inner.kind === "punctuation" &&
        (inner.text === "," || inner.text === ";")
      ) {
        groups.push([]);
        continue;
      }
      groups[groups.length - 1].push(inner);
    }
    // =REE.DATAINFO() has no argument, not one missing argument.
    const args =
      groups.length === 1 && groups[0].length === 0
        ? []
        : groups.map((group) => classify(group, today));
    calls.push({
      name,
      args,
      text: textOf(tokens.slice(start, end + 1)),
      whole: start === 0 && end === tokens.length - 1,
    });
  }
  return calls;
}

function textOf(tokens: Token[]): string {
  return tokens.map((token) => token.text).join("");
}

function classify(tokens: Token[], today: () => number): ArgumentSource {
  if (tokens.length === 0) return { kind: "missing" };
  const [first] = tokens;
  if (tokens.length === 1) {
    if (first.kind === "string" || first.kind === "number")
      return { kind: "value", value: first.value, text: first.text };
    if (first.kind === "name" && /^(TRUE|FALSE)$/i.test(first.text))
      return { kind: "value", value: first.text.toUpperCase() === "TRUE", text: first.text };
    if (first.kind === "name" && (REFERENCE.test(first.text) || NAMED_RANGE.test(first.text)))
      return { kind: "reference", address: first.text.replace(/\$/g, "") };
  }
  if (tokens.length === 2 && first.text === "-" && tokens[1].kind === "number")
    return { kind: "value", value: -tokens[1].value, text: textOf(tokens) };
  const call = /^(DATE|TODAY)$/i.exec(first.kind === "name" ? first.text : "");
  if (call && tokens[1]?.text === "(" && tokens[tokens.length - 1].text === ")") {
    const inner = tokens.slice(2, -1);
    if (call[1].toUpperCase() === "TODAY" && inner.length === 0)
      return { kind: "value", value: serialFromDay(today()), text: textOf(tokens) };
    const numbers = inner.filter((_, index) => index % 2 === 0);
    const commas = inner.filter((_, index) => index % 2 === 1);
    if (
      call[1].toUpperCase() === "DATE" &&
      numbers.length === 3 &&
      numbers.every((token) => token.kind === "number") &&
      commas.every((token) => token.text === "," || token.text === ";")
    ) {
      const [year, month, day] = numbers.map((token) => (token as { value: number }).value);
      // Excel reads DATE(25,1,1) as 1925 and truncates fractions; only the plain case, a
      // four-digit year with a month and day in range, is read here, the rest left to Excel.
      if (!plainDate(year, month, day)) return { kind: "expression", text: textOf(tokens) };
      return {
        kind: "value",
        value: serialFromDay(dayFromParts(year, month, day)),
        text: textOf(tokens),
      };
    }
  }
  return { kind: "expression", text: textOf(tokens) };
}

function plainDate(year: number, month: number, day: number): boolean {
  return (
    [year, month, day].every(Number.isInteger) &&
    year >= 1900 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 31
  );
}
