/**
 * The Goldback exchange rate: read once a day from the official rate page in the run's browser (same
 * fetcher, same timeouts and retries as dealer pages), checked against a band around gold spot, recorded
 * in the real files' shape (src/data/goldback.ts) and turned into facts for the denomination coins
 * goldback-g1 … goldback-g50 (dealer `goldback`), so their views follow the rate.
 *
 * The band: a Goldback holds 1/1000 troy oz of gold and trades at a large premium over it. In the real
 * log (2026-02-23 … 2026-03-15) the rate was 1.94–2.07 × its gold content; [1.6, 2.5] leaves room for
 * the market while refusing a misread (a G5's price, a gold spot figure, a cent value).
 */
import {
  GOLDBACK_DENOMINATIONS,
  GOLDBACK_VENDOR,
  type GoldbackLogEntry,
  goldbackCoinSlug,
  recordGoldbackRate,
} from '../data/goldback.js';
import type { Observation } from '../data/retail-observation.js';
import { formatDate, formatIso } from '../data/time.js';
import type { PageReading } from './read-page.js';

export const RATE_BAND: [number, number] = [1.6, 2.5];
const G1_GOLD_OZ = 0.001;
/** The plausible G1 rate for a gold spot price (USD per troy ounce). */
export function rateBand(goldSpot: number): { low: number; high: number } {
  const gold = goldSpot * G1_GOLD_OZ;
  return {
    low: Math.round(gold * RATE_BAND[0] * 100) / 100,
    high: Math.round(gold * RATE_BAND[1] * 100) / 100,
  };
}

const RATE_WORDS = /exchange rate|goldback rate|1 goldback|per goldback|\bg1\b|today'?s rate/i;

/**
 * The G1 rate on a rate page: the price labelled as the rate, inside the band. Denomination tables and
 * gold spot figures fall outside it; two different labelled rates in the band are a refusal, not a guess.
 */
export function readRate(reading: PageReading, goldSpot: number): { rate: number } | { reason: string } {
  const band = rateBand(goldSpot);
  const values = reading.prices.flatMap((p) => {
    const m = /\$\s?(\d[\d,]*(?:\.\d{1,2})?)/.exec(p.text);
    const n = m ? Number(m[1]!.replace(/,/g, '')) : Number.NaN;
    return Number.isFinite(n) && n > 0 ? [{ n, labelled: RATE_WORDS.test(`${p.before} ${p.after}`) }] : [];
  });
  const inBand = values.filter((v) => v.n >= band.low && v.n <= band.high);
  const labelled = new Set(inBand.filter((v) => v.labelled).map((v) => v.n));
  const all = new Set(inBand.map((v) => v.n));
  const pick = labelled.size ? labelled : all;
  if (pick.size === 1) return { rate: [...pick][0]! };
  const seen = values.map((v) => `$${v.n}`).join(', ') || 'none';
  if (pick.size === 0)
    return {
      reason: `no Goldback rate within $${band.low}–$${band.high} (${RATE_BAND.join('–')} × gold content at gold $${goldSpot}); prices seen: ${seen}`,
    };
  return { reason: `several candidate Goldback rates: ${[...pick].map((n) => `$${n}`).join(', ')}` };
}

/** Facts for the denomination coins from one rate reading. */
export function rateObservations(rate: number, observedAt: Date): Observation[] {
  return GOLDBACK_DENOMINATIONS.map((n) => ({
    coin: goldbackCoinSlug(n),
    vendor: GOLDBACK_VENDOR,
    observedAt: formatIso(observedAt),
    price: Math.round(rate * n * 100) / 100,
    inStock: true,
    method: 'exchange-rate' as const,
    reason: '',
  }));
}

/** The log entry of a reading made at `at`. */
export const rateEntry = (rate: number, at: Date): GoldbackLogEntry => ({
  date: formatDate(at),
  g1_usd: rate,
  scraped_at: at.toISOString(),
});

/** Writes a reading to goldback-YYYY.json and goldback-spot.json. */
export const recordRate = (root: string, rate: number, at: Date) =>
  recordGoldbackRate(root, rateEntry(rate, at), 'high');
