import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import spotPoll from '../../src/commands/spot-poll.js';
import { slotPath } from '../../src/data/paths.js';
import { floorSlot } from '../../src/data/time.js';
import { bareRepo, commitCount, listFiles, seededRepo, showFile, tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run.js';
import { defaultPrice, GOOD_KEY, type MockServer, startMetalPriceApi } from '../peers/metalpriceapi.js';

const NOW = '2026-03-10T14:20:00Z'; // 10:20 in New York: before the seed time
let api: MockServer;
let dir: ReturnType<typeof tempDir>;

const poll = (repo: string, now: string, extra: string[] = [], server = api) =>
  runCli(spotPoll, ['--repo', repo, '--api-base-url', server.url, '--poller-id', 'test', ...extra], {
    STAKTRAKR_NOW: now,
    METAL_PRICE_API_KEY: GOOD_KEY,
  });

beforeAll(async () => {
  api = await startMetalPriceApi({ now: () => new Date(NOW) });
});
afterAll(() => api.close());
afterEach(() => dir?.remove());

describe('spot-poll against a MetalPriceAPI peer and a bare repository', () => {
  it("fills an empty repository: slot, hourly view, exchange rates, and the previous day's reference", async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const r = await poll(repo, NOW, ['--backfill-hours', '2']);
    expect(r.code, r.err).toBe(0);
    expect(r.outputs.slot).toBe('data/15min/2026/03/10/1415.json');
    expect(r.outputs.pushed).toBe('true');
    const files = listFiles(repo);
    expect(files).toContain('data/15min/2026/03/10/1415.json');
    expect(files).toContain('data/hourly/2026/03/10/14.json');
    expect(files).toContain('data/fx/2026/03/10/1415.json');
    // 2 hours back: of 12:15 … 14:00 only the :00 slots can come from hourly history.
    expect(Number(r.outputs['backfilled-slots'])).toBe(2);
    const slot = JSON.parse(showFile(repo, 'data/15min/2026/03/10/1415.json'));
    expect(slot.map((e: { metal: string }) => e.metal)).toEqual(['Gold', 'Silver', 'Platinum', 'Palladium']);
    expect(slot[0]).toEqual({
      spot: defaultPrice('XAU', new Date(NOW)),
      metal: 'Gold',
      source: 'latest',
      provider: 'MetalPriceAPI',
      timestamp: '2026-03-10 14:15:00',
    });
    const hourly = JSON.parse(showFile(repo, 'data/hourly/2026/03/10/14.json'));
    expect(hourly.map((e: { timestamp: string }) => e.timestamp)).toEqual([
      ...Array(4).fill('2026-03-10 14:00:00'),
      ...Array(4).fill('2026-03-10 14:15:00'),
    ]);
    expect(hourly.every((e: { source: string }) => e.source === 'hourly')).toBe(true);
    const history = JSON.parse(showFile(repo, 'data/spot-history-2026.json'));
    expect(history.map((e: { timestamp: string }) => e.timestamp)).toEqual(
      Array(4).fill('2026-03-09 12:00:00'),
    );
    expect(r.out).toContain('| Gold |');
    // One chart per metal, each titled with its metal and last price (Mermaid draws no legend).
    for (const metal of ['Gold', 'Silver', 'Platinum', 'Palladium'])
      expect(r.out).toMatch(new RegExp(`xychart-beta\\n  title "${metal}: \\$[\\d,]+\\.\\d\\d \\([+-]`));
  });

  it('a second run with nothing new makes no commit', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    expect((await poll(repo, NOW)).code).toBe(0);
    const before = commitCount(repo);
    const again = await poll(repo, NOW);
    expect(again.code, again.err).toBe(0);
    expect(again.outputs.commit).toBe('');
    expect(again.outputs['files-written']).toBe('0');
    expect(commitCount(repo)).toBe(before);
  });

  it('after a 10-hour outage fills exactly the fillable slots with the fewest calls', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    expect((await poll(repo, '2026-03-10T04:05:00Z', ['--backfill-hours', '0'])).code).toBe(0);
    const start = api.requests.length;
    const r = await poll(repo, NOW, ['--backfill-hours', '12']);
    expect(r.code, r.err).toBe(0);
    // 12 h window from 02:15: the :00 slots 03:00 and 05:00…14:00 are missing; 04:00 exists.
    // (:15/:30/:45 come only from live polls: hourly history cannot fill them.)
    expect(r.outputs['backfilled-slots']).toBe('11');
    const made = api.requests.slice(start).map((q) => q.path);
    expect(made.filter((p) => p === '/hourly')).toHaveLength(4); // one span, one call per metal
    expect(made.filter((p) => p === '/latest')).toHaveLength(1);
    expect(made.filter((p) => p === '/timeframe')).toHaveLength(0); // yesterday's reference came with the first run
    const slots = listFiles(repo).filter((f) => f.startsWith('data/15min/2026/03/10/'));
    expect(slots).toHaveLength(13); // 03:00 … 14:00 and 14:15
    expect(JSON.parse(showFile(repo, 'data/15min/2026/03/10/0900.json'))[0].source).toBe('backfill-hourly');
  });

  it('falls back to one /timeframe call when the plan has no /hourly', async () => {
    const noHourly = await startMetalPriceApi({ now: () => new Date(NOW), noHourly: true });
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const r = await poll(repo, NOW, ['--backfill-hours', '3'], noHourly);
    await noHourly.close();
    expect(r.code, r.err).toBe(0);
    expect(r.outputs['backfilled-slots']).toBe('3'); // 12:00, 13:00, 14:00
    expect(noHourly.calls('/hourly')).toBe(1); // 105 once: neither /hourly form is asked again
    expect(noHourly.calls('/timeframe')).toBe(2); // backfill, then the reference day
    expect(JSON.parse(showFile(repo, 'data/15min/2026/03/10/1200.json'))[0].source).toBe(
      'backfill-timeframe',
    );
  });
});

