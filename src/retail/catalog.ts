/**
 * The retail catalog, `data/retail/providers.json` (human-edited): which coins, which dealers, which pages.
 * Validated strictly before any page is opened; `targets` turns it into the list of pages to read,
 * optionally filtered and split into deterministic shards for a workflow matrix.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';

export const CATALOG_METALS = ['gold', 'silver', 'platinum', 'palladium', 'goldback'] as const;
export type CatalogMetal = (typeof CATALOG_METALS)[number];

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')
  // The catalog is republished (data/api/providers.json): a password in it would be too.
  .refine((u) => {
    const parsed = URL.canParse(u) ? new URL(u) : undefined;
    return !parsed?.username && !parsed?.password;
  }, 'must not carry credentials (user:password@); put them nowhere in the catalog');

const provider = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a lowercase dealer id'),
    name: z.string().min(1),
    enabled: z.boolean(),
    url: httpUrl.optional(),
    urls: z.array(httpUrl).min(1).optional(),
    /** How a pre-order/presale page counts: buyable now ("in-stock", the default) or not ("out-of-stock"). */
    preorder: z.enum(['in-stock', 'out-of-stock']).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.url && p.urls) ctx.addIssue({ code: 'custom', message: 'has both "url" and "urls"; keep one' });
    if (p.enabled && !p.url && !p.urls)
      ctx.addIssue({ code: 'custom', message: 'is enabled but has no "url"' });
  });

const coin = z.object({
  name: z.string().min(1),
  metal: z.enum(CATALOG_METALS),
  /** Troy ounces of metal; for Goldback notes the denomination (G1 = 1, i.e. 1/1000 oz of gold). */
  weight_oz: z.number().positive().finite(),
  /** Retired: no page is read and the coin leaves the manifest (its files stay). */
  retired: z.boolean().optional(),
  providers: z.array(provider).superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const [i, p] of list.entries()) {
      if (seen.has(p.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `dealer "${p.id}" listed twice` });
      seen.add(p.id);
    }
  }),
});

export const catalogSchema = z.object({
  coins: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase slug'), coin),
});
export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogCoin = z.infer<typeof coin>;
export type CatalogProvider = z.infer<typeof provider>;

export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** Names a zod issue path the way a human edits the file: `coin "age", provider "apmex" (#2): url`. */
function describePath(path: readonly PropertyKey[], value: unknown): string {
  const [top, slug, field, index, ...rest] = path;
  if (top !== 'coins' || slug === undefined) return path.join('.') || '(top level)';
  let where = `coin "${String(slug)}"`;
  if (field === undefined) return where;
  if (field !== 'providers' || index === undefined) {
    return `${where}: ${[field, index, ...rest].filter((p) => p !== undefined).join('.')}`;
  }
  const entry = (value as Catalog | undefined)?.coins?.[String(slug)]?.providers?.[Number(index)];
  const id = entry && typeof entry === 'object' && typeof entry.id === 'string' ? `"${entry.id}" ` : '';
  where += `, provider ${id}(#${Number(index) + 1})`;
  return rest.length ? `${where}: ${rest.join('.')}` : where;
}

/** Validates a parsed providers.json; throws a CatalogError naming every bad coin and field. */
export function parseCatalog(value: unknown, source = 'providers.json'): Catalog {
  const result = catalogSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${describePath(i.path, value)}: ${i.message}`);
  throw new CatalogError(`${source} is invalid:\n${lines.join('\n')}`);
}

/** Parses and validates providers.json text. */
export function parseCatalogText(text: string, source = 'providers.json'): Catalog {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CatalogError(`${source} is not JSON: ${(err as Error).message}`);
  }
  return parseCatalog(value, source);
}

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
