/**
 * Shapes of the retail views the app reads (DESIGN §2.2). Write schemas are strict — one timestamp form
 * per field, prices in cents — and every view is checked against them before it touches disk. Read
 * schemas are lenient: everything older pollers wrote must parse, so its entries can be kept.
 */
import * as z from '../zod.js';
import { cents } from './stats.js';

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const isoZ = z.string().check(z.regex(ISO_Z, 'must be ISO-8601 UTC to the second with Z'));
/** Instants the real files write with milliseconds (`generated_at`, `stale_since`). */
const isoMs = z
  .string()
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'must be ISO-8601 UTC with milliseconds and Z'),
  );
const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'));
const slug = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a lowercase slug'));
const isCents = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;
const price = z.number().check(z.positive(), z.refine(isCents, 'must be in cents (2 decimal places)'));
const priceOrNull = z.nullable(price);
const count = z.int().check(z.gte(0));

export const vendorQuoteWrite = z.strictObject({
  price,
  confidence: z.nullable(z.int().check(z.gte(0), z.lte(100))),
  /** Who read the price, in the real files' words: the fetcher, or `turso_last_known` for a carried one. */
  source: z.enum(['firecrawl', 'playwright', 'vision', 'turso_last_known']),
  inStock: z.literal(true),
  stale: z.optional(z.literal(true)),
  stale_since: z.optional(isoMs),
});
export type VendorQuote = z.infer<typeof vendorQuoteWrite>;

export const windowWrite = z.strictObject({
  window: isoZ,
  median: price,
  low: price,
  vendors: z.record(slug, price),
});
export type Window = z.infer<typeof windowWrite>;

export const WINDOWS_PER_DAY = 96;

export const coinLatestWrite = z
  .strictObject({
    slug,
    window_start: isoZ,
    median_price: priceOrNull,
    lowest_price: priceOrNull,
    vendors: z.record(slug, vendorQuoteWrite),
    availability_by_site: z.record(slug, z.boolean()),
    last_known_price_by_site: z.record(slug, price),
    last_available_date_by_site: z.record(slug, date),
    windows_24h: z.array(windowWrite).check(z.maxLength(WINDOWS_PER_DAY)),
    /** Present on a coin that left the catalog: its files are kept but no longer listed in the manifest. */
    retired: z.optional(z.literal(true)),
  })
  .check(
    z.superRefine((v, ctx) => {
      const windows = v.windows_24h.map((w) => w.window);
      if (windows.some((w, i) => i > 0 && w <= windows[i - 1]!))
        ctx.addIssue({
          code: 'custom',
          path: ['windows_24h'],
          message: 'windows must be strictly ascending',
        });
      if (windows.length && windows.at(-1)! > v.window_start)
        ctx.addIssue({ code: 'custom', path: ['windows_24h'], message: 'a window is after window_start' });
      const first = windows[0];
      if (first && Date.parse(v.window_start) - Date.parse(first) >= 24 * 3_600_000)
        ctx.addIssue({ code: 'custom', path: ['windows_24h'], message: 'a window is older than 24 hours' });
    }),
  );
export type CoinLatest = z.infer<typeof coinLatestWrite>;

export const historyEntryWrite = z.strictObject({
  date,
  avg_median: priceOrNull,
  avg_low: priceOrNull,
  /** Observations that produced a price (failed pages excluded). */
  sample_count: count,
  vendors: z.record(slug, z.strictObject({ avg: priceOrNull, inStock: z.boolean() })),
});
export type HistoryEntry = z.infer<typeof historyEntryWrite>;

export const historyWrite = z.array(historyEntryWrite).check(
  z.superRefine((entries, ctx) => {
    if (entries.some((e, i) => i > 0 && e.date <= entries[i - 1]!.date))
      ctx.addIssue({ code: 'custom', message: 'dates must be strictly ascending' });
  }),
);

