/** metals.dev and Metals-API against their loopback peers (test/peers/metals-dev-and-metals-api.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { metalsApi } from '../../src/spot/providers/metals-api.js';
import { metalsDev } from '../../src/spot/providers/metals-dev.js';
import { ProviderError } from '../../src/spot/providers/provider.js';
import { PEER_KEY as KEY, startProviderPeers } from '../peers/metals-dev-and-metals-api.js';

let peers: Awaited<ReturnType<typeof startProviderPeers>>;
let url = '';
beforeAll(async () => {
  peers = await startProviderPeers();
  url = peers.url;
});
afterAll(() => peers.close());

describe('metals.dev', () => {
  it('reads USD per ounce, exchange rates as units per USD, and daily series', async () => {
    const p = metalsDev({ apiKey: KEY, baseUrl: `${url}/dev`, clock: systemClock, retries: 0 });
    const q = await p.latest(['EUR']);
    expect(q.prices).toEqual({ Gold: 4990.12, Silver: 79.9, Platinum: 2011.5, Palladium: 1555.25 });
    expect(q.fx.EUR).toBeCloseTo(1 / 1.087, 6);
    expect(q.at.toISOString()).toBe('2026-03-10T14:14:00.000Z');
    expect(await p.timeframe('2026-03-09', '2026-03-09')).toEqual([
      { date: '2026-03-09', prices: { Gold: 4980, Silver: 79, Platinum: 2000, Palladium: 1550 } },
    ]);
    expect(p.calls).toBe(2);
  });

  it('a refused key is an auth error that names the input', async () => {
    const p = metalsDev({ apiKey: 'wrong', baseUrl: `${url}/dev`, clock: systemClock, retries: 0 });
    const err = await p.latest([]).catch((e) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/the API key was refused — check api-key/);
  });
});

describe('Metals-API', () => {
  it('inverts plain rates when USD<SYM> keys are absent, and reads time series', async () => {
    const p = metalsApi({ apiKey: KEY, baseUrl: `${url}/api`, clock: systemClock, retries: 0 });
    const q = await p.latest(['EUR']);
    expect(q.prices.Gold).toBeCloseTo(4990.12, 6);
    expect(q.fx).toEqual({ EUR: 0.92 });
    const days = await p.timeframe('2026-03-09', '2026-03-09');
    expect(days[0]!.prices).toEqual({ Gold: 4980, Silver: 79, Platinum: 2000, Palladium: 1550 });
  });

  it('an apilayer error body is classified, and the key never reaches the message', async () => {
    const p = metalsApi({ apiKey: 'bad-key-xyz', baseUrl: `${url}/api`, clock: systemClock, retries: 0 });
    const err = await p.latest([]).catch((e) => e);
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('You have not supplied a valid API Access Key. (code 101)');
    expect(err.message).not.toContain('bad-key-xyz');
  });
});
