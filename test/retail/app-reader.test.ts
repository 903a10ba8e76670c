import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendObservations } from '../../src/data/retail-facts.js';
import { rebuildRetailViews } from '../../src/data/retail-views/rebuild.js';
import { REAL_DATA } from '../helpers/real-data.js';
import {
  freshest,
  readCoinLatestLikeApp,
  readHistoryLikeApp,
  readManifestLikeApp,
} from './app-reader-check.js';
import { catalogOf, obs, oos, readJson, snapshot, useTempRoots } from './views-fixtures.js';

const REAL = join(REAL_DATA, 'data/api');
const tempRoot = useTempRoots();

/** Checks retail view files (path → parsed JSON) like the app; returns the problems by path. */
function readAllLikeApp(files: Record<string, unknown>): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  for (const [path, value] of Object.entries(files)) {
    const name = path.split('/').at(-1)!;
    const found =
      name === 'manifest.json'
        ? readManifestLikeApp(value)
        : /^history(-7d|-30d)?\.json$/.test(name)
          ? readHistoryLikeApp(value)
          : name === 'latest.json' && path.split('/').length > 3
            ? readCoinLatestLikeApp(value)
            : [];
    if (found.length) problems[path] = found;
  }
  return problems;
}

describe('the app reads the retail files', () => {
  it.skipIf(!existsSync(REAL))('accepts every real file of the snapshot', async () => {
    const files: Record<string, unknown> = {
      'data/api/manifest.json': await readJson(REAL, 'manifest.json'),
    };
    for (const slug of await readdir(REAL, { withFileTypes: true }))
      if (slug.isDirectory())
        for (const name of await readdir(join(REAL, slug.name)))
          files[`data/api/${slug.name}/${name}`] = await readJson(REAL, `${slug.name}/${name}`);
    expect(Object.keys(files).length).toBeGreaterThan(200);
    expect(readAllLikeApp(files)).toEqual({});
  });
  if (!existsSync(REAL)) console.log(`skipping the real-file check: ${REAL} is absent`);

  it('accepts every file we publish, with prices, stale carries, stock maps, charts and histories', async () => {
    const root = await tempRoot();
    const catalog = catalogOf({ ase: ['apmex', 'jmbullion', 'sdbullion'], age: ['apmex'], ape: ['apmex'] });
    await appendObservations(root, [
      obs('ase', 'apmex', '2026-03-15T20:00:00Z', 90),
      obs('ase', 'jmbullion', '2026-03-15T20:00:10Z', 92),
      oos('ase', 'sdbullion', '2026-03-15T20:00:20Z', 94),
      obs('ape', 'apmex', '2026-03-15T20:00:30Z', 2300),
      obs('age', 'apmex', '2026-03-15T20:00:40Z', 5229.5),
      obs('ase', 'apmex', '2026-03-16T08:00:00Z', 91),
      obs('ase', 'jmbullion', '2026-03-16T08:00:10Z', null),
      obs('age', 'apmex', '2026-03-16T08:00:20Z', 5230.31),
    ]);
    await rebuildRetailViews({ root, catalog, now: new Date('2026-03-17T00:00:00Z') });
    // ape leaves the catalog: retired, its files stay readable.
    await rebuildRetailViews({
      root,
      catalog: catalogOf({ ase: ['apmex'], age: ['apmex'] }),
      now: new Date('2026-03-17T00:00:00Z'),
    });
    const files = Object.fromEntries(
      Object.entries(await snapshot(root, 'data/api')).map(([p, text]) => [p, JSON.parse(text)]),
    );
    expect(Object.keys(files).sort()).toEqual([
      'data/api/age/history-30d.json',
      'data/api/age/history-7d.json',
      'data/api/age/history.json',
      'data/api/age/latest.json',
      'data/api/ape/history-30d.json',
      'data/api/ape/history-7d.json',
      'data/api/ape/history.json',
      'data/api/ape/latest.json',
      'data/api/ase/history-30d.json',
      'data/api/ase/history-7d.json',
      'data/api/ase/history.json',
      'data/api/ase/latest.json',
      'data/api/latest.json',
      'data/api/manifest.json',
      'data/api/providers.json',
    ]);
    expect(readAllLikeApp(files)).toEqual({});
    const ase = files['data/api/ase/latest.json'] as Record<string, unknown>;
    expect(ase.vendors).toMatchObject({ apmex: { price: 91 }, jmbullion: { price: 92, stale: true } });
    expect(ase.last_known_price_by_site).toEqual({ sdbullion: 94 });
    if (existsSync(REAL))
      expect(
        freshest({ real: await readJson(REAL, 'manifest.json'), ours: files['data/api/manifest.json'] }),
      ).toBe('ours');
  });

  it('notices what the app could not read', () => {
    expect(
      readCoinLatestLikeApp({ slug: 'ase', window_start: 'soon', median_price: '92', vendors: {} }),
    ).toEqual(
      expect.arrayContaining(['window_start', 'median_price', 'availability_by_site', 'windows_24h']),
    );
    expect(readHistoryLikeApp([{ date: '2026-3-1', avg_median: 1, avg_low: null, vendors: {} }])).toEqual([
      '[0].date',
      '[0].sample_count',
    ]);
    expect(
      readManifestLikeApp({ generated_at: 'x', coins: ['ase'], coins_meta: { ase: { name: 'ASE' } } }),
    ).toContain('coins_meta.ase lacks name/metal/weight');
  });
});
