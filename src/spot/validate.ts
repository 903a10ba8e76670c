/**
 * Every price is checked before anything is written (DESIGN §2.3 invariant 2): all four metals
 * present, finite and positive, and no metal moving more than 20 % from the previous price unless
 * the user accepts the jump.
 */
import { METALS, type Metal } from '../data/spot.js';
import type { Prices } from './providers/provider.js';

export const MAX_JUMP = 0.2;

export class PriceCheckError extends Error {
  constructor(readonly problems: string[]) {
    super(`prices refused, nothing written: ${problems.join('; ')}`);
    this.name = 'PriceCheckError';
  }
}

/** Problems with one set of prices; empty when all four metals are usable. */
export function priceProblems(prices: Prices, what: string): string[] {
  const problems: string[] = [];
  for (const metal of METALS) {
    const v = prices[metal];
    if (v === undefined) problems.push(`${what}: ${metal} missing`);
    else if (!Number.isFinite(v)) problems.push(`${what}: ${metal} is not a number (${v})`);
    else if (v <= 0) problems.push(`${what}: ${metal} is ${v}, not a price`);
  }
  return problems;
}

/** Moves larger than MAX_JUMP against the previous known prices. */
export function jumpProblems(prices: Prices, previous: Prices, what: string): string[] {
  const problems: string[] = [];
  for (const metal of METALS) {
    const now = prices[metal];
    const before = previous[metal];
    if (now === undefined || before === undefined || before <= 0) continue;
    const move = now / before - 1;
    if (Math.abs(move) > MAX_JUMP) {
      problems.push(
        `${what}: ${metal} moved ${(move * 100).toFixed(1)} % (${before} → ${now}), more than ${MAX_JUMP * 100} %; set accept-jump: true if this is real`,
      );
    }
  }
  return problems;
}

export const isComplete = (p: Prices): p is Record<Metal, number> => priceProblems(p, '').length === 0;