describe('daily reference prices', () => {
  it('catches up a 400-day gap with two /timeframe calls', async () => {
    dir = tempDir();
    const last = '2025-02-02'; // 400 days before 2026-03-09
    const repo = seededRepo(dir.path, {
      files: {
        'data/spot-history-2025.json': JSON.stringify(
          ['Gold', 'Silver', 'Platinum', 'Palladium'].map((metal) => ({
            spot: 10,
            metal,
            source: 'seed',
            provider: 'LBMA',
            timestamp: `${last} 12:00:00`,
          })),
        ),
      },
    });
    const before = api.calls('/timeframe');
    const r = await poll(repo, NOW, ['--backfill-hours', '0']);
    expect(r.code, r.err).toBe(0);
    expect(api.calls('/timeframe') - before).toBe(2);
    // Reference days are business days: Feb 3 2025 … Mar 9 2026 has 285 of them.
    const businessDays = (from: string, to: string) => {
      let n = 0;
      for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000)
        if (![0, 6].includes(new Date(t).getUTCDay())) n++;
      return n;
    };
    expect(r.outputs['seed-days-added']).toBe(String(businessDays('2025-02-03', '2026-03-09')));
    const h2025 = JSON.parse(showFile(repo, 'data/spot-history-2025.json'));
    const h2026 = JSON.parse(showFile(repo, 'data/spot-history-2026.json'));
    expect(h2025[0].provider).toBe('LBMA'); // kept
    expect(new Set(h2025.map((e: { timestamp: string }) => e.timestamp)).size).toBe(
      1 + businessDays('2025-02-03', '2025-12-31'),
    );
    expect(h2026[h2026.length - 1].timestamp).toBe('2026-03-09 12:00:00');
  });

  it('on a DST day picks the slot at noon New York time (16:00 UTC), in winter 17:00 UTC', async () => {
    for (const [now, refSlot] of [
      ['2026-03-09T16:40:00Z', '2026-03-09T16:00:00Z'],
      ['2026-03-06T17:40:00Z', '2026-03-06T17:00:00Z'],
    ] as const) {
      // A price that is distinct in the reference slot, so we can tell which slot was used.
      const marked = await startMetalPriceApi({
        now: () => new Date(now),
        price: (s, at) => (at.getTime() === Date.parse(refSlot) ? 1234.56 : defaultPrice(s, at)),
      });
      dir?.remove();
      dir = tempDir();
      const repo = bareRepo(dir.path);
      const r = await poll(
        repo,
        now,
        ['--backfill-hours', '2', '--catchup', 'false', '--accept-jump', 'true'],
        marked,
      );
      await marked.close();
      expect(r.code, r.err).toBe(0);
      const history = JSON.parse(showFile(repo, 'data/spot-history-2026.json'));
      const day = now.slice(0, 10);
      const gold = history.find(
        (e: { metal: string; timestamp: string }) => e.metal === 'Gold' && e.timestamp === `${day} 12:00:00`,
      );
      expect(gold?.spot, `reference for ${day}`).toBe(1234.56);
    }
  });
});

