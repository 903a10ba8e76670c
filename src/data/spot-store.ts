/**
 * The spot part of a data repository on disk, with its merge rules (DESIGN §2.1):
 * slot facts are create-only; an hourly file is the union view of its hour's slot facts and the
 * entries it already holds; spot history is a union keyed by (timestamp, metal).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic.js';
import { formatLines, formatPretty, parseJson } from './json.js';
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

export type SpotFileRead =
  | { status: 'missing' }
  | { status: 'corrupt'; error: string }
  | { status: 'ok'; entries: SpotEntry[]; rejected: string[] };

/** Reads a spot file leniently: entries that cannot be understood are listed, not fatal. */
export async function readSpotFile(root: string, relPath: string): Promise<SpotFileRead> {
  let text: string;
  try {
    text = await readFile(join(root, relPath), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw err;
  }
  return parseSpotText(text);
}

export function parseSpotText(text: string): SpotFileRead {
  const parsed = parseJson(text);
  if (!parsed.ok) return { status: 'corrupt', error: parsed.error };
  if (!Array.isArray(parsed.value)) return { status: 'corrupt', error: 'not a JSON array' };
  const entries: SpotEntry[] = [];
  const rejected: string[] = [];
  parsed.value.forEach((item, i) => {
    const r = spotEntryRead.safeParse(item);
    if (r.success) entries.push(r.data);
    else rejected.push(`entry ${i}: ${z.prettifyError(r.error).replace(/\n/g, '; ')}`);
  });
  return { status: 'ok', entries, rejected };
}

export type SlotWrite = 'created' | 'exists' | 'repaired';

/**
 * Writes a slot fact if the slot has none. A file that exists is never changed — unless it is torn
 * (empty, NUL bytes, not JSON), in which case it never held data and is repaired.
 */
export async function writeSlot(root: string, slot: Date, entries: SpotEntry[]): Promise<SlotWrite> {
  const rel = slotPath(slot);
  const content = formatPretty(slotFileWrite.parse(entries.map(orderedEntry)));
  const existing = await readSpotFile(root, rel);
  if (existing.status === 'ok') return 'exists';
  await writeFileAtomic(join(root, rel), content);
  return existing.status === 'corrupt' ? 'repaired' : 'created';
}

/** Names (minutes since midnight) of the slot files present on one UTC day, legacy names included. */
export async function slotFileMinutes(root: string, day: Date): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  let names: string[];
  try {
    names = await readdir(join(root, slotDayDir(day)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw err;
  }
  for (const name of names) {
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
      if (rel) present = (await readSpotFile(root, rel)).status === 'ok';
    }
    if (!present) missing.push(slot);
  }
  return missing;
}

/** The hourly view's entries for the hour starting at `hour`: existing entries ∪ that hour's slot facts. */
export async function hourlyView(root: string, hour: Date): Promise<SpotEntry[]> {
  const byKey = new Map<string, SpotEntry>();
  const existing = await readSpotFile(root, hourlyPath(hour));
  if (existing.status === 'ok') for (const e of existing.entries) byKey.set(entryKey(e), e);
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
  return [...byKey.values()].map(orderedEntry).sort(compareEntries);
}

/** Rebuilds one hourly view; writes only when its bytes change. Returns true when written. */
export async function rebuildHourly(root: string, hour: Date): Promise<boolean> {
  const entries = await hourlyView(root, hour);
  if (entries.length === 0) return false;
  const rel = hourlyPath(hour);
  const content = formatPretty(entries);
  // Entries carried over from the existing file are kept as they are, even legacy ones a strict
  // writer would refuse (DESIGN §2.3 invariant 1: no command removes an entry).
  const current = await readFile(join(root, rel), 'utf8').catch(() => undefined);
  if (current === content) return false;
  await writeFileAtomic(join(root, rel), content);
  return true;
}

export interface HistoryMerge {
  added: SpotEntry[];
  /** Keys present with a different value; the existing value is kept. */
  conflicts: Array<{ key: string; kept: number; offered: number }>;
}

/** Reads `spot-history-YYYY.json`; a missing file is an empty history. */
export async function readSpotHistory(root: string, year: number): Promise<SpotEntry[]> {
  const r = await readSpotFile(root, spotHistoryPath(year));
  if (r.status === 'corrupt') throw new Error(`${spotHistoryPath(year)} cannot be read: ${r.error}`);
  return r.status === 'ok' ? r.entries : [];
}

/** Union of the year's history with `offered` entries; existing keys win. Writes only when something is added. */
export async function mergeSpotHistory(
  root: string,
  year: number,
  offered: SpotEntry[],
): Promise<HistoryMerge> {
  const current = await readSpotHistory(root, year);
  const byKey = new Map(current.map((e) => [entryKey(e), e]));
  const added: SpotEntry[] = [];
  const conflicts: HistoryMerge['conflicts'] = [];
  for (const e of offered) {
    const key = entryKey(e);
    const have = byKey.get(key);
    if (have) {
      if (have.spot !== e.spot) conflicts.push({ key, kept: have.spot, offered: e.spot });
      continue;
    }
    spotFileWrite.element.parse(e);
    byKey.set(key, e);
    added.push(e);
  }
  if (added.length > 0) {
    const all = [...byKey.values()].map(orderedEntry).sort(compareEntries);
    await writeFileAtomic(join(root, spotHistoryPath(year)), formatLines(all));
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
    const files = await slotFileMinutes(root, new Date(day));
    for (const [minute, path] of [...files.entries()].sort(([a], [b]) => a - b)) {
      const at = new Date(day + minute * 60_000);
      if (at < from || at >= to) continue;
      const fact = await readSpotFile(root, path);
      if (fact.status === 'ok' && fact.entries.length > 0) out.push({ at, path, entries: fact.entries });
    }
  }
  return out;
}
