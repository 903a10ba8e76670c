/**
 * The retail grid of the status page: coin × dealer, read from the views the app reads
 * (`data/api/manifest.json`, `data/api/{slug}/latest.json`, `data/api/providers.json`). Read leniently
 * (files older pollers wrote must show), and a slug is only used in a path when it is a plain slug.
 */
import { join } from 'node:path';
import { readTextIfExists } from '../../data/atomic.js';
import { parseJson } from '../../data/json.js';
import { coinViewPath, RETAIL_PROVIDERS_PATH } from '../../data/paths.js';
import { readManifestFile } from '../../data/retail-manifest-file.js';
import * as z from '../../data/zod.js';

const SLUG = /^[a-z0-9][a-z0-9_-]*$/;

/** What one dealer shows for one coin. */
export type Cell =
  /** A current price. */
  | { state: 'price'; price: number }
  /** The last in-stock price carried forward: the dealer's page gave no fresh one. */
  | { state: 'stale'; price: number; since?: string }
  /** The dealer says out of stock; `lastPrice` is the last one seen. */
  | { state: 'oos'; lastPrice?: number; lastAvailable?: string }
  /** Listed for this coin, but no price and no stock answer (the page failed or the price expired). */
  | { state: 'failed'; lastPrice?: number; lastAvailable?: string }
  /** The dealer does not carry this coin. */
  | { state: 'none' };

export interface CoinRow {
  slug: string;
  name: string;
  metal: string;
  /** `window_start` of the coin's latest.json (ms), when readable. */
  windowStart?: number;
  median?: number;
  lowest?: number;
  cells: Record<string, Cell>;
  /** Why the row has no data (unreadable or missing latest.json, bad slug). */
  problem?: string;
}

export interface RetailGrid {
  /** `generated_at` (or `updated`) of the manifest, ms. */
  generatedAt?: number;
  dealers: string[];
  coins: CoinRow[];
  /** Why there is no grid at all (no manifest). */
  problem?: string;
}

const price = z.number().check(z.positive());
const latestRead = z.object({
  window_start: z.optional(z.string()),
  median_price: z.optional(z.nullable(price)),
  lowest_price: z.optional(z.nullable(price)),
  vendors: z.optional(
    z.record(
      z.string(),
      z.object({ price, stale: z.optional(z.boolean()), stale_since: z.optional(z.string()) }),
    ),
  ),
  availability_by_site: z.optional(z.record(z.string(), z.boolean())),
  last_known_price_by_site: z.optional(z.record(z.string(), price)),
  last_available_date_by_site: z.optional(z.record(z.string(), z.string())),
});
const providersRead = z.record(z.string(), z.record(z.string(), z.unknown()));

type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

async function readJson<T>(root: string, rel: string, schema: z.ZodMiniType<T>): Promise<Read<T>> {
  const text = await readTextIfExists(join(root, rel));
  if (text === undefined) return { ok: false, problem: `${rel} is missing` };
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, problem: `${rel} is not JSON: ${parsed.error}` };
  const r = schema.safeParse(parsed.value);
  return r.success
    ? { ok: true, value: r.data }
    : { ok: false, problem: `${rel}: ${z.prettifyError(r.error).replace(/\n/g, '; ')}` };
}

const instant = (s: string | undefined) => {
  const t = s === undefined ? Number.NaN : Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};

function cellOf(dealer: string, latest: z.infer<typeof latestRead>, listed: boolean): Cell {
  const quote = latest.vendors?.[dealer];
  if (quote)
    return quote.stale
      ? { state: 'stale', price: quote.price, since: quote.stale_since }
      : { state: 'price', price: quote.price };
  const lastPrice = latest.last_known_price_by_site?.[dealer];
  const lastAvailable = latest.last_available_date_by_site?.[dealer];
  const known = {
    ...(lastPrice !== undefined && { lastPrice }),
    ...(lastAvailable !== undefined && { lastAvailable }),
  };
  if (latest.availability_by_site?.[dealer] === false) return { state: 'oos', ...known };
  const seen =
    listed ||
    dealer in (latest.availability_by_site ?? {}) ||
    lastPrice !== undefined ||
    lastAvailable !== undefined;
  return seen ? { state: 'failed', ...known } : { state: 'none' };
}

export async function readRetailGrid(root: string): Promise<RetailGrid> {
  const manifest = await readManifestFile(root);
  if (!manifest.ok) return { dealers: [], coins: [], problem: manifest.problem };
  const providers = await readJson(root, RETAIL_PROVIDERS_PATH, providersRead);
  const listedBy = providers.ok ? providers.value : {};
  const generatedAt = manifest.at;

  const rows = await Promise.all(
    manifest.coins.map(async (c): Promise<{ row: CoinRow; latest?: z.infer<typeof latestRead> }> => {
      const row: CoinRow = { slug: c.slug, name: c.name ?? c.slug, metal: c.metal ?? '', cells: {} };
      if (!SLUG.test(c.slug)) return { row: { ...row, problem: 'not a valid coin slug; not read' } };
      const latest = await readJson(root, coinViewPath(c.slug, 'latest.json'), latestRead);
      if (!latest.ok) return { row: { ...row, problem: latest.problem } };
      return { row, latest: latest.value };
    }),
  );

  const dealers = new Set<string>();
  for (const { row, latest } of rows) {
    for (const d of Object.keys(listedBy[row.slug] ?? {})) dealers.add(d);
    if (!latest) continue;
    for (const rec of [
      latest.vendors,
      latest.availability_by_site,
      latest.last_known_price_by_site,
      latest.last_available_date_by_site,
    ])
      for (const d of Object.keys(rec ?? {})) dealers.add(d);
  }
  const sorted = [...dealers].sort();
  const coins = rows.map(({ row, latest }) => {
    if (!latest) return row;
    const listed = new Set(Object.keys(listedBy[row.slug] ?? {}));
    return {
      ...row,
      windowStart: instant(latest.window_start),
      median: latest.median_price ?? undefined,
      lowest: latest.lowest_price ?? undefined,
      cells: Object.fromEntries(sorted.map((d) => [d, cellOf(d, latest, listed.has(d))])),
    };
  });
  return {
    ...(generatedAt instanceof Date && { generatedAt: generatedAt.getTime() }),
    dealers: sorted,
    coins,
  };
}
