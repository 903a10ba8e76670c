/**
 * The Goldback exchange rate files, in the real repository's shape:
 *
 * - `data/goldback-YYYY.json` — a fact collection keyed by date: `[{date, g1_usd, scraped_at}]`, newest
 *   date first (as the original wrote it). A date, once recorded, is never rewritten; two versions merge
 *   by union (the merge rule lives with sync's other families: src/sync/state-kinds.ts, docs/SYNC.md).
 * - `data/api/goldback-spot.json` — a state snapshot `{date, scraped_at, g1_usd, denominations, source,
 *   confidence}`: of two versions the one with the later `scraped_at` wins (src/sync/state-kinds.ts).
 *
 * Reads are lenient (every file the original wrote parses), writes strict (checked before disk).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextIfExists, writeFileAtomic } from './atomic.js';
import { formatPretty, parseJson } from './json.js';
import * as z from './zod.js';

export const GOLDBACK_SPOT_PATH = 'data/api/goldback-spot.json';
export const goldbackLogPath = (year: string | number) => `data/goldback-${year}.json`;
export const GOLDBACK_LOG_RE = /^data\/goldback-\d{4}\.json$/;
/** Dealer id of the facts priced from the exchange rate (src/retail/goldback.ts). */
export const GOLDBACK_VENDOR = 'goldback';
/** Denomination coins the original listed (G1 = 1/1000 oz of gold). */
export const GOLDBACK_DENOMINATIONS = [1, 2, 5, 10, 25, 50] as const;

export const goldbackCoinSlug = (n: number) => `goldback-g${n}`;

/** `coins_meta` of a denomination coin the catalog does not describe. */
export function goldbackCoinMeta(slug: string): { name: string; metal: string; weight: number } | undefined {
  const n = Number(/^goldback-g(\d+)$/.exec(slug)?.[1]);
  if (!(GOLDBACK_DENOMINATIONS as readonly number[]).includes(n)) return undefined;
  return { name: `Goldback G${n}`, metal: 'goldback', weight: n };
}

/** Denominations the spot file lists (the real file's keys, in its order). */
export const SPOT_DENOMINATIONS = [1, 5, 10, 25, 50] as const;

const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'));
const isoMs = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'must be ISO-8601 UTC with milliseconds'));
const usd = z.number().check(
  z.positive(),
  z.refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'must be in cents'),
);

export const goldbackLogEntryWrite = z.strictObject({ date, g1_usd: usd, scraped_at: isoMs });
export type GoldbackLogEntry = z.infer<typeof goldbackLogEntryWrite>;
export const goldbackLogWrite = z.array(goldbackLogEntryWrite).check(
  z.superRefine((rows, ctx) => {
    if (rows.some((r, i) => i > 0 && r.date >= rows[i - 1]!.date))
      ctx.addIssue({ code: 'custom', message: 'dates must be strictly descending (newest first)' });
  }),
);

export const goldbackSpotWrite = z.strictObject({
  date,
  scraped_at: isoMs,
  g1_usd: usd,
  denominations: z.strictObject({ g1: usd, g5: usd, g10: usd, g25: usd, g50: usd }),
  source: z.literal('goldback.com'),
  confidence: z.enum(['high', 'medium', 'low']),
});
export type GoldbackSpot = z.infer<typeof goldbackSpotWrite>;

const instant = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'must be a timestamp'));
export const goldbackLogEntryRead = z.object({
  date,
  g1_usd: z.number().check(z.positive()),
  scraped_at: instant,
});
export const goldbackSpotRead = z.object({
  date,
  scraped_at: instant,
  g1_usd: z.number().check(z.positive()),
});

export class GoldbackFileError extends Error {
  override name = 'GoldbackFileError';
}

/** Entries of a log file; a torn file reads as empty, an unreadable entry is an error naming it. */
export function parseGoldbackLog(text: string, source: string): GoldbackLogEntry[] {
  const parsed = parseJson(text);
  if (!parsed.ok) return [];
  if (!Array.isArray(parsed.value)) throw new GoldbackFileError(`${source}: not a JSON array`);
  return parsed.value.map((item, i) => {
    const r = goldbackLogEntryRead.safeParse(item);
    if (!r.success) throw new GoldbackFileError(`${source}, entry ${i}: ${z.prettifyError(r.error)}`);
    return {
      date: r.data.date,
      g1_usd: r.data.g1_usd,
      scraped_at: new Date(r.data.scraped_at).toISOString(),
    };
  });
}

