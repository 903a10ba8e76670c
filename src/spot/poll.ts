/**
 * One spot poll, the same in GitHub Actions and in a daemon, in independent phases:
 *
 *   1. live       the current slot: each provider in turn until one answers prices that pass
 *   2. backfill   missing :00 slots of the window (src/spot/backfill.ts)
 *   3. reference  the most recent due reference day, free from its slot when that is known
 *   4. catch-up   older missing reference days
 *
 * That is also the budget's priority order: the live call first, then backfill (leaving one call for
 * a reference day that will need one), then the reference day, then catch-up. A phase that fails
 * does not take the others down: what passed its checks is written, and the report says which
 * phase failed and why. Collecting (network, checks) is separate from applying (writes), so a lost
 * push race re-applies the same facts on the new tip.
 */

import { join } from 'node:path';
import { createFileAtomic } from '../data/atomic.js';
import { type FxFact, fxFact, fxPath } from '../data/fx.js';
import { formatPretty } from '../data/json.js';
import type { Logger } from '../data/logger.js';
import { hourlyPath, slotPath, spotHistoryPath } from '../data/paths.js';
import type { Metal, SpotEntry } from '../data/spot.js';
import { hoursOf, mergeSpotHistory, rebuildHourly, writeSlot } from '../data/spot-store.js';
import { checkAgainstNeighbours, type PricePoint, usableSpreads } from '../data/spot-validate.js';
import { type Clock, DAY, floorSlot, formatNaive, HOUR } from '../data/time.js';
import { type BackfillFact, backfill, fillableSlots } from './backfill.js';
import type { Budget } from './budget.js';
import type { Deadline } from './deadline.js';
import type { Memory } from './memory.js';
import {
  type Attempt,
  DAYS_BEFORE_WINDOW,
  entriesFor,
  knownPoints,
  type PhaseReport,
  PollRun,
  pricesOf,
  sourceOf,
} from './poll-run.js';
import type { Prices, SpotProvider } from './providers/provider.js';
import { referenceDays, referenceDue } from './reference.js';
import type { SeedTime } from './seed-time.js';
import { seedInstant } from './seed-time.js';

export interface SpotPollOptions {
  root: string;
  providers: SpotProvider[];
  clock: Clock;
  backfillHours: number;
  seedTime: SeedTime;
  catchup: boolean;
  acceptJump: boolean;
  fxCurrencies: string[];
  log: Logger;
  deadline: Deadline;
  budget: Budget;
  memory: Memory;
  /**
   * Settles when the clone is level with its remote, with whether levelling changed the tree (a
   * rejection fails the run). The live call and a first read of the tree are made meanwhile; the
   * tree is read again when it changed.
   */
  ready?: Promise<boolean>;
}

export type SlotFactOut = BackfillFact;

export interface SpotFacts {
  slot: Date;
  marketClosed: boolean;
  live?: SlotFactOut & { fx?: FxFact };
  backfill: SlotFactOut[];
  history: SpotEntry[];
  /** Last known prices before the current slot, for "change since previous slot". */
  previous?: Prices;
  apiCalls: number;
  quotaRemaining?: number;
  phases: PhaseReport[];
  attempts: Attempt[];
  refused: string[];
  budget: string;
}

/**
 * Days of dated folders a poll reads or writes, back from now: its backfill window, the day before it
 * and the days of facts before that (`collectSpotFacts`), one more for the rounding; a temporary
 * clone checks out only these (a due reference day, at most four days back, lies within).
 */
export const spotDaysRead = (backfillHours: number) =>
  Math.ceil(backfillHours / 24) + 1 + DAYS_BEFORE_WINDOW + 1;

