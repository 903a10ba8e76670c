import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Fact,
  fixedClock,
  METALS,
  removeDir,
  startServer,
  tempDir,
  writeFx,
  writeHourly,
  writeManifest,
  writeSlot,
} from './fixture.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-03-15T20:40:00Z');
const GRAMS = 31.1034768;

let root: string;
const slotFacts: Fact[] = [];
const hourlyFacts: Fact[] = [];
const fx: Array<{ t: number; rates: Record<string, number> }> = [];

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const BASE = { Gold: 5000, Silver: 80, Platinum: 2000, Palladium: 1500 };
const price = (metal: Fact['metal']) => Math.round(BASE[metal] * (0.95 + random() * 0.1) * 100) / 100;

beforeAll(async () => {
  root = await tempDir();
  // Slot facts for the last 3 days, every 15 minutes, up to 20:15 (the 20:30 slot is not written yet).
  for (let t = NOW - 3 * DAY - 10 * MIN; t <= NOW - 25 * MIN; t += 15 * MIN) {
    const facts = METALS.map((metal) => ({ t, metal, spot: price(metal), provider: 'metalpriceapi' }));
    slotFacts.push(...facts);
    await writeSlot(root, t, facts);
  }
  // Legacy hours 4–7 days back exist only as hourly files (two entries per hour).
  for (let hour = NOW - 7 * DAY - 40 * MIN; hour < NOW - 4 * DAY; hour += HOUR) {
    const facts = [hour, hour + 30 * MIN].flatMap((t) =>
      METALS.map((metal) => ({ t, metal, spot: price(metal), provider: 'legacy' })),
    );
    hourlyFacts.push(...facts);
    await writeHourly(root, hour, facts);
  }
  // An hourly view that disagrees with a slot fact: the fact wins.
  const overlap = NOW - 2 * HOUR - 40 * MIN;
  await writeHourly(root, overlap, [{ t: overlap, metal: 'Gold', spot: 1, provider: 'stale-view' }]);
  // The original published $0 for hours: a zero price is never an answer (an hour with no other data).
  const broken = NOW - 3 * DAY - 12 * HOUR - 40 * MIN;
  await writeHourly(root, broken, [{ t: broken + 45 * MIN, metal: 'Silver', spot: 0, provider: 'broken' }]);
  // Exchange-rate facts every hour for two days; GBP only in the last day.
  for (let t = NOW - 2 * DAY - 40 * MIN; t <= NOW - 40 * MIN; t += HOUR) {
    const rates: Record<string, number> = { EUR: Math.round((0.9 + random() * 0.05) * 1e4) / 1e4 };
    if (t > NOW - DAY) rates.GBP = Math.round((0.78 + random() * 0.02) * 1e4) / 1e4;
    fx.push({ t, rates });
    await writeFx(root, t, rates);
  }
  await writeManifest(root, new Date(NOW - 17 * MIN));
});

afterAll(() => removeDir(root));

const WINDOWS: Record<string, [number, number]> = {
  '1h': [HOUR, 15 * MIN],
  '6h': [6 * HOUR, 15 * MIN],
  '12h': [12 * HOUR, 15 * MIN],
  '24h': [DAY, HOUR],
  '7d': [7 * DAY, HOUR],
};

