/**
 * One run's shared bookkeeping: every upstream call goes through `call`, which checks the budget
 * first, gives the call its share of the run's time, counts what it really cost, and records what
 * was asked and what came back (for the summary). Also the neighbours every price is checked against.
 */
import type { Logger } from '../data/logger.js';
import { METALS, type Metal, round2, type SlotSource, type SpotEntry } from '../data/spot.js';
import { readSpotHistory, slotFactsBetween } from '../data/spot-store.js';
import { implausibleProblems, isComplete, type PricePoint } from '../data/spot-validate.js';
import { formatNaive, parseDate } from '../data/time.js';
import type { Budget } from './budget.js';
import type { Deadline } from './deadline.js';
import type { Memory } from './memory.js';
import { type Prices, ProviderError, type SpotProvider } from './providers/provider.js';
import { type SeedTime, seedInstant } from './seed-time.js';

export type Phase = 'live' | 'backfill' | 'reference' | 'catch-up';

export interface PhaseReport {
  phase: Phase;
  status: 'ok' | 'failed' | 'skipped';
  detail: string;
}

export interface Attempt {
  phase: Phase;
  provider: string;
  call: string;
  answer: string;
}

/** The spot poll's log: a Logger plus the three kinds of line the user must see apart. */
export interface PollLog extends Logger {
  notice(message: string): void;
  /** An upstream problem the user must act on (bad key, quota). */
  providerError(error: ProviderError): void;
  /** A price that was refused (never written). */
  refused(message: string): void;
}

export type CallResult<T> =
  | { ok: true; value: T }
  | { ok: false; why: 'budget' | 'error'; error?: ProviderError };

export class PollRun {
  readonly attempts: Attempt[] = [];
  readonly refused: string[] = [];
  readonly phases: PhaseReport[] = [];

  constructor(
    readonly budget: Budget,
    readonly deadline: Deadline,
    readonly memory: Memory,
    readonly log: PollLog,
  ) {}

  note(phase: Phase, provider: string, call: string, answer: string): void {
    this.attempts.push({ phase, provider, call, answer });
    this.log.info(`${phase}: ${provider} ${call} → ${answer}`);
  }

  refuse(phase: Phase, provider: string, call: string, problems: string[]): void {
    this.note(phase, provider, call, `refused: ${problems.join('; ')}`);
    for (const p of problems) {
      this.refused.push(`${provider} ${call}: ${p}`);
      this.log.refused(`${provider} ${call}: ${p}`);
    }
  }

  phase(phase: Phase, status: PhaseReport['status'], detail: string): void {
    this.phases.push({ phase, status, detail });
    if (status === 'failed') this.log.warning(`${phase} failed: ${detail}`);
  }

  /**
   * One upstream request of known cost, within the budget and the given share of the time left.
   * Failures are recorded and returned, never thrown: the caller moves down its chain.
   */
  async call<T>(
    phase: Phase,
    provider: SpotProvider,
    label: string,
    cost: number,
    timeShare: number,
    fn: (signal: AbortSignal) => Promise<T>,
  ): Promise<CallResult<T>> {
    if (!this.budget.canSpend(cost)) {
      this.note(
        phase,
        provider.displayName,
        label,
        `not asked: the budget leaves ${this.budget.left} call(s), this costs ${cost}`,
      );
      return { ok: false, why: 'budget' };
    }
    const before = provider.calls;
    try {
      const value = await fn(this.deadline.share(timeShare, `${provider.displayName} ${label}`));
      return { ok: true, value };
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (err.fatal) this.log.providerError(err);
      this.note(phase, provider.displayName, label, `failed: ${err.message}`);
      return { ok: false, why: 'error', error: err };
    } finally {
      this.budget.spend(provider.calls - before);
    }
  }
}

export const entriesFor = (
  at: Date,
  prices: Record<Metal, number>,
  source: SlotSource | 'seed',
  provider: string,
): SpotEntry[] =>
  METALS.map(
    (metal): SpotEntry => ({
      spot: round2(prices[metal]),
      metal,
      source,
      provider,
      timestamp: formatNaive(at),
    }),
  );

export const pricesOf = (entries: SpotEntry[]): Prices =>
  Object.fromEntries(entries.map((e) => [e.metal, e.spot]));

/** A reference day sits at its seed instant on the time line of neighbours. */
export const dayInstant = (date: string, seed: SeedTime) => seedInstant(date, seed).getTime();

/**
 * Existing facts near [from, to]: slot files from four days before `from` (a weekend and a holiday),
 * and the reference days of the years touched. Implausible facts are no anchor.
 */
export async function knownPoints(root: string, from: Date, to: Date, seed: SeedTime): Promise<PricePoint[]> {
  const out: PricePoint[] = [];
  for (const f of await slotFactsBetween(root, new Date(from.getTime() - 4 * 86_400_000), to))
    out.push({
      at: f.at.getTime(),
      prices: pricesOf(f.entries),
      what: `slot ${formatNaive(f.at).slice(0, 16)}`,
    });
  for (let y = from.getUTCFullYear() - 1; y <= to.getUTCFullYear(); y++) {
    const byDay = new Map<string, SpotEntry[]>();
    for (const e of await readSpotHistory(root, y)) {
      const day = e.timestamp.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), e]);
    }
    for (const [day, entries] of byDay)
      if (parseDate(day))
        out.push({ at: dayInstant(day, seed), prices: pricesOf(entries), what: `reference ${day}` });
  }
  return out.filter((p) => isComplete(p.prices) && implausibleProblems(p.prices, '').length === 0);
}
