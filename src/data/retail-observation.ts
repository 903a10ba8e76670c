/**
 * One dealer page looked at once: the unit of retail facts. Extraction produces it; the facts store
 * records it (compactly); the views are built from a set of them.
 */
import * as z from './zod.js';

export const EXTRACTION_METHODS = [
  'tier-table',
  'structured-data',
  'text',
  'vision',
  'firecrawl-tier-table',
  'firecrawl-text',
  /** A Goldback denomination priced from the official exchange rate (goldback.ts). */
  'exchange-rate',
] as const;
export type ExtractionMethod = (typeof EXTRACTION_METHODS)[number];

export const observation = z.object({
  /** Coin slug from providers.json. */
  coin: z.string().check(z.minLength(1)),
  /** Dealer id from providers.json. */
  vendor: z.string().check(z.minLength(1)),
  /** When the page was read, ISO-8601 UTC with Z. */
  observedAt: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)),
  /** Price of one unit paid by check/wire in USD, or null when the page produced no trustworthy price. */
  price: z.nullable(z.number().check(z.positive(), z.multipleOf(0.01))),
  inStock: z.boolean(),
  /** The method that produced the price; null when no price. */
  method: z.nullable(z.enum(EXTRACTION_METHODS)),
  /** Why there is no price, or a note on doubt; empty when priced cleanly. */
  reason: z.string(),
  /** Whether a vision check agreed (true), disagreed (false) or was not run (undefined). */
  visionAgrees: z.optional(z.boolean()),
});
export type Observation = z.infer<typeof observation>;
