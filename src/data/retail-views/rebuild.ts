/**
 * Rebuilds every retail view of a data repository from its facts (DESIGN §2.1, §2.2) and writes only the
 * files whose bytes change.
 *
 * - Deterministic: views depend on the facts, the catalog and `retireAfterDays` only. `now` just hides facts
 *   from the future; `generated_at` is the time of the newest fact that told us something (a price or a
 *   stock answer), not the wall clock, so rebuilding twice — or on another machine — gives the same bytes
 *   and an unchanged repository, while an endpoint with newer data still ranks first.
 * - Nothing is lost: history entries already in a view (including those older pollers wrote) are kept
 *   unless our facts cover that day; `history.json` keeps every date, the 7d/30d files are the 7/30
 *   calendar days ending at its newest entry. A day enters the histories once it is over. Windows of an
 *   older `latest.json` still inside the 24 hours are kept where our facts have none. Every dealer an
 *   existing `latest.json` lists is carried (coin.ts) until it is retired. Every coin of the catalog or
 *   of the existing manifest stays listed until the catalog retires it (`"retired": true`); a retired
 *   coin keeps its files, marked `retired`, and leaves the manifest.
 * - Bounded work: only the facts of the last HISTORY_DAYS days (plus one day of context) are read; older
 *   days live on in history.json. With a `cacheDir` (retail-poll: the clone's `.git`), only the fact files
 *   that changed since the last run are read; the rest comes from each day's cached part (coin-days.ts).
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { exists, readTextIfExists, writeFileAtomic } from '../atomic.js';
import { goldbackCoinMeta } from '../goldback.js';
import { formatLines, parseJson, sortedRecord } from '../json.js';
import {
  type CoinView,
  coinViewPath,
  MANIFEST_PATH,
  RETAIL_API_DIR,
  RETAIL_PROVIDERS_PATH,
  RETAIL_SUMMARY_PATH,
} from '../paths.js';
import type { Catalog } from '../retail-catalog.js';
import { compareText, listFactCoins, listFactDays } from '../retail-facts.js';
import { DAY, floorDay, floorSlot, formatDate, formatIso } from '../time.js';
import * as z from '../zod.js';
import { coinLatest, isoMs, type KnownDealers, mergeTrails, type Trails } from './coin.js';
import { type CoinDay, readCoinDays } from './coin-days.js';
import { formatNested } from './format.js';
import {
  type CoinLatest,
  type CoinLatestRead,
  coinLatestRead,
  coinLatestWrite,
  coinMetaRead,
  type HistoryEntry,
  historyEntryRead,
  historyWrite,
  type Manifest,
  manifestRead,
  manifestWrite,
  providersWrite,
  readDealers,
  type Summary,
  summaryWrite,
  vendorRead,
  WINDOWS_PER_DAY,
  type Window,
  windowRead,
  windowWrite,
} from './schemas.js';
import { TrustedViews } from './trusted-views.js';

export const HISTORY_DAYS = 30;
/** Days without a reading after which a dealer leaves a coin's `vendors` and `availability_by_site`. */
export const DEFAULT_RETIRE_AFTER_DAYS = 14;

export const ENDPOINTS = {
  latest: 'api/latest.json',
  slug_latest: 'api/{slug}/latest.json',
  history: 'api/{slug}/history.json',
  history_7d: 'api/{slug}/history-7d.json',
  history_30d: 'api/{slug}/history-30d.json',
  providers: 'api/providers.json',
};

/** One line per dealer, window, coin or endpoint (see format.ts). */
const nested = (value: unknown) => formatNested(value, 2);

export interface RebuildOptions {
  root: string;
  catalog: Catalog;
  now: Date;
  /** Days without a reading after which a carried dealer is retired (default 14, at most HISTORY_DAYS). */
  retireAfterDays?: number;
  /**
   * Where each past day's part of the views is kept between runs (outside the data tree, e.g. in the
   * clone's `.git`), so a run reads only the fact files that changed; none: every read day is read.
   * The views are the same bytes either way (coin-days.ts).
   */
  cacheDir?: string;
}

export interface RebuildResult {
  /** Repository-relative paths whose bytes changed. */
  written: string[];
  /** Coins listed in the manifest. */
  coinsPublished: number;
  /** `generated_at` of the manifest now on disk, when there is one. */
  manifestAt?: string;
  /** Entries of existing views that could not be read (and so could not be carried over). */
  warnings: string[];
}

