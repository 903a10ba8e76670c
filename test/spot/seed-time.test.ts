/**
 * The reference time in New York is computed (src/data/market-hours.ts) instead of asking ICU: it
 * must give what the time zone database gives. `US/Eastern`, a link to the same zone, still goes
 * through Intl, so the two are compared over every day of 2026 and 2027, and at the switches.
 */
import { describe, expect, it } from 'vitest';
import { localDate, type SeedTime, seedInstant, seedTimeSchema } from '../../src/spot/seed-time.js';

const seed = (s: string): SeedTime => seedTimeSchema.parse(s);
const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

describe('seed time in America/New_York without ICU', () => {
  it('gives the instants the tz database gives, every day of 2026–2027, including times the switches skip or repeat', () => {
    for (const time of ['12:00', '00:00', '01:30', '02:00', '02:30', '03:00', '17:00', '23:59']) {
      const computed = seed(`${time} America/New_York`);
      const byIntl = seed(`${time} US/Eastern`);
      for (const day of days('2026-01-01', '2027-12-31'))
        expect(seedInstant(day, computed).toISOString(), `${day} ${time}`).toBe(
          seedInstant(day, byIntl).toISOString(),
        );
    }
    expect(seedInstant('2026-07-01', seed('12:00 America/New_York')).toISOString()).toBe(
      '2026-07-01T16:00:00.000Z',
    );
    expect(seedInstant('2026-12-01', seed('12:00 America/New_York')).toISOString()).toBe(
      '2026-12-01T17:00:00.000Z',
    );
  });

  it('gives the local date the tz database gives, every 15 minutes around midnight and the switches', () => {
    const ny = seed('12:00 America/New_York');
    const eastern = seed('12:00 US/Eastern');
    for (const day of [
      ...days('2026-03-07', '2026-03-09'),
      ...days('2026-10-31', '2026-11-02'),
      ...days('2027-03-13', '2027-03-15'),
      ...days('2027-11-06', '2027-11-08'),
      '2026-12-31',
      '2027-01-01',
    ]) {
      const from = Date.parse(`${day}T00:00:00Z`);
      for (let t = from; t < from + 86_400_000; t += 15 * 60_000)
        expect(localDate(new Date(t), ny), new Date(t).toISOString()).toBe(localDate(new Date(t), eastern));
    }
  });

  it('still checks other zones against the tz database, and leaves years before the 2007 rule to it', () => {
    expect(() => seed('12:00 Mars/Olympus')).toThrow(/unknown time zone \\"Mars\/Olympus\\"/);
    expect(seed('09:30 Europe/London')).toEqual({ hour: 9, minute: 30, timeZone: 'Europe/London' });
    // 2006: DST began on the first Sunday of April.
    expect(seedInstant('2006-03-20', seed('12:00 America/New_York')).toISOString()).toBe(
      '2006-03-20T17:00:00.000Z',
    );
  });
});
