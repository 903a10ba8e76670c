/**
 * The daemon's scheduler. Each job fires on its cron, read on the injected clock (croner computes
 * the times; the waits are the clock's, so a simulated clock runs the daemon in simulated time). A job whose previous run is still going (or
 * still waiting for its clone) is skipped and logged; jobs that share a working clone wait for one
 * another; `stop` starts nothing new and lets the runs in progress finish, up to a grace period.
 */
import type { Cron } from 'croner';
import type { Logger } from '../data/logger.js';
import { type Clock, formatIso } from '../data/time.js';
import { until, working } from '../runtime/clock.js';
import { CloneQueues } from './clone-queue.js';
import { pausedCron } from './cron.js';

export interface JobOutcome {
  ok: boolean;
  /** One line saying why the run failed. */
  error?: string;
}

export interface JobDefinition {
  /** The command the job runs; its log prefix. */
  name: string;
  /** Cron expression (from `normalizeSchedule`). */
  schedule: string;
  timezone: string;
  /** Working clone the job writes or reads; undefined: a clone of its own. */
  clone?: string;
  /** Bound of one run: then `run`'s signal aborts and the run counts as failed. */
  timeoutMs: number;
  run(signal: AbortSignal): Promise<JobOutcome>;
}

/** How long a run that was told to stop may take to stop before the scheduler stops waiting for it. */
const STOP_GRACE_MS = 30_000;

/** After this many failed runs in a row, a job counts as unhealthy in /health. */
const UNHEALTHY_AFTER_FAILURES = 3;

export interface JobStatus {
  ok: boolean;
  schedule: string;
  timezone: string;
  state: 'idle' | 'waiting' | 'running';
  runs: number;
  skipped: number;
  consecutive_failures: number;
  last_run: string | null;
  last_finished: string | null;
  last_success: string | null;
  last_error: { at: string; message: string } | null;
  next_run: string | null;
}

export interface JobSnapshot {
  name: string;
  schedule: string;
  running: boolean;
  lastRun?: Date;
  lastSuccess?: Date;
  lastError?: { at: Date; message: string };
  nextRun?: Date;
}

interface Job {
  def: JobDefinition;
  cron: Cron;
  state: JobStatus['state'];
  /** The run in progress or waiting for its clone. */
  current?: Promise<void>;
  runs: number;
  skipped: number;
  failures: number;
  lastStart?: Date;
  lastEnd?: Date;
  lastSuccess?: Date;
  lastError?: { at: Date; message: string };
}

const iso = (d: Date | null | undefined) => (d ? formatIso(d) : null);

export class Scheduler {
  private readonly jobs: Job[];
  private readonly queues = new CloneQueues();
  private stopping = false;
  /** Ends the jobs' waits for their next run. */
  private readonly halt = new AbortController();

  constructor(
    definitions: readonly JobDefinition[],
    private readonly deps: { clock: Clock; logger: Logger },
  ) {
    this.jobs = definitions.map((def) => {
      const job: Job = {
        def,
        cron: pausedCron(def.schedule, def.timezone),
        state: 'idle',
        runs: 0,
        skipped: 0,
        failures: 0,
      };
      return job;
    });
  }

  /** Starts the crons; with `runNow`, every job also runs once right away. */
  start(runNow = false): void {
    if (runNow) for (const job of this.jobs) this.fire(job);
    for (const job of this.jobs) void this.cycle(job);
  }

  /** A job's life: wait on the clock for its next run, fire it, again, until the scheduler stops. */
  private async cycle(job: Job): Promise<void> {
    for (;;) {
      const next = job.cron.nextRun(this.deps.clock.now());
      if (!next || this.stopping) return;
      try {
        await until(this.deps.clock, next, this.halt.signal);
      } catch {
        return;
      }
      this.fire(job);
    }
  }

  /** The next `count` run times of a job. */
  nextRuns(name: string, count: number): Date[] {
    return this.jobs.find((j) => j.def.name === name)?.cron.nextRuns(count, this.deps.clock.now()) ?? [];
  }

  /** Each job as the status page shows it (structurally the page's own JobStatus). */
  snapshot(): JobSnapshot[] {
    return this.jobs.map((j) => ({
      name: j.def.name,
      schedule: j.def.schedule,
      running: j.state === 'running',
      lastRun: j.lastStart,
      lastSuccess: j.lastSuccess,
      lastError: j.lastError,
      nextRun: (!this.stopping && j.cron.nextRun(this.deps.clock.now())) || undefined,
    }));
  }

  /** What the server shows of the jobs: a `daemon` check in /health, each job on /status. */
  report() {
    const jobs = this.status();
    return {
      health: { daemon: { ok: Object.values(jobs).every((j) => j.ok), jobs } },
      jobs: this.snapshot(),
    };
  }

