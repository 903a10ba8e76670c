/**
 * The spot part of a data repository on disk, with its merge rules (DESIGN §2.1):
 * slot facts are create-only; an hourly file is the union view of its hour's slot facts and the
 * entries it already holds; spot history is a union keyed by (timestamp, metal).
 */
import { join } from 'node:path';
import { readDirNames, readSmallTextIfExists, readTextIfExists, writeFileAtomic } from './atomic.js';
import { arrayElements, formatLines, formatPretty, formatPrettyItems, parseJson, RawJson } from './json.js';
import { hourlyPath, slotDayDir, slotPath, spotHistoryPath } from './paths.js';
import {
  compareEntries,
  entryKey,
  orderedEntry,
  type SpotEntry,
  slotFileWrite,
  spotEntryRead,
  spotFileWrite,
} from './spot.js';
import { HOUR, SLOT } from './time.js';
import * as z from './zod.js';

/**
 * One element of a spot array as found on disk. `known` is set when it is an entry this toolkit
 * would write exactly so (canonical shape, no extra field); any other element — an unknown metal,
 * a missing field, a string price, an unreadable timestamp, extra fields, another key order — is
 * foreign: held as its source text and written back unchanged by every rewrite.
 */
export interface SpotItem {
  raw: string;
  known?: SpotEntry;
}

export type SpotFileRead =
  | { status: 'missing' }
  | { status: 'corrupt'; error: string; torn: boolean }
  | { status: 'ok'; entries: SpotEntry[]; rejected: string[]; items: SpotItem[] };

/**
 * Spot files already parsed, by their text. A poll reads the same days for several ends (known
 * prices, missing slots, the reference day, the hourly view); a text it reads again is not parsed
 * again. Bounded, oldest dropped first; what it holds is shared, so it is frozen.
 */
const parsedTexts = new Map<string, SpotFileRead>();
const PARSED_TEXTS_MAX = 1024;

/**
 * A spot file's text; undefined when there is none; a corrupt read when a folder stands where the
 * file belongs (a repository's content, not ours to crash on).
 */
