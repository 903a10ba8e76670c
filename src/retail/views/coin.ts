/**
 * Per-coin views as pure functions of the coin's facts (DESIGN §2.1): `latest.json` and the daily
 * history entries. Definitions (docs/retail-confidence.md has the confidence formula):
 *
 * - A dealer's price is *fresh* at time T when its latest page read at or before T produced an in-stock
 *   price less than FRESH_MS before T. A failed read after it makes it not fresh.
 * - `latest.json` is the state at T = the coin's newest fact. Fresh prices are listed and give the
 *   true median and the lowest price. A dealer whose latest stock answer is still "in stock" but whose
 *   price is not fresh carries its last price for up to `staleHours`, marked `stale` with `stale_since`
 *   (when that price was read). Dealers not listed get their last known price and the date they were
 *   last in stock.
 * - A window is a 15-minute slot in which the coin was looked at; its prices are the fresh ones at the
 *   slot's last fact. `windows_24h` holds the windows of the 24 hours ending at `window_start` (≤ 96).
 * - A history entry summarises one UTC day: mean of its windows' medians and lows, each dealer's mean
 *   price and last stock state, and `sample_count` = reads that produced a price (failed pages excluded).
 */
import { DAY, formatDate, formatIso, HOUR, MINUTE, SLOT } from '../../data/time.js';
import { confidence } from '../confidence.js';
import { compareText, type Fact, isFailure } from '../facts.js';
import type { CoinLatest, HistoryEntry, VendorQuote, Window } from './schemas.js';
import { cents, centsOrNull, mean, median } from './stats.js';

/** Runs are 15 minutes apart and last minutes; a price read within two intervals is current. */
export const FRESH_MS = 30 * MINUTE;

const slotOf = (ms: number) => Math.floor(ms / SLOT) * SLOT;

/** Walks a coin's facts in time order keeping each dealer's latest read. */
class DealerState {
  readonly latest = new Map<string, Fact>();
  add(f: Fact) {
    this.latest.set(f.vendor, f);
  }
  /** Fresh in-stock prices at `t`, by dealer. */
  freshAt(t: number): Map<string, Fact> {
    const out = new Map<string, Fact>();
    for (const [vendor, f] of this.latest)
      if (f.price !== null && f.inStock && t - f.time < FRESH_MS) out.set(vendor, f);
    return out;
  }
}

const priceRecord = (fresh: Map<string, Fact>) =>
  Object.fromEntries(
    [...fresh.entries()].sort(([a], [b]) => compareText(a, b)).map(([v, f]) => [v, f.price!]),
  );

/** Windows of the given facts (time-ordered, one coin): one per 15-minute slot with at least one fresh price. */
export function coinWindows(facts: readonly Fact[]): Window[] {
  const state = new DealerState();
  const out: Window[] = [];
  facts.forEach((f, i) => {
    state.add(f);
    const next = facts[i + 1];
    const slot = slotOf(f.time);
    if (next && slotOf(next.time) === slot) return;
    const fresh = state.freshAt(f.time);
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

export interface CoinLatestInput {
  slug: string;
  /** The coin's facts, time-ordered, none after the view's `now`; at least one. */
  facts: readonly Fact[];
  /** Windows of those facts (coinWindows) merged with older pollers' windows. */
  windows: readonly Window[];
  staleHours: number;
  /** Each dealer's average on the day before the newest fact (day-over-day move of the confidence score). */
  previousDayAvg: Readonly<Record<string, number | null>>;
  /** What an existing latest.json knew about dealers this coin's facts never priced. */
  known: {
    lastKnownPrice: Readonly<Record<string, number>>;
    lastAvailableDate: Readonly<Record<string, string>>;
  };
  retired: boolean;
}

export function coinLatest(input: CoinLatestInput): CoinLatest {
  const { facts, staleHours } = input;
  const t = facts.at(-1)!.time;
  const state = new DealerState();
  const lastStockAnswer = new Map<string, Fact>();
  const lastInStock = new Map<string, Fact>();
  const lastPriced = new Map<string, Fact>();
  for (const f of facts) {
    state.add(f);
    if (!isFailure(f)) lastStockAnswer.set(f.vendor, f);
    if (f.price !== null) lastPriced.set(f.vendor, f);
    if (f.price !== null && f.inStock) lastInStock.set(f.vendor, f);
  }
  const fresh = state.freshAt(t);
  const freshPrices = [...fresh.values()].map((f) => f.price!);
  const quote = (vendor: string, f: Fact, stale: boolean): VendorQuote => {
    const q: VendorQuote = {
      price: f.price!,
      confidence: confidence({
        price: f.price!,
        freshPrices,
        own: fresh.has(vendor),
        previousDayAvg: input.previousDayAvg[vendor],
        visionAgrees: f.visionAgrees,
      }),
      source: f.method!,
      inStock: true,
    };
    return stale ? { ...q, stale: true, stale_since: f.observedAt } : q;
  };

  const vendors: Record<string, VendorQuote> = {};
  const availability: Record<string, boolean> = {};
  const lastKnownPrice: Record<string, number> = {};
  const lastAvailableDate: Record<string, string> = {};
  const { known } = input;
  const dealers = new Set([
    ...facts.map((f) => f.vendor),
    ...Object.keys(known.lastKnownPrice),
    ...Object.keys(known.lastAvailableDate),
  ]);
  for (const vendor of [...dealers].sort(compareText)) {
    const answer = lastStockAnswer.get(vendor);
    const inStock = lastInStock.get(vendor);
    if (answer && t - answer.time <= staleHours * HOUR) availability[vendor] = answer.inStock;
    const freshFact = fresh.get(vendor);
    if (freshFact) vendors[vendor] = quote(vendor, freshFact, false);
    else if (answer?.inStock && inStock && t - inStock.time <= staleHours * HOUR)
      vendors[vendor] = quote(vendor, inStock, true);
    if (vendors[vendor]) continue;
    const price = lastPriced.get(vendor)?.price ?? known.lastKnownPrice[vendor];
    if (price !== undefined) lastKnownPrice[vendor] = price;
    const date = inStock ? formatDate(new Date(inStock.time)) : known.lastAvailableDate[vendor];
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
