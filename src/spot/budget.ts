/**
 * The month's quota as a budget every run respects (README "Quota").
 *
 * The plan's calls per month come from `api-budget`, or else from the upstream's `/usage` (free,
 * read at most once a UTC day and remembered). Calls used so far come from that reading (plus the
 * calls made since) or from this poller's own count. A run may spend only while the month's use
 * stays at most one day ahead of an even pace:
 *
 *     allowed = min(remaining, ⌈total × (elapsed + 1 day) / month length⌉ − used)
 *
 * so a schedule that asks for more than the plan gives polls less often instead of running dry,
 * and spare calls (a schedule under the plan) pay for backfill and catch-up after an outage.
 * When the use so far is unknown (`api-budget` with no remembered count), the run gets its share:
 * total ÷ runs a month at the observed cadence (at least the live call).
 */
import { DAY } from '../data/time.js';
import type { Memory } from './memory.js';
import { grouped } from './numbers.js';
import type { Usage } from './providers/provider.js';

const DEFAULT_CADENCE = 30 * 60_000;

export class Budget {
  private spentCalls = 0;

  constructor(
    /** Calls this run may make; Infinity when no budget is known. */
    readonly allowed: number,
    /** One line for the log and the summary. */
    readonly explain: string,
    private readonly remainingAtStart?: number,
  ) {}

  canSpend(calls: number): boolean {
    return this.spentCalls + calls <= this.allowed;
  }

  /** Records calls actually made: every attempt the upstream may charge, retries and failures included. */
  spend(calls: number): void {
    this.spentCalls += calls;
  }

  get left(): number {
    return Math.max(0, this.allowed - this.spentCalls);
  }

  /** Calls left this period after this run, when known. */
  remainingAfter(calls: number): number | undefined {
    return this.remainingAtStart === undefined ? undefined : Math.max(0, this.remainingAtStart - calls);
  }
}

export interface BudgetInput {
  /** `api-budget`: calls per month, or undefined to read `/usage`. */
  monthly?: number;
  memory: Memory;
  /** The memory came from an earlier run (its counter is this poller's use this month). */
  remembered: boolean;
  now: Date;
  /** The first provider's `/usage`, when it has one. */
  usage?: () => Promise<Usage | undefined>;
}

function monthBounds(now: Date): { start: number; end: number } {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  return { start, end: Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) };
}

export async function planBudget(b: BudgetInput): Promise<Budget> {
  const { memory: m, now } = b;
  let total = b.monthly;
  let used: number | undefined;
  let remaining: number | undefined;
  let source: string;
  if (total !== undefined) {
    used = b.remembered ? m.used : undefined;
    source = `api-budget ${grouped(total)} calls/month`;
  } else {
    const today = now.toISOString().slice(0, 10);
    if (b.usage && (!m.usage || m.usage.at.slice(0, 10) !== today)) {
      const reading = await b.usage();
      if (reading)
        m.usage = { at: now.toISOString(), remaining: reading.remaining, total: reading.total, since: 0 };
    }
    if (!m.usage || m.usage.at.slice(0, 7) !== now.toISOString().slice(0, 7)) {
      return new Budget(
        Infinity,
        'no budget known (api-budget is empty and the upstream has no /usage answer)',
      );
    }
    remaining = Math.max(0, m.usage.remaining - m.usage.since);
    total = m.usage.total ?? remaining + m.used;
    used = total - remaining;
    source = `/usage of ${m.usage.at.slice(0, 10)}: ${grouped(remaining)} of ${grouped(total)} left`;
  }
  const { start, end } = monthBounds(now);
  if (used === undefined) {
    const runs = Math.max(1, (end - start) / (m.cadenceMs ?? DEFAULT_CADENCE));
    const share = Math.max(1, Math.floor(total / runs));
    return new Budget(
      share,
      `${source}; this poller's use this month is unknown: its share, ${share} call(s) a run`,
    );
  }
  remaining ??= Math.max(0, total - used);
  const pace = Math.ceil((total * (now.getTime() - start + DAY)) / (end - start));
  const allowed = Math.max(0, Math.min(remaining, pace - used));
  return new Budget(
    allowed,
    `${source}; ${grouped(used)} used this month, ${grouped(allowed)} may be spent now (at most a day ahead of an even pace)`,
    remaining,
  );
}
