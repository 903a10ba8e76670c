/**
 * JSON laid out to a fixed depth, then one line per value: `latest.json` gets one line per dealer and per
 * window. Compact to serve, readable in a diff, and a run's changes stay on few lines, which keeps git's
 * deltas — and so the repository's growth — small.
 */
export function formatNested(value: unknown, depth: number): string {
  return `${layout(value, depth, '')}\n`;
}

function layout(value: unknown, depth: number, indent: string): string {
  if (depth === 0 || value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + layout(v, depth - 1, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layout(v, depth - 1, inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}
