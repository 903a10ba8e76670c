/**
 * The clock a command runs on: the system clock, or a fixed start time from STAKTRAKR_NOW
 * (ISO-8601) that then advances in real time — for replaying a past moment and for tests.
 *
 * With STAKTRAKR_SLEEP=simulated as well, a wait (retry backoff, Retry-After, lock polls) moves
 * that clock forward at once instead of waiting in real time: simulations (the soak) run hours of
 * retries in milliseconds and every deadline still reads the same clock.
 *
 * With STAKTRAKR_SLEEP=parent, in a process started with an IPC channel (the soak's daemon), the
 * clock is a `SteppedClock` shared by the whole process (the daemon and every job it runs) whose
 * moves the parent grants: see `SteppedClock` for the protocol.
 */
import { type Clock, systemClock } from '../data/time.js';
import { InputError } from './inputs.js';

export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const fixed = env.STAKTRAKR_NOW;
  if (!fixed) return systemClock;
  const start = Date.parse(fixed);
  if (Number.isNaN(start))
    throw new InputError(`STAKTRAKR_NOW (got ${JSON.stringify(fixed)}): must be an ISO-8601 time`);
  if (env.STAKTRAKR_SLEEP === 'parent' && process.send) {
    processClock ??= new SteppedClock(start, ipcLink());
    return processClock;
  }
  let offset = start - Date.now();
  const now = () => new Date(Date.now() + offset);
  // Without a parent to ask (a child the daemon starts itself), `parent` is `simulated`.
  if (env.STAKTRAKR_SLEEP !== 'simulated' && env.STAKTRAKR_SLEEP !== 'parent')
    return { now, sleep: systemClock.sleep };
  return {
    now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      offset += Math.max(0, ms);
      // A turn of the event loop, so a poll loop on this clock still lets I/O in.
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    },
  };
}

/** Resolves once `clock` reads `at` or later. On a stepped clock it never moves the clock itself. */
export async function until(clock: Clock, at: Date, signal?: AbortSignal): Promise<void> {
  if (clock instanceof SteppedClock) return clock.until(at.getTime(), signal);
  // Real time: in steps of at most an hour, so a clock that jumped (suspend, NTP) is read again.
  for (let left = at.getTime() - clock.now().getTime(); left > 0; left = at.getTime() - clock.now().getTime())
    await clock.sleep(Math.min(left, 3_600_000), signal);
  signal?.throwIfAborted();
}

/** Runs `task` as work in progress: a stepped clock does not move while work is going on and not asleep. */
export function working<T>(clock: Clock, task: () => Promise<T>): Promise<T> {
  return clock instanceof SteppedClock ? clock.work(task) : task();
}

/** How a stepped clock asks to move: resolves with the time it may move to (at most `to`). */
export interface ClockLink {
  advance(to: number): Promise<number>;
}

/** The messages of the IPC protocol (child → parent, parent → child). */
export interface AdvanceRequest {
  type: 'staktrakr:advance';
  /** Epoch milliseconds the child wants to move to: its earliest timer. */
  to: number;
}
export interface AdvanceGrant {
  type: 'staktrakr:advanced';
  /** Epoch milliseconds the child may move to (≤ the request; the parent may hold its answer). */
  to: number;
}

/** The link to the parent process: one request at a time, each answered by one grant. */
function ipcLink(): ClockLink {
  let pending: ((to: number) => void) | undefined;
  const onMessage = (m: unknown) => {
    const grant = m as Partial<AdvanceGrant> | null;
    if (grant?.type !== 'staktrakr:advanced' || typeof grant.to !== 'number' || !pending) return;
    const done = pending;
    pending = undefined;
    done(grant.to);
  };
  process.on('message', onMessage);
  return {
    advance: (to) =>
      new Promise((resolve) => {
        pending = resolve;
        const request: AdvanceRequest = { type: 'staktrakr:advance', to };
        process.send?.(request);
      }),
  };
}

let processClock: SteppedClock | undefined;

interface Timer {
  at: number;
  /** A `sleep` (the caller waits, and may move the clock) rather than an `until` (it only watches). */
  asleep: boolean;
  fire(): void;
}

/**
 * A simulated clock whose moves another party grants — a discrete-event clock for a process with
 * several things waiting at once (the daemon: each job's next run, each run's timeout, a run's
 * backoff). It reads its last granted time plus the real time since, so the work of a run takes the
 * seconds it takes. It moves only when every piece of `work` in progress is asleep (or none is
 * going on): it then asks its link to move to its earliest timer, and fires every timer the granted
 * time reaches. A timer also fires when real time carries the clock past it (a run's timeout while
 * the run is stuck in I/O).
 *
 * The parent's side: it answers each request with a later time up to the requested one, or holds its
 * answer (keeping the child where it is, at a meeting point) until it can; the child asks again after
 * each grant until its timer is reached.
 */
export class SteppedClock implements Clock {
  private sim: number;
  private real = performance.now();
  private readonly timers = new Set<Timer>();
  private busy = 0;
  private asleep = 0;
  private asking = false;
  private wake: NodeJS.Timeout | undefined;

  constructor(
    start: number,
    private readonly link: ClockLink,
  ) {
    this.sim = start;
  }

  private ms(): number {
    return this.sim + (performance.now() - this.real);
  }

  now(): Date {
    return new Date(this.ms());
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.timer(this.ms() + Math.max(0, ms), true, signal);
  }

  until(at: number, signal?: AbortSignal): Promise<void> {
    return this.timer(at, false, signal);
  }

  async work<T>(task: () => Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await task();
    } finally {
      this.busy--;
      this.settle();
    }
  }

  private timer(at: number, asleep: boolean, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: Timer = {
        at,
        asleep,
        fire: () => {
          signal?.removeEventListener('abort', abort);
          resolve();
        },
      };
      const abort = () => {
        this.remove(timer);
        reject(signal?.reason);
        this.settle();
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.timers.add(timer);
      if (asleep) this.asleep++;
      this.settle();
    });
  }

  private remove(timer: Timer) {
    if (this.timers.delete(timer) && timer.asleep) this.asleep--;
  }

  /** Fires the timers now reached, re-arms the real-time wake, and asks to move when nothing works. */
  private settle(): void {
    const now = this.ms();
    const due = [...this.timers].filter((t) => t.at <= now).sort((a, b) => a.at - b.at);
    for (const t of due) {
      this.remove(t);
      t.fire();
    }
    clearTimeout(this.wake);
    const next = this.earliest();
    if (next === undefined) return;
    // Bounded: setTimeout fires at once past 2^31 - 1 ms (a yearly schedule is further than that).
    this.wake = setTimeout(() => this.settle(), Math.min(Math.max(1, next - now), 2 ** 31 - 1));
    // After a turn of the event loop: what the fired timers start (a run) has then said it works,
    // and the timers set in this turn are all known.
    setImmediate(() => this.ask());
  }

  private earliest(): number | undefined {
    let next: number | undefined;
    for (const t of this.timers) if (next === undefined || t.at < next) next = t.at;
    return next;
  }

  private ask(): void {
    if (this.asking || this.busy > this.asleep) return;
    const to = this.earliest();
    if (to === undefined) return;
    this.asking = true;
    void this.link.advance(to).then((granted) => {
      this.asking = false;
      // Never past a timer set while the request was on its way.
      const target = Math.min(granted, this.earliest() ?? granted);
      if (target > this.ms()) {
        this.sim = target;
        this.real = performance.now();
      }
      this.settle();
    });
  }
}