const formatGoldbackLog = (rows: GoldbackLogEntry[]) => formatPretty(goldbackLogWrite.parse(rows));

/** The spot snapshot of one reading. */
export function goldbackSpot(entry: GoldbackLogEntry, confidence: GoldbackSpot['confidence']): GoldbackSpot {
  const times = (n: number) => Math.round(entry.g1_usd * n * 100) / 100;
  return goldbackSpotWrite.parse({
    date: entry.date,
    scraped_at: entry.scraped_at,
    g1_usd: entry.g1_usd,
    denominations: Object.fromEntries(SPOT_DENOMINATIONS.map((n) => [`g${n}`, times(n)])),
    source: 'goldback.com',
    confidence,
  });
}

/** The current spot snapshot, if readable. */
export async function readGoldbackSpot(root: string): Promise<z.infer<typeof goldbackSpotRead> | undefined> {
  const p = parseJson((await readTextIfExists(join(root, GOLDBACK_SPOT_PATH))) ?? '');
  const r = p.ok ? goldbackSpotRead.safeParse(p.value) : undefined;
  return r?.success ? r.data : undefined;
}

/**
 * Records one reading: appended to its year's log unless that date is already there (a fact is never
 * rewritten), and the spot snapshot replaced only when this reading is newer. Returns the paths written.
 */
export async function recordGoldbackRate(
  root: string,
  entry: GoldbackLogEntry,
  confidence: GoldbackSpot['confidence'],
): Promise<string[]> {
  goldbackLogEntryWrite.parse(entry);
  const written: string[] = [];
  const logPath = goldbackLogPath(entry.date.slice(0, 4));
  const before = await readTextIfExists(join(root, logPath));
  const rows = parseGoldbackLog(before ?? '', logPath);
  if (!rows.some((r) => r.date === entry.date)) {
    // Newest date first, as the original wrote it.
    const text = formatGoldbackLog([...rows, entry].sort((a, b) => (a.date < b.date ? 1 : -1)));
    await writeFileAtomic(join(root, logPath), text);
    written.push(logPath);
  }
  const current = await readTextIfExists(join(root, GOLDBACK_SPOT_PATH));
  const next = formatPretty(goldbackSpot(entry, confidence));
  const newer = (text: string) => {
    const p = parseJson(text);
    const r = p.ok ? goldbackSpotRead.safeParse(p.value) : undefined;
    return !r?.success || Date.parse(r.data.scraped_at) < Date.parse(entry.scraped_at);
  };
  if (current === undefined || newer(current)) {
    await writeFileAtomic(join(root, GOLDBACK_SPOT_PATH), next);
    written.push(GOLDBACK_SPOT_PATH);
  }
  return written;
}

/**
 * `g1_usd` of the newest entry in the newest `data/goldback-YYYY.json`, if any — read leniently: rows
 * that are not a dated positive rate are passed over (what a retail run checks Goldback prices against).
 */
export async function newestGoldbackRate(root: string): Promise<number | undefined> {
  const names = (await readdir(join(root, 'data')).catch(() => [] as string[]))
    .filter((n) => GOLDBACK_LOG_RE.test(`data/${n}`))
    .sort()
    .reverse();
  for (const name of names) {
    const parsed = parseJson((await readTextIfExists(join(root, 'data', name))) ?? '');
    if (!parsed.ok || !Array.isArray(parsed.value)) continue;
    const rows = parsed.value.filter(
      (r): r is { date: string; g1_usd: number } =>
        typeof r?.date === 'string' && typeof r?.g1_usd === 'number' && r.g1_usd > 0,
    );
    rows.sort((a, b) => (a.date < b.date ? 1 : -1));
    if (rows[0]) return rows[0].g1_usd;
  }
  return undefined;
}
