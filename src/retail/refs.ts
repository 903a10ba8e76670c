/**
 * What a retail run reads from its own data repository before opening a page: the catalog, the
 * latest spot prices (the melt band is built on them), the Goldback rate, and each coin's last
 * published median (the consensus a vision check compares against).
 */
import { join } from 'node:path';
import { readTextIfExists } from '../data/atomic.js';
import { newestGoldbackRate } from '../data/goldback.js';
import { RETAIL_CATALOG_PATH } from '../data/paths.js';
import { type Catalog, parseCatalogText } from '../data/retail-catalog.js';
import { readPublishedCoin } from '../data/retail-views/published.js';
import { METALS } from '../data/spot.js';
import { slotFactsBetween } from '../data/spot-store.js';
import { DAY, formatNaive } from '../data/time.js';
import type { MarketRefs } from './plausibility.js';

/** Spot older than this is too old to judge a retail price by. */
export const MAX_SPOT_AGE_DAYS = 4;

export async function readCatalog(root: string): Promise<Catalog> {
  const text = await readTextIfExists(join(root, RETAIL_CATALOG_PATH));
  if (text === undefined)
    throw new Error(
      `${RETAIL_CATALOG_PATH} is missing in the data repository: it lists the coins and dealers to read`,
    );
  return parseCatalogText(text, RETAIL_CATALOG_PATH);
}

export interface SpotRefs extends MarketRefs {
  /** Naive UTC timestamp of the spot prices used. */
  spotAt: string;
}

/** Latest complete spot slot of the last few days, and the newest Goldback rate. */
export async function marketRefs(root: string, now: Date): Promise<SpotRefs> {
  const facts = await slotFactsBetween(root, new Date(now.getTime() - MAX_SPOT_AGE_DAYS * DAY), now);
  const latest = facts
    .reverse()
    .find((f) => METALS.every((m) => f.entries.some((e) => e.metal === m && e.spot > 0)));
  if (!latest) {
    throw new Error(
      `no spot price newer than ${MAX_SPOT_AGE_DAYS} days in data/15min: retail prices are checked against melt value, so run spot-poll on this repository first`,
    );
  }
  const spot = Object.fromEntries(latest.entries.map((e) => [e.metal, e.spot]));
  return { spot, spotAt: formatNaive(latest.at), goldbackG1Usd: await newestGoldbackRate(root) };
}

/** Each coin's `median_price` in its published latest.json: the consensus of the previous run. */
export async function consensus(root: string, catalog: Catalog): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const slug of Object.keys(catalog.coins)) {
    const { median } = await readPublishedCoin(root, slug);
    if (median !== undefined) out[slug] = median;
  }
  return out;
}
