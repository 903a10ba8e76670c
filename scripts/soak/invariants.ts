/**
 * What the soak proves, read back from the full git history of both repositories (every commit,
 * oldest first) and from the record of runs: the counts that must be zero, then the measures.
 */
import { HOUR, MINUTE } from '../../src/data/time.js';
import { UPSTREAM } from './faults.js';
import { git, readBlobs } from './git.js';
import { marketOpen } from './market.js';
import type { Repo, SoakRun } from './soak.js';
import { METAL_SYMBOL } from './truth.js';

/** A published price is wrong when it is this far outside the truth's range around its timestamp. */
export const PRICE_TOLERANCE = 0.01;
/** The truth's range is taken over this window either side of an entry's timestamp. */
const PRICE_WINDOW = 6 * HOUR;
/** A repository is fresh while its newest slot is at most this old. */
export const FRESH_MINUTES = 45;
/** Upstream calls a poller makes on a steady day (one per run on the :05/:35 schedule). */
export const DAILY_CALL_BUDGET = 48;
/**
 * The plan each soak poller's upstream reports on /usage: the smallest the README's "Quota" table
 * says fits the shipped schedule (≈ 1,490 calls a month, plus a margin for outages).
 */
export const PLAN_CALLS_PER_MONTH = 2_000;
/** Faults that touch retail only: they do not make a spot day unsteady. */
const RETAIL_ONLY = new Set(['dealer-down', 'layout-change', 'dealer-retired']);
/** Faults of one repository's world: they make only that repository's spot day unsteady. */
const ONLY: Partial<Record<string, Repo>> = {
  'push-race': 'A',
  'silent-remote': 'A',
  'deleted-files': 'B',
  'stale-lock': 'B',
  sigkill: 'B',
  'full-disk': 'B',
  'daemon-restart': 'B',
  'silent-remote-b': 'B',
};
/**
 * A lasting change (the plan that loses `/hourly`) unsettles the day it starts — the first run meets
 * the new answer — and from the next day on is the new steady state, held to the same budget.
 */
const LASTING = new Set(['plan-no-hourly']);

export interface Violation {
  check: string;
  at: Date;
  repo: Repo | 'A+B';
  detail: string;
}

export interface Findings {
  /** The checks whose count must be zero, in report order, with each violation. */
  zero: Record<ZeroCheck, Violation[]>;
  commits: Record<Repo, number>;
  callsPerDay: Record<Repo, number[]>;
  /** Soak days (index from the start) without a spot fault active in that repository: the ones held to DAILY_CALL_BUDGET. */
  steadyDays: Record<Repo, number[]>;
  /** Fillable 15-minute slots missing at the end, and how long slots waited before they appeared. */
  unfilled: Record<Repo, { missing: string[]; lateMinutes: number[] }>;
  freshness: Record<
    Repo,
    { openMinutes: number; freshMinutes: number; series: { at: Date; age?: number }[] }
  >;
  /** B as `serve` served it (HTTP probes every 5 simulated minutes). */
  served: { minutes: number; liveMinutes: number; openMinutes: number; freshMinutes: number };
  /** Open-market minutes the client would have shown stale prices (the rule: see `clientStale`). */
  client: { openMinutes: number; staleMinutes: number };
  /** pages-verify after each push to A, by outcome; `lagging`: failed while the deploy was not yet out. */
  pages: {
    verified: number;
    waited: number;
    lagging: number;
    caught: number;
    injected: number;
    longestSeconds: number;
  };
  failedRuns: number;
  excusedFailures: number;
  /** Spot entries and retail observations compared with the truth (a check that read nothing proves nothing). */
  compared: { spot: number; retail: number };
}

const ZERO_CHECKS = [
  'data file deleted',
  'fact file changed after creation',
  'entry removed from a fact file',
  'forced update (old tip not an ancestor)',
  'non-linear history (merge commit)',
  'price differs from the truth',
  'zero or negative price',
  'retail price differs from the dealer page',
  'unreadable data file committed',
  'run hung past its bound',
  'run blocked by a stale lock',
  'manual intervention needed',
  'days over the upstream call budget',
  'calls over the plan or ahead of its pace',
  'pages mismatch not caught by pages-verify',
  'pages-verify failed on a correct, timely deploy',
] as const;
export type ZeroCheck = (typeof ZERO_CHECKS)[number];

