import { describe, expect, it } from 'vitest';
import {
  easterSunday,
  exchangeHolidays,
  inWeeklyClosure,
  isMarketOpen,
  lastMarketOpenBefore,
  newYorkOffsetAt,
  newYorkTime,
  spotIsFresh,
} from '../../src/data/market-hours.js';

const at = (iso: string) => new Date(iso);
const last = (iso: string) => lastMarketOpenBefore(at(iso)).toISOString();

describe('the exchange calendar', () => {
  it('finds Easter by the computus (published dates, including the extremes)', () => {
    const known: Record<number, string> = {
      1818: '1818-03-22',
      1943: '1943-04-25',
      2000: '2000-04-23',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2038: '2038-04-25',
      2285: '2285-03-22',
    };
    for (const [year, date] of Object.entries(known))
      expect(easterSunday(Number(year)).toISOString().slice(0, 10), year).toBe(date);
  });

  it("closes New Year's Day, Good Friday and Christmas; a Sunday holiday moves to Monday", () => {
    const days = (y: number) => exchangeHolidays(y).map((d) => d.toISOString().slice(0, 10));
    expect(days(2026)).toEqual(['2026-01-01', '2026-04-03', '2026-12-25']);
    expect(days(2022)).toEqual(['2022-01-01', '2022-04-15', '2022-12-26']);
    expect(days(2023)).toEqual(['2023-01-02', '2023-04-07', '2023-12-25']);
  });

  it('converts New York wall time like the tz database does, every day of 2019–2031', () => {
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    for (let t = Date.UTC(2019, 0, 1); t < Date.UTC(2032, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      for (const hour of [17, 18]) {
        const instant = newYorkTime(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour);
        const want = `${d.toISOString().slice(5, 7)}/${d.toISOString().slice(8, 10)}/${d.getUTCFullYear()}, ${hour}:00`;
        expect(fmt.format(instant)).toBe(want);
      }
    }
  });
});

describe('newYorkOffsetAt', () => {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'longOffset' });
  const offsetByIntl = (at: number) => {
    const parts = fmt.formatToParts(new Date(at));
    const m = /GMT([+-])(\d\d):(\d\d)/.exec(parts.find((p) => p.type === 'timeZoneName')!.value)!;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  };

  it('agrees with the tz database every 15 minutes across both switches of 2026 and 2027', () => {
    const edges = ['2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'];
    for (const day of edges) {
      const from = Date.parse(`${day}T00:00:00Z`);
      for (let t = from; t < from + 86_400_000; t += 15 * 60_000)
        expect(newYorkOffsetAt(t), new Date(t).toISOString()).toBe(offsetByIntl(t));
    }
    // The switch itself, to the millisecond: 02:00 local.
    expect(newYorkOffsetAt(Date.parse('2026-03-08T06:59:59.999Z'))).toBe(-5 * 3_600_000);
    expect(newYorkOffsetAt(Date.parse('2026-03-08T07:00:00Z'))).toBe(-4 * 3_600_000);
    expect(newYorkOffsetAt(Date.parse('2027-11-07T05:59:59.999Z'))).toBe(-4 * 3_600_000);
    expect(newYorkOffsetAt(Date.parse('2027-11-07T06:00:00Z'))).toBe(-5 * 3_600_000);
  });

  it('agrees with the tz database every 7 hours (every hour of the day in turn) of 2007–2040', () => {
    for (let t = Date.UTC(2007, 0, 1); t < Date.UTC(2041, 0, 1); t += 7 * 3_600_000)
      expect(newYorkOffsetAt(t), new Date(t).toISOString()).toBe(offsetByIntl(t));
  });
});

