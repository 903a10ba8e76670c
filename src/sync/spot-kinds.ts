/**
 * Spot content in sync: slot (and fx) facts are immutable, so two versions are a conflict decided by
 * readability; spot history and hourly files are unions keyed by (timestamp, metal); hourly views
 * are then rebuilt with the poller's own `rebuildHourly`.
 */
import { formatLines, formatPretty, parseJson } from '../data/json.js';
import { hourlyPath, parseHourlyPath, parseSlotPath, parseSpotHistoryPath } from '../data/paths.js';
import { compareEntries, entryKey, orderedEntry, type SpotEntry, spotEntryRead } from '../data/spot.js';
import { rebuildHourly } from '../data/spot-store.js';
import { floorHour } from '../data/time.js';
import {
  type FileKind,
  type MergeOutcome,
  type PendingConflict,
  pickLarger,
  short,
  type Version,
  type ViewFamily,
} from './kinds.js';
import { split } from './overlay.js';

const FACT_RE = /^data\/(15min|fx)\//;

/** How much of a fact file is usable: unreadable (torn) files score 0, then more readable entries win. */
function readability(bytes: Buffer): number {
  const parsed = parseJson(bytes.toString('utf8'));
  if (!parsed.ok) return 0;
  if (!Array.isArray(parsed.value)) return 1;
  return 1 + parsed.value.filter((e) => spotEntryRead.safeParse(e).success).length;
}

/** Slot and fx facts: written once, so two versions are always a conflict. */
export const slotFactKind: FileKind = {
  name: 'spot fact',
  matches: (path) => FACT_RE.test(path),
  merge: (path, lo, hi) => {
    const [rl, rh] = [readability(lo.bytes), readability(hi.bytes)];
    if (rl === rh)
      return pickLarger(path, lo, hi, 'two versions of an immutable fact: larger blob hash kept');
    const [keep, drop] = rl > rh ? [lo, hi] : [hi, lo];
    const rule =
      Math.min(rl, rh) === 0
        ? 'readable version beats a torn one'
        : 'version with more readable entries kept';
    return {
      keep,
      conflicts: [{ path, kept: `blob ${short(keep.oid)}`, other: `blob ${short(drop.oid)}`, rule }],
    };
  },
};

type Item = { key: string; value: unknown; json: string };

/** Items of a spot array, keyed; entries nobody can read are kept verbatim under their own text. */
function items(bytes: Buffer): Item[] | undefined {
  const parsed = parseJson(bytes.toString('utf8'));
  if (!parsed.ok || !Array.isArray(parsed.value)) return undefined;
  return parsed.value.map((raw) => {
    const r = spotEntryRead.safeParse(raw);
    const value = r.success ? orderedEntry(r.data) : raw;
    const json = JSON.stringify(value);
    return { key: r.success ? entryKey(r.data) : `raw:${json}`, value, json };
  });
}

const describe = (value: unknown) => {
  const e = value as Partial<SpotEntry>;
  return typeof e.spot === 'number' ? `${e.spot} (${e.source}/${e.provider})` : JSON.stringify(value);
};

/**
 * Union of two spot arrays keyed by (timestamp, metal). Two values for one key: the one whose JSON
 * sorts last is kept (a rule blind to which side it came from) and the pair is reported.
 */
function unionSpot(
  path: string,
  lo: Version,
  hi: Version,
  format: (items: unknown[]) => string,
): MergeOutcome & {
  keys: PendingConflict[];
} {
  const [a, b] = [items(lo.bytes), items(hi.bytes)];
  if (!a || !b) {
    // A torn collection never held data worth more than a readable one.
    if (!a && !b)
      return { ...pickLarger(path, lo, hi, 'both versions unreadable: larger blob hash kept'), keys: [] };
    const [keep, drop] = a ? [lo, hi] : [hi, lo];
    const c = {
      path,
      kept: `blob ${short(keep.oid)}`,
      other: `blob ${short(drop.oid)}`,
      rule: 'readable version beats a torn one',
    };
    return { keep, conflicts: [c], keys: [] };
  }
  const byKey = new Map<string, Item>();
  const conflicts: PendingConflict[] = [];
  for (const item of [...a, ...b]) {
    const have = byKey.get(item.key);
    if (!have || have.json === item.json) {
      byKey.set(item.key, item);
      continue;
    }
    const [keep, drop] = have.json > item.json ? [have, item] : [item, have];
    byKey.set(item.key, keep);
    conflicts.push({
      path,
      key: item.key,
      kept: describe(keep.value),
      other: describe(drop.value),
      rule: 'one key, two values: the value sorting last kept',
    });
  }
  const all = [...byKey.values()];
  const entries = all.filter((i) => !i.key.startsWith('raw:')).map((i) => i.value as SpotEntry);
  const raw = all.filter((i) => i.key.startsWith('raw:')).sort((x, y) => (x.json < y.json ? -1 : 1));
  const bytes = Buffer.from(format([...entries.sort(compareEntries), ...raw.map((i) => i.value)]));
  return { bytes, conflicts, keys: conflicts };
}

/** `spot-history-YYYY.json`: a fact collection, merged by union. */
export const spotHistoryKind: FileKind = {
  name: 'spot history',
  matches: (path) => parseSpotHistoryPath(path) !== undefined,
  merge: (path, lo, hi) => unionSpot(path, lo, hi, formatLines),
};

/** Hourly views: union of both files' entries, then rebuilt over the hour's slot facts (see below). */
export const hourlyKind: FileKind = {
  name: 'hourly view',
  matches: (path) => parseHourlyPath(path) !== undefined,
  merge: (path, lo, hi) => {
    const merged = unionSpot(path, lo, hi, formatPretty);
    // The rebuild lets a slot fact decide a disagreement, so what was kept is read from the result.
    for (const c of merged.keys) {
      c.settle = (final) => {
        const kept = items(final)?.find((i) => i.key === c.key);
        return kept ? describe(kept.value) : c.kept;
      };
    }
    return merged;
  },
};

/** Rebuilds the hourly view of every hour whose slot facts or hourly file differ. */
export const spotHourlyFamily: ViewFamily = {
  name: 'hourly views',
  rebuild: async (differing, scratch) => {
    const hours = new Map<number, Date>();
    for (const path of differing) {
      const t = parseSlotPath(path) ?? parseHourlyPath(path);
      if (t) hours.set(floorHour(t).getTime(), floorHour(t));
    }
    for (const hour of hours.values()) {
      const hourly = hourlyPath(hour);
      const slotDir = `data/15min/${split(hourly).dir.slice('data/hourly/'.length)}`;
      const prefix = String(hour.getUTCHours()).padStart(2, '0');
      const slots = (await scratch.list(slotDir)).filter((p) => split(p).name.startsWith(prefix));
      await scratch.materialize([hourly, ...slots]);
      await rebuildHourly(scratch.root, hour);
    }
  },
};

export const spotKinds: readonly FileKind[] = [slotFactKind, spotHistoryKind, hourlyKind];
