/**
 * A coin's facts, one UTC day at a time: what each day contributes to the views (its windows, its
 * history entry, each dealer's trail), so that a run re-reads only the days whose facts changed.
 *
 * A day's part depends on its own facts and, for the windows at its start, on the dealers' last reads
 * of the day before (a price read less than FRESH_MS earlier is fresh). Folding the days in order gives
 * exactly what walking all the facts at once gives (coin.ts), so views built from cached days are
 * byte-identical to views built from the facts.
 *
 * The cache (optional, outside the data tree: a clone's `.git`) keeps each past day's part keyed by the
 * stat of its fact file and of the day before's (inode, size, mtime in ns: a fact file is only ever
 * replaced by an atomic rename or a checkout, both give it a new inode and mtime). As git does for its
 * index, an entry is trusted only when the fact files are older than the cache file that holds it, so a
 * file rewritten within the same timestamp tick is read again. A file holding a fact of another day
 * (never written so here, possible from a foreign writer) makes its coin take the slow path: all of its
 * facts sorted and cut by day, as coin.ts would walk them.
 */
import { lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readDirNames, readTextIfExists, TEMP_PREFIX, writeFileAtomic } from '../atomic.js';
import { parseJson } from '../json.js';
import { compareFacts, type Fact, isFailure, readFactFile, retailFactPath } from '../retail-facts.js';
import { DAY, formatDate } from '../time.js';
import { addFact, coinHistory, coinWindows, type DealerTrail, type Trails } from './coin.js';
import type { HistoryEntry, Window } from './schemas.js';

/** One coin's part of one UTC day. */
export interface CoinDay {
  date: string;
  trails: Trails;
  /** The day's history entry; undefined when no fact of the day told anything. */
  history?: HistoryEntry;
  windows: Window[];
  /** Time of the day's newest fact, and of its newest fact that was not a failure. */
  newest: number;
  told?: number;
}

/** Bump when what a CoinDay holds or how it is computed changes: older cache files are then ignored. */
const CACHE_VERSION = 1;

function coinDay(date: string, facts: readonly Fact[], before: Trails | undefined): CoinDay | undefined {
  if (facts.length === 0) return undefined;
  const windows = coinWindows(facts, before);
  const trails: Trails = new Map();
  for (const f of facts) addFact(trails, f);
  return {
    date,
    trails,
    history: coinHistory(facts, windows, new Set([date]))[0],
    windows,
    newest: facts.at(-1)!.time,
    told: facts.findLast((f) => !isFailure(f))?.time,
  };
}

/** Facts cut into UTC days (by their own time) and each day's part, in order. */
function daysOf(facts: Fact[]): CoinDay[] {
  facts.sort(compareFacts);
  const byDate = new Map<string, Fact[]>();
  for (const f of facts) {
    const date = f.observedAt.slice(0, 10);
    const list = byDate.get(date);
    if (list) list.push(f);
    else byDate.set(date, [f]);
  }
  const out: CoinDay[] = [];
  for (const [date, list] of byDate) {
    const prev = out.at(-1);
    const day = coinDay(date, list, prev && prev.date === addDays(date, -1) ? prev.trails : undefined);
    if (day) out.push(day);
  }
  return out;
}

const addDays = (date: string, n: number) => formatDate(new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY));

interface Entry {
  key: string;
  prevKey: string;
  /** The fact file's mtime, for the racy check. */
  mtimeNs: bigint;
  /** Read from the cache, `day.windows` is empty: they are in the day's windows file. */
  day: CoinDay;
}

/** Cached days of the read days: `{date: {coin: entry}}`, trusted entries only. */
type Cache = Map<string, Map<string, Entry>>;

