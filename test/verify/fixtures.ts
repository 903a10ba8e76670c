/**
 * Data-repository content for verify tests, generated relative to a clock pinned to minute 40 of
 * the current hour H: before the push the repository holds H:00 and H:15 (25 min old: stale) and a
 * manifest an hour old; the push adds the H:30 slot, the rebuilt hourly file and a new manifest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/data/atomic.js';
import { formatPretty } from '../../src/data/json.js';
import { hourlyPath, slotPath } from '../../src/data/paths.js';
import { METALS } from '../../src/data/spot.js';
import { type Clock, floorHour, formatIso, formatNaive, MINUTE, systemClock } from '../../src/data/time.js';
import { git } from '../../src/git/exec.js';

/** Real time, shifted so the test starts at minute `minute` of the current hour; sleeps are real. */
export function clockAtMinute(minute: number): Clock {
  const real = Date.now();
  const offset = floorHour(new Date(real)).getTime() + minute * MINUTE - real;
  return { now: () => new Date(Date.now() + offset), sleep: systemClock.sleep };
}

const PRICES = { Gold: 2931.4, Silver: 32.87, Platinum: 981.25, Palladium: 955.1 };

const entries = (at: Date, source: string) =>
  METALS.map((metal) => ({
    spot: PRICES[metal],
    metal,
    source,
    provider: 'metalpriceapi',
    timestamp: formatNaive(at),
  }));

const manifest = (at: Date) =>
  formatPretty({
    generated_at: formatIso(at),
    updated: formatIso(at),
    latest_window: formatIso(new Date(Math.floor(at.getTime() / (15 * MINUTE)) * 15 * MINUTE)),
    window_count: 96,
    coin_count: 1,
    coins: ['ase'],
    coins_meta: { ase: { name: 'American Silver Eagle', metal: 'silver', weight: 1 } },
  });

export interface DataSet {
  /** What every endpoint served before the push. */
  old: Record<string, string>;
  /** The files the push added or changed. */
  pushed: Record<string, string>;
}

export function dataSet(clock: Clock): DataSet {
  const hour = floorHour(clock.now());
  const at = (m: number) => new Date(hour.getTime() + m * MINUTE);
  const hourly = (slots: number[]) => formatPretty(slots.flatMap((m) => entries(at(m), 'hourly')));
  return {
    old: {
      [slotPath(at(0))]: formatPretty(entries(at(0), 'latest')),
      [slotPath(at(15))]: formatPretty(entries(at(15), 'latest')),
      [hourlyPath(hour)]: hourly([0, 15]),
      'data/api/manifest.json': manifest(at(-20)),
    },
    pushed: {
      [slotPath(at(30))]: formatPretty(entries(at(30), 'latest')),
      [hourlyPath(hour)]: hourly([0, 15, 30]),
      'data/api/manifest.json': manifest(at(35)),
    },
  };
}

export interface Checkout {
  dir: string;
  head: string;
  cleanup: () => Promise<void>;
}

/** A real git checkout whose last commit is the push (plus a workflow file that is never served). */
export async function checkoutOf(data: DataSet): Promise<Checkout> {
  const dir = await mkdtemp(join(tmpdir(), 'verify-checkout-'));
  const run = (args: string[]) =>
    git(['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: dir });
  await run(['init', '-q', '-b', 'main']);
  const commit = async (files: Record<string, string>, message: string) => {
    for (const [p, t] of Object.entries(files)) await writeFileAtomic(join(dir, p), t);
    await run(['add', '-A']);
    await run(['commit', '-q', '-m', message]);
  };
  await commit(data.old, 'before');
  await commit({ ...data.pushed, '.github/workflows/x.yml': 'on: push\n' }, 'the push');
  const head = (await git(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim();
  return { dir, head, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
