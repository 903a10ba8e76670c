/**
 * One browser context per dealer, as a person browsing a shop: a dealer's cookies come back on its
 * next page, never on another dealer's, and a released dealer starts afresh; one tab per dealer,
 * parked on a blank page between products, and never more tabs than allowed. Real Chromium, a real
 * cookie-setting server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { OutboundPolicy, parseAllowHosts } from '../../src/http/outbound.js';
import { LAUNCH_ARGS } from '../../src/retail/browser.js';
import { PlaywrightFetcher } from '../../src/retail/fetch-playwright.js';
import { loadPlaywright } from '../../src/retail/playwright-loader.js';
import { CHROMIUM } from '../helpers/chromium.js';

let server: Server;
let base = '';
const cookiesSeen: Record<string, string> = {};
let browser: Browser;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/favicon.ico') return res.writeHead(404).end();
    cookiesSeen[path] = req.headers.cookie ?? '';
    // Every page of a "dealer" sets that dealer's session cookie for the whole host: only separate
    // contexts keep one dealer's cookie from reaching another.
    const dealer = path.split('/')[1];
    res
      .writeHead(200, {
        'content-type': 'text/html',
        'set-cookie': `session-${dealer}=${path.replace(/\W/g, '')}; Path=/`,
      })
      .end(`<title>${path}</title><p>page</p>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { chromium } = await loadPlaywright();
  if (!CHROMIUM) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
});

const tabs = () => browser.contexts().flatMap((c) => c.pages().map((p) => p.url()));

it.skipIf(!CHROMIUM)(
  'keeps one context and one parked tab per dealer for its pages',
  async () => {
    const fetcher = new PlaywrightFetcher(browser, {
      clock: systemClock,
      settleMs: 0,
      policy: new OutboundPolicy({ allowHosts: parseAllowHosts('127.0.0.1') }),
    });
    await fetcher.read(`${base}/a/1`, 'a');
    await fetcher.read(`${base}/b/1`, 'b');
    await fetcher.read(`${base}/a/2`, 'a');
    await fetcher.read(`${base}/b/2`, 'b');
    expect(cookiesSeen['/a/1']).toBe('');
    expect(cookiesSeen['/b/1']).toBe('');
    expect(cookiesSeen['/a/2']).toBe('session-a=a1');
    expect(cookiesSeen['/b/2']).toBe('session-b=b1');
    expect(browser.contexts()).toHaveLength(2);
    // Parking happens after a read returns (the dealer's pause already running).
    await expect.poll(tabs).toEqual(['about:blank', 'about:blank']);

    await fetcher.release('a');
    expect(browser.contexts()).toHaveLength(1);
    await fetcher.read(`${base}/a/3`, 'a');
    expect(cookiesSeen['/a/3']).toBe('');
    await fetcher.close();
    expect(browser.contexts()).toHaveLength(0);
  },
  60_000,
);

it.skipIf(!CHROMIUM)(
  'keeps at most maxPages tabs open, closing idle ones first',
  async () => {
    const fetcher = new PlaywrightFetcher(browser, {
      clock: systemClock,
      settleMs: 0,
      maxPages: 2,
      policy: new OutboundPolicy({ allowHosts: parseAllowHosts('127.0.0.1') }),
    });
    for (const dealer of ['c', 'd', 'e', 'c']) {
      const result = await fetcher.read(`${base}/${dealer}/x`, dealer);
      // Each page really read: no error, the server's answer, the request seen by the server.
      expect(result.error).toBeUndefined();
      expect(result.status).toBe(200);
      expect(result.reading).toBeDefined();
      expect(tabs().length).toBeLessThanOrEqual(2);
    }
    expect(browser.contexts()).toHaveLength(3);
    await fetcher.close();
  },
  60_000,
);
