/**
 * One spot poll, the same in GitHub Actions and in a daemon: backfill the last hours' missing slots
 * with as few upstream calls as possible, poll the current slot, write the daily reference once the
 * seed time has passed, and catch up missing reference days. Collecting (network, validation) is
 * separate from applying (writes), so a lost push race re-applies the same facts on the new tip.
 */
import { join } from 'node:path';
import { createFileAtomic } from '../data/atomic.js';
import { type FxFact, fxFact, fxPath } from '../data/fx.js';
import { formatPretty } from '../data/json.js';
import { hourlyPath, slotPath, spotHistoryPath } from '../data/paths.js';
import { METALS, type Metal, round2, type SlotSource, type SpotEntry } from '../data/spot.js';
import {
  hoursOf,
  mergeSpotHistory,
  missingSlots,
  readSpotHistory,
  rebuildHourly,
  slotFactsBetween,
  writeSlot,
} from '../data/spot-store.js';
import {
  type Clock,
  DAY,
  floorHour,
  floorSlot,
  formatDate,
  formatNaive,
  HOUR,
  parseDate,
  SLOT,
} from '../data/time.js';
import { MAX_TIMEFRAME_DAYS, type Prices, ProviderError, type SpotProvider } from './providers/provider.js';
import { localDate, type SeedTime, seedInstant } from './seed-time.js';
import { isComplete, jumpProblems, PriceCheckError, priceProblems } from './validate.js';

export interface PollLog {
  info(message: string): void;
  warn(message: string): void;
  notice(message: string): void;
  /** An upstream problem the user must act on (bad key, quota). */
  providerError(error: ProviderError): void;
}

export interface SpotPollOptions {
  root: string;
  providers: SpotProvider[];
  clock: Clock;
  backfillHours: number;
  seedTime: SeedTime;
  catchup: boolean;
  acceptJump: boolean;
  fxCurrencies: string[];
  log: PollLog;
}

export interface SlotFactOut {
  slot: Date;
  entries: SpotEntry[];
}

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
}

const entriesFor = (
  slot: Date,
  prices: Record<Metal, number>,
  source: SlotSource | 'seed',
  provider: string,
) =>
  METALS.map(
    (metal): SpotEntry => ({
      spot: round2(prices[metal]),
      metal,
      source,
      provider,
      timestamp: formatNaive(slot),
    }),
  );

const pricesOf = (entries: SpotEntry[]): Prices => Object.fromEntries(entries.map((e) => [e.metal, e.spot]));

/** Tries each provider in order; a provider that fails hands over to the next. */
async function firstThatWorks<T>(
  providers: SpotProvider[],
  log: PollLog,
  what: string,
  fn: (p: SpotProvider) => Promise<T>,
): Promise<{ value: T; provider: SpotProvider }> {
  const failures: string[] = [];
  for (const provider of providers) {
    try {
      return { value: await fn(provider), provider };
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (err.fatal) log.providerError(err);
      else log.warn(`${what}: ${err.message}`);
      failures.push(err.message);
    }
  }
  throw new Error(`${what} failed with every provider: ${failures.join(' | ')}`);
}

