/**
 * Daily reference prices (spot-history-YYYY.json), one set per business day at the seed time.
 * A day whose reference slot is known (in the repository or fetched this run) costs nothing; the
 * most recent due day is the `reference` phase, older missing days the `catch-up` phase — both
 * through /timeframe (one call per 365 days), every value checked against its neighbours first.
 */

import { isBusinessDay } from '../data/market-hours.js';
import type { SpotEntry } from '../data/spot.js';
import { readSpotHistory, slotFactsBetween } from '../data/spot-store.js';
import { checkAgainstNeighbours, isComplete, type PricePoint } from '../data/spot-validate.js';
import { DAY, floorSlot, formatDate, parseDate, SLOT } from '../data/time.js';
import type { BackfillFact } from './backfill.js';
import { dayInstant, entriesFor, type Phase, type PollRun, pricesOf } from './poll-run.js';
import { MAX_TIMEFRAME_DAYS, type SpotProvider } from './providers/provider.js';
import { localDate, type SeedTime, seedInstant } from './seed-time.js';

export interface ReferenceOptions {
  root: string;
  providers: SpotProvider[];
  seedTime: SeedTime;
  catchup: boolean;
  acceptJump: boolean;
  now: Date;
  /** The live poll found no prices now. */
  marketClosed: boolean;
}

const addDays = (date: string, n: number) => formatDate(new Date(parseDate(date)!.getTime() + n * DAY));

/** The newest reference date in spot history, looking back a few years at most. */
async function lastHistoryDate(root: string, year: number): Promise<string | undefined> {
  for (let y = year; y > year - 5; y--) {
    const entries = await readSpotHistory(root, y);
    if (entries.length > 0) return entries[entries.length - 1]!.timestamp.slice(0, 10);
  }
  return undefined;
}

/** The most recent business day whose reference is due at `now`. */
export function dueDay(now: Date, seed: SeedTime): string {
  const today = localDate(now, seed);
  let day = now >= seedInstant(today, seed) ? today : addDays(today, -1);
  while (!isBusinessDay(day)) day = addDays(day, -1);
  return day;
}

/** Whether a reference day is due that no known slot will provide (so it will cost a call). */
export async function referenceDue(root: string, now: Date, seed: SeedTime): Promise<string | undefined> {
  const day = dueDay(now, seed);
  const last = await lastHistoryDate(root, Number(day.slice(0, 4)));
  return last && last >= day ? undefined : day;
}

const atNoon = (e: SpotEntry): SpotEntry => ({ ...e, timestamp: `${e.timestamp.slice(0, 10)} 12:00:00` });

export async function referenceDays(
  run: PollRun,
  o: ReferenceOptions,
  fresh: BackfillFact[],
  /** The facts fetched days are checked against, read when a day is fetched. */
  known: () => Promise<PricePoint[]>,
): Promise<SpotEntry[]> {
  const lastDay = dueDay(o.now, o.seedTime);
  const last = await lastHistoryDate(o.root, Number(lastDay.slice(0, 4)));
  if (last && last >= lastDay) {
    run.phase('reference', 'ok', `up to date (${last})`);
    return [];
  }
  const firstDay = last && o.catchup ? addDays(last, 1) : lastDay;
  const remembered = new Set(run.memory.empty);
  const entries: SpotEntry[] = [];
  const stillMissing: string[] = [];
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    if (!isBusinessDay(day) || remembered.has(day)) continue;
    const refSlot = floorSlot(seedInstant(day, o.seedTime));
    const slot =
      fresh.find((f) => f.slot.getTime() === refSlot.getTime())?.entries ??
      (await slotFactsBetween(o.root, refSlot, new Date(refSlot.getTime() + SLOT)))[0]?.entries;
    const prices = slot ? pricesOf(slot) : undefined;
    if (slot && prices && isComplete(prices))
      entries.push(...entriesFor(parseDate(day)!, prices, 'seed', slot[0]!.provider).map(atNoon));
    else stillMissing.push(day);
  }
  const fromSlots = entries.length;
  const older = stillMissing.filter((d) => d !== lastDay);
  const refMissing = stillMissing.includes(lastDay);
  if (older.length > 0 && o.catchup) {
    // One /timeframe call covers the due day together with the newest missed ones.
    entries.push(...(await fetchDays(run, o, 'catch-up', stillMissing, [...(await known())])));
    if (refMissing) run.phase('reference', 'ok', 'fetched with the catch-up (see catch-up)');
  } else if (refMissing && o.marketClosed && lastDay === localDate(o.now, o.seedTime))
    run.phase('reference', 'skipped', `no prices today (market closed): ${lastDay} is asked for tomorrow`);
  else if (refMissing)
    entries.push(...(await fetchDays(run, o, 'reference', [lastDay], [...(await known())])));
  if (!refMissing)
    run.phase('reference', 'ok', fromSlots > 0 ? 'from the reference slot (no call)' : 'none due');
  if (older.length > 0 && !o.catchup)
    run.phase('catch-up', 'skipped', `${older.length} day(s) missing; catchup is off`);
  return entries;
}