/** A view file to write: its path, its value and the schema and format it is written with. */
class Writer {
  readonly written: string[] = [];
  constructor(private readonly root: string) {}
  /** `done`: called once the file holds exactly `value` as formatted (written now, or already so). */
  async write<T>(
    path: string,
    schema: z.ZodMiniType<T>,
    value: T,
    format: (v: T) => string,
    done?: (path: string) => Promise<void>,
  ) {
    const checked = schema.safeParse(value);
    if (!checked.success) throw new Error(`refusing to write ${path}: ${z.prettifyError(checked.error)}`);
    const text = format(value);
    const full = join(this.root, path);
    if ((await readTextIfExists(full, this.root)) !== text) {
      await writeFileAtomic(full, text);
      this.written.push(path);
    }
    await done?.(path);
  }
}

/** Reads an existing view as JSON; missing or torn files read as undefined. */
async function readView(root: string, path: string): Promise<unknown> {
  const text = await readTextIfExists(join(root, path), root);
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  return parsed.ok ? parsed.value : undefined;
}

/** Parses each element of an array view on its own, so one bad entry does not cost the others. */
function readEntries<T>(value: unknown, schema: z.ZodMiniType<T>, path: string, warnings: string[]): T[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i) => {
    const r = schema.safeParse(item);
    if (r.success) return [r.data];
    warnings.push(`${path} entry ${i} kept out: ${z.prettifyError(r.error).replace(/\n/g, '; ')}`);
    return [];
  });
}

/** Slugs that have a per-coin latest.json on disk. */
async function coinsOnDisk(root: string): Promise<Set<string>> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, RETAIL_API_DIR), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw err;
  }
  const out = new Set<string>();
  for (const e of entries)
    if (e.isDirectory() && (await exists(join(root, coinViewPath(e.name, 'latest.json'))))) out.add(e.name);
  return out;
}

const addDays = (date: string, days: number) =>
  formatDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY));

interface CoinSummary {
  window_start: string;
  median_price: number | null;
  lowest_price: number | null;
  vendor_count: number;
}

const summaryOf = (l: CoinLatestRead | CoinLatest): CoinSummary => ({
  window_start: formatIso(new Date(l.window_start)),
  median_price: l.median_price,
  lowest_price: l.lowest_price,
  vendor_count: Object.values(l.vendors).filter((v) => !(v as { stale?: unknown })?.stale).length,
});

/** Start times (ms) of a coin's published 24-hour windows, for the manifest's `window_count`. */
const windowTimes = (windows: readonly unknown[]) =>
  windows.flatMap((w) => {
    const ms = Date.parse((w as { window?: string })?.window ?? '');
    return Number.isNaN(ms) ? [] : [ms];
  });

/** What an existing latest.json knew about its dealers (see KnownDealers). */
function knownDealers(existing: CoinLatestRead | undefined, path: string, warnings: string[]): KnownDealers {
  if (!existing) return { vendors: {}, availability: {}, lastKnownPrice: {}, lastAvailableDate: {} };
  const listedAt = Date.parse(existing.window_start);
  const vendors = readDealers(existing.vendors, vendorRead, `${path} vendors`, warnings);
  return {
    vendors: Object.fromEntries(
      Object.entries(vendors).map(([id, v]) => [
        id,
        { price: v.price, since: v.stale && v.stale_since ? Date.parse(v.stale_since) : listedAt },
      ]),
    ),
    availability: readDealers(
      existing.availability_by_site,
      z.boolean(),
      `${path} availability_by_site`,
      warnings,
    ),
    lastKnownPrice: readDealers(
      existing.last_known_price_by_site,
      vendorRead.shape.price,
      `${path} last_known_price_by_site`,
      warnings,
    ),
    lastAvailableDate: readDealers(
      existing.last_available_date_by_site,
      z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
      `${path} last_available_date_by_site`,
      warnings,
    ),
  };
}

