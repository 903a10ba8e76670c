/**
 * The status page in real Chromium, over a demo data set written by the real writers: the grid and
 * both spot charts render, a stale endpoint and a dead one show as such, the daemon's jobs show,
 * text from data files stays text, and the page logs no console error (a CSP violation would be one).
 * Leaves a screenshot at test-output/status.png.
 */

import { mkdir } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/data/time.js';
import type { RunningServer } from '../../src/serve/server.js';
import { CHROMIUM, launchChromium } from '../helpers/chromium.js';
import { fixedClock, removeDir, startServer, tempDir } from './fixture.js';
import { DEMO_CATALOG, HOSTILE_NAME, writeRetail, writeSpot } from './status-fixture.js';

const NOW = new Date('2026-03-15T20:10:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

let root: string;
let staleRoot: string;
const servers: RunningServer[] = [];
let status: RunningServer;
let fresh: RunningServer;
let stale: RunningServer;
let deadUrl: string;

/** Each row's cells as a reader sees them (rendered text: line breaks and CSS case applied). */
const visibleRows = (page: Page, selector: string) =>
  page.$$eval(selector, (rows) =>
    rows.map((r) => [...r.children].map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim())),
  );

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as { port: number };
  await new Promise((ok) => s.close(ok));
  return port;
}

beforeAll(async () => {
  if (!CHROMIUM) return;
  root = await tempDir('staktrakr-status-');
  staleRoot = await tempDir('staktrakr-status-stale-');
  await writeSpot(root, NOW, 7 * 24 + 2);
  await writeRetail(root, NOW);
  // An endpoint whose pollers stopped six hours ago.
  await writeSpot(staleRoot, ago(6 * HOUR), 2);
  await writeRetail(staleRoot, ago(6 * HOUR), 2);

  const clock = fixedClock(NOW);
  fresh = await startServer({ dir: root, clock });
  stale = await startServer({ dir: staleRoot, clock });
  deadUrl = `http://127.0.0.1:${await closedPort()}/`;
  status = await startServer({
    dir: root,
    clock,
    statusEndpoints: [fresh.url, stale.url, deadUrl],
    statusJobs: () => [
      {
        name: 'spot-poll',
        schedule: '0 5,35 * * * *',
        lastRun: ago(5 * MINUTE),
        lastSuccess: ago(4 * MINUTE),
        nextRun: new Date(NOW.getTime() + 25 * MINUTE),
      },
      {
        name: 'retail-poll',
        schedule: '0 0,15,30,45 * * * *',
        lastRun: ago(10 * MINUTE),
        lastSuccess: ago(70 * MINUTE),
        lastError: { at: ago(8 * MINUTE), message: 'Firecrawl answered 402 <b>payment required</b>' },
        nextRun: new Date(NOW.getTime() + 5 * MINUTE),
      },
      { name: 'sync-repos', schedule: '0 0 3 * * *', running: true, lastRun: ago(MINUTE) },
    ],
  });
  servers.push(fresh, stale, status);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close(0)));
  if (root) await removeDir(root);
  if (staleRoot) await removeDir(staleRoot);
});