describe('nothing wrong is published', () => {
  const refused = async (faults: Parameters<typeof startMetalPriceApi>[0], expectText: RegExp) => {
    const server = await startMetalPriceApi({ now: () => new Date(NOW), ...faults });
    dir?.remove();
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const r = await poll(repo, NOW, ['--backfill-hours', '0'], server);
    await server.close();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(expectText);
    expect(r.err).toMatch(/live: no provider gave usable prices/);
    // The other phases are independent (yesterday's reference may be written); the slot never is.
    expect(listFiles(repo).filter((f) => f.startsWith('data/15min/'))).toEqual([]);
    return r;
  };

  it('refuses a zero gold price and writes nothing', () =>
    refused({ faults: { '/latest': ['zero'] } }, /Gold is 0, not a price/));
  it('refuses a negative silver price', () =>
    refused({ faults: { '/latest': ['negative'] } }, /Silver is -5/));
  it('a bad key fails at once with a clear message', async () => {
    const r = await refused({ faults: { '/latest': ['bad-key'] } }, /API key was refused/);
    expect(r.err).not.toContain(GOOD_KEY);
  });
  it('a used-up quota says so', () => refused({ faults: { '/latest': ['quota'] } }, /quota is used up/));
  it('an HTML page is an error, not a crash', () =>
    refused({ faults: { '/latest': ['html', 'html', 'html', 'html'] } }, /HTML page instead of JSON/));

  it('refuses a move of more than 20 % unless accept-jump is set', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    expect((await poll(repo, '2026-03-10T14:05:00Z', ['--backfill-hours', '0'])).code).toBe(0);
    const jumpy = await startMetalPriceApi({
      now: () => new Date(NOW),
      price: (s, at) => defaultPrice(s, at) * (s === 'XPT' ? 1.3 : 1),
    });
    const r = await poll(repo, NOW, ['--backfill-hours', '0'], jumpy);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Platinum moved \+?30\.\d %/);
    expect(listFiles(repo)).not.toContain('data/15min/2026/03/10/1415.json');
    const ok = await poll(repo, NOW, ['--backfill-hours', '0', '--accept-jump', 'true'], jumpy);
    await jumpy.close();
    expect(ok.code, ok.err).toBe(0);
    expect(listFiles(repo)).toContain('data/15min/2026/03/10/1415.json');
  });

  it('a persistent clone another writer moved on is checked against what the fetch brought, not what it held', async () => {
    // The clone is read while the fetch runs; the fast-forward changes it, so it is read again.
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const [mine, theirs] = [join(dir.path, 'mine'), join(dir.path, 'theirs')];
    expect(
      (await poll(repo, '2026-03-10T13:50:00Z', ['--backfill-hours', '0', '--workdir', mine])).code,
    ).toBe(0);
    const jumpy = await startMetalPriceApi({
      now: () => new Date(NOW),
      price: (s, at) => defaultPrice(s, at) * (s === 'XPT' ? 1.3 : 1),
    });
    const other = await poll(
      repo,
      '2026-03-10T14:05:00Z',
      ['--backfill-hours', '0', '--workdir', theirs, '--accept-jump', 'true'],
      jumpy,
    );
    expect(other.code, other.err).toBe(0);
    // 13:45 (what this clone held) is 30 % away; 14:00 (what the other writer pushed) is not.
    const r = await poll(repo, NOW, ['--backfill-hours', '0', '--workdir', mine], jumpy);
    await jumpy.close();
    expect(r.code, r.err).toBe(0);
    expect(listFiles(repo)).toContain('data/15min/2026/03/10/1415.json');
  });

  it('an empty answer is "market closed": a notice, exit 0, no slot written', async () => {
    const closed = await startMetalPriceApi({ now: () => new Date(NOW), faults: { '/latest': ['empty'] } });
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const r = await poll(repo, NOW, ['--backfill-hours', '0', '--catchup', 'false'], closed);
    await closed.close();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/market closed/i);
    expect(listFiles(repo).filter((f) => f.startsWith('data/15min/'))).toEqual([]);
  });

  it('retries a 429 after Retry-After once, then succeeds; a 429 then a 500 costs two calls and fails', async () => {
    const flaky = await startMetalPriceApi({
      now: () => new Date(NOW),
      faults: { '/latest': ['rate-limit'] },
    });
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const r = await poll(repo, NOW, ['--backfill-hours', '0'], flaky);
    expect(r.code, r.err).toBe(0);
    expect(flaky.calls('/latest')).toBe(2);
    expect(r.err).toMatch(/HTTP 429; retrying/);
    // One retry is all the live call gets: the budget pays for each.
    dir.remove();
    dir = tempDir();
    const again = bareRepo(dir.path);
    const failing = await startMetalPriceApi({
      now: () => new Date(NOW),
      faults: { '/latest': ['rate-limit', 'server-error', 'server-error'] },
    });
    const f = await poll(again, NOW, ['--backfill-hours', '0', '--catchup', 'false'], failing);
    await Promise.all([flaky.close(), failing.close()]);
    expect(f.code).toBe(1);
    expect(failing.calls('/latest')).toBe(2);
    expect(f.outputs['api-calls']).toBe('2');
  });

  it('inverts plain rates only when the USD<SYM> keys are absent', async () => {
    const plain = await startMetalPriceApi({
      now: () => new Date(NOW),
      faults: { '/latest': ['plain-only'] },
    });
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const r = await poll(repo, NOW, ['--backfill-hours', '0'], plain);
    await plain.close();
    expect(r.code, r.err).toBe(0);
    const slot = JSON.parse(showFile(repo, 'data/15min/2026/03/10/1415.json'));
    expect(slot[1].spot).toBe(defaultPrice('XAG', new Date(NOW)));
  });

  it('falls back to the next provider when the first refuses', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const r = await runCli(
      spotPoll,
      [
        '--repo',
        repo,
        '--providers',
        'metalpriceapi,replay',
        '--api-base-url',
        api.url,
        '--backfill-hours',
        '0',
      ],
      {
        STAKTRAKR_NOW: NOW,
        METAL_PRICE_API_KEY: 'wrong-key-123',
      },
    );
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/API key was refused/);
    expect(JSON.parse(showFile(repo, 'data/15min/2026/03/10/1415.json'))[0].provider).toBe('Replay');
  });

  it('names the bad input before any work', async () => {
    const r = await runCli(spotPoll, ['--repo', '/nonexistent', '--backfill-hours', 'lots'], {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/input "backfill-hours" \(got "lots"\): must be a whole number/);
    const noKey = await runCli(spotPoll, ['--repo', '/nonexistent'], {});
    expect(noKey.code).toBe(2);
    expect(noKey.err).toMatch(/input "api-key" is required by provider metalpriceapi/);
    const tz = await runCli(spotPoll, ['--repo', 'x/y', '--seed-time', '12:00 Mars/Olympus'], {});
    expect(tz.err).toMatch(/input "seed-time".*unknown time zone/);
  });
});

