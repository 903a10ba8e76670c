/**
 * The seeded fault schedule: what goes wrong, when, for how long. Windows are half-open
 * [start, end); one-shot faults have end = start + 1 minute and hit the first matching run.
 */
import { HOUR, MINUTE } from '../../src/data/time.js';
import { between, type Random } from './random.js';

export type FaultKind =
  | 'upstream-outage'
  | 'rate-limit-storm'
  | 'zero-price'
  | 'wrong-history'
  | 'deleted-files'
  | 'stale-lock'
  | 'sigkill'
  | 'push-race'
  | 'silent-remote'
  | 'dealer-down'
  | 'layout-change'
  | 'dealer-retired'
  | 'plan-no-hourly'
  | 'full-disk'
  | 'daemon-restart'
  | 'silent-remote-b'
  | 'pages-mismatch';

export interface Fault {
  kind: FaultKind;
  start: Date;
  end: Date;
  /** What the fault hits, in words (a repository, a dealer, a lock owner). */
  detail: string;
}

/** Faults that make a spot-poll failure expected while they last. */
export const UPSTREAM: FaultKind[] = ['upstream-outage', 'rate-limit-storm', 'zero-price', 'wrong-history'];

const at = (ms: number) => new Date(ms);

export function faultSchedule(
  random: Random,
  start: Date,
  days: number,
  dealers: readonly string[],
): Fault[] {
  // Faults fall between a margin after the start and before the end (a quarter of a short soak).
  const margin = Math.min(6 * HOUR, (days * 24 * HOUR) / 4);
  const t0 = start.getTime() + margin;
  const span = days * 24 * HOUR - 2 * margin;
  // A moment at a run of the given minutes past the hour.
  const moment = (minutes: number[]) => {
    const t = t0 + Math.floor(random() * span);
    const hour = Math.floor(t / HOUR) * HOUR;
    return hour + minutes[Math.floor(random() * minutes.length)]! * MINUTE;
  };
  const faults: Fault[] = [];
  const outageStart = moment([0]);
  const outageEnd = outageStart + Math.round(between(random, 3, 8)) * HOUR;
  faults.push({
    kind: 'upstream-outage',
    start: at(outageStart),
    end: at(outageEnd),
    detail: 'HTTP 500 on every call',
  });
  // A wrong history answer right when the backfill after the outage asks for history.
  faults.push({
    kind: 'wrong-history',
    start: at(outageEnd),
    end: at(outageEnd + HOUR),
    detail: '/hourly and /timeframe answer 1/1000 of the price',
  });
  const storm = moment([0]);
  faults.push({
    kind: 'rate-limit-storm',
    start: at(storm),
    end: at(storm + Math.round(between(random, 1, 3)) * HOUR),
    detail: '429 with Retry-After: 1',
  });
  const zero = moment([5, 35]);
  faults.push({
    kind: 'zero-price',
    start: at(zero - 5 * MINUTE),
    end: at(zero + 20 * MINUTE),
    detail: '/latest answers $0 for gold',
  });
  const one = (kind: FaultKind, minutes: number[], detail: string) => {
    const t = moment(minutes);
    faults.push({ kind, start: at(t), end: at(t + MINUTE), detail });
  };
  one('deleted-files', [20, 50], 'slot files and spot-history removed from the persistent clone of B');
  one('stale-lock', [20, 50], 'lock file of pid 1 left in the persistent clone of B');
  one('sigkill', [5, 35], 'spot-poll into B killed with SIGKILL mid-run');
  one('push-race', [5, 35], 'a second poller pushes to A at the same moment');
  // The remote stays silent for the whole hour: both of A's runs in it meet it.
  const silent = Math.floor(moment([0]) / HOUR) * HOUR;
  faults.push({
    kind: 'silent-remote',
    start: at(silent),
    end: at(silent + HOUR),
    detail: "A's remote accepts connections and never answers, for an hour",
  });
  const dealer = (i: number) => dealers[Math.floor(random() * dealers.length + i) % dealers.length]!;
  const down = moment([0]);
  faults.push({ kind: 'dealer-down', start: at(down), end: at(down + 6 * HOUR), detail: dealer(0) });
  const layout = moment([10, 40]);
  faults.push({ kind: 'layout-change', start: at(layout), end: at(t0 + span + margin), detail: dealer(1) });
  const retired = moment([10, 40]);
  faults.push({ kind: 'dealer-retired', start: at(retired), end: at(t0 + span + margin), detail: dealer(2) });
  // Drawn last, so the moments of the faults above stay those of earlier schedules.
  const downgrade = moment([0]);
  faults.push({
    kind: 'plan-no-hourly',
    start: at(downgrade),
    end: at(t0 + span + margin),
    detail: '/hourly answers error 105 (not in the plan) from now on, for both pollers',
  });
  const full = moment([0]);
  faults.push({
    kind: 'full-disk',
    start: at(full),
    end: at(full + HOUR),
    detail: "the filesystem of B's persistent clone is full (ENOSPC)",
  });
  one(
    'daemon-restart',
    [5, 35],
    "B's daemon SIGKILLed while its run holds the clone's lock; restarted with the same PID namespace and a new hostname",
  );
  // Drawn after the others, so their moments stay those of earlier schedules.
  const silentB = Math.floor(moment([0]) / HOUR) * HOUR;
  faults.push({
    kind: 'silent-remote-b',
    start: at(silentB),
    end: at(silentB + HOUR),
    detail: "B's remote (the daemon's, over HTTP) accepts connections and never answers, for an hour",
  });
  one('pages-mismatch', [5, 35], "the Pages host serves a file of A's push with other bytes");
  return faults.sort((a, b) => a.start.getTime() - b.start.getTime());
}

export const activeAt = (faults: Fault[], kind: FaultKind, t: Date) =>
  faults.find((f) => f.kind === kind && f.start <= t && t < f.end);
