import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/index.js';
import { parseCoinLatest, parsePrices } from '../../src/client/schemas.js';
import { deadUrl, type Endpoint, NOW, startEndpoint } from '../peers/data-endpoints.js';

let a: Endpoint;
let b: Endpoint;

beforeAll(async () => {
  // a: fresh manifest (5 min old); b: stale (3 h old). Their prices differ by a factor.
  [a, b] = await Promise.all([startEndpoint(1, 5), startEndpoint(1.5, 180)]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});
afterEach(() => {
  for (const e of [a, b]) {
    e.mode = 'ok';
    e.seen.length = 0;
    e.abandoned.length = 0;
  }
});

const client = (endpoints = [a.url, b.url], extra: Partial<Parameters<typeof createClient>[0]> = {}) =>
  createClient({ endpoints, now: () => NOW, timeoutMs: 3_000, verdictStore: null, ...extra });

/** A page's localStorage, as far as the client uses it. */
const storage = () => {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    items,
  };
};

const keyOf = (bases: string[]) => `staktrakr-client:api:${JSON.stringify(bases)}`;

/** Waits until the verdict kept in `store` names both endpoints: a probe settles on the first base
 * that offers the API, the other joins when its answer comes (later, on a loaded machine). */
async function bothJoined(store: ReturnType<typeof storage>) {
  for (let i = 0; i < 400; i++) {
    const kept = store.items.get(keyOf([a.url, b.url]));
    if (kept && JSON.parse(kept).bases.length === 2) return;
    await new Promise((ok) => setTimeout(ok, 25));
  }
  throw new Error('the second probe answer never joined the verdict');
}

const latestOf = (r: Awaited<ReturnType<ReturnType<typeof client>['currentSpot']>>) =>
  Object.fromEntries(Object.entries(r.prices).map(([m, p]) => [m, p.price]));

describe('fetchHourly', () => {
  it('gets every hour from the endpoint that is up when the other is down, garbage or failing', async () => {
    for (const mode of ['down', 'garbage', 'error'] as const) {
      a.mode = mode;
      const r = await client().fetchHourly(3);
      expect(
        r.hours.map((h) => h.endpoint),
        mode,
      ).toEqual([b.url, b.url, b.url, b.url]);
      expect(r.hours[0]!.hour).toBe('2026-03-15T20:00:00Z');
      const current = r.prices.filter((p) => p.ts === Date.parse('2026-03-15T20:30:00Z'));
      expect(Object.fromEntries(current.map((p) => [p.metal, p.price]))).toEqual(b.prices);
    }
  });

  it('does not wait for a hung endpoint and aborts the losers', async () => {
    a.mode = 'hang';
    // A timeout longer than the test's own limit: only a client that races (not waits) passes.
    const r = await client([a.url, b.url], { timeoutMs: 120_000 }).fetchHourly(2);
    expect(r.hours.every((h) => h.endpoint === b.url)).toBe(true);
    for (let i = 0; i < 50 && a.abandoned.length < 3; i++) await new Promise((ok) => setTimeout(ok, 20));
    expect(a.abandoned.length).toBe(3);
  });

  it('uses a slow endpoint when it is the only one answering, and reports hours nobody has', async () => {
    a.mode = 'slow';
    const r = await client([await deadUrl(), a.url]).fetchHourly(40);
    expect(r.hours.slice(0, 30).every((h) => h.endpoint === a.url)).toBe(true);
    expect(r.hours.slice(30).every((h) => h.error?.includes('no endpoint answered'))).toBe(true);
    expect(r.prices.length).toBe(30 * 3 * 4);
  });

  it('reads naive timestamps as UTC', async () => {
    const r = await client().fetchHourly(0);
    expect(new Date(r.prices.at(-1)!.ts).toISOString()).toBe('2026-03-15T20:30:00.000Z');
  });
});

