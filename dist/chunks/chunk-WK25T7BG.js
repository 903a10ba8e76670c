import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  chainedVerify,
  checkVerifyInputs,
  repositoryInputs,
  verifyInputs,
  withWorkspace
} from "./chunk-YPNX6NOV.js";
import {
  publish
} from "./chunk-FWUZ4LM6.js";
import {
  fxFact,
  fxPath
} from "./chunk-TLXVICN7.js";
import {
  jsonBody,
  request
} from "./chunk-BZE5BISG.js";
import {
  CommandFailure,
  DAY,
  HOUR,
  InputError,
  METALS,
  METAL_SYMBOLS,
  MINUTE,
  SLOT,
  boolean,
  clockFromEnv,
  createFileAtomic,
  defineCommand,
  external_exports,
  floorHour,
  floorSlot,
  formatDate,
  formatNaive,
  formatPretty,
  hourlyPath,
  hoursOf,
  integer,
  list,
  mergeSpotHistory,
  missingSlots,
  optional,
  parseDate,
  readSpotFile,
  readSpotHistory,
  rebuildHourly,
  round2,
  slotFactsBetween,
  slotPath,
  spotHistoryPath,
  writeSlot
} from "./chunk-CK63WHET.js";

// src/spot/poll.ts
import { join } from "node:path";

// src/spot/providers/provider.ts
var ProviderError = class extends Error {
  constructor(provider, kind, message) {
    super(`${provider}: ${message}`);
    this.provider = provider;
    this.kind = kind;
    this.name = "ProviderError";
  }
  provider;
  kind;
  get fatal() {
    return this.kind === "auth" || this.kind === "quota";
  }
};
var MAX_TIMEFRAME_DAYS = 365;

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

// src/spot/validate.ts
var MAX_JUMP = 0.2;
var PriceCheckError = class extends Error {
  constructor(problems) {
    super(`prices refused, nothing written: ${problems.join("; ")}`);
    this.problems = problems;
    this.name = "PriceCheckError";
  }
  problems;
};
function priceProblems(prices, what) {
  const problems = [];
  for (const metal of METALS) {
    const v = prices[metal];
    if (v === void 0) problems.push(`${what}: ${metal} missing`);
    else if (!Number.isFinite(v)) problems.push(`${what}: ${metal} is not a number (${v})`);
    else if (v <= 0) problems.push(`${what}: ${metal} is ${v}, not a price`);
  }
  return problems;
}
function jumpProblems(prices, previous, what) {
  const problems = [];
  for (const metal of METALS) {
    const now = prices[metal];
    const before = previous[metal];
    if (now === void 0 || before === void 0 || before <= 0) continue;
    const move = now / before - 1;
    if (Math.abs(move) > MAX_JUMP) {
      problems.push(
        `${what}: ${metal} moved ${(move * 100).toFixed(1)} % (${before} \u2192 ${now}), more than ${MAX_JUMP * 100} %; set accept-jump: true if this is real`
      );
    }
  }
  return problems;
}
var isComplete = (p) => priceProblems(p, "").length === 0;

