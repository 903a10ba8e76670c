/**
 * The clock a command runs on: the system clock, or a fixed start time from STAKTRAKR_NOW
 * (ISO-8601) that then advances in real time — for replaying a past moment and for tests.
 */
import { type Clock, systemClock } from '../data/time.js';
import { InputError } from './inputs.js';

export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const fixed = env.STAKTRAKR_NOW;
  if (!fixed) return systemClock;
  const start = Date.parse(fixed);
  if (Number.isNaN(start))
    throw new InputError(`STAKTRAKR_NOW (got ${JSON.stringify(fixed)}): must be an ISO-8601 time`);
  const offset = start - Date.now();
  return { now: () => new Date(Date.now() + offset), sleep: systemClock.sleep };
}