describe('inWeeklyClosure', () => {
  // The tz database's New York, as an oracle: Friday 17:00 to Sunday 18:00 wall time.
  const NY = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    hourCycle: 'h23',
    weekday: 'short',
    hour: '2-digit',
  });
  const oracle = (t: Date) => {
    const parts = Object.fromEntries(NY.formatToParts(t).map((p) => [p.type, p.value]));
    const hour = Number(parts.hour);
    return (
      parts.weekday === 'Sat' ||
      (parts.weekday === 'Fri' && hour >= 17) ||
      (parts.weekday === 'Sun' && hour < 18)
    );
  };

  it('agrees with the tz database every 15 minutes of 2025–2027, both DST switches included', () => {
    const wrong: string[] = [];
    for (let t = Date.parse('2025-01-01T00:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += 15 * 60_000)
      if (inWeeklyClosure(new Date(t)) !== oracle(new Date(t))) wrong.push(new Date(t).toISOString());
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('has its edges at Friday 17:00 and Sunday 18:00 ET, in summer and in winter', () => {
    expect(inWeeklyClosure(at('2026-07-10T20:59:00Z'))).toBe(false); // Fri 16:59 EDT
    expect(inWeeklyClosure(at('2026-07-10T21:00:00Z'))).toBe(true);
    expect(inWeeklyClosure(at('2026-11-01T22:59:00Z'))).toBe(true); // Sun 17:59 EST, the day DST ends
    expect(inWeeklyClosure(at('2026-11-01T23:00:00Z'))).toBe(false);
  });
});

describe('lastMarketOpenBefore', () => {
  it('is now while the market trades, and the 17:00 ET close during the daily break', () => {
    expect(last('2026-03-11T15:00:00Z')).toBe('2026-03-11T15:00:00.000Z');
    expect(isMarketOpen(at('2026-03-11T15:00:00Z'))).toBe(true);
    expect(last('2026-03-11T21:30:00Z')).toBe('2026-03-11T21:00:00.000Z');
    expect(isMarketOpen(at('2026-03-11T21:30:00Z'))).toBe(false);
    expect(last('2026-03-11T22:00:00Z')).toBe('2026-03-11T22:00:00.000Z');
  });

  it("holds Friday's close all weekend, until Sunday 18:00 ET", () => {
    expect(last('2026-03-13T20:59:00Z')).toBe('2026-03-13T20:59:00.000Z');
    expect(last('2026-03-14T12:00:00Z')).toBe('2026-03-13T21:00:00.000Z');
    expect(last('2026-03-15T21:59:59Z')).toBe('2026-03-13T21:00:00.000Z');
    expect(last('2026-03-15T22:00:00Z')).toBe('2026-03-15T22:00:00.000Z');
  });

  it('follows daylight saving: the weekends it starts and ends', () => {
    // Friday 6 March 2026 is still EST (close 22:00 UTC); Sunday 8 March opens at 18:00 EDT = 22:00 UTC.
    expect(last('2026-03-07T12:00:00Z')).toBe('2026-03-06T22:00:00.000Z');
    expect(last('2026-03-08T21:59:00Z')).toBe('2026-03-06T22:00:00.000Z');
    expect(last('2026-03-08T22:30:00Z')).toBe('2026-03-08T22:30:00.000Z');
    // Friday 30 October 2026 is EDT (close 21:00 UTC); Sunday 1 November opens at 18:00 EST = 23:00 UTC.
    expect(last('2026-11-01T22:30:00Z')).toBe('2026-10-30T21:00:00.000Z');
    expect(last('2026-11-01T23:00:00Z')).toBe('2026-11-01T23:00:00.000Z');
  });

  it('skips the holidays: Good Friday, Christmas on a Friday, Christmas observed on a Monday', () => {
    expect(last('2026-04-03T15:00:00Z')).toBe('2026-04-02T21:00:00.000Z');
    expect(last('2026-04-05T21:59:00Z')).toBe('2026-04-02T21:00:00.000Z');
    expect(last('2026-12-26T12:00:00Z')).toBe('2026-12-24T22:00:00.000Z');
    expect(last('2027-01-01T15:00:00Z')).toBe('2026-12-31T22:00:00.000Z');
    expect(last('2022-12-26T15:00:00Z')).toBe('2022-12-23T22:00:00.000Z');
    expect(last('2022-12-26T23:00:00Z')).toBe('2022-12-26T23:00:00.000Z');
    // New Year's Day on a Saturday closes nothing more than the weekend.
    expect(last('2027-12-31T15:00:00Z')).toBe('2027-12-31T15:00:00.000Z');
  });
});

describe('spotIsFresh', () => {
  it("keeps Friday's close fresh until the market reopens, then ages it", () => {
    const fridayClose = at('2026-03-13T20:45:00Z');
    expect(spotIsFresh(fridayClose, at('2026-03-14T12:00:00Z'), 120)).toBe(true);
    expect(spotIsFresh(fridayClose, at('2026-03-15T21:59:00Z'), 120)).toBe(true);
    expect(spotIsFresh(fridayClose, at('2026-03-15T23:44:00Z'), 120)).toBe(true);
    expect(spotIsFresh(fridayClose, at('2026-03-15T23:46:00Z'), 120)).toBe(false);
    expect(spotIsFresh(fridayClose, at('2026-03-16T14:00:00Z'), 120)).toBe(false);
  });

  it('keeps the last price before a holiday fresh through it', () => {
    const thursday = at('2026-04-02T20:45:00Z');
    expect(spotIsFresh(thursday, at('2026-04-03T15:00:00Z'), 120)).toBe(true);
    expect(spotIsFresh(thursday, at('2026-04-05T23:00:00Z'), 120)).toBe(true);
    expect(spotIsFresh(thursday, at('2026-04-06T01:00:00Z'), 120)).toBe(false);
    expect(spotIsFresh(at('2026-12-24T21:50:00Z'), at('2026-12-26T18:00:00Z'), 60)).toBe(true);
  });

  it('counts a year-old price as stale without walking forever', () => {
    expect(spotIsFresh(at('2020-01-01T00:00:00Z'), at('2026-03-11T15:00:00Z'), 60 * 24 * 365)).toBe(false);
  });

  it('judges by wall time while the market trades', () => {
    const price = at('2026-03-11T14:00:00Z');
    expect(spotIsFresh(price, at('2026-03-11T16:00:00Z'), 120)).toBe(true);
    expect(spotIsFresh(price, at('2026-03-11T16:01:00Z'), 120)).toBe(false);
    // A price from the future (a clock ahead) is not stale.
    expect(spotIsFresh(at('2026-03-11T17:00:00Z'), at('2026-03-11T16:00:00Z'), 0)).toBe(true);
  });
});