/** Daily rates for `dates` through /timeframe, ≤365 days a call, the next provider for what one leaves open. */
async function fetchDays(
  run: PollRun,
  o: ReferenceOptions,
  phase: Phase,
  dates: string[],
  anchors: PricePoint[],
): Promise<SpotEntry[]> {
  const out: SpotEntry[] = [];
  let failed = 0;
  let refused = 0;
  let unanswered = 0;
  let waiting = 0;
  if (dates.length > 1)
    run.log.info(`Catching up ${dates.length} reference day(s), ${dates[0]} → ${dates.at(-1)}`);
  // Newest days first: when the budget runs out, the recent ones are the ones we have.
  for (let end = dates.length; end > 0; ) {
    const last = dates[end - 1]!;
    const chunk = dates.slice(0, end).filter((d) => d >= addDays(last, -(MAX_TIMEFRAME_DAYS - 1)));
    end -= chunk.length;
    let open = chunk;
    let answered = false;
    let budgetOnly = true;
    const priced = new Set<string>();
    const refusedHere = new Set<string>();
    for (const [n, p] of o.providers.entries()) {
      if (open.length === 0) break;
      const label = `/timeframe ${open[0]}${open.length > 1 ? ` → ${open.at(-1)}` : ''}`;
      const share = (phase === 'reference' ? 0.5 : 1) / (o.providers.length - n);
      const r = await run.call(phase, p, label, 1, share, (call) =>
        p.timeframe(open[0]!, open.at(-1)!, call),
      );
      if (!r.ok) {
        if (r.why === 'error') budgetOnly = false;
        continue;
      }
      answered = true;
      const byDate = new Map(r.value.map((d) => [d.date, d.prices]));
      const candidates: PricePoint<string>[] = [];
      for (const day of open) {
        const prices = byDate.get(day);
        if (!prices) continue;
        priced.add(day);
        candidates.push({
          at: dayInstant(day, o.seedTime),
          prices,
          what: `reference ${day}`,
          source: `${p.displayName} seed`,
          tag: day,
        });
      }
      if (candidates.length === 0) {
        run.note(phase, p.displayName, label, 'empty answer: no daily values for these days');
        continue;
      }
      const checked = checkAgainstNeighbours(candidates, anchors, o.acceptJump);
      if (checked.refused.length > 0) run.refuse(phase, p.displayName, label, checked.refused);
      for (const c of candidates) if (!checked.accepted.includes(c)) refusedHere.add(c.tag!);
      for (const c of checked.accepted) {
        out.push(...entriesFor(parseDate(c.tag!)!, c.prices as never, 'seed', p.displayName).map(atNoon));
        anchors.push(c);
        refusedHere.delete(c.tag!);
      }
      const done = new Set(checked.accepted.map((c) => c.tag));
      open = open.filter((d) => !done.has(d));
      run.note(phase, p.displayName, label, `${checked.accepted.length} day(s) accepted`);
    }
    if (!answered && budgetOnly) waiting += open.length;
    else if (!answered) failed += open.length;
    refused += refusedHere.size;
    // Days every answering provider had nothing for (holidays), once settled, are not asked again.
    const settled = open.filter((d) => answered && !priced.has(d) && d < localDate(o.now, o.seedTime));
    run.memory.empty.push(...settled);
    if (answered) unanswered += open.length - refusedHere.size;
  }
  const got = out.length / 4;
  if (failed > 0) run.phase(phase, 'failed', `${failed} day(s) not fetched: every provider failed`);
  else if (refused > 0)
    run.phase(phase, 'failed', `${refused} day(s) refused as implausible, nothing written for them`);
  else if (waiting > 0)
    run.phase(
      phase,
      'skipped',
      `${waiting} day(s) wait for a later run (no budget, or the upstream failed this run)`,
    );
  else
    run.phase(
      phase,
      'ok',
      `${got} day(s) added${unanswered > 0 ? `; ${unanswered} had no upstream value` : ''}`,
    );
  return out;
}
