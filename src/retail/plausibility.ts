/**
 * Plausibility of a retail price: a band around melt value (latest spot × metal content), so the
 * check follows the market instead of rotting like fixed per-ounce ranges. A 1/2 oz or 2 oz product
 * on a 1 oz page lands far outside it. Goldback notes trade at a multiple of their gold content, so
 * they get their own band, around the published Goldback exchange rate when known.
 */

import type { CatalogCoin } from '../data/retail-catalog.js';
import { type Metal, round2 } from '../data/spot.js';

/** Latest reference prices, read by the caller from the data repository. */
export interface MarketRefs {
  /** USD per troy ounce, keyed like the spot files (`Gold`, `Silver`, ...). */
  spot: Partial<Record<Metal, number>>;
  /** USD value of one G1 Goldback (`g1_usd` of `data/goldback-YYYY.json`), when known. */
  goldbackG1Usd?: number;
}

export interface Band {
  low: number;
  high: number;
  /** What the band is built on, for messages: `melt $80.60 (silver 80.60 × 1 oz)`. */
  basis: string;
}

/** Multiples of melt value a real 1-unit retail price falls within (premiums, dealer discounts). */
export const BULLION_BAND: Record<Exclude<CatalogCoin['metal'], 'goldback'>, [number, number]> = {
  gold: [0.9, 1.35],
  platinum: [0.9, 1.45],
  palladium: [0.9, 1.45],
  silver: [0.9, 1.75],
};
/**
 * Around the Goldback exchange rate: state editions trade from a little under it to well over it
 * (first-edition DC notes were sold at ~2.4×); a half note's price on a G1 page (~0.5×) falls out.
 */
export const GOLDBACK_RATE_BAND: [number, number] = [0.65, 3];
/** Around a Goldback's gold content (1/1000 oz per G1) when the exchange rate is not known. */
export const GOLDBACK_MELT_BAND: [number, number] = [1.2, 5.5];
/** Troy ounces of gold in a G1 Goldback. */
export const GOLDBACK_G1_OZ = 0.001;

const METAL_KEY: Record<Exclude<CatalogCoin['metal'], 'goldback'>, Metal> = {
  gold: 'Gold',
  silver: 'Silver',
  platinum: 'Platinum',
  palladium: 'Palladium',
};

const usable = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;

/** The band for one coin, or a message saying which reference price is missing. */
export function priceBand(coin: Pick<CatalogCoin, 'metal' | 'weight_oz'>, refs: MarketRefs): Band | string {
  if (coin.metal === 'goldback') {
    if (usable(refs.goldbackG1Usd)) {
      const value = refs.goldbackG1Usd * coin.weight_oz;
      return band(
        value,
        GOLDBACK_RATE_BAND,
        `Goldback rate $${value.toFixed(2)} (G1 ${refs.goldbackG1Usd} × ${coin.weight_oz})`,
      );
    }
    const gold = refs.spot.Gold;
    if (!usable(gold)) return 'no gold spot price or Goldback rate to check a Goldback price against';
    const melt = gold * GOLDBACK_G1_OZ * coin.weight_oz;
    return band(
      melt,
      GOLDBACK_MELT_BAND,
      `gold content $${melt.toFixed(2)} (gold ${gold} × ${coin.weight_oz}/1000 oz)`,
    );
  }
  const spot = refs.spot[METAL_KEY[coin.metal]];
  if (!usable(spot)) return `no ${coin.metal} spot price to check the price against`;
  const melt = spot * coin.weight_oz;
  return band(
    melt,
    BULLION_BAND[coin.metal],
    `melt $${melt.toFixed(2)} (${coin.metal} ${spot} × ${coin.weight_oz} oz)`,
  );
}

function band(value: number, [lo, hi]: [number, number], basis: string): Band {
  return { low: round2(value * lo), high: round2(value * hi), basis };
}

/** Undefined when the price is inside the band, else why not. */
export function outsideBand(price: number, b: Band): string | undefined {
  if (price >= b.low && price <= b.high) return undefined;
  return `price $${price.toFixed(2)} is outside the plausible $${b.low.toFixed(2)}–$${b.high.toFixed(2)} around ${b.basis}`;
}
