/**
 * One run's shared bookkeeping: every upstream call goes through `call`, which checks the budget
 * first, gives the call its share of the run's time, counts what it really cost, and records what
 * was asked and what came back (for the summary). Also the neighbours every price is checked against.
 */
import type { Logger } from '../data/logger.js';
import { METALS, type Metal, round2, type SlotSource, type SpotEntry, type Spreads } from '../data/spot.js';
import { readSpotHistory, type SlotFact, slotFactsBackFrom, slotFactsBetween } from '../data/spot-store.js';
import { implausibleProblems, isComplete, type PricePoint, SAME_MOMENT } from '../data/spot-validate.js';
import { DAY, formatNaive, parseDate } from '../data/time.js';
import type { RetryInfo } from '../http/fetch.js';
import type { Budget } from './budget.js';
import type { Deadline } from './deadline.js';
import type { Memory } from './memory.js';
import { type CallOptions, type Prices, ProviderError, type SpotProvider } from './providers/provider.js';
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

export type CallResult<T> =
  | { ok: true; value: T }
  | { ok: false; why: 'budget' | 'down' | 'error'; error?: ProviderError };

/**
 * Retries one call may make, each paid from the budget: the live call gets one (a blip should not
 * cost a slot); history and reference calls none (the next run asks again, the gap waits 30 min).
 */
const RETRIES: Record<Phase, number> = { live: 1, backfill: 0, reference: 0, 'catch-up': 0 };

export class PollRun {
  readonly attempts: Attempt[] = [];
  readonly refused: string[] = [];
  readonly phases: PhaseReport[] = [];
  /** Providers that proved unreachable, rate limited or out of quota this run: not asked again. */
  private readonly down = new Map<string, string>();

  constructor(
    readonly budget: Budget,
    readonly deadline: Deadline,
    readonly memory: Memory,
    readonly log: Logger,
  ) {}

  note(phase: Phase, provider: string, call: string, answer: string): void {
    this.attempts.push({ phase, provider, call, answer });
    this.log.info(`${phase}: ${provider} ${call} → ${answer}`);
  }

  refuse(phase: Phase, provider: string, call: string, problems: string[]): void {
    this.note(phase, provider, call, `refused: ${problems.join('; ')}`);
    for (const p of problems) {
      this.refused.push(`${provider} ${call}: ${p}`);
      this.log.error(`${provider} ${call}: ${p}`, { title: 'Price refused' });
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
    fn: (call: CallOptions) => Promise<T>,
  ): Promise<CallResult<T>> {
    const down = this.down.get(provider.id);
    if (down) {
      this.note(phase, provider.displayName, label, `not asked: ${down}`);
      return { ok: false, why: 'down' };
    }
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
    let retried = 0;
    const signal = this.deadline.share(timeShare, `${provider.displayName} ${label}`);
    // A retry is a charged call: only within the phase's allowance, the budget, and the time left
    // (a 429 whose Retry-After outlasts the run is not waited for).
    const retry = (i: RetryInfo) => {
      const ok =
        retried < RETRIES[phase] &&
        this.budget.canSpend(cost + retried + 1) &&
        i.waitMs < this.deadline.left() / 2 &&
        !signal.aborted;
      if (ok) retried++;
      return ok;
    };
    try {
      const value = await fn({ signal, retry });
      return { ok: true, value };
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (err.fatal) this.log.error(err.message, { title: 'Spot provider refused the request' });
      this.note(phase, provider.displayName, label, `failed: ${err.message}`);
      // Down, rate limited, out of quota, key refused: every further call this run would fail alike.
      if (err.kind === 'unavailable' || err.fatal)
        this.down.set(provider.id, `${provider.displayName} failed this run (${label}: ${err.kind})`);
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
  spreads: Spreads = {},
): SpotEntry[] =>
  METALS.map((metal): SpotEntry => {
    const { bid, ask } = spreads[metal] ?? {};
    return {
      spot: round2(prices[metal]),
      metal,
      source,
      provider,
      timestamp: formatNaive(at),
      ...(bid !== undefined && { bid: round2(bid) }),
      ...(ask !== undefined && { ask: round2(ask) }),
    };
  });

/** Where a fact's prices came from, for the other-source check: "MetalPriceAPI latest". */
export const sourceOf = (entries: SpotEntry[]) =>
  entries[0] ? `${entries[0].provider} ${entries[0].source}` : undefined;

export const pricesOf = (entries: SpotEntry[]): Prices =>
  Object.fromEntries(entries.map((e) => [e.metal, e.spot]));

/** A reference day sits at its seed instant on the time line of neighbours. */
export const dayInstant = (date: string, seed: SeedTime) => seedInstant(date, seed).getTime();

/** Days of slot facts read before a window for its neighbours: a weekend and a holiday. */
export const DAYS_BEFORE_WINDOW = 4;

/**
 * Existing facts near [from, to]: slot files from four days before `from` (a weekend and a holiday),
 * and the reference days of the years touched. Implausible facts are no anchor.
 *
 * `newest` reads the slot files back from `to`, newest first, and stops once it holds a usable fact
 * and every file of the last SAME_MOMENT before `to`: all a quote at `to` is checked against (its
 * nearest earlier neighbour, other sources' quotes of the same moment, the previous slot) is then
 * known, and a live repository's 96 files a day are not all read; nor last year's reference days
 * once a slot fact of this year is known.
 */
export async function knownPoints(
  root: string,
  from: Date,
  to: Date,
  seed: SeedTime,
  newest = false,
): Promise<PricePoint[]> {
  const start = new Date(from.getTime() - DAYS_BEFORE_WINDOW * DAY);
  let found = false;
  const facts = newest
    ? (
        await slotFactsBackFrom(root, start, to, (f) => {
          found ||= usable(slotPoint(f));
          return found && f.at.getTime() <= to.getTime() - SAME_MOMENT;
        })
      ).reverse()
    : await slotFactsBetween(root, start, to);
  const slots = facts.map(slotPoint).filter(usable);
  const newestSlot = Math.max(-Infinity, ...slots.map((p) => p.at));
  const years: PricePoint[][] = [];
  for (let y = to.getUTCFullYear(); y >= from.getUTCFullYear() - 1; y--) {
    // A year's reference days sit before 3 January of the next (a seed time late in a zone west of
    // UTC moves 31 December's into 1 January): none is nearer than a newer slot fact.
    if (newest && newestSlot >= Date.UTC(y + 1, 0, 3)) break;
    const byDay = new Map<string, SpotEntry[]>();
    for (const e of await readSpotHistory(root, y)) {
      const day = e.timestamp.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), e]);
    }
    const points: PricePoint[] = [];
    for (const [day, entries] of byDay)
      if (parseDate(day))
        points.push({
          at: dayInstant(day, seed),
          prices: pricesOf(entries),
          what: `reference ${day}`,
          source: sourceOf(entries),
        });
    years.unshift(points.filter(usable));
  }
  return [...slots, ...years.flat()];
}

const slotPoint = (f: SlotFact): PricePoint => ({
  at: f.at.getTime(),
  prices: pricesOf(f.entries),
  what: `slot ${formatNaive(f.at).slice(0, 16)}`,
  source: sourceOf(f.entries),
});

/** A fact complete and plausible enough to check others against. */
const usable = (p: PricePoint) => isComplete(p.prices) && implausibleProblems(p.prices, '').length === 0;
