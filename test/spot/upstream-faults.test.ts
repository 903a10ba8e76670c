/**
 * spot-poll against the upstream as it really behaves: the shipped schedule's call count, plans
 * without /hourly, empty and absurd history answers, a $0 first provider, a hung upstream, a
 * cross-origin redirect, a failing /hourly — real loopback peers, real git.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import spotPoll from '../../src/commands/spot-poll.js';
import { bareRepo, listFiles, showFile } from '../helpers/git.js';
import { perTest } from '../helpers/per-test.js';
import { runCli } from '../helpers/run.js';
import { GOOD_KEY, type MockOptions, type MockServer, startMetalPriceApi } from '../peers/metalpriceapi.js';
import { PEER_KEY, startProviderPeers } from '../peers/metals-dev-and-metals-api.js';

const resources = perTest();

async function peer(o: MockOptions): Promise<MockServer> {
  const s = await startMetalPriceApi(o);
  resources.defer(() => s.close());
  return s;
}

const poll = (repo: string, now: string, server: MockServer, extra: string[] = [], env = {}) =>
  runCli(spotPoll, ['--repo', repo, '--api-base-url', server.url, '--poller-id', 'test', ...extra], {
    STAKTRAKR_NOW: now,
    METAL_PRICE_API_KEY: GOOD_KEY,
    ...env,
  });

const slotsOf = (repo: string, day: string) =>
  listFiles(repo).filter((f) => f.startsWith(`data/15min/${day}/`));

describe('quota: the shipped schedule (:05 and :35)', () => {
  it('a simulated day costs one upstream call a run after the first', async () => {
    let now = new Date('2026-03-10T00:05:00Z'); // a Tuesday
    const api = await peer({ now: () => now });
    const dir = resources.tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'work'); // persisted like the daemon's
    const perRun: number[] = [];
    for (let run = 0; run < 48; run++) {
      now = new Date(Date.parse('2026-03-10T00:05:00Z') + run * 30 * 60_000);
      const before = api.counted();
      const r = await poll(repo, now.toISOString(), api, ['--workdir', workdir]);
      expect(r.code, r.err).toBe(0);
      expect(r.outputs['api-calls']).toBe(String(api.counted() - before));
      perRun.push(api.counted() - before);
    }
    // The first run fills the last 24 :00 slots (4 /hourly); yesterday's reference is its 16:00 slot.
    expect(perRun[0]).toBe(5);
    expect(perRun.slice(1).every((n) => n === 1)).toBe(true);
    expect(api.calls('/usage')).toBe(1); // once a day, remembered in the workdir
    // Today's reference came free from the 16:00 slot (noon in New York).
    const history = JSON.parse(showFile(repo, 'data/spot-history-2026.json'));
    expect(history.filter((e: { timestamp: string }) => e.timestamp === '2026-03-10 12:00:00')).toHaveLength(
      4,
    );
    expect(api.calls('/timeframe')).toBe(0);
  }, 240_000);

  it('a plan smaller than the schedule polls less often instead of running dry', async () => {
    const start = Date.parse('2026-04-01T00:05:00Z'); // a Wednesday, the month's first run
    let now = new Date(start);
    const api = await peer({ now: () => now });
    const dir = resources.tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'work');
    let skipped = 0;
    for (let run = 0; run < 12; run++) {
      now = new Date(start + run * 30 * 60_000);
      const r = await poll(repo, now.toISOString(), api, ['--workdir', workdir, '--api-budget', '100']);
      expect(r.code, r.err).toBe(0);
      if (/\| live \| skipped/.test(r.out)) skipped++;
    }
    // 100 calls a month, at most a day ahead of an even pace: ⌈100 × (5.5 h + 24 h) / 720 h⌉ = 5 by the last run.
    expect(api.counted()).toBeLessThanOrEqual(5);
    expect(skipped).toBeGreaterThan(0);
  }, 120_000);
});

describe('history: the fallback chain', () => {
  it('a plan without /hourly fills a 10-hour gap through /timeframe', async () => {
    const api = await peer({ now: () => new Date('2026-03-10T14:20:00Z'), noHourly: true });
    const dir = resources.tempDir();
    const repo = bareRepo(dir.path);
    expect((await poll(repo, '2026-03-10T04:05:00Z', api, ['--backfill-hours', '0'])).code).toBe(0);
    const r = await poll(repo, '2026-03-10T14:20:00Z', api, ['--backfill-hours', '12']);
    expect(r.code, r.err).toBe(0);
    expect(r.outputs['backfilled-slots']).toBe('11'); // 03:00, 05:00 … 14:00
    expect(JSON.parse(showFile(repo, 'data/15min/2026/03/10/0900.json'))[0].source).toBe(
      'backfill-timeframe',
    );
    expect(r.out).toMatch(/not supported on your current subscription plan/);
  });

  it('an empty /hourly answer falls through to the date form, then to /timeframe, with a note each', async () => {
    const datesOnly = await peer({ now: () => new Date('2026-03-10T14:20:00Z'), hourlyForms: ['dates'] });
    let repo = bareRepo(resources.tempDir().path);
    let r = await poll(repo, '2026-03-10T14:20:00Z', datesOnly, ['--backfill-hours', '3']);
    expect(r.code, r.err).toBe(0);
    expect(r.outputs['backfilled-slots']).toBe('3');
    expect(r.out).toMatch(/\/hourly \(start\/end\) \| empty answer/);
    expect(JSON.parse(showFile(repo, 'data/15min/2026/03/10/1300.json'))[0].source).toBe('backfill-hourly');

    const none = await peer({ now: () => new Date('2026-03-10T14:20:00Z'), hourlyForms: [] });
    repo = bareRepo(resources.tempDir().path);
    r = await poll(repo, '2026-03-10T14:20:00Z', none, ['--backfill-hours', '3']);
    expect(r.code, r.err).toBe(0);
    expect(r.outputs['backfilled-slots']).toBe('3');
    expect(r.out).toMatch(/\/hourly \(start_date\/end_date\) \| empty answer/);
    expect(JSON.parse(showFile(repo, 'data/15min/2026/03/10/1300.json'))[0].source).toBe(
      'backfill-timeframe',
    );
  });

  it('absurd /timeframe values ($1 for every metal) are refused: no fact holds them', async () => {
    const mad = await peer({
      now: () => new Date('2026-03-10T14:20:00Z'),
      noHourly: true,
      timeframePrice: () => 1,
    });
    const dir = resources.tempDir();
    const repo = bareRepo(dir.path);
    const r = await poll(repo, '2026-03-10T14:20:00Z', mad, ['--backfill-hours', '3']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Gold at 1 is not a plausible price/);
    expect(r.err).toMatch(/reference: 1 day\(s\) refused/);
    expect(r.err).toMatch(/backfill: 0 slot\(s\) filled; 3 refused as implausible/);
    expect(r.out).toContain('**Refused (never written):**');
    // The live slot passed its checks and is published; nothing from /timeframe is.
    expect(slotsOf(repo, '2026/03/10')).toEqual(['data/15min/2026/03/10/1415.json']);
    expect(listFiles(repo)).not.toContain('data/spot-history-2026.json');
  });

  it('/hourly failing with 500 still publishes the live slot, and the exit code names the phase', async () => {
    const api = await peer({
      now: () => new Date('2026-03-10T14:20:00Z'),
      faults: { '/hourly': Array(20).fill('server-error'), '/timeframe': Array(20).fill('server-error') },
    });
    const dir = resources.tempDir();
    const repo = bareRepo(dir.path);
    const r = await poll(repo, '2026-03-10T14:20:00Z', api, ['--backfill-hours', '3', '--timeout', '20']);
    expect(r.code).toBe(1);
    expect(r.outputs.pushed).toBe('true');
    expect(slotsOf(repo, '2026/03/10')).toEqual(['data/15min/2026/03/10/1415.json']);
    expect(r.err).toMatch(
      /spot-poll failed \(what passed its checks was pushed\) — backfill: 3 missing slot\(s\) not filled/,
    );
    expect(r.out).toMatch(/\| backfill \| ❌ failed \|/);
  }, 60_000);
});

describe('providers', () => {
  it('$0 from the first provider: the second provider’s prices are used', async () => {
    const api = await peer({ now: () => new Date('2026-03-10T14:20:00Z'), faults: { '/latest': ['zero'] } });
    const others = await startProviderPeers();
    resources.defer(() => others.close());
    const dir = resources.tempDir();
    const repo = bareRepo(dir.path);
    const r = await poll(
      repo,
      '2026-03-10T14:20:00Z',
      api,
      [
        '--providers',
        'metalpriceapi,metals-dev',
        '--metals-dev-base-url',
        `${others.url}/dev`,
        '--backfill-hours',
        '0',
      ],
      { METALS_DEV_API_KEY: PEER_KEY },
    );
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/Gold is 0, not a price/);
    const slot = JSON.parse(showFile(repo, 'data/15min/2026/03/10/1415.json'));
    expect(slot[0]).toMatchObject({ provider: 'metals.dev', spot: 4990.12 });
  });

  it('a hung upstream: the run ends within its timeout with a clear message', async () => {
    const hung = await peer({
      now: () => new Date('2026-03-10T14:20:00Z'),
      faults: { '*': Array(50).fill('hang') },
    });
    const dir = resources.tempDir();
    const repo = bareRepo(dir.path);
    const started = Date.now();
    const r = await poll(repo, '2026-03-10T14:20:00Z', hung, ['--timeout', '8']);
    const took = Date.now() - started;
    expect(r.code).toBe(1);
    expect(took).toBeLessThan(8_000);
    expect(r.err).toMatch(
      /MetalPriceAPI \/latest: no answer within [\d.]+ s, its share of the run's 8 s timeout/,
    );
    expect(r.out).toMatch(/\| live \| ❌ failed \|/);
  }, 30_000);

  it('a 302 to another origin never receives the key', async () => {
    const elsewhere: IncomingMessage[] = [];
    const other = createServer((req, res) => {
      elsewhere.push(req);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true,"rates":{}}');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    resources.defer(() => new Promise((r) => other.close(r)));
    const api = await peer({
      now: () => new Date('2026-03-10T14:20:00Z'),
      redirectTo: `http://127.0.0.1:${(other.address() as AddressInfo).port}`,
      faults: { '/latest': ['redirect'] },
    });
    const dir = resources.tempDir();
    const repo = bareRepo(dir.path);
    const r = await poll(repo, '2026-03-10T14:20:00Z', api, ['--backfill-hours', '0', '--catchup', 'false']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/answered HTTP 302 to another origin \(http:\/\/127\.0\.0\.1:\d+\); not followed/);
    expect(elsewhere).toHaveLength(0);
    expect(`${r.out}${r.err}`).not.toContain(GOOD_KEY);
  });

  it('a redirect on the same origin is followed, key and all', async () => {
    const api = await peer({
      now: () => new Date('2026-03-10T14:20:00Z'),
      redirectTo: '', // a relative Location: the same origin
      faults: { '/latest': ['redirect'] },
    });
    const dir = resources.tempDir();
    const repo = bareRepo(dir.path);
    const r = await poll(repo, '2026-03-10T14:20:00Z', api, ['--backfill-hours', '0', '--catchup', 'false']);
    expect(r.code, r.err).toBe(0);
    const latest = api.requests.filter((q) => q.path === '/latest');
    expect(latest).toHaveLength(2);
    expect(latest[1]?.headers['x-api-key']).toBe(GOOD_KEY);
  });
});

describe('the summary', () => {
  it('is written even when the repository cannot be opened', async () => {
    const dir = resources.tempDir();
    const r = await runCli(spotPoll, ['--repo', join(dir.path, 'missing.git'), '--providers', 'replay'], {
      STAKTRAKR_NOW: '2026-03-10T14:20:00Z',
    });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/### Spot poll · ❌ failed\n\n\*\*Run failed:\*\* /);
  });
});
