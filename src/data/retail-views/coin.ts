/**
 * Per-coin views as pure functions of the coin's facts (DESIGN §2.1): `latest.json` and the daily
 * history entries. Definitions (docs/retail-confidence.md has the confidence formula):
 *
 * - A dealer's price is *fresh* at time T when its latest page read at or before T produced an in-stock
 *   price less than FRESH_MS before T. A failed read after it makes it not fresh.
 * - `latest.json` is the state at T = the coin's newest fact. Fresh prices are listed and give the
 *   true median and the lowest price. A dealer whose latest stock answer is still "in stock" but whose
 *   price is not fresh carries its last price, marked `stale` with `stale_since` (when that price was
 *   read), until it is retired (see coinLatest). Dealers not listed get their last known price and the
 *   date they were last in stock.
 * - A window is a 15-minute slot in which the coin was looked at; its prices are the fresh ones at the
 *   slot's last fact. `windows_24h` holds the windows of the 24 hours ending at `window_start` (≤ 96).
 * - A history entry summarises one UTC day: mean of its windows' medians and lows, each dealer's mean
 *   price and last stock state, and `sample_count` = reads that produced a price (failed pages excluded).
 */

import { compareText, type Fact, isFailure } from '../retail-facts.js';
import { DAY, formatDate, formatIso, MINUTE, SLOT } from '../time.js';
import { confidence } from './confidence.js';
import type { CoinLatest, HistoryEntry, VendorQuote, Window } from './schemas.js';
import { cents, centsOrNull, mean, median } from './stats.js';

/** Runs are 15 minutes apart and last minutes; a price read within two intervals is current. */
export const FRESH_MS = 30 * MINUTE;

const slotOf = (ms: number) => Math.floor(ms / SLOT) * SLOT;

/**
 * What a coin's facts, walked in time order, say about one dealer: its first and latest reads, its last
 * stock answer (a read that was not a failure), its last in-stock price and its last price.
 */
export interface DealerTrail {
  first: Fact;
  latest: Fact;
  answer?: Fact;
  inStock?: Fact;
  priced?: Fact;
}
export type Trails = Map<string, DealerTrail>;

/** Adds the next fact (in time order) to the trails. */
export function addFact(trails: Trails, f: Fact) {
  const t = trails.get(f.vendor);
  // A new object: trails are shared between maps (mergeTrails, coinWindows' `before`).
  trails.set(f.vendor, {
    first: t?.first ?? f,
    latest: f,
    answer: isFailure(f) ? t?.answer : f,
    inStock: f.price !== null && f.inStock ? f : t?.inStock,
    priced: f.price !== null ? f : t?.priced,
  });
}

/** The trails of `earlier`'s facts followed by `later`'s (every fact of `later` comes after them). */
export function mergeTrails(
  earlier: ReadonlyMap<string, DealerTrail>,
  later: ReadonlyMap<string, DealerTrail>,
) {
  const out: Trails = new Map(earlier);
  for (const [vendor, b] of later) {
    const a = out.get(vendor);
    out.set(
      vendor,
      a
        ? {
            first: a.first,
            latest: b.latest,
            answer: b.answer ?? a.answer,
            inStock: b.inStock ?? a.inStock,
            priced: b.priced ?? a.priced,
          }
        : b,
    );
  }
  return out;
}

/** Fresh in-stock prices at `t`, by dealer, from each dealer's latest read. */
function freshAt(trails: ReadonlyMap<string, DealerTrail>, t: number): Map<string, Fact> {
  const out = new Map<string, Fact>();
  for (const [vendor, { latest: f }] of trails)
    if (f.price !== null && f.inStock && t - f.time < FRESH_MS) out.set(vendor, f);
  return out;
}

const priceRecord = (fresh: Map<string, Fact>) =>
  Object.fromEntries(
    [...fresh.entries()].sort(([a], [b]) => compareText(a, b)).map(([v, f]) => [v, f.price!]),
  );

/**
 * Windows of the given facts (time-ordered, one coin): one per 15-minute slot with at least one fresh
 * price. `before`: the trails of the facts that came before them (a price read just before is fresh).
 */
