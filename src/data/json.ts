/**
 * Deterministic JSON formatting: the same value gives the same bytes on any machine.
 * Builders construct objects in a fixed key order; records keyed by data (slugs, vendor ids, dates)
 * go through `sortedRecord` so their order never depends on input order.
 */

/** Pretty form used by per-slot and hourly files (the form older pollers wrote): 2-space indent, final newline. */
export const formatPretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** One array element per line: compact, and a new entry is a one-line diff. */
export function formatLines(items: readonly unknown[]): string {
  if (items.length === 0) return '[]\n';
  return `[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]\n`;
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
