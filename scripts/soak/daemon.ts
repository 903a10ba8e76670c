/**
 * B's daemon as the container runs it — `staktrakr daemon` in a child process with its persistent
 * clone and its shipped schedules — on a simulated clock this side steps (runtime/clock.ts,
 * `SteppedClock`): the child asks over its IPC channel to move to its next timer, and this side
 * grants at most the next 5-minute tick and never past the meeting point (`runUntil`), running the
 * tick's work first (faults, the upstream's clock) so the peers answer at the child's simulated now.
 *
 * Each run of a job is read from the daemon's log (`[job] run N started`, `… succeeded`, `… failed
 * in … s: error`), as an operator reads it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { AdvanceGrant, AdvanceRequest } from '../../src/runtime/clock.js';

const TICK = 5 * 60_000;

export interface DaemonRun {
  job: string;
  /** B's granted time when the run started (the start of its tick). */
  tickAt: Date;
  realStart: number;
  /** Lines the job printed during the run. */
  lines: string[];
}

export interface DaemonEvents {
  /** Before the clock reaches tick `at`: that moment's faults and the upstream's state. */
  before(at: Date): Promise<void> | void;
  /** Once the runs of tick `at` are done (the child asks to move past it). */
  after(at: Date): Promise<void> | void;
  /** The clock granted to the child (the upstream follows it). */
  granted(at: Date): void;
  started(run: DaemonRun): void;
  finished(run: DaemonRun, outcome: { ok: boolean; error?: string }): void;
}

export class SimulatedDaemon {
  private proc: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** The child's clock as last granted (epoch ms). */
  private time: number;
  private limit: number;
  private request: number | undefined;
  private pumping = false;
  /** The last ticks whose `before` and `after` ran. */
  private beforeDone: number;
  private afterDone: number;
  private readonly waiters: { limit: number; done: () => void }[] = [];
  private readonly running = new Map<string, DaemonRun>();
  /** Lines of the daemon's log (the last ones), for a failure's report. */
  readonly log: string[] = [];
  host: string | undefined;

  constructor(
    private readonly command: string[],
    private readonly env: Record<string, string | undefined>,
    start: Date,
    private readonly events: DaemonEvents,
  ) {
    // A second before the first tick, so the jobs due at it run.
    this.time = start.getTime() - 1_000;
    this.limit = this.time;
    this.beforeDone = start.getTime() - TICK;
    this.afterDone = start.getTime() - TICK;
  }

  get pid() {
    return this.proc?.pid;
  }

  get now() {
    return new Date(this.time);
  }

  get alive() {
    return this.proc !== undefined;
  }

  /** Starts the daemon at the current simulated time; with `host`, in a UTS namespace under that hostname. */
  start(host?: string): void {
    this.host = host;
    const argv = host
      ? ['unshare', '--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', host, ...this.command]
      : this.command;
    const proc = spawn(argv[0]!, argv.slice(1), {
      env: {
        ...this.env,
        STAKTRAKR_NOW: new Date(this.time).toISOString(),
        STAKTRAKR_SLEEP: 'parent',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.proc = proc;
    this.request = undefined;
    this.running.clear();
    const read = (stream: NodeJS.ReadableStream | null) => {
      let rest = '';
      stream?.on('data', (chunk: Buffer) => {
        const parts = (rest + chunk.toString('utf8')).split('\n');
        rest = parts.pop()!;
        for (const line of parts) this.line(line);
      });
    };
    read(proc.stdout);
    read(proc.stderr);
    proc.on('message', (m: AdvanceRequest) => {
      if (m?.type !== 'staktrakr:advance' || proc !== this.proc) return;
      this.request = m.to;
      void this.pump();
    });
    this.exited = new Promise((resolve) =>
      proc.on('exit', () => {
        if (this.proc === proc) this.proc = undefined;
        resolve();
      }),
    );
  }

  /** SIGKILL: the runs in progress die with it (returned, for the record). */
  async kill(): Promise<DaemonRun[]> {
    const proc = this.proc;
    if (!proc) return [];
    const cut = [...this.running.values()];
    this.running.clear();
    this.proc = undefined;
    const gone = this.exited;
    proc.kill('SIGKILL');
    await gone;
    return cut;
  }

  /** SIGTERM, as a container stop sends it (the profiler then writes its file); SIGKILL after 30 s. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    const gone = this.exited;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
    await gone;
    clearTimeout(timer);
    this.proc = undefined;
  }

  /** The runs in progress. */
  inProgress(): DaemonRun[] {
    return [...this.running.values()];
  }

  /**
   * Lets the child's clock reach `limit` (the jobs due at it included) and resolves once the child,
   * done with them, asks to move past it.
   */
  runUntil(limit: Date): Promise<void> {
    this.limit = limit.getTime();
    const reached = new Promise<void>((done) => this.waiters.push({ limit: this.limit, done }));
    void this.pump();
    return reached;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.request !== undefined) {
        const [proc, request] = [this.proc, this.request];
        const tick = (Math.floor(this.time / TICK) + 1) * TICK;
        const to = Math.min(request, tick, this.limit);
        if (to <= this.time) {
          // The child is idle at the limit: the runs up to it are done.
          await this.finishTick();
          for (const w of this.waiters.splice(0)) w.done();
          return;
        }
        if (to === tick) {
          await this.finishTick();
          if (tick > this.beforeDone) {
            this.beforeDone = tick;
            await this.events.before(new Date(tick));
          }
        }
        // The daemon was killed and started again meanwhile: answer the new one's request.
        if (this.proc !== proc || this.request !== request) continue;
        this.time = to;
        this.events.granted(new Date(to));
        this.request = undefined;
        const grant: AdvanceGrant = { type: 'staktrakr:advanced', to };
        this.proc?.send(grant);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** The `after` of the tick the clock is on, once. */
  private async finishTick() {
    const tick = Math.floor(this.time / TICK) * TICK;
    if (tick <= this.afterDone) return;
    this.afterDone = tick;
    await this.events.after(new Date(tick));
  }

  private line(line: string) {
    this.log.push(line);
    if (this.log.length > 200) this.log.splice(0, 100);
    const m = /\[([a-z-]+)\] (.*)$/.exec(line);
    if (!m) return;
    const [, job, text] = m as unknown as [string, string, string];
    const started = /^run \d+ started$/.exec(text);
    if (started) {
      const run: DaemonRun = {
        job,
        tickAt: new Date(Math.floor(this.time / TICK) * TICK),
        realStart: performance.now(),
        lines: [],
      };
      this.running.set(job, run);
      this.events.started(run);
      return;
    }
    const run = this.running.get(job);
    if (!run) return;
    const ok = /^run \d+ succeeded in /.test(text);
    const failed = /^run \d+ failed in [\d.]+ s: (.*?)(; next .*)?$/.exec(text);
    if (ok || failed) {
      this.running.delete(job);
      this.events.finished(run, ok ? { ok } : { ok: false, error: failed![1] });
    } else if (run.lines.length < 50) run.lines.push(text);
  }
}