async function rebuildCoin(
  root: string,
  slug: string,
  days: readonly CoinDay[],
  historyDays: ReadonlySet<string>,
  options: { retireAfterDays: number; disabled: ReadonlySet<string>; retired: boolean },
  out: Writer,
  trust: TrustedViews,
  warnings: string[],
): Promise<(CoinSummary & { windows: number[] }) | undefined> {
  // History: existing entries (history.json first, then the 30d and 7d files), our days override.
  const merged = new Map<string, HistoryEntry>();
  for (const name of ['history-7d.json', 'history-30d.json', 'history.json'] as CoinView[]) {
    const path = coinViewPath(slug, name);
    const value = await readView(root, path);
    // Our own file, unchanged since: its entries passed the strict writer (trusted-views.ts).
    const entries =
      Array.isArray(value) && (await trust.trusted(path))
        ? (value as HistoryEntry[])
        : readEntries(value, historyEntryRead, path, warnings);
    for (const e of entries) merged.set(e.date, { ...e, vendors: sortedRecord(e.vendors) });
  }
  for (const d of days) if (d.history && historyDays.has(d.date)) merged.set(d.date, d.history);
  const history = [...merged.values()].sort((a, b) => compareText(a.date, b.date));
  const last = history.at(-1);
  const newestDay = days.at(-1);
  // A coin without recent facts keeps its files byte for byte (older pollers' formatting included).
  if (last && newestDay) {
    const since = (n: number) => history.filter((e) => e.date > addDays(last.date, -n));
    const ours = (path: string) => trust.record(path);
    await out.write(coinViewPath(slug, 'history.json'), historyWrite, history, formatLines, ours);
    await out.write(coinViewPath(slug, 'history-30d.json'), historyWrite, since(30), formatLines, ours);
    await out.write(coinViewPath(slug, 'history-7d.json'), historyWrite, since(7), formatLines, ours);
  }

  const latestPath = coinViewPath(slug, 'latest.json');
  const existingValue = await readView(root, latestPath);
  const existing = coinLatestRead.safeParse(existingValue);
  if (!newestDay)
    return existing.success
      ? { ...summaryOf(existing.data), windows: windowTimes(existing.data.windows_24h) }
      : undefined;

  // Only the last two days can hold windows of the 24 hours that end at the newest fact.
  const windows = days.slice(-2).flatMap((d) => d.windows);
  // Windows of an older latest.json that our facts do not cover.
  const ours = new Set(windows.map((w) => w.window));
  const older = readEntries(
    existing.success ? existing.data.windows_24h : [],
    windowRead,
    latestPath,
    warnings,
  ).map((w): Window => ({ ...w, window: formatIso(new Date(w.window)), vendors: sortedRecord(w.vendors) }));
  const allWindows = [
    ...windows,
    ...older.filter((w) => !ours.has(w.window) && windowWrite.safeParse(w).success),
  ];
  allWindows.sort((a, b) => compareText(a.window, b.window));

  const yesterday = merged.get(addDays(newestDay.date, -1));
  const latest = coinLatest({
    slug,
    trails: days.reduce<Trails>((all, d) => mergeTrails(all, d.trails), new Map()),
    t: newestDay.newest,
    windows: allWindows,
    retireAfterDays: options.retireAfterDays,
    disabled: options.disabled,
    previousDayAvg: Object.fromEntries(Object.entries(yesterday?.vendors ?? {}).map(([v, x]) => [v, x.avg])),
    known: knownDealers(existing.success ? existing.data : undefined, latestPath, warnings),
    retired: options.retired,
  });
  await out.write(latestPath, coinLatestWrite, latest, nested);
  return { ...summaryOf(latest), windows: windowTimes(latest.windows_24h) };
}

