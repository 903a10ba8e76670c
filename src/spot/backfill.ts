/**
 * Backfill: the :00 slots of the window that this poller's cadence and the provider's data could
 * have filled but did not (hourly history has one rate an hour; 15-minute slots come only from live
 * polls; a weekly closure the upstream did not quote and hours it already answered nothing for are
 * nobody's to fill). Each provider goes down a chain, cheapest useful answer first:
 *
 *   /hourly with Unix start/end → /hourly with start_date/end_date → /timeframe daily values
 *
 * An error, a plan that lacks the endpoint (remembered for a week) or an empty answer moves down the
 * chain, and on to the next provider, each with a note. A refused answer (wrong history) ends that
 * provider's chain for this run; its slots are not remembered, so a later run asks again and fills
 * them as soon as the upstream answers right. A provider that failed earlier in the run (down, rate
 * limited) is not asked: the slots wait for a later run.
 */

import { inWeeklyClosure } from '../data/market-hours.js';
import type { SlotSource, SpotEntry } from '../data/spot.js';
import { missingSlots, slotFileMinutes } from '../data/spot-store.js';
import { checkAgainstNeighbours, type PricePoint } from '../data/spot-validate.js';
import { DAY, formatDate, formatNaive, HOUR } from '../data/time.js';
import { type CallResult, entriesFor, type PollRun, sourceOf } from './poll-run.js';
import type { Prices, SpotProvider } from './providers/provider.js';

export interface BackfillFact {
  slot: Date;
  entries: SpotEntry[];
}

type Form = 'hourly-unix' | 'hourly-dates' | 'timeframe';
const FORMS: Form[] = ['hourly-unix', 'hourly-dates', 'timeframe'];
const LABEL: Record<Form, string> = {
  'hourly-unix': '/hourly (start/end)',
  'hourly-dates': '/hourly (start_date/end_date)',
  timeframe: '/timeframe (daily)',
};
const PLAN_MEMORY = 7 * 24 * HOUR;
/** Hours this recent may simply not be published yet: an empty answer for them is not remembered. */
const SETTLE = 2 * HOUR;

export const slotKey = (d: Date) => formatNaive(d).slice(0, 16);

/**
 * :00 slots missing in [from, to) that some upstream could still fill. A slot in the weekly closure
 * counts only when this closure has quotes (a slot fact within a day of it, itself in the closure):
 * an upstream that quotes over the weekend (MetalPriceAPI does) has history for it too; one that
 * answers no rates leaves the closure empty, and nobody asks for it.
 */
export async function fillableSlots(
  root: string,
  from: Date,
  to: Date,
  remembered: string[],
): Promise<Date[]> {
  const empty = new Set(remembered);
  const missing = (await missingSlots(root, from, to)).filter(
    (s) => s.getUTCMinutes() === 0 && !empty.has(slotKey(s)),
  );
  const closed = missing.filter(inWeeklyClosure);
  if (closed.length === 0) return missing;
  const quoted: number[] = [];
  for (let day = closed[0]!.getTime() - DAY; day <= closed.at(-1)!.getTime() + DAY; day += DAY)
    for (const minute of (await slotFileMinutes(root, new Date(day))).keys()) {
      const t = Math.floor(day / DAY) * DAY + minute * 60_000;
      if (inWeeklyClosure(new Date(t))) quoted.push(t);
    }
  return missing.filter((s) => !inWeeklyClosure(s) || quoted.some((t) => Math.abs(t - s.getTime()) <= DAY));
}

async function ask(
  run: PollRun,
  p: SpotProvider,
  form: Form,
  start: Date,
  end: Date,
  share: number,
): Promise<{ source: SlotSource; pick: (slot: Date) => Prices | undefined } | 'skip' | 'down' | 'error'> {
  if (form !== 'timeframe') {
    const hourly = p.hourly?.bind(p);
    if (!hourly) return 'skip';
    const hform = form === 'hourly-unix' ? 'unix' : 'dates';
    const r = await run.call('backfill', p, LABEL[form], p.hourlyCost ?? 1, share, (call) =>
      hourly(start, end, hform, call),
    );
    if (!r.ok) return failure(run, p, form, r);
    const byTime = new Map(r.value.map((row) => [row.at.getTime(), row.prices]));
    return { source: 'backfill-hourly', pick: (slot) => byTime.get(slot.getTime()) };
  }
  const r = await run.call('backfill', p, LABEL[form], 1, share, (call) =>
    p.timeframe(formatDate(start), formatDate(new Date(end.getTime() - 1)), call),
  );
  if (!r.ok) return failure(run, p, form, r);
  const byDate = new Map(r.value.map((d) => [d.date, d.prices]));
  return { source: 'backfill-timeframe', pick: (slot) => byDate.get(formatDate(slot)) };
}

function failure(run: PollRun, p: SpotProvider, form: Form, r: CallResult<unknown>): 'down' | 'error' {
  if (r.ok || r.why !== 'error') return 'down';
  // A plan without /hourly lacks both of its forms.
  if (r.error?.kind === 'plan') {
    const until = new Date(Date.now() + PLAN_MEMORY).toISOString();
    for (const f of form === 'timeframe' ? [form] : (['hourly-unix', 'hourly-dates'] as const))
      run.memory.unsupported[`${p.id} ${f}`] = until;
  }
  return 'error';
}

