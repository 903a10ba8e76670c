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

const point = z.object({ ts: z.string(), price: positive });

const pricesResponse = z.object({
  metal: z.string(),
  currency: z.string(),
  unit: z.enum(['toz', 'g']),
  window: z.string(),
  latest: z.nullable(z.extend(point, { provider: z.string() })),
  series: z.array(point),
  count: z.number(),
});
export type PricesResponse = z.infer<typeof pricesResponse>;

export const parsePrices = (value: unknown): PricesResponse =>
  parse(pricesResponse, value, '/api/prices answer');

const allPrices = z.object({
  metal: z.literal('all'),
  metals: z.object({
    gold: pricesResponse,
    silver: pricesResponse,
    platinum: pricesResponse,
    palladium: pricesResponse,
  }),
});

/** An `/api/prices?metal=all` answer: each metal's answer, by metal. */
export function parseAllPrices(value: unknown): Record<Metal, PricesResponse> {
  const { metals } = parse(allPrices, value, '/api/prices?metal=all answer');
  return { Gold: metals.gold, Silver: metals.silver, Platinum: metals.platinum, Palladium: metals.palladium };
}
