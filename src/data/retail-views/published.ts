/**
 * What a retail run looks at in the views already published, before and after it writes: each coin's
 * `median_price` (the consensus a vision check compares against) and the state of its dealers (stale
 * carries, for the run's report). Read leniently: a missing, torn or foreign file reads as nothing.
 */
import { join } from 'node:path';
import { readTextIfExists } from '../atomic.js';
import { parseJson } from '../json.js';
import { coinViewPath } from '../paths.js';

/** Published state of a dealer in a coin's latest.json. */
export interface PublishedVendor {
  price?: number | null;
  inStock?: boolean;
  stale?: boolean;
}

export interface PublishedCoin {
  /** `median_price` when it is a positive number. */
  median?: number;
  vendors?: Record<string, PublishedVendor>;
}

export async function readPublishedCoin(root: string, slug: string): Promise<PublishedCoin> {
  const parsed = parseJson((await readTextIfExists(join(root, coinViewPath(slug, 'latest.json')))) ?? '');
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object') return {};
  const { median_price, vendors } = parsed.value as { median_price?: unknown; vendors?: unknown };
  return {
    ...(typeof median_price === 'number' && median_price > 0 && { median: median_price }),
    ...(vendors !== null &&
      typeof vendors === 'object' &&
      !Array.isArray(vendors) && { vendors: vendors as Record<string, PublishedVendor> }),
  };
}