interface Change {
  commit: string;
  status: string;
  path: string;
  oldBlob: string;
  newBlob: string;
}

/** Every change of every commit on the branch, oldest first (merges shown against their first parent). */
function history(bare: string): { commits: { sha: string; parents: number }[]; changes: Change[] } {
  let text = '';
  try {
    text = git(
      bare,
      'log',
      '--reverse',
      '--first-parent',
      '-m',
      '--raw',
      '--no-renames',
      '--no-abbrev',
      '--format=>%H %P',
      'main',
    );
  } catch {
    return { commits: [], changes: [] };
  }
  const commits: { sha: string; parents: number }[] = [];
  const changes: Change[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('>')) {
      const [sha, ...parents] = line.slice(1).trim().split(' ');
      commits.push({ sha: sha!, parents: parents.filter(Boolean).length });
    } else if (line.startsWith(':')) {
      const [meta, path] = line.split('\t');
      const [, , oldBlob, newBlob, status] = meta!.split(' ');
      changes.push({
        commit: commits.at(-1)!.sha,
        status: status!,
        path: path!,
        oldBlob: oldBlob!,
        newBlob: newBlob!,
      });
    }
  }
  return { commits, changes };
}

const isSlot = (p: string) => /^data\/15min\/\d{4}\/\d{2}\/\d{2}\/\d{4}\.json$/.test(p);
const isGrowing = (p: string) =>
  /^data\/spot-history-\d{4}\.json$/.test(p) || /^data\/retail\/facts\//.test(p) || /^data\/hourly\//.test(p);
