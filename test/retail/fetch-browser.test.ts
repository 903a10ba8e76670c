/**
 * Where the browser comes from and that it goes away: a remote browser over CDP (as browserless
 * offers), a clear error when there is none, and no Chromium left running when a run fails midway.
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { type SiteServer, serveSite } from '../../src/demo/dealer-site/server.js';
import { bulkPages, catalogFor, REFS } from '../../src/demo/dealer-site/site.js';
import { parseAllowHosts } from '../../src/http/outbound.js';
import { LAUNCH_ARGS } from '../../src/retail/browser.js';
import { targets } from '../../src/retail/catalog.js';
import { parseDelay } from '../../src/retail/schedule.js';
import { type RetailScrapeOptions, runRetailScrape } from '../../src/retail/scrape.js';
import { CHROMIUM } from '../helpers/chromium.js';
import { infoInto, progressInto } from '../helpers/logger.js';

const pages = bulkPages(4);
let site: SiteServer;
beforeAll(async () => {
  site = await serveSite(pages);
});
afterAll(() => site?.close());

const options = (extra: Partial<RetailScrapeOptions>): RetailScrapeOptions => {
  const catalog = catalogFor(pages, site.url);
  return {
    catalog,
    targets: targets(catalog),
    refs: REFS,
    fetcher: 'playwright',
    browser: { browserPath: CHROMIUM },
    outbound: { allowHosts: parseAllowHosts('127.0.0.1') },
    delay: parseDelay('0'),
    clock: systemClock,
    random: Math.random,
    ...extra,
  };
};

/** Chromium processes descending from this test process. */
function chromiumChildren(): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const tree = new Set([String(process.pid)]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (tree.has(ppid!) && !tree.has(pid!)) {
        tree.add(pid!);
        grew = true;
      }
    }
  }
  return rows
    .filter(([pid, , comm]) => tree.has(pid!) && /chrom/i.test(comm ?? ''))
    .map(([pid]) => Number(pid));
}

it.skipIf(!CHROMIUM)('closes the browser when the run fails midway', async () => {
  let seen = 0;
  const run = runRetailScrape(
    options({
      logger: progressInto(() => {
        seen++;
        if (chromiumChildren().length === 0) throw new Error('expected a running browser during the run');
        throw new Error('progress sink broke');
      }),
    }),
  );
  await expect(run).rejects.toThrow('progress sink broke');
  expect(seen).toBeGreaterThan(0);
  // Other pages may still be finishing when the run rejects; the browser must be gone once they have.
  for (let i = 0; i < 50 && chromiumChildren().length > 0; i++) await systemClock.sleep(100);
  expect(chromiumChildren()).toEqual([]);
});

it('says what to do when there is no browser at all', async () => {
  await expect(runRetailScrape(options({ browser: { candidates: [] } }))).rejects.toThrow(
    /no browser: set browser-path \(CHROME_PATH\), install Chrome or Chromium, or set browser-ws-endpoint \(BROWSERLESS_URL\)/,
  );
  await expect(runRetailScrape(options({ browser: { browserPath: '/nope/chrome' } }))).rejects.toThrow(
    'browser-path /nope/chrome does not exist',
  );
});

describe.skipIf(!CHROMIUM)('a remote browser over CDP', () => {
  let remote: ChildProcess;
  let profile: string;
  let endpoint: string;
  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), 'remote-chromium-'));
    remote = spawn(CHROMIUM!, [
      ...LAUNCH_ARGS,
      '--headless',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
    ]);
    endpoint = await new Promise<string>((resolve, reject) => {
      let err = '';
      remote.stderr!.on('data', (chunk) => {
        err += chunk;
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]!);
      });
      remote.on('exit', () => reject(new Error(`chromium exited: ${err.slice(-300)}`)));
    });
  });
  afterAll(async () => {
    if (remote && remote.exitCode === null) {
      const exited = new Promise((resolve) => remote.once('exit', resolve));
      remote.kill();
      await exited;
    }
    // Chromium's helper processes may still be writing into the profile for a moment after it exits.
    await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('reads pages through the endpoint when no local browser is found', async () => {
    const logs: string[] = [];
    const observations = await runRetailScrape(
      options({
        browser: { candidates: [], wsEndpoint: `${endpoint}?token=s3cret` },
        logger: infoInto(logs),
      }),
    );
    expect(observations.map((o) => o.price)).toEqual(
      observations.map((o) => pages.find((p) => o.coin === `${p.coin}--${p.scenario}`)!.expect.price),
    );
    expect(observations.every((o) => o.price !== null)).toBe(true);
    expect(logs.join('\n')).toMatch(/^browser: remote ws:\/\/127\.0\.0\.1:\d+\/devtools\/browser\//m);
    expect(logs.join('\n')).not.toContain('s3cret');
  });
});
