import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendObservations } from '../../src/data/retail-facts.js';
import type { Observation } from '../../src/data/retail-observation.js';
import { rebuildRetailViews } from '../../src/data/retail-views/rebuild.js';
import { catalogOf, obs, oos, readJson, snapshot, useTempRoots } from './views-fixtures.js';

const tempRoot = useTempRoots();
const catalog = catalogOf({
  ase: ['apmex', 'jmbullion', 'sdbullion', 'summitmetals'],
  age: ['apmex', 'jmbullion'],
});
const NOW = new Date('2026-04-01T00:00:00Z');

async function publish(
  root: string,
  observations: Observation[],
  options: { retireAfterDays?: number; now?: Date } = {},
) {
  await appendObservations(root, observations);
  return rebuildRetailViews({
    root,
    catalog,
    now: options.now ?? NOW,
    retireAfterDays: options.retireAfterDays,
  });
}

const at = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();

/** One poll of every ase dealer at `time` with the given prices (null = failed page). */
const run = (time: string, prices: Record<string, number | null>) =>
  Object.entries(prices).map(([vendor, price], i) => obs('ase', vendor, at(time, i * 0.25), price));

describe('per-coin latest.json', () => {
  it('publishes a true median: the middle price, or the mean of the two middle prices', async () => {
    const odd = await tempRoot();
    await publish(odd, run('2026-03-15T20:00:00Z', { apmex: 90, jmbullion: 92, sdbullion: 100 }));
    const o = await readJson(odd, 'data/api/ase/latest.json');
    expect([o.median_price, o.lowest_price]).toEqual([92, 90]);

    const even = await tempRoot();
    await publish(
      even,
      run('2026-03-15T20:00:00Z', { apmex: 90, jmbullion: 92, sdbullion: 94, summitmetals: 100 }),
    );
    const e = await readJson(even, 'data/api/ase/latest.json');
    expect([e.median_price, e.lowest_price]).toEqual([93, 90]);
    expect(e.windows_24h).toEqual([
      {
        window: '2026-03-15T20:00:00Z',
        median: 93,
        low: 90,
        vendors: { apmex: 90, jmbullion: 92, sdbullion: 94, summitmetals: 100 },
      },
    ]);
  });

  it('names the method that produced each price and scores it', async () => {
    const root = await tempRoot();
    await publish(root, [
      obs('ase', 'apmex', '2026-03-15T20:00:00Z', 92, { method: 'structured-data' }),
      obs('ase', 'jmbullion', '2026-03-15T20:00:10Z', 92.5, { method: 'vision', visionAgrees: true }),
      obs('ase', 'sdbullion', '2026-03-15T20:00:20Z', 115),
    ]);
    const { vendors } = await readJson(root, 'data/api/ase/latest.json');
    expect(vendors.apmex).toEqual({ price: 92, confidence: 90, source: 'playwright', inStock: true });
    expect(vendors.jmbullion).toMatchObject({ source: 'vision', confidence: 100 });
    expect(vendors.sdbullion.source).toBe('playwright');
    expect(vendors.sdbullion.confidence).toBeLessThan(60);
  });

  it('carries a dealer that failed its last read as stale until retire-after-days, then lists it as last known', async () => {
    const root = await tempRoot();
    await publish(root, run('2026-03-15T20:00:00Z', { apmex: 90, jmbullion: 92, sdbullion: 94 }));
    await publish(root, run('2026-03-15T20:15:00Z', { apmex: 91, jmbullion: null, sdbullion: 95 }));
    let latest = await readJson(root, 'data/api/ase/latest.json');
    expect(latest.vendors.jmbullion).toEqual({
      price: 92,
      confidence: null,
      source: 'turso_last_known',
      inStock: true,
      stale: true,
      stale_since: '2026-03-15T20:00:15.000Z',
    });
    // The median is taken over fresh prices only.
    expect(latest.median_price).toBe(93);
    expect(latest.availability_by_site).toEqual({ apmex: true, jmbullion: true, sdbullion: true });

    // 13 days later it is still carried; after 14 days without a reading it is retired.
    await publish(root, run('2026-03-28T19:15:00Z', { apmex: 91, jmbullion: null, sdbullion: 95 }));
    latest = await readJson(root, 'data/api/ase/latest.json');
    expect(latest.vendors.jmbullion).toMatchObject({ price: 92, stale: true });
    await publish(root, run('2026-03-29T20:15:00Z', { apmex: 91, jmbullion: null, sdbullion: 95 }), {
      now: new Date('2026-03-29T21:00:00Z'),
    });
    latest = await readJson(root, 'data/api/ase/latest.json');
    expect(latest.vendors.jmbullion).toBeUndefined();
    expect(latest.last_known_price_by_site).toEqual({ jmbullion: 92 });
    expect(latest.last_available_date_by_site).toEqual({ jmbullion: '2026-03-15' });
    expect(latest.availability_by_site).toEqual({ apmex: true, sdbullion: true });
  });

  it('honours a shorter retire-after-days, and retires a dealer the catalog disables at once', async () => {
    const root = await tempRoot();
    await publish(root, run('2026-03-15T20:00:00Z', { apmex: 90, jmbullion: 92 }), { retireAfterDays: 1 });
    await publish(root, run('2026-03-16T19:45:00Z', { apmex: 90, jmbullion: null }), { retireAfterDays: 1 });
    expect((await readJson(root, 'data/api/ase/latest.json')).vendors.jmbullion).toMatchObject({
      stale: true,
    });
    await publish(root, run('2026-03-16T20:15:00Z', { apmex: 90, jmbullion: null }), { retireAfterDays: 1 });
    expect((await readJson(root, 'data/api/ase/latest.json')).vendors.jmbullion).toBeUndefined();

    const disabled = catalogOf({ ase: ['apmex', 'jmbullion'] });
    disabled.coins.ase!.providers[0]!.enabled = false;
    await rebuildRetailViews({ root, catalog: disabled, now: NOW });
    await appendObservations(root, run('2026-03-16T20:30:00Z', { jmbullion: 93 }));
    await rebuildRetailViews({ root, catalog: disabled, now: new Date('2026-03-16T21:00:00Z') });
    const latest = await readJson(root, 'data/api/ase/latest.json');
    expect(Object.keys(latest.vendors)).toEqual(['jmbullion']);
    expect(latest.availability_by_site).toEqual({ jmbullion: true });
    expect(latest.last_known_price_by_site).toEqual({ apmex: 90 });
  });

  it('keeps out-of-stock dealers out of the prices, with their last known price and last available date', async () => {
    const root = await tempRoot();
    await publish(root, run('2026-03-14T10:00:00Z', { apmex: 90, jmbullion: 92, sdbullion: 94 }));
    await publish(root, [
      ...run('2026-03-15T20:00:00Z', { apmex: 91 }),
      oos('ase', 'jmbullion', '2026-03-15T20:00:30Z', 96.5),
      oos('ase', 'sdbullion', '2026-03-15T20:00:40Z'),
    ]);
    const latest = await readJson(root, 'data/api/ase/latest.json');
    expect(Object.keys(latest.vendors)).toEqual(['apmex']);
    expect(latest.availability_by_site).toEqual({ apmex: true, jmbullion: false, sdbullion: false });
    expect(latest.last_known_price_by_site).toEqual({ jmbullion: 96.5, sdbullion: 94 });
    expect(latest.last_available_date_by_site).toEqual({ jmbullion: '2026-03-14', sdbullion: '2026-03-14' });
    // A failed read after the out-of-stock answer does not bring the old price back.
    await publish(root, [...run('2026-03-15T20:15:00Z', { apmex: 91, jmbullion: null })]);
    expect((await readJson(root, 'data/api/ase/latest.json')).vendors.jmbullion).toBeUndefined();
  });

  it("carries an older poller's dealers, one unreadable entry costing only itself", async () => {
    const root = await tempRoot();
    await mkdir(join(root, 'data/api/ase'), { recursive: true });
    const older = {
      slug: 'ase',
      window_start: '2026-03-15T20:00:00Z',
      median_price: 92,
      lowest_price: 90,
      vendors: {
        jmbullion: { price: 92, confidence: 80, source: 'firecrawl', inStock: true },
        sdbullion: { price: -5, confidence: 80, source: 'firecrawl', inStock: true },
        summitmetals: {
          price: 91,
          confidence: null,
          source: 'turso_last_known',
          inStock: true,
          stale: true,
          stale_since: '2026-03-15T17:30:02.913Z',
        },
      },
      availability_by_site: { jmbullion: true, sdbullion: 'yes', summitmetals: true, apmex: false },
      last_known_price_by_site: { apmex: 95.5 },
      last_available_date_by_site: { apmex: '2026-03-01' },
      windows_24h: [],
    };
    await writeFile(join(root, 'data/api/ase/latest.json'), JSON.stringify(older));
    const result = await publish(
      root,
      run('2026-03-15T21:00:00Z', { apmex: null, jmbullion: null, sdbullion: 93 }),
    );
    const latest = await readJson(root, 'data/api/ase/latest.json');
    expect(latest.vendors.jmbullion).toMatchObject({
      price: 92,
      stale: true,
      stale_since: '2026-03-15T20:00:00.000Z',
    });
    expect(latest.vendors.summitmetals).toMatchObject({ price: 91, stale_since: '2026-03-15T17:30:02.913Z' });
    expect(latest.vendors.sdbullion).toMatchObject({ price: 93, source: 'playwright' });
    expect(latest.availability_by_site).toEqual({
      apmex: false,
      jmbullion: true,
      sdbullion: true,
      summitmetals: true,
    });
    expect(latest.last_known_price_by_site).toEqual({ apmex: 95.5 });
    expect(result.warnings.join('\n')).toMatch(/vendors\.sdbullion kept out/);
  });

  it('covers exactly the last 24 hours in windows_24h', async () => {
    const root = await tempRoot();
    const observations: Observation[] = [];
    for (let slot = 0; slot < 30 * 4; slot++)
      observations.push(
        ...run(at('2026-03-14T00:02:00Z', slot * 15), { apmex: 90 + (slot % 7), jmbullion: 95 }),
      );
    await publish(root, observations);
    const latest = await readJson(root, 'data/api/ase/latest.json');
    expect(latest.window_start).toBe('2026-03-15T05:45:00Z');
    expect(latest.windows_24h).toHaveLength(96);
    expect(latest.windows_24h[0].window).toBe('2026-03-14T06:00:00Z');
    expect(latest.windows_24h.at(-1).window).toBe(latest.window_start);
    const manifest = await readJson(root, 'data/api/manifest.json');
    expect(manifest.window_count).toBe(96);
  });
});