const naive = (s: string) => new Date(`${s.replace(' ', 'T')}Z`);
const slotTime = (path: string) => {
  const m = /(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})(\d{2})\.json$/.exec(path)!;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00Z`);
};

/** A version of a data file as JSON: readable or not, its entries (when an array), their keys. */
interface Version {
  readable: boolean;
  entries: unknown[];
  /** `JSON.stringify` of each entry, in order (made on first use). */
  keys?: string[];
}

/** Parses each blob once, keeping the newest version of each path for the change that follows it. */
class Versions {
  private readonly last = new Map<string, { blob: string; version: Version }>();
  constructor(private readonly blobs: Map<string, string>) {}

  read(path: string, blob: string): Version {
    const known = this.last.get(path);
    if (known?.blob === blob) return known.version;
    const version = parseVersion(this.blobs.get(blob));
    this.last.set(path, { blob, version });
    return version;
  }
}

function parseVersion(text: string | undefined): Version {
  try {
    const v = JSON.parse(text ?? '');
    return { readable: true, entries: Array.isArray(v) ? v : [] };
  } catch {
    return { readable: false, entries: [] };
  }
}

const keysOf = (v: Version) => {
  v.keys ??= v.entries.map((e) => JSON.stringify(e));
  return v.keys;
};

/** Entries of `a` that `b` does not hold (as multisets), in `a`'s order. */
function without(a: Version, b: Version): unknown[] {
  const left = new Map<string, number>();
  for (const k of keysOf(b)) left.set(k, (left.get(k) ?? 0) + 1);
  const keys = keysOf(a);
  return a.entries.filter((_, i) => {
    const n = left.get(keys[i]!) ?? 0;
    left.set(keys[i]!, n - 1);
    return n <= 0;
  });
}

export function checkSoak(run: SoakRun): Findings {
  const zero = Object.fromEntries(ZERO_CHECKS.map((c) => [c, [] as Violation[]])) as Findings['zero'];
  const add = (check: ZeroCheck, v: Omit<Violation, 'check'>) => zero[check].push({ check, ...v });
  const commits = { A: 0, B: 0 };
  const compared = { spot: 0, retail: 0 };
  const unfilled = {} as Findings['unfilled'];
  const fresh = {} as Findings['freshness'];
  const seenBy = {} as Record<Repo, Map<string, Date>>;

  for (const repo of ['A', 'B'] as const) {
    const bare = run.repos[repo];
    const { commits: list, changes } = history(bare);
    commits[repo] = list.length;
    // The simulated moment of each commit: the first recorded tip at or after it.
    const position = new Map(list.map((c, i) => [c.sha, i]));
    const tips = run.tips.filter((t) => t.repo === repo);
    const when = new Map<string, Date>();
    let ti = 0;
    for (const [i, c] of list.entries()) {
      while (ti < tips.length && (position.get(tips[ti]!.sha) ?? -1) < i) {
        if (!position.has(tips[ti]!.sha))
          add('forced update (old tip not an ancestor)', {
            at: tips[ti]!.at,
            repo,
            detail: `tip ${tips[ti]!.sha.slice(0, 10)} is not in the final history`,
          });
        ti++;
      }
      when.set(c.sha, tips[ti]?.at ?? run.end);
      if (c.parents > 1)
        add('non-linear history (merge commit)', { at: when.get(c.sha)!, repo, detail: c.sha.slice(0, 10) });
    }
    for (const t of tips.slice(ti))
      if (!position.has(t.sha))
        add('forced update (old tip not an ancestor)', {
          at: t.at,
          repo,
          detail: `tip ${t.sha.slice(0, 10)} is not in the final history`,
        });

    const needed = changes
      .filter((c) => c.path.startsWith('data/') && c.path.endsWith('.json'))
      .flatMap((c) => [c.oldBlob, c.newBlob]);
    const blobs = readBlobs(bare, [...new Set(needed.filter((b) => !/^0+$/.test(b)))]);
    const versions = new Versions(blobs);
    const firstSeen = new Map<string, Date>();
    for (const c of changes) {
      const at = when.get(c.commit) ?? run.end;
      if (!c.path.startsWith('data/')) continue;
      if (c.status === 'D') {
        add('data file deleted', { at, repo, detail: `${c.path} in ${c.commit.slice(0, 10)}` });
        continue;
      }
      if (isSlot(c.path)) {
        if (c.status === 'M')
          add('fact file changed after creation', {
            at,
            repo,
            detail: `${c.path} in ${c.commit.slice(0, 10)}`,
          });
        if (!firstSeen.has(c.path)) firstSeen.set(c.path, at);
      }
      // Each version of a file is parsed once: a change's old version is the previous change's new one.
      const before = c.status === 'M' ? versions.read(c.path, c.oldBlob) : undefined;
      const after = versions.read(c.path, c.newBlob);
      if (before && isGrowing(c.path)) {
        const lost = without(before, after);
        if (lost.length > 0)
          add('entry removed from a fact file', {
            at,
            repo,
            detail: `${c.path}: ${lost.length} entr${lost.length === 1 ? 'y' : 'ies'} in ${c.commit.slice(0, 10)}, e.g. ${JSON.stringify(lost[0]).slice(0, 120)}`,
          });
      }
      if (c.status !== 'A' && c.status !== 'M') continue;
      if (c.path.endsWith('.json') && !after.readable)
        add('unreadable data file committed', { at, repo, detail: `${c.path} in ${c.commit.slice(0, 10)}` });
      // Entries the previous version held were compared with the truth when they appeared.
      const entries = before ? without(after, before) : after.entries;
      if (/^data\/retail\/facts\//.test(c.path)) {
        const coin = /\/([a-z0-9_-]+)\.json$/.exec(c.path)![1]!;
        for (const e of entries as { vendor: string; price: number | null; observedAt: string }[]) {
          if (e.price === null || e.price === undefined) continue;
          const truth = run.dealerPrices.get(`${coin}/${e.vendor}`);
          compared.retail++;
          if (e.price <= 0)
            add('zero or negative price', { at, repo, detail: `${c.path}: ${e.vendor} ${e.price}` });
          else if (truth !== undefined && Math.abs(e.price - truth) > truth * 0.005)
            add('retail price differs from the dealer page', {
              at,
              repo,
              detail: `${c.path}: ${e.vendor} published ${e.price}, page shows ${truth}`,
            });
        }
        continue;
      }
      if (!isSlot(c.path) && !isGrowing(c.path)) continue;
      for (const e of entries as { spot: number; metal: string; timestamp: string }[]) {
        const symbol = METAL_SYMBOL[e.metal];
        if (!symbol || typeof e.spot !== 'number') continue;
        if (!(e.spot > 0)) {
          add('zero or negative price', {
            at,
            repo,
            detail: `${c.path}: ${e.metal} ${e.spot} at ${e.timestamp}`,
          });
          continue;
        }
        const [lo, hi] = run.truth.range(symbol, naive(e.timestamp), PRICE_WINDOW);
        compared.spot++;
        if (e.spot < lo * (1 - PRICE_TOLERANCE) || e.spot > hi * (1 + PRICE_TOLERANCE))
          add('price differs from the truth', {
            at,
            repo,
            detail: `${c.path}: ${e.metal} ${e.spot} at ${e.timestamp}, truth ${lo}–${hi}`,
          });
      }
    }
    // Each (path, entry) is reported once: a wrong entry carried by later rewrites is the same fault.
    for (const check of [
      'price differs from the truth',
      'zero or negative price',
      'retail price differs from the dealer page',
    ] as const) {
      const seen = new Set<string>();
      zero[check] = zero[check].filter((v) => {
        const key = `${v.repo}${v.detail.replace(/ in [0-9a-f]{10}$/, '')}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    unfilled[repo] = fillable(run, firstSeen);
    fresh[repo] = freshness(run, firstSeen);
    seenBy[repo] = firstSeen;
  }

  // Runs: hangs, interventions, budget.
  for (const r of run.runs)
    if (r.outcome === 'hung')
      add('run hung past its bound', {
        at: r.at,
        repo: r.repo,
        detail: `${r.job} still running after ${run.options.hangBoundMs / 1000} s (stopped by the harness)`,
      });
  for (const r of run.runs)
    if (r.outcome === 'blocked')
      add('run blocked by a stale lock', {
        at: r.at,
        repo: r.repo,
        detail: `${r.job} still waiting on the lock after ${run.options.lockBoundMs / 1000} s (stopped by the harness)`,
      });
  for (const i of run.interventions)
    add('manual intervention needed', { at: i.at, repo: i.repo, detail: `${i.job}: ${i.what}` });
  const callsPerDay = { A: [] as number[], B: [] as number[] };
  const start = run.options.start.getTime();
  const days = Math.ceil((run.end.getTime() - start) / (24 * HOUR));
  const spotRuns = [...run.runs]
    .filter((r): r is typeof r & { repo: Repo } => r.repo === 'A' || r.repo === 'B')
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const r of spotRuns) {
    const day = Math.floor((r.at.getTime() - start) / (24 * HOUR));
    callsPerDay[r.repo][day] = (callsPerDay[r.repo][day] ?? 0) + r.upstreamCalls;
  }
  // Steady: not the first day (the first run fills 24 h of history), and no spot fault of this
  // repository active from an hour before the day (its backfill lands the next run) to its end; a
  // lasting fault only on the day it starts.
  const steady = (repo: Repo) =>
    Array.from({ length: days }, (_, d) => d).filter((d) => {
      const from = start + d * 24 * HOUR - HOUR;
      const to = start + (d + 1) * 24 * HOUR;
      const unsettles = (x: (typeof run.faults)[number]) =>
        !RETAIL_ONLY.has(x.kind) &&
        (ONLY[x.kind] ?? repo) === repo &&
        x.start.getTime() < to &&
        (LASTING.has(x.kind) ? x.start.getTime() >= from : x.end.getTime() > from);
      return d > 0 && !run.faults.some(unsettles);
    });
  const steadyDays = { A: steady('A'), B: steady('B') };
  for (const repo of ['A', 'B'] as const)
    for (const d of steadyDays[repo])
      if ((callsPerDay[repo][d] ?? 0) > DAILY_CALL_BUDGET)
        add('days over the upstream call budget', {
          at: new Date(start + d * 24 * HOUR),
          repo,
          detail: `${callsPerDay[repo][d]} calls on a steady day (at most ${DAILY_CALL_BUDGET})${run.faults.some((x) => LASTING.has(x.kind) && x.start.getTime() < start + d * 24 * HOUR) ? ', with the plan that lost /hourly' : ''}`,
        });
  // The plan (budget.ts): never over the month's calls, never more than a day ahead of an even pace.
  for (const repo of ['A', 'B'] as const) {
    let month = '';
    let used = 0;
    for (const r of spotRuns.filter((x) => x.repo === repo)) {
      const m = r.at.toISOString().slice(0, 7);
      if (m !== month) [month, used] = [m, 0];
      used += r.upstreamCalls;
      const from = Date.UTC(r.at.getUTCFullYear(), r.at.getUTCMonth(), 1);
      const to = Date.UTC(r.at.getUTCFullYear(), r.at.getUTCMonth() + 1, 1);
      const pace = Math.ceil((PLAN_CALLS_PER_MONTH * (r.at.getTime() - from + 24 * HOUR)) / (to - from));
      if (used > Math.min(PLAN_CALLS_PER_MONTH, pace))
        add('calls over the plan or ahead of its pace', {
          at: r.at,
          repo,
          detail: `${used} calls this month after this run; the plan allows ${Math.min(PLAN_CALLS_PER_MONTH, pace)} by now (${PLAN_CALLS_PER_MONTH}/month, at most a day ahead)`,
        });
    }
  }

  // pages-verify: a corrupted deploy must fail it; a correct one served within its bound must not.
  for (const v of run.verifies) {
    if (v.corrupt && v.outcome !== 'failed')
      add('pages mismatch not caught by pages-verify', {
        at: v.pushedAt,
        repo: 'A',
        detail: `${v.sha.slice(0, 7)}: ${v.corrupt} served with other bytes, yet pages-verify passed`,
      });
    if (!v.corrupt && v.deployedInTime && v.outcome === 'failed')
      add('pages-verify failed on a correct, timely deploy', {
        at: v.pushedAt,
        repo: 'A',
        detail: `${v.sha.slice(0, 7)}: ${v.note ?? 'failed'}`,
      });
  }
  const pages = {
    verified: run.verifies.filter((v) => v.outcome === 'verified').length,
    waited: run.verifies.filter((v) => v.outcome === 'waited').length,
    lagging: run.verifies.filter((v) => v.outcome === 'failed' && !v.corrupt && !v.deployedInTime).length,
    caught: run.verifies.filter((v) => v.outcome === 'failed' && v.corrupt).length,
    injected: run.verifies.filter((v) => v.corrupt).length,
    longestSeconds: Math.max(0, ...run.verifies.map((v) => (v.outcome === 'failed' ? 0 : (v.seconds ?? 0)))),
  };

  for (const list of Object.values(zero)) list.sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    zero,
    commits,
    callsPerDay,
    steadyDays,
    unfilled,
    freshness: fresh,
    served: servedMeasures(run),
    client: clientStale(run, seenBy.A),
    pages,
    failedRuns: run.runs.filter((r) => r.outcome !== 0).length,
    excusedFailures: run.runs.filter((r) => r.outcome !== 0 && r.excusedBy).length,
    compared,
  };
}

