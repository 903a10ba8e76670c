import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  chainedVerify,
  checkVerifyInputs,
  repositoryInputs,
  verifyInputs,
  withWorkspace
} from "./chunk-EXVGOU3G.js";
import {
  publish
} from "./chunk-HOYX6GTW.js";
import {
  MAX_TIMEFRAME_DAYS,
  PROVIDER_IDS,
  ProviderError,
  buildProviders,
  checkAgainstNeighbours,
  fxFact,
  fxPath,
  implausibleProblems,
  isComplete
} from "./chunk-HM5Z54IR.js";
import {
  CommandFailure,
  DAY,
  HOUR,
  METALS,
  MINUTE,
  SLOT,
  boolean,
  clockFromEnv,
  createFileAtomic,
  currencyCodes,
  defineCommand,
  external_exports,
  floorSlot,
  formatDate,
  formatNaive,
  formatPretty,
  hourlyPath,
  hoursOf,
  integer,
  mergeSpotHistory,
  missingSlots,
  namesFrom,
  optional,
  optionalBaseUrl,
  parseDate,
  readSpotFile,
  readSpotHistory,
  rebuildHourly,
  round2,
  slotFactsBetween,
  slotPath,
  spotHistoryPath,
  writeSlot
} from "./chunk-CQKT3FJX.js";

// src/spot/budget.ts
var DEFAULT_CADENCE = 30 * 6e4;
var Budget = class {
  constructor(allowed, explain, remainingAtStart) {
    this.allowed = allowed;
    this.explain = explain;
    this.remainingAtStart = remainingAtStart;
  }
  allowed;
  explain;
  remainingAtStart;
  spentCalls = 0;
  canSpend(calls) {
    return this.spentCalls + calls <= this.allowed;
  }
  /** Records calls actually made (a failed call counts too). */
  spend(calls) {
    this.spentCalls += calls;
  }
  get left() {
    return Math.max(0, this.allowed - this.spentCalls);
  }
  /** Calls left this period after this run, when known. */
  remainingAfter(calls) {
    return this.remainingAtStart === void 0 ? void 0 : Math.max(0, this.remainingAtStart - calls);
  }
};
function monthBounds(now) {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  return { start, end: Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) };
}
async function planBudget(b) {
  const { memory: m, now } = b;
  let total = b.monthly;
  let used;
  let remaining;
  let source;
  if (total !== void 0) {
    used = b.remembered ? m.used : void 0;
    source = `api-budget ${total.toLocaleString("en-US")} calls/month`;
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
        "no budget known (api-budget is empty and the upstream has no /usage answer)"
      );
    }
    remaining = Math.max(0, m.usage.remaining - m.usage.since);
    total = m.usage.total ?? remaining + m.used;
    used = total - remaining;
    source = `/usage of ${m.usage.at.slice(0, 10)}: ${remaining.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} left`;
  }
  const { start, end } = monthBounds(now);
  if (used === void 0) {
    const runs = Math.max(1, (end - start) / (m.cadenceMs ?? DEFAULT_CADENCE));
    const share = Math.max(1, Math.floor(total / runs));
    return new Budget(
      share,
      `${source}; this poller's use this month is unknown: its share, ${share} call(s) a run`
    );
  }
  remaining ??= Math.max(0, total - used);
  const pace = Math.ceil(total * (now.getTime() - start + DAY) / (end - start));
  const allowed = Math.max(0, Math.min(remaining, pace - used));
  return new Budget(
    allowed,
    `${source}; ${used.toLocaleString("en-US")} used this month, ${allowed.toLocaleString("en-US")} may be spent now (at most a day ahead of an even pace)`,
    remaining
  );
}

// src/spot/deadline.ts
var PUBLISH_SHARE = 0.25;
var Deadline = class {
  constructor(timeoutMs, now = Date.now) {
    this.timeoutMs = timeoutMs;
    this.now = now;
    this.end = now() + timeoutMs * (1 - PUBLISH_SHARE);
  }
  timeoutMs;
  now;
  end;
  /** Milliseconds left for upstream calls. */
  left() {
    return Math.max(0, this.end - this.now());
  }
  /**
   * A signal for one step that may use `fraction` of the time left; it aborts with an error naming
   * the step and the run's timeout.
   */
  share(fraction, what) {
    const ms = Math.max(1, Math.floor(this.left() * Math.min(1, Math.max(0, fraction))));
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(
        new Error(
          `${what}: no answer within ${(ms / 1e3).toFixed(1)} s, its share of the run's ${this.timeoutMs / 1e3} s timeout`
        )
      ),
      ms
    );
    timer.unref?.();
    return controller.signal;
  }
};