describe.skipIf(!CHROMIUM)('/status in Chromium', () => {
  it('shows endpoints, jobs, spot charts and the retail grid, with no console error', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, timezoneId: 'UTC' });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(status.url)) external.push(r.url());
      });

      const response = await page.goto(`${status.url}/status`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'self'/);
      await page.waitForSelector('#chart-24h canvas');
      await page.waitForSelector('#chart-7d canvas');

      // Endpoints: this server, the fresh one, the stale one, the dead one.
      const endpointRows = await visibleRows(page, '#endpoints tbody tr');
      expect(endpointRows.map((r) => r[0])).toEqual([
        'this server (its checkout)',
        `${fresh.url}/`,
        `${stale.url}/`,
        deadUrl,
      ]);
      const pills = await page.$$eval('#endpoints tbody tr', (rows) =>
        rows.map((r) => [...r.querySelectorAll('td .pill')].map((p) => p.textContent)),
      );
      expect(pills[0]).toEqual(['fresh', 'fresh']);
      expect(pills[1]).toEqual(['fresh', 'fresh']);
      // Six hours behind: no file for the current hour, and a manifest far past its 2-hour limit.
      expect(pills[2]).toEqual(['missing', 'stale']);
      expect(endpointRows[2]![2]).toContain('6.0 h old');
      expect(pills[3]).toEqual(['error', 'error']);
      expect(await page.title()).toBe('(5) StakTrakr status');
      expect(await page.textContent('header .badge')).toBe('5 problems');

      // Jobs as the daemon reports them.
      const jobs = await visibleRows(page, '#jobs tbody tr');
      expect(jobs.map((j) => j.slice(0, 2))).toEqual([
        ['spot-poll 0 5,35 * * * *', 'OK'],
        ['retail-poll 0 0,15,30,45 * * * *', 'FAILING'],
        ['sync-repos 0 0 3 * * *', 'RUNNING'],
      ]);
      expect(jobs[1]![4]).toBe('8 min ago Firecrawl answered 402 <b>payment required</b>');
      expect(jobs[0]![5]).toBe('in 25 min');

      // The retail grid: one row per coin, one column per dealer, each state where the data put it.
      const grid = await page.$$eval('#retail table.grid', ([t]) => {
        const head = [...t!.querySelectorAll('thead th.dealer')].map((th) => th.textContent);
        const rows = [...t!.querySelectorAll('tbody tr')].map((tr) => ({
          coin: tr.querySelector('th')!.childNodes[1]!.textContent,
          cells: [...tr.querySelectorAll('td[class^="cell-"]')].map((td) => td.className),
          text: [...tr.querySelectorAll('td[class^="cell-"]')].map((td) => td.textContent),
        }));
        return { head, rows };
      });
      expect(grid.head).toEqual(['apmex', 'herobullion', 'jmbullion', 'monumentmetals', 'sdbullion']);
      expect(grid.rows.map((r) => r.coin)).toEqual(Object.values(DEMO_CATALOG.coins).map((c) => c.name));
      const cell = (coin: string, dealer: string) => {
        const row = grid.rows[Object.keys(DEMO_CATALOG.coins).indexOf(coin)]!;
        const i = grid.head.indexOf(dealer);
        return { state: row.cells[i], text: row.text[i] };
      };
      expect(cell('age', 'apmex').state).toBe('cell-price');
      expect(cell('age', 'apmex').text).toMatch(/^\$5,\d{3}\.\d{2}$/);
      expect(cell('age', 'jmbullion').state).toBe('cell-oos');
      expect(cell('age', 'jmbullion').text).toMatch(/^OOSlast \$5,\d{3}\.\d{2}$/);
      expect(cell('ase', 'monumentmetals').state).toBe('cell-stale');
      expect(cell('ase', 'monumentmetals').text).toMatch(/^\$8\d\.\d{2}stale 1\.8 h$/);
      expect(cell('maple-silver', 'herobullion')).toEqual({ state: 'cell-failed', text: 'failed' });
      expect(cell('ape', 'sdbullion')).toEqual({ state: 'cell-none', text: '·' });

      // A coin name with markup is shown as text, and nothing in it ran.
      expect(grid.rows.map((r) => r.coin)).toContain(HOSTILE_NAME);
      expect(await page.$$('#retail img')).toHaveLength(0);
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

      // Spot: the four metals' cards and two charts with a line drawn in each metal's colour.
      const cards = await page.$$eval('#spot .metal', (els) =>
        els.map((e) => (e.querySelector('.metal-name')?.textContent ?? '').trim()),
      );
      expect(cards).toEqual(['Gold', 'Silver', 'Platinum', 'Palladium']);
      for (const id of ['chart-24h', 'chart-7d']) {
        const legend = await page.$$eval(`#${id} .u-legend .u-label`, (els) => els.map((e) => e.textContent));
        expect(legend).toEqual(['UTC', 'Gold', 'Silver', 'Platinum', 'Palladium']);
        const goldPixels = await page.$eval(`#${id} canvas`, (c) => {
          const canvas = c as HTMLCanvasElement;
          const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
          let n = 0;
          // #c8961e, the gold line.
          for (let i = 0; i < data.length; i += 4)
            if (Math.abs(data[i]! - 0xc8) < 12 && Math.abs(data[i + 1]! - 0x96) < 12 && data[i + 2]! < 0x40)
              n++;
          return n;
        });
        expect(goldPixels).toBeGreaterThan(200);
      }
      const points = await page.$$eval('.chart', (els) =>
        els.map((e) => Number(e.getAttribute('data-points'))),
      );
      // 24 h of 15-minute slots; 7 days of hours (the partial hour at each end included).
      expect(points).toEqual([96, 7 * 24 + 1]);

      await mkdir('test-output', { recursive: true });
      await page.screenshot({ path: 'test-output/status.png', fullPage: true });
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