export async function rebuildRetailViews(options: RebuildOptions): Promise<RebuildResult> {
  const { root, catalog, now } = options;
  const retireAfterDays = options.retireAfterDays ?? DEFAULT_RETIRE_AFTER_DAYS;
  if (!(retireAfterDays > 0 && retireAfterDays <= HISTORY_DAYS))
    throw new Error(
      `retire-after-days must be a number of days in 1–${HISTORY_DAYS}, got ${retireAfterDays}`,
    );
  const out = new Writer(root);
  const warnings: string[] = [];

  // Facts of the last HISTORY_DAYS fact days up to now, plus the day before for context. A day enters
  // the histories once it is over (a later day has facts): today's prices are in latest.json, and
  // rewriting today's history line in three files per coin every run would cost most of the growth.
  const days = (await listFactDays(root)).filter((d) => d.getTime() <= floorDay(now).getTime());
  const newestDay = days.at(-1)?.getTime() ?? 0;
  const read = days.filter((d) => d.getTime() >= newestDay - HISTORY_DAYS * DAY);
  const coinsByDate = new Map(
    await Promise.all(read.map(async (d) => [formatDate(d), await listFactCoins(root, d)] as const)),
  );
  const daysByCoin = await readCoinDays({
    root,
    dates: read.map(formatDate),
    coinsByDate,
    now,
    cacheDir: options.cacheDir,
  });
  const all = [...daysByCoin.values()].flat();
  const newestAt = Math.max(-Infinity, ...all.map((d) => d.newest));
  const today = Number.isFinite(newestAt) ? formatDate(new Date(newestAt)) : '';
  const historyDays = new Set(
    read
      .filter((d) => d.getTime() > newestDay - HISTORY_DAYS * DAY)
      .map((d) => formatDate(d))
      .filter((d) => d < today),
  );

  const trust = await TrustedViews.load(root, options.cacheDir);
  const onDisk = await coinsOnDisk(root);
  const previous = manifestRead.safeParse(await readView(root, MANIFEST_PATH));
  const listedBefore = previous.success ? previous.data.coins : [];
  // Listed: the catalog's coins, the coins of the existing manifest and coins with facts, unless the
  // catalog retires them. Everything else on disk is retired (kept, marked, not listed).
  const listed = new Set(
    [...Object.keys(catalog.coins), ...listedBefore, ...daysByCoin.keys()].filter(
      (s) => !catalog.coins[s]?.retired,
    ),
  );
  const slugs = [...new Set([...listed, ...daysByCoin.keys()])].sort(compareText);
  const summaries = new Map<string, CoinSummary>();
  const windowStarts = new Set<number>();
  for (const slug of slugs) {
    const retired = !listed.has(slug);
    const disabled = new Set(
      (catalog.coins[slug]?.providers ?? []).filter((p) => !p.enabled).map((p) => p.id),
    );
    const s = await rebuildCoin(
      root,
      slug,
      daysByCoin.get(slug) ?? [],
      historyDays,
      { retireAfterDays, disabled, retired },
      out,
      trust,
      warnings,
    );
    if (!s || retired) continue;
    const { windows, ...summary } = s;
    summaries.set(slug, summary);
    for (const w of windows) windowStarts.add(w);
  }

  const providers = sortedRecord(
    Object.fromEntries(
      Object.entries(catalog.coins).map(([slug, coin]) => [
        slug,
        sortedRecord(
          Object.fromEntries(
            coin.providers.flatMap((p) =>
              p.enabled && (p.url ?? p.urls?.[0]) ? [[p.id, p.url ?? p.urls![0]!]] : [],
            ),
          ),
        ),
      ]),
    ),
  );
  await out.write(RETAIL_PROVIDERS_PATH, providersWrite, providers, nested);
  await trust.save();

  // generated_at: the newest fact that told us something; failures only age prices.
  const told = Math.max(-Infinity, ...all.flatMap((d) => (d.told === undefined ? [] : [d.told])));
  const newest = Number.isFinite(told) ? told : Number.isFinite(newestAt) ? newestAt : undefined;
  // No facts of ours yet: the manifest an older poller wrote stays as it is, and is what is published.
  if (newest === undefined)
    return {
      written: out.written,
      coinsPublished: listedBefore.length,
      manifestAt: previous.success ? previous.data.generated_at : undefined,
      warnings,
    };
  const generatedAt = isoMs(newest);
  const latestWindow = floorSlot(new Date(newest)).getTime();
  // As the original counted it: the windows of the last 24 hours charted for any coin, older pollers' too.
  const windowCount = Math.min(
    WINDOWS_PER_DAY,
    [...windowStarts].filter((w) => w <= latestWindow && latestWindow - w < DAY).length,
  );
  const coins = [...listed].filter((s) => summaries.has(s)).sort(compareText);
  const retired = [...new Set([...onDisk, ...daysByCoin.keys()])]
    .filter((s) => !listed.has(s))
    .sort(compareText);

  const summary: Summary = {
    window_start: formatIso(new Date(latestWindow)),
    generated_at: generatedAt,
    coin_count: coins.length,
    coins: Object.fromEntries(coins.map((s) => [s, summaries.get(s)!])),
  };
  await out.write(RETAIL_SUMMARY_PATH, summaryWrite, summary, nested);

  const manifest: Manifest = {
    generated_at: generatedAt,
    updated: generatedAt,
    latest_window: formatIso(new Date(latestWindow)),
    window_count: windowCount,
    coin_count: coins.length,
    coins,
    coins_meta: Object.fromEntries(
      coins.flatMap((s) => {
        const c = catalog.coins[s];
        if (c) return [[s, { name: c.name, metal: c.metal, weight: c.weight_oz }]];
        const kept = coinMetaRead.safeParse(previous.success ? previous.data.coins_meta?.[s] : undefined);
        const meta = kept.success ? kept.data : goldbackCoinMeta(s);
        return meta ? [[s, meta]] : [];
      }),
    ),
    endpoints: ENDPOINTS,
    retired,
  };
  await out.write(MANIFEST_PATH, manifestWrite, manifest, nested);
  return { written: out.written, coinsPublished: coins.length, manifestAt: generatedAt, warnings };
}