// src/spot/poll.ts
var entriesFor = (slot, prices, source, provider) => METALS.map(
  (metal) => ({
    spot: round2(prices[metal]),
    metal,
    source,
    provider,
    timestamp: formatNaive(slot)
  })
);
var pricesOf = (entries) => Object.fromEntries(entries.map((e) => [e.metal, e.spot]));
async function firstThatWorks(providers, log, what, fn) {
  const failures = [];
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
  throw new Error(`${what} failed with every provider: ${failures.join(" | ")}`);
}
async function collectSpotFacts(o) {
  const now = o.clock.now();
  const slot = floorSlot(now);
  const calls = () => o.providers.reduce((n, p) => n + p.calls, 0);
  const latest = await firstThatWorks(o.providers, o.log, "latest prices", (p) => p.latest(o.fxCurrencies));
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
      latest.value.prices,
      "latest",
      latest.provider.displayName
    ),
    fx: Object.keys(latest.value.fx).length > 0 ? fxFact.parse({
      timestamp: formatNaive(slot),
      base: "USD",
      provider: latest.provider.displayName,
      rates: latest.value.fx
    }) : void 0
  };
  const from = new Date(slot.getTime() - o.backfillHours * HOUR);
  const missing = o.backfillHours > 0 ? await missingSlots(o.root, from, slot) : [];
  const backfill = missing.length > 0 ? await fetchBackfill(o, missing) : [];
  const existing = await slotFactsBetween(o.root, new Date(from.getTime() - DAY), slot);
  const previous = existing.length > 0 ? pricesOf(existing[existing.length - 1].entries) : void 0;
  const timeline = [
    ...existing.map((f) => ({ at: f.at, prices: pricesOf(f.entries), fresh: false })),
    ...[...backfill, live].map((f) => ({ at: f.slot, prices: pricesOf(f.entries), fresh: true }))
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (!o.acceptJump) {
    const problems = [];
    timeline.forEach((point, i) => {
      const before = timeline.slice(0, i).reverse().find((p) => isComplete(p.prices));
      if (point.fresh && before)
        problems.push(...jumpProblems(point.prices, before.prices, `slot ${formatNaive(point.at)}`));
    });
    if (problems.length > 0) throw new PriceCheckError(problems);
  }
  const history = await collectHistory(o, now, [...backfill, live]);
  let quotaRemaining;
  for (const p of o.providers) quotaRemaining ??= await p.usage?.();
  return { slot, marketClosed: false, live, backfill, history, previous, apiCalls: calls(), quotaRemaining };
}
async function fetchBackfill(o, missing) {
  const start = missing[0];
  const end = new Date(missing[missing.length - 1].getTime() + SLOT);
  o.log.info(
    `Backfilling ${missing.length} missing slot(s) between ${formatNaive(start)} and ${formatNaive(end)} UTC`
  );
  const { value, provider } = await firstThatWorks(o.providers, o.log, "backfill", async (p) => {
    if (p.hourly) {
      try {
        const rows = await p.hourly(floorHour(start), end);
        return { source: "backfill-hourly", pick: (slot) => latestAtOrBefore(rows, slot) };
      } catch (err) {
        if (!(err instanceof ProviderError) || err.kind !== "plan") throw err;
        o.log.info(
          `${p.displayName} /hourly is not in this plan; using daily /timeframe rates for the backfill`
        );
      }
    }
    const days = await p.timeframe(formatDate(start), formatDate(new Date(end.getTime() - 1)));
    const byDate = new Map(days.map((d) => [d.date, d.prices]));
    return { source: "backfill-timeframe", pick: (slot) => byDate.get(formatDate(slot)) };
  });
  const out = [];
  for (const slot of missing) {
    const prices = value.pick(slot);
    if (!prices || !isComplete(prices)) continue;
    out.push({ slot, entries: entriesFor(slot, prices, value.source, provider.displayName) });
  }
  if (out.length < missing.length) {
    o.log.warn(`${missing.length - out.length} missing slot(s) have no upstream price and stay empty`);
  }
  return out;
}
function latestAtOrBefore(rows, slot) {
  let best;
  for (const r of rows)
    if (r.at.getTime() <= slot.getTime() && r.at.getTime() > slot.getTime() - HOUR) best = r.prices;
  return best;
}
async function lastHistoryDate(root, year) {
  for (let y = year; y > year - 5; y--) {
    const entries = await readSpotHistory(root, y);
    if (entries.length > 0) return entries[entries.length - 1].timestamp.slice(0, 10);
  }
  return void 0;
}
async function collectHistory(o, now, fresh) {
  const today = localDate(now, o.seedTime);
  const seedPassed = now >= seedInstant(today, o.seedTime);
  const lastDay = seedPassed ? today : formatDate(new Date(parseDate(today).getTime() - DAY));
  const last = await lastHistoryDate(o.root, Number(today.slice(0, 4)));
  if (last && last >= lastDay) return [];
  const firstDay = last && o.catchup ? formatDate(new Date(parseDate(last).getTime() + DAY)) : lastDay;
  const entries = [];
  const stillMissing = [];
  for (let t = parseDate(firstDay).getTime(); t <= parseDate(lastDay).getTime(); t += DAY) {
    const date = formatDate(new Date(t));
    const refSlot = floorSlot(seedInstant(date, o.seedTime));
    const known = fresh.find((f) => f.slot.getTime() === refSlot.getTime()) ?? (await slotFactsBetween(o.root, refSlot, new Date(refSlot.getTime() + SLOT))).map((f) => ({
      slot: f.at,
      entries: f.entries
    }))[0];
    const prices = known ? pricesOf(known.entries) : void 0;
    if (prices && isComplete(prices)) {
      entries.push(...entriesFor(parseDate(date), prices, "seed", known.entries[0].provider).map(atNoon));
    } else stillMissing.push(date);
  }
  if (stillMissing.length > 0 && (o.catchup || stillMissing.includes(lastDay))) {
    entries.push(...await fetchDays(o, stillMissing));
  }
  return entries;
}
var atNoon = (e) => ({ ...e, timestamp: `${e.timestamp.slice(0, 10)} 12:00:00` });
async function fetchDays(o, dates) {
  const wanted = new Set(dates);
  const out = [];
  let start = parseDate(dates[0]).getTime();
  const last = parseDate(dates[dates.length - 1]).getTime();
  if (dates.length > 1)
    o.log.info(`Catching up ${dates.length} reference day(s) from ${dates[0]} to ${dates[dates.length - 1]}`);
  while (start <= last) {
    const end = Math.min(last, start + (MAX_TIMEFRAME_DAYS - 1) * DAY);
    const { value, provider } = await firstThatWorks(
      o.providers,
      o.log,
      "daily reference prices",
      (p) => p.timeframe(formatDate(new Date(start)), formatDate(new Date(end)))
    );
    for (const day of value) {
      if (!wanted.has(day.date)) continue;
      if (!isComplete(day.prices)) {
        o.log.warn(
          `no complete daily prices for ${day.date} (${priceProblems(day.prices, day.date).join("; ")}); skipped`
        );
        continue;
      }
      out.push(...entriesFor(parseDate(day.date), day.prices, "seed", provider.displayName).map(atNoon));
    }
    start = end + DAY;
  }
  return out;
}
async function applySpotFacts(root, facts) {
  const report = { files: [], backfilled: [], seedDaysAdded: [], historyConflicts: [] };
  if (facts.marketClosed || !facts.live) return report;
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
  report.slotStatus = await writeSlot(root, live.slot, live.entries);
  report.slotPath = slotPath(live.slot);
  if (report.slotStatus !== "exists") {
    report.files.push(report.slotPath);
    touched.push(live.slot);
  }
  if (live.fx) {
    const path = fxPath(slotPath(live.slot));
    if (await createFileAtomic(join(root, path), formatPretty(fxFact.parse(live.fx))))
      report.files.push(path);
  }
  for (const hour of hoursOf([...touched, live.slot])) {
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

// src/spot/providers/upstream.ts
function upstream(spec, o) {
  const base = (o.baseUrl ?? spec.defaultBase).replace(/\/$/, "");
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    uncount: () => {
      calls--;
    },
    async get(path, params, schema) {
      const auth = spec.auth(o.apiKey);
      const url = `${base}${path}?${new URLSearchParams({ ...params, ...auth.params })}`;
      calls++;
      let res;
      try {
        res = await request(url, {
          headers: { Accept: "application/json", ...auth.headers },
          timeoutMs: o.timeoutMs ?? 2e4,
          retries: o.retries ?? 3,
          clock: o.clock,
          fetch: o.fetch,
          onRetry: (i) => o.onRetry?.(
            `${spec.name} ${path}: ${i.reason}; retrying in ${Math.round(i.waitMs / 100) / 10} s`
          )
        });
      } catch (err) {
        throw new ProviderError(spec.name, "unavailable", err instanceof Error ? err.message : String(err));
      }
      let body;
      try {
        body = jsonBody(res);
      } catch (err) {
        throw new ProviderError(
          spec.name,
          res.status >= 500 ? "unavailable" : "malformed",
          err.message
        );
      }
      const failed = spec.failure(res.status, body, path);
      if (failed) throw new ProviderError(spec.name, failed.kind, failed.message);
      if (res.status >= 400)
        throw new ProviderError(spec.name, "unavailable", `${path} answered HTTP ${res.status}`);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const why = external_exports.prettifyError(parsed.error).replace(/\n/g, "; ");
        throw new ProviderError(spec.name, "malformed", `${path} answered an unexpected shape: ${why}`);
      }
      return parsed.data;
    }
  };
}
function apilayerFailure(keyHint) {
  const body = external_exports.object({
    success: external_exports.literal(false),
    error: external_exports.object({
      statusCode: external_exports.number(),
      code: external_exports.number(),
      message: external_exports.string(),
      info: external_exports.string(),
      type: external_exports.string()
    }).partial()
  });
  return (status, raw, path) => {
    const parsed = body.safeParse(raw);
    if (!parsed.success && status !== 401 && status !== 403) return void 0;
    const e = parsed.success ? parsed.data.error : {};
    const code = e.statusCode ?? e.code;
    const text = e.message ?? e.info ?? e.type ?? `HTTP ${status}`;
    const said = `${path}: ${text}${code ? ` (code ${code})` : ""}`;
    if (code === 101 || code === 102 || status === 401 || /api.?key|access.?key|unauthori[sz]ed|inactive/i.test(text)) {
      return { kind: "auth", message: `the API key was refused \u2014 check ${keyHint} (${said})` };
    }
    if (code === 104 || /quota|limit reached|usage limit|exceeded/i.test(text)) {
      return { kind: "quota", message: `the monthly request quota is used up (${said})` };
    }
    if (code === 105 || code === 106 || status === 403 || /plan|subscription|not supported|restricted/i.test(text)) {
      return { kind: "plan", message: `your plan does not include this endpoint (${said})` };
    }
    return { kind: "malformed", message: said };
  };
}