export const summaryWrite = z.strictObject({
  window_start: isoZ,
  generated_at: isoMs,
  coin_count: count,
  coins: z.record(
    slug,
    z.strictObject({
      window_start: isoZ,
      median_price: priceOrNull,
      lowest_price: priceOrNull,
      /** Dealers with a fresh price (the ones the median is taken over). */
      vendor_count: count,
    }),
  ),
});
export type Summary = z.infer<typeof summaryWrite>;

const coinMeta = z.strictObject({
  name: z.string().check(z.minLength(1)),
  metal: z.string().check(z.minLength(1)),
  weight: z.number().check(z.positive()),
});

export const manifestWrite = z
  .strictObject({
    generated_at: isoMs,
    updated: isoMs,
    latest_window: isoZ,
    window_count: z.int().check(z.gte(0), z.lte(WINDOWS_PER_DAY)),
    coin_count: count,
    coins: z.array(slug),
    coins_meta: z.record(slug, coinMeta),
    endpoints: z.record(z.string(), z.string()),
    /** Coins that left the catalog; their files stay where they were. */
    retired: z.array(slug),
  })
  .check(
    z.superRefine((m, ctx) => {
      if (m.updated !== m.generated_at)
        ctx.addIssue({ code: 'custom', path: ['updated'], message: 'must equal generated_at' });
      if (m.coin_count !== m.coins.length)
        ctx.addIssue({ code: 'custom', path: ['coin_count'], message: 'must equal the number of coins' });
    }),
  );
export type Manifest = z.infer<typeof manifestWrite>;

export const providersWrite = z.record(slug, z.record(slug, z.url()));

// ---- lenient reads of existing views (ours and older pollers') ----

const anyPrice = z.pipe(z.number().check(z.positive()), z.transform(cents));
const anyPriceOrNull = z.nullable(anyPrice);
const instant = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'must be a timestamp'));
/** A record read as is, or left out (undefined) when it is not one. */
const recordOrNothing = z.catch(z.optional(z.record(z.string(), z.unknown())), undefined);

export const historyEntryRead = z.object({
  date,
  avg_median: anyPriceOrNull,
  avg_low: anyPriceOrNull,
  sample_count: count,
  vendors: z.record(z.string(), z.object({ avg: anyPriceOrNull, inStock: z.boolean() })),
});

export const windowRead = z.object({
  window: instant,
  median: anyPrice,
  low: anyPrice,
  vendors: z.record(z.string(), anyPrice),
});

/** The parts of an existing per-coin latest.json the rebuild reuses (the summary of an untouched coin). */
export const coinLatestRead = z.object({
  window_start: instant,
  median_price: anyPriceOrNull,
  lowest_price: anyPriceOrNull,
  // Each dealer on its own: one unreadable entry must not cost the others (readDealers).
  vendors: z.catch(z.record(z.string(), z.unknown()), {}),
  availability_by_site: recordOrNothing,
  last_known_price_by_site: recordOrNothing,
  last_available_date_by_site: recordOrNothing,
  windows_24h: z.array(z.unknown()),
});
export type CoinLatestRead = z.infer<typeof coinLatestRead>;

export const vendorRead = z.object({
  price: anyPrice,
  stale: z.optional(z.boolean()),
  stale_since: z.optional(instant),
});

/** The entries of a record that parse with `schema`; the others are named in `warnings`. */
export function readDealers<T>(
  record: Record<string, unknown> | undefined,
  schema: z.ZodMiniType<T>,
  where: string,
  warnings: string[],
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [id, value] of Object.entries(record ?? {})) {
    const r = schema.safeParse(value);
    if (r.success) out[id] = r.data;
    else warnings.push(`${where}.${id} kept out: ${z.prettifyError(r.error).replace(/\n/g, '; ')}`);
  }
  return out;
}

/** A coins_meta entry of an existing manifest, kept for a listed coin the catalog does not describe. */
export const coinMetaRead = z.object(coinMeta.shape);

/** The parts of an existing manifest the rebuild keeps: its coins stay listed. */
export const manifestRead = z.object({
  generated_at: z.catch(z.optional(z.string()), undefined),
  coins: z.catch(z.array(z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]*$/))), []),
  coins_meta: recordOrNothing,
});
