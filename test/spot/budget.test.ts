/**
 * The call budget on fault days, against a real MetalPriceAPI peer and real git: every charged
 * call (retries included) is paid from the run's budget; an outage costs at most a live call and
 * one retry a run; a 429 storm costs bounded calls; a wrong history answer is asked again on a
 * later run, and the outage is filled as soon as the upstream answers right again.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import spotPoll from '../../src/commands/spot-poll.js';
import { bareRepo, listFiles, showFile, tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run.js';
import {
  defaultPrice,
  type Fault,
  GOOD_KEY,
  type MockServer,
  startMetalPriceApi,
} from '../peers/metalpriceapi.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const PLAN = 2_000; // calls a month: the smallest plan the README says fits the shipped schedule

let dir: ReturnType<typeof tempDir> | undefined;
let api: MockServer | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
  dir?.remove();
  dir = undefined;
});

/** The plan's rule (src/spot/budget.ts): at most a day ahead of an even pace through the month. */
const pace = (at: Date) => {
  const from = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
  const to = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
  return Math.ceil((PLAN * (at.getTime() - from + 24 * HOUR)) / (to - from));
};

interface Schedule {
  start: string;
  runs: number;
  /** What the upstream does at a time: answers, 500 on everything, 429 storm, or wrong history. */
  state: (at: Date) => 'ok' | 'outage' | 'storm' | 'wrong-history';
  /** A fresh clone each run (GitHub Actions) instead of a persistent workdir (the daemon). */
  fresh?: boolean;
}

/** The shipped schedule (:05 and :35) against one peer; returns the calls each run cost. */
async function simulate(s: Schedule) {
  let now = new Date(s.start);
  const faults: { '*': Fault[] } = { '*': [] };
  const state = () => s.state(now);
  api = await startMetalPriceApi({
    now: () => now,
    planCalls: PLAN,
    faults,
    // History (anything but the live minute) at 1/1000 of the price while the fault lasts.
    price: (sym, at) =>
      state() === 'wrong-history' && Math.abs(at.getTime() - now.getTime()) > 20 * MIN
        ? Math.round(defaultPrice(sym, at) * 10) / 10_000
        : defaultPrice(sym, at),
  });
  dir = tempDir();
  const repo = bareRepo(dir.path);
  const workdir = join(dir.path, 'work');
  const runs: Array<{ at: Date; calls: number; code: number; out: string; asked: string[] }> = [];
  for (let i = 0; i < s.runs; i++) {
    now = new Date(Date.parse(s.start) + i * 30 * MIN);
    const st = state();
    faults['*'] =
      st === 'outage' ? Array(500).fill('server-error') : st === 'storm' ? Array(500).fill('rate-limit') : [];
    const before = api.counted();
    const seen = api.requests.length;
    const r = await runCli(
      spotPoll,
      [
        '--repo',
        repo,
        '--api-base-url',
        api.url,
        '--poller-id',
        'test',
        ...(s.fresh ? [] : ['--workdir', workdir]),
      ],
      { STAKTRAKR_NOW: now.toISOString(), METAL_PRICE_API_KEY: GOOD_KEY },
    );
    const calls = api.counted() - before;
    const asked = api.requests.slice(seen).map((q) => q.path);
    runs.push({ at: now, calls, code: r.code, out: r.out + r.err, asked });
    if (st === 'ok') expect(r.code, r.err).toBe(0);
    expect(r.outputs['api-calls'], 'api-calls tells the truth').toBe(String(calls));
  }
  return { runs, repo };
}

const hourSlot = (repo: string, at: string) => {
  const [d, t] = at.split(' ');
  return listFiles(repo).includes(`data/15min/${d!.replaceAll('-', '/')}/${t!.replace(':', '')}.json`);
};