// src/spot/providers/metalpriceapi.ts
var METALPRICEAPI_BASE = "https://api.metalpriceapi.com/v1";
var rates = external_exports.record(external_exports.string(), external_exports.number().nullable());
var latestBody = external_exports.object({ success: external_exports.literal(true), timestamp: external_exports.number().optional(), rates });
var timeframeBody = external_exports.object({ success: external_exports.literal(true), rates: external_exports.record(external_exports.string(), rates) });
var hourlyBody = external_exports.object({
  success: external_exports.literal(true),
  rates: external_exports.array(external_exports.object({ timestamp: external_exports.number(), rates }))
});
var usageBody = external_exports.object({
  success: external_exports.literal(true),
  result: external_exports.object({ remaining: external_exports.number() }).partial()
});
function usdPerOunce(r, symbol) {
  const direct = r[`USD${symbol}`];
  const inverse = r[symbol];
  if (typeof direct === "number") return direct;
  if (typeof inverse === "number") return inverse > 0 ? 1 / inverse : inverse;
  return void 0;
}
function pricesFromRates(r) {
  const out = {};
  for (const metal of METALS) {
    const v = usdPerOunce(r, METAL_SYMBOLS[metal]);
    if (v !== void 0) out[metal] = v;
  }
  return out;
}
function fxFromRates(r, currencies) {
  const out = {};
  for (const cur of currencies) {
    const v = r[cur];
    if (typeof v === "number" && Number.isFinite(v) && v > 0) out[cur] = v;
  }
  return out;
}
var SYMBOLS = Object.values(METAL_SYMBOLS).join(",");
function metalPriceApi(o) {
  const api = upstream(
    {
      name: "MetalPriceAPI",
      defaultBase: METALPRICEAPI_BASE,
      auth: (key) => ({ headers: { "X-API-KEY": key } }),
      failure: apilayerFailure("api-key / METAL_PRICE_API_KEY")
    },
    o
  );
  return {
    id: "metalpriceapi",
    displayName: "MetalPriceAPI",
    get calls() {
      return api.calls;
    },
    async latest(fx) {
      const body = await api.get(
        "/latest",
        { base: "USD", currencies: [SYMBOLS, ...fx].join(",") },
        latestBody
      );
      const at = body.timestamp ? new Date(body.timestamp * 1e3) : o.clock.now();
      return { prices: pricesFromRates(body.rates), at, fx: fxFromRates(body.rates, fx) };
    },
    async timeframe(start, end) {
      const body = await api.get(
        "/timeframe",
        { base: "USD", currencies: SYMBOLS, start_date: start, end_date: end },
        timeframeBody
      );
      return Object.entries(body.rates).map(([date, r]) => ({ date, prices: pricesFromRates(r) })).sort((a, b) => a.date.localeCompare(b.date));
    },
    async hourly(start, end) {
      const byTime = /* @__PURE__ */ new Map();
      const params = {
        base: "USD",
        start: String(start.getTime() / 1e3),
        end: String(end.getTime() / 1e3 - 1)
      };
      for (const metal of METALS) {
        const body = await api.get("/hourly", { ...params, currency: METAL_SYMBOLS[metal] }, hourlyBody);
        for (const row of body.rates) {
          const v = usdPerOunce(row.rates, METAL_SYMBOLS[metal]);
          if (v === void 0) continue;
          const prices = byTime.get(row.timestamp * 1e3) ?? {};
          prices[metal] = v;
          byTime.set(row.timestamp * 1e3, prices);
        }
      }
      return [...byTime.entries()].sort(([a], [b]) => a - b).map(([t, prices]) => ({ at: new Date(t), prices }));
    },
    async usage() {
      try {
        return (await api.get("/usage", {}, usageBody)).result.remaining;
      } catch {
        return void 0;
      } finally {
        api.uncount();
      }
    }
  };
}