/** What /api/prices must answer, computed straight from the facts this test wrote. */
function expected(
  metal: Fact['metal'],
  window: string,
  currency: string,
  unit: 'toz' | 'g',
  now = NOW,
  extra: Fact[] = [],
) {
  const byKey = new Map<string, Fact>();
  for (const f of [...hourlyFacts, ...slotFacts, ...extra])
    if (f.metal === metal && f.spot > 0) byKey.set(String(f.t), f);
  const all = [...byKey.values()].sort((a, b) => a.t - b.t);
  const rate = (t: number) => {
    if (currency === 'USD') return 1;
    let best: (typeof fx)[number] | undefined;
    for (const p of fx) {
      if (p.rates[currency] === undefined) continue;
      if (!best || Math.abs(p.t - t) < Math.abs(best.t - t)) best = p;
    }
    return best!.rates[currency]!;
  };
  const value = (f: Fact) => (f.spot * rate(f.t)) / (unit === 'g' ? GRAMS : 1);
  const [span, step] = WINDOWS[window]!;
  const buckets = new Map<number, Fact>();
  // The window is span/step whole buckets ending with the one holding `now`.
  const first = Math.floor(now / step) - span / step + 1;
  for (const f of all)
    if (Math.floor(f.t / step) >= first && f.t <= now) buckets.set(Math.floor(f.t / step), f);
  const last = all.at(-1)!;
  return {
    latest: {
      ts: new Date(last.t).toISOString().replace('.000', ''),
      value: value(last),
      provider: last.provider,
    },
    series: [...buckets.values()].map((f) => ({
      ts: new Date(f.t).toISOString().replace('.000', ''),
      value: value(f),
    })),
  };
}

interface Prices {
  metal: string;
  currency: string;
  unit: string;
  window: string;
  latest: { ts: string; price: number; provider: string };
  series: Array<{ ts: string; price: number }>;
  count: number;
}

