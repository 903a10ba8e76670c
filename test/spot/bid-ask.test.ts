/**
 * Bid and ask end to end: a MetalPriceAPI plan that answers them → spot-poll writes them beside the
 * spot in the slot fact and the hourly view → `serve` answers them in `/api/prices` `latest`.
 * A plan without them writes no such field, and `/api/prices` shows none.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import spotPoll from '../../src/commands/spot-poll.js';
import { bareRepo, showFile } from '../helpers/git.js';
import { perTest } from '../helpers/per-test.js';
import { runCli } from '../helpers/run.js';
import { defaultPrice, GOOD_KEY, startMetalPriceApi } from '../peers/metalpriceapi.js';
import { fixedClock, startServer } from '../serve/fixture.js';

const NOW = new Date('2026-03-10T14:20:00Z');
const resources = perTest();

async function pollAndServe(spread: number | undefined, logs: string[] = []) {
  const api = await startMetalPriceApi({ now: () => NOW, spread });
  resources.defer(() => api.close());
  const dir = resources.tempDir();
  const repo = bareRepo(dir.path);
  const r = await runCli(
    spotPoll,
    ['--repo', repo, '--api-base-url', api.url, '--backfill-hours', '0', '--catchup', 'false'],
    { STAKTRAKR_NOW: NOW.toISOString(), METAL_PRICE_API_KEY: GOOD_KEY },
  );
  expect(r.code, r.err).toBe(0);
  logs.push(r.err);
  const checkout = join(dir.path, 'checkout');
  execFileSync('git', ['clone', '--quiet', repo, checkout]);
  const server = await startServer({ dir: checkout, clock: fixedClock(NOW), rateLimitPerMinute: 10_000 });
  resources.defer(() => server.close());
  const prices = async (qs: string) =>
    (await (await fetch(`${server.url}/api/prices?${qs}`)).json()) as {
      latest: { price: number; ask?: number; bid?: number; provider: string };
    };
  return { repo, prices };
}

describe('/api/prices ask and bid', () => {
  it('carried from the provider through the slot fact and the hourly view', async () => {
    const { repo, prices } = await pollAndServe(0.001);
    const gold = defaultPrice('XAU', NOW);
    const bid = Math.round(gold * 0.999 * 100) / 100;
    const ask = Math.round(gold * 1.001 * 100) / 100;
    const slot = JSON.parse(showFile(repo, 'data/15min/2026/03/10/1415.json'));
    expect(slot[0]).toEqual({
      spot: gold,
      metal: 'Gold',
      source: 'latest',
      provider: 'MetalPriceAPI',
      timestamp: '2026-03-10 14:15:00',
      bid,
      ask,
    });
    const hourly = JSON.parse(showFile(repo, 'data/hourly/2026/03/10/14.json'));
    expect(hourly.at(-4)).toMatchObject({ metal: 'Gold', source: 'hourly', bid, ask });
    const usd = await prices('metal=gold&window=1h');
    expect(usd.latest).toEqual({
      ts: '2026-03-10T14:15:00Z',
      price: gold,
      ask,
      bid,
      provider: 'MetalPriceAPI',
    });
    // Converted like the price: EUR from the exchange-rate fact beside the slot (0.92), grams.
    const eur = await prices('metal=gold&window=1h&currency=EUR&unit=g');
    const perGram = (v: number) => Math.round(((v * 0.92) / 31.1034768) * 10_000) / 10_000;
    expect(eur.latest).toMatchObject({ price: perGram(gold), ask: perGram(ask), bid: perGram(bid) });
  });

  it('a bid/ask 20 % off the spot is not published; the spot is', async () => {
    const logs: string[] = [];
    const { repo, prices } = await pollAndServe(0.2, logs);
    expect(logs.join('\n')).toMatch(/Gold bid [\d.]+ \/ ask [\d.]+ do not fit spot [\d.]+; not published/);
    const slot = JSON.parse(showFile(repo, 'data/15min/2026/03/10/1415.json'));
    expect(slot.every((e: object) => !('bid' in e) && !('ask' in e))).toBe(true);
    expect((await prices('metal=gold&window=1h')).latest.price).toBe(defaultPrice('XAU', NOW));
  });

  it('absent when the plan gives none: no field in the fact, none in the answer', async () => {
    const { repo, prices } = await pollAndServe(undefined);
    const slot = JSON.parse(showFile(repo, 'data/15min/2026/03/10/1415.json'));
    expect(Object.keys(slot[0])).toEqual(['spot', 'metal', 'source', 'provider', 'timestamp']);
    const usd = await prices('metal=silver&window=1h');
    expect(Object.keys(usd.latest).sort()).toEqual(['price', 'provider', 'ts']);
  });
});