// src/spot/providers/metals-api.ts
var rates2 = external_exports.record(external_exports.string(), external_exports.number().nullable());
var latestBody2 = external_exports.object({ success: external_exports.literal(true), timestamp: external_exports.number().optional(), rates: rates2 });
var seriesBody = external_exports.object({ success: external_exports.literal(true), rates: external_exports.record(external_exports.string(), rates2) });
function metalsApi(o) {
  const api = upstream(
    {
      name: "Metals-API",
      defaultBase: "https://metals-api.com/api",
      auth: (key) => ({ params: { access_key: key } }),
      failure: apilayerFailure("api-key")
    },
    o
  );
  const symbols = Object.values(METAL_SYMBOLS).join(",");
  return {
    id: "metals-api",
    displayName: "Metals-API",
    get calls() {
      return api.calls;
    },
    async latest(fx) {
      const body = await api.get("/latest", { base: "USD", symbols: [symbols, ...fx].join(",") }, latestBody2);
      const at = body.timestamp ? new Date(body.timestamp * 1e3) : o.clock.now();
      return { prices: pricesFromRates(body.rates), at, fx: fxFromRates(body.rates, fx) };
    },
    async timeframe(start, end) {
      const body = await api.get(
        "/timeseries",
        { base: "USD", symbols, start_date: start, end_date: end },
        seriesBody
      );
      return Object.entries(body.rates).map(([date, r]) => ({ date, prices: pricesFromRates(r) })).sort((a, b) => a.date.localeCompare(b.date));
    }
  };
}