describe('/api/prices', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ dir: root, clock: fixedClock(new Date(NOW)), rateLimitPerMinute: 10_000 });
  });
  afterAll(() => server.close());

  const query = async (qs: string) => {
    const res = await fetch(`${server.url}/api/prices?${qs}`);
    return { status: res.status, body: (await res.json()) as Prices & { error: string; param: string } };
  };

  it('matches the facts for every metal, window, unit and currency', async () => {
    for (const metal of METALS) {
      for (const window of Object.keys(WINDOWS)) {
        for (const [currency, unit] of [
          ['USD', 'toz'],
          ['USD', 'g'],
          ['EUR', 'toz'],
          ['GBP', 'g'],
        ] as const) {
          const { status, body } = await query(
            `metal=${metal.toLowerCase()}&window=${window}&currency=${currency}&unit=${unit}`,
          );
          const what = `${metal} ${window} ${currency} ${unit}`;
          expect(status, what).toBe(200);
          const want = expected(metal, window, currency, unit);
          const tolerance = unit === 'g' ? 1e-4 : 1e-2;
          expect(body).toMatchObject({
            metal: metal.toLowerCase(),
            currency,
            unit,
            window,
            count: want.series.length,
          });
          expect(body.latest.ts, what).toBe(want.latest.ts);
          expect(Math.abs(body.latest.price - want.latest.value), what).toBeLessThanOrEqual(tolerance);
          expect(
            body.series.map((p) => p.ts),
            what,
          ).toEqual(want.series.map((p) => p.ts));
          body.series.forEach((p, i) => {
            expect(Math.abs(p.price - want.series[i]!.value), `${what} ${p.ts}`).toBeLessThanOrEqual(
              tolerance,
            );
          });
        }
      }
    }
    // Spot checks that the shapes above are what a user expects.
    const day = await query('metal=gold&window=24h');
    expect(day.body.count).toBe(24);
    const week = await query('metal=silver&window=7d');
    expect(week.body.series.some((p) => p.price === 0)).toBe(false);
    expect(week.body.series.length).toBeGreaterThan(100);
  });

  it('shows a newly written slot on the next request', async () => {
    const before = await query('metal=gold&window=1h');
    expect(before.body.latest.ts).toBe('2026-03-15T20:15:00Z');
    const t = NOW - 10 * MIN;
    const facts = METALS.map((metal) => ({ t, metal, spot: price(metal), provider: 'metalpriceapi' }));
    await writeSlot(root, t, facts);
    const after = await query('metal=gold&window=1h');
    expect(after.body.latest).toEqual({
      ts: '2026-03-15T20:30:00Z',
      price: facts[0]!.spot,
      provider: 'metalpriceapi',
    });
    expect(after.body.series.map((p) => p.ts)).toEqual(
      expected('Gold', '1h', 'USD', 'toz', NOW, facts).series.map((p) => p.ts),
    );
    slotFacts.push(...facts);
  });

  it('answers every metal in one request with metal=all, each as its own request answers it', async () => {
    for (const qs of ['window=24h', 'window=1h&currency=EUR&unit=g']) {
      const all = await fetch(`${server.url}/api/prices?metal=all&${qs}`);
      expect(all.status).toBe(200);
      const body = (await all.json()) as { metal: string; metals: Record<string, unknown> };
      expect(body.metal).toBe('all');
      expect(Object.keys(body.metals)).toEqual(METALS.map((m) => m.toLowerCase()));
      for (const metal of METALS) {
        expect(body.metals[metal.toLowerCase()], `${metal} ${qs}`).toEqual(
          (await query(`metal=${metal.toLowerCase()}&${qs}`)).body,
        );
      }
    }
    const jpy = await query('metal=all&currency=JPY');
    expect(jpy.status).toBe(400);
    expect(jpy.body.param).toBe('currency');
  });

  it('refuses invalid parameters with a 400 naming the parameter', async () => {
    for (const [qs, param] of [
      ['metal=copper', 'metal'],
      ['metal=gold&window=2h', 'window'],
      ['metal=gold&unit=kg', 'unit'],
      ['metal=gold&currency=EURO', 'currency'],
      ['metal=gold&currency=12$', 'currency'],
    ]) {
      const { status, body } = await query(qs!);
      expect(status, qs).toBe(400);
      expect(body.param, qs).toBe(param);
      expect(body.error, qs).toContain(param);
    }
    const jpy = await query('metal=gold&currency=JPY');
    expect(jpy.status).toBe(400);
    expect(jpy.body.param).toBe('currency');
    expect(jpy.body.error).toMatch(/no exchange-rate facts for JPY.*EUR, GBP, USD/);
  });

  it('shows the non-secret configuration', async () => {
    const res = await fetch(`${server.url}/api/config`);
    const config = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(config).toMatchObject({ rate_limit_per_minute: 10_000, currencies: ['EUR', 'GBP', 'USD'] });
    expect(JSON.stringify(config)).not.toContain(root);
    // A server holding provider keys (for /api/proxy) shows none of them.
    const canary = 'CANARY-serve-config-7f3a';
    const keyed = await startServer({
      dir: root,
      proxyEnv: { METAL_PRICE_API_KEY: canary, METALS_DEV_API_KEY: canary, METALS_API_KEY: canary },
    });
    try {
      for (const path of ['/api/config', '/']) {
        const answer = await fetch(`${keyed.url}${path}`);
        expect(answer.status, path).toBe(200);
        expect(await answer.text(), path).not.toContain(canary);
      }
    } finally {
      await keyed.close();
    }
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the limit, per client, and recovers', async () => {
    const clock = fixedClock(new Date(NOW));
    const server = await startServer({
      dir: root,
      clock,
      rateLimitPerMinute: 5,
      clientIpHeader: 'x-client-ip',
    });
    try {
      const hit = (client: string, path = '/api/prices?metal=gold&window=1h') =>
        fetch(`${server.url}${path}`, { headers: { 'x-client-ip': client } });
      for (let i = 0; i < 5; i++) expect((await hit('a')).status).toBe(200);
      const limited = await hit('a');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('12');
      expect(((await limited.json()) as { error: string }).error).toContain('5 requests per minute');
      // Another client and the static files are not limited.
      expect((await hit('b')).status).toBe(200);
      for (let i = 0; i < 20; i++) expect((await hit('a', '/data/api/manifest.json')).status).toBe(200);
      clock.advance(12_000);
      expect((await hit('a')).status).toBe(200);
      expect((await hit('a')).status).toBe(429);
    } finally {
      await server.close();
    }
  });
});

