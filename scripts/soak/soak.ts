/**
 * The soak: the two-repository system run in simulated time through a seeded schedule of faults.
 *
 * A is the "GitHub Pages" repository, written by spot-poll as GitHub Actions runs it (a fresh
 * temporary clone each run); B is the "Fly" repository, written by spot-poll and retail-poll as the
 * container runs them: `staktrakr daemon` in a child process with one persistent working clone, on
 * a simulated clock this process steps (daemon.ts). sync-repos runs nightly. A's commands run
 * in-process through the CLI adapter at their simulated instant (STAKTRAKR_NOW).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pagesVerify from '../../src/commands/pages-verify.js';
import spotPoll from '../../src/commands/spot-poll.js';
import syncRepos from '../../src/commands/sync-repos.js';
import type { Catalog } from '../../src/data/retail-catalog.js';
import { DAY, HOUR, MINUTE } from '../../src/data/time.js';
import { serveSite } from '../../src/demo/dealer-site/server.js';
import { ariaTable, bulkPages, COINS, type FixturePage } from '../../src/demo/dealer-site/site.js';
import { cloneLockPath } from '../../src/git/lock.js';
import { type Command, runCommand } from '../../src/runtime/command.js';
import { startGitHttp } from '../../test/peers/git-http.js';
import { GOOD_KEY, type MockServer, startMetalPriceApi } from '../../test/peers/metalpriceapi.js';
import { bundleCli } from './cli.js';
import { cpuTimes, processCpu } from './cpu.js';
import { type DaemonRun, SimulatedDaemon } from './daemon.js';
import { memoryTmpdir, tmpfsDisk } from './disk.js';
import { activeAt, type Fault, faultSchedule, UPSTREAM } from './faults.js';
import { git, gitAsync, listDir, tip } from './git.js';
import { PLAN_CALLS_PER_MONTH } from './invariants.js';
import { PagesHost } from './pages.js';
import { firecrawlPeer, gatedProxy, silentPeer } from './peers.js';
import { seeded } from './random.js';
import { ServedEndpoint, type ServedProbe } from './served.js';
import { Truth } from './truth.js';

export interface SoakOptions {
  days: number;
  seed: number;
  /** First simulated instant (UTC midnight); default a Friday before the November DST change. */
  start?: Date;
  /** Minutes between retail runs (the shipped schedule: 15). */
  retailEvery?: number;
  /** Real milliseconds a run may take before it counts as hung (silent remote). */
  hangBoundMs?: number;
  /** Real milliseconds a run may wait while a lock file is in the persistent clone (a dead owner's lock is cleared at once). */
  lockBoundMs?: number;
  /** Unexcused failures in a row of one job that stand for a person having to step in. */
  interventionAfter?: number;
  /** Where the daemon writes its CPU profiles (node --cpu-prof); it is then stopped with SIGTERM at the end. */
  profileDir?: string;
  log?: (line: string) => void;
}

export type Repo = 'A' | 'B';
export type Job = 'spot-poll' | 'retail-poll' | 'sync-repos' | 'race-writer';

export interface RunRecord {
  at: Date;
  job: Job;
  repo: Repo | 'A+B';
  /**
   * Exit code, or what the harness had to do to it: killed (the SIGKILL fault), hung (past the hang
   * bound), blocked (waited on a lock longer than the lock bound, then stopped).
   */
  outcome: number | 'killed' | 'hung' | 'blocked';
  realMs: number;
  /** The fault that makes a failure expected, if any. */
  excusedBy?: string;
  upstreamCalls: number;
  note?: string;
}

/** pages-verify as the workflow runs it after a push to A, against the Pages-like host. */
export interface VerifyRecord {
  /** The push it checks (its simulated moment). */
  pushedAt: Date;
  sha: string;
  /** served at its first poll; after waiting for the deploy; failed. */
  outcome: 'verified' | 'waited' | 'failed';
  /** Seconds until the host served the push (pages-verify's own figure). */
  seconds?: number;
  /** The deploy served the push with other bytes (the mismatch fault). */
  corrupt?: string;
  /** The host served the push, correct, before pages-verify gave up. */
  deployedInTime: boolean;
  note?: string;
}

/** One simulated day's cost: where its real time went and the CPU it burnt. */
export interface DayCost {
  realMs: number;
  /** Real time A's timeline was busy (its runs, pages-verify); the rest of the day it waited for B. */
  aMs: number;
  /** Real time B's daemon took to reach each meeting point; the rest of the day it waited for A. */
  bMs: number;
  /** Real time of the nightly sync (with B's runs of that moment). */
  syncMs: number;
  /** CPU seconds of the soak process, the daemon, `serve` and every process they started. */
  cpu?: number;
  /** The share of `cpu` spent in the daemon and its git processes. */
  daemonCpu?: number;
}

export interface TipRecord {
  at: Date;
  repo: Repo;
  sha: string;
}

export interface Intervention {
  at: Date;
  job: Job;
  repo: Repo | 'A+B';
  what: string;
}