// src/spot/providers/metals-dev.ts
var metals = external_exports.object({
  gold: external_exports.number().optional(),
  silver: external_exports.number().optional(),
  platinum: external_exports.number().optional(),
  palladium: external_exports.number().optional()
});
var latestBody3 = external_exports.object({
  status: external_exports.literal("success"),
  metals,
  currencies: external_exports.record(external_exports.string(), external_exports.number()).optional(),
  timestamps: external_exports.object({ metal: external_exports.string().optional() }).partial().optional()
});
var seriesBody2 = external_exports.object({
  status: external_exports.literal("success"),
  rates: external_exports.record(external_exports.string(), external_exports.object({ metals }))
});
var failureBody = external_exports.object({
  status: external_exports.literal("failure"),
  error_code: external_exports.number().optional(),
  error_message: external_exports.string().optional()
});
var NAMES = {
  gold: "Gold",
  silver: "Silver",
  platinum: "Platinum",
  palladium: "Palladium"
};
function pricesOf2(m) {
  const out = {};
  for (const [k, metal] of Object.entries(NAMES)) {
    const v = m[k];
    if (v !== void 0) out[metal] = v;
  }
  return out;
}
function failure(status, raw, path) {
  const parsed = failureBody.safeParse(raw);
  if (!parsed.success && status !== 401 && status !== 403) return void 0;
  const text = parsed.success ? parsed.data.error_message ?? `error ${parsed.data.error_code}` : `HTTP ${status}`;
  const said = `${path}: ${text}`;
  if (status === 401 || /key/i.test(text))
    return { kind: "auth", message: `the API key was refused \u2014 check api-key (${said})` };
  if (/quota|limit/i.test(text)) return { kind: "quota", message: `the request quota is used up (${said})` };
  if (status === 403 || /plan|subscription/i.test(text))
    return { kind: "plan", message: `your plan does not include this endpoint (${said})` };
  return { kind: "malformed", message: said };
}
function metalsDev(o) {
  const api = upstream(
    {
      name: "metals.dev",
      defaultBase: "https://api.metals.dev/v1",
      auth: (key) => ({ params: { api_key: key } }),
      failure
    },
    o
  );
  return {
    id: "metals-dev",
    displayName: "metals.dev",
    get calls() {
      return api.calls;
    },
    async latest(fx) {
      const body = await api.get("/latest", { currency: "USD", unit: "toz" }, latestBody3);
      const fxRates = {};
      for (const cur of fx) {
        const v = body.currencies?.[cur];
        if (v && v > 0) fxRates[cur] = 1 / v;
      }
      const at = body.timestamps?.metal ? new Date(body.timestamps.metal) : o.clock.now();
      return {
        prices: pricesOf2(body.metals),
        at: Number.isNaN(at.getTime()) ? o.clock.now() : at,
        fx: fxRates
      };
    },
    async timeframe(start, end) {
      const body = await api.get("/timeseries", { start_date: start, end_date: end }, seriesBody2);
      return Object.entries(body.rates).map(([date, r]) => ({ date, prices: pricesOf2(r.metals) })).sort((a, b) => a.date.localeCompare(b.date));
    }
  };
}

