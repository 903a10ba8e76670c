/**
 * The pages a retail run reads: `targets` turns the catalog (src/data/retail-catalog.ts) into the list of
 * pages to read, optionally filtered and split into deterministic shards for a workflow matrix.
 */
import { createHash } from 'node:crypto';
import { type Catalog, CatalogError } from '../data/retail-catalog.js';

export interface Target {
  coin: string;
  vendor: string;
  /** Pages to try in order; the first that yields a price wins. */
  urls: string[];
}

export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (1-based, as a workflow matrix writes it). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new CatalogError(`shard must look like "i/n" with 1 ≤ i ≤ n (e.g. "2/4"), got "${text}"`);
  }
  return { index, count };
}

/** Stable shard of a page: a hash of coin and dealer, so adding a coin never moves the others. */
export function shardOf(coin: string, vendor: string, count: number): number {
  const h = createHash('sha256').update(`${coin}\u0000${vendor}`).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

export interface TargetFilter {
  coins?: readonly string[];
  vendors?: readonly string[];
  shard?: Shard | string;
}

/** The enabled pages of the catalog, sorted by (coin, vendor), after filters and sharding. */
export function targets(catalog: Catalog, filter: TargetFilter = {}): Target[] {
  const unknownCoins = (filter.coins ?? []).filter((c) => !catalog.coins[c]);
  if (unknownCoins.length) throw new CatalogError(`coins not in the catalog: ${unknownCoins.join(', ')}`);
  const knownVendors = new Set(Object.values(catalog.coins).flatMap((c) => c.providers.map((p) => p.id)));
  const unknownVendors = (filter.vendors ?? []).filter((v) => !knownVendors.has(v));
  if (unknownVendors.length)
    throw new CatalogError(`vendors not in the catalog: ${unknownVendors.join(', ')}`);
  const shard = typeof filter.shard === 'string' ? parseShard(filter.shard) : filter.shard;
  const coins = filter.coins?.length ? new Set(filter.coins) : undefined;
  const vendors = filter.vendors?.length ? new Set(filter.vendors) : undefined;
  const out: Target[] = [];
  for (const slug of Object.keys(catalog.coins).sort()) {
    if ((coins && !coins.has(slug)) || catalog.coins[slug]!.retired) continue;
    const providers = [...catalog.coins[slug]!.providers].sort((a, b) => a.id.localeCompare(b.id));
    for (const p of providers) {
      if (!p.enabled || (vendors && !vendors.has(p.id))) continue;
      if (shard && shardOf(slug, p.id, shard.count) !== shard.index) continue;
      out.push({ coin: slug, vendor: p.id, urls: p.urls ?? [p.url!] });
    }
  }
  return out;
}
