/**
 * Spot series for the status page's charts, from the server's in-memory spot index (the slot facts
 * and hourly files the app reads): the last 24 hours at full resolution and the last 7 days at one
 * point per hour. The metals share one time axis; a metal with no price at a time gets a null there,
 * so a gap in the data shows as a gap in the line.
 */
import { METALS, type Metal } from '../../data/spot.js';
import { DAY, HOUR } from '../../data/time.js';
import type { SpotIndex, SpotPoint } from '../spot-index.js';

export interface SpotChart {
  id: string;
  title: string;
  /** Epoch seconds (what the chart library takes), ascending. */
  x: number[];
  /** USD per troy ounce per metal, aligned with `x`. */
  prices: Record<Metal, (number | null)[]>;
}

export interface SpotSummary {
  metal: Metal;
  price?: number;
  /** When `price` was quoted (ms). */
  at?: number;
  /** Percent change over the chart's span, when both ends are known. */
  change24h?: number;
  change7d?: number;
}

/** The last point of each `step`-long bucket of [from, to]. */
function bucketed(points: readonly SpotPoint[], from: number, to: number, step: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const p of points)
    if (p.t > from && p.t <= to) out.set(step ? Math.floor(p.t / step) * step : p.t, p.price);
  return out;
}

function chart(
  index: SpotIndex,
  id: string,
  title: string,
  now: number,
  span: number,
  step: number,
): SpotChart {
  const perMetal = new Map(METALS.map((m) => [m, bucketed(index.series(m), now - span, now, step)]));
  const times = [...new Set([...perMetal.values()].flatMap((b) => [...b.keys()]))].sort((a, b) => a - b);
  const prices = Object.fromEntries(
    METALS.map((m) => [m, times.map((t) => perMetal.get(m)!.get(t) ?? null)]),
  ) as Record<Metal, (number | null)[]>;
  return { id, title, x: times.map((t) => t / 1000), prices };
}

const change = (values: readonly (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length > 1 ? (known.at(-1)! / known[0]! - 1) * 100 : undefined;
};

export interface SpotCharts {
  charts: SpotChart[];
  summary: SpotSummary[];
  /** Set when the data stopped: the charts show the last available period, ending here (ms). */
  endedAt?: number;
}

export function spotCharts(index: SpotIndex, now: Date): SpotCharts {
  const t = now.getTime();
  const day = chart(index, 'chart-24h', 'Last 24 hours', t, DAY, 0);
  const week = chart(index, 'chart-7d', 'Last 7 days (hourly)', t, 7 * DAY, HOUR);
  const summary = METALS.map((metal): SpotSummary => {
    const last = index.series(metal).findLast((p) => p.t <= t);
    return {
      metal,
      ...(last && { price: last.price, at: last.t }),
      change24h: change(day.prices[metal]),
      change7d: change(week.prices[metal]),
    };
  });
  return { charts: [day, week], summary };
}
