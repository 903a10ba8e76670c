/**
 * The extraction corpus of the generated dealer site (site.ts and corpus.ts), scraped in real Chromium
 * through the public scrape API: every page yields the right price or no price — never a wrong one —
 * and the right stock state, with the reason.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/data/retail-observation.js';
import { systemClock } from '../../src/data/time.js';
import { trapPages } from '../../src/demo/dealer-site/corpus.js';
import { type SiteServer, serveSite } from '../../src/demo/dealer-site/server.js';
import { catalogFor, REFS } from '../../src/demo/dealer-site/site.js';
import { parseAllowHosts } from '../../src/http/outbound.js';
import { targets } from '../../src/retail/catalog.js';
import { parseDelay } from '../../src/retail/schedule.js';
import { runRetailScrape } from '../../src/retail/scrape.js';
import { CHROMIUM } from '../helpers/chromium.js';
import { progressInto } from '../helpers/logger.js';

const pages = trapPages();
let site: SiteServer;
let observations: Observation[];
const progress: string[] = [];

beforeAll(async () => {
  if (!CHROMIUM) return;
  site = await serveSite(pages);
  const catalog = catalogFor(pages, site.url);
  observations = await runRetailScrape({
    catalog,
    targets: targets(catalog),
    refs: REFS,
    fetcher: 'playwright',
    browser: { browserPath: CHROMIUM },
    outbound: { allowHosts: parseAllowHosts('127.0.0.1') },
    concurrency: 4,
    delay: parseDelay('0-50'),
    clock: systemClock,
    random: Math.random,
    logger: progressInto((line) => progress.push(line)),
  });
  // Real Chromium on a shared 2-core machine: leave room above the default hook timeout.
}, 120_000);
afterAll(() => site?.close());

describe.skipIf(!CHROMIUM)('extraction in a real browser', () => {
  const find = (scenario: string) => {
    const page = pages.find((p) => p.scenario === scenario)!;
    return { page, obs: observations.find((o) => o.coin === `${page.coin}--${scenario}`)! };
  };

  it.each(pages.map((p) => p.scenario))('%s', (scenario) => {
    const { page, obs } = find(scenario);
    expect({ price: obs.price, inStock: obs.inStock }).toEqual({
      price: page.expect.price,
      inStock: page.expect.inStock,
    });
    if (page.expect.price === null) {
      expect(obs.method).toBeNull();
      expect(obs.reason).toMatch(page.expect.reason ?? /./);
    } else {
      expect(obs.method).not.toBeNull();
    }
  });

  it('reads the whole corpus (≥ 60 pages) with zero wrong prices and zero wrong stock states', () => {
    expect(pages.length).toBeGreaterThanOrEqual(60);
    const wrong = pages.flatMap((page) => {
      const { obs } = find(page.scenario);
      const out: string[] = [];
      if (obs.price !== page.expect.price)
        out.push(`${page.scenario}: price ${obs.price} ≠ ${page.expect.price}`);
      if (obs.inStock !== page.expect.inStock)
        out.push(`${page.scenario}: inStock ${obs.inStock} ≠ ${page.expect.inStock}`);
      return out;
    });
    expect(wrong).toEqual([]);
  });

  it('never downloads images, fonts or media', () => {
    expect(site.staticHits.filter((p) => /\.(png|woff2?)$/.test(p))).toEqual([]);
  });

  it('reports progress page by page', () => {
    expect(progress).toHaveLength(pages.length);
    const counts = (kind: (o: Observation) => boolean) => observations.filter(kind).length;
    expect(progress.at(-1)).toBe(
      `${pages.length}/${pages.length} · ${counts((o) => o.inStock && o.price !== null)} priced · ${counts((o) => !o.inStock)} out of stock · ${counts((o) => o.inStock && o.price === null)} failed`,
    );
  });
});
