/**
 * The clock a command runs on: the system clock, or a fixed start time from STAKTRAKR_NOW
 * (ISO-8601) that then advances in real time — for replaying a past moment and for tests.
 * With STAKTRAKR_SLEEP=simulated as well, a wait (retry backoff, Retry-After, lock polls) moves
 * that clock forward at once instead of waiting in real time: simulations (the soak) run hours of
 * retries in milliseconds and every deadline still reads the same clock.
 */
import { type Clock, systemClock } from '../data/time.js';
import { InputError } from './inputs.js';

export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const fixed = env.STAKTRAKR_NOW;
  if (!fixed) return systemClock;
  const start = Date.parse(fixed);
  if (Number.isNaN(start))
    throw new InputError(`STAKTRAKR_NOW (got ${JSON.stringify(fixed)}): must be an ISO-8601 time`);
  let offset = start - Date.now();
  const now = () => new Date(Date.now() + offset);
  if (env.STAKTRAKR_SLEEP !== 'simulated') return { now, sleep: systemClock.sleep };
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