export async function collectSpotFacts(o: SpotPollOptions): Promise<SpotFacts> {
  const now = o.clock.now();
  const slot = floorSlot(now);
  const run = new PollRun(o.budget, o.deadline, o.memory, o.log);
  o.log.info(`Budget: ${o.budget.explain}`);
  const from = new Date(slot.getTime() - o.backfillHours * HOUR);
  const readKnown = (newest: boolean) =>
    knownPoints(o.root, new Date(from.getTime() - DAY), slot, o.seedTime, newest);
  // The live quote is checked against the newest facts only; read while the clone is levelled (the
  // fetch seldom changes the tree), again if it did.
  const early = readKnown(true);
  early.catch(() => undefined); // Not used when the tree changed under it.
  const knownSoon = (o.ready ?? Promise.resolve(false)).then((moved) => (moved ? readKnown(true) : early));
  knownSoon.catch(() => undefined); // Awaited below, whatever pollLive does first.
  const { live, marketClosed } = await pollLive(run, o, slot, knownSoon);
  const known = await knownSoon;
  const before = known.filter((k) => k.at < slot.getTime()).sort((a, b) => a.at - b.at);
  const previous = before.filter((k) => k.what.startsWith('slot')).at(-1)?.prices;

  const fresh: BackfillFact[] = live ? [live] : [];
  // Every fact of the window and the days before it, read only when fetched history is checked against them.
  let anchors: PricePoint[] | undefined;
  const allAnchors = async () => (anchors ??= [...(await readKnown(false)), ...fresh.map(pointOf)]);

  let filled: BackfillFact[] = [];
  if (o.backfillHours > 0) {
    let wanted = await fillableSlots(o.root, from, slot, o.memory.empty);
    if (marketClosed) {
      // No prices now: the hours since the last known slot are this closure (a holiday), not a gap.
      const lastSlot = before.filter((k) => k.what.startsWith('slot')).at(-1)?.at ?? 0;
      wanted = wanted.filter((w) => w.getTime() < lastSlot);
    }
    const due = await referenceDue(o.root, now, o.seedTime);
    const refSlot = due && floorSlot(seedInstant(due, o.seedTime)).getTime();
    const reserve = due && !wanted.some((w) => w.getTime() === refSlot) ? 1 : 0;
    if (wanted.length > 0)
      o.log.info(
        `Backfill: ${wanted.length} missing :00 slot(s) since ${formatNaive(wanted[0]!).slice(0, 16)} UTC`,
      );
    filled = await backfill(run, { ...o, now }, wanted, wanted.length > 0 ? await allAnchors() : [], reserve);
    fresh.push(...filled);
    anchors?.push(...filled.map(pointOf));
  } else run.phase('backfill', 'skipped', 'backfill-hours is 0');

  const history = await referenceDays(run, { ...o, now, marketClosed }, fresh, allAnchors);
  const apiCalls = o.providers.reduce((n, p) => n + p.calls, 0);
  return {
    slot,
    marketClosed,
    live,
    backfill: filled,
    history,
    previous,
    apiCalls,
    quotaRemaining: o.budget.remainingAfter(apiCalls),
    phases: run.phases,
    attempts: run.attempts,
    refused: run.refused,
    budget: o.budget.explain,
  };
}

const pointOf = (f: BackfillFact): PricePoint => ({
  at: f.slot.getTime(),
  prices: pricesOf(f.entries),
  what: `slot ${formatNaive(f.slot).slice(0, 16)}`,
  source: sourceOf(f.entries),
});

