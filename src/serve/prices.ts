/**
 * `/api/prices?metal=&currency=&unit=&window=` (the serverless seed's query API), answered from
 * the spot index. Series resolution: the last point of each 15-minute slot for windows up to
 * 12 h, of each hour for 24 h and 7 d; a window is that many whole buckets, the newest being the
 * one that holds the current time (so a complete `24h` series has 24 points). Prices are rounded to 2 decimals per troy ounce and 4
 * per gram. Other currencies use the exchange-rate fact nearest in time to each point.
 * `metal=all` answers the four metals at once (one request where a chart shows them all).
 */
import { METALS, type Metal } from '../data/spot.js';
import { DAY, formatIso, HOUR, SLOT } from '../data/time.js';
import * as z from '../data/zod.js';
import type { FxPoint, SpotIndex, SpotPoint } from './spot-index.js';

export const GRAMS_PER_TROY_OUNCE = 31.1034768;

export const WINDOWS = {
  '1h': { ms: HOUR, step: SLOT },
  '6h': { ms: 6 * HOUR, step: SLOT },
  '12h': { ms: 12 * HOUR, step: SLOT },
  '24h': { ms: DAY, step: HOUR },
  '7d': { ms: 7 * DAY, step: HOUR },
} as const;
type WindowName = keyof typeof WINDOWS;

const METAL_NAMES = METALS.map((m) => m.toLowerCase()) as ['gold', 'silver', 'platinum', 'palladium'];

export const pricesQuery = z.object({
  /** `all`: every metal in one answer (`metals`, each what `metal=<name>` answers). */
  metal: z._default(z.enum([...METAL_NAMES, 'all']), 'gold'),
  currency: z._default(
    z.pipe(
      z.string().check(z.regex(/^[A-Za-z]{3}$/, 'must be a 3-letter currency code such as USD')),
      z.transform((s: string) => s.toUpperCase()),
    ),
    'USD',
  ),
  unit: z._default(z.enum(['toz', 'g']), 'toz'),
  window: z._default(z.enum(Object.keys(WINDOWS) as [WindowName, ...WindowName[]]), '24h'),
});
export type PricesQuery = z.infer<typeof pricesQuery>;

export interface PricePoint {
  ts: string;
  price: number;
}

export interface PricesResponse {
  metal: string;
  currency: string;
  unit: 'toz' | 'g';
  window: WindowName;
  /** `ask`/`bid` when the provider gave them for the latest point. */
  latest: (PricePoint & { ask?: number; bid?: number; provider: string }) | null;
  series: PricePoint[];
  count: number;
}

export interface AllPricesResponse {
  metal: 'all';
  currency: string;
  unit: 'toz' | 'g';
  window: WindowName;
  metals: Record<(typeof METAL_NAMES)[number], PricesResponse>;
}

export type PricesAnswer =
  | { status: 200; body: PricesResponse | AllPricesResponse }
  | { status: 400; body: { error: string; param: string } };

const invalid = (param: string, error: string): PricesAnswer => ({ status: 400, body: { error, param } });

export function answerPrices(index: SpotIndex, params: URLSearchParams, now: Date): PricesAnswer {
  const raw: Record<string, string> = {};
  for (const key of ['metal', 'currency', 'unit', 'window']) {
    const v = params.get(key);
    if (v !== null && v !== '') raw[key] = key === 'currency' ? v : v.toLowerCase();
  }
  const parsed = pricesQuery.safeParse(raw);
  if (!parsed.success) {
    const param = String(parsed.error.issues[0]?.path[0] ?? 'query');
    return invalid(
      param,
      `invalid parameter ${param}: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`,
    );
  }
  const q = parsed.data;
  if (q.metal === 'all') {
    const metals = {} as AllPricesResponse['metals'];
    for (const name of METAL_NAMES) {
      const one = answerPrices(index, new URLSearchParams({ ...raw, metal: name }), now);
      if (one.status !== 200) return one;
      metals[name] = one.body as PricesResponse;
    }
    return {
      status: 200,
      body: { metal: 'all', currency: q.currency, unit: q.unit, window: q.window, metals },
    };
  }
  const metal = METALS[METAL_NAMES.indexOf(q.metal)] as Metal;

  let rateAt = (_t: number) => 1;
  if (q.currency !== 'USD') {
    const facts = index.fxPoints().filter((p) => p.rates[q.currency] !== undefined);
    if (facts.length === 0) {
      return invalid(
        'currency',
        `no exchange-rate facts for ${q.currency} in this data; available: ${index.currencies().join(', ')}`,
      );
    }
    rateAt = (t) => nearest(facts, t).rates[q.currency]!;
  }
  const digits = q.unit === 'g' ? 4 : 2;
  const factor = q.unit === 'g' ? 1 / GRAMS_PER_TROY_OUNCE : 1;
  const convert = (p: SpotPoint, price = p.price) => round(price * rateAt(p.t) * factor, digits);

  const points = index.series(metal);
  const last = points.at(-1);
  const { ms, step } = WINDOWS[q.window];
  const end = now.getTime();
  // Whole buckets, the newest one the bucket holding `now`: a complete 24 h series has 24 points.
  const start = Math.floor(end / step) * step + step - ms;
  const inWindow = points.filter((p) => p.t >= start && p.t <= end);
  const series = lastPerBucket(inWindow, step).map((p) => ({
    ts: formatIso(new Date(p.t)),
    price: convert(p),
  }));
  return {
    status: 200,
    body: {
      metal: q.metal,
      currency: q.currency,
      unit: q.unit,
      window: q.window,
      latest: last
        ? {
            ts: formatIso(new Date(last.t)),
            price: convert(last),
            ...(last.ask !== undefined && { ask: convert(last, last.ask) }),
            ...(last.bid !== undefined && { bid: convert(last, last.bid) }),
            provider: last.provider,
          }
        : null,
      series,
      count: series.length,
    },
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The last point of each `step`-long bucket; `points` are sorted oldest first. */
function lastPerBucket(points: SpotPoint[], step: number): SpotPoint[] {
  const out: SpotPoint[] = [];
  for (const p of points) {
    const prev = out.at(-1);
    if (prev && Math.floor(prev.t / step) === Math.floor(p.t / step)) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

/** The fact closest in time to `t` (earlier on a tie); `facts` is sorted and non-empty. */
function nearest(facts: readonly FxPoint[], t: number): FxPoint {
  let lo = 0;
  let hi = facts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (facts[mid]!.t <= t) lo = mid;
    else hi = mid - 1;
  }
  const before = facts[lo]!;
  const after = facts[lo + 1];
  if (before.t > t) return before;
  return after && after.t - t < t - before.t ? after : before;
}