// src/spot/providers/replay.ts
var BASE = { Gold: 4980, Silver: 79.5, Platinum: 2010, Palladium: 1560 };
var PHASE = { Gold: 0, Silver: 1.3, Platinum: 2.1, Palladium: 4.4 };
var FX = { EUR: 0.92, GBP: 0.79, CAD: 1.37, AUD: 1.52, CHF: 0.88, JPY: 151.2 };
function wiggle(n) {
  let x = (n ^ 2654435769) >>> 0;
  x = Math.imul(x ^ x >>> 16, 73244475) >>> 0;
  x = Math.imul(x ^ x >>> 16, 73244475) >>> 0;
  return ((x ^ x >>> 16) >>> 0) / 2 ** 31 - 1;
}
function replayPrice(metal, at) {
  const t = at.getTime();
  const slot = Math.floor(t / SLOT);
  const phase = PHASE[metal];
  const factor = 1 + 0.04 * Math.sin(2 * Math.PI * t / (37 * DAY) + phase) + 6e-3 * Math.sin(2 * Math.PI * t / DAY + phase) + 8e-4 * wiggle(slot * 7 + METALS.indexOf(metal));
  return round2(BASE[metal] * factor);
}
var pricesAt = (at) => Object.fromEntries(METALS.map((m) => [m, replayPrice(m, at)]));
function replay(clock) {
  let calls = 0;
  return {
    id: "replay",
    displayName: "Replay",
    get calls() {
      return calls;
    },
    async latest(fx) {
      calls++;
      const at = floorSlot(clock.now());
      const rates3 = {};
      for (const cur of fx) if (FX[cur]) rates3[cur] = FX[cur];
      return { prices: pricesAt(at), at, fx: rates3 };
    },
    async timeframe(start, end) {
      calls++;
      const out = [];
      const last = parseDate(end).getTime();
      for (let t = parseDate(start).getTime(); t <= last; t += DAY) {
        out.push({ date: new Date(t).toISOString().slice(0, 10), prices: pricesAt(new Date(t + 17 * HOUR)) });
      }
      return out;
    },
    async hourly(start, end) {
      calls++;
      const out = [];
      for (let t = Math.floor(start.getTime() / HOUR) * HOUR; t < end.getTime(); t += HOUR) {
        out.push({ at: new Date(t), prices: pricesAt(new Date(t)) });
      }
      return out;
    },
    async usage() {
      return void 0;
    }
  };
}

