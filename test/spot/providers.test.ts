/** metals.dev and Metals-API peers on loopback, speaking their documented shapes and errors. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { metalsApi } from '../../src/spot/providers/metals-api.js';
import { metalsDev } from '../../src/spot/providers/metals-dev.js';
import { ProviderError } from '../../src/spot/providers/provider.js';

const KEY = 'peer-key-42';
let url = '';
const seen: IncomingMessage[] = [];
const server = createServer((req, res) => {
  seen.push(req);
  const u = new URL(req.url!, 'http://x');
  const json = (status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  // metals.dev: api_key parameter; {status: "success"|"failure", ...}
  if (u.pathname.startsWith('/dev/')) {
    if (u.searchParams.get('api_key') !== KEY)
      return json(401, { status: 'failure', error_code: 1101, error_message: 'Invalid API key' });
    if (u.pathname === '/dev/latest') {
      return json(200, {
        status: 'success',
        currency: 'USD',
        unit: 'toz',
        metals: { gold: 4990.12, silver: 79.9, platinum: 2011.5, palladium: 1555.25, copper: 0.3 },
        currencies: { EUR: 1.087 },
        timestamps: { metal: '2026-03-10T14:14:00.000Z' },
      });
    }
    if (u.pathname === '/dev/timeseries') {
      return json(200, {
        status: 'success',
        rates: { '2026-03-09': { metals: { gold: 4980, silver: 79, platinum: 2000, palladium: 1550 } } },
      });
    }
  }
  // Metals-API: access_key parameter; apilayer errors with success:false.
  if (u.pathname.startsWith('/api/')) {
    if (u.searchParams.get('access_key') !== KEY)
      return json(200, {
        success: false,
        error: {
          code: 101,
          type: 'invalid_access_key',
          info: 'You have not supplied a valid API Access Key.',
        },
      });
    if (u.pathname === '/api/latest') {
      return json(200, {
        success: true,
        timestamp: 1773152040,
        base: 'USD',
        rates: { XAU: 1 / 4990.12, XAG: 1 / 79.9, XPT: 1 / 2011.5, XPD: 1 / 1555.25, EUR: 0.92 },
      });
    }
    if (u.pathname === '/api/timeseries') {
      return json(200, {
        success: true,
        timeseries: true,
        rates: { '2026-03-09': { USDXAU: 4980, USDXAG: 79, USDXPT: 2000, USDXPD: 1550 } },
      });
    }
  }
  json(404, { message: 'not found' });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

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