export interface SoakRun {
  options: Required<Omit<SoakOptions, 'log' | 'start' | 'profileDir'>> & { start: Date };
  end: Date;
  faults: Fault[];
  runs: RunRecord[];
  tips: TipRecord[];
  interventions: Intervention[];
  /** pages-verify after each push to A. */
  verifies: VerifyRecord[];
  /** B as `serve` served it, probed over HTTP at every tick of B. */
  probes: ServedProbe[];
  truth: Truth;
  /** `coin/vendor` → the price the dealer's page shows. */
  dealerPrices: Map<string, number>;
  repos: Record<Repo, string>;
  /** What each simulated day took, in real time and CPU. */
  days: DayCost[];
  realMs: number;
  /**
   * CPU seconds of the harness and every process it waited for (git, child runs), from
   * /proc/self/stat: what the run costs whatever the machine's load (undefined without /proc).
   */
  cpuSeconds?: number;
  /** Where everything lives; removed by `dispose`. */
  root: string;
  dispose(): void;
}

/** Pages' deploy lag: a push is served this long after it. */
const PAGES_LAG = 10 * MINUTE;
/** The workflow's pages-verify starts this long after the publish (workflow_run), and waits this long. */
const VERIFY_DISPATCH = 30_000;
const VERIFY_TIMEOUT = 600_000;
/** The token B's remote asks for (a loopback test value; it must never show in a log). */
const B_TOKEN = 'soak-token-b-9f2c';
/**
 * git's own real-time limit on an HTTP peer that stops sending (its low-speed limit, 30 s in
 * src/git/exec.ts), scaled down with the rest of the acceleration: git reads GIT_HTTP_LOW_SPEED_*
 * over its configuration. A run on a silent remote still gives up the same way, only sooner. Not
 * shorter: at 3 s a healthy fetch of B's gave up once at load 16 (its HTTP peer stalled that long).
 */
const GIT_LOW_SPEED = { GIT_HTTP_LOW_SPEED_LIMIT: '1000', GIT_HTTP_LOW_SPEED_TIME: '10' };
export const DEFAULT_START = new Date('2026-10-30T00:00:00Z'); // a Friday; DST ends Sunday 1 November; Thanksgiving 26th
const iso = (d: Date) => d.toISOString();

