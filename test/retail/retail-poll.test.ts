/** retail-poll end to end: a generated dealer site in real Chromium, a bare data repository, the published files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import retailPoll from '../../src/commands/retail-poll.js';
import { RETAIL_CATALOG_PATH } from '../../src/data/paths.js';
import type { Catalog } from '../../src/data/retail-catalog.js';
import { writeSlot } from '../../src/data/spot-store.js';
import { floorSlot, formatNaive } from '../../src/data/time.js';
import { type SiteServer, serveSite } from '../../src/demo/dealer-site/server.js';
import { bulkPages, COINS, REFS } from '../../src/demo/dealer-site/site.js';
import { CHROMIUM } from '../helpers/chromium.js';
import { bareRepo, commitCount, commitFiles, listFiles, showFile, tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run.js';

let site: SiteServer;
const dir = tempDir();
const pages = bulkPages(9); // 3 coins × 3 dealers, one page each, every dealer distinct
let repo: string;

beforeAll(async () => {
  site = await serveSite(pages);
  const seed = join(dir.path, 'seed');
  const catalog: Catalog = { coins: {} };
  for (const p of pages) {
    catalog.coins[p.coin] ??= { ...COINS[p.coin], providers: [] };
    catalog.coins[p.coin]!.providers.push({
      id: p.vendor,
      name: p.vendor,
      enabled: true,
      url: `${site.url}${p.path}`,
    });
  }
  mkdirSync(dirname(join(seed, RETAIL_CATALOG_PATH)), { recursive: true });
  writeFileSync(join(seed, RETAIL_CATALOG_PATH), JSON.stringify(catalog, null, 2));
  // Spot prices the melt band is built on, as spot-poll would have written them.
  const slot = floorSlot(new Date(Date.now() - 20 * 60_000));
  await writeSlot(
    seed,
    slot,
    Object.entries(REFS.spot).map(([metal, spot]) => ({
      spot: spot!,
      metal: metal as 'Gold',
      source: 'latest',
      provider: 'Test',
      timestamp: formatNaive(slot),
    })),
  );
  repo = bareRepo(dir.path);
  commitFiles(repo, seed, 'catalog and spot');
});
afterAll(async () => {
  await site.close();
  dir.remove();
});

const args = [
  '--per-vendor-delay',
  '0-30',
  '--concurrency',
  '3',
  '--fetcher',
  'playwright',
  '--browser-path',
  CHROMIUM ?? '',
  '--page-timeout',
  '30',
  // The generated dealer site lives on loopback, which the outbound policy refuses unless allowed.
  '--allow-hosts',
  '127.0.0.1',
];

describe('retail-poll', () => {
  it.skipIf(!CHROMIUM)(
    'reads every dealer page and publishes the files the app reads',
    async () => {
      const r = await runCli(retailPoll, ['--repo', repo, ...args], {});
      expect(r.code, r.err).toBe(0);
      expect(r.outputs).toMatchObject({
        targets: '9',
        priced: '9',
        'out-of-stock': '0',
        failed: '0',
        'coins-published': '3',
        pushed: 'true',
      });
      expect(r.out).toMatch(/9\/9 · 9 priced · 0 out of stock · 0 failed/);
      const files = listFiles(repo);
      for (const f of [
        'data/api/manifest.json',
        'data/api/latest.json',
        'data/api/providers.json',
        'data/api/age/latest.json',
      ]) {
        expect(files, f).toContain(f);
      }
      const age = JSON.parse(showFile(repo, 'data/api/age/latest.json'));
      const agePrices = pages
        .filter((p) => p.coin === 'age')
        .map((p) => p.expect.price!)
        .sort((a, b) => a - b);
      expect(age.median_price).toBe(agePrices[1]);
      expect(age.lowest_price).toBe(agePrices[0]);
      expect(Object.keys(age.vendors).sort()).toEqual(
        pages
          .filter((p) => p.coin === 'age')
          .map((p) => p.vendor)
          .sort(),
      );
      const manifest = JSON.parse(showFile(repo, 'data/api/manifest.json'));
      expect(manifest.coins).toEqual(['age', 'ase', 'generic-silver-bar-10oz']);
      expect(manifest.generated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      // The summary grid: a row per coin, a column per dealer.
      expect(r.out).toContain('| American Gold Eagle 1 oz |');
    },
    120_000,
  );

  it.skipIf(!CHROMIUM)('a views-only run over the same facts changes nothing', async () => {
    const before = commitCount(repo);
    const r = await runCli(retailPoll, ['--repo', repo, '--scrape', 'false'], {});
    expect(r.code, r.err).toBe(0);
    expect(r.outputs.commit).toBe('');
    expect(commitCount(repo)).toBe(before);
  });

  it('an invalid input or catalog fails before any page is opened, naming what is wrong', async () => {
    const hits = site.hits.length;
    const bad = await runCli(retailPoll, ['--repo', repo, '--shard', '3/2'], {});
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/input "shard"/);
    const vision = await runCli(retailPoll, ['--repo', repo, '--vision', 'always'], {});
    expect(vision.err).toMatch(/input "gemini-api-key" is required when vision is always/);
    expect(site.hits.length).toBe(hits);
  });
});