async function spotText(root: string, relPath: string): Promise<string | undefined | SpotFileRead> {
  try {
    return await readSmallTextIfExists(join(root, relPath), root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EISDIR') throw err;
    return { status: 'corrupt', error: 'is a folder, not a file', torn: false };
  }
}

/** Reads a spot file leniently: entries that cannot be understood are listed, not fatal. */
export async function readSpotFile(root: string, relPath: string): Promise<SpotFileRead> {
  const text = await spotText(root, relPath);
  if (text === undefined) return { status: 'missing' };
  if (typeof text !== 'string') return text;
  let read = parsedTexts.get(text);
  if (!read) {
    read = parseSpotText(text);
    if (read.status === 'ok') Object.freeze(read.entries);
    if (parsedTexts.size >= PARSED_TEXTS_MAX) parsedTexts.delete(parsedTexts.keys().next().value!);
    parsedTexts.set(text, read);
  }
  return read;
}

/** A spot file's JSON array, or why the file is corrupt. */
function spotArray(text: string): { values: unknown[] } | (SpotFileRead & { status: 'corrupt' }) {
  const parsed = parseJson(text);
  if (!parsed.ok) return { status: 'corrupt', error: parsed.error, torn: true };
  if (!Array.isArray(parsed.value))
    return { status: 'corrupt', error: 'is valid JSON but not an array of entries', torn: false };
  return { values: parsed.value };
}

/**
 * Whether a spot file is there and readable (`readSpotFile` would say 'ok'), its elements not looked
 * at: what telling a filled slot from a missing one needs.
 */
export async function spotFileReadable(root: string, relPath: string): Promise<boolean> {
  const text = await spotText(root, relPath);
  if (typeof text !== 'string') return false;
  const known = parsedTexts.get(text);
  return known ? known.status === 'ok' : 'values' in spotArray(text);
}

/** `entries`: every element a lenient reader understands (normalised); `items`: all of them, raw. */
export function parseSpotText(text: string): SpotFileRead {
  const array = spotArray(text);
  if (!('values' in array)) return array;
  const values = array.values;
  const entries: SpotEntry[] = [];
  const rejected: string[] = [];
  const understood = values.map((value, i) => {
    const r = spotEntryRead.safeParse(value);
    if (r.success) {
      entries.push(r.data);
      return r.data;
    }
    rejected.push(`entry ${i}: ${z.prettifyError(r.error).replace(/\n/g, '; ')}`);
    return undefined;
  });
  let items: SpotItem[] | undefined;
  return {
    status: 'ok',
    entries,
    rejected,
    // Only a rewrite needs the elements' source text: a poll reads days of files for their entries.
    get items() {
      if (!items) {
        const raws = arrayElements(text);
        items = values.map((value, i) => {
          const known = understood[i] && orderedEntry(understood[i]);
          return known && JSON.stringify(known) === JSON.stringify(value)
            ? { raw: raws[i]!, known }
            : { raw: raws[i]! };
        });
      }
      return items;
    },
  };
}

/**
 * The items of a rewritten spot array: `known` in its sort order, and each foreign item of the
 * file as it was (`existing`) right after the known entry it followed there (at the start when
 * none did), in its original order. So a rewrite keeps every foreign entry byte for byte and in
 * place among its neighbours; an anchor that is gone (never expected: rewrites keep every key)
 * leaves its items at the end.
 */
export function withForeign(existing: readonly SpotItem[], known: readonly SpotEntry[]): unknown[] {
  const after = new Map<string, RawJson[]>();
  let anchor = '';
  for (const item of existing) {
    if (item.known) anchor = entryKey(item.known);
    else after.set(anchor, [...(after.get(anchor) ?? []), new RawJson(item.raw)]);
  }
  const out: unknown[] = [...(after.get('') ?? [])];
  after.delete('');
  for (const e of known) {
    out.push(e);
    const held = after.get(entryKey(e));
    if (held) out.push(...held);
    after.delete(entryKey(e));
  }
  for (const held of after.values()) out.push(...held);
  return out;
}

/**
 * The known entries of a file by key. A later entry repeating a key is treated as foreign, so a
 * rewrite keeps it too (in place) instead of silently collapsing the pair.
 */
function keyed(found: readonly SpotItem[]): { items: SpotItem[]; byKey: Map<string, SpotEntry> } {
  const byKey = new Map<string, SpotEntry>();
  const items = found.map((item) => {
    if (!item.known) return item;
    const key = entryKey(item.known);
    if (byKey.has(key)) return { raw: item.raw };
    byKey.set(key, item.known);
    return item;
  });
  return { items, byKey };
}

/** A file that is valid JSON but no array was written by something else: never overwritten. */
function refuseForeignFile(relPath: string, read: SpotFileRead): void {
  if (read.status === 'corrupt' && !read.torn)
    throw new Error(`${relPath} ${read.error}; refusing to overwrite it`);
}

export type SlotWrite = 'created' | 'exists' | 'repaired';

/**
 * The strict write schema's verdict; a refusal names the file, the entry (index and metal) and the
 * field, so the user sees what would have been written where — nothing is.
 */
function checkedForWrite<T>(schema: z.ZodMiniType<T>, entries: SpotEntry[], rel: string): T {
  const r = schema.safeParse(entries);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    const [index, field] = i.path;
    const entry = typeof index === 'number' ? entries[index] : undefined;
    const where =
      typeof index === 'number'
        ? `entry ${index}${entry?.metal ? ` (${entry.metal})` : ''}${field !== undefined ? ` field "${String(field)}"` : ''}`
        : 'the file';
    return `${where}: ${i.message}`;
  });
  throw new Error(`refusing to write ${rel}: ${problems.join('; ')}`);
}

/**
 * Writes a slot fact if the slot has none. A file that exists is never changed — unless it is torn
 * (empty, NUL bytes, not JSON), in which case it never held data and is repaired.
 */
