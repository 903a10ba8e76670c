/**
 * Spot content in sync: slot (and fx) facts are immutable, so two versions are decided by
 * readability or left alone as a conflict; spot history and hourly files are unions keyed by
 * (timestamp, metal); hourly views are then rebuilt with the poller's own `rebuildHourly`.
 */
import { formatLines, formatPretty, parseJson } from '../data/json.js';
import { hourlyPath, parseHourlyPath, parseSlotPath, parseSpotHistoryPath } from '../data/paths.js';
import { compareEntries, entryKey, orderedEntry, type SpotEntry, spotEntryRead } from '../data/spot.js';
import { rebuildHourly } from '../data/spot-store.js';
import { floorHour } from '../data/time.js';
import {
  choose,
  type FileKind,
  leaveAlone,
  type MergeOutcome,
  type Version,
  type ViewFamily,
} from './kinds.js';
import { split } from './overlay.js';
import { type Item, type UnionRule, unionKeyed } from './union.js';

const FACT_RE = /^data\/(15min|fx)\//;

/** How much of a fact file is usable: unreadable (torn) files score 0, then more readable entries win. */
function readability(bytes: Buffer): number {
  const parsed = parseJson(bytes.toString('utf8'));
  if (!parsed.ok) return 0;
  if (!Array.isArray(parsed.value)) return 1;
  return 1 + parsed.value.filter((e) => spotEntryRead.safeParse(e).success).length;
}

/** Slot and fx facts: written once, so two versions are a decision by readability, or a conflict. */
const slotFactKind: FileKind = {
  name: 'spot fact',
  matches: (path) => FACT_RE.test(path),
  merge: (path, a, b) => {
    const [ra, rb] = [readability(a.bytes), readability(b.bytes)];
    if (ra === rb)
      return leaveAlone(path, a, b, 'two readable versions of an immutable fact: each side keeps its own');
    const rule =
      Math.min(ra, rb) === 0
        ? 'readable version beats a torn one'
        : 'version with more readable entries kept';
    return choose(path, a, b, ra > rb ? 'a' : 'b', rule);
  },
};

/** Items of a spot array, keyed; entries nobody can read are kept verbatim under their own text. */
function spotItems(bytes: Buffer): Item[] | undefined {
  const parsed = parseJson(bytes.toString('utf8'));
  if (!parsed.ok || !Array.isArray(parsed.value)) return undefined;
  return parsed.value.map((raw) => {
    const r = spotEntryRead.safeParse(raw);
    const value = r.success ? orderedEntry(r.data) : raw;
    const json = JSON.stringify(value);
    return { key: r.success ? entryKey(r.data) : `raw:${json}`, value, json };
  });
}

const describeSpot = (item: Item) => {
  const e = item.value as Partial<SpotEntry>;
  return typeof e.spot === 'number' ? `${e.spot} (${e.source}/${e.provider})` : item.json;
};

const spotRule = (format: (items: unknown[]) => string): UnionRule => ({
  items: spotItems,
  describe: describeSpot,
  format: (all) => {
    const entries = all.filter((i) => !i.key.startsWith('raw:')).map((i) => i.value as SpotEntry);
    const raw = all.filter((i) => i.key.startsWith('raw:')).sort((x, y) => (x.json < y.json ? -1 : 1));
    return format([...entries.sort(compareEntries), ...raw.map((i) => i.value)]);
  },
});

/** A union of two spot arrays; a torn collection never held data worth more than a readable one. */
function unionSpot(path: string, a: Version, b: Version, format: (items: unknown[]) => string): MergeOutcome {
  const merged = unionKeyed(path, a, b, spotRule(format));
  if (merged) return merged;
  const [ra, rb] = [spotItems(a.bytes) !== undefined, spotItems(b.bytes) !== undefined];
  if (ra === rb) return leaveAlone(path, a, b, 'both versions unreadable: each side keeps its own');
  return choose(path, a, b, ra ? 'a' : 'b', 'readable version beats a torn one');
}

/** `spot-history-YYYY.json`: a fact collection, merged by union. */
const spotHistoryKind: FileKind = {
  name: 'spot history',
  matches: (path) => parseSpotHistoryPath(path) !== undefined,
  merge: (path, a, b) => unionSpot(path, a, b, formatLines),
};

/** Hourly views: union of both files' entries, then rebuilt over the hour's slot facts (see below). */
const hourlyKind: FileKind = {
  name: 'hourly view',
  matches: (path) => parseHourlyPath(path) !== undefined,
  merge: (path, a, b) => {
    const merged = unionSpot(path, a, b, formatPretty);
    // The rebuild lets a slot fact decide a disagreement; what is left is reported after it.
    for (const c of merged.conflicts) c.mootIfRebuilt = true;
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