describe('--help', () => {
  it('lists every input with its default and environment alias', async () => {
    const r = await runCli(spotPoll, ['--help']);
    expect(r.code).toBe(0);
    for (const name of Object.keys(spotPoll.inputs)) expect(r.out).toContain(`--${name}`);
    expect(r.out).toContain('[default: 12:00 America/New_York]');
    expect(r.out).toContain('METAL_PRICE_API_KEY');
    expect(readFileSync(new URL('../../actions/spot-poll/action.yml', import.meta.url), 'utf8')).toContain(
      'backfill-hours',
    );
  });
});

describe('verify: true', () => {
  it('needs verify-endpoints, checked before any work', async () => {
    const r = await runCli(spotPoll, ['--repo', '/nonexistent', '--providers', 'replay', '--verify'], {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/input "verify-endpoints" is required when verify is true/);
  });

  it('after the push, checks that an endpoint serving the checkout has the new slot', async () => {
    const { createServer } = await import('node:http');
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'work');
    // A static endpoint serving the working clone itself: it serves what was pushed at once.
    const server = createServer((req, res) => {
      try {
        const body = readFileSync(join(workdir, decodeURIComponent(new URL(req.url!, 'http://x').pathname)));
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const r = await runCli(
      spotPoll,
      [
        '--repo',
        repo,
        '--workdir',
        workdir,
        '--providers',
        'replay',
        '--backfill-hours',
        '0',
        '--verify',
        '--verify-endpoints',
        url,
        '--verify-timeout',
        '20',
      ],
      { STAKTRAKR_NOW: new Date().toISOString() },
    );
    expect(r.code, r.err).toBe(0);
    // The next slot, with the endpoint gone: the push happens, the command fails naming the endpoint.
    await new Promise((resolve) => server.close(resolve));
    const next = new Date(Date.now() + 15 * 60_000);
    const commits = commitCount(repo);
    const down = await runCli(
      spotPoll,
      [
        '--repo',
        repo,
        '--workdir',
        workdir,
        '--providers',
        'replay',
        '--backfill-hours',
        '0',
        '--verify',
        '--verify-endpoints',
        url,
        '--verify-timeout',
        '2',
      ],
      { STAKTRAKR_NOW: next.toISOString() },
    );
    expect(down.code).toBe(1);
    expect(down.outputs.pushed).toBeUndefined();
    expect(down.err).toContain(`pushed, but not served: ${url}`);
    // Pushed indeed: the remote has one more commit, holding the new slot as the clone wrote it.
    const slotFile = slotPath(floorSlot(next));
    expect(commitCount(repo)).toBe(commits + 1);
    expect(listFiles(repo)).toContain(slotFile);
    expect(showFile(repo, slotFile)).toBe(readFileSync(join(workdir, slotFile), 'utf8').trim());
    expect(r.out).toContain('Verify the endpoints');
    expect(r.out).toMatch(new RegExp(`${url.replace(/[.]/g, '\\.')}.*(ok|✅|served)`, 'i'));
  });
});