describe('histories', () => {
  it('summarises each day; sample_count counts priced reads only; 7d holds 7 dates and 30d 30', async () => {
    const root = await tempRoot();
    const days = (from: number, to: number) => {
      const observations: Observation[] = [];
      for (let day = from; day < to; day++) {
        const d = at('2026-02-20T12:00:00Z', day * 24 * 60);
        observations.push(...run(d, { apmex: 90, jmbullion: 94, sdbullion: null }));
        observations.push(...run(at(d, 15), { apmex: 92, jmbullion: 96 }));
        observations.push(oos('ase', 'summitmetals', at(d, 20)));
      }
      return observations;
    };
    // Published as it happens: days older than the 30 read each time live on in history.json.
    await publish(root, days(0, 20));
    await publish(root, days(20, 35));
    const history = await readJson(root, 'data/api/ase/history.json');
    const d30 = await readJson(root, 'data/api/ase/history-30d.json');
    const d7 = await readJson(root, 'data/api/ase/history-7d.json');
    // The last day is still running: it enters the histories once a later day has facts.
    expect(history).toHaveLength(34);
    expect(history.at(-1).date).toBe('2026-03-25');
    expect(d30.map((e: { date: string }) => e.date)).toEqual(
      history.slice(-30).map((e: { date: string }) => e.date),
    );
    expect(d7.map((e: { date: string }) => e.date)).toEqual([
      '2026-03-19',
      '2026-03-20',
      '2026-03-21',
      '2026-03-22',
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
    ]);
    expect(d7.at(-1)).toEqual({
      date: '2026-03-25',
      avg_median: 93,
      avg_low: 91,
      sample_count: 4,
      vendors: {
        apmex: { avg: 91, inStock: true },
        jmbullion: { avg: 95, inStock: true },
        summitmetals: { avg: null, inStock: false },
      },
    });
  });

  it('keeps history entries an existing view holds for days our facts do not cover', async () => {
    const root = await tempRoot();
    const legacy = [
      {
        date: '2026-03-10',
        avg_median: 99.5,
        avg_low: 97,
        sample_count: 200,
        vendors: { apmex: { avg: 99.5, inStock: true } },
      },
      { date: '2026-03-15', avg_median: 1, avg_low: 1, sample_count: 1, vendors: {} },
    ];
    await mkdir(join(root, 'data/api/ase'), { recursive: true });
    await writeFile(join(root, 'data/api/ase/history-30d.json'), JSON.stringify(legacy, null, 2));
    await writeFile(join(root, 'data/api/ase/history-7d.json'), JSON.stringify(legacy.slice(1), null, 2));
    await publish(root, run('2026-03-15T20:00:00Z', { apmex: 90, jmbullion: 92 }));
    // 2026-03-15 is still running: the existing entry stays until the day is over.
    expect((await readJson(root, 'data/api/ase/history.json')).at(-1)).toEqual(legacy[1]);
    await publish(root, run('2026-03-16T00:05:00Z', { apmex: 90, jmbullion: 92 }));
    const history = await readJson(root, 'data/api/ase/history.json');
    expect(history[0]).toEqual(legacy[0]);
    expect(history[1]).toMatchObject({ date: '2026-03-15', avg_median: 91, sample_count: 2 });
    expect(await readJson(root, 'data/api/ase/history-30d.json')).toEqual(history);
    expect(
      (await readJson(root, 'data/api/ase/history-7d.json')).map((e: { date: string }) => e.date),
    ).toEqual(['2026-03-10', '2026-03-15']);
  });
});

