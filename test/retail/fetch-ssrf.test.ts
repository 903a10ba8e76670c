/**
 * The outbound policy as an attacker meets it, with real Chromium and a real Firecrawl-shaped peer:
 * catalog URLs naming internal addresses in every spelling, a dealer page that redirects to one, a
 * page that loads internal subresources, and Firecrawl sent to (or redirected to) one. A canary
 * server on loopback counts every request that reaches it; it must count none, and nothing it
 * would answer (its title) may appear in what a run publishes.
 */

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import retailPoll from '../../src/commands/retail-poll.js';
import type { Catalog } from '../../src/data/retail-catalog.js';
import { systemClock } from '../../src/data/time.js';
import { bulkPages, COINS, REFS } from '../../src/demo/dealer-site/site.js';
import { parseAllowHosts, REFUSED_REASON } from '../../src/http/outbound.js';
import { targets } from '../../src/retail/catalog.js';
import { parseDelay } from '../../src/retail/schedule.js';
import { type RetailScrapeOptions, runRetailScrape } from '../../src/retail/scrape.js';
import { CHROMIUM } from '../helpers/chromium.js';
import { infoInto } from '../helpers/logger.js';
import { runCli } from '../helpers/run.js';

const SECRET_TITLE = 'INTERNAL-ADMIN-CONSOLE';
const page = bulkPages(1)[0]!; // an American Gold Eagle page priced 5230

const listen = (server: Server, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });

/** Everything internal: answers like an admin console, and counts. */
const canaryHits: string[] = [];
const canary = () =>
  createServer((req, res) => {
    canaryHits.push(`${req.headers.host}${req.url}`);
    res.writeHead(403, { 'content-type': 'text/html' }).end(`<title>${SECRET_TITLE}</title>`);
  });
const canary4 = canary();
const canary6 = canary();
let c4 = 0;
let c6: number | undefined;

/** The "public" dealer (allowed by host:port), whose pages point at the canary in many ways. */
let site: Server;
let sitePort = 0;
let siteUrl = '';
const siteHits: string[] = [];

/** A Firecrawl stand-in: fetches the page itself, following redirects, and reports where it ended. */
let peer: Server;
let peerUrl = '';
const peerCalls: string[] = [];
const readBody = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
};

const internalSpellings = () => [
  `http://127.0.0.1:${c4}/`,
  `http://2130706433:${c4}/`,
  `http://0177.0.0.1:${c4}/`,
  `http://0x7f.0.0.1:${c4}/`,
  `http://127.1:${c4}/`,
  `http://localhost:${c4}/`,
  `http://LOCALHOST.:${c4}/`,
  `http://admin.localhost:${c4}/`,
  `http://[::ffff:127.0.0.1]:${c4}/`,
  `http://0.0.0.0:${c4}/`,
  ...(c6 ? [`http://[::1]:${c6}/`] : []),
  'http://169.254.169.254/latest/meta-data/',
  'http://10.0.0.1/',
  'http://[fd00::1]/',
];

beforeAll(async () => {
  c4 = await listen(canary4, '127.0.0.1');
  c6 = await listen(canary6, '::1').catch(() => undefined);
  if (!c6) console.log('no IPv6 loopback here: the [::1] spelling is checked by the policy tests only');
  site = createServer((req, res) => {
    siteHits.push(req.url ?? '');
    const to = (location: string) => res.writeHead(302, { location }).end();
    const html = (body: string) => res.writeHead(200, { 'content-type': 'text/html' }).end(body);
    switch (req.url) {
      case '/redirect':
        return to(`http://127.0.0.1:${c4}/hop`);
      case '/redirect-decimal':
        return to(`http://2130706433:${c4}/hop`);
      case '/redirect-localhost':
        return to(`http://localhost:${c4}/hop`);
      case '/redirect-twice':
        return to('/redirect');
      case '/redirect-metadata':
        return to('http://169.254.169.254/latest/meta-data/');
      case '/subresources': {
        const internal = `http://127.0.0.1:${c4}`;
        const tags = [
          `<img src="${internal}/img.png">`,
          `<link rel="stylesheet" href="http://2130706433:${c4}/style.css">`,
          `<script src="http://localhost:${c4}/app.js"></script>`,
          `<iframe src="${internal}/frame"></iframe>`,
          `<script>fetch('${internal}/fetch').catch(() => {});
            const x = new XMLHttpRequest(); x.open('GET', '${internal}/xhr'); x.send();
            navigator.sendBeacon('${internal}/beacon', 'x');
            try { new WebSocket('ws://127.0.0.1:${c4}/ws'); } catch {}
            new EventSource('${internal}/events');</script>`,
        ].join('');
        return html(page.html.replace('</body>', `${tags}</body>`));
      }
      case '/js-redirect':
        return html(
          page.html.replace(
            '</body>',
            `<script>location.href = 'http://127.0.0.1:${c4}/js';</script></body>`,
          ),
        );
      default:
        return html(page.html);
    }
  });
  sitePort = await listen(site, '127.0.0.1');
  siteUrl = `http://127.0.0.1:${sitePort}`;
  peer = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)) || '{}') as { url: string };
    peerCalls.push(body.url);
    const answer = await fetch(body.url);
    const rawHtml = await answer.text();
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        success: true,
        data: { rawHtml, metadata: { sourceURL: body.url, url: answer.url, statusCode: answer.status } },
      }),
    );
  });
  peerUrl = `http://127.0.0.1:${await listen(peer, '127.0.0.1')}`;
});
afterAll(async () => {
  for (const s of [canary4, canary6, site, peer]) {
    s?.closeAllConnections();
    await new Promise((resolve) => (s?.listening ? s.close(resolve) : resolve(undefined)));
  }
});