export async function backfill(
  run: PollRun,
  o: { providers: SpotProvider[]; root: string; acceptJump: boolean; now: Date },
  wanted: Date[],
  known: PricePoint[],
  /** Calls to leave for the phases after this one. */
  reserve: number,
): Promise<BackfillFact[]> {
  const filled: BackfillFact[] = [];
  let open = [...wanted];
  let answered = false;
  let errors = 0;
  let budgetStopped = false;
  let waited = false;
  const priced = new Set<number>();
  const refused = new Set<number>();
  for (const [i, p] of o.providers.entries()) {
    // A provider whose history answer was refused is not asked in its other forms this run: its
    // history is wrong right now, and the slots are asked again next run (they are not remembered).
    let wrong = false;
    for (const form of FORMS) {
      if (open.length === 0 || wrong) break;
      const remembered = run.memory.unsupported[`${p.id} ${form}`];
      if (remembered) {
        run.note(
          'backfill',
          p.displayName,
          LABEL[form],
          `not asked: the plan refused it (remembered until ${remembered.slice(0, 10)})`,
        );
        continue;
      }
      if (run.budget.left - reserve < (form === 'timeframe' ? 1 : (p.hourlyCost ?? 1))) {
        if (form !== 'timeframe' && !p.hourly) continue;
        run.note(
          'backfill',
          p.displayName,
          LABEL[form],
          `not asked: the budget leaves ${Math.max(0, run.budget.left - reserve)} call(s) for backfill`,
        );
        budgetStopped = true;
        continue;
      }
      const start = open[0]!;
      const end = new Date(open[open.length - 1]!.getTime() + HOUR);
      const got = await ask(run, p, form, start, end, 0.5 / (o.providers.length - i));
      if (got === 'skip') continue;
      if (got === 'down') {
        waited = true;
        break;
      }
      if (got === 'error') {
        errors++;
        continue;
      }
      answered = true;
      const candidates: PricePoint<Date>[] = [];
      for (const slot of open) {
        const prices = got.pick(slot);
        if (prices) priced.add(slot.getTime());
        if (prices)
          candidates.push({
            at: slot.getTime(),
            prices,
            what: `slot ${slotKey(slot)}`,
            source: `${p.displayName} ${got.source}`,
            tag: slot,
          });
      }
      const label = LABEL[form];
      if (candidates.length === 0) {
        run.note(
          'backfill',
          p.displayName,
          label,
          `empty answer: nothing for the ${open.length} missing slot(s); trying the next source`,
        );
        continue;
      }
      const checked = checkAgainstNeighbours(candidates, [...known, ...filled.map(toPoint)], o.acceptJump);
      if (checked.refused.length > 0) {
        run.refuse('backfill', p.displayName, label, checked.refused);
        wrong = true;
      }
      for (const c of checked.accepted)
        filled.push({
          slot: c.tag!,
          entries: entriesFor(c.tag!, c.prices as never, got.source, p.displayName),
        });
      const done = new Set(checked.accepted.map((c) => c.at));
      for (const c of candidates)
        if (done.has(c.at)) refused.delete(c.at);
        else refused.add(c.at);
      open = open.filter((s) => !done.has(s.getTime()));
      run.note(
        'backfill',
        p.displayName,
        label,
        `${checked.accepted.length} slot(s) filled, ${open.length} still open`,
      );
    }
  }
  filled.sort((a, b) => a.slot.getTime() - b.slot.getTime());
  if (wanted.length === 0) run.phase('backfill', 'ok', 'nothing missing');
  else if (open.length === 0) run.phase('backfill', 'ok', `${filled.length} slot(s) filled`);
  else if (!answered && errors > 0)
    run.phase(
      'backfill',
      'failed',
      `${open.length} missing slot(s) not filled: every source failed (see the calls below)`,
    );
  else if (refused.size > 0)
    run.phase(
      'backfill',
      'failed',
      `${filled.length} slot(s) filled; ${refused.size} refused as implausible by every source that had them, left empty`,
    );
  else if (!answered && (budgetStopped || waited))
    run.phase(
      'backfill',
      'skipped',
      `${open.length} missing slot(s) wait for a later run (${waited ? 'the upstream failed earlier in this run' : 'no budget left'})`,
    );
  else {
    // Answers came and had nothing for these hours (a holiday): remember, so no run asks again.
    const settled = open.filter(
      (s) => o.now.getTime() - s.getTime() > SETTLE && !priced.has(s.getTime()) && !budgetStopped && !waited,
    );
    run.memory.empty.push(...settled.map(slotKey));
    run.phase(
      'backfill',
      'ok',
      `${filled.length} slot(s) filled; ${open.length} have no upstream price or were refused and stay empty: ${open.map(slotKey).join(', ')}`,
    );
  }
  return filled;
}

const toPoint = (f: BackfillFact): PricePoint => ({
  at: f.slot.getTime(),
  prices: Object.fromEntries(f.entries.map((e) => [e.metal, e.spot])),
  what: `slot ${slotKey(f.slot)}`,
  source: sourceOf(f.entries),
});
