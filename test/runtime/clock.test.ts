/** The command clock: STAKTRAKR_NOW replays a moment; STAKTRAKR_SLEEP=simulated turns waits into clock moves. */
import { describe, expect, it } from 'vitest';
import { clockFromEnv } from '../../src/runtime/clock.js';

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
