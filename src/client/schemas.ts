/**
 * What the client accepts from an endpoint, validated with zod/mini (small enough for a browser
 * bundle). Anything that fails is a failed answer, and the race moves on to another endpoint.
 */
import * as z from 'zod/mini';
import { METALS, type Metal } from '../data/metals.js';
import {
  type ManifestCoin as ManifestEntry,
  manifestCoins,
  manifestInstant,
} from '../data/retail-manifest.js';
import { parseNaive } from '../data/time.js';
import { BadAnswer } from './race.js';

export { METALS, type Metal } from '../data/metals.js';

export interface SpotPrice {
  metal: Metal;
  /** USD per troy ounce. */
  price: number;
  /** Epoch milliseconds; naive timestamps in the files mean UTC. */
  ts: number;
  provider: string;
}

export class InvalidAnswer extends BadAnswer {
  constructor(what: string, error?: z.core.$ZodError) {
    super(error ? `${what}: ${z.prettifyError(error).replace(/\n\s*/g, ' ')}` : what);
  }
}

function parse<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new InvalidAnswer(what, r.error);
  return r.data;
}

const positive = z.number().check(z.positive());

const spotEntry = z.object({
  spot: positive,
  metal: z.string(),
  provider: z.optional(z.string()),
  timestamp: z.string(),
});

const metalOf = (name: string) => METALS.find((m) => m.toLowerCase() === name.trim().toLowerCase());

/** An hourly file: entries that cannot be understood are dropped; a file with none is invalid. */
export function parseHourly(value: unknown): SpotPrice[] {
  const out: SpotPrice[] = [];
  for (const item of parse(z.array(z.unknown()), value, 'hourly file')) {
    const r = spotEntry.safeParse(item);
    const metal = r.success ? metalOf(r.data.metal) : undefined;
    const ts = r.success ? parseNaive(r.data.timestamp)?.getTime() : undefined;
    if (r.success && metal && ts !== undefined)
      out.push({ metal, price: r.data.spot, ts, provider: r.data.provider ?? '' });
  }
  if (out.length === 0) throw new InvalidAnswer('hourly file holds no valid price');
  return out.sort((a, b) => a.ts - b.ts);
}

/** The instant a retail manifest was generated (`generated_at`, or `updated` in older files). */
export function parseManifestTime(value: unknown): number {
  const at = manifestInstant(value);
  if (typeof at === 'string') throw new InvalidAnswer(`manifest ${at}`);
  return at.getTime();
}

export interface ManifestCoin extends ManifestEntry {
  name: string;
}

export interface Manifest {
  generatedAt: number;
  coins: ManifestCoin[];
}

/** A retail manifest: when it was generated and the coins it lists (with their names where known). */
export function parseManifest(value: unknown): Manifest {
  const generatedAt = parseManifestTime(value);
  const coins = manifestCoins(value)
    .filter((c) => SLUG.test(c.slug))
    .map((c) => ({ ...c, name: c.name ?? c.slug }));
  return { generatedAt, coins };
}

export const SLUG = /^[a-z0-9][a-z0-9-]*$/;

const apiConfig = z.looseObject({ exposed: z.array(z.string()) });

/** Whether an `/api/config` answer advertises the query API. */
export const offersPrices = (value: unknown): boolean => {
  const r = apiConfig.safeParse(value);
  return r.success && r.data.exposed.includes('/api/prices');
};

const maybeNumber = z.optional(z.nullable(z.number()));
/** A price the app may show: finite and above zero; anything else becomes null. */
const usable = (n: number | null | undefined) =>
  typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;

const coinLatest = z.looseObject({
  slug: z.string(),
  window_start: z.optional(z.string()),
  median_price: maybeNumber,
  lowest_price: maybeNumber,
  vendors: z.record(z.string(), z.unknown()),
});
export type CoinLatest = z.infer<typeof coinLatest>;

const coinHistory = z.array(
  z.looseObject({
    date: z.string(),
    avg_median: maybeNumber,
    avg_low: maybeNumber,
    sample_count: z.optional(z.number()),
  }),
);
export type CoinHistory = z.infer<typeof coinHistory>;

