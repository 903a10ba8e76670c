/**
 * npm run bench -- quota: one simulated week of the shipped schedule (:05 and :35) against a
 * MetalPriceAPI peer that counts calls, with a 10-hour outage (the poller does not run), a weekend
 * (Fri 17:00 → Sun 18:00 New York: no prices) and a holiday (Good Friday: no prices). Ours (the real
 * collect + apply of src/spot, memory kept between runs as in the daemon) beside the original
 * poller's strategy (a /latest per run plus a /timeframe whenever a slot of the last 24 h is empty),
 * each against its own peer, in the same run. Prints calls per day, the ratio, and how many fillable
 * slots each left empty (fillable: a :00 slot with prices, or a :30 slot with prices that a run hit).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/data/logger.js';
import { inWeeklyClosure } from '../../src/data/market-hours.js';
import { missingSlots } from '../../src/data/spot-store.js';
import { formatDate, formatNaive, HOUR, MINUTE, SLOT } from '../../src/data/time.js';
import { planBudget } from '../../src/spot/budget.js';
import { Deadline } from '../../src/spot/deadline.js';
import { freshMemory, saveMemory } from '../../src/spot/memory.js';
import { applySpotFacts, collectSpotFacts } from '../../src/spot/poll.js';
import { buildProviders } from '../../src/spot/providers/index.js';
import { seedTimeSchema } from '../../src/spot/seed-time.js';
import { GOOD_KEY, startMetalPriceApi } from '../../test/peers/metalpriceapi.js';

const START = Date.parse('2026-04-01T00:05:00Z'); // Wednesday
const DAYS = 7;
const OUTAGE = { from: Date.parse('2026-04-01T10:00:00Z'), to: Date.parse('2026-04-01T20:00:00Z') };
const HOLIDAY = '2026-04-03'; // Good Friday
const nyDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(at);
const closed = (at: Date) => inWeeklyClosure(at) || nyDate(at) === HOLIDAY;

const runs: number[] = [];
for (let t = START; t < START + DAYS * 24 * HOUR; t += 30 * MINUTE)
  if (t < OUTAGE.from || t >= OUTAGE.to) runs.push(t);

let now = new Date(START);
const oursApi = await startMetalPriceApi({ now: () => now, closed });
const origApi = await startMetalPriceApi({ now: () => now, closed });
const root = mkdtempSync(join(tmpdir(), 'bench-quota-'));
const clock = { now: () => now, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
const seedTime = seedTimeSchema.parse('12:00 America/New_York');
const memory = freshMemory(now);

const perDay = (counts: number[]) => {
  const days = new Map<string, number>();
  runs.forEach((t, i) => {
    const d = formatDate(new Date(t));
    days.set(d, (days.get(d) ?? 0) + counts[i]!);
  });
  return days;
};

// Ours.
const oursCalls: number[] = [];
for (const t of runs) {
  now = new Date(t);
  const before = oursApi.counted();
  const providers = buildProviders(['metalpriceapi'], {
    keys: { metalpriceapi: GOOD_KEY },
    baseUrls: { metalpriceapi: oursApi.url },
    clock,
  });
  const budget = await planBudget({ memory, remembered: true, now, usage: () => providers[0]!.usage!() });
  const facts = await collectSpotFacts({
    root,
    providers,
    clock,
    backfillHours: 24,
    seedTime,
    catchup: true,
    acceptJump: false,
    fxCurrencies: [],
    log: silentLogger,
    deadline: new Deadline(120_000),
    budget,
    memory,
  });
  await applySpotFacts(root, facts);
  await saveMemory(join(root, '.memory.json'), memory, now, facts.apiCalls);
  oursCalls.push(oursApi.counted() - before);
  if (process.env.BENCH_DEBUG && oursCalls.at(-1)! > 1)
    console.log(formatNaive(now), facts.attempts.map((a) => `${a.phase} ${a.call}: ${a.answer}`).join(' | '));
}

// The original strategy: /latest every run, /timeframe whenever a slot of the last 24 h is empty.
const origCalls: number[] = [];
const origSlots = new Set<number>();
const origProvider = buildProviders(['metalpriceapi'], {
  keys: { metalpriceapi: GOOD_KEY },
  baseUrls: { metalpriceapi: origApi.url },
  clock,
})[0]!;
for (const t of runs) {
  now = new Date(t);
  const before = origApi.counted();
  const slot = Math.floor(t / SLOT) * SLOT;
  const quote = await origProvider.latest([]);
  if (Object.keys(quote.prices).length > 0) origSlots.add(slot);
  const gap: number[] = [];
  for (let s = slot - 24 * HOUR; s < slot; s += SLOT) if (!origSlots.has(s)) gap.push(s);
  if (gap.length > 0) {
    const days = await origProvider.timeframe(
      formatDate(new Date(gap[0]!)),
      formatDate(new Date(gap.at(-1)!)),
    );
    const have = new Set(days.map((d) => d.date));
    for (const s of gap) if (have.has(formatDate(new Date(s)))) origSlots.add(s);
  }
  origCalls.push(origApi.counted() - before);
}

// Fillable slots of the week, and which each strategy left empty.
const runSlots = new Set(runs.map((t) => Math.floor(t / SLOT) * SLOT));
const fillable: number[] = [];
for (let s = START - 5 * MINUTE; s < START + DAYS * 24 * HOUR - HOUR; s += SLOT) {
  const minute = new Date(s).getUTCMinutes();
  if (closed(new Date(s))) continue;
  if (minute === 0 || (minute === 30 && runSlots.has(s))) fillable.push(s);
}
const oursMissing = new Set(
  (await missingSlots(root, new Date(fillable[0]!), new Date(fillable.at(-1)! + SLOT))).map((d) =>
    d.getTime(),
  ),
);
const oursEmpty = fillable.filter((s) => oursMissing.has(s));
const origEmpty = fillable.filter((s) => !origSlots.has(s));
const outageSlots = fillable.filter((s) => s >= OUTAGE.from && s < OUTAGE.to);

const ours = perDay(oursCalls);
const orig = perDay(origCalls);
console.log(
  `one week, ${runs.length} runs (:05 and :35; outage ${formatNaive(new Date(OUTAGE.from)).slice(0, 16)} → ${formatNaive(new Date(OUTAGE.to)).slice(11, 16)} UTC, weekend, holiday ${HOLIDAY})`,
);
console.log('day         weekday  ours  original');
for (const [d, n] of ours) {
  const wd = new Date(`${d}T12:00:00Z`).toUTCString().slice(0, 3);
  console.log(`${d}  ${wd}      ${String(n).padStart(4)}  ${String(orig.get(d)).padStart(8)}`);
}
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const steadyDays = ['2026-04-02', '2026-04-07'];
const steady = (m: Map<string, number>) => steadyDays.map((d) => m.get(d)!);
console.log(
  `calls/day, week average: ours ${(total(ours) / DAYS).toFixed(1)}, original ${(total(orig) / DAYS).toFixed(1)}, ratio ${(total(orig) / total(ours)).toFixed(2)}×`,
);
console.log(
  `calls/day, steady days (${steadyDays.join(', ')}): ours ${steady(ours).join(', ')}; original ${steady(orig).join(', ')}`,
);
console.log(`fillable slots: ${fillable.length} (${outageSlots.length} of them in the outage)`);
console.log(
  `left empty: ours ${oursEmpty.length} (outage ${oursEmpty.filter((s) => s >= OUTAGE.from && s < OUTAGE.to).length}), original ${origEmpty.length}`,
);
if (oursEmpty.length > 0)
  console.log(
    `  ours empty: ${oursEmpty
      .slice(0, 12)
      .map((s) => formatNaive(new Date(s)).slice(0, 16))
      .join(', ')}`,
  );
console.log(
  `goal: ≤ 48 calls/day steady → ${Math.max(...steady(ours)) <= 48 ? 'met' : 'NOT met'}; outage filled, none left empty → ${oursEmpty.length === 0 ? 'met' : 'NOT met'}`,
);

await oursApi.close();
await origApi.close();
rmSync(root, { recursive: true, force: true });