export async function collectSpotFacts(o: SpotPollOptions): Promise<SpotFacts> {
  const now = o.clock.now();
  const slot = floorSlot(now);
  const calls = () => o.providers.reduce((n, p) => n + p.calls, 0);

  // 1. The current slot.
  const latest = await firstThatWorks(o.providers, o.log, 'latest prices', (p) => p.latest(o.fxCurrencies));
  const provided = Object.keys(latest.value.prices).length;
  if (provided === 0) {
    o.log.notice(`${latest.provider.displayName} returned no rates: market closed, nothing written.`);
    return { slot, marketClosed: true, backfill: [], history: [], apiCalls: calls() };
  }
  const liveProblems = priceProblems(latest.value.prices, `slot ${formatNaive(slot)}`);
  if (liveProblems.length > 0) throw new PriceCheckError(liveProblems);
  const live = {
    slot,
    entries: entriesFor(
      slot,
      latest.value.prices as Record<Metal, number>,
      'latest',
      latest.provider.displayName,
    ),
    fx:
      Object.keys(latest.value.fx).length > 0
        ? fxFact.parse({
            timestamp: formatNaive(slot),
            base: 'USD',
            provider: latest.provider.displayName,
            rates: latest.value.fx,
          })
        : undefined,
  };

  // 2. Backfill: every missing slot of the window, fetched as one span (fewest calls).
  const from = new Date(slot.getTime() - o.backfillHours * HOUR);
  const missing = o.backfillHours > 0 ? await missingSlots(o.root, from, slot) : [];
  const backfill = missing.length > 0 ? await fetchBackfill(o, missing) : [];

  // 3. Check the new slots in time order against what precedes each one.
  const existing = await slotFactsBetween(o.root, new Date(from.getTime() - DAY), slot);
  const previous = existing.length > 0 ? pricesOf(existing[existing.length - 1]!.entries) : undefined;
  const timeline = [
    ...existing.map((f) => ({ at: f.at, prices: pricesOf(f.entries), fresh: false })),
    ...[...backfill, live].map((f) => ({ at: f.slot, prices: pricesOf(f.entries), fresh: true })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (!o.acceptJump) {
    const problems: string[] = [];
    timeline.forEach((point, i) => {
      const before = timeline
        .slice(0, i)
        .reverse()
        .find((p) => isComplete(p.prices));
      if (point.fresh && before)
        problems.push(...jumpProblems(point.prices, before.prices, `slot ${formatNaive(point.at)}`));
    });
    if (problems.length > 0) throw new PriceCheckError(problems);
  }

  // 4 and 5. Daily reference prices: today's once the seed time has passed, and missed days.
  const history = await collectHistory(o, now, [...backfill, live]);

  let quotaRemaining: number | undefined;
  for (const p of o.providers) quotaRemaining ??= await p.usage?.();
  return { slot, marketClosed: false, live, backfill, history, previous, apiCalls: calls(), quotaRemaining };
}

async function fetchBackfill(o: SpotPollOptions, missing: Date[]): Promise<SlotFactOut[]> {
  const start = missing[0]!;
  const end = new Date(missing[missing.length - 1]!.getTime() + SLOT);
  o.log.info(
    `Backfilling ${missing.length} missing slot(s) between ${formatNaive(start)} and ${formatNaive(end)} UTC`,
  );
  const { value, provider } = await firstThatWorks(o.providers, o.log, 'backfill', async (p) => {
    if (p.hourly) {
      try {
        const rows = await p.hourly(floorHour(start), end);
        return { source: 'backfill-hourly' as const, pick: (slot: Date) => latestAtOrBefore(rows, slot) };
      } catch (err) {
        if (!(err instanceof ProviderError) || err.kind !== 'plan') throw err;
        o.log.info(
          `${p.displayName} /hourly is not in this plan; using daily /timeframe rates for the backfill`,
        );
      }
    }
    const days = await p.timeframe(formatDate(start), formatDate(new Date(end.getTime() - 1)));
    const byDate = new Map(days.map((d) => [d.date, d.prices]));
    return { source: 'backfill-timeframe' as const, pick: (slot: Date) => byDate.get(formatDate(slot)) };
  });
  const out: SlotFactOut[] = [];
  for (const slot of missing) {
    const prices = value.pick(slot);
    if (!prices || !isComplete(prices)) continue; // the upstream has nothing for it (closed market): leave the gap
    out.push({ slot, entries: entriesFor(slot, prices, value.source, provider.displayName) });
  }
  if (out.length < missing.length) {
    o.log.warn(`${missing.length - out.length} missing slot(s) have no upstream price and stay empty`);
  }
  return out;
}

function latestAtOrBefore(rows: Array<{ at: Date; prices: Prices }>, slot: Date): Prices | undefined {
  let best: Prices | undefined;
  for (const r of rows)
    if (r.at.getTime() <= slot.getTime() && r.at.getTime() > slot.getTime() - HOUR) best = r.prices;
  return best;
}

/** The newest reference date in spot history, looking back a few years at most. */
async function lastHistoryDate(root: string, year: number): Promise<string | undefined> {
  for (let y = year; y > year - 5; y--) {
    const entries = await readSpotHistory(root, y);
    if (entries.length > 0) return entries[entries.length - 1]!.timestamp.slice(0, 10);
  }
  return undefined;
}

async function collectHistory(o: SpotPollOptions, now: Date, fresh: SlotFactOut[]): Promise<SpotEntry[]> {
  const today = localDate(now, o.seedTime);
  const seedPassed = now >= seedInstant(today, o.seedTime);
  const lastDay = seedPassed ? today : formatDate(new Date(parseDate(today)!.getTime() - DAY));
  const last = await lastHistoryDate(o.root, Number(today.slice(0, 4)));
  if (last && last >= lastDay) return [];
  const firstDay = last && o.catchup ? formatDate(new Date(parseDate(last)!.getTime() + DAY)) : lastDay;

  const entries: SpotEntry[] = [];
  const stillMissing: string[] = [];
  // A day whose reference slot is known (in the repository or fetched now) uses that slot's prices.
  for (let t = parseDate(firstDay)!.getTime(); t <= parseDate(lastDay)!.getTime(); t += DAY) {
    const date = formatDate(new Date(t));
    const refSlot = floorSlot(seedInstant(date, o.seedTime));
    const known =
      fresh.find((f) => f.slot.getTime() === refSlot.getTime()) ??
      (await slotFactsBetween(o.root, refSlot, new Date(refSlot.getTime() + SLOT))).map((f) => ({
        slot: f.at,
        entries: f.entries,
      }))[0];
    const prices = known ? pricesOf(known.entries) : undefined;
    if (prices && isComplete(prices)) {
      entries.push(...entriesFor(parseDate(date)!, prices, 'seed', known!.entries[0]!.provider).map(atNoon));
    } else stillMissing.push(date);
  }
  if (stillMissing.length > 0 && (o.catchup || stillMissing.includes(lastDay))) {
    entries.push(...(await fetchDays(o, stillMissing)));
  }
  return entries;
}

const atNoon = (e: SpotEntry): SpotEntry => ({ ...e, timestamp: `${e.timestamp.slice(0, 10)} 12:00:00` });

/** Daily rates for the given dates through /timeframe, in as few chunks of ≤365 days as possible. */
async function fetchDays(o: SpotPollOptions, dates: string[]): Promise<SpotEntry[]> {
  const wanted = new Set(dates);
  const out: SpotEntry[] = [];
  let start = parseDate(dates[0]!)!.getTime();
  const last = parseDate(dates[dates.length - 1]!)!.getTime();
  if (dates.length > 1)
    o.log.info(`Catching up ${dates.length} reference day(s) from ${dates[0]} to ${dates[dates.length - 1]}`);
  while (start <= last) {
    const end = Math.min(last, start + (MAX_TIMEFRAME_DAYS - 1) * DAY);
    const { value, provider } = await firstThatWorks(o.providers, o.log, 'daily reference prices', (p) =>
      p.timeframe(formatDate(new Date(start)), formatDate(new Date(end))),
    );
    for (const day of value) {
      if (!wanted.has(day.date)) continue;
      if (!isComplete(day.prices)) {
        o.log.warn(
          `no complete daily prices for ${day.date} (${priceProblems(day.prices, day.date).join('; ')}); skipped`,
        );
        continue;
      }
      out.push(...entriesFor(parseDate(day.date)!, day.prices, 'seed', provider.displayName).map(atNoon));
    }
    start = end + DAY;
  }
  return out;
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
  if (facts.marketClosed || !facts.live) return report;
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
  // The live slot's hour is always rebuilt: it repairs a view another writer left incomplete.
  for (const hour of hoursOf([...touched, live.slot])) {
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