/**
 * Slots the system could have filled: every :00 slot (hourly history fills it later) and every :30
 * slot whose live run met an answering upstream — from the first run to an hour before the end.
 */
function fillable(run: SoakRun, firstSeen: Map<string, Date>) {
  const missing: string[] = [];
  const lateMinutes: number[] = [];
  const upstreamDown = (t: Date) =>
    run.faults.some(
      (f) => UPSTREAM.includes(f.kind) && f.kind !== 'wrong-history' && f.start <= t && t < f.end,
    );
  for (let t = run.options.start.getTime(); t < run.end.getTime() - HOUR; t += 30 * MINUTE) {
    const slot = new Date(t);
    if (slot.getUTCMinutes() === 30 && upstreamDown(new Date(t + 5 * MINUTE))) continue;
    const iso = slot.toISOString();
    const path = `data/15min/${iso.slice(0, 10).replaceAll('-', '/')}/${iso.slice(11, 13)}${iso.slice(14, 16)}.json`;
    const seen = firstSeen.get(path);
    if (!seen) missing.push(path);
    else lateMinutes.push(Math.max(0, (seen.getTime() - t) / MINUTE - 5));
  }
  return { missing, lateMinutes };
}

/** Per simulated minute: the age of the newest slot the branch holds; fresh minutes while the market is open. */
function freshness(run: SoakRun, firstSeen: Map<string, Date>) {
  // Slot files are never deleted (a deletion is a violation of its own): the newest slot at a moment
  // is the newest of those that had appeared by then.
  const events = [...firstSeen]
    .map(([path, at]) => ({ at, newest: slotTime(path) }))
    .sort((x, y) => x.at.getTime() - y.at.getTime());
  const series: { at: Date; age?: number }[] = [];
  let openMinutes = 0;
  let freshMinutes = 0;
  let i = 0;
  let newest: Date | undefined;
  for (let t = run.options.start.getTime(); t < run.end.getTime(); t += MINUTE) {
    while (i < events.length && events[i]!.at.getTime() <= t) {
      const e = events[i++]!;
      if (!newest || e.newest > newest) newest = e.newest;
    }
    const at = new Date(t);
    const age = newest ? (t - newest.getTime()) / MINUTE : undefined;
    if (marketOpen(at)) {
      openMinutes++;
      if (age !== undefined && age <= FRESH_MINUTES) freshMinutes++;
    }
    if (t % (5 * MINUTE) === 0) series.push({ at, age });
  }
  return { openMinutes, freshMinutes, series };
}