export async function runSoak(o: SoakOptions): Promise<SoakRun> {
  const log = o.log ?? (() => undefined);
  const start = o.start ?? DEFAULT_START;
  const options = {
    days: o.days,
    seed: o.seed,
    start,
    retailEvery: o.retailEvery ?? 15,
    hangBoundMs: o.hangBoundMs ?? 60_000,
    lockBoundMs: o.lockBoundMs ?? 20_000,
    interventionAfter: o.interventionAfter ?? 3,
  };
  const end = new Date(start.getTime() + o.days * DAY);
  const random = seeded(o.seed);
  const truth = new Truth(new Date(start.getTime() - 40 * DAY), new Date(end.getTime() + DAY), random);
  const root = mkdtempSync(join(memoryTmpdir(tmpdir()), 'staktrakr-soak-'));
  // The runs' temporary clones (A's fresh clone each run, the sync's) go beside the repositories.
  // Built first: a source that does not build stops the soak before anything is started.
  const cli = await bundleCli(join(root, 'cli'));
  const runTmp = join(root, 'tmp');
  mkdirSync(runTmp);
  // A's runs are in this process: git reads TMPDIR and the low-speed limit from its environment.
  const envBefore = { TMPDIR: process.env.TMPDIR, ...pick(process.env, Object.keys(GIT_LOW_SPEED)) };
  Object.assign(process.env, { TMPDIR: runTmp, ...GIT_LOW_SPEED });
  const repos: Record<Repo, string> = { A: join(root, 'a.git'), B: join(root, 'b.git') };
  // B's persistent clone sits on a filesystem the full-disk fault can fill.
  const diskB = tmpfsDisk(join(root, 'b-disk'));
  const workdirB = join(diskB.dir, 'b-workdir');
  for (const bare of Object.values(repos)) {
    git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
    // As on GitHub: a push is not followed by a gc in the push's path (one process less per push;
    // the remotes are repacked nightly instead, see `housekeeping`), and a fetch may filter blobs out
    // (the sync's blob-less fetch, which a local remote would otherwise answer with every blob).
    git(bare, 'config', 'receive.autogc', 'false');
    git(bare, 'config', 'uploadpack.allowFilter', 'true');
  }

  // The dealer site: 3 coins × 3 dealers, one ordinary product page each.
  const pages = bulkPages(9);
  const site = await serveSite(pages);
  const dealerPrices = new Map(pages.map((p) => [`${p.coin}/${p.vendor}`, p.expect.price!]));
  const firecrawl = await firecrawlPeer();
  seedCatalog(root, repos.B, pages, site.url);
  const dealers = [...new Set(pages.map((p) => p.vendor))];
  const faults = faultSchedule(random, start, o.days, dealers);
  // When in its run the daemon dies: a seeded fraction of a typical spot run of B (below) after it
  // took the clone's lock, so that faster runs are still caught mid-way.
  const killAt = faults.filter((f) => f.kind === 'sigkill').map(() => 0.1 + random() * 0.8);

  // Each repository's upstream follows that repository's simulated clock: each tick sets it, the
  // run's own seconds add to it. (A and B run as two timelines that meet at each day and each sync.)
  const clocks = { A: { sim: start, real: 0 }, B: { sim: start, real: 0 } };
  const nowOf = (repo: Repo) => () =>
    new Date(clocks[repo].sim.getTime() + (performance.now() - clocks[repo].real));
  const priceOf = (repo: Repo) => (symbol: string, at: Date) => {
    const t = nowOf(repo)();
    const live = Math.abs(at.getTime() - t.getTime()) < 20 * MINUTE;
    const p = truth.price(symbol, at);
    if (live && symbol === 'XAU' && activeAt(faults, 'zero-price', t)) return 0;
    if (!live && activeAt(faults, 'wrong-history', t)) return Math.round(p * 10) / 10_000;
    return p;
  };
  const peers: Record<Repo, { api: MockServer; faults: UpstreamFaults }> = {
    A: await upstream(priceOf('A'), nowOf('A')),
    B: await upstream(priceOf('B'), nowOf('B')),
  };
  const silent = await silentPeer();
  const pagesA = new PagesHost(repos.A, PAGES_LAG, nowOf('A'));
  await pagesA.start();
  const verifies: VerifyRecord[] = [];
  // B's remote as the daemon reaches it: over HTTP (git http-backend), through a front that can
  // fall silent for an hour.
  const remoteB = await startGitHttp(root, B_TOKEN);
  const frontB = await gatedProxy(Number(new URL(remoteB.url('b.git')).port));

  const runs: RunRecord[] = [];
  const tips: TipRecord[] = [];
  const interventions: Intervention[] = [];
  const failuresInRow = new Map<string, number>();
  const days: DayCost[] = [];
  const lastTip: Partial<Record<Repo, string>> = {};
  const planted = { lock: undefined as string | undefined };
  const started = performance.now();
  // The CPU of the whole tree: this process, the children it reaped, and the live daemon and serve.
  let deadDaemonCpu = 0;
  const daemonCpu = () => deadDaemonCpu + (processCpu(daemonB.pid) ?? 0);
  const treeCpu = () => {
    const own = cpuTimes();
    return own && own.self + own.children + (processCpu(daemonB.pid) ?? 0) + (processCpu(served.pid) ?? 0);
  };
  let cpu0: number | undefined;
  // B's clone served over HTTP as the container serves it (on the real clock: only the data it
  // reports is read), started once the first run has made the clone.
  const served = new ServedEndpoint(cli, workdirB, { PATH: process.env.PATH, HOME: process.env.HOME });
  const probes: ServedProbe[] = [];
  /** B's runs started so far, and when the last probe was made. */
  let [runsB, runsBProbed] = [0, -1];
  /** The restart of `serve` with a restarted daemon, while it is under way. */
  let servedRestart: Promise<void> | undefined;

  const baseEnv = (at: Date) => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: runTmp,
    STAKTRAKR_NOW: iso(at),
    // Waits (retry backoff, Retry-After, lock polls) move the run's clock instead of taking real time.
    STAKTRAKR_SLEEP: 'simulated',
    METAL_PRICE_API_KEY: GOOD_KEY,
  });

  const inProcess = async (
    // biome-ignore lint/suspicious/noExplicitAny: any command
    command: Command<any>,
    argv: string[],
    at: Date,
    boundMs?: number,
  ): Promise<{ outcome: number | 'hung'; lines: string[] }> => {
    const lines: string[] = [];
    const run = runCommand(command, {
      argv,
      env: baseEnv(at),
      out: () => undefined,
      err: (l) => lines.push(l),
      summaries: false,
    });
    if (!boundMs) return { outcome: await run, lines };
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'hung'>((r) => {
      timer = setTimeout(() => r('hung'), boundMs);
    });
    const outcome = await Promise.race([run, bound]);
    clearTimeout(timer);
    return { outcome, lines };
  };

  const record = (r: RunRecord, lines: string[]) => {
    if (r.outcome === 'hung' || r.outcome === 'blocked') r.excusedBy = undefined; // no fault excuses that
    runs.push(r);
    // The jobs sharing B's persistent clone fail together when the clone is stuck.
    const key = r.repo === 'B' ? 'B clone' : `${r.job}:${r.repo}`;
    const failed = r.outcome !== 0;
    if (failed) {
      r.note = lines
        .filter((l) => /error|fail|refus|warn/i.test(l))
        .slice(-2)
        .join(' | ')
        .slice(0, 300);
      if (!r.note && typeof r.outcome === 'string')
        r.note = `${r.outcome} (${lines.at(-1)?.slice(0, 200) ?? 'no output'})`;
      log(
        `${iso(r.at)} ${r.job} ${r.repo} → ${r.outcome}${r.excusedBy ? ` (${r.excusedBy})` : ''} ${r.note}`,
      );
    }
    const n = failed && !r.excusedBy ? (failuresInRow.get(key) ?? 0) + 1 : 0;
    failuresInRow.set(key, n);
    if (n >= options.interventionAfter) {
      // What an operator would do: throw the persistent clone (and any lock in it) away.
      const what =
        r.repo === 'B' ? 'removed the persistent working clone of B' : 'nothing a person can do but wait';
      if (r.repo === 'B') rmSync(workdirB, { recursive: true, force: true });
      interventions.push({
        at: r.at,
        job: r.job,
        repo: r.repo,
        what: `${n} failures in a row (${r.note}); ${what}`,
      });
      failuresInRow.set(key, 0);
    }
  };

  const spot = async (repo: Repo, at: Date) => {
    const f = (kind: Fault['kind']) => activeAt(faults, kind, at);
    const upstreamFault = UPSTREAM.map(f).find(Boolean);
    const { api } = peers[repo];
    const calls0 = api.counted();
    const t = performance.now();
    const argv = [
      '--repo',
      repos[repo],
      '--api-base-url',
      api.url,
      '--poller-id',
      repo === 'A' ? 'gha' : 'fly',
    ];
    let result: { outcome: RunRecord['outcome']; lines: string[] };
    let excusedBy = upstreamFault ? `${upstreamFault.kind}` : undefined;
    if (repo === 'A' && f('silent-remote')) {
      const a = ['--repo', `${silent.url}/a.git`, '--api-base-url', api.url, '--poller-id', 'gha'];
      result = await inProcess(spotPoll, a, at, options.hangBoundMs);
      excusedBy = result.outcome === 'hung' ? undefined : 'silent-remote';
      silent.hangUp(); // on this run, whatever it is still doing; the remote stays silent for the hour
    } else if (repo === 'A' && f('push-race')) {
      const [first, second] = await Promise.all([
        inProcess(spotPoll, argv, at),
        inProcess(spotPoll, [...argv.slice(0, -1), 'gha-race'], at),
      ]);
      const race: RunRecord = {
        at,
        job: 'race-writer',
        repo,
        outcome: second.outcome,
        realMs: performance.now() - t,
        upstreamCalls: 0,
        excusedBy,
      };
      record(race, second.lines);
      result = first;
    } else result = await inProcess(spotPoll, argv, at);
    record(
      {
        at,
        job: 'spot-poll',
        repo,
        outcome: result.outcome,
        realMs: performance.now() - t,
        excusedBy,
        upstreamCalls: api.counted() - calls0,
      },
      result.lines,
    );
  };

  // B: the daemon. Its runs are read from its log; the faults that kill it kill the process.
  const daemonEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: runTmp,
    METAL_PRICE_API_KEY: GOOD_KEY,
    ...GIT_LOW_SPEED,
    SPOT_CRON: '5,35',
    RETAIL_CRON: Array.from({ length: 60 / options.retailEvery }, (_, i) => i * options.retailEvery).join(
      ',',
    ),
    STAKTRAKR_REPO: `${frontB.url}/b.git`,
    GITHUB_TOKEN: B_TOKEN,
    STAKTRAKR_WORKDIR: workdirB,
    STAKTRAKR_API_BASE_URL: peers.B.api.url,
    STAKTRAKR_POLLER_ID: 'fly',
    STAKTRAKR_FETCHER: 'firecrawl',
    STAKTRAKR_FIRECRAWL_URL: firecrawl.url,
    // The dealer site is on loopback, which the outbound policy refuses unless allowed.
    STAKTRAKR_ALLOW_HOSTS: '127.0.0.1',
    STAKTRAKR_PER_VENDOR_DELAY: '0',
    STAKTRAKR_CONCURRENCY: '3',
    STAKTRAKR_PAGE_TIMEOUT: '10',
  };
  const excuseOf = (run: DaemonRun) => {
    const f = (kind: Fault['kind']) => activeAt(faults, kind, run.tickAt);
    const upstreamFault = run.job === 'spot-poll' ? UPSTREAM.map(f).find(Boolean) : undefined;
    const dealerDown = run.job === 'retail-poll' ? f('dealer-down') : undefined;
    return (upstreamFault ?? dealerDown ?? f('full-disk') ?? f('silent-remote-b'))?.kind;
  };
  const recordB = (
    run: DaemonRun,
    outcome: RunRecord['outcome'],
    excusedBy: string | undefined,
    note?: string,
  ) =>
    record(
      {
        at: run.tickAt,
        job: run.job as Job,
        repo: 'B',
        outcome,
        realMs: performance.now() - run.realStart,
        excusedBy,
        upstreamCalls: 0, // counted from the upstream's requests at the end
      },
      note ? [note, ...run.lines] : run.lines,
    );
  /** The daemon dies (SIGKILL) with its runs; its successor starts on `host` (undefined: this one). */
  const killDaemon = async (why: RunRecord['outcome'], excusedBy: string | undefined, host?: string) => {
    deadDaemonCpu += processCpu(daemonB.pid) ?? 0;
    for (const run of await daemonB.kill()) recordB(run, why, excusedBy);
    daemonB.start(host);
  };
  const watches = new Set<NodeJS.Timeout>();
  const daemonB: SimulatedDaemon = new SimulatedDaemon(
    [...nodeFlags(cli, o.profileDir), 'daemon'],
    daemonEnv,
    start,
    {
      granted: (at) => {
        clocks.B = { sim: at, real: performance.now() };
      },
      before: (at) => {
        clocks.B = { sim: at, real: performance.now() };
        upstreamFaults(peers.B.faults, at);
        ageLock(at);
        inject(at); // the faults of B's world (all but the upstream's and the silent remote)
      },
      after: async (at) => {
        observe(at, ['B']);
        // A machine restart takes real seconds, not simulated minutes: the next probe waits for it
        // (and never starts a second serve beside the one the restart is starting).
        await servedRestart;
        if (!served.running && existsSync(join(workdirB, '.git'))) await served.start();
        // Only the daemon's runs write to the clone (faults and interventions only remove files).
        const unchanged = runsB === runsBProbed && daemonB.inProgress().length === 0;
        runsBProbed = runsB;
        probes.push(await served.probe(at, unchanged ? probes.at(-1) : undefined));
      },
      started: (run) => {
        runsB++;
        const pid = daemonB.pid;
        // A run past its bound in real time: hung (or blocked, on another owner's lock).
        const bound = setTimeout(() => {
          watches.delete(bound);
          if (!daemonB.inProgress().includes(run) || daemonB.pid !== pid) return;
          const owner = readLock(workdirB)?.pid;
          void killDaemon(owner !== undefined && owner !== pid ? 'blocked' : 'hung', undefined, daemonB.host);
        }, options.hangBoundMs);
        watches.add(bound);
        if (run.job !== 'spot-poll') return;
        const sigkill = activeAt(faults, 'sigkill', run.tickAt);
        if (sigkill) {
          // Once the run holds the clone's lock, a seeded fraction of half B's median spot run so
          // far (300 ms before the first) later: the run is still going, whatever its pace. (At 80 %,
          // a run twice as fast as the median under load, with the commit path done in parallel,
          // had ended when the kill came.)
          const done = runs
            .filter((r) => r.job === 'spot-poll' && r.repo === 'B' && r.outcome === 0)
            .map((r) => r.realMs)
            .sort((x, y) => x - y);
          const typical = done.length > 0 ? done[Math.floor(done.length / 2)]! : 300;
          const delay = Math.round((killAt.shift() ?? 0.5) * 0.5 * typical);
          const locked = setInterval(() => {
            const going = daemonB.pid === pid && daemonB.inProgress().includes(run);
            if (going && readLock(workdirB)?.pid !== pid) return;
            clearInterval(locked);
            watches.delete(locked);
            if (!going) {
              sigkill.detail = 'missed: the spot-poll ended before it held the lock';
              return;
            }
            const kill = setTimeout(() => {
              watches.delete(kill);
              const hit = daemonB.pid === pid && daemonB.inProgress().includes(run);
              sigkill.detail = `${hit ? 'done' : 'missed'}: the daemon SIGKILLed ${delay} ms after its spot-poll took the lock${hit ? '' : ', which had already ended'}; restarted on the same host`;
              if (hit) void killDaemon('killed', 'sigkill', daemonB.host);
            }, delay);
            watches.add(kill);
          }, 5);
          watches.add(locked);
        }
        const restart = activeAt(faults, 'daemon-restart', run.tickAt);
        if (restart && !restart.detail.startsWith('done')) {
          // The old machine's daemon dies holding the lock; its successor has the same PID
          // namespace and another hostname, so the lock it meets is another host's.
          const old = daemonB.host ?? hostname();
          const watch = setInterval(() => {
            if (daemonB.pid !== pid) return clearInterval(watch);
            if (readLock(workdirB)?.pid !== pid) return;
            clearInterval(watch);
            watches.delete(watch);
            const host = `fly-new-${run.tickAt.getTime().toString(36)}`;
            restart.detail = `done: the daemon on host ${old} SIGKILLed while its spot-poll held the lock; restarted on host ${host}`;
            servedRestart = (async () => {
              await killDaemon('killed', 'daemon-restart', host);
              // serve belonged to the dead daemon: it goes with it and the new machine starts it again.
              if (served.running) {
                await served.kill();
                await served.start();
              }
            })();
          }, 5);
          watches.add(watch);
        }
      },
      finished: (run, outcome) => {
        if (frontB.silent) frontB.hangUp(); // this run gave up; the remote stays silent for the hour
        recordB(run, outcome.ok ? 0 : 1, outcome.ok ? undefined : excuseOf(run), outcome.error);
      },
    },
  );

  /**
   * The hosts' own housekeeping, off the push path: both remotes repacked once a day (loose objects
   * into a pack, packs rolled up geometrically), before the sync fetches their history.
   */
  const housekeeping = () =>
    Promise.all(Object.values(repos).map((bare) => gitAsync(bare, 'repack', '-d', '-q', '--geometric=2')));

  const sync = async (at: Date) => {
    const t = performance.now();
    const result = await inProcess(
      syncRepos,
      ['--repo-a', repos.A, '--repo-b', repos.B, '--poller-id', 'sync'],
      at,
      options.hangBoundMs,
    );
    record(
      {
        at,
        job: 'sync-repos',
        repo: 'A+B',
        outcome: result.outcome,
        realMs: performance.now() - t,
        upstreamCalls: 0,
      },
      result.lines,
    );
  };

  const inject = (at: Date) => {
    for (const fault of faults.filter((x) => x.start.getTime() === at.getTime())) {
      log(`${iso(at)} fault: ${fault.kind} — ${fault.detail}`);
      if (fault.kind === 'deleted-files') fault.detail = deleteFromWorkdir(workdirB, at);
      if (fault.kind === 'stale-lock') {
        const gitDir = join(workdirB, '.git');
        if (!existsSync(gitDir)) fault.detail += ' (skipped: no clone yet)';
        else {
          // The ghost of a container restart: node was PID 1, on this host and this boot, but the
          // PID 1 alive now started at another time.
          planted.lock = JSON.stringify({
            pid: 1,
            host: daemonB.host ?? hostname(),
            boot: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
            start: '1',
            since: iso(at),
            purpose: 'spot-poll',
            nonce: `soak-${at.getTime()}`,
          });
          try {
            writeFileSync(cloneLockPath(workdirB), planted.lock);
          } catch (err) {
            // A full disk (the full-disk fault) takes no new file: no ghost can be left now.
            if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
            planted.lock = undefined;
            fault.detail += ' (skipped: the disk is full)';
          }
        }
      }
      if (fault.kind === 'dealer-down') setDealer(pages, fault.detail, 'down');
      if (fault.kind === 'layout-change') setDealer(pages, fault.detail, 'layout');
      if (fault.kind === 'dealer-retired') retire(root, repos.B, fault.detail, at);
      if (fault.kind === 'silent-remote-b') frontB.silent = true;
      if (fault.kind === 'full-disk') {
        if (!diskB.mounted) fault.detail += ' (skipped: no tmpfs could be mounted, which needs root)';
        diskB.fill(true);
      }
    }
    if (faults.some((x) => x.kind === 'full-disk' && x.end.getTime() === at.getTime())) diskB.fill(false);
    if (faults.some((x) => x.kind === 'silent-remote-b' && x.end.getTime() === at.getTime())) {
      frontB.silent = false;
      frontB.hangUp();
    }
    for (const fault of faults.filter((x) => x.kind === 'dealer-down' && x.end.getTime() === at.getTime()))
      setDealer(pages, fault.detail, 'up');
  };

  // A lock left in B's clone stops getting heartbeats: its file ages with simulated time, not with
  // the real second the harness took to get to the next tick.
  let lastB = { sim: start.getTime(), real: Date.now() };
  const ageLock = (at: Date) => {
    const lock = cloneLockPath(workdirB);
    const gap = at.getTime() - lastB.sim - (Date.now() - lastB.real);
    lastB = { sim: at.getTime(), real: Date.now() };
    if (gap <= 0 || !existsSync(lock)) return;
    const mtime = statSync(lock).mtimeMs - gap;
    utimesSync(lock, mtime / 1000, mtime / 1000);
  };

  const observe = (at: Date, which: readonly Repo[]) => {
    for (const repo of which) {
      const sha = tip(repos[repo]);
      if (!sha || sha === lastTip[repo]) continue;
      lastTip[repo] = sha;
      tips.push({ at, repo, sha });
    }
  };

  /** A's ticks in [from, to]: its upstream's faults, its run, its tip after it. */
  const timelineA = async (from: number, to: number) => {
    for (let t = from; t <= to; t += 5 * MINUTE) {
      const at = new Date(t);
      clocks.A = { sim: at, real: performance.now() };
      upstreamFaults(peers.A.faults, at);
      if (at.getUTCMinutes() % 30 === 5) {
        const before = lastTip.A;
        await spot('A', at);
        observe(at, ['A']);
        if (lastTip.A && lastTip.A !== before) await deployAndVerify(lastTip.A, at);
      }
    }
  };

  /**
   * The push goes to the Pages-like host (live after its lag) and pages-verify runs as the workflow
   * runs it after a publish: a run that starts a little after the push, waits up to 600 s for the
   * pushed files, byte for byte, checked against a checkout of the pushed commit.
   */
  const expectA = join(root, 'pages-expect');
  const deployAndVerify = async (sha: string, at: Date) => {
    const pushedAt = nowOf('A')();
    // The first push at or after the fault's moment gets the corrupted deploy.
    const mismatch = faults.find(
      (f) => f.kind === 'pages-mismatch' && f.start <= at && !f.detail.startsWith('done'),
    );
    if (existsSync(expectA)) await gitAsync(expectA, 'fetch', '--quiet', 'origin');
    else await gitAsync(root, 'clone', '--quiet', '--no-checkout', repos.A, expectA);
    await gitAsync(expectA, 'checkout', '--quiet', '--detach', sha);
    const changed = (await gitAsync(expectA, 'diff-tree', '--no-commit-id', '--name-only', '-r', 'HEAD'))
      .split('\n')
      .filter((p) => p.startsWith('data/') && p.endsWith('.json'));
    const corrupt = mismatch ? changed[0] : undefined;
    if (mismatch)
      mismatch.detail = `done: the deploy of ${sha.slice(0, 7)} serves ${corrupt ?? 'nothing'} with other bytes`;
    const deploy = pagesA.deploy(sha, pushedAt, corrupt);
    const started = new Date(pushedAt.getTime() + VERIFY_DISPATCH);
    const argv = ['--endpoints', pagesA.url, '--expect', expectA, '--timeout', String(VERIFY_TIMEOUT / 1000)];
    const flags = ['--interval', '10', '--max-age-spot', '0', '--max-age-retail', '0', '--json'];
    const out: string[] = [];
    const lines: string[] = [];
    const code = await runCommand(pagesVerify, {
      argv: [...argv, ...flags],
      env: baseEnv(started),
      out: (l) => out.push(l),
      err: (l) => lines.push(l),
      summaries: false,
    });
    let seconds: number | undefined;
    try {
      const outputs = JSON.parse(out.join('\n')) as { report?: string };
      seconds = JSON.parse(outputs.report ?? '{}').endpoints?.[0]?.latencySeconds ?? undefined;
    } catch {}
    const deadline = started.getTime() + VERIFY_TIMEOUT;
    verifies.push({
      pushedAt,
      sha,
      outcome: code !== 0 ? 'failed' : (seconds ?? 0) < 10 ? 'verified' : 'waited',
      seconds,
      corrupt,
      deployedInTime: deploy.liveAt.getTime() <= deadline,
      note:
        code !== 0
          ? lines
              .filter((l) => /error|fail/i.test(l))
              .slice(-1)[0]
              ?.slice(0, 300)
          : undefined,
    });
  };

  const upstreamFaults = (peer: UpstreamFaults, at: Date) => {
    const storm = activeAt(faults, 'rate-limit-storm', at);
    const outage = activeAt(faults, 'upstream-outage', at);
    peer['*'] = outage ? Array(500).fill('server-error') : storm ? Array(500).fill('rate-limit') : [];
    peer['/hourly'] = activeAt(faults, 'plan-no-hourly', at) ? Array(500).fill('plan') : [];
  };

  try {
    // A and B run side by side (two cores: B's daemon is a process of its own), each on its own
    // simulated clock; they meet at every nightly sync (which writes both) and at every midnight
    // (to time the days).
    cpu0 = treeCpu();
    daemonB.start();
    let from = start.getTime();
    const newDay = () => ({ real: performance.now(), cpu: treeCpu(), daemon: daemonCpu() });
    let day = newDay();
    let phases = { aMs: 0, bMs: 0, syncMs: 0 };
    const endDay = () => {
      const next = newDay();
      const cpu = next.cpu !== undefined && day.cpu !== undefined ? next.cpu - day.cpu : undefined;
      days.push({ realMs: next.real - day.real, ...phases, cpu, daemonCpu: next.daemon - day.daemon });
      [day, phases] = [next, { aMs: 0, bMs: 0, syncMs: 0 }];
      log(`day ${days.length}: ${dayLine(days.at(-1)!)} (${runs.length} runs so far)`);
    };
    const timed = async (p: Promise<void>, phase: 'aMs' | 'bMs' | 'syncMs') => {
      const t = performance.now();
      await p;
      phases[phase] += performance.now() - t;
    };
    while (from < end.getTime()) {
      const midnight = start.getTime() + (Math.floor((from - start.getTime()) / DAY) + 1) * DAY;
      const syncAt = Math.floor(from / DAY) * DAY + 5 * HOUR;
      const meet = Math.min(end.getTime(), midnight, syncAt >= from ? syncAt : syncAt + DAY);
      const last = meet - 5 * MINUTE;
      await Promise.all([
        timed(timelineA(from, last), 'aMs'),
        timed(daemonB.runUntil(new Date(last)), 'bMs'),
      ]);
      if (meet === end.getTime()) break;
      from = meet;
      if (meet === midnight) {
        endDay();
      }
      if (new Date(meet).getUTCHours() === 5 && new Date(meet).getUTCMinutes() === 0) {
        // The sync and B's runs of that moment (its retail run) side by side.
        await timed(
          Promise.all([
            housekeeping().then(() => sync(new Date(meet))),
            daemonB.runUntil(new Date(meet)),
          ]).then(),
          'syncMs',
        );
        observe(new Date(meet), ['A', 'B']);
        await timelineA(meet, meet); // nothing of A's runs at :00; keeps its clock in step
        from = meet + 5 * MINUTE;
      }
    }
    endDay();
    countUpstreamCalls(runs, peers.B.api);
    runs.sort((x, y) => x.at.getTime() - y.at.getTime());
    tips.sort((x, y) => x.at.getTime() - y.at.getTime());
  } finally {
    for (const w of watches) clearTimeout(w);
    if (o.profileDir) await daemonB.stop();
    await daemonB.kill();
    for (const [key, value] of Object.entries(envBefore)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await served.kill();
    diskB.unmount();
    await Promise.all([
      site.close(),
      firecrawl.close(),
      silent.close(),
      pagesA.close(),
      frontB.close(),
      remoteB.close(),
      peers.A.api.close(),
      peers.B.api.close(),
    ]);
  }
  return {
    options,
    end,
    faults,
    runs,
    tips,
    interventions,
    probes,
    verifies,
    truth,
    dealerPrices,
    repos,
    days,
    realMs: performance.now() - started,
    cpuSeconds: cpu0 === undefined ? undefined : treeCpu()! - cpu0,
    root,
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** B's spot runs' upstream calls, from the upstream's own record (each call at B's simulated now). */
function countUpstreamCalls(runs: RunRecord[], api: MockServer) {
  const spotB = runs.filter((r) => r.repo === 'B' && r.job === 'spot-poll').sort((x, y) => +x.at - +y.at);
  for (const req of api.requests) {
    if (req.path === '/usage') continue;
    const run = spotB.findLast((r) => r.at <= req.at);
    if (run) run.upstreamCalls++;
  }
}

/** The lock file of a clone, if one is there and readable. */
function readLock(workdir: string): { pid?: number; host?: string } | undefined {
  try {
    return JSON.parse(readFileSync(cloneLockPath(workdir), 'utf8'));
  } catch {
    return undefined;
  }
}

type UpstreamFaults = { '*': ('server-error' | 'rate-limit')[]; '/hourly': 'plan'[] };

async function upstream(price: (s: string, at: Date) => number, now: () => Date) {
  const faults: UpstreamFaults = { '*': [], '/hourly': [] };
  const api = await startMetalPriceApi({ price, now, faults, planCalls: PLAN_CALLS_PER_MONTH });
  return { api, faults };
}

/** B's first commit: the retail catalog, as a person would set it up. */
function seedCatalog(root: string, bare: string, pages: FixturePage[], siteUrl: string) {
  const dir = join(root, 'seed-b');
  git(root, 'clone', '--quiet', bare, dir);
  const catalog: Catalog = { coins: {} };
  for (const p of pages) {
    catalog.coins[p.coin] ??= { ...COINS[p.coin], providers: [] };
    catalog.coins[p.coin]!.providers.push({
      id: p.vendor,
      name: p.vendor,
      enabled: true,
      url: `${siteUrl}${p.path}`,
    });
  }
  mkdirSync(join(dir, 'data/retail'), { recursive: true });
  writeFileSync(join(dir, 'data/retail/providers.json'), `${JSON.stringify(catalog, null, 2)}\n`);
  commitAsOperator(dir, 'catalog');
}

/** What a person does after editing a clone: commit, push, and throw the clone away. */
function commitAsOperator(dir: string, message: string, ...extra: string[]) {
  git(dir, 'add', '.');
  git(
    dir,
    '-c',
    'user.name=operator',
    '-c',
    'user.email=op@example.com',
    'commit',
    '--quiet',
    '-m',
    message,
    ...extra,
  );
  git(dir, 'push', '--quiet', 'origin', 'HEAD:main');
  rmSync(dir, { recursive: true, force: true });
}

/** A person retires a dealer from the catalog (enabled: false) in B. */
function retire(root: string, bare: string, vendor: string, at: Date) {
  const dir = mkdtempSync(join(root, 'retire-'));
  git(root, 'clone', '--quiet', bare, dir);
  const file = join(dir, 'data/retail/providers.json');
  const catalog = JSON.parse(readFileSync(file, 'utf8')) as Catalog;
  for (const coin of Object.values(catalog.coins))
    for (const p of coin.providers) if (p.id === vendor) p.enabled = false;
  writeFileSync(file, `${JSON.stringify(catalog, null, 2)}\n`);
  commitAsOperator(dir, `catalog: retire ${vendor}`, `--date=${iso(at)}`);
}

const ERROR_PAGE =
  '<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>';

/** A dealer's pages go down, come back, or change layout (the price moves into an ARIA grid). */
function setDealer(pages: FixturePage[], vendor: string, how: 'down' | 'up' | 'layout') {
  for (const p of pages.filter((x) => x.vendor === vendor)) {
    const page = p as FixturePage & { saved?: string };
    if (how === 'down') {
      page.saved = page.html;
      page.html = ERROR_PAGE;
      page.status = 503;
    } else if (how === 'up') {
      page.html = page.saved ?? page.html;
      page.status = undefined;
    } else {
      const price = p.expect.price!;
      page.html = page.html.replace(
        /<table class="pricing-table">[\s\S]*?<\/table>/,
        ariaTable(
          ['Quantity', 'Wire/Check', 'Credit Card'],
          [
            ['1 - 19', price, price * 1.04],
            ['20 +', price - 5, (price - 5) * 1.04],
          ],
        ),
      );
    }
  }
}

/** Files disappear from the persistent clone: two of the day's slots and the spot history. */
function deleteFromWorkdir(workdir: string, at: Date): string {
  if (!existsSync(join(workdir, '.git'))) return 'skipped: no persistent clone yet';
  const day = at.toISOString().slice(0, 10).replaceAll('-', '/');
  const gone: string[] = [];
  for (const name of listDir(workdir, 'HEAD', `data/15min/${day}`).slice(0, 2)) gone.push(name);
  gone.push(`data/spot-history-${at.getUTCFullYear()}.json`);
  for (const path of gone) rmSync(join(workdir, path), { force: true });
  return `removed from the persistent clone of B: ${gone.join(', ')}`;
}

/** A day's cost in one line: real seconds (A busy, B busy, sync) and CPU seconds (the daemon's share). */
export function dayLine(d: DayCost): string {
  const s = (ms: number) => (ms / 1000).toFixed(1);
  const cpu = d.cpu === undefined ? '' : `, ${d.cpu.toFixed(1)} CPU s (daemon ${d.daemonCpu?.toFixed(1)})`;
  return `${s(d.realMs)} s real (A busy ${s(d.aMs)}, B ${s(d.bMs)}, sync ${s(d.syncMs)})${cpu}`;
}

/** The CLI's argv, with node's CPU profiler on when `profileDir` is given. */
const nodeFlags = ([node, ...rest]: string[], profileDir?: string) =>
  profileDir ? [node!, '--cpu-prof', `--cpu-prof-dir=${profileDir}`, ...rest] : [node!, ...rest];

const pick = (env: NodeJS.ProcessEnv, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, env[k]])) as Record<string, string | undefined>;