describe('fault days stay within the plan’s pace', () => {
  it('a 4-hour outage, then an hour of wrong history: bounded calls, the outage filled as soon as history is right', async () => {
    // Monday 2 March 2026, 00:05 … 09:35 UTC: outage 02:00–06:00, wrong history 06:00–07:00.
    const { runs, repo } = await simulate({
      start: '2026-03-02T00:05:00Z',
      runs: 20,
      state: (at) => {
        const h = at.getUTCHours();
        return h >= 2 && h < 6 ? 'outage' : h === 6 ? 'wrong-history' : 'ok';
      },
    });
    const at = (hhmm: string) => runs.find((r) => r.at.toISOString().slice(11, 16) === hhmm)!;
    // Outage: the live call and at most one retry; no history call is wasted on a proven-down upstream.
    for (const r of runs.filter((x) => x.at.getUTCHours() >= 2 && x.at.getUTCHours() < 6)) {
      expect(r.calls).toBeLessThanOrEqual(2);
      expect(r.code).toBe(1);
      expect(r.asked.filter((p) => p !== '/latest' && p !== '/usage')).toEqual([]);
    }
    // Wrong history: refused, never published, and no further form asked after the refusal.
    for (const hhmm of ['06:05', '06:35']) {
      expect(at(hhmm).out).toMatch(/refused/);
      expect(at(hhmm).calls).toBeLessThanOrEqual(1 + 4);
    }
    // The first run after the wrong hour fills every outage :00 slot.
    const filledBy0705 = ['02:00', '03:00', '04:00', '05:00'].map((h) => `2026-03-02 ${h}`);
    const r0705 = at('07:05');
    expect(r0705.code, r0705.out).toBe(0);
    for (const s of filledBy0705) expect(hourSlot(repo, s), s).toBe(true);
    const gold0300 = JSON.parse(showFile(repo, 'data/15min/2026/03/02/0300.json'))[0];
    expect(gold0300.spot).toBe(defaultPrice('XAU', new Date('2026-03-02T03:00:00Z')));
    // After that, one call a run again.
    for (const r of runs.filter((x) => x.at > r0705.at)) expect(r.calls).toBe(1);
    // Never ahead of the plan's pace.
    let used = 0;
    for (const r of runs) {
      used += r.calls;
      expect(used).toBeLessThanOrEqual(pace(r.at));
    }
  }, 300_000);

  it('an outage over Friday night, while the upstream quotes the weekend: filled once history is right again', async () => {
    // Friday 6 March 2026 (EST: the market closes at 22:00 UTC): outage 22:00–02:00, wrong history 02:00–03:00.
    const { runs, repo } = await simulate({
      start: '2026-03-06T21:05:00Z',
      runs: 14,
      fresh: true, // a fresh clone each run, as on GitHub-hosted runners: nothing remembered
      state: (at) => {
        const t = at.getTime();
        const h = (iso: string) => Date.parse(iso);
        if (t >= h('2026-03-06T22:00:00Z') && t < h('2026-03-07T02:00:00Z')) return 'outage';
        return t < h('2026-03-07T03:00:00Z') && t >= h('2026-03-07T02:00:00Z') ? 'wrong-history' : 'ok';
      },
    });
    const r0305 = runs.find((r) => r.at.toISOString().startsWith('2026-03-07T03:05'))!;
    expect(r0305.code, r0305.out).toBe(0);
    // The weekend's slots were quoted (the live polls wrote 02:00 on), so its :00 slots are fillable.
    for (const s of ['2026-03-06 22:00', '2026-03-06 23:00', '2026-03-07 00:00', '2026-03-07 01:00'])
      expect(hourSlot(repo, s), s).toBe(true);
    for (const r of runs.filter((x) => x.at > r0305.at)) expect(r.calls).toBe(1);
  }, 300_000);

  it('a 429 storm (Retry-After: 1) costs at most two calls a run', async () => {
    const { runs } = await simulate({
      start: '2026-03-02T10:05:00Z',
      runs: 5,
      fresh: true,
      state: (at) => (at.getUTCHours() === 11 ? 'storm' : 'ok'),
    });
    const storm = runs.filter((r) => r.at.getUTCHours() === 11);
    expect(storm).toHaveLength(2);
    for (const r of storm) {
      expect(r.calls).toBeLessThanOrEqual(2);
      expect(r.out).toMatch(/rate limited \(HTTP 429/);
    }
    // 12:05: the 11:00 slot comes back through history (4 calls), plus the live call.
    expect(runs.at(-1)!.calls).toBeLessThanOrEqual(5);
  }, 120_000);
});
