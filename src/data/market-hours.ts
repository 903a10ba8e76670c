/**
 * When the spot market trades, for freshness rules: no new spot price is expected while it is
 * closed, so a price is judged against the last instant the market was open, not against now.
 *
 * Gold (COMEX/Globex hours, America/New_York): a session runs from 18:00 ET on the evening before
 * its trade date to 17:00 ET on the trade date. Trade dates are Monday–Friday, so the market opens
 * Sunday 18:00 and closes Friday 17:00 with a daily 17:00–18:00 break. New Year's Day, Good Friday
 * and Christmas have no session (a Sunday holiday is observed on the Monday). Everything is
 * computed — US daylight-saving rule, Easter by the computus — so no table needs a yearly update.
 */
import { DAY, floorDay, HOUR, MINUTE } from './time.js';

const OPEN_HOUR_ET = 18;
const CLOSE_HOUR_ET = 17;

/** Day of the month (1–31) of the n-th (1-based) given weekday (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
}

/**
 * UTC offset of New York in hours (-4 or -5) on a calendar date, valid for the afternoon and
 * evening (the switch happens at 02:00 local): daylight time from the second Sunday of March to
 * the first Sunday of November (the US rule since 2007).
 */
export function newYorkOffsetHours(year: number, month: number, day: number): number {
  // Noon UTC is past the switch (06:00/07:00 UTC) on every date: the date's own offset from then on.
  return newYorkOffsetAt(Date.UTC(year, month, day, 12)) / HOUR;
}

/** The first year of the US daylight-saving rule computed here; earlier New York offsets are not. */
export const US_DST_RULE_SINCE = 2007;

/**
 * UTC offset of New York in milliseconds at an instant, exact to the switch at 02:00 local (07:00
 * UTC on the second Sunday of March, 06:00 UTC on the first Sunday of November), from 2007 on.
 */
export function newYorkOffsetAt(at: number): number {
  const year = new Date(at).getUTCFullYear();
  const start = Date.UTC(year, 2, nthWeekday(year, 2, 0, 2), 7);
  const end = Date.UTC(year, 10, nthWeekday(year, 10, 0, 1), 6);
  return (at >= start && at < end ? -4 : -5) * HOUR;
}

/** The instant of `hour`:00 New York time on a calendar date (month 0-based, day may overflow). */
export function newYorkTime(year: number, month: number, day: number, hour: number): Date {
  const date = new Date(Date.UTC(year, month, day));
  const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
  return new Date(Date.UTC(y, m, d, hour) - newYorkOffsetHours(y, m, d) * HOUR);
}

/** Easter Sunday (Gregorian; anonymous computus, Meeus/Jones/Butcher), as midnight UTC. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

/** A fixed-date holiday that falls on a Sunday is observed on the Monday. */
const observed = (d: Date) => (d.getUTCDay() === 0 ? new Date(d.getTime() + DAY) : d);

/**
 * In the weekly closure, Friday 17:00 to Sunday 18:00 New York time (holidays aside). A slot then
 * counts as missing only where the upstream quoted that closure (see spot/backfill.ts).
 */
export function inWeeklyClosure(at: Date): boolean {
  // The offset of the UTC date is right at both edges (Friday 17:00, Sunday 18:00 ET); the DST
  // switch, at 02:00 on a Sunday, falls inside the closure either way.
  const offset = newYorkOffsetHours(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const local = new Date(at.getTime() + offset * HOUR);
  const [day, hour] = [local.getUTCDay(), local.getUTCHours()];
  return day === 6 || (day === 5 && hour >= CLOSE_HOUR_ET) || (day === 0 && hour < OPEN_HOUR_ET);
}

/** `YYYY-MM-DD` falls on Monday to Friday (the real spot history has no Saturday or Sunday entry). */
export function isBusinessDay(date: string): boolean {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

/** Exchange holidays of a year (dates as midnight UTC): New Year's Day, Good Friday, Christmas. */
export function exchangeHolidays(year: number): Date[] {
  return [
    observed(new Date(Date.UTC(year, 0, 1))),
    new Date(easterSunday(year).getTime() - 2 * DAY),
    observed(new Date(Date.UTC(year, 11, 25))),
  ];
}

/** Whether a New York calendar date (midnight UTC) is a trade date: a weekday that is no holiday. */
export function isTradeDate(date: Date): boolean {
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !exchangeHolidays(date.getUTCFullYear()).some((h) => h.getTime() === date.getTime());
}

export interface Session {
  open: Date;
  close: Date;
}

/** The session of a trade date: 18:00 ET the evening before to 17:00 ET on the date. */
export function sessionOf(tradeDate: Date): Session {
  const [y, m, d] = [tradeDate.getUTCFullYear(), tradeDate.getUTCMonth(), tradeDate.getUTCDate()];
  return { open: newYorkTime(y, m, d - 1, OPEN_HOUR_ET), close: newYorkTime(y, m, d, CLOSE_HOUR_ET) };
}

/** The longest closure (Good Friday weekend plus a holiday) is well under this many days. */
const SEARCH_DAYS = 14;

/**
 * The latest instant at or before `now` at which the market was open: `now` itself during a
 * session, otherwise the close of the last session (Friday 17:00 ET all weekend long).
 */
export function lastMarketOpenBefore(now: Date): Date {
  // New York is behind UTC: a session already open has a trade date no later than tomorrow (UTC).
  const tomorrow = floorDay(now).getTime() + DAY;
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const date = new Date(tomorrow - i * DAY);
    if (!isTradeDate(date)) continue;
    const { open, close } = sessionOf(date);
    if (open <= now) return now < close ? now : close;
  }
  return now;
}

export const isMarketOpen = (now: Date) => lastMarketOpenBefore(now).getTime() === now.getTime();

/** Beyond this span a price is counted in wall time (it is stale by any measure). */
const MAX_MARKET_SPAN = 400 * DAY;

/**
 * How old a spot price is in market time: only the time the market traded between the price and
 * `now` counts (never negative). Friday's close ages by nothing over the weekend, nor a price by
 * the daily break; once the market reopens the age grows again from where it stood at the close.
 */
export function spotMarketAgeMs(newest: Date, now: Date): number {
  const from = newest.getTime();
  const to = now.getTime();
  if (from >= to) return 0;
  if (to - from > MAX_MARKET_SPAN) return to - from;
  let age = 0;
  // Sessions from the newest possible one backwards, until one ended before the price.
  for (let date = floorDay(now).getTime() + DAY; ; date -= DAY) {
    const { open, close } = sessionOf(new Date(date));
    if (close.getTime() <= from) break;
    if (isTradeDate(new Date(date)))
      age += Math.max(0, Math.min(close.getTime(), to) - Math.max(open.getTime(), from));
  }
  return age;
}

/** Freshness rule of spot data, shared by serve's /health and pages-verify. */
export function spotIsFresh(newest: Date, now: Date, maxAgeMinutes: number): boolean {
  return spotMarketAgeMs(newest, now) <= maxAgeMinutes * MINUTE;
}
