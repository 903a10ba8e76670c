/**
 * Every price is checked before anything is written (DESIGN §2.3 invariant 2), on every path (live,
 * backfill, reference, catch-up): all four metals present, finite, positive and plausible, and no
 * metal moving more than 20 % from its neighbours unless the user accepts the jump.
 */
import { METALS, type Metal, type Prices, type Spreads } from './spot.js';

export const MAX_JUMP = 0.2;

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

/**
 * Prices no market has seen since these metals were quoted in dollars: gold under $20 an ounce, any
 * metal under $1, gold cheaper than silver or dearer than 250 ounces of it (the 1968–today ratio has
 * stayed within ~15–125). Catches a broken upstream even when there is no neighbour to compare with.
 */
export function implausibleProblems(prices: Record<Metal, number>, what: string): string[] {
  const problems: string[] = [];
  if (prices.Gold < 20) problems.push(`${what}: Gold at ${prices.Gold} is not a plausible price`);
  for (const metal of METALS)
    if (metal !== 'Gold' && prices[metal] < 1)
      problems.push(`${what}: ${metal} at ${prices[metal]} is not a plausible price`);
  const ratio = prices.Gold / prices.Silver;
  if (problems.length === 0 && (ratio < 1 || ratio > 250))
    problems.push(`${what}: gold/silver ratio ${ratio.toFixed(1)} is not plausible`);
  return problems;
}

/** A dated set of prices: an existing fact, or a candidate from this run. */
export interface PricePoint<T = unknown> {
  at: number;
  prices: Prices;
  what: string;
  /** Where the prices came from (provider and endpoint, e.g. "MetalPriceAPI backfill-hourly"). */
  source?: string;
  tag?: T;
}

/** Two sources quoting (nearly) the same moment must agree this closely. */
export const MAX_DISAGREEMENT = 0.05;
/** How close in time two quotes are "the same moment" for that check. */
export const SAME_MOMENT = 30 * 60_000;

/**
 * The other source, when two are available: a candidate and a point from another source at nearly
 * the same moment (live /latest and a history row for that hour, a daily value and the reference
 * slot, two providers) must agree within MAX_DISAGREEMENT.
 */
export function disagreementProblems(c: PricePoint, other: PricePoint): string[] {
  if (!c.source || !other.source || c.source === other.source) return [];
  if (Math.abs(c.at - other.at) > SAME_MOMENT) return [];
  const problems: string[] = [];
  for (const metal of METALS) {
    const mine = c.prices[metal];
    const theirs = other.prices[metal];
    if (mine === undefined || theirs === undefined || theirs <= 0) continue;
    const gap = mine / theirs - 1;
    if (Math.abs(gap) > MAX_DISAGREEMENT)
      problems.push(
        `${c.what}: ${metal} ${mine} from ${c.source} disagrees with ${theirs} from ${other.source} (${other.what}) by ${(gap * 100).toFixed(1)} %, more than ${MAX_DISAGREEMENT * 100} %; set accept-jump: true if this is real`,
      );
  }
  return problems;
}

/** How far apart two points may be and still be compared (a 20 % move in a month is possible, not in a day). */
export const NEIGHBOUR_SPAN = 31 * 24 * 3_600_000;

/**
 * Checks candidates against their neighbours in time: every candidate must be complete, finite,
 * positive and plausible, and (unless `acceptJump`) move at most MAX_JUMP from the nearest accepted
 * point before it AND the nearest accepted point after it (existing facts, the live quote, or
 * candidates already accepted). Two passes (forward, then backward) so a run of bad values cannot
 * vouch for itself: each must agree with real neighbours on both sides where they exist. First,
 * each must agree with any other source's quote of nearly the same moment (disagreementProblems).
 */
export function checkAgainstNeighbours<T>(
  candidates: PricePoint<T>[],
  known: PricePoint[],
  acceptJump: boolean,
): { accepted: PricePoint<T>[]; refused: string[] } {
  const refused = new Map<PricePoint<T>, string[]>();
  for (const c of candidates) {
    const p = priceProblems(c.prices, c.what);
    if (p.length === 0) p.push(...implausibleProblems(c.prices as Record<Metal, number>, c.what));
    if (p.length > 0) refused.set(c, p);
  }
  if (!acceptJump) {
    const usable = known.filter((k) => isComplete(k.prices));
    for (const c of candidates) {
      if (refused.has(c)) continue;
      const p = usable.flatMap((k) => disagreementProblems(c, k));
      if (p.length > 0) refused.set(c, p);
    }
    for (const direction of [1, -1] as const) {
      const ordered = candidates.filter((c) => !refused.has(c)).sort((a, b) => direction * (a.at - b.at));
      const anchors = [...usable];
      for (const c of ordered) {
        let nearest: PricePoint | undefined;
        for (const a of anchors) {
          const gap = direction * (c.at - a.at);
          if (gap < 0 || gap > NEIGHBOUR_SPAN || a.at === c.at) continue;
          if (!nearest || Math.abs(c.at - a.at) < Math.abs(c.at - nearest.at)) nearest = a;
        }
        const p = nearest
          ? jumpProblems(c.prices, nearest.prices, `${c.what} (against ${nearest.what})`)
          : [];
        if (p.length > 0) refused.set(c, p);
        else anchors.push(c);
      }
    }
  }
  return {
    accepted: candidates.filter((c) => !refused.has(c)),
    refused: [...refused.values()].flat(),
  };
}

/** How far a bid or ask may sit from the spot price it comes with. */
export const MAX_SPREAD = 0.05;

/**
 * The bid/ask that may be published beside checked prices: positive, bid ≤ ask, each within
 * MAX_SPREAD of its metal's spot. A pair that fails is dropped (the spot itself stands), with the reason.
 */
export function usableSpreads(
  prices: Prices,
  spreads: Spreads | undefined,
  what: string,
): { spreads: Spreads; dropped: string[] } {
  const out: Spreads = {};
  const dropped: string[] = [];
  for (const metal of METALS) {
    const s = spreads?.[metal];
    const spot = prices[metal];
    if (!s || spot === undefined) continue;
    const off = [s.bid, s.ask].some(
      (v) => v !== undefined && !(Number.isFinite(v) && v > 0 && Math.abs(v / spot - 1) <= MAX_SPREAD),
    );
    if (off || (s.bid !== undefined && s.ask !== undefined && s.bid > s.ask))
      dropped.push(`${what}: ${metal} bid ${s.bid} / ask ${s.ask} do not fit spot ${spot}; not published`);
    else out[metal] = s;
  }
  return { spreads: out, dropped };
}