export const violationCount = (f: Findings) => Object.values(f.zero).reduce((n, l) => n + l.length, 0);

/** The probe in force at each simulated minute: the last one at or before it. */
function probeAt(run: SoakRun) {
  let i = 0;
  return (t: number) => {
    while (i + 1 < run.probes.length && run.probes[i + 1]!.at.getTime() <= t) i++;
    const p = run.probes[i];
    return p && p.at.getTime() <= t ? p : undefined;
  };
}

const freshAt = (t: number, newest: Date | undefined) =>
  newest !== undefined && (t - newest.getTime()) / MINUTE <= FRESH_MINUTES;

/** Minutes `serve` answered (live) and, while the market was open, served a fresh newest entry. */
function servedMeasures(run: SoakRun): Findings['served'] {
  const at = probeAt(run);
  const m = { minutes: 0, liveMinutes: 0, openMinutes: 0, freshMinutes: 0 };
  for (let t = run.options.start.getTime(); t < run.end.getTime(); t += MINUTE) {
    const p = at(t);
    m.minutes++;
    if (p?.live) m.liveMinutes++;
    if (!marketOpen(new Date(t))) continue;
    m.openMinutes++;
    if (p?.live && freshAt(t, p.newest)) m.freshMinutes++;
  }
  return m;
}