// src/spot/providers/index.ts
var PROVIDER_IDS = ["metalpriceapi", "metals-dev", "metals-api", "replay"];
var KEY_INPUT = {
  metalpriceapi: "api-key",
  "metals-dev": "metals-dev-api-key",
  "metals-api": "metals-api-key"
};
function buildProviders(ids, s) {
  if (ids.length === 0) throw new InputError('input "providers": name at least one provider');
  return ids.map((id, i) => {
    const baseUrl = i === 0 ? s.baseUrl : void 0;
    if (id === "replay") return replay(s.clock);
    if (!(id in KEY_INPUT))
      throw new InputError(`input "providers": unknown provider "${id}" (known: ${PROVIDER_IDS.join(", ")})`);
    const key = s.keys[id];
    if (!key) throw new InputError(`input "${KEY_INPUT[id]}" is required by provider ${id}`);
    const options = { apiKey: key, baseUrl, clock: s.clock, fetch: s.fetch, onRetry: s.onRetry };
    return id === "metalpriceapi" ? metalPriceApi(options) : id === "metals-dev" ? metalsDev(options) : metalsApi(options);
  });
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
  const usable = series.filter((s) => METALS.every((m) => s.prices[m] !== void 0));
  if (usable.length < 2) return "";
  const first = usable[0].prices;
  const lines = METALS.map((m) => {
    const values = usable.map((s) => ((s.prices[m] / first[m] - 1) * 100).toFixed(2));
    return `  line "${m}" [${values.join(", ")}]`;
  });
  const hours = usable.map((s) => `"${String(s.hour.getUTCHours()).padStart(2, "0")}h"`);
  return [
    "```mermaid",
    "xychart-beta",
    `  title "Last 24 h: change since ${formatNaive(usable[0].hour).slice(0, 16)} UTC (%) \u2014 Gold, Silver, Platinum, Palladium"`,
    `  x-axis [${hours.join(", ")}]`,
    '  y-axis "%"',
    ...lines,
    "```"
  ].join("\n");
}
function summaryMarkdown(input, series) {
  const { facts, report } = input;
  const lines = [
    `### Spot poll \xB7 slot ${formatNaive(facts.slot).slice(0, 16)} UTC${input.dryRun ? " \xB7 dry run" : ""}`
  ];
  if (facts.marketClosed) {
    lines.push("", "Market closed: the upstream returned no rates; nothing written.");
    return lines.join("\n");
  }
  lines.push("", "| Metal | USD / oz | Change vs previous slot |", "|---|---:|---:|");
  for (const e of facts.live?.entries ?? []) {
    const before = facts.previous?.[e.metal];
    const change = before ? `${e.spot >= before ? "+" : ""}${((e.spot / before - 1) * 100).toFixed(2)} %` : "\u2014";
    lines.push(`| ${e.metal} | ${usd(e.spot)} | ${change} |`);
  }
  const slotLine = report.slotStatus === "exists" ? `already present (another writer was first; kept as is)` : report.slotStatus === "repaired" ? "repaired (the file was torn)" : input.dryRun ? "would be written" : "written";
  lines.push("", `- Slot \`${report.slotPath ?? ""}\`: ${slotLine}`);
  lines.push(
    `- Backfilled: ${report.backfilled.length === 0 ? "nothing missing" : `${report.backfilled.length} slot(s), ${formatNaive(report.backfilled[0]).slice(0, 16)} \u2192 ${formatNaive(report.backfilled[report.backfilled.length - 1]).slice(0, 16)} UTC`}`
  );
  lines.push(
    `- Reference days added: ${report.seedDaysAdded.length === 0 ? "none due" : `${report.seedDaysAdded.length} (${report.seedDaysAdded[0]}${report.seedDaysAdded.length > 1 ? ` \u2192 ${report.seedDaysAdded[report.seedDaysAdded.length - 1]}` : ""})`}`
  );
  if (report.historyConflicts.length > 0)
    lines.push(`- History kept over differing upstream values: ${report.historyConflicts.length}`);
  lines.push(
    `- API calls: ${facts.apiCalls}${facts.quotaRemaining !== void 0 ? ` \xB7 quota remaining ${facts.quotaRemaining.toLocaleString("en-US")}` : ""}`
  );
  lines.push(
    `- Commit: ${input.commit ? `\`${input.commit.slice(0, 12)}\`${input.pushed ? " (pushed)" : " (not pushed)"}` : "none (nothing changed)"}`
  );
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
      schema: list()
    },
    "api-base-url": {
      description: "Override the first provider's base URL (self-hosted proxy, tests).",
      schema: optional()
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
      schema: list()
    },
    ...verifyInputs
  },
  outputs: {
    slot: "Path of the slot file written this run, or empty.",
    "files-written": "Number of files created or changed.",
    "backfilled-slots": "Number of missing slots filled.",
    "seed-days-added": "Number of daily reference days added.",
    "api-calls": "Upstream calls made (quota used).",
    "quota-remaining": "Calls left this period, when the upstream says.",
    commit: "Commit sha, or empty when nothing changed.",
    pushed: "true when the commit reached the remote."
  },
  async run(inputs, rt, { env }) {
    const clock = clockFromEnv(env);
    checkVerifyInputs(inputs);
    const providers = buildProviders(inputs.providers, {
      keys: {
        metalpriceapi: inputs["api-key"],
        "metals-dev": inputs["metals-dev-api-key"],
        "metals-api": inputs["metals-api-key"]
      },
      baseUrl: inputs["api-base-url"],
      clock,
      onRetry: (m) => rt.warning(m)
    });
    const log = {
      info: (m) => rt.info(m),
      warn: (m) => rt.warning(m),
      notice: (m) => rt.notice(m, { title: "spot-poll" }),
      providerError: (e) => rt.error(e.message, { title: "Spot provider refused the request" })
    };
    const dryRun = inputs["dry-run"];
    return withWorkspace(inputs, "spot-poll", rt, clock, async (ws) => {
      const facts = await rt.group(
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
          log
        })
      ).catch((err) => {
        if (err instanceof PriceCheckError)
          for (const p of err.problems) rt.error(p, { title: "Price refused" });
        throw err instanceof PriceCheckError ? new CommandFailure(err.message) : err;
      });
      let report = { files: [], backfilled: [], seedDaysAdded: [], historyConflicts: [] };
      const published = await rt.group(
        "Write, commit, push",
        () => publish(ws, {
          apply: async (dir) => {
            report = await applySpotFacts(dir, facts);
            return report;
          },
          message: (r) => commitMessage(inputs["poller-id"], facts.slot, r),
          push: inputs.push && !dryRun,
          clock,
          log: log.info,
          warn: log.warn
        })
      );
      const commit = dryRun ? void 0 : published.commit;
      for (const f of report.files) rt.info(`${dryRun ? "would write" : "wrote"} ${f}`);
      await rt.summary(
        summaryMarkdown(
          { facts, report, commit, pushed: published.pushed, dryRun },
          await last24h(ws.dir, clock.now())
        )
      );
      if (published.pushed) await chainedVerify(inputs, ws.dir, rt, clock);
      return {
        slot: report.slotStatus && report.slotStatus !== "exists" ? report.slotPath ?? "" : "",
        "files-written": report.files.length,
        "backfilled-slots": report.backfilled.length,
        "seed-days-added": report.seedDaysAdded.length,
        "api-calls": facts.apiCalls,
        "quota-remaining": facts.quotaRemaining ?? "",
        commit: commit ?? "",
        pushed: published.pushed
      };
    });
  }
});
function commitMessage(pollerId, slot, r) {
  const parts = [`slot ${formatNaive(slot).slice(0, 16)}`];
  if (r.slotStatus === "exists") parts[0] += " (already present)";
  if (r.backfilled.length) parts.push(`backfilled ${r.backfilled.length} slot(s)`);
  if (r.seedDaysAdded.length) parts.push(`reference days ${r.seedDaysAdded.length}`);
  return `spot-poll(${pollerId}): ${parts.join(", ")}

${r.files.map((f) => `- ${f}`).join("\n")}`;
}

export {
  spot_poll_default
};
