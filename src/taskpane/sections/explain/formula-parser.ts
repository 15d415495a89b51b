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
  if (!formula.startsWith("=")) return undefined;
  const tokens = tokenize(formula);
  const starts = tokens
    .map((token, index) => ({ token, index }))
    .filter(
      ({ token, index }) =>
        token.kind === "name" &&
        REE_NAME.test(token.text) &&
        tokens[index + 1]?.kind === "punctuation" &&
        tokens[index + 1].text === "("
    );
  if (starts.length === 0) return undefined;
  const start = starts[0].index;
  const name = REE_NAME.exec(tokens[start].text)![1].toUpperCase();
  const groups: Token[][] = [[]];
  let depth = 0;
  for (let index = start + 2; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.kind === "punctuation" && token.text === "(") depth += 1;
    if (token.kind === "punctuation" && token.text === ")") {
      if (depth === 0) break;
      depth -= 1;
    }
    if (depth === 0 && token.kind === "punctuation" && (token.text === "," || token.text === ";")) {
      groups.push([]);
      continue;
    }
    groups[groups.length - 1].push(token);
  }
  // =REE.DATAINFO() has no argument, not one missing argument.
  const args =
    groups.length === 1 && groups[0].length === 0
      ? []
      : groups.map((group) => classify(group, today));
  return { name, args, count: starts.length };
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
      return {
        kind: "value",
        value: serialFromDay(dayFromParts(year, month, day)),
        text: textOf(tokens),
      };
    }
  }
  return { kind: "expression", text: textOf(tokens) };
}
