/**
 * Firecrawl as a fetcher and as the fallback, against a loopback peer that speaks `/v1/scrape`
 * (success, 402 out of credits, 429 with Retry-After, 500, garbage) and fetches the generated
 * dealer pages over real HTTP.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { trapPages } from '../../src/demo/dealer-site/corpus.js';
import { type SiteServer, serveSite } from '../../src/demo/dealer-site/server.js';
import { catalogFor, type FixturePage, REFS } from '../../src/demo/dealer-site/site.js';
import { parseAllowHosts } from '../../src/http/outbound.js';
import { targets } from '../../src/retail/catalog.js';
import { FirecrawlFetcher } from '../../src/retail/fetch-firecrawl.js';
import { parseDelay } from '../../src/retail/schedule.js';
import { runRetailScrape } from '../../src/retail/scrape.js';
import { CHROMIUM } from '../helpers/chromium.js';

type Behaviour = 'ok' | '402' | '429-once' | '429' | '500' | 'garbage' | 'html';

interface Peer {
  url: string;
  calls: { path: string; auth?: string; body: Record<string, unknown> }[];
  behaviour: Behaviour;
  /** Pages the peer answers differently from the site (Firecrawl gets past a bot check the browser hit). */
  override: Map<string, string>;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
};

async function firecrawlPeer(): Promise<Peer> {
  let rateLimited = 0;
  const peer = { calls: [], behaviour: 'ok', override: new Map() } as unknown as Peer;
  const server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)) || '{}');
    peer.calls.push({ path: req.url ?? '', auth: req.headers.authorization, body });
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
    if (req.method !== 'POST' || req.url !== '/v1/scrape')
      return json(404, { success: false, error: 'Not found' });
    switch (peer.behaviour) {
      case '402':
        return json(402, { success: false, error: 'Insufficient credits to perform this request.' });
      case '429':
        return json(429, { success: false, error: 'Rate limit exceeded.' }, { 'retry-after': '0' });
      case '429-once':
        if (rateLimited++ === 0)
          return json(429, { success: false, error: 'Rate limit exceeded.' }, { 'retry-after': '0' });
        break;
      case '500':
        return json(500, { success: false, error: 'Internal server error', details: 'browser crashed' });
      case 'garbage':
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"success": tru');
      case 'html':
        return res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html><body>Bad Gateway</body></html>');
    }
    const override = peer.override.get(body.url);
    const page = override
      ? { status: 200, text: override }
      : await fetch(body.url).then(async (r) => ({ status: r.status, text: await r.text() }));
    json(200, {
      success: true,
      data: {
        rawHtml: page.text,
        metadata: { title: 'x', sourceURL: body.url, url: body.url, statusCode: page.status },
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  peer.close = () => new Promise((resolve) => server.close(() => resolve()));
  return peer;
}

const pages = trapPages();
let site: SiteServer;
let peer: Peer;
beforeAll(async () => {
  site = await serveSite(pages);
  peer = await firecrawlPeer();
});
afterAll(async () => {
  await site?.close();
  await peer?.close();
});

const scrape = (subset: FixturePage[], extra: Partial<Parameters<typeof runRetailScrape>[0]> = {}) => {
  const catalog = catalogFor(subset, site.url);
  return runRetailScrape({
    catalog,
    targets: targets(catalog),
    refs: REFS,
    fetcher: 'firecrawl',
    firecrawl: { baseUrl: peer.url, apiKey: 'fc-secret-key-123', retries: 1 },
    outbound: { allowHosts: parseAllowHosts('127.0.0.1') },
    concurrency: 4,
    delay: parseDelay('0'),
    clock: systemClock,
    random: Math.random,
    ...extra,
  });
};
const page = (scenario: string) => pages.find((p) => p.scenario === scenario)!;

describe('Firecrawl fetcher', () => {
  it('reads every trap page to the right price or none, never a wrong one', async () => {
    peer.behaviour = 'ok';
    const observations = await scrape(pages);
    for (const p of pages) {
      const obs = observations.find((o) => o.coin === `${p.coin}--${p.scenario}`)!;
      // Firecrawl's HTML here is the served page before any JavaScript ran: late prices are simply absent.
      const late = /late/.test(p.scenario);
      expect({ scenario: p.scenario, price: obs.price }).toEqual({
        scenario: p.scenario,
        price: late ? null : p.expect.price,
      });
      if (obs.price !== null) expect(obs.method).toMatch(/^(firecrawl-|structured-data)/);
    }
    const call = peer.calls.at(-1)!;
    expect(call.auth).toBe('Bearer fc-secret-key-123');
    expect(call.body).toMatchObject({ formats: ['rawHtml'], onlyMainContent: false });
    expect(peer.calls.every((c) => !c.path.includes('fc-secret'))).toBe(true);
  });

  it('stops using Firecrawl after 402 out of credits and says so', async () => {
    peer.behaviour = '402';
    peer.calls.length = 0;
    const subset = [page('tier-table'), page('columns-reordered'), page('aria-grid')];
    const observations = await scrape(subset, { concurrency: 1 });
    expect(peer.calls).toHaveLength(1);
    for (const o of observations) {
      expect(o.price).toBeNull();
      expect(o.reason).toMatch(/out of credits \(402/);
      expect(o.reason).not.toContain('fc-secret');
    }
  });

  it('waits out a 429 and then reads the page; a persistent 429 is reported as a rate limit', async () => {
    peer.behaviour = '429-once';
    const [first] = await scrape([page('tier-table')]);
    expect(first!.price).toBe(5230.31);
    peer.behaviour = '429';
    const [second] = await scrape([page('tier-table')]);
    expect(second!.price).toBeNull();
    expect(second!.reason).toMatch(/rate limit \(429/i);
  });

  it.each([
    ['500', /HTTP 500: "Internal server error"/],
    ['garbage', /garbage/],
    ['html', /garbage.*HTML page/],
  ] as const)('turns a %s answer into a page failure with the reason', async (behaviour, reason) => {
    peer.behaviour = behaviour;
    const [obs] = await scrape([page('tier-table')]);
    expect(obs!.price).toBeNull();
    expect(obs!.inStock).toBe(true);
    expect(obs!.reason).toMatch(reason);
  });

  it('needs a URL or a key', () => {
    expect(() => new FirecrawlFetcher({})).toThrow(/firecrawl-url .* or firecrawl-api-key/);
  });
});

describe.skipIf(!CHROMIUM)('auto fetcher', () => {
  it('falls back to Firecrawl when the browser meets a bot check', async () => {
    peer.behaviour = 'ok';
    const blocked = page('bot-check-200');
    const product = page('goldback-tier-table');
    peer.override.set(
      `${site.url}${blocked.path}`,
      product.html.replace('Utah Goldback 1 (G1)', 'Utah Goldback G1'),
    );
    const subset = [{ ...blocked, coin: 'goldback-utah-g1' as const }];
    const [obs] = await scrape(subset, { fetcher: 'auto', browser: { browserPath: CHROMIUM } });
    expect(obs).toMatchObject({ price: 9.87, method: 'firecrawl-tier-table', inStock: true });
  });
});
