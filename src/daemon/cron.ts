/**
 * Job schedules as the environment gives them: a cron expression (five fields, or six with seconds
 * first), a bare minute list such as `10,25,40,55` (the original containers' CRON_SCHEDULE form),
 * or `off`. Parsed by croner, so a bad expression fails at start, naming the input.
 */
import { Cron } from 'croner';
import * as z from '../data/zod.js';

/** Minutes only: digits, `*`, `,`, `-` and `/`, no spaces. */
const MINUTE_LIST = /^[0-9*,/-]+$/;

/** The expression croner runs, or null when the job is off. Throws with the reason when invalid. */
export function normalizeSchedule(text: string): string | null {
  const value = text.trim().replace(/\s+/g, ' ');
  if (value.toLowerCase() === 'off') return null;
  const expression = MINUTE_LIST.test(value) ? `${value} * * * *` : value;
  const fields = expression.split(' ').length;
  if (fields !== 5 && fields !== 6) {
    throw new Error('must be a minute list (5,35), a cron expression of 5 or 6 fields, or off');
  }
  new Cron(expression, { paused: true }).stop();
  return expression;
}

export const scheduleSchema = z.pipe(
  z.string(),
  z.transform((s: string, ctx) => {
    try {
      return normalizeSchedule(s);
    } catch (err) {
      return z.fail(ctx, (err as Error).message);
    }
  }),
);

export const timezoneSchema = z.string().check(
  z.trim(),
  z.refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone such as UTC or America/New_York' },
  ),
);

/**
 * A cron for an expression from `normalizeSchedule` that computes run times and never fires itself:
 * the scheduler waits for them on its own clock.
 */
export const pausedCron = (expression: string, timezone: string) =>
  new Cron(expression, { paused: true, timezone });
