/**
 * The Goldback exchange rate: read from the local peer of the official page in real Chromium, checked
 * against gold spot, written in the real files' shape next to the real files, merged as a fact collection
 * (the log) and a state snapshot (the spot file).
 */

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GOLDBACK_SPOT_PATH,
  goldbackLogPath,
  parseGoldbackLog,
  recordGoldbackRate,
} from '../../src/data/goldback.js';
import { silentLogger } from '../../src/data/logger.js';
import { systemClock } from '../../src/data/time.js';
import { type SiteServer, serveSite } from '../../src/demo/dealer-site/server.js';
import { GOLDBACK_RATE_PATH, goldbackRatePage } from '../../src/demo/dealer-site/site.js';
import { parseAllowHosts } from '../../src/http/outbound.js';
import { rateBand, rateObservations } from '../../src/retail/goldback.js';
import { readDailyRate } from '../../src/retail/goldback-poll.js';
import { CHROMIUM } from '../helpers/chromium.js';
import { hasRealData, REAL_DATA } from '../helpers/real-data.js';
import { useTempRoots } from './views-fixtures.js';

const tempRoot = useTempRoots();
const GOLD = 5019.58;
/** A clock starting at `iso` and running in real time (the fetcher waits on it). */
const at = (iso: string) => {
  const offset = Date.parse(iso) - Date.now();
  return { now: () => new Date(Date.now() + offset), sleep: systemClock.sleep };
};

describe('the rate band', () => {
  it('holds every rate of the real log against that day’s gold spot, and refuses a misread', () => {
    // From the real snapshot: 2026-02-23 … 2026-03-15, the rate was 1.94–2.07 × the gold content.
    for (const [rate, gold] of [
      [10.06, 5019.58],
      [10.6, 5126.02],
      [10.14, 5241.55],
      [10.46, 5364.08],
    ] as const) {
      const b = rateBand(gold);
      expect(rate).toBeGreaterThanOrEqual(b.low);
      expect(rate).toBeLessThanOrEqual(b.high);
    }
    const b = rateBand(GOLD);
    for (const misread of [5.03, 50.3, 5.02, 20.12]) expect(misread < b.low || misread > b.high).toBe(true);
  });
});

describe('the log and the spot snapshot', () => {
  it.skipIf(!hasRealData)(
    'appends to the real files keeping their shape, and never rewrites a date',
    async () => {
      const root = await tempRoot();
      await mkdir(join(root, 'data/api'), { recursive: true });
      for (const p of [GOLDBACK_SPOT_PATH, goldbackLogPath(2026)])
        await writeFile(join(root, p), await readFile(join(REAL_DATA, p)));
      const realLog = await readFile(join(REAL_DATA, goldbackLogPath(2026)), 'utf8');
      const realSpot = JSON.parse(await readFile(join(REAL_DATA, GOLDBACK_SPOT_PATH), 'utf8'));

      const entry = { date: '2026-03-16', g1_usd: 10.12, scraped_at: '2026-03-16T00:01:02.345Z' };
      expect(await recordGoldbackRate(root, entry, 'high')).toEqual([
        goldbackLogPath(2026),
        GOLDBACK_SPOT_PATH,
      ]);
      const log = await readFile(join(root, goldbackLogPath(2026)), 'utf8');
      // Same layout as the original: the new entry first, every old line as it was.
      expect(log).toBe(
        `[\n  {\n    "date": "2026-03-16",\n    "g1_usd": 10.12,\n    "scraped_at": "2026-03-16T00:01:02.345Z"\n  },\n${realLog.slice(2)}`,
      );
      const spot = JSON.parse(await readFile(join(root, GOLDBACK_SPOT_PATH), 'utf8'));
      expect(Object.keys(spot)).toEqual(Object.keys(realSpot));
      expect(Object.keys(spot.denominations)).toEqual(Object.keys(realSpot.denominations));
      expect(spot).toMatchObject({
        date: '2026-03-16',
        g1_usd: 10.12,
        source: realSpot.source,
        confidence: 'high',
      });
      expect(spot.denominations.g25).toBe(253);

      // A second reading of the same date changes nothing; an older one never replaces the spot file.
      expect(await recordGoldbackRate(root, { ...entry, g1_usd: 11 }, 'high')).toEqual([]);
      const stale = { date: '2026-03-10', g1_usd: 9.9, scraped_at: '2026-03-10T00:00:00.000Z' };
      expect(await recordGoldbackRate(root, stale, 'high')).toEqual([]);
      expect(JSON.parse(await readFile(join(root, GOLDBACK_SPOT_PATH), 'utf8')).g1_usd).toBe(10.12);
    },
  );
});

describe.skipIf(!CHROMIUM)('reading the rate page in Chromium', () => {
  let site: SiteServer;
  beforeAll(async () => {
    site = await serveSite([
      goldbackRatePage(10.06),
      { ...goldbackRatePage(50.3), path: '/goldback/g5-only' },
      { ...goldbackRatePage(10.06, { status: 503 }), path: '/goldback/down' },
    ]);
  });
  afterAll(() => site?.close());
  const read = (root: string, path: string, now = '2026-03-16T00:01:00Z') =>
    readDailyRate({
      root,
      url: `${site.url}${path}`,
      goldSpot: GOLD,
      browser: { browserPath: CHROMIUM },
      // The peer page is on loopback, which the outbound policy refuses unless allowed.
      outbound: { allowHosts: parseAllowHosts('127.0.0.1') },
      timeoutMs: 20_000,
      clock: at(now),
      logger: silentLogger,
    });

  it('reads the labelled rate among the ticker, the denomination table and yesterday’s figure', async () => {
    const root = await tempRoot();
    const r = await read(root, GOLDBACK_RATE_PATH);
    expect(r).toMatchObject({ rate: 10.06 });
    if (!r || !('rate' in r)) throw new Error('no rate');
    expect(r.observations.map((o) => [o.coin, o.vendor, o.price])).toEqual([
      ['goldback-g1', 'goldback', 10.06],
      ['goldback-g2', 'goldback', 20.12],
      ['goldback-g5', 'goldback', 50.3],
      ['goldback-g10', 'goldback', 100.6],
      ['goldback-g25', 'goldback', 251.5],
      ['goldback-g50', 'goldback', 503],
    ]);
    // Once recorded for the day, the page is not read again that day.
    await recordGoldbackRate(
      root,
      { date: '2026-03-16', g1_usd: 10.06, scraped_at: '2026-03-16T00:01:00.000Z' },
      'high',
    );
    const hits = site.hits.length;
    expect(await read(root, GOLDBACK_RATE_PATH, '2026-03-16T18:00:00Z')).toBeUndefined();
    expect(site.hits.length).toBe(hits);
  }, 60_000);

  it('refuses a rate outside the band around gold spot, and a page that is down', async () => {
    const root = await tempRoot();
    expect(await read(root, '/goldback/g5-only')).toMatchObject({
      reason: expect.stringMatching(/no Goldback rate within/),
    });
    expect(await read(root, '/goldback/down')).toMatchObject({ reason: expect.stringMatching(/HTTP 503/) });
    expect(rateObservations(10.06, new Date('2026-03-16T00:00:00Z'))).toHaveLength(6);
  }, 90_000);
});

describe.skipIf(!hasRealData)('the real snapshot', () => {
  it('its goldback files parse', async () => {
    const log = parseGoldbackLog(await readFile(join(REAL_DATA, goldbackLogPath(2026)), 'utf8'), 'real');
    expect(log.length).toBeGreaterThan(10);
  });
});