async function statKey(path: string): Promise<{ key: string; mtimeNs: bigint } | undefined> {
  try {
    const s = await lstat(path, { bigint: true });
    return { key: `${s.ino}:${s.size}:${s.mtimeNs}`, mtimeNs: s.mtimeNs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A fact as the cache keeps it: what the views read of it; the coin and dealer are the trail's. */
type CachedFact = [
  observedAt: string,
  price: number | null,
  inStock: boolean,
  method: Fact['method'],
  visionAgrees?: boolean,
];
type CachedTrail = { facts: CachedFact[] } & Partial<Record<keyof DealerTrail, number>>;
const TRAIL_KEYS = ['first', 'latest', 'answer', 'inStock', 'priced'] as const;

function encodeTrail(t: DealerTrail): CachedTrail {
  const facts: Fact[] = [];
  const out: CachedTrail = { facts: [] };
  for (const k of TRAIL_KEYS) {
    const f = t[k];
    if (!f) continue;
    if (!facts.includes(f)) facts.push(f);
    out[k] = facts.indexOf(f);
  }
  out.facts = facts.map((f) => {
    const row: CachedFact = [f.observedAt, f.price, f.inStock, f.method];
    if (f.visionAgrees !== undefined) row.push(f.visionAgrees);
    return row;
  });
  return out;
}

function decodeTrail(coin: string, vendor: string, c: CachedTrail): DealerTrail {
  const facts = c.facts.map(
    ([observedAt, price, inStock, method, visionAgrees]): Fact => ({
      observedAt,
      vendor,
      price,
      inStock,
      method,
      ...(visionAgrees !== undefined && { visionAgrees }),
      coin,
      time: Date.parse(observedAt),
    }),
  );
  const pick = (k: keyof DealerTrail) => (c[k] === undefined ? undefined : facts[c[k]]);
  return {
    first: pick('first')!,
    latest: pick('latest')!,
    answer: pick('answer'),
    inStock: pick('inStock'),
    priced: pick('priced'),
  };
}

const cachePath = (dir: string, date: string) => join(dir, `${date}.json`);
/** A day's windows apart: only the newest days' are read (the 24 hours of latest.json). */
const windowsPath = (dir: string, date: string) => join(dir, `${date}.windows.json`);

async function loadCache(dir: string, dates: readonly string[]): Promise<Cache> {
  const cache: Cache = new Map();
  for (const date of dates) {
    const path = cachePath(dir, date);
    const [text, written] = await Promise.all([
      readTextIfExists(path, dir).catch(() => undefined),
      statKey(path).catch(() => undefined),
    ]);
    const parsed = parseJson(text ?? '');
    const value = parsed.ok
      ? (parsed.value as { version?: unknown; mtimeNs?: unknown; coins?: unknown })
      : {};
    if (!written || value?.version !== CACHE_VERSION || typeof value.coins !== 'object' || !value.coins)
      continue;
    const coins = new Map<string, Entry>();
    for (const [coin, raw] of Object.entries(
      value.coins as Record<string, Omit<Entry, 'mtimeNs'> & { mtimeNs: string }>,
    )) {
      // Racy files (changed in the tick the cache was written) are read again.
      if (BigInt(raw.mtimeNs) >= written.mtimeNs) continue;
      const trails: Trails = new Map(
        Object.entries(raw.day.trails as unknown as Record<string, CachedTrail>).map(([vendor, t]) => [
          vendor,
          decodeTrail(coin, vendor, t),
        ]),
      );
      const day = { ...raw.day, trails, windows: [] };
      coins.set(coin, { key: raw.key, prevKey: raw.prevKey, mtimeNs: BigInt(raw.mtimeNs), day });
    }
    cache.set(date, coins);
  }
  return cache;
}

/** Writes the cache of the past read days and drops the files of days no longer read. */
async function saveCache(dir: string, fresh: Map<string, Map<string, Entry>>, dates: readonly string[]) {
  for (const [date, coins] of fresh) {
    const value = {
      version: CACHE_VERSION,
      coins: Object.fromEntries(
        [...coins].map(([coin, e]) => [
          coin,
          {
            key: e.key,
            prevKey: e.prevKey,
            mtimeNs: String(e.mtimeNs),
            day: {
              ...e.day,
              trails: Object.fromEntries([...e.day.trails].map(([vendor, t]) => [vendor, encodeTrail(t)])),
              windows: undefined,
            },
          },
        ]),
      ),
    };
    const windows = Object.fromEntries([...coins].map(([coin, e]) => [coin, e.day.windows]));
    await writeFileAtomic(windowsPath(dir, date), JSON.stringify(windows));
    await writeFileAtomic(cachePath(dir, date), JSON.stringify(value));
  }
  // Bounded: the read days' files; a crashed run's temporary files (the cache is written under the clone's lock).
  const keep = new Set(dates.map((d) => `${d}.json`));
  for (const name of await readDirNames(dir).catch(() => [] as string[]))
    if (
      name.startsWith(TEMP_PREFIX) ||
      (/^\d{4}-\d{2}-\d{2}(\.windows)?\.json$/.test(name) && !keep.has(name.replace('.windows', '')))
    )
      await rm(join(dir, name), { force: true });
}

export interface CoinDaysOptions {
  root: string;
  /** The read days (YYYY-MM-DD, ascending): the last HISTORY_DAYS fact days and one of context. */
  dates: readonly string[];
  /** Coins with a fact file on each read day. */
  coinsByDate: ReadonlyMap<string, readonly string[]>;
  now: Date;
  /** Where past days' parts are kept between runs; none: every day is read. */
  cacheDir?: string;
}

/**
 * Every coin's days (ascending) over the read days, facts after `now` left out. Past days come from
 * the cache when their fact files (and the day before's) are unchanged; today's are always read.
 */
export async function readCoinDays(o: CoinDaysOptions): Promise<Map<string, CoinDay[]>> {
  const today = formatDate(o.now);
  const read = new Set(o.dates);
  const cache = o.cacheDir ? await loadCache(o.cacheDir, o.dates) : new Map();
  const fresh = new Map<string, Map<string, Entry>>();
  const coins = [...new Set([...o.coinsByDate.values()].flat())].sort();
  const windowFiles = new Map<string, Promise<Record<string, Window[] | undefined> | undefined>>();
  const cachedWindows = async (date: string, coin: string) => {
    if (!o.cacheDir) return undefined;
    const dir = o.cacheDir;
    if (!windowFiles.has(date))
      windowFiles.set(
        date,
        readTextIfExists(windowsPath(dir, date), dir).then(
          (text) => {
            const parsed = parseJson(text ?? '');
            return parsed.ok && parsed.value && typeof parsed.value === 'object'
              ? (parsed.value as Record<string, Window[]>)
              : undefined;
          },
          () => undefined,
        ),
      );
    const w = (await windowFiles.get(date))?.[coin];
    return Array.isArray(w) ? w : undefined;
  };
  const out = new Map<string, CoinDay[]>();
  for (const coin of coins) {
    const days: CoinDay[] = [];
    // The windows of the newest days make latest.json's 24 hours (the newest may hold only future facts).
    const newestDates = new Set(o.dates.filter((d) => o.coinsByDate.get(d)?.includes(coin)).slice(-3));
    const keys = new Map<string, string>();
    let irregular = false;
    for (const date of o.dates) {
      if (!o.coinsByDate.get(date)?.includes(coin)) continue;
      const path = retailFactPath(new Date(`${date}T00:00:00Z`), coin);
      const stamp = await statKey(join(o.root, path));
      if (!stamp) continue;
      keys.set(date, stamp.key);
      const prevDate = addDays(date, -1);
      const prevKey = (read.has(prevDate) && keys.get(prevDate)) || '';
      const prev = days.at(-1)?.date === prevDate ? days.at(-1) : undefined;
      const hit = date < today ? cache.get(date)?.get(coin) : undefined;
      if (hit && hit.key === stamp.key && hit.prevKey === prevKey) {
        const windows = newestDates.has(date) ? await cachedWindows(date, coin) : [];
        if (windows) {
          days.push({ ...hit.day, windows });
          continue;
        }
      }
      const facts = (await readFactFile(o.root, path, coin)).filter((f) => f.time <= o.now.getTime());
      if (facts.some((f) => f.observedAt.slice(0, 10) !== date)) {
        irregular = true;
        break;
      }
      const day = coinDay(date, facts.sort(compareFacts), prev?.trails);
      if (!day) continue;
      days.push(day);
      if (date < today) {
        const list = fresh.get(date) ?? new Map();
        list.set(coin, { key: stamp.key, prevKey, day, mtimeNs: stamp.mtimeNs });
        fresh.set(date, list);
      }
    }
    if (irregular) {
      const all: Fact[] = [];
      for (const date of o.dates)
        if (o.coinsByDate.get(date)?.includes(coin))
          all.push(
            ...(await readFactFile(o.root, retailFactPath(new Date(`${date}T00:00:00Z`), coin), coin)),
          );
      const cut = daysOf(all.filter((f) => f.time <= o.now.getTime()));
      if (cut.length > 0) out.set(coin, cut);
      for (const list of fresh.values()) list.delete(coin);
      continue;
    }
    if (days.length > 0) out.set(coin, days);
  }
  if (o.cacheDir) {
    // Entries of the day's other coins that were still good stay in its file, with their windows.
    for (const [date, list] of fresh)
      for (const [coin, e] of cache.get(date) ?? []) {
        const windows = list.has(coin) ? undefined : await cachedWindows(date, coin);
        if (windows) list.set(coin, { ...e, day: { ...e.day, windows } });
      }
    await saveCache(o.cacheDir, fresh, o.dates).catch(() => undefined); // A cache that cannot be written only costs time.
  }
  return out;
}