export async function writeSlot(root: string, slot: Date, entries: SpotEntry[]): Promise<SlotWrite> {
  const rel = slotPath(slot);
  const content = formatPretty(checkedForWrite(slotFileWrite, entries.map(orderedEntry), rel));
  const existing = await readSpotFile(root, rel);
  if (existing.status === 'ok') return 'exists';
  refuseForeignFile(rel, existing);
  await writeFileAtomic(join(root, rel), content, root);
  return existing.status === 'corrupt' ? 'repaired' : 'created';
}

/** Names (minutes since midnight) of the slot files present on one UTC day, legacy names included. */
export async function slotFileMinutes(root: string, day: Date): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const name of await readDirNames(join(root, slotDayDir(day)), root)) {
    const m = /^(\d{2})(\d{2})\.json$/.exec(name);
    if (m) out.set(Number(m[1]) * 60 + Number(m[2]), `${slotDayDir(day)}/${name}`);
  }
  return out;
}

/**
 * Slot starts in [from, to) that have no readable fact. A legacy file with a non-aligned name
 * (`1205.json`) counts for the 15-minute slot it falls in.
 */
export async function missingSlots(root: string, from: Date, to: Date): Promise<Date[]> {
  const missing: Date[] = [];
  const byDay = new Map<string, Map<number, string>>();
  for (let t = from.getTime(); t < to.getTime(); t += SLOT) {
    const slot = new Date(t);
    const dayKey = slotDayDir(slot);
    let files = byDay.get(dayKey);
    if (!files) {
      files = await slotFileMinutes(root, slot);
      byDay.set(dayKey, files);
    }
    const start = slot.getUTCHours() * 60 + slot.getUTCMinutes();
    let present = false;
    for (let m = start; m < start + 15 && !present; m++) {
      const rel = files.get(m);
      if (rel) present = await spotFileReadable(root, rel);
    }
    if (!present) missing.push(slot);
  }
  return missing;
}

/**
 * The hourly view of the hour starting at `hour`: existing known entries ∪ that hour's slot facts,
 * sorted, with the file's foreign entries kept in place (`withForeign`).
 */
export async function hourlyView(root: string, hour: Date): Promise<unknown[]> {
  const rel = hourlyPath(hour);
  const existing = await readSpotFile(root, rel);
  refuseForeignFile(rel, existing);
  const { items, byKey } = keyed(existing.status === 'ok' ? existing.items : []);
  const files = await slotFileMinutes(root, hour);
  const start = hour.getUTCHours() * 60;
  const slotRels = [...files.entries()]
    .filter(([m]) => m >= start && m < start + 60)
    .sort(([a], [b]) => a - b)
    .map(([, rel]) => rel);
  for (const rel of slotRels) {
    const fact = await readSpotFile(root, rel);
    if (fact.status !== 'ok') continue;
    // Facts are authoritative for their (timestamp, metal) key; the view only adds what they lack.
    for (const e of fact.entries) byKey.set(entryKey(e), { ...e, source: 'hourly' });
  }
  return withForeign(items, [...byKey.values()].map(orderedEntry).sort(compareEntries));
}

/** Rebuilds one hourly view; writes only when its bytes change. Returns true when written. */
export async function rebuildHourly(root: string, hour: Date): Promise<boolean> {
  const items = await hourlyView(root, hour);
  if (items.length === 0) return false;
  const rel = hourlyPath(hour);
  const content = formatPrettyItems(items);
  // Entries carried over from the existing file are kept as they are, even legacy ones a strict
  // writer would refuse (DESIGN §2.3 invariant 1: no command removes an entry).
  const current = await readTextIfExists(join(root, rel), root);
  if (current === content) return false;
  await writeFileAtomic(join(root, rel), content, root);
  return true;
}

export interface HistoryMerge {
  added: SpotEntry[];
  /** Keys present with a different value; the existing value is kept. */
  conflicts: Array<{ key: string; kept: number; offered: number }>;
}

/** Reads `spot-history-YYYY.json` (every entry a lenient reader understands); a missing file is an empty history. */
export async function readSpotHistory(root: string, year: number): Promise<SpotEntry[]> {
  return (await readHistoryFile(root, year))?.entries ?? [];
}

