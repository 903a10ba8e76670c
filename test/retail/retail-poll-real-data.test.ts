/**
 * retail-poll on the real snapshot (../shared/real-data) in a bare repository: dealer pages on a local
 * site or refused, read in real Chromium. What users see never disappears: a run in which every page
 * fails publishes nothing and fails; a run reading some dealers carries the others as stale.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import retailPoll from '../../src/commands/retail-poll.js';
import { type SiteServer, serveSite } from '../../src/demo/dealer-site/server.js';
import {
  buy,
  type FixturePage,
  GOLDBACK_RATE_PATH,
  goldbackRatePage,
  renderScenario,
  table,
} from '../../src/demo/dealer-site/site.js';
import { CHROMIUM } from '../helpers/chromium.js';
import { bareRepo, commitCount, commitFiles, showFile, tempDir } from '../helpers/git.js';
import { hasRealData, REAL_DATA } from '../helpers/real-data.js';
import { runCli } from '../helpers/run.js';

/** Dealers whose pages answer; every other dealer of age and ase is refused (connection refused). */
const READ = ['apmex', 'herobullion', 'sdbullion'];
const PRICES: Record<string, Record<string, number>> = {
  age: { apmex: 5260, herobullion: 5150.5, sdbullion: 5233.1 },
  ase: { apmex: 93.1, herobullion: 90.2, sdbullion: 92.4 },
};
const TITLES = { age: '1 oz American Gold Eagle Coin BU', ase: '1 oz American Silver Eagle Coin BU' };
const pages: FixturePage[] = Object.entries(PRICES).flatMap(([coin, byVendor]) =>
  Object.entries(byVendor).map(([vendor, price]) =>
    renderScenario({
      vendor,
      coin: coin as 'age',
      scenario: 'real',
      title: TITLES[coin as 'age'],
      body: `${table(
        ['Qty', 'Check/Wire', 'Card'],
        [
          ['1-19', price, price * 1.04],
          ['20+', price - 2, (price - 2) * 1.04],
        ],
      )}${buy()}`,
      expect: { price, inStock: true },
    }),
  ),
);

