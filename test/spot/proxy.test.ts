/** `/api/proxy/:provider/latest` in serve, against a loopback MetalPriceAPI peer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPrice, GOOD_KEY, type MockServer, startMetalPriceApi } from '../peers/metalpriceapi.js';
import { fixedClock, removeDir, startServer, tempDir } from '../serve/fixture.js';

const NOW = new Date('2026-03-10T14:20:00Z');
let api: MockServer;
let root: string;
let server: Awaited<ReturnType<typeof startServer>>;
const clock = fixedClock(NOW);

beforeAll(async () => {
  api = await startMetalPriceApi({ now: () => clock.now() });
  root = await tempDir();
  server = await startServer({
    dir: root,
    clock,
    followSeconds: 0,
    rateLimitPerMinute: 1000,
    clientIpHeader: 'x-forwarded-for',
    proxyEnv: { METAL_PRICE_API_KEY: GOOD_KEY, STAKTRAKR_PROXY_METALPRICEAPI_URL: api.url },
  });
});
afterAll(async () => {
  await server.close();
  await api.close();
  await removeDir(root);
});

const get = async (path: string, ip = '10.0.0.1') => {
  const res = await fetch(`${server.url}${path}`, { headers: { 'x-forwarded-for': ip } });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text), headers: [...res.headers].join('\n') };
};

describe('/api/proxy/metalpriceapi/latest', () => {
  it("answers with the server's key, which never reaches the client or the log; cached for the update interval", async () => {
    const r = await get('/api/proxy/metalpriceapi/latest?currencies=XAU,XAG,EUR');
    expect(r.status, r.text).toBe(200);
    expect(r.body.metals).toEqual({ XAG: defaultPrice('XAG', NOW), XAU: defaultPrice('XAU', NOW) });
    expect(r.body.fx).toEqual({ EUR: 0.92 });
    expect(r.body.cached).toBe(false);
    // The upstream got the key, in a header; the browser and the log never see it.
    expect(api.requests.at(-1)?.headers['x-api-key']).toBe(GOOD_KEY);
    expect(api.requests.at(-1)?.rawUrl).not.toContain(GOOD_KEY);
    expect(`${r.text}${r.headers}`).not.toContain(GOOD_KEY);
    const again = await get('/api/proxy/metalpriceapi/latest?currencies=EUR,XAG,XAU');
    expect(again.body.cached).toBe(true);
    expect(api.calls('/latest')).toBe(1);
    clock.advance(11 * 60_000);
    expect((await get('/api/proxy/metalpriceapi/latest?currencies=XAU,XAG,EUR')).body.cached).toBe(false);
    expect(api.calls('/latest')).toBe(2);
    expect(server.logs.join('\n')).not.toContain(GOOD_KEY);
  });

  it('refuses anything off the allow-list, naming it, without calling the upstream', async () => {
    const before = api.requests.length;
    expect((await get('/api/proxy/metalpriceapi/timeframe?start_date=2026-01-01')).status).toBe(404);
    expect((await get('/api/proxy/metalpriceapi/latest/extra')).status).toBe(404);
    const key = await get('/api/proxy/metalpriceapi/latest?api_key=stolen');
    expect(key.status).toBe(400);
    expect(key.body.error).toMatch(/parameter not allowed: api_key/);
    expect((await get('/api/proxy/metalpriceapi/latest?currencies=BTC')).body.error).toMatch(/currencies/);
    expect((await get('/api/proxy/metalpriceapi/latest?base=EUR')).body.error).toMatch(/base/);
    expect((await get('/api/proxy/nowhere/latest')).status).toBe(404);
    expect((await get('/api/proxy/metals-dev/latest')).body.error).toMatch(/not configured/);
    expect(api.requests.length).toBe(before);
  });

  it('checks every answer like a poll: $0 gold is a 502, never served or cached', async () => {
    clock.advance(11 * 60_000);
    const zero = await startMetalPriceApi({ now: () => clock.now(), faults: { '/latest': ['zero'] } });
    const other = await startServer({
      dir: root,
      clock,
      followSeconds: 0,
      proxyEnv: { METAL_PRICE_API_KEY: GOOD_KEY, STAKTRAKR_PROXY_METALPRICEAPI_URL: zero.url },
    });
    try {
      const r = await fetch(`${other.url}/api/proxy/metalpriceapi/latest`);
      const body = await r.json();
      expect(r.status).toBe(502);
      expect(body.error).toMatch(/Gold is 0, not a price/);
      const next = await (await fetch(`${other.url}/api/proxy/metalpriceapi/latest`)).json();
      expect(next.metals.XAU).toBe(defaultPrice('XAU', clock.now()));
      expect(next.cached).toBe(false);
    } finally {
      await other.close();
      await zero.close();
    }
  });

  it('rate limits each client', async () => {
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await get('/api/proxy/metalpriceapi/latest', '10.9.9.9')).status;
    expect(last).toBe(429);
    expect((await get('/api/proxy/metalpriceapi/latest', '10.9.9.8')).status).toBe(200);
  });
});