/** The current slot: providers in order until one answers prices that pass every check. */
async function pollLive(
  run: PollRun,
  o: SpotPollOptions,
  slot: Date,
  knownSoon: Promise<PricePoint[]>,
): Promise<{ live?: SpotFacts['live']; marketClosed: boolean }> {
  const errors: string[] = [];
  let budgetStopped = false;
  for (const [i, p] of o.providers.entries()) {
    const r = await run.call('live', p, '/latest', 1, 0.5 / (o.providers.length - i), (call) =>
      p.latest(o.fxCurrencies, call),
    );
    if (!r.ok) {
      if (r.why === 'budget') budgetStopped = true;
      else errors.push(r.error?.message ?? 'failed');
      continue;
    }
    const quote = r.value;
    if (Object.keys(quote.prices).length === 0) {
      run.note('live', p.displayName, '/latest', 'no rates: market closed');
      run.phase('live', 'ok', `market closed: ${p.displayName} returned no rates, nothing written`);
      o.log.notice(`${p.displayName} returned no rates: market closed, no slot written.`, {
        title: 'spot-poll',
      });
      return { marketClosed: true };
    }
    const what = `slot ${formatNaive(slot).slice(0, 16)}`;
    const known = await knownSoon;
    const checked = checkAgainstNeighbours(
      [{ at: slot.getTime(), prices: quote.prices, what, source: `${p.displayName} latest` }],
      known,
      o.acceptJump,
    );
    if (checked.refused.length > 0) {
      run.refuse('live', p.displayName, '/latest', checked.refused);
      errors.push(`${p.displayName}: refused (${checked.refused.join('; ')})`);
      continue;
    }
    run.note('live', p.displayName, '/latest', 'prices accepted');
    const spreads = usableSpreads(quote.prices, quote.spreads, what);
    if (spreads.dropped.length > 0) run.refuse('live', p.displayName, '/latest', spreads.dropped);
    run.phase('live', 'ok', `slot written from ${p.displayName}`);
    const fx =
      Object.keys(quote.fx).length > 0
        ? fxFact.parse({
            timestamp: formatNaive(slot),
            base: 'USD',
            provider: p.displayName,
            rates: quote.fx,
          })
        : undefined;
    return {
      live: {
        slot,
        entries: entriesFor(
          slot,
          quote.prices as Record<Metal, number>,
          'latest',
          p.displayName,
          spreads.spreads,
        ),
        fx,
      },
      marketClosed: false,
    };
  }
  if (errors.length === 0 && budgetStopped)
    run.phase('live', 'skipped', `the budget allows no call now (${o.budget.explain})`);
  else run.phase('live', 'failed', `no provider gave usable prices: ${errors.join(' | ')}`);
  return { marketClosed: false };
}

export interface ApplyReport {
  slotPath?: string;
  slotStatus?: 'created' | 'exists' | 'repaired';
  /** Repository paths this apply created or changed. */
  files: string[];
  backfilled: Date[];
  seedDaysAdded: string[];
  historyConflicts: string[];
}

/** Writes the collected facts (create-only) and rebuilds the views they touch. Idempotent. */
export async function applySpotFacts(root: string, facts: SpotFacts): Promise<ApplyReport> {
  const report: ApplyReport = { files: [], backfilled: [], seedDaysAdded: [], historyConflicts: [] };
  const touched: Date[] = [];
  for (const fact of facts.backfill) {
    const status = await writeSlot(root, fact.slot, fact.entries);
    if (status !== 'exists') {
      report.files.push(slotPath(fact.slot));
      report.backfilled.push(fact.slot);
      touched.push(fact.slot);
    }
  }
  const live = facts.live;
  if (live) {
    report.slotStatus = await writeSlot(root, live.slot, live.entries);
    report.slotPath = slotPath(live.slot);
    if (report.slotStatus !== 'exists') {
      report.files.push(report.slotPath);
      touched.push(live.slot);
    }
    if (live.fx) {
      const path = fxPath(slotPath(live.slot));
      if (await createFileAtomic(join(root, path), formatPretty(fxFact.parse(live.fx))))
        report.files.push(path);
    }
  }
  // The live slot's hour is always rebuilt: it repairs a view another writer left incomplete.
  for (const hour of hoursOf(live ? [...touched, live.slot] : touched)) {
    if (await rebuildHourly(root, hour)) report.files.push(hourlyPath(hour));
  }
  const byYear = new Map<number, SpotEntry[]>();
  for (const e of facts.history) {
    const year = Number(e.timestamp.slice(0, 4));
    byYear.set(year, [...(byYear.get(year) ?? []), e]);
  }
  for (const [year, entries] of [...byYear.entries()].sort(([a], [b]) => a - b)) {
    const merged = await mergeSpotHistory(root, year, entries);
    if (merged.added.length > 0) report.files.push(spotHistoryPath(year));
    report.seedDaysAdded.push(...new Set(merged.added.map((e) => e.timestamp.slice(0, 10))));
    report.historyConflicts.push(
      ...merged.conflicts.map((c) => `${c.key}: kept ${c.kept}, upstream now says ${c.offered}`),
    );
  }
  report.seedDaysAdded = [...new Set(report.seedDaysAdded)].sort();
  return report;
}