/** Pages shows a push this long after it (the deploy). */
export const PAGES_DEPLOY_LAG_MINUTES = 10;

/**
 * The client asks every endpoint for the current hour's file and takes the first valid answer
 * (src/client: raceFirstValid), so it shows stale prices only when no endpoint is fresh: neither A
 * as Pages serves it (its slots visible 10 minutes after the push) nor B as `serve` answered at the
 * last probe. A model of the client's rule, not the browser client itself.
 */
function clientStale(run: SoakRun, seenA: Map<string, Date>): Findings['client'] {
  const at = probeAt(run);
  const lag = PAGES_DEPLOY_LAG_MINUTES * MINUTE;
  const pages = [...seenA]
    .map(([path, seen]) => ({ visible: seen.getTime() + lag, slot: slotTime(path) }))
    .sort((x, y) => x.visible - y.visible);
  let i = 0;
  let newestA: Date | undefined;
  const c = { openMinutes: 0, staleMinutes: 0 };
  for (let t = run.options.start.getTime(); t < run.end.getTime(); t += MINUTE) {
    while (i < pages.length && pages[i]!.visible <= t) {
      const { slot } = pages[i++]!;
      if (!newestA || slot > newestA) newestA = slot;
    }
    if (!marketOpen(new Date(t))) continue;
    c.openMinutes++;
    const b = at(t);
    if (!freshAt(t, newestA) && !(b?.live && freshAt(t, b.newest))) c.staleMinutes++;
  }
  return c;
}
