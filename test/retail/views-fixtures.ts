/** Builders shared by the retail facts/views tests: observations, a small catalog, temp roots. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach } from 'vitest';
import type { Catalog } from '../../src/data/retail-catalog.js';
import type { Observation } from '../../src/data/retail-observation.js';

export function obs(
  coin: string,
  vendor: string,
  observedAt: string,
  price: number | null,
  extra: Partial<Observation> = {},
): Observation {
  return {
    coin,
    vendor,
    observedAt,
    price,
    inStock: true,
    method: price === null ? null : 'tier-table',
    reason: price === null ? 'no price found' : '',
    ...extra,
  };
}

/** An out-of-stock read, optionally still showing a price. */
export const oos = (coin: string, vendor: string, observedAt: string, price: number | null = null) =>
  obs(coin, vendor, observedAt, price, { inStock: false, reason: 'out of stock' });

const provider = (id: string) => ({
  id,
  name: id.toUpperCase(),
  enabled: true,
  url: `https://${id}.example/p`,
});

export function catalogOf(coins: Record<string, string[]>): Catalog {
  return {
    coins: Object.fromEntries(
      Object.entries(coins).map(([slug, vendors]) => [
        slug,
        { name: `Coin ${slug}`, metal: 'silver' as const, weight_oz: 1, providers: vendors.map(provider) },
      ]),
    ),
  };
}

/** A fresh temp directory per test, removed afterwards. */
export function useTempRoots() {
  const roots: string[] = [];
  afterEach(async () => {
    await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
  });
  return async () => {
    const root = await mkdtemp(join(tmpdir(), 'retail-views-'));
    roots.push(root);
    return root;
  };
}

/** Every file under `dir` of `root`, as {relative path: content}. */
export async function snapshot(root: string, dir = 'data'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (abs: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(abs, e.name);
      if (e.isDirectory()) await walk(p);
      else out[relative(root, p)] = await readFile(p, 'utf8');
    }
  };
  await walk(join(root, dir));
  return out;
}

export const readJson = async (root: string, path: string) =>
  JSON.parse(await readFile(join(root, path), 'utf8'));

/** A deterministic PRNG (mulberry32) for property tests. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