describe('/health', () => {
  it('is 200 with ages, commit and uptime when fresh, 503 when data or a job is stale', async () => {
    execFileSync('git', ['init', '-q', root]);
    execFileSync('git', [
      '-C',
      root,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@t',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'x',
    ]);
    const head = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD']).toString().trim();
    const clock = fixedClock(new Date(NOW));
    let poller = { ok: true, last_run: 'just now' };
    const server = await startServer({ dir: root, clock, extraHealth: async () => ({ poller }) });
    try {
      const check = async () => {
        const res = await fetch(`${server.url}/health`);
        return {
          status: res.status,
          body: (await res.json()) as { checks: Record<string, { ok: boolean }> },
        };
      };
      clock.advance(90_000);
      const fresh = await check();
      expect(fresh.status).toBe(200);
      expect(fresh.body).toMatchObject({
        status: 'ok',
        commit: head,
        uptime_seconds: 90,
        checks: {
          spot: { ok: true, newest: '2026-03-15T20:30:00Z', age_seconds: 11 * 60 + 30 },
          manifest: { ok: true, age_seconds: 17 * 60 + 90 },
          poller: { ok: true, last_run: 'just now' },
        },
      });
      poller = { ok: false, last_run: 'hours ago' };
      // The report is computed at most once a second: within it, the same answer.
      expect((await check()).status).toBe(200);
      clock.advance(1_000);
      expect((await check()).status).toBe(503);
      poller = { ok: true, last_run: 'just now' };
      // Sunday: the market reopens at 22:00 UTC, so the spot age counts from there (market time).
      clock.advance(5 * HOUR);
      const stale = await check();
      expect(stale.status).toBe(503);
      expect(stale.body.checks.spot?.ok).toBe(false);
      // Data older than the indexed days still reports its age.
      clock.advance(30 * DAY);
      const old = await check();
      expect(old.body.checks.spot).toMatchObject({ ok: false, newest: '2026-03-15T20:30:00Z' });
    } finally {
      await server.close();
    }
  });
});

const REAL = join(process.cwd(), '../shared/real-data/staktrakr-api');

describe.skipIf(!existsSync(REAL))('real data snapshot', () => {
  if (!existsSync(REAL)) console.log(`skipping the real-data check: ${REAL} is absent`);

  it('answers the 24 h gold series the snapshot files hold', async () => {
    const now = Date.parse('2026-03-15T20:40:00Z');
    const server = await startServer({ dir: REAL, clock: fixedClock(new Date(now)) });
    try {
      const byTime = new Map<number, number>();
      // Hourly views first, then slot facts, which win for the same timestamp.
      for (const tree of ['hourly', '15min']) {
        for (const day of ['2026/03/14', '2026/03/15']) {
          const dir = join(REAL, 'data', tree, day);
          for (const name of readdirSync(dir)) {
            for (const e of JSON.parse(readFileSync(join(dir, name), 'utf8')) as Array<{
              metal: string;
              spot: number;
              timestamp: string;
            }>) {
              if (e.metal.toLowerCase() !== 'gold' || !(e.spot > 0)) continue;
              byTime.set(Date.parse(`${e.timestamp.replace(' ', 'T')}Z`), e.spot);
            }
          }
        }
      }
      const perHour = new Map<number, [number, number]>();
      for (const [t, spot] of [...byTime].sort((a, b) => a[0] - b[0])) {
        if (Math.floor(t / HOUR) > Math.floor(now / HOUR) - 24 && t <= now)
          perHour.set(Math.floor(t / HOUR), [t, spot]);
      }
      const res = await fetch(`${server.url}/api/prices?metal=gold&window=24h`);
      const body = (await res.json()) as Prices;
      expect(body.series).toEqual(
        [...perHour.values()].map(([t, price]) => ({
          ts: new Date(t).toISOString().replace('.000', ''),
          price,
        })),
      );
      expect(body.count).toBeGreaterThanOrEqual(20);
    } finally {
      await server.close();
    }
  });
});
