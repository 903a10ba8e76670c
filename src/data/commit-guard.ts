/**
 * The rule a commit must keep (DESIGN §2.3, invariants 1 and 9): no path under `data/` is deleted,
 * and no fact file loses an entry. The git side (src/git/commit.ts) applies it to every commit it
 * creates, whatever produced the tree; this module says, file by file, what counts as losing data.
 *
 * - `data/15min/**` slot facts, `data/spot-history-YYYY.json` and the `data/hourly/**` views are keyed
 *   by (timestamp, metal): every key of the old file must still be there (a view is rebuilt, but never
 *   drops an entry). Slot facts are written once (src/data/spot-store.ts), but sync settles two
 *   versions of one slot by keeping one of them: same keys, so allowed here.
 * - `data/retail/facts/**` collections are sets of entries: every old entry must still be there.
 * Entries this toolkit cannot read are identified by their whole content, so they must survive too.
 */
import { parseJson } from './json.js';
import { parseNaive } from './time.js';

/** JSON with object keys sorted, so key order never decides identity. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** (timestamp, metal), read as leniently as the spot reader does; anything else by its content. */
function spotKey(item: unknown): string {
  const e = item as { timestamp?: unknown; metal?: unknown } | null;
  if (e && typeof e.timestamp === 'string' && typeof e.metal === 'string') {
    const at = parseNaive(e.timestamp);
    if (at) return `${at.getTime()}|${e.metal.trim().toLowerCase()}`;
  }
  return stableJson(item);
}

/** Fact files and what identifies one of their entries. */
const RULES: ReadonlyArray<[RegExp, (entry: unknown) => string]> = [
  [/^data\/15min\/.+\.json$/, spotKey],
  [/^data\/spot-history-\d{4}\.json$/, spotKey],
  [/^data\/hourly\/.+\.json$/, spotKey],
  [/^data\/retail\/facts\/.+\.json$/, stableJson],
];

const ruleFor = (path: string) => RULES.find(([re]) => re.test(path))?.[1];

/** True when a change of this file's content must be checked entry by entry. */
export const isGuardedFactFile = (path: string) => ruleFor(path) !== undefined;

/** A change the commit guard refuses: what, and where. */
export interface GuardProblem {
  path: string;
  problem: string;
}

const readableArray = (text: string): unknown[] | undefined => {
  const parsed = parseJson(text);
  return parsed.ok && Array.isArray(parsed.value) ? parsed.value : undefined;
};

/**
 * Why changing `path` from `before` to `after` (undefined: absent) loses data, or undefined when it
 * does not. Paths outside `data/` are not the contract's business.
 */
export function changeProblem(
  path: string,
  before: string | undefined,
  after: string | undefined,
  afterIsSymlink = false,
): string | undefined {
  if (!path.startsWith('data/')) return undefined;
  if (before !== undefined && after === undefined) return 'deletes it';
  if (afterIsSymlink) return 'makes it a symbolic link';
  if (before === undefined || after === undefined || before === after) return undefined;
  const key = ruleFor(path);
  if (!key) return undefined;
  const old = readableArray(before);
  // A torn file (empty, NUL bytes, cut short) never held data: repairing it loses nothing.
  if (!old) return undefined;
  const next = readableArray(after);
  if (!next) return 'replaces a readable fact file with one that is not a JSON array';
  const kept = new Set(next.map(key));
  const lost = old.map(key).filter((k) => !kept.has(k));
  if (lost.length === 0) return undefined;
  const shown = lost.slice(0, 3).map((k) => (k.length > 120 ? `${k.slice(0, 117)}...` : k));
  return `removes ${lost.length} entr${lost.length === 1 ? 'y' : 'ies'} (${shown.join('; ')}${lost.length > 3 ? '; ...' : ''})`;
}
