/** The command clock: STAKTRAKR_NOW replays a moment; STAKTRAKR_SLEEP=simulated turns waits into clock moves. */
import { describe, expect, it } from 'vitest';
import { clockFromEnv, SteppedClock, until, working } from '../../src/runtime/clock.js';

describe('clockFromEnv', () => {
  it('a simulated sleep moves the clock by the wait at once', async () => {
    const clock = clockFromEnv({ STAKTRAKR_NOW: '2026-11-01T12:00:00Z', STAKTRAKR_SLEEP: 'simulated' });
    const real = performance.now();
    await clock.sleep(3_600_000);
    expect(performance.now() - real).toBeLessThan(1_000);
    expect(clock.now().getTime() - Date.parse('2026-11-01T13:00:00Z')).toBeGreaterThanOrEqual(0);
    expect(clock.now().getTime() - Date.parse('2026-11-01T13:00:00Z')).toBeLessThan(1_000);
  });

  it('an aborted simulated sleep throws the reason and does not move the clock', async () => {
    const clock = clockFromEnv({ STAKTRAKR_NOW: '2026-11-01T12:00:00Z', STAKTRAKR_SLEEP: 'simulated' });
    const stop = new AbortController();
    stop.abort(new Error('stopped'));
    await expect(clock.sleep(60_000, stop.signal)).rejects.toThrow('stopped');
    expect(clock.now().getTime() - Date.parse('2026-11-01T12:00:00Z')).toBeLessThan(1_000);
  });

  it('without it a sleep waits in real time, and without STAKTRAKR_NOW the setting is ignored', async () => {
    for (const env of [{ STAKTRAKR_NOW: '2026-11-01T12:00:00Z' }, { STAKTRAKR_SLEEP: 'simulated' }]) {
      const clock = clockFromEnv(env);
      const real = performance.now();
      await clock.sleep(50);
      expect(performance.now() - real).toBeGreaterThanOrEqual(45);
    }
  });
});

/** A parent that grants each request at once up to `limit` (holding it when that is no progress), recording what it was asked. */
const parent = (limit = Number.POSITIVE_INFINITY) => {
  const asked: number[] = [];
  const held: (() => void)[] = [];
  const state = { limit, granted: 0 };
  const link = {
    advance: (to: number) =>
      new Promise<number>((resolve) => {
        asked.push(to);
        const grant = () => resolve(Math.min(to, state.limit));
        if (Math.min(to, state.limit) > state.granted) {
          state.granted = Math.min(to, state.limit);
          grant();
        } else
          held.push(() => {
            state.granted = Math.min(to, state.limit);
            grant();
          });
      }),
  };
  const raise = (to: number) => {
    state.limit = to;
    for (const g of held.splice(0)) g();
  };
  return { link, asked, raise };
};

const T0 = Date.parse('2026-11-01T12:00:00Z');
const MIN = 60_000;

describe('SteppedClock (the clock a parent steps)', () => {
  it('an idle process moves to its earliest timer, and fires the timers in time order', async () => {
    const p = parent();
    const clock = new SteppedClock(T0, p.link);
    const fired: string[] = [];
    await Promise.all([
      until(clock, new Date(T0 + 30 * MIN)).then(() => fired.push(`b ${clock.now().getTime() - T0}`)),
      until(clock, new Date(T0 + 5 * MIN)).then(() => fired.push(`a ${clock.now().getTime() - T0}`)),
    ]);
    expect(fired.map((f) => f.split(' ')[0])).toEqual(['a', 'b']);
    expect(p.asked).toEqual([T0 + 5 * MIN, T0 + 30 * MIN]);
    expect(Number(fired[1]!.split(' ')[1])).toBeLessThan(30 * MIN + 1_000);
  });

  it('does not move while work is going on and awake: a deadline then waits for real time', async () => {
    const p = parent();
    const clock = new SteppedClock(T0, p.link);
    let release!: () => void;
    const busy = working(clock, () => new Promise<void>((r) => (release = r)));
    const deadline = until(clock, new Date(T0 + 60 * MIN)).then(() => 'deadline');
    await new Promise((r) => setTimeout(r, 50));
    expect(p.asked).toEqual([]);
    expect(clock.now().getTime() - T0).toBeLessThan(1_000);
    release();
    await busy;
    expect(await deadline).toBe('deadline');
    expect(p.asked).toEqual([T0 + 60 * MIN]);
  });

  it('work asleep moves the clock to the end of its sleep (a backoff), firing the deadlines passed', async () => {
    const p = parent();
    const clock = new SteppedClock(T0, p.link);
    const order: string[] = [];
    const timeout = until(clock, new Date(T0 + 5 * MIN)).then(() => order.push('timeout'));
    await working(clock, async () => {
      await clock.sleep(10 * MIN);
      order.push('slept');
    });
    await timeout;
    expect(order).toEqual(['timeout', 'slept']);
    expect(clock.now().getTime() - T0).toBeGreaterThanOrEqual(10 * MIN);
  });

  it('the parent holds it at a meeting point: no timer beyond it fires until the parent lets it go', async () => {
    const p = parent(T0 + 15 * MIN);
    const clock = new SteppedClock(T0, p.link);
    let fired = false;
    const later = until(clock, new Date(T0 + 20 * MIN)).then(() => {
      fired = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(fired).toBe(false);
    expect(clock.now().getTime() - (T0 + 15 * MIN)).toBeGreaterThanOrEqual(0);
    expect(clock.now().getTime() - (T0 + 15 * MIN)).toBeLessThan(1_000);
    p.raise(T0 + 60 * MIN);
    await later;
    expect(clock.now().getTime() - (T0 + 20 * MIN)).toBeGreaterThanOrEqual(0);
  });

  it('an aborted wait throws its reason and no longer holds the clock', async () => {
    const p = parent();
    const clock = new SteppedClock(T0, p.link);
    const stop = new AbortController();
    const waiting = working(clock, () => clock.sleep(60 * MIN, stop.signal));
    stop.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    await expect(until(clock, new Date(T0 - MIN), stop.signal)).rejects.toThrow('stopped');
  });
});
