/**
 * Our rebuild over a real data repository snapshot (../shared/real-data): everything the original
 * pollers published stays — every history entry, the windows still inside 24 hours, retired coins' files,
 * the legacy files under data/retail/ — and the app can read the result.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalogText } from '../../src/data/retail-catalog.js';
import { appendObservations } from '../../src/data/retail-facts.js';
import type { Observation } from '../../src/data/retail-observation.js';
import { rebuildRetailViews } from '../../src/data/retail-views/rebuild.js';
import { hasRealData, REAL_DATA } from '../helpers/real-data.js';
import { readCoinLatestLikeApp, readHistoryLikeApp, readManifestLikeApp } from './app-reader-check.js';
import { obs, snapshot, useTempRoots } from './views-fixtures.js';

const REAL = REAL_DATA;
const present = hasRealData && existsSync(join(REAL, 'data/api/manifest.json'));
const tempRoot = useTempRoots();

interface Entry {
  date: string;
}

describe.skipIf(!present)('rebuild over the real snapshot', () => {
  it('keeps every real history entry, recent window, retired coin and legacy file, and reads like the app', async () => {
    const root = await tempRoot();
    execFileSync('cp', ['-R', join(REAL, 'data'), root]);
    execFileSync('chmod', ['-R', 'u+w', root]);
    const views = async () => ({
      ...(await snapshot(root, 'data/api')),
      ...(await snapshot(root, 'data/retail')),
    });
    const before = await views();
    const catalog = parseCatalogText(await readFile(join(root, 'data/retail/providers.json'), 'utf8'));

    // A poll on the next morning: dealers priced in the snapshot are read again at that price, the
    // others fail (so their older knowledge must survive).
    const poll = async (observedAt: string) => {
      const observations: Observation[] = [];
      for (const [slug, coin] of Object.entries(catalog.coins)) {
        const real = JSON.parse(before[`data/api/${slug}/latest.json`]!);
        for (const p of coin.providers.filter((x) => x.enabled))
          observations.push(obs(slug, p.id, observedAt, real.vendors[p.id]?.price ?? null));
      }
      await appendObservations(root, observations);
      const result = await rebuildRetailViews({
        root,
        catalog,
        now: new Date(Date.parse(observedAt) + 600_000),
      });
      expect(result.warnings).toEqual([]);
      // The catalog's 23 coins and the 6 Goldback denominations the real manifest lists.
      expect(result.coinsPublished).toBe(29);
      return views();
    };
    const morning = await poll('2026-03-16T06:00:00Z');
    for (const slug of Object.keys(catalog.coins)) {
      // Windows of the original's latest.json within the last 24 hours are still on the chart.
      const latest = JSON.parse(morning[`data/api/${slug}/latest.json`]!);
      expect(readCoinLatestLikeApp(latest)).toEqual([]);
      const recent = JSON.parse(before[`data/api/${slug}/latest.json`]!).windows_24h.filter(
        (w: { window: string }) => Date.parse(w.window) > Date.parse('2026-03-15T06:00:00Z'),
      );
      const charted = new Map(latest.windows_24h.map((w: { window: string }) => [Date.parse(w.window), w]));
      for (const w of recent)
        expect(charted.get(Date.parse(w.window)), `${slug} ${w.window}`).toMatchObject({
          median: w.median,
          low: w.low,
        });
      expect(latest.windows_24h.length).toBeLessThanOrEqual(96);
    }
    // The next day's first poll closes 2026-03-16 into the histories.
    const after = await poll('2026-03-17T00:05:00Z');

    for (const [slug] of Object.entries(catalog.coins)) {
      const real = [
        ...JSON.parse(before[`data/api/${slug}/history-30d.json`] ?? '[]'),
        ...JSON.parse(before[`data/api/${slug}/history-7d.json`] ?? '[]'),
      ] as Entry[];
      const history = JSON.parse(after[`data/api/${slug}/history.json`]!) as Entry[];
      const byDate = new Map(history.map((e) => [e.date, e]));
      for (const e of real) expect(byDate.get(e.date), `${slug} ${e.date}`).toEqual(e);
      expect(history.at(-1)!.date).toBe('2026-03-16');
      const d30 = JSON.parse(after[`data/api/${slug}/history-30d.json`]!) as Entry[];
      expect(d30).toEqual(history.filter((e) => e.date > '2026-02-15'));
      const d7 = JSON.parse(after[`data/api/${slug}/history-7d.json`]!) as Entry[];
      expect(d7.map((e) => e.date)).toEqual(history.filter((e) => e.date > '2026-03-09').map((e) => e.date));
      expect(d7.map((e) => e.date)).toContain('2026-03-10');
      expect(d7.length).toBeLessThanOrEqual(7);

      const latest = JSON.parse(after[`data/api/${slug}/latest.json`]!);
      expect(readCoinLatestLikeApp(latest)).toEqual([]);
      for (const f of ['history.json', 'history-7d.json', 'history-30d.json'])
        expect(readHistoryLikeApp(JSON.parse(after[`data/api/${slug}/${f}`]!))).toEqual([]);
      // What the original knew about out-of-stock dealers survives a failed read.
      const realLatest = JSON.parse(before[`data/api/${slug}/latest.json`]!);
      for (const [id, price] of Object.entries(realLatest.last_known_price_by_site))
        if (!latest.vendors[id]) expect(latest.last_known_price_by_site[id], `${slug} ${id}`).toBe(price);
    }

    const manifest = JSON.parse(after['data/api/manifest.json']!);
    expect(readManifestLikeApp(manifest)).toEqual([]);
    const realManifest = JSON.parse(before['data/api/manifest.json']!);
    expect(manifest.coins).toEqual(realManifest.coins);
    expect(manifest.coins_meta['goldback-g5']).toEqual({ name: 'Goldback G5', metal: 'goldback', weight: 5 });
    expect(manifest.generated_at).toBe('2026-03-17T00:05:00.000Z');
    expect(manifest.retired).toEqual(expect.arrayContaining(['goldback-utah-g25']));
    expect(manifest.retired).not.toContain('goldback-g1');

    // Nothing the original wrote outside the rebuilt coins changed, and no file disappeared.
    for (const path of Object.keys(before)) expect(after[path], path).toBeDefined();
    const rebuilt = new Set(Object.keys(catalog.coins));
    for (const [path, text] of Object.entries(before)) {
      const coin = /^data\/api\/([^/]+)\//.exec(path)?.[1];
      if (coin && rebuilt.has(coin)) continue;
      if (/^data\/api\/(manifest|latest|providers)\.json$/.test(path)) continue;
      expect(after[path] === text, path).toBe(true);
    }

    // A second rebuild changes nothing.
    const again = await rebuildRetailViews({ root, catalog, now: new Date('2026-03-17T07:00:00Z') });
    expect(again.written).toEqual([]);
  });
});