  /** Each job for /health. */
  status(): Record<string, JobStatus> {
    return Object.fromEntries(
      this.jobs.map((j) => [
        j.def.name,
        {
          ok: j.failures < UNHEALTHY_AFTER_FAILURES,
          schedule: j.def.schedule,
          timezone: j.def.timezone,
          state: j.state,
          runs: j.runs,
          skipped: j.skipped,
          consecutive_failures: j.failures,
          last_run: iso(j.lastStart),
          last_finished: iso(j.lastEnd),
          last_success: iso(j.lastSuccess),
          last_error: j.lastError ? { at: formatIso(j.lastError.at), message: j.lastError.message } : null,
          next_run: this.stopping ? null : iso(j.cron.nextRun(this.deps.clock.now())),
        },
      ]),
    );
  }

  /**
   * Stops scheduling and waits for the runs in progress (a run still waiting for its clone is not
   * started). Returns the jobs still running when the grace period ran out.
   */
  async stop(graceMs: number): Promise<string[]> {
    this.stopping = true;
    this.halt.abort();
    for (const job of this.jobs) job.cron.stop();
    const busy = this.jobs.filter((j) => j.state === 'running').map((j) => j.def.name);
    if (busy.length === 0) return [];
    this.deps.logger.info(`waiting up to ${Math.round(graceMs / 1000)} s for ${busy.join(', ')} to finish`);
    const timeout = new AbortController();
    const finished = await Promise.race([
      Promise.all(this.jobs.map((j) => j.current)).then(() => true),
      this.after(graceMs, timeout.signal).then(
        () => false,
        () => true,
      ),
    ]);
    timeout.abort();
    return finished ? [] : this.jobs.filter((j) => j.state === 'running').map((j) => j.def.name);
  }

  private fire(job: Job): void {
    if (this.stopping) return;
    const log = (message: string) => this.deps.logger.info(`[${job.def.name}] ${message}`);
    if (job.state !== 'idle') {
      job.skipped++;
      log(
        job.state === 'running'
          ? `skipped: the run started ${iso(job.lastStart)} is still going`
          : 'skipped: the previous run is still waiting for its clone',
      );
      return;
    }
    job.state = 'waiting';
    const clone = job.def.clone ?? `(own clone of ${job.def.name})`;
    const holder = this.queues.holder(clone);
    if (holder) log(`waiting: ${holder} is working in ${clone}`);
    job.current = this.queues
      .run(clone, job.def.name, () => this.execute(job, log))
      .finally(() => {
        job.state = 'idle';
        job.current = undefined;
      });
  }

  /**
   * Runs the job under its timeout. When time is up its signal aborts (git processes are killed, a
   * lock wait ends, locks and temporary clones are released on the way out) and the run is a
   * failure; a run that does not stop within STOP_GRACE_MS is no longer waited for, so the job's
   * later runs are never blocked by it.
   */
  private async runBounded(job: Job, log: (message: string) => void): Promise<JobOutcome> {
    const controller = new AbortController();
    const timerStop = new AbortController();
    const limit = `${Math.round(job.def.timeoutMs / 1000)} s`;
    const timedOut = this.after(job.def.timeoutMs, timerStop.signal).then(
      async () => {
        log(`timed out after ${limit}; stopping it`);
        controller.abort(new Error(`the job timed out after ${limit}`));
        await this.after(STOP_GRACE_MS, timerStop.signal).catch(() => {});
        return {
          ok: false,
          error: `timed out after ${limit}; not stopped after ${STOP_GRACE_MS / 1000} s more`,
        };
      },
      () => new Promise<JobOutcome>(() => {}),
    );
    const run = job.def
      .run(controller.signal)
      .catch((err): JobOutcome => ({ ok: false, error: err instanceof Error ? err.message : String(err) }));
    try {
      const outcome = await Promise.race([
        run.then((r) => ({ r, stopped: controller.signal.aborted })),
        timedOut,
      ]);
      if (!('r' in outcome)) return outcome;
      return outcome.stopped ? { ok: false, error: `timed out after ${limit} and was stopped` } : outcome.r;
    } finally {
      timerStop.abort();
    }
  }

  /** A deadline `ms` from now on the clock: it watches the clock, never moves it. */
  private after(ms: number, signal: AbortSignal): Promise<void> {
    return until(this.deps.clock, new Date(this.deps.clock.now().getTime() + ms), signal);
  }

  private execute(job: Job, log: (message: string) => void): Promise<void> {
    return working(this.deps.clock, () => this.executeNow(job, log));
  }

  private async executeNow(job: Job, log: (message: string) => void): Promise<void> {
    if (this.stopping) return log('not started: the daemon is stopping');
    job.state = 'running';
    job.runs++;
    const start = this.deps.clock.now();
    job.lastStart = start;
    log(`run ${job.runs} started`);
    const outcome = await this.runBounded(job, log);
    const end = this.deps.clock.now();
    job.lastEnd = end;
    const took = `${((end.getTime() - start.getTime()) / 1000).toFixed(1)} s`;
    const next = this.stopping ? '' : `; next ${iso(job.cron.nextRun(this.deps.clock.now())) ?? 'never'}`;
    if (outcome.ok) {
      job.failures = 0;
      job.lastSuccess = end;
      log(`run ${job.runs} succeeded in ${took}${next}`);
    } else {
      job.failures++;
      job.lastError = { at: end, message: outcome.error ?? 'failed' };
      log(`run ${job.runs} failed in ${took}: ${job.lastError.message}${next}`);
    }
  }
}
