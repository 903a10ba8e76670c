/**
 * Politeness as a dealer's server sees it, with real Chromium: never two requests at once from us
 * per dealer, at least the configured pause between a dealer's pages, a bounded number of pages in
 * flight overall, one browser for the whole run.
 */

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Observation } from '../../src/data/retail-observation.js';
import { systemClock } from '../../src/data/time.js';
import { type SiteServer, serveSite } from '../../src/demo/dealer-site/server.js';
import { bulkPages, catalogFor, REFS, VENDORS } from '../../src/demo/dealer-site/site.js';
import { parseAllowHosts } from '../../src/http/outbound.js';
import { targets } from '../../src/retail/catalog.js';
import { parseDelay } from '../../src/retail/schedule.js';
import { runRetailScrape } from '../../src/retail/scrape.js';
import { CHROMIUM } from '../helpers/chromium.js';
import { infoInto } from '../helpers/logger.js';

const pages = bulkPages(27);
let site: SiteServer;
let observations: Observation[];
const logs: string[] = [];

beforeAll(async () => {
  if (!CHROMIUM) return;
  site = await serveSite(pages, { latencyMs: 100 });
  const catalog = catalogFor(pages, site.url);
  observations = await runRetailScrape({
    catalog,
    targets: targets(catalog),
    refs: REFS,
    fetcher: 'playwright',
    browser: { browserPath: CHROMIUM },
    outbound: { allowHosts: parseAllowHosts('127.0.0.1') },
    concurrency: 3,
    delay: parseDelay('300-400'),
    clock: systemClock,
    random: Math.random,
    logger: infoInto(logs),
  });
  // Real Chromium on a shared 2-core machine: leave room above the default hook timeout.
}, 120_000);
afterAll(() => site?.close());

it.skipIf(!CHROMIUM)('reads every page', () => {
  const expected = new Map(pages.map((p) => [`${p.coin}--${p.scenario}`, p.expect.price]));
  expect(observations).toHaveLength(pages.length);
  for (const o of observations) expect([o.coin, o.price]).toEqual([o.coin, expected.get(o.coin)]);
  expect(new Set(site.hits.map((h) => h.vendor))).toEqual(new Set(VENDORS));
});

it.skipIf(!CHROMIUM)(
  'never has two requests open at once on one dealer, and at most `concurrency` overall',
  () => {
    expect(site.maxInFlightPerVendor).toBe(1);
    expect(site.maxInFlight).toBeGreaterThan(1);
    expect(site.maxInFlight).toBeLessThanOrEqual(3);
  },
);

it.skipIf(!CHROMIUM)('pauses at least the minimum delay between one dealer’s pages', () => {
  for (const vendor of VENDORS) {
    const hits = site.hits.filter((h) => h.vendor === vendor).sort((a, b) => a.start - b.start);
    for (let i = 1; i < hits.length; i++)
      expect(hits[i]!.start - hits[i - 1]!.end).toBeGreaterThanOrEqual(300);
  }
});

it.skipIf(!CHROMIUM)('launches one browser for the run', () => {
  expect(logs.filter((l) => l.startsWith('browser:'))).toEqual([`browser: ${CHROMIUM}`]);
});