export function coinWindows(
  facts: readonly Fact[],
  before: ReadonlyMap<string, DealerTrail> = new Map(),
): Window[] {
  const state: Trails = new Map(before);
  const out: Window[] = [];
  facts.forEach((f, i) => {
    addFact(state, f);
    const next = facts[i + 1];
    const slot = slotOf(f.time);
    if (next && slotOf(next.time) === slot) return;
    const fresh = freshAt(state, f.time);
    const prices = [...fresh.values()].map((x) => x.price!);
    if (prices.length === 0) return;
    out.push({
      window: formatIso(new Date(slot)),
      median: cents(median(prices)!),
      low: Math.min(...prices),
      vendors: priceRecord(fresh),
    });
  });
  return out;
}

/** Daily history entries of the days in `days` (YYYY-MM-DD), from the coin's facts and its windows. */
export function coinHistory(facts: readonly Fact[], windows: readonly Window[], days: ReadonlySet<string>) {
  const byDay = new Map<string, { facts: Fact[]; windows: Window[] }>();
  const bucket = (day: string) => {
    const b = byDay.get(day) ?? { facts: [], windows: [] };
    byDay.set(day, b);
    return b;
  };
  for (const f of facts)
    if (days.has(f.observedAt.slice(0, 10))) bucket(f.observedAt.slice(0, 10)).facts.push(f);
  for (const w of windows) if (days.has(w.window.slice(0, 10))) bucket(w.window.slice(0, 10)).windows.push(w);
  const out: HistoryEntry[] = [];
  for (const [date, b] of [...byDay.entries()].sort(([a], [c]) => compareText(a, c))) {
    const informative = b.facts.filter((f) => !isFailure(f));
    if (informative.length === 0) continue;
    const vendors: HistoryEntry['vendors'] = {};
    for (const vendor of [...new Set(informative.map((f) => f.vendor))].sort(compareText)) {
      const own = informative.filter((f) => f.vendor === vendor);
      vendors[vendor] = {
        avg: centsOrNull(mean(own.flatMap((f) => (f.price === null ? [] : [f.price])))),
        inStock: own.at(-1)!.inStock,
      };
    }
    out.push({
      date,
      avg_median: centsOrNull(mean(b.windows.map((w) => w.median))),
      avg_low: centsOrNull(mean(b.windows.map((w) => w.low))),
      sample_count: informative.filter((f) => f.price !== null).length,
      vendors,
    });
  }
  return out;
}

/** What an existing latest.json (ours or an older poller's) knew: these count as facts (DESIGN §2.1). */
export interface KnownDealers {
  /** Dealers listed in `vendors`: their price and when it was read (`stale_since`, else the file's window). */
  vendors: Readonly<Record<string, { price: number; since: number }>>;
  availability: Readonly<Record<string, boolean>>;
  lastKnownPrice: Readonly<Record<string, number>>;
  lastAvailableDate: Readonly<Record<string, string>>;
}

export interface CoinLatestInput {
  slug: string;
  /** Each dealer's trail over the coin's facts (none after the view's `now`; at least one). */
  trails: ReadonlyMap<string, DealerTrail>;
  /** Time of the coin's newest fact. */
  t: number;
  /** Windows of those facts (coinWindows) merged with older pollers' windows. */
  windows: readonly Window[];
  /** A dealer without a reading (a price or a stock answer) for this many days is retired from the view. */
  retireAfterDays: number;
  /** Dealers the catalog lists for this coin with `enabled: false`: retired at once. */
  disabled: ReadonlySet<string>;
  /** Each dealer's average on the day before the newest fact (day-over-day move of the confidence score). */
  previousDayAvg: Readonly<Record<string, number | null>>;
  known: KnownDealers;
  retired: boolean;
}

/** The `source` the original pollers gave a price carried from an earlier read; the app knows it. */
export const CARRIED_SOURCE = 'turso_last_known';

/** The `source` values of the real files: which fetcher read the page, not how the price was found. */
export function publishedSource(method: NonNullable<Fact['method']>): PublishedSource {
  if (method === 'vision') return 'vision';
  return method.startsWith('firecrawl') ? 'firecrawl' : 'playwright';
}
export type PublishedSource = 'firecrawl' | 'playwright' | 'vision' | typeof CARRIED_SOURCE;

