/**
 * The daily reference time, "HH:MM Area/City" (default 12:00 America/New_York), as a UTC instant for
 * a given date — daylight-saving aware. UTC and New York (from 2007, src/data/market-hours.ts) are
 * computed; other zones use the platform's time zone database, whose first use costs a short run
 * (one spot poll) tens of milliseconds.
 */

import { newYorkOffsetAt, US_DST_RULE_SINCE } from '../data/market-hours.js';
import { MINUTE } from '../data/time.js';
import * as z from '../data/zod.js';

export interface SeedTime {
  hour: number;
  minute: number;
  timeZone: string;
}

/** Zones known without asking the time zone database. */
const COMPUTED_ZONES = ['UTC', 'America/New_York'];

export const seedTimeSchema = z.pipe(
  z.string(),
  z.transform((s: string, ctx): SeedTime => {
    const m = /^(\d{1,2}):(\d{2})(?:\s+([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*))?$/.exec(s.trim());
    const hour = Number(m?.[1]);
    const minute = Number(m?.[2]);
    const timeZone = m?.[3] ?? 'UTC';
    if (!m || hour > 23 || minute > 59) return z.fail(ctx, 'must look like "12:00 America/New_York"');
    try {
      if (!COMPUTED_ZONES.includes(timeZone)) new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      return z.fail(ctx, `unknown time zone "${timeZone}"`);
    }
    return { hour, minute, timeZone };
  }),
);

/** The offset at `at` of the zones computed without the time zone database, or undefined. */
function computedOffset(timeZone: string, at: number): number | undefined {
  if (timeZone === 'UTC') return 0;
  if (timeZone === 'America/New_York' && new Date(at).getUTCFullYear() >= US_DST_RULE_SINCE)
    return newYorkOffsetAt(at);
  return undefined;
}

/** Offset of `timeZone` from UTC at `at`, in milliseconds (positive east of Greenwich). */
function offsetAt(timeZone: string, at: number): number {
  const computed = computedOffset(timeZone, at);
  if (computed !== undefined) return computed;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return local - Math.floor(at / 1000) * 1000;
}

/** The UTC instant at which `date` (YYYY-MM-DD, local to the time zone) reaches the seed time. */
export function seedInstant(date: string, seed: SeedTime): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, seed.hour, seed.minute);
  let guess = wall - offsetAt(seed.timeZone, wall);
  // A second pass settles days where the offset changes between the wall time and the instant.
  guess = wall - offsetAt(seed.timeZone, guess);
  return new Date(Math.round(guess / MINUTE) * MINUTE);
}

/** The local calendar date in the seed's time zone at `at`. */
export function localDate(at: Date, seed: SeedTime): string {
  const computed = computedOffset(seed.timeZone, at.getTime());
  if (computed !== undefined) return new Date(at.getTime() + computed).toISOString().slice(0, 10);
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: seed.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
