/**
 * Deterministic JSON formatting: the same value gives the same bytes on any machine.
 * Builders construct objects in a fixed key order; records keyed by data (slugs, vendor ids, dates)
 * go through `sortedRecord` so their order never depends on input order.
 */

/** Pretty form used by per-slot and hourly files (the form older pollers wrote): 2-space indent, final newline. */
export const formatPretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * An array element kept exactly as another writer wrote it (an entry this toolkit does not
 * understand): written back token for token — numbers, strings, escapes, key order and duplicate
 * keys unchanged — only the whitespace between tokens follows the file's layout.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

const itemText = (item: unknown, pretty: boolean) =>
  item instanceof RawJson ? relayout(item.text, pretty) : JSON.stringify(item, null, pretty ? 2 : undefined);

/** `formatPretty` of an array whose items may be `RawJson`: the same bytes when none is. */
export function formatPrettyItems(items: readonly unknown[]): string {
  if (items.length === 0) return '[]\n';
  // A JSON text never holds a raw newline inside a string, so indenting every line is safe.
  return `[\n${items.map((i) => `  ${itemText(i, true).replace(/\n/g, '\n  ')}`).join(',\n')}\n]\n`;
}

/** One array element per line: compact, and a new entry is a one-line diff. Items may be `RawJson`. */
export function formatLines(items: readonly unknown[]): string {
  if (items.length === 0) return '[]\n';
  return `[\n${items.map((i) => itemText(i, false)).join(',\n')}\n]\n`;
}

const SPACE = ' \t\n\r';
const PUNCTUATION = '{}[]:,';

/** Index just past the string literal that starts at `i` (text already known to be valid JSON). */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Tokens of a valid JSON text: punctuation, string literals and scalars, whitespace dropped. */
function tokens(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (SPACE.includes(c)) i++;
    else if (c === '"') {
      const end = stringEnd(text, i);
      out.push(text.slice(i, end));
      i = end;
    } else if (PUNCTUATION.includes(c)) {
      out.push(c);
      i++;
    } else {
      let j = i;
      while (
        j < text.length &&
        !SPACE.includes(text[j]!) &&
        !PUNCTUATION.includes(text[j]!) &&
        text[j] !== '"'
      )
        j++;
      out.push(text.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** A valid JSON text laid out as `JSON.stringify` would (compact, or 2-space pretty), tokens kept. */
export function relayout(text: string, pretty: boolean): string {
  const t = tokens(text);
  if (!pretty) return t.join('');
  let out = '';
  let depth = 0;
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (let k = 0; k < t.length; k++) {
    const tok = t[k]!;
    if (tok === '{' || tok === '[') {
      if (t[k + 1] === (tok === '{' ? '}' : ']')) {
        out += tok + t[++k];
        continue;
      }
      depth++;
      out += tok + newline();
    } else if (tok === '}' || tok === ']') {
      depth--;
      out += newline() + tok;
    } else if (tok === ',') out += `,${newline()}`;
    else if (tok === ':') out += ': ';
    else out += tok;
  }
  return out;
}

/** The source text of each element of a valid JSON array text, in order. */
export function arrayElements(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') i = stringEnd(text, i) - 1;
    else if (c === '[' || c === '{') {
      if (++depth === 1) start = i + 1;
    } else if (c === ']' || c === '}') {
      if (depth-- === 1 && text.slice(start, i).trim()) out.push(text.slice(start, i).trim());
    } else if (c === ',' && depth === 1) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return out;
}

/** A copy of `record` with its keys in sorted order. */
export function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses JSON without throwing; torn files (NUL bytes, truncated) are reported, not crashed on. */
export function parseJson(text: string): ParsedJson {
  if (text.trim().length === 0) return { ok: false, error: 'empty file' };
  if (text.includes('\u0000')) return { ok: false, error: 'file contains NUL bytes (torn write)' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
