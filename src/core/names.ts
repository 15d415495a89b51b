import { distance } from "fastest-levenshtein";
import { Result, invalid, ok } from "./result";

/**
 * The one place where names typed by a user become ids. Case, spaces, punctuation and
 * Unicode compatibility forms (Dy₂O₃, full-width letters) do not matter.
 */
export function normalizeName(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

export interface NameEntry<T> {
  value: T;
  /** The name shown back to users in messages and lists. */
  display: string;
  names: readonly string[];
  /** Names used only when no entry claims them directly (an element typed where a product is expected). */
  fallbackNames?: readonly string[];
}

const RESOLVE_CACHE_LIMIT = 5_000;
const MAX_SUGGESTABLE_LENGTH = 80;

export class NameIndex<T> {
  private readonly direct = new Map<string, NameEntry<T>[]>();
  private readonly fallback = new Map<string, NameEntry<T>[]>();
  private readonly cache = new Map<string, Result<T>>();

  constructor(
    /** What is being named, in the singular ("product", "country"), for messages. */
    readonly kind: string,
    readonly entries: readonly NameEntry<T>[],
    /** How to see every valid name, added to messages for unknown names. */
    private readonly listHint: string
  ) {}

  /** Built on first use: most sheets use a few kinds of name, and loading should not wait for all. */
  private built = false;

  private build(): void {
    this.built = true;
    for (const entry of this.entries) {
      for (const name of entry.names) add(this.direct, normalizeName(name), entry);
      for (const name of entry.fallbackNames ?? []) add(this.fallback, normalizeName(name), entry);
    }
  }

  resolve(input: string): Result<T> {
    const cached = this.cache.get(input);
    if (cached) return cached;
    if (!this.built) this.build();
    const result = this.lookup(input);
    if (this.cache.size >= RESOLVE_CACHE_LIMIT) this.cache.clear();
    this.cache.set(input, result);
    return result;
  }

  private lookup(input: string): Result<T> {
    const key = normalizeName(input);
    if (key === "") return invalid(`The ${this.kind} is empty. ${this.listHint}`);
    const matches = this.direct.get(key) ?? this.fallback.get(key);
    if (!matches) return invalid(this.unknownMessage(input, key));
    if (matches.length > 1) {
      const candidates = matches.map((entry) => entry.display).join(", ");
      return invalid(
        `'${input}' could be more than one ${this.kind}: ${candidates}. Type one of them.`
      );
    }
    return ok(matches[0].value);
  }

  private unknownMessage(input: string, key: string): string {
    const shown = input.length > 60 ? `${input.slice(0, 57)}...` : input;
    let best: NameEntry<T> | undefined;
    let bestDistance = Infinity;
    // No name is longer than this, so a longer input has no close match worth the search.
    if (key.length > MAX_SUGGESTABLE_LENGTH)
      return `Unknown ${this.kind} '${shown}'. ${this.listHint}`;
    for (const [name, entries] of this.direct) {
      if (Math.abs(name.length - key.length) >= bestDistance) continue;
      const d = distance(name, key);
      if (d < bestDistance) {
        bestDistance = d;
        best = entries[0];
      }
    }
    // Short names tolerate one slip, longer ones a transposition or two.
    const tolerance = key.length <= 3 ? 1 : Math.max(2, Math.floor(key.length / 3));
    const closeEnough = best !== undefined && bestDistance <= tolerance;
    const suggestion = closeEnough ? ` Did you mean ${best!.display}?` : ` ${this.listHint}`;
    return `Unknown ${this.kind} '${shown}'.${suggestion}`;
  }
}

function add<T>(map: Map<string, NameEntry<T>[]>, key: string, entry: NameEntry<T>): void {
  if (key === "") return;
  const list = map.get(key);
  if (!list) map.set(key, [entry]);
  else if (!list.includes(entry)) list.push(entry);
}