async function readHistoryFile(root: string, year: number) {
  const r = await readSpotFile(root, spotHistoryPath(year));
  if (r.status === 'corrupt') throw new Error(`${spotHistoryPath(year)} cannot be read: ${r.error}`);
  return r.status === 'ok' ? r : undefined;
}

/**
 * Union of the year's history with `offered` entries; existing keys win, foreign entries stay in
 * place (`withForeign`). Writes only when something is added.
 */
export async function mergeSpotHistory(
  root: string,
  year: number,
  offered: SpotEntry[],
): Promise<HistoryMerge> {
  const { items, byKey } = keyed((await readHistoryFile(root, year))?.items ?? []);
  const added: SpotEntry[] = [];
  const conflicts: HistoryMerge['conflicts'] = [];
  for (const e of offered) {
    const key = entryKey(e);
    const have = byKey.get(key);
    if (have) {
      if (have.spot !== e.spot) conflicts.push({ key, kept: have.spot, offered: e.spot });
      continue;
    }
    checkedForWrite(spotFileWrite, [e], spotHistoryPath(year));
    byKey.set(key, e);
    added.push(e);
  }
  if (added.length > 0) {
    const known = [...byKey.values()].map(orderedEntry).sort(compareEntries);
    await writeFileAtomic(join(root, spotHistoryPath(year)), formatLines(withForeign(items, known)), root);
  }
  return { added, conflicts };
}

/** Hours (starts) covered by a set of slot times, deduplicated and sorted. */
export function hoursOf(slots: Date[]): Date[] {
  const set = new Set(slots.map((s) => Math.floor(s.getTime() / HOUR) * HOUR));
  return [...set].sort((a, b) => a - b).map((t) => new Date(t));
}

export interface SlotFact {
  /** Start of the 15-minute slot the file is named for (legacy names: the minute of their name). */
  at: Date;
  path: string;
  entries: SpotEntry[];
}

/** Readable slot facts whose file names fall in [from, to), oldest first. */
export async function slotFactsBetween(root: string, from: Date, to: Date): Promise<SlotFact[]> {
  const out: SlotFact[] = [];
  for (
    let day = Math.floor(from.getTime() / 86_400_000) * 86_400_000;
    day < to.getTime();
    day += 86_400_000
  ) {
    for (const file of await slotFilesOf(root, day, from, to, 1)) {
      const fact = await slotFactOf(root, file);
      if (fact) out.push(fact);
    }
  }
  return out;
}

/**
 * Readable slot facts in [from, to), newest first, one file at a time until `enough` (asked after
 * each fact) says so: a reader that needs only the latest facts reads a few of a day's 96 files.
 */
export async function slotFactsBackFrom(
  root: string,
  from: Date,
  to: Date,
  enough: (fact: SlotFact) => boolean,
): Promise<SlotFact[]> {
  const out: SlotFact[] = [];
  for (
    let day = Math.floor((to.getTime() - 1) / 86_400_000) * 86_400_000;
    day + 86_400_000 > from.getTime();
    day -= 86_400_000
  ) {
    for (const file of await slotFilesOf(root, day, from, to, -1)) {
      const fact = await slotFactOf(root, file);
      if (!fact) continue;
      out.push(fact);
      if (enough(fact)) return out;
    }
  }
  return out;
}

/** The slot files of one UTC day (its start, ms) named in [from, to), oldest first (`order` 1) or newest first (-1). */
async function slotFilesOf(root: string, day: number, from: Date, to: Date, order: 1 | -1) {
  return [...(await slotFileMinutes(root, new Date(day))).entries()]
    .map(([minute, path]) => ({ at: new Date(day + minute * 60_000), path }))
    .filter(({ at }) => at >= from && at < to)
    .sort((a, b) => order * (a.at.getTime() - b.at.getTime()));
}

const slotFactOf = async (root: string, file: { at: Date; path: string }): Promise<SlotFact | undefined> => {
  const fact = await readSpotFile(root, file.path);
  return fact.status === 'ok' && fact.entries.length > 0 ? { ...file, entries: fact.entries } : undefined;
};