/** ISO-8601 with milliseconds, as the real files write instants (`2026-03-15T20:23:02.057Z`). */
export const isoMs = (ms: number) => new Date(ms).toISOString();

/**
 * The state at T = the coin's newest fact. A dealer an earlier view or our facts priced in stock stays
 * listed — fresh, or `stale` with `stale_since` and its last price — until it is retired: disabled in
 * the catalog, or no reading for `retireAfterDays` (counted from its last reading, or from our first
 * failed try when an older file gives no time). A newer out-of-stock answer takes it out of `vendors`
 * into the last-known maps. Retired dealers keep their last known price and date; nothing is lost.
 */
export function coinLatest(input: CoinLatestInput): CoinLatest {
  const { trails, known, t } = input;
  const retireMs = input.retireAfterDays * DAY;
  const fresh = freshAt(trails, t);
  const freshPrices = [...fresh.values()].map((f) => f.price!);

  const vendors: Record<string, VendorQuote> = {};
  const availability: Record<string, boolean> = {};
  const lastKnownPrice: Record<string, number> = {};
  const lastAvailableDate: Record<string, string> = {};
  const dealers = new Set([
    ...trails.keys(),
    ...Object.keys(known.vendors),
    ...Object.keys(known.availability),
    ...Object.keys(known.lastKnownPrice),
    ...Object.keys(known.lastAvailableDate),
  ]);
  for (const vendor of [...dealers].sort(compareText)) {
    const trail = trails.get(vendor);
    const answer = trail?.answer;
    const ours = trail?.inStock;
    const carried = known.vendors[vendor];
    // The newest in-stock price we know of, ours or an earlier view's.
    const candidate =
      ours && (!carried || ours.time >= carried.since)
        ? { price: ours.price!, time: ours.time }
        : carried && { price: carried.price, time: carried.since };
    const lastReading = Math.max(answer?.time ?? -Infinity, carried?.since ?? -Infinity);
    const sinceWhen = Number.isFinite(lastReading) ? lastReading : trail?.first.time;
    const retired = input.disabled.has(vendor) || (sinceWhen !== undefined && t - sinceWhen > retireMs);
    const freshFact = fresh.get(vendor);
    const soldOutSince = answer && !answer.inStock ? answer.time : undefined;
    if (!retired && freshFact) {
      vendors[vendor] = {
        price: freshFact.price!,
        confidence: confidence({
          price: freshFact.price!,
          freshPrices,
          own: true,
          previousDayAvg: input.previousDayAvg[vendor],
          visionAgrees: freshFact.visionAgrees,
        }),
        source: publishedSource(freshFact.method!),
        inStock: true,
      };
    } else if (!retired && candidate && !(soldOutSince !== undefined && soldOutSince >= candidate.time)) {
      vendors[vendor] = {
        price: candidate.price,
        confidence: null,
        source: CARRIED_SOURCE,
        inStock: true,
        stale: true,
        stale_since: isoMs(candidate.time),
      };
    }
    if (!retired) {
      const stock = vendors[vendor] ? true : (answer?.inStock ?? known.availability[vendor]);
      if (stock !== undefined) availability[vendor] = stock;
    }
    if (vendors[vendor]) continue;
    const priced = trail?.priced;
    const price =
      priced && (!carried || priced.time >= carried.since)
        ? priced.price!
        : (carried?.price ?? known.lastKnownPrice[vendor]);
    if (price !== undefined) lastKnownPrice[vendor] = price;
    const date = candidate ? formatDate(new Date(candidate.time)) : known.lastAvailableDate[vendor];
    if (date !== undefined) lastAvailableDate[vendor] = date;
  }

  const windowStart = slotOf(t);
  const latest: CoinLatest = {
    slug: input.slug,
    window_start: formatIso(new Date(windowStart)),
    median_price: centsOrNull(median(freshPrices)),
    lowest_price: freshPrices.length ? Math.min(...freshPrices) : null,
    vendors,
    availability_by_site: availability,
    last_known_price_by_site: lastKnownPrice,
    last_available_date_by_site: lastAvailableDate,
    windows_24h: input.windows.filter((w) => {
      const start = Date.parse(w.window);
      return start <= windowStart && windowStart - start < DAY;
    }),
  };
  return input.retired ? { ...latest, retired: true } : latest;
}