/** One target per URL, each under its own dealer. */
const catalogOf = (urls: string[]): Catalog => ({
  coins: Object.fromEntries(
    urls.map((url, i) => [
      `case-${i}`,
      { ...COINS.age, providers: [{ id: `d${i}`, name: 'd', enabled: true, url }] },
    ]),
  ),
});

const scrape = (urls: string[], extra: Partial<RetailScrapeOptions> = {}) => {
  const catalog = catalogOf(urls);
  return runRetailScrape({
    catalog,
    targets: targets(catalog),
    refs: REFS,
    fetcher: 'playwright',
    browser: { browserPath: CHROMIUM },
    page: { retries: 0, timeoutMs: 20_000, settleMs: 500 },
    concurrency: 4,
    delay: parseDelay('0'),
    clock: systemClock,
    random: Math.random,
    ...extra,
  });
};

const expectRefused = (observations: Awaited<ReturnType<typeof scrape>>, urls: string[]) => {
  expect(observations.map((o, i) => [urls[i], o.price, o.reason])).toEqual(
    urls.map((u) => [u, null, REFUSED_REASON]),
  );
  expect(JSON.stringify(observations)).not.toContain(SECRET_TITLE);
};

describe.skipIf(!CHROMIUM)('browser, no allow-list', () => {
  it('refuses catalog URLs naming an internal address in any spelling; nothing reaches the canary', async () => {
    canaryHits.length = 0;
    const urls = internalSpellings();
    expectRefused(await scrape(urls), urls);
    expect(canaryHits).toEqual([]);
  }, 120_000);

  it('refuses the allow-listed dealer too when the list is not given', async () => {
    siteHits.length = 0;
    const [obs] = await scrape([`${siteUrl}/plain`]);
    expect(obs!.reason).toBe(REFUSED_REASON);
    expect(siteHits).toEqual([]);
  }, 60_000);
});

describe.skipIf(!CHROMIUM)('browser, the dealer allow-listed by host:port', () => {
  const allowed = () => ({ outbound: { allowHosts: parseAllowHosts(`127.0.0.1:${sitePort}`) } });

  it('reads the allowed dealer page', async () => {
    const [obs] = await scrape([`${siteUrl}/plain`], allowed());
    expect(obs).toMatchObject({ price: page.expect.price, inStock: true });
  }, 60_000);

  it('refuses every redirect hop to an internal address; nothing reaches the canary, not even a title', async () => {
    canaryHits.length = 0;
    const urls = [
      '/redirect',
      '/redirect-decimal',
      '/redirect-localhost',
      '/redirect-twice',
      '/redirect-metadata',
    ].map((p) => `${siteUrl}${p}`);
    expectRefused(await scrape(urls, allowed()), urls);
    expect(canaryHits).toEqual([]);
  }, 120_000);

  it('refuses a page that navigates itself to an internal address', async () => {
    canaryHits.length = 0;
    const urls = [`${siteUrl}/js-redirect`];
    expectRefused(await scrape(urls, allowed()), urls);
    expect(canaryHits).toEqual([]);
  }, 60_000);

  it('reads a page that loads internal subresources while the canary receives nothing', async () => {
    canaryHits.length = 0;
    const logs: string[] = [];
    const [obs] = await scrape([`${siteUrl}/subresources`], { ...allowed(), logger: infoInto(logs) });
    expect(obs).toMatchObject({ price: page.expect.price, inStock: true });
    // Give late requests (beacon, EventSource retries) a moment to arrive if they were going to.
    await systemClock.sleep(300);
    expect(canaryHits).toEqual([]);
    expect(logs.some((l) => l.startsWith('outbound policy refused'))).toBe(true);
  }, 60_000);
});

describe('Firecrawl', () => {
  const firecrawl = (extra: Partial<RetailScrapeOptions> = {}) => ({
    fetcher: 'firecrawl' as const,
    firecrawl: { baseUrl: peerUrl, retries: 0 },
    ...extra,
  });

  it('never sends an internal URL to Firecrawl', async () => {
    peerCalls.length = 0;
    canaryHits.length = 0;
    const urls = internalSpellings();
    expectRefused(await scrape(urls, firecrawl()), urls);
    expect(peerCalls).toEqual([]);
    expect(canaryHits).toEqual([]);
  }, 60_000);

  it('drops a page Firecrawl was redirected to an internal address for, title included', async () => {
    peerCalls.length = 0;
    const urls = [`${siteUrl}/redirect`];
    const observations = await scrape(
      urls,
      firecrawl({ outbound: { allowHosts: parseAllowHosts(`127.0.0.1:${sitePort}`) } }),
    );
    // The peer (Firecrawl's own network) did follow the redirect; what it read is not used.
    expect(peerCalls).toEqual(urls);
    expectRefused(observations, urls);
  }, 60_000);
});

describe('retail-poll allow-hosts input', () => {
  it.each(['user@mirror.lan', 'http://mirror.lan', 'mirror.lan/path', 'mirror.lan:99999'])(
    'refuses %s before any work, naming the input',
    async (value) => {
      const r = await runCli(retailPoll, ['--repo', '/nowhere', '--allow-hosts', value], {});
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/input "allow-hosts"/);
      expect(r.err).toMatch(/host\[:port\]/);
    },
  );
});
