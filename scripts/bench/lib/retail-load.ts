/**
 * A day of real retail load for the benchmarks: the real catalog (or a synthetic one of 23 coins × 7–8
 * dealers when ../shared/real-data is absent) and the observations of run `n` (15 minutes apart from START).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Catalog, parseCatalogText } from '../../../src/data/retail-catalog.js';
import type { Observation } from '../../../src/data/retail-observation.js';
import { VENDORS } from '../../../src/demo/dealer-site/site.js';

export const RUNS_PER_DAY = 96;
export const START = Date.parse('2026-03-15T00:00:00Z');
const REAL = join(
  process.env.STAKTRAKR_REAL_DATA ?? join(import.meta.dirname, '../../../../shared/real-data/staktrakr-api'),
  'data',
);

export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function loadCatalog(): Promise<{ catalog: Catalog; base: Record<string, number> }> {
  if (existsSync(join(REAL, 'retail/providers.json'))) {
    const catalog = parseCatalogText(await readFile(join(REAL, 'retail/providers.json'), 'utf8'));
    const base: Record<string, number> = {};
    for (const slug of Object.keys(catalog.coins)) {
      const latest = JSON.parse(await readFile(join(REAL, `api/${slug}/latest.json`), 'utf8'));
      base[slug] = latest.median_price ?? latest.windows_24h.at(-1)?.median ?? 100;
    }
    return { catalog, base };
  }
  console.log('(../shared/real-data absent: using a synthetic catalog of 23 coins × 7–8 dealers)');
  const dealers = VENDORS.slice(0, 6);
  const coins: Catalog['coins'] = {};
  const base: Record<string, number> = {};
  for (let i = 0; i < 23; i++) {
    const slug = `coin-${i}`;
    const ids = [...dealers, 'sdbullion', ...(i < 5 ? ['summitmetals'] : [])];
    coins[slug] = {
      name: slug,
      metal: 'silver',
      weight_oz: 1,
      providers: ids.map((id) => ({ id, name: id, enabled: true, url: `https://${id}.example/${slug}` })),
    };
    base[slug] = i % 3 === 0 ? 5200 : i % 3 === 1 ? 90 : 10.4;
  }
  return { catalog: { coins }, base };
}

/** Observations of run `n`: a market random walk, a fixed premium per dealer, some failures and OOS. */
export function makeRun(
  catalog: Catalog,
  base: Record<string, number>,
  rand: () => number,
  market: { f: number },
  n: number,
) {
  market.f *= 1 + (rand() - 0.5) * 0.004;
  const start = START + n * 15 * 60_000;
  const out: Observation[] = [];
  let k = 0;
  for (const [slug, coin] of Object.entries(catalog.coins))
    for (const p of coin.providers.filter((x) => x.enabled)) {
      const seed = [...`${slug}/${p.id}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
      const premium = 0.97 + (seed % 900) / 10_000;
      const observedAt = new Date(start + 20_000 + k++ * 1000).toISOString();
      const r = rand();
      if (seed % 29 === 0)
        out.push({
          coin: slug,
          vendor: p.id,
          observedAt,
          price: null,
          inStock: false,
          method: null,
          reason: 'sold out',
        });
      else if (r < 0.04)
        out.push({
          coin: slug,
          vendor: p.id,
          observedAt,
          price: null,
          inStock: true,
          method: null,
          reason: 'timeout',
        });
      else {
        const price = Math.round(base[slug]! * premium * market.f * (1 + (rand() - 0.5) * 0.002) * 100) / 100;
        out.push({
          coin: slug,
          vendor: p.id,
          observedAt,
          price,
          inStock: true,
          method: 'tier-table',
          reason: '',
        });
      }
    }
  return out;
}
