/**
 * The vision check against a loopback Gemini peer speaking `generateContent` (answers, 429
 * RESOURCE_EXHAUSTED, 403 with the key echoed, garbage): screenshots of real Chromium pages go out
 * with the key in a header; agreement is judged by us; the per-run cap holds.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { trapPages } from '../../src/demo/dealer-site/corpus.js';
import { type SiteServer, serveSite } from '../../src/demo/dealer-site/server.js';
import { catalogFor, REFS } from '../../src/demo/dealer-site/site.js';
import { parseAllowHosts } from '../../src/http/outbound.js';
import { targets } from '../../src/retail/catalog.js';
import { parseDelay } from '../../src/retail/schedule.js';
import { runRetailScrape } from '../../src/retail/scrape.js';
import { GeminiVision, type VisionMode } from '../../src/retail/vision.js';
import { CHROMIUM } from '../helpers/chromium.js';
import { infoInto } from '../helpers/logger.js';

const KEY = 'AIza-test-key-0123456789';

type Reply = { price: number | null; inStock?: boolean } | '429' | '403' | 'garbage' | 'prose';
interface Call {
  url: string;
  key?: string;
  imageBytes: number;
  prompt: string;
}

const calls: Call[] = [];
const replies: Reply[] = [];
let gemini: { url: string; close: () => Promise<void> };
let site: SiteServer;
const pages = trapPages().filter((p) =>
  ['tier-table', 'as-low-as-only', 'bot-check-200'].includes(p.scenario),
);

beforeAll(async () => {
  site = await serveSite(pages);
  const server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = JSON.parse(text);
    const parts = body.contents[0].parts;
    calls.push({
      url: req.url ?? '',
      key: req.headers['x-goog-api-key'] as string | undefined,
      imageBytes: Buffer.from(parts[1].inline_data.data, 'base64').length,
      prompt: parts[0].text,
    });
    const reply = replies.shift() ?? { price: null };
    const json = (status: number, value: unknown) =>
      res
        .writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' })
        .end(JSON.stringify(value));
    if (reply === '429')
      return json(429, {
        error: {
          code: 429,
          message: 'Resource has been exhausted (e.g. check quota).',
          status: 'RESOURCE_EXHAUSTED',
        },
      });
    if (reply === '403')
      return json(403, {
        error: { code: 403, message: `API key ${KEY} is not valid.`, status: 'PERMISSION_DENIED' },
      });
    if (reply === 'garbage')
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{"candidates": [');
    const answer = reply === 'prose' ? 'The price is about five thousand dollars.' : JSON.stringify(reply);
    json(200, {
      candidates: [{ content: { role: 'model', parts: [{ text: answer }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 1290, candidatesTokenCount: 12, totalTokenCount: 1302 },
      modelVersion: 'gemini-2.5-flash',
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gemini = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
});
afterAll(async () => {
  await site?.close();
  await gemini?.close();
});

async function scrape(mode: VisionMode, consensus: Record<string, number>, queued: Reply[], maxCalls = 5) {
  calls.length = 0;
  replies.splice(0, replies.length, ...queued);
  const catalog = catalogFor(pages, site.url);
  const logs: string[] = [];
  const observations = await runRetailScrape({
    catalog,
    targets: targets(catalog),
    refs: REFS,
    fetcher: 'playwright',
    browser: { browserPath: CHROMIUM },
    outbound: { allowHosts: parseAllowHosts('127.0.0.1') },
    vision: { mode, apiKey: KEY, baseUrl: gemini.url, maxCalls },
    // Static pages: no need to wait long for late prices.
    page: { settleMs: 1000 },
    consensus,
    delay: parseDelay('0'),
    clock: systemClock,
    random: Math.random,
    logger: infoInto(logs),
  });
  const by = (scenario: string) => observations.find((o) => o.coin.endsWith(`--${scenario}`))!;
  return { by, logs };
}

const consensus = (price: number) => ({ 'age--tier-table': price, 'age--as-low-as-only': price });

describe.skipIf(!CHROMIUM)('vision check', () => {
  it('on doubt, fills a missing price from the screenshot, skips clear pages and bot checks', async () => {
    const { by } = await scrape('on-doubt', consensus(5230), [{ price: 5236.5, inStock: true }]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(calls[0]!.key).toBe(KEY);
    expect(calls[0]!.imageBytes).toBeGreaterThan(1000);
    expect(calls[0]!.prompt).toContain('American Gold Eagle 1 oz');
    expect(by('as-low-as-only')).toMatchObject({ price: 5236.5, method: 'vision' });
    expect(by('as-low-as-only').reason).toMatch(/price read by vision; text: only "as low as"/);
    expect(by('tier-table')).toMatchObject({ price: 5230.31, method: 'tier-table' });
    expect(by('tier-table').visionAgrees).toBeUndefined();
    expect(by('bot-check-200').price).toBeNull();
  });

  it('judges agreement numerically, and keeps a consensus-near vision price over a far text price', async () => {
    // Consensus far below the page: both priced pages are in doubt.
    const agree = await scrape('on-doubt', consensus(4700), [{ price: null }, { price: 5230.31 }]);
    expect(agree.by('tier-table')).toMatchObject({
      price: 5230.31,
      method: 'tier-table',
      visionAgrees: true,
    });
    const replaced = await scrape('on-doubt', consensus(4700), [{ price: null }, { price: 4705 }]);
    expect(replaced.by('tier-table')).toMatchObject({ price: 4705, method: 'vision', visionAgrees: false });
    expect(replaced.by('tier-table').reason).toMatch(/text read \$5230\.31, vision \$4705/);
  });

  it('stops at the per-run cap', async () => {
    const { logs } = await scrape('always', {}, [{ price: null }, { price: null }], 1);
    expect(calls).toHaveLength(1);
    expect(logs).toContain('vision: call cap reached; remaining pages not checked');
  });

  it('logs Gemini errors without the key and leaves the extracted prices alone', async () => {
    const { by, logs } = await scrape('always', {}, ['403', 'prose']);
    expect(calls.length).toBe(2);
    const text = logs.join('\n');
    expect(text).toMatch(/HTTP 403 .*PERMISSION_DENIED API key \*\*\* is not valid/);
    expect(text).toMatch(/not the JSON asked for: "The price is about/);
    expect(text).not.toContain(KEY);
    expect(by('tier-table')).toMatchObject({ price: 5230.31, method: 'tier-table' });
    expect(by('tier-table').visionAgrees).toBeUndefined();
    const worse = await scrape('always', {}, ['garbage', '429', '429', '429']);
    expect(worse.logs.join('\n')).toMatch(/age--as-low-as-only .*garbage/);
    expect(worse.logs.join('\n')).toMatch(/age--tier-table .*HTTP 429 .*RESOURCE_EXHAUSTED/);
  });

  it('refuses to run without a key', () => {
    expect(() => new GeminiVision({ mode: 'on-doubt' })).toThrow(/gemini-api-key \(GEMINI_API_KEY\)/);
  });
});