describe('currentSpot and the enhanced API', () => {
  it('uses /api/prices where an endpoint offers it', async () => {
    b.mode = 'down';
    const r = await client().currentSpot();
    expect(r.source).toBe('api');
    expect(latestOf(r)).toEqual(a.prices);
  });

  it('falls back to the hourly files when no endpoint offers the API, and stops asking', async () => {
    a.mode = 'static-only';
    b.mode = 'static-only';
    const c = client();
    const r = await c.currentSpot();
    expect(r.source).toBe('static');
    expect([a.prices, b.prices]).toContainEqual(latestOf(r));
    expect(await c.probe()).toBe('static'); // the probe that follows a first question agrees
    a.seen.length = 0;
    await c.currentSpot();
    expect(a.seen.some((p) => p.startsWith('/api/'))).toBe(false);
  });

  it('computes the same /api/prices answer from static files as the server does', async () => {
    const viaApi = await client([a.url]).fetchPrices({ metal: 'silver', window: '6h', unit: 'g' });
    a.mode = 'static-only';
    const viaFiles = await client([a.url]).fetchPrices({ metal: 'silver', window: '6h', unit: 'g' });
    expect(viaApi.source).toBe('api');
    expect(viaFiles.source).toBe('static');
    expect({ ...viaFiles, source: 'api' }).toEqual(viaApi);
    await expect(client([a.url]).fetchPrices({ metal: 'gold', currency: 'EUR' })).rejects.toThrow(
      /currency EUR/,
    );
  });
});

describe('pickFreshestEndpoint and fetchCoin', () => {
  it('picks the endpoint with the newest manifest, whichever order they answer in', async () => {
    expect(await client([b.url, a.url]).pickFreshestEndpoint()).toBe(a.url);
    a.mode = 'slow';
    expect(await client([b.url, a.url], { graceMs: 2_000 }).pickFreshestEndpoint()).toBe(a.url);
  });

  it('decides after the grace period when the freshest endpoint hangs', async () => {
    a.mode = 'hang';
    const c = client([a.url, b.url], { manifestTimeoutMs: 120_000, graceMs: 100 });
    expect(await c.pickFreshestEndpoint()).toBe(b.url);
    for (let i = 0; i < 50 && a.abandoned.length === 0; i++) await new Promise((ok) => setTimeout(ok, 20));
    expect(a.abandoned).toEqual(['/data/api/manifest.json']);
  });

  it('fetches a coin through the winner, remembers it, and re-ranks when it fails', async () => {
    const c = client([b.url, a.url]);
    const first = await c.fetchCoin('ase');
    expect(first.endpoint).toBe(a.url);
    expect(first.latest.median_price).toBe(90);
    expect(first.history[0]!.date).toBe('2026-03-14');
    a.seen.length = 0;
    await c.fetchCoin('ase');
    expect(a.seen).not.toContain('/data/api/manifest.json');

    a.mode = 'garbage';
    const fallback = await c.fetchCoin('ase');
    expect(fallback.endpoint).toBe(b.url);
    expect(fallback.latest.median_price).toBe(135);
    expect(await c.pickFreshestEndpoint()).toBe(b.url);

    b.mode = 'down';
    await expect(c.fetchCoin('ase')).rejects.toThrow(/no endpoint answered/);
    await expect(c.fetchCoin('../secret')).rejects.toThrow(/slug/);
  });
});

