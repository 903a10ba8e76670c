/**
 * One dealer page looked at once: the unit of retail facts. Extraction produces it; the facts store
 * records it (compactly); the views are built from a set of them.
 */
import { z } from 'zod';

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
  coin: z.string().min(1),
  /** Dealer id from providers.json. */
  vendor: z.string().min(1),
  /** When the page was read, ISO-8601 UTC with Z. */
  observedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
  /** Price of one unit paid by check/wire in USD, or null when the page produced no trustworthy price. */
  price: z.number().finite().positive().multipleOf(0.01).nullable(),
  inStock: z.boolean(),
  /** The method that produced the price; null when no price. */
  method: z.enum(EXTRACTION_METHODS).nullable(),
  /** Why there is no price, or a note on doubt; empty when priced cleanly. */
  reason: z.string(),
  /** Whether a vision check agreed (true), disagreed (false) or was not run (undefined). */
  visionAgrees: z.boolean().optional(),
});
export type Observation = z.infer<typeof observation>;