/** A port nothing listens on: connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

const dir = tempDir();
let site: SiteServer;
let repo: string;
let realManifest: { coins: string[] };
const latest = (coin: string) => JSON.parse(showFile(repo, `data/api/${coin}/latest.json`));
const real = (path: string) => readFileSync(join(REAL_DATA, path), 'utf8');

const args = [
  '--coins',
  'age,ase',
  '--per-vendor-delay',
  '0-30',
  '--concurrency',
  '4',
  '--fetcher',
  'playwright',
  '--browser-path',
  CHROMIUM ?? '',
  '--page-timeout',
  '20',
  // The dealer site is on loopback, which the outbound policy refuses unless allowed.
  '--allow-hosts',
  '127.0.0.1',
];
// The night after the snapshot: its 15-minute spot files are the melt band's reference.
const env = { STAKTRAKR_NOW: '2026-03-16T00:05:00Z' };

describe.skipIf(!hasRealData)('retail-poll on the real snapshot', () => {
  beforeAll(async () => {
    site = await serveSite([...pages, goldbackRatePage(10.12)]);
    const refused = `http://127.0.0.1:${await closedPort()}`;
    const seed = join(dir.path, 'seed');
    cpSync(join(REAL_DATA, 'data'), join(seed, 'data'), { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', seed]);
    const catalogPath = join(seed, 'data/retail/providers.json');
    const catalog = JSON.parse(readFileSync(catalogPath, 'utf8'));
    for (const coin of ['age', 'ase'])
      for (const p of catalog.coins[coin].providers)
        p.url = READ.includes(p.id) ? `${site.url}/${p.id}/${coin}/real` : `${refused}/${p.id}/${coin}`;
    writeFileSync(catalogPath, `${JSON.stringify(catalog, null, 2)}\n`);
    realManifest = JSON.parse(real('data/api/manifest.json'));
    repo = bareRepo(dir.path);
    commitFiles(repo, seed, 'real');
  }, 120_000);
  afterAll(async () => {
    await site?.close();
    dir.remove();
  });

  it('the publish step (scrape: false) on the real repository: a summary a person reads, the real coin count', async () => {
    const r = await runCli(retailPoll, ['--repo', repo, '--scrape', 'false', '--push', 'false'], env);
    const all = `${r.out}\n${r.err}`;
    expect(r.code, all).toBe(0);
    expect(all).toContain('### Retail publish · views rebuilt from the facts');
    // The real manifest lists 29 coins; the step reports them, with the manifest's own time.
    expect(all).toMatch(
      /\*\*29\*\* coins in the manifest · \*\*\d+\*\* view files changed · manifest generated 2026-03-15T20:23:02\.057Z/,
    );
    expect(r.outputs['coins-published']).toBe('29');
    // No empty grid, no empty spot time.
    expect(all).not.toMatch(/\| Coin \|\s*\|/);
    expect(all).not.toContain('spot of  UTC');
  });

  it.skipIf(!CHROMIUM)(
    'every page failing: nothing published, no dealer and no coin lost, exit non-zero with the reason',
    async () => {
      const before = commitCount(repo);
      const failing = ['bullionexchanges', 'gainesvillecoins', 'jmbullion', 'monumentmetals', 'summitmetals'];
      const r = await runCli(retailPoll, ['--repo', repo, ...args, '--vendors', failing.join(',')], env);
      expect(r.code, r.out).toBe(1);
      expect(r.err).toMatch(/every one of the 10 pages failed, nothing published/);
      expect(commitCount(repo)).toBe(before);
      for (const coin of ['age', 'ase'])
        expect(latest(coin)).toEqual(JSON.parse(real(`data/api/${coin}/latest.json`)));
      expect(JSON.parse(showFile(repo, 'data/api/manifest.json')).coins).toEqual(realManifest.coins);
    },
    180_000,
  );

  it.skipIf(!CHROMIUM)(
    'some dealers read: they are fresh, every other dealer is carried as stale, every coin stays; the day’s Goldback rate prices G1…G50',
    async () => {
      const r = await runCli(
        retailPoll,
        ['--repo', repo, ...args, '--goldback-url', `${site.url}${GOLDBACK_RATE_PATH}`],
        env,
      );
      expect(r.code, r.err).toBe(0);
      expect(r.outputs).toMatchObject({ priced: '6', pushed: 'true' });
      // More than half the pages failed: a loud warning names the share.
      expect(r.out + r.err).toMatch(/of 1[78] pages \(\d+ %\) gave no price/);

      const age = latest('age');
      const realAge = JSON.parse(real('data/api/age/latest.json'));
      expect(age.vendors.apmex).toMatchObject({ price: 5260, source: 'playwright', inStock: true });
      expect(age.vendors.apmex.stale).toBeUndefined();
      expect(age.median_price).toBe(5233.1);
      for (const [id, v] of Object.entries(realAge.vendors) as [
        string,
        { price: number; stale_since?: string },
      ][]) {
        if (READ.includes(id)) continue;
        // Carried with its last price and since when; a price the original read fresh dates from its window.
        expect(age.vendors[id], id).toEqual({
          price: v.price,
          confidence: null,
          source: 'turso_last_known',
          inStock: true,
          stale: true,
          stale_since: v.stale_since ?? '2026-03-15T20:00:00.000Z',
        });
      }
      // What the original knew of an out-of-stock dealer stays.
      expect(age.availability_by_site.jmbullion).toBe(false);
      expect(age.last_known_price_by_site.jmbullion).toBe(5482.09);
      expect(Object.keys(age.availability_by_site).sort()).toEqual(
        Object.keys(realAge.availability_by_site).sort(),
      );

      const ase = latest('ase');
      expect(Object.keys(ase.vendors).sort()).toEqual(
        Object.keys(JSON.parse(real('data/api/ase/latest.json')).vendors).sort(),
      );
      expect(ase.vendors.bullionexchanges).toMatchObject({
        price: 87.94,
        stale_since: '2026-03-15T14:00:02.851Z',
      });

      const manifest = JSON.parse(showFile(repo, 'data/api/manifest.json'));
      expect(manifest.coins).toEqual(realManifest.coins);
      expect(manifest.generated_at).toMatch(/^2026-03-16T00:\d{2}:\d{2}\.\d{3}Z$/);
      expect(manifest.coins_meta['goldback-g10']).toEqual({
        name: 'Goldback G10',
        metal: 'goldback',
        weight: 10,
      });

      // The Goldback rate: appended to the year's log, the spot snapshot replaced, the denominations priced.
      const log = JSON.parse(showFile(repo, 'data/goldback-2026.json'));
      expect(log[0]).toMatchObject({ date: '2026-03-16', g1_usd: 10.12 });
      expect(log.slice(1)).toEqual(JSON.parse(real('data/goldback-2026.json')));
      expect(JSON.parse(showFile(repo, 'data/api/goldback-spot.json'))).toMatchObject({
        date: '2026-03-16',
        g1_usd: 10.12,
        denominations: { g1: 10.12, g5: 50.6, g10: 101.2, g25: 253, g50: 506 },
        source: 'goldback.com',
      });
      expect(latest('goldback-g5').vendors.goldback).toMatchObject({ price: 50.6, inStock: true });
      expect(latest('goldback-g5').median_price).toBe(50.6);

      // Coins this run did not read keep their files byte for byte.
      for (const path of [
        'data/api/goldback-utah-g1/latest.json',
        'data/api/maple-gold/latest.json',
        'data/api/buffalo/history-30d.json',
      ])
        expect(showFile(repo, path), path).toBe(real(path).trimEnd());
    },
    240_000,
  );
});
