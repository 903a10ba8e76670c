/**
 * Confidence score (0–100, integer) of one dealer price in a coin's `latest.json` (docs/retail-confidence.md).
 *
 *   score = clamp(0, 100, round(BASE − consensus − move + vision − alone))
 *
 *   BASE      = 90
 *   consensus = 400 × max(0, d − 2 %), at most 40, where d = |price − m| / m and m is the coin's consensus:
 *               the true median of all fresh in-stock prices of the coin, this one included (a median
 *               shrugs off one outlier, so the outlier is the one that scores low; dealers normally
 *               differ by a few %: 7 % off costs 20, 12 % or more costs 40)
 *   alone     = 10 when no other dealer has a fresh price to compare with (nothing corroborates it)
 *   move      = 300 × max(0, v − 3 %), at most 30, where v = |price − a| / a and a is this dealer's
 *               average price for the coin on the previous UTC day (0 when there is none)
 *   vision    = +10 when a vision check read the same price off a screenshot, −40 when it read another one,
 *               0 when it did not run
 *
 * So a clean tier-table price that agrees with its peers within 2 %, moved less than 3 % since yesterday
 * and was not vision-checked scores 90; the same price confirmed by vision scores 100.
 */
import { median } from './stats.js';

export const CONFIDENCE = {
  base: 90,
  consensusFree: 0.02,
  consensusSlope: 400,
  consensusMax: 40,
  alone: 10,
  moveFree: 0.03,
  moveSlope: 300,
  moveMax: 30,
  visionAgrees: 10,
  visionDisagrees: -40,
} as const;

export interface ConfidenceInput {
  price: number;
  /** Fresh in-stock prices of the coin (the consensus). */
  freshPrices: readonly number[];
  /** Whether `price` is one of `freshPrices` (a stale price is compared with the others' fresh ones). */
  own: boolean;
  /** This dealer's average for the coin on the previous day, when known. */
  previousDayAvg?: number | null;
  visionAgrees?: boolean;
}

const penalty = (ratio: number, free: number, slope: number, max: number) =>
  Math.min(max, Math.max(0, ratio - free) * slope);

export function confidence(input: ConfidenceInput): number {
  const c = CONFIDENCE;
  const others = input.freshPrices.length - (input.own ? 1 : 0);
  const m = median(input.freshPrices);
  const consensus =
    others === 0 || m === null
      ? c.alone
      : penalty(Math.abs(input.price - m) / m, c.consensusFree, c.consensusSlope, c.consensusMax);
  const a = input.previousDayAvg;
  const move = a ? penalty(Math.abs(input.price - a) / a, c.moveFree, c.moveSlope, c.moveMax) : 0;
  const vision =
    input.visionAgrees === undefined ? 0 : input.visionAgrees ? c.visionAgrees : c.visionDisagrees;
  return Math.min(100, Math.max(0, Math.round(c.base - consensus - move + vision)));
}