/**
 * A coin's latest.json. A price of zero, below zero or not a number never reaches the app: such a
 * median or lowest price becomes null and a dealer with such a price is left out.
 */
export function parseCoinLatest(value: unknown, slug: string): CoinLatest {
  const latest = parse(coinLatest, value, `${slug}/latest.json`);
  if (latest.slug !== slug) throw new InvalidAnswer(`${slug}/latest.json is for "${latest.slug}"`);
  const vendors: CoinLatest['vendors'] = {};
  for (const [id, v] of Object.entries(latest.vendors)) {
    // A dealer without a price (out of stock) stays; one with an unusable price does not.
    const price = (v as { price?: unknown } | null)?.price;
    if (price === null || price === undefined || (typeof price === 'number' && usable(price) !== null))
      vendors[id] = v;
  }
  return {
    ...latest,
    median_price: usable(latest.median_price),
    lowest_price: usable(latest.lowest_price),
    vendors,
  };
}

export const parseCoinHistory = (value: unknown, slug: string): CoinHistory =>
  parse(coinHistory, value, `${slug}/history-30d.json`);

export interface PricePoint {
  ts: string;
  /** Finite and above zero. */
  price: number;
}

export interface PricesResponse {
  metal: string;
  currency: string;
  unit: 'toz' | 'g';
  window: string;
  latest: (PricePoint & { provider: string }) | null;
  series: PricePoint[];
  count: number;
}

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A point the app may draw: a time `Date.parse` reads and a finite price above zero. */
const isPoint = (p: unknown): p is PricePoint =>
  isObject(p) &&
  typeof p.ts === 'string' &&
  Number.isFinite(Date.parse(p.ts)) &&
  typeof p.price === 'number' &&
  Number.isFinite(p.price) &&
  p.price > 0;

/**
 * One metal's `/api/prices` answer, checked by hand rather than by a schema: a series is the client's
 * hot path, and this walks its points once without copying them (the error names the field).
 */
function checkPrices(v: unknown, what: string): PricesResponse {
  const fail = (field: string, expected: string): never => {
    throw new InvalidAnswer(`${what}: ${field} must be ${expected}`);
  };
  if (!isObject(v)) return fail('the answer', 'an object');
  for (const key of ['metal', 'currency', 'window'] as const)
    if (typeof v[key] !== 'string') fail(key, 'a string');
  if (v.unit !== 'toz' && v.unit !== 'g') fail('unit', '"toz" or "g"');
  if (typeof v.count !== 'number') fail('count', 'a number');
  const latest = v.latest;
  if (
    latest !== null &&
    !(isPoint(latest) && typeof (latest as { provider?: unknown }).provider === 'string')
  )
    fail('latest', 'null or { ts, price above 0, provider }');
  const last = latest as PricesResponse['latest'];
  const series = v.series;
  if (!Array.isArray(series)) return fail('series', 'an array');
  for (let i = 0; i < series.length; i++)
    if (!isPoint(series[i])) fail(`series[${i}]`, '{ ts, price above 0 }');
  return {
    metal: v.metal as string,
    currency: v.currency as string,
    unit: v.unit as PricesResponse['unit'],
    window: v.window as string,
    // Only the fields checked: an unchecked `ask` or `bid` does not ride along.
    latest: last && { ts: last.ts, price: last.price, provider: last.provider },
    series,
    count: v.count as number,
  };
}

export const parsePrices = (value: unknown): PricesResponse => checkPrices(value, '/api/prices answer');

/** An `/api/prices?metal=all` answer: each metal's answer, by metal. */
export function parseAllPrices(value: unknown): Record<Metal, PricesResponse> {
  const what = '/api/prices?metal=all answer';
  if (!isObject(value) || value.metal !== 'all' || !isObject(value.metals))
    throw new InvalidAnswer(
      `${what}: must be { metal: "all", metals: { gold, silver, platinum, palladium } }`,
    );
  const { metals } = value;
  return {
    Gold: checkPrices(metals.gold, `${what}: metals.gold`),
    Silver: checkPrices(metals.silver, `${what}: metals.silver`),
    Platinum: checkPrices(metals.platinum, `${what}: metals.platinum`),
    Palladium: checkPrices(metals.palladium, `${what}: metals.palladium`),
  };
}