// src/spot/memory.ts
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
var MAX_REMEMBERED = 2e3;
var memorySchema = external_exports.object({
  version: external_exports.literal(1),
  /** `YYYY-MM` (UTC) the counter belongs to. */
  month: external_exports.string().regex(/^\d{4}-\d{2}$/),
  /** Upstream calls this poller made in `month`. */
  used: external_exports.number().int().min(0),
  usage: external_exports.object({
    at: external_exports.string(),
    remaining: external_exports.number(),
    total: external_exports.number().optional(),
    /** Calls made since the reading. */
    since: external_exports.number().int().min(0)
  }).optional(),
  lastRun: external_exports.string().optional(),
  /** Smoothed interval between runs, ms. */
  cadenceMs: external_exports.number().positive().optional(),
  /** "provider endpoint" → ISO time until which it is not tried again (a plan refused it). */
  unsupported: external_exports.record(external_exports.string(), external_exports.string()),
  /** Slots (`YYYY-MM-DD HH:MM`) and days (`YYYY-MM-DD`) the upstream answered nothing for. */
  empty: external_exports.array(external_exports.string()).max(MAX_REMEMBERED)
});
var memoryPath = (clone) => join(clone, ".git", "staktrakr-spot-poll.json");
var monthOf = (now) => now.toISOString().slice(0, 7);
function freshMemory(now) {
  return { version: 1, month: monthOf(now), used: 0, unsupported: {}, empty: [] };
}
async function loadMemory(path, now) {
  try {
    const parsed = memorySchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    if (!parsed.success) return { memory: freshMemory(now), found: false };
    const m = parsed.data;
    if (m.month !== monthOf(now)) Object.assign(m, { month: monthOf(now), used: 0 });
    for (const [k, until] of Object.entries(m.unsupported))
      if (Date.parse(until) <= now.getTime()) delete m.unsupported[k];
    return { memory: m, found: true };
  } catch {
    return { memory: freshMemory(now), found: false };
  }
}
async function saveMemory(path, m, now, calls) {
  m.used += calls;
  if (m.usage) m.usage.since += calls;
  if (m.lastRun) {
    const gap = now.getTime() - Date.parse(m.lastRun);
    if (gap >= 6e4 && gap <= 864e5)
      m.cadenceMs = m.cadenceMs ? Math.round(m.cadenceMs * 0.7 + gap * 0.3) : gap;
  }
  m.lastRun = now.toISOString();
  m.empty = [...new Set(m.empty)].sort().slice(-MAX_REMEMBERED);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp`, `${JSON.stringify(m, null, 2)}
`);
    await rename(`${path}.tmp`, path);
  } catch {
  }
}

// src/spot/poll.ts
import { join as join2 } from "node:path";

// src/spot/market.ts
var NY = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/New_York",
  hourCycle: "h23",
  weekday: "short",
  hour: "2-digit"
});
function inWeeklyClosure(at) {
  const parts = Object.fromEntries(NY.formatToParts(at).map((p) => [p.type, p.value]));
  const hour = Number(parts.hour);
  return parts.weekday === "Sat" || parts.weekday === "Fri" && hour >= 17 || parts.weekday === "Sun" && hour < 18;
}
function isBusinessDay(date) {
  const day = (/* @__PURE__ */ new Date(`${date}T12:00:00Z`)).getUTCDay();
  return day !== 0 && day !== 6;
}

// src/spot/seed-time.ts
var seedTimeSchema = external_exports.string().transform((s, ctx) => {
  const m = /^(\d{1,2}):(\d{2})(?:\s+([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*))?$/.exec(s.trim());
  const hour = Number(m?.[1]);
  const minute = Number(m?.[2]);
  const timeZone = m?.[3] ?? "UTC";
  if (!m || hour > 23 || minute > 59) {
    ctx.addIssue({ code: "custom", message: 'must look like "12:00 America/New_York"' });
    return external_exports.NEVER;
  }
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    ctx.addIssue({ code: "custom", message: `unknown time zone "${timeZone}"` });
    return external_exports.NEVER;
  }
  return { hour, minute, timeZone };
});
function offsetAt(timeZone, at) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit"
  }).formatToParts(new Date(at));
  const get = (type) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second")
  );
  return local - Math.floor(at / 1e3) * 1e3;
}
function seedInstant(date, seed) {
  const [y, m, d] = date.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d, seed.hour, seed.minute);
  let guess = wall - offsetAt(seed.timeZone, wall);
  guess = wall - offsetAt(seed.timeZone, guess);
  return new Date(Math.round(guess / MINUTE) * MINUTE);
}
function localDate(at, seed) {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: seed.timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit"
  }).format(at);
}

// src/spot/poll-run.ts
var PollRun = class {
  constructor(budget, deadline, memory, log) {
    this.budget = budget;
    this.deadline = deadline;
    this.memory = memory;
    this.log = log;
  }
  budget;
  deadline;
  memory;
  log;
  attempts = [];
  refused = [];
  phases = [];
  note(phase, provider, call, answer) {
    this.attempts.push({ phase, provider, call, answer });
    this.log.info(`${phase}: ${provider} ${call} \u2192 ${answer}`);
  }
  refuse(phase, provider, call, problems) {
    this.note(phase, provider, call, `refused: ${problems.join("; ")}`);
    for (const p of problems) {
      this.refused.push(`${provider} ${call}: ${p}`);
      this.log.refused(`${provider} ${call}: ${p}`);
    }
  }
  phase(phase, status, detail) {
    this.phases.push({ phase, status, detail });
    if (status === "failed") this.log.warning(`${phase} failed: ${detail}`);
  }
  /**
   * One upstream request of known cost, within the budget and the given share of the time left.
   * Failures are recorded and returned, never thrown: the caller moves down its chain.
   */
  async call(phase, provider, label, cost, timeShare, fn) {
    if (!this.budget.canSpend(cost)) {
      this.note(
        phase,
        provider.displayName,
        label,
        `not asked: the budget leaves ${this.budget.left} call(s), this costs ${cost}`
      );
      return { ok: false, why: "budget" };
    }
    const before = provider.calls;
    try {
      const value = await fn(this.deadline.share(timeShare, `${provider.displayName} ${label}`));
      return { ok: true, value };
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (err.fatal) this.log.providerError(err);
      this.note(phase, provider.displayName, label, `failed: ${err.message}`);
      return { ok: false, why: "error", error: err };
    } finally {
      this.budget.spend(provider.calls - before);
    }
  }
};
var entriesFor = (at, prices, source, provider) => METALS.map(
  (metal) => ({
    spot: round2(prices[metal]),
    metal,
    source,
    provider,
    timestamp: formatNaive(at)
  })
);
var pricesOf = (entries) => Object.fromEntries(entries.map((e) => [e.metal, e.spot]));
var dayInstant = (date, seed) => seedInstant(date, seed).getTime();
async function knownPoints(root, from, to, seed) {
  const out = [];
  for (const f of await slotFactsBetween(root, new Date(from.getTime() - 4 * 864e5), to))
    out.push({
      at: f.at.getTime(),
      prices: pricesOf(f.entries),
      what: `slot ${formatNaive(f.at).slice(0, 16)}`
    });
  for (let y = from.getUTCFullYear() - 1; y <= to.getUTCFullYear(); y++) {
    const byDay = /* @__PURE__ */ new Map();
    for (const e of await readSpotHistory(root, y)) {
      const day = e.timestamp.slice(0, 10);
      byDay.set(day, [...byDay.get(day) ?? [], e]);
    }
    for (const [day, entries] of byDay)
      if (parseDate(day))
        out.push({ at: dayInstant(day, seed), prices: pricesOf(entries), what: `reference ${day}` });
  }
  return out.filter((p) => isComplete(p.prices) && implausibleProblems(p.prices, "").length === 0);
}

// src/spot/backfill.ts
var FORMS = ["hourly-unix", "hourly-dates", "timeframe"];
var LABEL = {
  "hourly-unix": "/hourly (start/end)",
  "hourly-dates": "/hourly (start_date/end_date)",
  timeframe: "/timeframe (daily)"
};
var PLAN_MEMORY = 7 * 24 * HOUR;
var SETTLE = 2 * HOUR;
var slotKey = (d) => formatNaive(d).slice(0, 16);
async function fillableSlots(root, from, to, remembered) {
  const empty = new Set(remembered);
  return (await missingSlots(root, from, to)).filter(
    (s) => s.getUTCMinutes() === 0 && !inWeeklyClosure(s) && !empty.has(slotKey(s))
  );
}
async function ask(run, p, form, start, end, share) {
  if (form !== "timeframe") {
    const hourly = p.hourly?.bind(p);
    if (!hourly) return "skip";
    const hform = form === "hourly-unix" ? "unix" : "dates";
    const r2 = await run.call(
      "backfill",
      p,
      LABEL[form],
      p.hourlyCost ?? 1,
      share,
      (signal) => hourly(start, end, hform, { signal })
    );
    if (!r2.ok) return r2.why === "error" && r2.error?.kind === "plan" ? planRefused(run, p, form) : "error";
    const byTime = new Map(r2.value.map((row) => [row.at.getTime(), row.prices]));
    return { source: "backfill-hourly", pick: (slot) => byTime.get(slot.getTime()) };
  }
  const r = await run.call(
    "backfill",
    p,
    LABEL[form],
    1,
    share,
    (signal) => p.timeframe(formatDate(start), formatDate(new Date(end.getTime() - 1)), { signal })
  );
  if (!r.ok) return r.why === "error" && r.error?.kind === "plan" ? planRefused(run, p, form) : "error";
  const byDate = new Map(r.value.map((d) => [d.date, d.prices]));
  return { source: "backfill-timeframe", pick: (slot) => byDate.get(formatDate(slot)) };
}
function planRefused(run, p, form) {
  const until = new Date(Date.now() + PLAN_MEMORY).toISOString();
  for (const f of form === "timeframe" ? [form] : ["hourly-unix", "hourly-dates"])
    run.memory.unsupported[`${p.id} ${f}`] = until;
  return "error";
}
async function backfill(run, o, wanted, known, reserve) {
  const filled = [];
  let open = [...wanted];
  let answered = false;
  let errors = 0;
  let budgetStopped = false;
  const priced = /* @__PURE__ */ new Set();
  const refused = /* @__PURE__ */ new Set();
  for (const [i, p] of o.providers.entries()) {
    for (const form of FORMS) {
      if (open.length === 0) break;
      const remembered = run.memory.unsupported[`${p.id} ${form}`];
      if (remembered) {
        run.note(
          "backfill",
          p.displayName,
          LABEL[form],
          `not asked: the plan refused it (remembered until ${remembered.slice(0, 10)})`
        );
        continue;
      }
      if (run.budget.left - reserve < (form === "timeframe" ? 1 : p.hourlyCost ?? 1)) {
        if (form !== "timeframe" && !p.hourly) continue;
        run.note(
          "backfill",
          p.displayName,
          LABEL[form],
          `not asked: the budget leaves ${Math.max(0, run.budget.left - reserve)} call(s) for backfill`
        );
        budgetStopped = true;
        continue;
      }
      const start = open[0];
      const end = new Date(open[open.length - 1].getTime() + HOUR);
      const got = await ask(run, p, form, start, end, 0.5 / (o.providers.length - i));
      if (got === "skip") continue;
      if (got === "error") {
        errors++;
        continue;
      }
      answered = true;
      const candidates = [];
      for (const slot of open) {
        const prices = got.pick(slot);
        if (prices) priced.add(slot.getTime());
        if (prices) candidates.push({ at: slot.getTime(), prices, what: `slot ${slotKey(slot)}`, tag: slot });
      }
      const label = LABEL[form];
      if (candidates.length === 0) {
        run.note(
          "backfill",
          p.displayName,
          label,
          `empty answer: nothing for the ${open.length} missing slot(s); trying the next source`
        );
        continue;
      }
      const checked = checkAgainstNeighbours(candidates, [...known, ...filled.map(toPoint)], o.acceptJump);
      if (checked.refused.length > 0) run.refuse("backfill", p.displayName, label, checked.refused);
      for (const c of checked.accepted)
        filled.push({
          slot: c.tag,
          entries: entriesFor(c.tag, c.prices, got.source, p.displayName)
        });
      const done = new Set(checked.accepted.map((c) => c.at));
      for (const c of candidates)
        if (done.has(c.at)) refused.delete(c.at);
        else refused.add(c.at);
      open = open.filter((s) => !done.has(s.getTime()));
      run.note(
        "backfill",
        p.displayName,
        label,
        `${checked.accepted.length} slot(s) filled, ${open.length} still open`
      );
    }
  }
  filled.sort((a, b) => a.slot.getTime() - b.slot.getTime());
  if (wanted.length === 0) run.phase("backfill", "ok", "nothing missing");
  else if (open.length === 0) run.phase("backfill", "ok", `${filled.length} slot(s) filled`);
  else if (!answered && errors > 0)
    run.phase(
      "backfill",
      "failed",
      `${open.length} missing slot(s) not filled: every source failed (see the calls below)`
    );
  else if (refused.size > 0)
    run.phase(
      "backfill",
      "failed",
      `${filled.length} slot(s) filled; ${refused.size} refused as implausible by every source that had them, left empty`
    );
  else if (!answered && budgetStopped)
    run.phase("backfill", "skipped", `${open.length} missing slot(s) wait for budget`);
  else {
    const settled = open.filter(
      (s) => o.now.getTime() - s.getTime() > SETTLE && !priced.has(s.getTime()) && !budgetStopped
    );
    run.memory.empty.push(...settled.map(slotKey));
    run.phase(
      "backfill",
      "ok",
      `${filled.length} slot(s) filled; ${open.length} have no upstream price or were refused and stay empty: ${open.map(slotKey).join(", ")}`
    );
  }
  return filled;
}
var toPoint = (f) => ({
  at: f.slot.getTime(),
  prices: Object.fromEntries(f.entries.map((e) => [e.metal, e.spot])),
  what: `slot ${slotKey(f.slot)}`
});

// src/spot/reference.ts
var addDays = (date, n) => formatDate(new Date(parseDate(date).getTime() + n * DAY));
async function lastHistoryDate(root, year) {
  for (let y = year; y > year - 5; y--) {
    const entries = await readSpotHistory(root, y);
    if (entries.length > 0) return entries[entries.length - 1].timestamp.slice(0, 10);
  }
  return void 0;
}
function dueDay(now, seed) {
  const today = localDate(now, seed);
  let day = now >= seedInstant(today, seed) ? today : addDays(today, -1);
  while (!isBusinessDay(day)) day = addDays(day, -1);
  return day;
}
async function referenceDue(root, now, seed) {
  const day = dueDay(now, seed);
  const last = await lastHistoryDate(root, Number(day.slice(0, 4)));
  return last && last >= day ? void 0 : day;
}
var atNoon = (e) => ({ ...e, timestamp: `${e.timestamp.slice(0, 10)} 12:00:00` });
async function referenceDays(run, o, fresh, known) {
  const lastDay = dueDay(o.now, o.seedTime);
  const last = await lastHistoryDate(o.root, Number(lastDay.slice(0, 4)));
  if (last && last >= lastDay) {
    run.phase("reference", "ok", `up to date (${last})`);
    return [];
  }
  const firstDay = last && o.catchup ? addDays(last, 1) : lastDay;
  const remembered = new Set(run.memory.empty);
  const entries = [];
  const stillMissing = [];
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    if (!isBusinessDay(day) || remembered.has(day)) continue;
    const refSlot = floorSlot(seedInstant(day, o.seedTime));
    const slot = fresh.find((f) => f.slot.getTime() === refSlot.getTime())?.entries ?? (await slotFactsBetween(o.root, refSlot, new Date(refSlot.getTime() + SLOT)))[0]?.entries;
    const prices = slot ? pricesOf(slot) : void 0;
    if (slot && prices && isComplete(prices))
      entries.push(...entriesFor(parseDate(day), prices, "seed", slot[0].provider).map(atNoon));
    else stillMissing.push(day);
  }
  const fromSlots = entries.length;
  const anchors = [...known];
  const older = stillMissing.filter((d) => d !== lastDay);
  const refMissing = stillMissing.includes(lastDay);
  if (older.length > 0 && o.catchup) {
    entries.push(...await fetchDays(run, o, "catch-up", stillMissing, anchors));
    if (refMissing) run.phase("reference", "ok", "fetched with the catch-up (see catch-up)");
  } else if (refMissing && o.marketClosed && lastDay === localDate(o.now, o.seedTime))
    run.phase("reference", "skipped", `no prices today (market closed): ${lastDay} is asked for tomorrow`);
  else if (refMissing) entries.push(...await fetchDays(run, o, "reference", [lastDay], anchors));
  if (!refMissing)
    run.phase("reference", "ok", fromSlots > 0 ? "from the reference slot (no call)" : "none due");
  if (older.length > 0 && !o.catchup)
    run.phase("catch-up", "skipped", `${older.length} day(s) missing; catchup is off`);
  return entries;
}
async function fetchDays(run, o, phase, dates, anchors) {
  const out = [];
  let failed = 0;
  let refused = 0;
  let unanswered = 0;
  let waiting = 0;
  if (dates.length > 1)
    run.log.info(`Catching up ${dates.length} reference day(s), ${dates[0]} \u2192 ${dates.at(-1)}`);
  for (let end = dates.length; end > 0; ) {
    const last = dates[end - 1];
    const chunk = dates.slice(0, end).filter((d) => d >= addDays(last, -(MAX_TIMEFRAME_DAYS - 1)));
    end -= chunk.length;
    let open = chunk;
    let answered = false;
    let budgetOnly = true;
    const priced = /* @__PURE__ */ new Set();
    const refusedHere = /* @__PURE__ */ new Set();
    for (const [n, p] of o.providers.entries()) {
      if (open.length === 0) break;
      const label = `/timeframe ${open[0]}${open.length > 1 ? ` \u2192 ${open.at(-1)}` : ""}`;
      const share = (phase === "reference" ? 0.5 : 1) / (o.providers.length - n);
      const r = await run.call(
        phase,
        p,
        label,
        1,
        share,
        (signal) => p.timeframe(open[0], open.at(-1), { signal })
      );
      if (!r.ok) {
        if (r.why === "error") budgetOnly = false;
        continue;
      }
      answered = true;
      const byDate = new Map(r.value.map((d) => [d.date, d.prices]));
      const candidates = [];
      for (const day of open) {
        const prices = byDate.get(day);
        if (!prices) continue;
        priced.add(day);
        candidates.push({ at: dayInstant(day, o.seedTime), prices, what: `reference ${day}`, tag: day });
      }
      if (candidates.length === 0) {
        run.note(phase, p.displayName, label, "empty answer: no daily values for these days");
        continue;
      }
      const checked = checkAgainstNeighbours(candidates, anchors, o.acceptJump);
      if (checked.refused.length > 0) run.refuse(phase, p.displayName, label, checked.refused);
      for (const c of candidates) if (!checked.accepted.includes(c)) refusedHere.add(c.tag);
      for (const c of checked.accepted) {
        out.push(...entriesFor(parseDate(c.tag), c.prices, "seed", p.displayName).map(atNoon));
        anchors.push(c);
        refusedHere.delete(c.tag);
      }
      const done = new Set(checked.accepted.map((c) => c.tag));
      open = open.filter((d) => !done.has(d));
      run.note(phase, p.displayName, label, `${checked.accepted.length} day(s) accepted`);
    }
    if (!answered && budgetOnly) waiting += open.length;
    else if (!answered) failed += open.length;
    refused += refusedHere.size;
    const settled = open.filter((d) => answered && !priced.has(d) && d < localDate(o.now, o.seedTime));
    run.memory.empty.push(...settled);
    if (answered) unanswered += open.length - refusedHere.size;
  }
  const got = out.length / 4;
  if (failed > 0) run.phase(phase, "failed", `${failed} day(s) not fetched: every provider failed`);
  else if (refused > 0)
    run.phase(phase, "failed", `${refused} day(s) refused as implausible, nothing written for them`);
  else if (waiting > 0) run.phase(phase, "skipped", `${waiting} day(s) wait for budget`);
  else
    run.phase(
      phase,
      "ok",
      `${got} day(s) added${unanswered > 0 ? `; ${unanswered} had no upstream value` : ""}`
    );
  return out;
}

// src/spot/poll.ts
async function collectSpotFacts(o) {
  const now = o.clock.now();
  const slot = floorSlot(now);
  const run = new PollRun(o.budget, o.deadline, o.memory, o.log);
  o.log.info(`Budget: ${o.budget.explain}`);
  const from = new Date(slot.getTime() - o.backfillHours * HOUR);
  const known = await knownPoints(o.root, new Date(from.getTime() - DAY), slot, o.seedTime);
  const before = known.filter((k) => k.at < slot.getTime()).sort((a, b) => a.at - b.at);
  const previous = before.filter((k) => k.what.startsWith("slot")).at(-1)?.prices;
  const { live, marketClosed } = await pollLive(run, o, slot, known);
  const fresh = live ? [live] : [];
  const anchors = [...known, ...fresh.map(pointOf)];
  let filled = [];
  if (o.backfillHours > 0) {
    let wanted = await fillableSlots(o.root, from, slot, o.memory.empty);
    if (marketClosed) {
      const lastSlot = before.filter((k) => k.what.startsWith("slot")).at(-1)?.at ?? 0;
      wanted = wanted.filter((w) => w.getTime() < lastSlot);
    }
    const due = await referenceDue(o.root, now, o.seedTime);
    const refSlot = due && floorSlot(seedInstant(due, o.seedTime)).getTime();
    const reserve = due && !wanted.some((w) => w.getTime() === refSlot) ? 1 : 0;
    if (wanted.length > 0)
      o.log.info(
        `Backfill: ${wanted.length} missing :00 slot(s) since ${formatNaive(wanted[0]).slice(0, 16)} UTC`
      );
    filled = await backfill(run, { ...o, now }, wanted, anchors, reserve);
    fresh.push(...filled);
    anchors.push(...filled.map(pointOf));
  } else run.phase("backfill", "skipped", "backfill-hours is 0");
  const history = await referenceDays(run, { ...o, now, marketClosed }, fresh, anchors);
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
    budget: o.budget.explain
  };
}
var pointOf = (f) => ({
  at: f.slot.getTime(),
  prices: pricesOf(f.entries),
  what: `slot ${formatNaive(f.slot).slice(0, 16)}`
});
async function pollLive(run, o, slot, known) {
  const errors = [];
  let budgetStopped = false;
  for (const [i, p] of o.providers.entries()) {
    const r = await run.call(
      "live",
      p,
      "/latest",
      1,
      0.5 / (o.providers.length - i),
      (signal) => p.latest(o.fxCurrencies, { signal })
    );
    if (!r.ok) {
      if (r.why === "budget") budgetStopped = true;
      else errors.push(r.error?.message ?? "failed");
      continue;
    }
    const quote = r.value;
    if (Object.keys(quote.prices).length === 0) {
      run.note("live", p.displayName, "/latest", "no rates: market closed");
      run.phase("live", "ok", `market closed: ${p.displayName} returned no rates, nothing written`);
      o.log.notice(`${p.displayName} returned no rates: market closed, no slot written.`);
      return { marketClosed: true };
    }
    const what = `slot ${formatNaive(slot).slice(0, 16)}`;
    const checked = checkAgainstNeighbours(
      [{ at: slot.getTime(), prices: quote.prices, what }],
      known,
      o.acceptJump
    );
    if (checked.refused.length > 0) {
      run.refuse("live", p.displayName, "/latest", checked.refused);
      errors.push(`${p.displayName}: refused (${checked.refused.join("; ")})`);
      continue;
    }
    run.note("live", p.displayName, "/latest", "prices accepted");
    run.phase("live", "ok", `slot written from ${p.displayName}`);
    const fx = Object.keys(quote.fx).length > 0 ? fxFact.parse({
      timestamp: formatNaive(slot),
      base: "USD",
      provider: p.displayName,
      rates: quote.fx
    }) : void 0;
    return {
      live: {
        slot,
        entries: entriesFor(slot, quote.prices, "latest", p.displayName),
        fx
      },
      marketClosed: false
    };
  }
  if (errors.length === 0 && budgetStopped)
    run.phase("live", "skipped", `the budget allows no call now (${o.budget.explain})`);
  else run.phase("live", "failed", `no provider gave usable prices: ${errors.join(" | ")}`);
  return { marketClosed: false };
}
async function applySpotFacts(root, facts) {
  const report = { files: [], backfilled: [], seedDaysAdded: [], historyConflicts: [] };
  const touched = [];
  for (const fact of facts.backfill) {
    const status = await writeSlot(root, fact.slot, fact.entries);
    if (status !== "exists") {
      report.files.push(slotPath(fact.slot));
      report.backfilled.push(fact.slot);
      touched.push(fact.slot);
    }
  }
  const live = facts.live;
  if (live) {
    report.slotStatus = await writeSlot(root, live.slot, live.entries);
    report.slotPath = slotPath(live.slot);
    if (report.slotStatus !== "exists") {
      report.files.push(report.slotPath);
      touched.push(live.slot);
    }
    if (live.fx) {
      const path = fxPath(slotPath(live.slot));
      if (await createFileAtomic(join2(root, path), formatPretty(fxFact.parse(live.fx))))
        report.files.push(path);
    }
  }
  for (const hour of hoursOf(live ? [...touched, live.slot] : touched)) {
    if (await rebuildHourly(root, hour)) report.files.push(hourlyPath(hour));
  }
  const byYear = /* @__PURE__ */ new Map();
  for (const e of facts.history) {
    const year = Number(e.timestamp.slice(0, 4));
    byYear.set(year, [...byYear.get(year) ?? [], e]);
  }
  for (const [year, entries] of [...byYear.entries()].sort(([a], [b]) => a - b)) {
    const merged = await mergeSpotHistory(root, year, entries);
    if (merged.added.length > 0) report.files.push(spotHistoryPath(year));
    report.seedDaysAdded.push(...new Set(merged.added.map((e) => e.timestamp.slice(0, 10))));
    report.historyConflicts.push(
      ...merged.conflicts.map((c) => `${c.key}: kept ${c.kept}, upstream now says ${c.offered}`)
    );
  }
  report.seedDaysAdded = [...new Set(report.seedDaysAdded)].sort();
  return report;
}

// src/spot/summary.ts
var usd = (n) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
async function last24h(root, now) {
  const out = [];
  const current = Math.floor(now.getTime() / HOUR) * HOUR;
  for (let t = current - 23 * HOUR; t <= current; t += HOUR) {
    const file = await readSpotFile(root, hourlyPath(new Date(t)));
    if (file.status !== "ok" || file.entries.length === 0) continue;
    const prices = {};
    for (const e of file.entries) if (e.spot > 0) prices[e.metal] = e.spot;
    out.push({ hour: new Date(t), prices });
  }
  return out;
}
function chart(series) {
  const charts = METALS.flatMap((m) => {
    const points = series.filter((s) => s.prices[m] !== void 0);
    if (points.length < 2) return [];
    const values = points.map((s) => s.prices[m]);
    const first = values[0];
    const last = values.at(-1);
    const change = `${last >= first ? "+" : ""}${((last / first - 1) * 100).toFixed(2)} %`;
    const hours = points.map((s) => `"${String(s.hour.getUTCHours()).padStart(2, "0")}h"`);
    return [
      [
        "```mermaid",
        "xychart-beta",
        `  title "${m}: $${usd(last)} (${change} since ${formatNaive(points[0].hour).slice(11, 16)} UTC)"`,
        `  x-axis [${hours.join(", ")}]`,
        `  y-axis "USD/oz" ${(Math.min(...values) * 0.999).toFixed(2)} --> ${(Math.max(...values) * 1.001).toFixed(2)}`,
        `  line [${values.map((v) => v.toFixed(2)).join(", ")}]`,
        "```"
      ].join("\n")
    ];
  });
  return charts.length ? ["**Last 24 hours**", ...charts].join("\n\n") : "";
}
var cell = (text) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
function summaryMarkdown(input, series) {
  const { facts, report } = input;
  const slot = facts ? ` \xB7 slot ${formatNaive(facts.slot).slice(0, 16)} UTC` : "";
  const failed = [...facts?.phases.filter((p) => p.status === "failed") ?? []];
  const lines = [
    `### Spot poll${slot}${input.dryRun ? " \xB7 dry run" : ""}${failed.length > 0 || input.crash ? " \xB7 \u274C failed" : ""}`
  ];
  if (input.crash) lines.push("", `**Run failed:** ${input.crash}`);
  if (facts?.live) {
    lines.push("", "| Metal | USD / oz | Change vs previous slot |", "|---|---:|---:|");
    for (const e of facts.live.entries) {
      const before = facts.previous?.[e.metal];
      const change = before ? `${e.spot >= before ? "+" : ""}${((e.spot / before - 1) * 100).toFixed(2)} %` : "\u2014";
      lines.push(`| ${e.metal} | ${usd(e.spot)} | ${change} |`);
    }
  }
  if (facts) {
    lines.push("", "| Phase | Result | Detail |", "|---|---|---|");
    for (const p of facts.phases)
      lines.push(`| ${p.phase} | ${p.status === "failed" ? "\u274C failed" : p.status} | ${cell(p.detail)} |`);
  }
  if (report.slotPath) {
    const slotLine = report.slotStatus === "exists" ? `already present (another writer was first; kept as is)` : report.slotStatus === "repaired" ? "repaired (the file was torn)" : input.dryRun ? "would be written" : "written";
    lines.push("", `- Slot \`${report.slotPath}\`: ${slotLine}`);
  } else lines.push("");
  lines.push(
    `- Backfilled: ${report.backfilled.length === 0 ? "none" : `${report.backfilled.length} slot(s), ${formatNaive(report.backfilled[0]).slice(0, 16)} \u2192 ${formatNaive(report.backfilled[report.backfilled.length - 1]).slice(0, 16)} UTC`}`
  );
  lines.push(
    `- Reference days added: ${report.seedDaysAdded.length === 0 ? "none" : `${report.seedDaysAdded.length} (${report.seedDaysAdded[0]}${report.seedDaysAdded.length > 1 ? ` \u2192 ${report.seedDaysAdded[report.seedDaysAdded.length - 1]}` : ""})`}`
  );
  if (report.historyConflicts.length > 0)
    lines.push(`- History kept over differing upstream values: ${report.historyConflicts.length}`);
  lines.push(
    `- API calls: ${input.apiCalls}${facts?.quotaRemaining !== void 0 ? ` \xB7 quota remaining ${facts.quotaRemaining.toLocaleString("en-US")}` : ""}`
  );
  if (facts) lines.push(`- Budget: ${facts.budget}`);
  lines.push(
    `- Commit: ${input.commit ? `\`${input.commit.slice(0, 12)}\`${input.pushed ? " (pushed)" : " (not pushed)"}` : "none (nothing changed)"}`
  );
  if (facts && facts.refused.length > 0) {
    lines.push("", "**Refused (never written):**", "");
    for (const r of facts.refused.slice(0, 50)) lines.push(`- ${r}`);
  }
  if (facts && facts.attempts.length > 0) {
    lines.push(
      "",
      "<details><summary>Upstream calls</summary>",
      "",
      "| Phase | Provider | Call | Answer |",
      "|---|---|---|---|"
    );
    for (const a of facts.attempts.slice(0, 100))
      lines.push(`| ${a.phase} | ${a.provider} | ${cell(a.call)} | ${cell(a.answer)} |`);
    lines.push("", "</details>");
  }
  const c = chart(series);
  if (c) lines.push("", c);
  return lines.join("\n");
}

// src/commands/spot-poll.ts
var spot_poll_default = defineCommand({
  name: "spot-poll",
  description: "Poll spot prices into a data repository: backfill gaps, write the current slot, daily reference prices.",
  inputs: {
    ...repositoryInputs("spot", "Fetch and check prices, print what would be written, write nothing."),
    "api-key": {
      description: "MetalPriceAPI key (sent in a header).",
      env: ["METAL_PRICE_API_KEY", "METALPRICEAPI_KEY"],
      secret: true,
      schema: optional()
    },
    "metals-dev-api-key": {
      description: "metals.dev key, when that provider is listed.",
      env: ["METALS_DEV_API_KEY"],
      secret: true,
      schema: optional()
    },
    "metals-api-key": {
      description: "Metals-API key, when that provider is listed.",
      env: ["METALS_API_KEY"],
      secret: true,
      schema: optional()
    },
    providers: {
      description: `Providers tried in order on failure: ${PROVIDER_IDS.join(", ")}.`,
      default: "metalpriceapi",
      schema: namesFrom(PROVIDER_IDS)
    },
    "api-base-url": {
      description: "Override MetalPriceAPI's base URL (self-hosted proxy, the EU server, tests).",
      schema: optionalBaseUrl()
    },
    "metals-dev-base-url": {
      description: "Override metals.dev's base URL.",
      schema: optionalBaseUrl()
    },
    "metals-api-base-url": {
      description: "Override Metals-API's base URL.",
      schema: optionalBaseUrl()
    },
    "api-budget": {
      description: 'Upstream calls per month the plan allows (MetalPriceAPI free: 100). Empty: read from /usage (free, at most once a day). See README "Quota".',
      schema: optional().transform((s, ctx) => {
        if (!s) return void 0;
        const n = Number(s);
        if (Number.isInteger(n) && n >= 1 && n <= 1e9) return n;
        ctx.addIssue({ code: "custom", message: "must be a whole number of calls per month, or empty" });
        return external_exports.NEVER;
      })
    },
    timeout: {
      description: "Seconds the whole run may take; upstream calls share it, a quarter is kept for the push.",
      default: "120",
      schema: integer(5, 3600)
    },
    "backfill-hours": {
      description: "Fill slots missing in this many past hours.",
      default: "24",
      schema: integer(0, 24 * 31)
    },
    "seed-time": {
      description: "Local time after which the day's reference price is written.",
      default: "12:00 America/New_York",
      schema: seedTimeSchema
    },
    catchup: {
      description: "Catch up reference days missing since the last spot-history entry.",
      default: "true",
      schema: boolean()
    },
    "accept-jump": {
      description: "Accept a move of more than 20 % from the previous slot.",
      default: "false",
      schema: boolean()
    },
    "fx-currencies": {
      description: "Exchange rates recorded beside each live slot (for /api/prices?currency=).",
      default: "EUR,GBP,CAD,AUD",
      schema: currencyCodes()
    },
    ...verifyInputs
  },
  outputs: {
    slot: "Path of the slot file written this run, or empty.",
    "files-written": "Number of files created or changed.",
    "backfilled-slots": "Number of missing slots filled.",
    "seed-days-added": "Number of daily reference days added.",
    "api-calls": "Upstream calls made this run (quota used).",
    "quota-remaining": "Calls left this month after this run, when known (/usage or api-budget).",
    commit: "Commit sha, or empty when nothing changed.",
    pushed: "true when the commit reached the remote."
  },
  async run(inputs, rt, { env }) {
    const clock = clockFromEnv(env);
    checkVerifyInputs(inputs);
    const deadline = new Deadline(inputs.timeout * 1e3);
    const providers = buildProviders(inputs.providers, {
      keys: {
        metalpriceapi: inputs["api-key"],
        "metals-dev": inputs["metals-dev-api-key"],
        "metals-api": inputs["metals-api-key"]
      },
      baseUrls: {
        metalpriceapi: inputs["api-base-url"],
        "metals-dev": inputs["metals-dev-base-url"],
        "metals-api": inputs["metals-api-base-url"]
      },
      clock,
      onRetry: (m) => rt.warning(m)
    });
    const log = {
      debug: (m) => rt.debug(m),
      info: (m) => rt.info(m),
      warning: (m) => rt.warning(m),
      error: (m) => rt.error(m),
      notice: (m) => rt.notice(m, { title: "spot-poll" }),
      providerError: (e) => rt.error(e.message, { title: "Spot provider refused the request" }),
      refused: (m) => rt.error(m, { title: "Price refused" })
    };
    const dryRun = inputs["dry-run"];
    let summarized = false;
    const failedEarly = async (err) => {
      if (!summarized)
        await rt.summary(
          `### Spot poll \xB7 \u274C failed

**Run failed:** ${err instanceof Error ? err.message : String(err)}`
        );
      throw err;
    };
    return withWorkspace(inputs, "spot-poll", rt, clock, async (ws) => {
      const statePath = memoryPath(ws.dir);
      const started = clock.now();
      const { memory, found } = await loadMemory(statePath, started);
      let facts;
      let report = { files: [], backfilled: [], seedDaysAdded: [], historyConflicts: [] };
      let published = { pushed: false };
      let crash;
      try {
        const usage = providers.find((p) => p.usage)?.usage;
        const budget = await planBudget({
          monthly: inputs["api-budget"],
          memory,
          remembered: found,
          now: started,
          usage: usage && (() => usage({ signal: deadline.share(0.1, "usage") }))
        });
        const collected = await rt.group(
          "Spot prices",
          () => collectSpotFacts({
            root: ws.dir,
            providers,
            clock,
            backfillHours: inputs["backfill-hours"],
            seedTime: inputs["seed-time"],
            catchup: inputs.catchup,
            acceptJump: inputs["accept-jump"],
            fxCurrencies: inputs["fx-currencies"],
            log,
            deadline,
            budget,
            memory
          })
        );
        facts = collected;
        published = await rt.group(
          "Write, commit, push",
          () => publish(ws, {
            apply: async (dir) => {
              report = await applySpotFacts(dir, collected);
              return report;
            },
            message: (r) => commitMessage(inputs["poller-id"], collected.slot, r),
            push: inputs.push && !dryRun,
            clock,
            log: log.info,
            warn: log.warning
          })
        );
      } catch (err) {
        crash = err instanceof Error ? err : new Error(String(err));
      } finally {
        await saveMemory(
          statePath,
          memory,
          started,
          providers.reduce((n, p) => n + p.calls, 0)
        );
      }
      const commit = dryRun ? void 0 : published.commit;
      for (const f of report.files) rt.info(`${dryRun ? "would write" : "wrote"} ${f}`);
      const apiCalls = providers.reduce((n, p) => n + p.calls, 0);
      summarized = true;
      await rt.summary(
        summaryMarkdown(
          { facts, report, commit, pushed: published.pushed, dryRun, apiCalls, crash: crash?.message },
          await last24h(ws.dir, clock.now())
        )
      );
      const outputs = {
        slot: report.slotStatus && report.slotStatus !== "exists" ? report.slotPath ?? "" : "",
        "files-written": report.files.length,
        "backfilled-slots": report.backfilled.length,
        "seed-days-added": report.seedDaysAdded.length,
        "api-calls": apiCalls,
        "quota-remaining": facts?.quotaRemaining ?? "",
        commit: commit ?? "",
        pushed: published.pushed
      };
      const failed = facts?.phases.filter((p) => p.status === "failed") ?? [];
      if (crash || failed.length > 0) {
        for (const [name, value] of Object.entries(outputs)) rt.setOutput(name, value);
        const why = failed.map((p) => `${p.phase}: ${p.detail}`);
        if (crash) why.push(crash.message);
        const kept = published.pushed ? " (what passed its checks was pushed)" : "";
        throw new CommandFailure(`spot-poll failed${kept} \u2014 ${why.join(" | ")}`);
      }
      if (published.pushed) await chainedVerify(inputs, ws.dir, rt, clock);
      return outputs;
    }).catch(failedEarly);
  }
});
function commitMessage(pollerId, slot, r) {
  const parts = [`slot ${formatNaive(slot).slice(0, 16)}`];
  if (!r.slotStatus) parts[0] += " (not polled)";
  if (r.slotStatus === "exists") parts[0] += " (already present)";
  if (r.backfilled.length) parts.push(`backfilled ${r.backfilled.length} slot(s)`);
  if (r.seedDaysAdded.length) parts.push(`reference days ${r.seedDaysAdded.length}`);
  return `spot-poll(${pollerId}): ${parts.join(", ")}

${r.files.map((f) => `- ${f}`).join("\n")}`;
}

export {
  spot_poll_default
};