describe('mode: enhanced when a query API answers, static files otherwise', () => {
  it('probes once, turns enhanced with an event, and draws 24 h of every metal from one request', async () => {
    const c = client();
    const modes: string[] = [];
    c.addEventListener('modechange', () => modes.push(c.mode));
    expect(c.mode).toBe('static');
    const s = await c.spotSeries('24h');
    expect(s.source).toBe('enhanced');
    expect(modes).toEqual(['enhanced']);
    // Asked of both at once, without a verdict: one question each, and nothing else yet — the probe
    // follows the answer instead of sharing the endpoints with the question.
    expect([...a.seen, ...b.seen]).toEqual([
      '/api/prices?metal=all&window=24h',
      '/api/prices?metal=all&window=24h',
    ]);
    expect(await c.probe()).toBe('enhanced');
    const asked = [...a.seen, ...b.seen];
    expect(asked.filter((p) => p.startsWith('/data/hourly/'))).toEqual([]);
    expect(asked.filter((p) => p === '/api/config')).toHaveLength(2);
    expect(s.series.Gold.length).toBeGreaterThan(20);
    expect(s.series.Gold.every((p) => p.price > 0 && Number.isFinite(p.ts))).toBe(true);
    a.seen.length = 0;
    await c.spotSeries('24h');
    expect(a.seen).not.toContain('/api/config');
  });

  it('drops to static files when the query API dies, and comes back after the back-off', async () => {
    const c = client([a.url, b.url], { backoffMs: 1_500 });
    const modes: string[] = [];
    c.addEventListener('modechange', () => modes.push(c.mode));
    expect((await c.spotSeries('6h')).source).toBe('enhanced');
    await c.probe(); // the probe that follows a first question
    a.mode = 'static-only';
    b.mode = 'static-only';
    const fallback = await c.spotSeries('6h');
    expect(fallback.source).toBe('static');
    expect(fallback.series.Silver.length).toBeGreaterThan(0);
    expect(c.mode).toBe('static');
    // Within the back-off the API is not asked again.
    a.seen.length = 0;
    await c.spotSeries('6h');
    expect(a.seen.some((p) => p.startsWith('/api/'))).toBe(false);
    a.mode = 'ok';
    await new Promise((ok) => setTimeout(ok, 1_600));
    expect((await c.spotSeries('6h')).source).toBe('enhanced');
    expect(modes).toEqual(['enhanced', 'static', 'enhanced']);
  });

  it('prefers apiBase for the query API while the static files come from the endpoints', async () => {
    b.mode = 'static-only';
    const c = client([b.url], { apiBase: `${a.url}/` });
    const s = await c.spotSeries('1h');
    expect(s.source).toBe('enhanced');
    expect(s.endpoints).toEqual([a.url]);
    // Once the probe has spoken, the endpoint without the API is not asked for it again.
    await c.probe();
    b.seen.length = 0;
    expect((await c.spotSeries('1h')).endpoints).toEqual([a.url]);
    expect(b.seen.filter((p) => p.startsWith('/api/'))).toEqual([]);
  });

  it('asks every confirmed base of the query API at once: a hung one costs no wait, on this load or the next', async () => {
    const store = storage();
    // A request timeout longer than the test's own limit: only a question that does not wait for
    // the hung base passes.
    const c = client([a.url, b.url], { timeoutMs: 120_000, verdictStore: store });
    expect(await c.probe()).toBe('enhanced');
    await bothJoined(store);
    a.mode = 'hang';
    a.seen.length = 0;
    b.seen.length = 0;
    expect((await c.spotSeries('6h')).endpoints).toEqual([b.url]);
    // Both were asked the one question, at once.
    expect(a.seen.filter((p) => p.startsWith('/api/prices'))).toHaveLength(1);
    expect(b.seen.filter((p) => p.startsWith('/api/prices'))).toHaveLength(1);
    const again = client([a.url, b.url], { timeoutMs: 120_000, verdictStore: store });
    expect((await again.spotSeries('12h')).endpoints).toEqual([b.url]);
  });

  it('decides on the first endpoint offering the API: a hung one does not hold the probe up', async () => {
    a.mode = 'hang';
    // A probe timeout longer than the test's own limit: only a probe that does not wait passes.
    const c = client([a.url, b.url], { probeTimeoutMs: 120_000 });
    expect(await c.probe()).toBe('enhanced');
    expect((await c.spotSeries('1h')).endpoints).toEqual([b.url]);
  });

  it('asks one request per metal of a query API that does not know metal=all, from then on', async () => {
    // An older server in front of a: 400 for metal=all, as a strict query parser answers it.
    const older = createServer(async (req, res) => {
      if (req.url?.includes('metal=all'))
        return res
          .writeHead(400, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
          .end('{"error":"invalid parameter metal","param":"metal"}');
      const upstream = await fetch(`${a.url}${req.url}`);
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    });
    await new Promise<void>((ok) => older.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(older.address() as AddressInfo).port}`;
    try {
      const c = client([url]);
      const s = await c.spotSeries('24h');
      expect(s.source).toBe('enhanced');
      expect(s.series.Palladium.length).toBeGreaterThan(20);
      a.seen.length = 0;
      await c.spotSeries('6h');
      expect(a.seen.filter((p) => p.startsWith('/api/prices')).sort()).toEqual(
        ['gold', 'palladium', 'platinum', 'silver'].map((m) => `/api/prices?metal=${m}&window=6h`),
      );
    } finally {
      older.closeAllConnections();
      await new Promise((ok) => older.close(ok));
    }
  });

  it('does not wait for the probe once the question itself is answered', async () => {
    // /api/config hangs; the question goes through to a (a probe timeout beyond the test's limit).
    const slowProbe = createServer(async (req, res) => {
      if (req.url === '/api/config') return;
      const upstream = await fetch(`${a.url}${req.url}`);
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    });
    await new Promise<void>((ok) => slowProbe.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(slowProbe.address() as AddressInfo).port}`;
    try {
      const c = client([url], { probeTimeoutMs: 120_000 });
      const s = await c.spotSeries('24h');
      expect(s.source).toBe('enhanced');
      expect(c.mode).toBe('enhanced');
      // And the next question goes to the base that answered, without a probe of its own.
      a.seen.length = 0;
      expect((await c.spotSeries('1h')).endpoints).toEqual([url]);
      expect(a.seen.filter((p) => p.startsWith('/api/prices'))).toHaveLength(1);
    } finally {
      slowProbe.closeAllConnections();
      await new Promise((ok) => slowProbe.close(ok));
    }
  });

  it('asks the query API at once on the next page load, from the verdict it kept', async () => {
    const store = storage();
    expect(await client([a.url, b.url], { verdictStore: store }).probe()).toBe('enhanced');
    await bothJoined(store); // a late probe answer would write the verdict again
    a.seen.length = 0;
    b.seen.length = 0;
    const again = client([a.url, b.url], { verdictStore: store });
    expect(again.mode).toBe('enhanced');
    expect((await again.spotSeries('24h')).source).toBe('enhanced');
    // The question alone, once to each confirmed base: no probe before or beside it.
    for (const seen of [a.seen, b.seen])
      expect(seen.filter((p) => p.startsWith('/api/'))).toEqual(['/api/prices?metal=all&window=24h']);
  });

  it('drops a kept verdict whose query API has died since, and keeps that verdict instead', async () => {
    const store = storage();
    expect(await client([a.url, b.url], { verdictStore: store }).probe()).toBe('enhanced');
    await bothJoined(store); // a late probe answer would write the verdict again
    a.mode = 'static-only';
    b.mode = 'static-only';
    const again = client([a.url, b.url], { verdictStore: store });
    const modes: string[] = [];
    again.addEventListener('modechange', () => modes.push(again.mode));
    expect((await again.spotSeries('6h')).source).toBe('static');
    expect(modes).toEqual(['static']);
    // The page after that does not ask the dead API within the back-off.
    a.seen.length = 0;
    b.seen.length = 0;
    const third = client([a.url, b.url], { verdictStore: store });
    expect(third.mode).toBe('static');
    expect((await third.spotSeries('6h')).source).toBe('static');
    expect([...a.seen, ...b.seen].filter((p) => p.startsWith('/api/'))).toEqual([]);
  });

  it('ignores a kept verdict that is old, names other bases, or is not JSON', async () => {
    for (const kept of [
      JSON.stringify({ at: Date.now() - 3_600_000, bases: [a.url] }),
      JSON.stringify({ at: Date.now(), bases: ['https://evil.example'] }),
      JSON.stringify({ at: Date.now() + 3_600_000, bases: [a.url] }),
      '{not json',
    ]) {
      const store = storage();
      const key = keyOf([a.url, b.url]);
      store.items.set(key, kept);
      const c = client([a.url, b.url], { verdictStore: store });
      expect(c.mode, kept).toBe('static');
      // Asked as without a verdict, whose answer becomes the verdict kept now.
      const before = Date.now();
      await c.spotSeries('1h');
      const renewed = JSON.parse(store.items.get(key)!);
      expect(renewed.at, kept).toBeGreaterThanOrEqual(before);
      expect(renewed.at, kept).toBeLessThanOrEqual(Date.now());
      expect(renewed.bases.length, kept).toBeGreaterThan(0);
    }
  });

  it('stays static without probing forever when no endpoint answers the probe in time', async () => {
    a.mode = 'hang';
    b.mode = 'hang';
    const c = client([a.url, b.url], { probeTimeoutMs: 100, timeoutMs: 300 });
    expect(await c.probe()).toBe('static');
  });
});

describe('retail winner back-off', () => {
  it('keeps a failed winner out of the ranking for the back-off, then ranks it again', async () => {
    const c = client([a.url, b.url], { backoffMs: 300 });
    expect((await c.fetchManifest()).endpoint).toBe(a.url);
    a.mode = 'down';
    expect((await c.fetchCoin('ase')).endpoint).toBe(b.url);
    a.mode = 'ok';
    // a answers again, but sits out its back-off: b stays the winner without a new ranking.
    expect(await c.pickFreshestEndpoint()).toBe(b.url);
    await new Promise((ok) => setTimeout(ok, 350));
    b.mode = 'down';
    expect((await c.fetchCoin('ase')).endpoint).toBe(a.url);
    expect(await c.pickFreshestEndpoint()).toBe(a.url);
  });

  it('lists the manifest coins with their names', async () => {
    const m = await client().fetchManifest();
    expect(m.endpoint).toBe(a.url);
    expect(m.coins.length).toBeGreaterThan(0);
    expect(m.coins[0]).toMatchObject({
      slug: expect.stringMatching(/^[a-z0-9-]+$/),
      name: expect.any(String),
    });
  });
});

describe('answers the app never sees', () => {
  it('turns unusable coin prices into null and leaves out dealers with one', () => {
    const latest = parseCoinLatest(
      {
        slug: 'ase',
        median_price: 0,
        lowest_price: -3,
        vendors: {
          good: { price: 91.5 },
          zero: { price: 0 },
          negative: { price: -1 },
          oos: { price: null, inStock: false },
        },
      },
      'ase',
    );
    expect(latest.median_price).toBeNull();
    expect(latest.lowest_price).toBeNull();
    expect(Object.keys(latest.vendors).sort()).toEqual(['good', 'oos']);
  });

  it('keeps only the checked fields of the latest price: no unchecked ask or bid', () => {
    const latest = { ts: '2026-03-15T20:30:00Z', price: 5000, provider: 'p1', ask: -1, bid: 0 };
    const answer = { metal: 'gold', currency: 'USD', unit: 'toz', window: '1h', count: 1 };
    const parsed = parsePrices({ ...answer, latest, series: [latest] });
    expect(parsed.latest).toEqual({ ts: latest.ts, price: 5000, provider: 'p1' });
  });

  it('refuses a query API answer with a price ≤ 0, not finite or not a number, or no time', async () => {
    // In front of a: every /api/prices answer has one silver point spoiled.
    const spoil = (bad: Record<string, unknown>) =>
      createServer(async (req, res) => {
        const upstream = await fetch(`${a.url}${req.url}`);
        let body = await upstream.text();
        if (req.url?.startsWith('/api/prices')) {
          const json = JSON.parse(body);
          Object.assign(json.metals.silver.series[3], bad);
          body = JSON.stringify(json).replace('"INFINITY"', '1e999'); // JSON's way to say Infinity
        }
        res
          .writeHead(upstream.status, {
            'content-type': 'application/json',
            'access-control-allow-origin': '*',
          })
          .end(body);
      });
    for (const bad of [
      { price: 0 },
      { price: -80 },
      { price: 'INFINITY' },
      { price: '80.5' },
      { price: null },
      { ts: 'yesterday' },
    ]) {
      const what = JSON.stringify(bad);
      const server = spoil(bad);
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        // b answers 300 ms later: the spoiled answer comes first, and is not the one taken.
        b.mode = 'slow';
        const s = await client([url, b.url]).spotSeries('24h');
        expect(s.endpoints, what).toEqual([b.url]);
        expect(s.series.Silver.length, what).toBeGreaterThan(20);
        b.mode = 'ok';
        // Alone, it leaves the client on the static files, whose prices the app sees instead.
        const alone = await client([url]).spotSeries('24h');
        expect(alone.source, what).toBe('static');
        const prices = Object.values(alone.series).flatMap((points) => points.map((p) => p.price));
        expect(prices.length, what).toBeGreaterThan(80);
        expect(
          prices.every((p) => Number.isFinite(p) && p > 0),
          what,
        ).toBe(true);
      } finally {
        server.closeAllConnections();
        await new Promise((ok) => server.close(ok));
      }
    }
  });
});
