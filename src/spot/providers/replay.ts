/**
 * Offline, deterministic, realistic synthetic prices: the demo and the tests use it, no key needed.
 * A price is a pure function of time — slow and daily waves plus a small hash-seeded wiggle per
 * 15-minute slot — so any two runs (or machines) agree, and slot-to-slot moves stay well under 1 %.
 */
import { METALS, type Metal, round2 } from '../../data/spot.js';
import { type Clock, DAY, floorSlot, HOUR, parseDate, SLOT } from '../../data/time.js';
import type { DatedPrices, Prices, SpotProvider, TimedPrices } from './provider.js';

const BASE: Record<Metal, number> = { Gold: 4980, Silver: 79.5, Platinum: 2010, Palladium: 1560 };
const PHASE: Record<Metal, number> = { Gold: 0, Silver: 1.3, Platinum: 2.1, Palladium: 4.4 };
const FX: Record<string, number> = { EUR: 0.92, GBP: 0.79, CAD: 1.37, AUD: 1.52, CHF: 0.88, JPY: 151.2 };

/** A number in [-1, 1) from an integer, stable across platforms. */
function wiggle(n: number): number {
  let x = (n ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 31 - 1;
}

export function replayPrice(metal: Metal, at: Date): number {
  const t = at.getTime();
  const slot = Math.floor(t / SLOT);
  const phase = PHASE[metal];
  const factor =
    1 +
    0.04 * Math.sin((2 * Math.PI * t) / (37 * DAY) + phase) +
    0.006 * Math.sin((2 * Math.PI * t) / DAY + phase) +
    0.0008 * wiggle(slot * 7 + METALS.indexOf(metal));
  return round2(BASE[metal] * factor);
}

const pricesAt = (at: Date): Prices => Object.fromEntries(METALS.map((m) => [m, replayPrice(m, at)]));

export function replay(clock: Clock): SpotProvider {
  let calls = 0;
  return {
    id: 'replay',
    displayName: 'Replay',
    get calls() {
      return calls;
    },
    async latest(fx) {
      calls++;
      const at = floorSlot(clock.now());
      const rates: Record<string, number> = {};
      for (const cur of fx) if (FX[cur]) rates[cur] = FX[cur]!;
      return { prices: pricesAt(at), at, fx: rates };
    },
    async timeframe(start, end) {
      calls++;
      const out: DatedPrices[] = [];
      const last = parseDate(end)!.getTime();
      for (let t = parseDate(start)!.getTime(); t <= last; t += DAY) {
        out.push({ date: new Date(t).toISOString().slice(0, 10), prices: pricesAt(new Date(t + 17 * HOUR)) });
      }
      return out;
    },
    async hourly(start, end) {
      calls++;
      const out: TimedPrices[] = [];
      for (let t = Math.floor(start.getTime() / HOUR) * HOUR; t < end.getTime(); t += HOUR) {
        out.push({ at: new Date(t), prices: pricesAt(new Date(t)) });
      }
      return out;
    },
    async usage() {
      return undefined;
    },
  };
}