describe('manifest, summary and providers', () => {
  it('describes the published coins, stamped with the time of the newest informative fact', async () => {
    const root = await tempRoot();
    const result = await publish(root, [
      ...run('2026-03-15T20:00:00Z', { apmex: 90, jmbullion: 92 }),
      obs('age', 'apmex', '2026-03-15T20:03:10Z', 5230.31),
      obs('age', 'jmbullion', '2026-03-15T20:07:00Z', null),
    ]);
    expect(result.coinsPublished).toBe(2);
    const manifest = await readJson(root, 'data/api/manifest.json');
    expect(manifest).toEqual({
      generated_at: '2026-03-15T20:03:10.000Z',
      updated: '2026-03-15T20:03:10.000Z',
      latest_window: '2026-03-15T20:00:00Z',
      window_count: 1,
      coin_count: 2,
      coins: ['age', 'ase'],
      coins_meta: {
        age: { name: 'Coin age', metal: 'silver', weight: 1 },
        ase: { name: 'Coin ase', metal: 'silver', weight: 1 },
      },
      endpoints: {
        latest: 'api/latest.json',
        slug_latest: 'api/{slug}/latest.json',
        history: 'api/{slug}/history.json',
        history_7d: 'api/{slug}/history-7d.json',
        history_30d: 'api/{slug}/history-30d.json',
        providers: 'api/providers.json',
      },
      retired: [],
    });
    expect(await readJson(root, 'data/api/latest.json')).toEqual({
      window_start: '2026-03-15T20:00:00Z',
      generated_at: '2026-03-15T20:03:10.000Z',
      coin_count: 2,
      coins: {
        age: {
          window_start: '2026-03-15T20:00:00Z',
          median_price: 5230.31,
          lowest_price: 5230.31,
          vendor_count: 1,
        },
        ase: { window_start: '2026-03-15T20:00:00Z', median_price: 91, lowest_price: 90, vendor_count: 2 },
      },
    });
    expect((await readJson(root, 'data/api/providers.json')).ase).toEqual({
      apmex: 'https://apmex.example/p',
      jmbullion: 'https://jmbullion.example/p',
      sdbullion: 'https://sdbullion.example/p',
      summitmetals: 'https://summitmetals.example/p',
    });
  });

  it('keeps a coin that left the catalog listed; retires one the catalog retires: marked, unlisted, files kept', async () => {
    const root = await tempRoot();
    await publish(root, [
      obs('age', 'apmex', '2026-03-14T20:01:00Z', 5229),
      ...run('2026-03-15T20:00:00Z', { apmex: 90 }),
      obs('age', 'apmex', '2026-03-15T20:01:00Z', 5230.31),
    ]);
    const before = await snapshot(root, 'data/api/age');
    // Dropped from the catalog without a word: what users see stays (the manifest lists it).
    const smaller = catalogOf({ ase: ['apmex'] });
    expect((await rebuildRetailViews({ root, catalog: smaller, now: NOW })).coinsPublished).toBe(2);
    expect((await readJson(root, 'data/api/manifest.json')).coins).toEqual(['age', 'ase']);
    expect((await readJson(root, 'data/api/manifest.json')).coins_meta.age).toMatchObject({
      name: 'Coin age',
    });
    // Retired explicitly.
    const retiring = catalogOf({ ase: ['apmex'], age: ['apmex'] });
    retiring.coins.age!.retired = true;
    const result = await rebuildRetailViews({ root, catalog: retiring, now: NOW });
    expect(result.coinsPublished).toBe(1);
    const manifest = await readJson(root, 'data/api/manifest.json');
    expect(manifest.coins).toEqual(['ase']);
    expect(manifest.retired).toEqual(['age']);
    expect(Object.keys((await readJson(root, 'data/api/latest.json')).coins)).toEqual(['ase']);
    const age = await readJson(root, 'data/api/age/latest.json');
    expect(age).toMatchObject({ retired: true, median_price: 5230.31 });
    const after = await snapshot(root, 'data/api/age');
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(Object.keys(after)).toHaveLength(4);
    expect(after['data/api/age/history.json']).toBe(before['data/api/age/history.json']);
  });

  it('ignores facts newer than now', async () => {
    const root = await tempRoot();
    await appendObservations(root, [
      ...run('2026-03-15T20:00:00Z', { apmex: 90 }),
      ...run('2026-03-15T21:00:00Z', { apmex: 99 }),
    ]);
    await rebuildRetailViews({ root, catalog, now: new Date('2026-03-15T20:30:00Z') });
    expect((await readJson(root, 'data/api/manifest.json')).generated_at).toBe('2026-03-15T20:00:00.000Z');
    expect((await readJson(root, 'data/api/ase/latest.json')).median_price).toBe(90);
  });
});

