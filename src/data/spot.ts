/**
 * Spot price entries: read leniently (everything older pollers wrote must parse), write strictly.
 */

import { METALS, type Metal } from './metals.js';
import { formatNaive, parseNaive } from './time.js';
import * as z from './zod.js';

export { METALS, type Metal };
/** Prices of some or all metals, USD per troy ounce. */
export type Prices = Partial<Record<Metal, number>>;
/** ISO 4217-style codes the upstream APIs use for the metals. */
export const METAL_SYMBOLS: Record<Metal, string> = {
  Gold: 'XAU',
  Silver: 'XAG',
  Platinum: 'XPT',
  Palladium: 'XPD',
};

const metalByLowerName = new Map(METALS.map((m) => [m.toLowerCase(), m]));

/** Where a slot fact's price came from. */
export const SLOT_SOURCES = ['latest', 'backfill-hourly', 'backfill-timeframe'] as const;
export type SlotSource = (typeof SLOT_SOURCES)[number];

export interface SpotEntry {
  spot: number;
  metal: Metal;
  source: string;
  provider: string;
  timestamp: string;
  /** Bid and ask (USD per troy ounce), when the provider's plan gives them. */
  bid?: number;
  ask?: number;
}

/** A quote's bid/ask per metal, when the provider gives them. */
export type Spreads = Partial<Record<Metal, { bid?: number; ask?: number }>>;

/** Lenient: a usable price or nothing (an odd value leaves the entry foreign, kept as it was). */
const optionalPrice = z.pipe(
  z.optional(z.unknown()),
  z.transform((v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined)),
);

/** Lenient: any finite number, metal in any case, any source/provider text, a parseable UTC timestamp. */
export const spotEntryRead = z.pipe(
  z.object({
    spot: z.number(),
    metal: z.pipe(
      z.string(),
      z.transform(
        (s: string, ctx) =>
          metalByLowerName.get(s.trim().toLowerCase()) ?? z.fail(ctx, `unknown metal "${s}"`),
      ),
    ),
    source: z.string(),
    provider: z.string(),
    timestamp: z.pipe(
      z.string(),
      z.transform((s: string, ctx) => {
        const d = parseNaive(s);
        return d ? formatNaive(d) : z.fail(ctx, `unreadable timestamp "${s}"`);
      }),
    ),
    bid: optionalPrice,
    ask: optionalPrice,
  }),
  z.transform((e): SpotEntry => e),
);

const twoDecimals = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

const price = z
  .number()
  .check(z.positive(), z.refine(twoDecimals, { message: 'must have at most 2 decimal places' }));

/** Strict: what this toolkit writes. */
export const spotEntryWrite = z
  .strictObject({
    spot: price,
    metal: z.enum(METALS),
    source: z.string().check(z.minLength(1)),
    provider: z.string().check(z.minLength(1)),
    timestamp: z
      .string()
      .check(z.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'must be "YYYY-MM-DD HH:MM:SS"')),
    bid: z.optional(price),
    ask: z.optional(price),
  })
  .check(
    z.refine((e) => e.bid === undefined || e.ask === undefined || e.bid <= e.ask, {
      message: 'bid must not be above ask',
      path: ['bid'],
    }),
  );

/** A slot fact holds exactly one entry per metal. */
export const slotFileWrite = z.array(spotEntryWrite).check(
  z.length(4),
  z.refine((a) => new Set(a.map((e) => e.metal)).size === 4, {
    message: 'must hold each of the four metals once',
  }),
);

export const spotFileWrite = z.array(spotEntryWrite);

export const metalOrder = (m: Metal) => METALS.indexOf(m);

/** Sort key of hourly views and spot history: (timestamp, metal in canonical order). */
export function compareEntries(a: SpotEntry, b: SpotEntry): number {
  return a.timestamp < b.timestamp
    ? -1
    : a.timestamp > b.timestamp
      ? 1
      : metalOrder(a.metal) - metalOrder(b.metal);
}

export const entryKey = (e: Pick<SpotEntry, 'timestamp' | 'metal'>) => `${e.timestamp}|${e.metal}`;

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** Entry in the order of keys older pollers wrote (bid/ask after them, only when known), so formatting is stable. */
export const orderedEntry = (e: SpotEntry): SpotEntry => ({
  spot: e.spot,
  metal: e.metal,
  source: e.source,
  provider: e.provider,
  timestamp: e.timestamp,
  ...(e.bid !== undefined && { bid: e.bid }),
  ...(e.ask !== undefined && { ask: e.ask }),
});
