/**
 * What the client accepts from an endpoint, validated with zod/mini (small enough for a browser
 * bundle). Anything that fails is a failed answer, and the race moves on to another endpoint.
 */
import * as z from 'zod/mini';
import { type Metal } from '../data/metals.js';
import { type ManifestCoin as ManifestEntry } from '../data/retail-manifest.js';
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
export declare class InvalidAnswer extends BadAnswer {
    constructor(what: string, error?: z.core.$ZodError);
}
/** An hourly file: entries that cannot be understood are dropped; a file with none is invalid. */
export declare function parseHourly(value: unknown): SpotPrice[];
/** The instant a retail manifest was generated (`generated_at`, or `updated` in older files). */
export declare function parseManifestTime(value: unknown): number;
export interface ManifestCoin extends ManifestEntry {
    name: string;
}
export interface Manifest {
    generatedAt: number;
    coins: ManifestCoin[];
}
/** A retail manifest: when it was generated and the coins it lists (with their names where known). */
export declare function parseManifest(value: unknown): Manifest;
export declare const SLUG: RegExp;
/** Whether an `/api/config` answer advertises the query API. */
export declare const offersPrices: (value: unknown) => boolean;
declare const coinLatest: z.ZodMiniObject<{
    slug: z.ZodMiniString<string>;
    window_start: z.ZodMiniOptional<z.ZodMiniString<string>>;
    median_price: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniNumber<number>>>;
    lowest_price: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniNumber<number>>>;
    vendors: z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniUnknown>;
}, z.core.$loose>;
export type CoinLatest = z.infer<typeof coinLatest>;
declare const coinHistory: z.ZodMiniArray<z.ZodMiniObject<{
    date: z.ZodMiniString<string>;
    avg_median: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniNumber<number>>>;
    avg_low: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniNumber<number>>>;
    sample_count: z.ZodMiniOptional<z.ZodMiniNumber<number>>;
}, z.core.$loose>>;
export type CoinHistory = z.infer<typeof coinHistory>;
/**
 * A coin's latest.json. A price of zero, below zero or not a number never reaches the app: such a
 * median or lowest price becomes null and a dealer with such a price is left out.
 */
export declare function parseCoinLatest(value: unknown, slug: string): CoinLatest;
export declare const parseCoinHistory: (value: unknown, slug: string) => CoinHistory;
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
    latest: (PricePoint & {
        provider: string;
    }) | null;
    series: PricePoint[];
    count: number;
}
export declare const parsePrices: (value: unknown) => PricesResponse;
/** An `/api/prices?metal=all` answer: each metal's answer, by metal. */
export declare function parseAllPrices(value: unknown): Record<Metal, PricesResponse>;