describe('determinism', () => {
  const day = [
    ...run('2026-03-15T20:00:00Z', { apmex: 90, jmbullion: 92, sdbullion: 94 }),
    obs('age', 'apmex', '2026-03-15T20:01:00Z', 5230.31),
    ...run('2026-03-15T20:15:00Z', { apmex: 91, jmbullion: null, sdbullion: 95 }),
    oos('age', 'jmbullion', '2026-03-15T20:16:00Z', 5300),
    ...run('2026-03-16T09:00:00Z', { apmex: 92, jmbullion: 93, summitmetals: 97 }),
  ];

  it('publishes the same files for a single run and for shards in either order', async () => {
    const single = await tempRoot();
    await publish(single, day);
    const shardA = day.filter((_, i) => i % 2 === 0);
    const shardB = day.filter((_, i) => i % 2 === 1);
    for (const order of [
      [shardA, shardB],
      [shardB, shardA],
    ]) {
      const sharded = await tempRoot();
      for (const shard of order) await publish(sharded, shard);
      expect(await snapshot(sharded)).toEqual(await snapshot(single));
    }
  });

  it('writes nothing on a second run with the same facts, whatever the clock says', async () => {
    const root = await tempRoot();
    const first = await publish(root, day);
    expect(first.written).toContain('data/api/manifest.json');
    const before = await snapshot(root);
    const again = await publish(root, day, { now: new Date('2026-05-01T00:00:00Z') });
    expect(again).toMatchObject({ written: [], coinsPublished: 2, warnings: [] });
    expect(again.manifestAt).toBe(first.manifestAt);
    expect(await snapshot(root)).toEqual(before);
  });

  it('writes only the files whose bytes change', async () => {
    const root = await tempRoot();
    await publish(root, day);
    const next = await publish(root, [obs('age', 'apmex', '2026-03-16T09:30:00Z', 5231)]);
    expect(next.written.sort()).toEqual([
      'data/api/age/latest.json',
      'data/api/latest.json',
      'data/api/manifest.json',
    ]);
    // The first fact of a new day closes the previous one into the histories of every coin it concerns.
    const closing = await publish(root, [obs('age', 'apmex', '2026-03-17T00:01:00Z', 5232)]);
    expect(closing.written.sort()).toEqual([
      'data/api/age/history-30d.json',
      'data/api/age/history-7d.json',
      'data/api/age/history.json',
      'data/api/age/latest.json',
      'data/api/ase/history-30d.json',
      'data/api/ase/history-7d.json',
      'data/api/ase/history.json',
      'data/api/latest.json',
      'data/api/manifest.json',
    ]);
  });
});
