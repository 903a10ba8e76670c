/**
 * The true price of each metal: a seeded random walk on 15-minute steps that stands still while the
 * market is closed. The upstream peer answers from it, and every published price is compared with it.
 */
import { SLOT } from '../../src/data/time.js';
import { marketOpen } from './market.js';
import { gaussian, type Random } from './random.js';

export const SYMBOLS = ['XAU', 'XAG', 'XPT', 'XPD'] as const;
export const METAL_SYMBOL: Record<string, string> = {
  Gold: 'XAU',
  Silver: 'XAG',
  Platinum: 'XPT',
  Palladium: 'XPD',
};
const START: Record<string, number> = { XAU: 5000, XAG: 80, XPT: 2000, XPD: 1500 };
/** Standard deviation of one 15-minute step (0.04 %: about 2 % over a month of open market). */
const STEP = 0.0004;

export class Truth {
  private readonly paths = new Map<string, Float64Array>();

  constructor(
    readonly from: Date,
    readonly to: Date,
    random: Random,
  ) {
    const steps = Math.ceil((to.getTime() - from.getTime()) / SLOT) + 1;
    for (const s of SYMBOLS) this.paths.set(s, new Float64Array(steps));
    const price = { ...START };
    for (let i = 0; i < steps; i++) {
      const open = marketOpen(new Date(from.getTime() + i * SLOT));
      for (const s of SYMBOLS) {
        if (open && i > 0) price[s] = price[s]! * (1 + STEP * gaussian(random));
        this.paths.get(s)![i] = Math.round(price[s]! * 100) / 100;
      }
    }
  }

  private index(at: Date): number {
    const n = this.paths.get('XAU')!.length;
    return Math.min(n - 1, Math.max(0, Math.floor((at.getTime() - this.from.getTime()) / SLOT)));
  }

  price(symbol: string, at: Date): number {
    return this.paths.get(symbol)?.[this.index(at)] ?? Number.NaN;
  }

  /** Lowest and highest true price within `window` ms either side of `at`. */
  range(symbol: string, at: Date, window: number): [number, number] {
    const path = this.paths.get(symbol)!;
    const a = this.index(new Date(at.getTime() - window));
    const b = this.index(new Date(at.getTime() + window));
    let lo = Number.POSITIVE_INFINITY;
    let hi = 0;
    for (let i = a; i <= b; i++) {
      lo = Math.min(lo, path[i]!);
      hi = Math.max(hi, path[i]!);
    }
    return [lo, hi];
  }
}
