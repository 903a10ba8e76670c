import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  DAY,
  MINUTE,
  SLOT,
  exists,
  external_exports,
  floorDay,
  floorSlot,
  formatDate,
  formatIso,
  formatLines,
  formatPretty,
  parseDate,
  parseJson,
  readDirNames,
  readTextIfExists,
  sortedRecord,
  writeFileAtomic
} from "./chunk-CQKT3FJX.js";

// src/retail/catalog.ts
import { createHash } from "node:crypto";
var CATALOG_METALS = ["gold", "silver", "platinum", "palladium", "goldback"];
var httpUrl = external_exports.string().url().refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL").refine((u) => {
  const parsed = URL.canParse(u) ? new URL(u) : void 0;
  return !parsed?.username && !parsed?.password;
}, "must not carry credentials (user:password@); put them nowhere in the catalog");
var provider = external_exports.object({
  id: external_exports.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "must be a lowercase dealer id"),
  name: external_exports.string().min(1),
  enabled: external_exports.boolean(),
  url: httpUrl.optional(),
  urls: external_exports.array(httpUrl).min(1).optional(),
  /** How a pre-order/presale page counts: buyable now ("in-stock", the default) or not ("out-of-stock"). */
  preorder: external_exports.enum(["in-stock", "out-of-stock"]).optional()
}).superRefine((p, ctx) => {
  if (p.url && p.urls) ctx.addIssue({ code: "custom", message: 'has both "url" and "urls"; keep one' });
  if (p.enabled && !p.url && !p.urls)
    ctx.addIssue({ code: "custom", message: 'is enabled but has no "url"' });
});
var coin = external_exports.object({
  name: external_exports.string().min(1),
  metal: external_exports.enum(CATALOG_METALS),
  /** Troy ounces of metal; for Goldback notes the denomination (G1 = 1, i.e. 1/1000 oz of gold). */
  weight_oz: external_exports.number().positive().finite(),
  /** Retired: no page is read and the coin leaves the manifest (its files stay). */
  retired: external_exports.boolean().optional(),
  providers: external_exports.array(provider).superRefine((list, ctx) => {
    const seen = /* @__PURE__ */ new Set();
    for (const [i, p] of list.entries()) {
      if (seen.has(p.id))
        ctx.addIssue({ code: "custom", path: [i, "id"], message: `dealer "${p.id}" listed twice` });
      seen.add(p.id);
    }
  })
});
var catalogSchema = external_exports.object({
  coins: external_exports.record(external_exports.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a lowercase slug"), coin)
});
var CatalogError = class extends Error {
  name = "CatalogError";
};
function describePath(path, value) {
  const [top, slug2, field, index, ...rest] = path;
  if (top !== "coins" || slug2 === void 0) return path.join(".") || "(top level)";
  let where = `coin "${String(slug2)}"`;
  if (field === void 0) return where;
  if (field !== "providers" || index === void 0) {
    return `${where}: ${[field, index, ...rest].filter((p) => p !== void 0).join(".")}`;
  }
  const entry = value?.coins?.[String(slug2)]?.providers?.[Number(index)];
  const id = entry && typeof entry === "object" && typeof entry.id === "string" ? `"${entry.id}" ` : "";
  where += `, provider ${id}(#${Number(index) + 1})`;
  return rest.length ? `${where}: ${rest.join(".")}` : where;
}
function parseCatalog(value, source = "providers.json") {
  const result = catalogSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${describePath(i.path, value)}: ${i.message}`);
  throw new CatalogError(`${source} is invalid:
${lines.join("\n")}`);
}
function parseCatalogText(text, source = "providers.json") {
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CatalogError(`${source} is not JSON: ${err.message}`);
  }
  return parseCatalog(value, source);
}
function parseShard(text) {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new CatalogError(`shard must look like "i/n" with 1 \u2264 i \u2264 n (e.g. "2/4"), got "${text}"`);
  }
  return { index, count };
}
function shardOf(coin2, vendor, count) {
  const h = createHash("sha256").update(`${coin2}\0${vendor}`).digest();
  return h.readUInt32BE(0) % count + 1;
}
function targets(catalog, filter = {}) {
  const unknownCoins = (filter.coins ?? []).filter((c) => !catalog.coins[c]);
  if (unknownCoins.length) throw new CatalogError(`coins not in the catalog: ${unknownCoins.join(", ")}`);
  const knownVendors = new Set(Object.values(catalog.coins).flatMap((c) => c.providers.map((p) => p.id)));
  const unknownVendors = (filter.vendors ?? []).filter((v) => !knownVendors.has(v));
  if (unknownVendors.length)
    throw new CatalogError(`vendors not in the catalog: ${unknownVendors.join(", ")}`);
  const shard = typeof filter.shard === "string" ? parseShard(filter.shard) : filter.shard;
  const coins = filter.coins?.length ? new Set(filter.coins) : void 0;
  const vendors = filter.vendors?.length ? new Set(filter.vendors) : void 0;
  const out = [];
  for (const slug2 of Object.keys(catalog.coins).sort()) {
    if (coins && !coins.has(slug2) || catalog.coins[slug2].retired) continue;
    const providers = [...catalog.coins[slug2].providers].sort((a, b) => a.id.localeCompare(b.id));
    for (const p of providers) {
      if (!p.enabled || vendors && !vendors.has(p.id)) continue;
      if (shard && shardOf(slug2, p.id, shard.count) !== shard.index) continue;
      out.push({ coin: slug2, vendor: p.id, urls: p.urls ?? [p.url] });
    }
  }
  return out;
}

// src/retail/facts.ts
import { join } from "node:path";

// src/retail/observation.ts
var EXTRACTION_METHODS = [
  "tier-table",
  "structured-data",
  "text",
  "vision",
  "firecrawl-tier-table",
  "firecrawl-text",
  /** A Goldback denomination priced from the official exchange rate (goldback.ts). */
  "exchange-rate"
];
var observation = external_exports.object({
  /** Coin slug from providers.json. */
  coin: external_exports.string().min(1),
  /** Dealer id from providers.json. */
  vendor: external_exports.string().min(1),
  /** When the page was read, ISO-8601 UTC with Z. */
  observedAt: external_exports.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
  /** Price of one unit paid by check/wire in USD, or null when the page produced no trustworthy price. */
  price: external_exports.number().finite().positive().multipleOf(0.01).nullable(),
  inStock: external_exports.boolean(),
  /** The method that produced the price; null when no price. */
  method: external_exports.enum(EXTRACTION_METHODS).nullable(),
  /** Why there is no price, or a note on doubt; empty when priced cleanly. */
  reason: external_exports.string(),
  /** Whether a vision check agreed (true), disagreed (false) or was not run (undefined). */
  visionAgrees: external_exports.boolean().optional()
});

// src/retail/facts.ts
var FACTS_DIR = "data/retail/facts";
var SLUG = /^[a-z0-9][a-z0-9_-]*$/;
var FACT_PATH_RE = /^data\/retail\/facts\/(\d{4})\/(\d{2})\/(\d{2})\/([a-z0-9][a-z0-9_-]*)\.json$/;
var ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
var factEntry = external_exports.looseObject({
  observedAt: external_exports.string().regex(ISO_SECONDS, "must be ISO-8601 UTC to the second, e.g. 2026-03-15T20:01:02Z"),
  vendor: external_exports.string().regex(SLUG, "must be a lowercase dealer id"),
  price: external_exports.number().finite().positive().multipleOf(0.01).nullable(),
  inStock: external_exports.boolean(),
  method: external_exports.enum(EXTRACTION_METHODS).nullable(),
  reason: external_exports.string().min(1).optional(),
  visionAgrees: external_exports.boolean().optional()
});
var isFailure = (f) => f.price === null && f.inStock;
var compareText = (a, b) => a < b ? -1 : a > b ? 1 : 0;
var retailFactDayDir = (day) => `${FACTS_DIR}/${formatDate(day).replaceAll("-", "/")}`;
var retailFactPath = (day, coin2) => `${retailFactDayDir(day)}/${coin2}.json`;
var isRetailFactPath = (path) => FACT_PATH_RE.test(path);
function parseRetailFactPath(path) {
  const m = FACT_PATH_RE.exec(path);
  const day = m && parseDate(`${m[1]}-${m[2]}-${m[3]}`);
  return day ? { day, coin: m[4] } : void 0;
}
var KNOWN_KEYS = ["observedAt", "vendor", "price", "inStock", "method", "reason", "visionAgrees"];
function canonical(e) {
  const out = {
    observedAt: e.observedAt,
    vendor: e.vendor,
    price: e.price,
    inStock: e.inStock,
    method: e.method
  };
  if (e.reason !== void 0) out.reason = e.reason;
  if (e.visionAgrees !== void 0) out.visionAgrees = e.visionAgrees;
  for (const key of Object.keys(e).sort()) if (!KNOWN_KEYS.includes(key)) out[key] = e[key];
  return out;
}
function toFactEntry(o) {
  const entry = {
    observedAt: formatIso(new Date(o.observedAt)),
    vendor: o.vendor,
    price: o.price,
    inStock: o.inStock,
    method: o.method
  };
  if (o.reason) entry.reason = o.reason;
  if (o.visionAgrees !== void 0) entry.visionAgrees = o.visionAgrees;
  return entry;
}
var FactFileError = class extends Error {
  name = "FactFileError";
};
function parseFactFile(text, source = "fact file") {
  return validEntries(text, source).map(canonical);
}
function validEntries(text, source) {
  const parsed = parseJson(text);
  if (!parsed.ok) return [];
  if (!Array.isArray(parsed.value)) throw new FactFileError(`${source}: not a JSON array`);
  return parsed.value.map((item, i) => {
    const r = factEntry.safeParse(item);
    if (!r.success) throw new FactFileError(`${source}, entry ${i}: ${external_exports.prettifyError(r.error)}`);
    return r.data;
  });
}
function formatFactFile(entries) {
  const lines = /* @__PURE__ */ new Map();
  for (const e of entries) {
    const c = canonical(e);
    lines.set(JSON.stringify(c), c);
  }
  const sorted = [...lines.entries()].sort(
    ([ka, a], [kb, b]) => compareText(a.observedAt, b.observedAt) || compareText(a.vendor, b.vendor) || compareText(ka, kb)
  );
  return formatLines(sorted.map(([, e]) => e));
}
function mergeRetailFactFiles(a, b) {
  return formatFactFile([...parseFactFile(a, "first version"), ...parseFactFile(b, "second version")]);
}
async function appendObservations(root, observations) {
  const byPath = /* @__PURE__ */ new Map();
  observations.forEach((o, i) => {
    const r = observation.safeParse(o);
    if (!r.success) {
      const who = typeof o?.coin === "string" ? ` (${o.coin}/${o.vendor})` : "";
      throw new FactFileError(`observation ${i}${who} is invalid: ${external_exports.prettifyError(r.error)}`);
    }
    if (!SLUG.test(r.data.coin))
      throw new FactFileError(`observation ${i}: coin "${r.data.coin}" is not a slug`);
    const entry = factEntry.parse(toFactEntry(r.data));
    const path = retailFactPath(new Date(entry.observedAt), r.data.coin);
    const list = byPath.get(path);
    if (list) list.push(entry);
    else byPath.set(path, [entry]);
  });
  const written = [];
  for (const [path, entries] of [...byPath.entries()].sort(([a], [b]) => a < b ? -1 : 1)) {
    const full = join(root, path);
    const before = await readTextIfExists(full);
    const after = formatFactFile([...parseFactFile(before ?? "", path), ...entries]);
    if (after === before) continue;
    await writeFileAtomic(full, after);
    written.push(path);
  }
  return written;
}
async function listDir(path, pattern) {
  try {
    return (await readDirNames(path)).filter((n) => pattern.test(n)).sort();
  } catch (err) {
    if (err.code === "ENOENT") return [];
    throw err;
  }
}
async function listFactDays(root) {
  const days = [];
  const base = join(root, FACTS_DIR);
  for (const y of await listDir(base, /^\d{4}$/))
    for (const m of await listDir(join(base, y), /^\d{2}$/))
      for (const d of await listDir(join(base, y, m), /^\d{2}$/)) {
        const day = parseDate(`${y}-${m}-${d}`);
        if (day) days.push(day);
      }
  return days;
}
async function readFacts(root, days) {
  const perDay = await Promise.all(
    days.map(async (day) => {
      const dir = retailFactDayDir(day);
      const names = await listDir(join(root, dir), /^[a-z0-9][a-z0-9_-]*\.json$/);
      const files = await Promise.all(
        names.map(async (name) => {
          const path = `${dir}/${name}`;
          const coin2 = name.slice(0, -".json".length);
          const entries = validEntries(await readTextIfExists(join(root, path)) ?? "", path);
          return entries.map((e) => Object.assign(e, { coin: coin2, time: Date.parse(e.observedAt) }));
        })
      );
      return files.flat();
    })
  );
  return perDay.flat().sort((a, b) => a.time - b.time || compareText(a.coin, b.coin) || compareText(a.vendor, b.vendor));
}

// src/data/goldback.ts
import { join as join2 } from "node:path";
var GOLDBACK_SPOT_PATH = "data/api/goldback-spot.json";
var goldbackLogPath = (year) => `data/goldback-${year}.json`;
var SPOT_DENOMINATIONS = [1, 5, 10, 25, 50];
var date = external_exports.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD");
var isoMs = external_exports.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, "must be ISO-8601 UTC with milliseconds");
var usd = external_exports.number().finite().positive().refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, "must be in cents");
var goldbackLogEntryWrite = external_exports.strictObject({ date, g1_usd: usd, scraped_at: isoMs });
var goldbackLogWrite = external_exports.array(goldbackLogEntryWrite).superRefine((rows, ctx) => {
  if (rows.some((r, i) => i > 0 && r.date >= rows[i - 1].date))
    ctx.addIssue({ code: "custom", message: "dates must be strictly descending (newest first)" });
});
var goldbackSpotWrite = external_exports.strictObject({
  date,
  scraped_at: isoMs,
  g1_usd: usd,
  denominations: external_exports.strictObject({ g1: usd, g5: usd, g10: usd, g25: usd, g50: usd }),
  source: external_exports.literal("goldback.com"),
  confidence: external_exports.enum(["high", "medium", "low"])
});
var instant = external_exports.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be a timestamp");
var goldbackLogEntryRead = external_exports.object({
  date,
  g1_usd: external_exports.number().finite().positive(),
  scraped_at: instant
});
var goldbackSpotRead = external_exports.object({
  date,
  scraped_at: instant,
  g1_usd: external_exports.number().finite().positive()
});
var GoldbackFileError = class extends Error {
  name = "GoldbackFileError";
};
function parseGoldbackLog(text, source) {
  const parsed = parseJson(text);
  if (!parsed.ok) return [];
  if (!Array.isArray(parsed.value)) throw new GoldbackFileError(`${source}: not a JSON array`);
  return parsed.value.map((item, i) => {
    const r = goldbackLogEntryRead.safeParse(item);
    if (!r.success) throw new GoldbackFileError(`${source}, entry ${i}: ${external_exports.prettifyError(r.error)}`);
    return {
      date: r.data.date,
      g1_usd: r.data.g1_usd,
      scraped_at: new Date(r.data.scraped_at).toISOString()
    };
  });
}
var formatGoldbackLog = (rows) => formatPretty(goldbackLogWrite.parse(rows));
function goldbackSpot(entry, confidence2) {
  const times = (n) => Math.round(entry.g1_usd * n * 100) / 100;
  return goldbackSpotWrite.parse({
    date: entry.date,
    scraped_at: entry.scraped_at,
    g1_usd: entry.g1_usd,
    denominations: Object.fromEntries(SPOT_DENOMINATIONS.map((n) => [`g${n}`, times(n)])),
    source: "goldback.com",
    confidence: confidence2
  });
}
async function recordGoldbackRate(root, entry, confidence2) {
  goldbackLogEntryWrite.parse(entry);
  const written = [];
  const logPath = goldbackLogPath(entry.date.slice(0, 4));
  const before = await readTextIfExists(join2(root, logPath));
  const rows = parseGoldbackLog(before ?? "", logPath);
  if (!rows.some((r) => r.date === entry.date)) {
    const text = formatGoldbackLog([...rows, entry].sort((a, b) => a.date < b.date ? 1 : -1));
    await writeFileAtomic(join2(root, logPath), text);
    written.push(logPath);
  }
  const current = await readTextIfExists(join2(root, GOLDBACK_SPOT_PATH));
  const next = formatPretty(goldbackSpot(entry, confidence2));
  const newer = (text) => {
    const p = parseJson(text);
    const r = p.ok ? goldbackSpotRead.safeParse(p.value) : void 0;
    return !r?.success || Date.parse(r.data.scraped_at) < Date.parse(entry.scraped_at);
  };
  if (current === void 0 || newer(current)) {
    await writeFileAtomic(join2(root, GOLDBACK_SPOT_PATH), next);
    written.push(GOLDBACK_SPOT_PATH);
  }
  return written;
}

// src/retail/goldback.ts
var GOLDBACK_VENDOR = "goldback";
var GOLDBACK_DENOMINATIONS = [1, 2, 5, 10, 25, 50];
var RATE_BAND = [1.6, 2.5];
var G1_GOLD_OZ = 1e-3;
var goldbackCoinSlug = (n) => `goldback-g${n}`;
function goldbackCoinMeta(slug2) {
  const n = Number(/^goldback-g(\d+)$/.exec(slug2)?.[1]);
  if (!GOLDBACK_DENOMINATIONS.includes(n)) return void 0;
  return { name: `Goldback G${n}`, metal: "goldback", weight: n };
}
function rateBand(goldSpot) {
  const gold = goldSpot * G1_GOLD_OZ;
  return {
    low: Math.round(gold * RATE_BAND[0] * 100) / 100,
    high: Math.round(gold * RATE_BAND[1] * 100) / 100
  };
}
var RATE_WORDS = /exchange rate|goldback rate|1 goldback|per goldback|\bg1\b|today'?s rate/i;
function readRate(reading, goldSpot) {
  const band = rateBand(goldSpot);
  const values = reading.prices.flatMap((p) => {
    const m = /\$\s?(\d[\d,]*(?:\.\d{1,2})?)/.exec(p.text);
    const n = m ? Number(m[1].replace(/,/g, "")) : Number.NaN;
    return Number.isFinite(n) && n > 0 ? [{ n, labelled: RATE_WORDS.test(`${p.before} ${p.after}`) }] : [];
  });
  const inBand = values.filter((v) => v.n >= band.low && v.n <= band.high);
  const labelled = new Set(inBand.filter((v) => v.labelled).map((v) => v.n));
  const all = new Set(inBand.map((v) => v.n));
  const pick = labelled.size ? labelled : all;
  if (pick.size === 1) return { rate: [...pick][0] };
  const seen = values.map((v) => `$${v.n}`).join(", ") || "none";
  if (pick.size === 0)
    return {
      reason: `no Goldback rate within $${band.low}\u2013$${band.high} (${RATE_BAND.join("\u2013")} \xD7 gold content at gold $${goldSpot}); prices seen: ${seen}`
    };
  return { reason: `several candidate Goldback rates: ${[...pick].map((n) => `$${n}`).join(", ")}` };
}
function rateObservations(rate, observedAt) {
  return GOLDBACK_DENOMINATIONS.map((n) => ({
    coin: goldbackCoinSlug(n),
    vendor: GOLDBACK_VENDOR,
    observedAt: formatIso(observedAt),
    price: Math.round(rate * n * 100) / 100,
    inStock: true,
    method: "exchange-rate",
    reason: ""
  }));
}
var rateEntry = (rate, at) => ({
  date: formatDate(at),
  g1_usd: rate,
  scraped_at: at.toISOString()
});
var recordRate = (root, rate, at) => recordGoldbackRate(root, rateEntry(rate, at), "high");

// src/retail/views/rebuild.ts
import { readdir } from "node:fs/promises";
import { join as join3 } from "node:path";

// src/retail/views/stats.ts
var cents = (n) => Math.round((n + Math.sign(n) * Number.EPSILON * Math.abs(n)) * 100) / 100;
function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
function mean(values) {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}
var centsOrNull = (n) => n === null ? null : cents(n);

// src/retail/confidence.ts
var CONFIDENCE = {
  base: 90,
  consensusFree: 0.02,
  consensusSlope: 400,
  consensusMax: 40,
  alone: 10,
  moveFree: 0.03,
  moveSlope: 300,
  moveMax: 30,
  visionAgrees: 10,
  visionDisagrees: -40
};
var penalty = (ratio, free, slope, max) => Math.min(max, Math.max(0, ratio - free) * slope);
function confidence(input) {
  const c = CONFIDENCE;
  const others = input.freshPrices.length - (input.own ? 1 : 0);
  const m = median(input.freshPrices);
  const consensus = others === 0 || m === null ? c.alone : penalty(Math.abs(input.price - m) / m, c.consensusFree, c.consensusSlope, c.consensusMax);
  const a = input.previousDayAvg;
  const move = a ? penalty(Math.abs(input.price - a) / a, c.moveFree, c.moveSlope, c.moveMax) : 0;
  const vision = input.visionAgrees === void 0 ? 0 : input.visionAgrees ? c.visionAgrees : c.visionDisagrees;
  return Math.min(100, Math.max(0, Math.round(c.base - consensus - move + vision)));
}

// src/retail/views/coin.ts
var FRESH_MS = 30 * MINUTE;
var slotOf = (ms) => Math.floor(ms / SLOT) * SLOT;
var DealerState = class {
  latest = /* @__PURE__ */ new Map();
  add(f) {
    this.latest.set(f.vendor, f);
  }
  /** Fresh in-stock prices at `t`, by dealer. */
  freshAt(t) {
    const out = /* @__PURE__ */ new Map();
    for (const [vendor, f] of this.latest)
      if (f.price !== null && f.inStock && t - f.time < FRESH_MS) out.set(vendor, f);
    return out;
  }
};
var priceRecord = (fresh) => Object.fromEntries(
  [...fresh.entries()].sort(([a], [b]) => compareText(a, b)).map(([v, f]) => [v, f.price])
);
function coinWindows(facts) {
  const state = new DealerState();
  const out = [];
  facts.forEach((f, i) => {
    state.add(f);
    const next = facts[i + 1];
    const slot = slotOf(f.time);
    if (next && slotOf(next.time) === slot) return;
    const fresh = state.freshAt(f.time);
    const prices = [...fresh.values()].map((x) => x.price);
    if (prices.length === 0) return;
    out.push({
      window: formatIso(new Date(slot)),
      median: cents(median(prices)),
      low: Math.min(...prices),
      vendors: priceRecord(fresh)
    });
  });
  return out;
}
function coinHistory(facts, windows, days) {
  const byDay = /* @__PURE__ */ new Map();
  const bucket = (day) => {
    const b = byDay.get(day) ?? { facts: [], windows: [] };
    byDay.set(day, b);
    return b;
  };
  for (const f of facts)
    if (days.has(f.observedAt.slice(0, 10))) bucket(f.observedAt.slice(0, 10)).facts.push(f);
  for (const w of windows) if (days.has(w.window.slice(0, 10))) bucket(w.window.slice(0, 10)).windows.push(w);
  const out = [];
  for (const [date3, b] of [...byDay.entries()].sort(([a], [c]) => compareText(a, c))) {
    const informative = b.facts.filter((f) => !isFailure(f));
    if (informative.length === 0) continue;
    const vendors = {};
    for (const vendor of [...new Set(informative.map((f) => f.vendor))].sort(compareText)) {
      const own = informative.filter((f) => f.vendor === vendor);
      vendors[vendor] = {
        avg: centsOrNull(mean(own.flatMap((f) => f.price === null ? [] : [f.price]))),
        inStock: own.at(-1).inStock
      };
    }
    out.push({
      date: date3,
      avg_median: centsOrNull(mean(b.windows.map((w) => w.median))),
      avg_low: centsOrNull(mean(b.windows.map((w) => w.low))),
      sample_count: informative.filter((f) => f.price !== null).length,
      vendors
    });
  }
  return out;
}
var CARRIED_SOURCE = "turso_last_known";
function publishedSource(method) {
  if (method === "vision") return "vision";
  return method.startsWith("firecrawl") ? "firecrawl" : "playwright";
}
var isoMs2 = (ms) => new Date(ms).toISOString();
function coinLatest(input) {
  const { facts, known } = input;
  const t = facts.at(-1).time;
  const retireMs = input.retireAfterDays * DAY;
  const state = new DealerState();
  const lastStockAnswer = /* @__PURE__ */ new Map();
  const lastInStock = /* @__PURE__ */ new Map();
  const lastPriced = /* @__PURE__ */ new Map();
  const firstTry = /* @__PURE__ */ new Map();
  for (const f of facts) {
    state.add(f);
    if (!firstTry.has(f.vendor)) firstTry.set(f.vendor, f);
    if (!isFailure(f)) lastStockAnswer.set(f.vendor, f);
    if (f.price !== null) lastPriced.set(f.vendor, f);
    if (f.price !== null && f.inStock) lastInStock.set(f.vendor, f);
  }
  const fresh = state.freshAt(t);
  const freshPrices = [...fresh.values()].map((f) => f.price);
  const vendors = {};
  const availability = {};
  const lastKnownPrice = {};
  const lastAvailableDate = {};
  const dealers = /* @__PURE__ */ new Set([
    ...facts.map((f) => f.vendor),
    ...Object.keys(known.vendors),
    ...Object.keys(known.availability),
    ...Object.keys(known.lastKnownPrice),
    ...Object.keys(known.lastAvailableDate)
  ]);
  for (const vendor of [...dealers].sort(compareText)) {
    const answer = lastStockAnswer.get(vendor);
    const ours = lastInStock.get(vendor);
    const carried = known.vendors[vendor];
    const candidate = ours && (!carried || ours.time >= carried.since) ? { price: ours.price, time: ours.time } : carried && { price: carried.price, time: carried.since };
    const lastReading = Math.max(answer?.time ?? -Infinity, carried?.since ?? -Infinity);
    const sinceWhen = Number.isFinite(lastReading) ? lastReading : firstTry.get(vendor)?.time;
    const retired = input.disabled.has(vendor) || sinceWhen !== void 0 && t - sinceWhen > retireMs;
    const freshFact = fresh.get(vendor);
    const soldOutSince = answer && !answer.inStock ? answer.time : void 0;
    if (!retired && freshFact) {
      vendors[vendor] = {
        price: freshFact.price,
        confidence: confidence({
          price: freshFact.price,
          freshPrices,
          own: true,
          previousDayAvg: input.previousDayAvg[vendor],
          visionAgrees: freshFact.visionAgrees
        }),
        source: publishedSource(freshFact.method),
        inStock: true
      };
    } else if (!retired && candidate && !(soldOutSince !== void 0 && soldOutSince >= candidate.time)) {
      vendors[vendor] = {
        price: candidate.price,
        confidence: null,
        source: CARRIED_SOURCE,
        inStock: true,
        stale: true,
        stale_since: isoMs2(candidate.time)
      };
    }
    if (!retired) {
      const stock = vendors[vendor] ? true : answer?.inStock ?? known.availability[vendor];
      if (stock !== void 0) availability[vendor] = stock;
    }
    if (vendors[vendor]) continue;
    const priced = lastPriced.get(vendor);
    const price2 = priced && (!carried || priced.time >= carried.since) ? priced.price : carried?.price ?? known.lastKnownPrice[vendor];
    if (price2 !== void 0) lastKnownPrice[vendor] = price2;
    const date3 = candidate ? formatDate(new Date(candidate.time)) : known.lastAvailableDate[vendor];
    if (date3 !== void 0) lastAvailableDate[vendor] = date3;
  }
  const windowStart = slotOf(t);
  const latest = {
    slug: input.slug,
    window_start: formatIso(new Date(windowStart)),
    median_price: centsOrNull(median(freshPrices)),
    lowest_price: freshPrices.length ? Math.min(...freshPrices) : null,
    vendors,
    availability_by_site: availability,
    last_known_price_by_site: lastKnownPrice,
    last_available_date_by_site: lastAvailableDate,
    windows_24h: input.windows.filter((w) => {
      const start = Date.parse(w.window);
      return start <= windowStart && windowStart - start < DAY;
    })
  };
  return input.retired ? { ...latest, retired: true } : latest;
}

// src/retail/views/format.ts
function formatNested(value, depth) {
  return `${layout(value, depth, "")}
`;
}
function layout(value, depth, indent) {
  if (depth === 0 || value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[
${value.map((v) => inner + layout(v, depth - 1, inner)).join(",\n")}
${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== void 0);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layout(v, depth - 1, inner)}`);
  return `{
${lines.join(",\n")}
${indent}}`;
}

// src/retail/views/schemas.ts
var ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
var isoZ = external_exports.string().regex(ISO_Z, "must be ISO-8601 UTC to the second with Z");
var isoMs3 = external_exports.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, "must be ISO-8601 UTC with milliseconds and Z");
var date2 = external_exports.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD");
var slug = external_exports.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "must be a lowercase slug");
var isCents = (n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;
var price = external_exports.number().finite().positive().refine(isCents, "must be in cents (2 decimal places)");
var vendorQuoteWrite = external_exports.strictObject({
  price,
  confidence: external_exports.number().int().min(0).max(100).nullable(),
  /** Who read the price, in the real files' words: the fetcher, or `turso_last_known` for a carried one. */
  source: external_exports.enum(["firecrawl", "playwright", "vision", "turso_last_known"]),
  inStock: external_exports.literal(true),
  stale: external_exports.literal(true).optional(),
  stale_since: isoMs3.optional()
});
var windowWrite = external_exports.strictObject({
  window: isoZ,
  median: price,
  low: price,
  vendors: external_exports.record(slug, price)
});
var WINDOWS_PER_DAY = 96;
var coinLatestWrite = external_exports.strictObject({
  slug,
  window_start: isoZ,
  median_price: price.nullable(),
  lowest_price: price.nullable(),
  vendors: external_exports.record(slug, vendorQuoteWrite),
  availability_by_site: external_exports.record(slug, external_exports.boolean()),
  last_known_price_by_site: external_exports.record(slug, price),
  last_available_date_by_site: external_exports.record(slug, date2),
  windows_24h: external_exports.array(windowWrite).max(WINDOWS_PER_DAY),
  /** Present on a coin that left the catalog: its files are kept but no longer listed in the manifest. */
  retired: external_exports.literal(true).optional()
}).superRefine((v, ctx) => {
  const windows = v.windows_24h.map((w) => w.window);
  if (windows.some((w, i) => i > 0 && w <= windows[i - 1]))
    ctx.addIssue({ code: "custom", path: ["windows_24h"], message: "windows must be strictly ascending" });
  if (windows.length && windows.at(-1) > v.window_start)
    ctx.addIssue({ code: "custom", path: ["windows_24h"], message: "a window is after window_start" });
  const first = windows[0];
  if (first && Date.parse(v.window_start) - Date.parse(first) >= 24 * 36e5)
    ctx.addIssue({ code: "custom", path: ["windows_24h"], message: "a window is older than 24 hours" });
});
var historyEntryWrite = external_exports.strictObject({
  date: date2,
  avg_median: price.nullable(),
  avg_low: price.nullable(),
  /** Observations that produced a price (failed pages excluded). */
  sample_count: external_exports.number().int().min(0),
  vendors: external_exports.record(slug, external_exports.strictObject({ avg: price.nullable(), inStock: external_exports.boolean() }))
});
var ascendingDates = (entries, ctx) => {
  if (entries.some((e, i) => i > 0 && e.date <= entries[i - 1].date))
    ctx.addIssue({ code: "custom", message: "dates must be strictly ascending" });
};
var historyWrite = external_exports.array(historyEntryWrite).superRefine(ascendingDates);
var summaryWrite = external_exports.strictObject({
  window_start: isoZ,
  generated_at: isoMs3,
  coin_count: external_exports.number().int().min(0),
  coins: external_exports.record(
    slug,
    external_exports.strictObject({
      window_start: isoZ,
      median_price: price.nullable(),
      lowest_price: price.nullable(),
      /** Dealers with a fresh price (the ones the median is taken over). */
      vendor_count: external_exports.number().int().min(0)
    })
  )
});
var coinMeta = external_exports.strictObject({
  name: external_exports.string().min(1),
  metal: external_exports.string().min(1),
  weight: external_exports.number().positive()
});
var manifestWrite = external_exports.strictObject({
  generated_at: isoMs3,
  updated: isoMs3,
  latest_window: isoZ,
  window_count: external_exports.number().int().min(0).max(WINDOWS_PER_DAY),
  coin_count: external_exports.number().int().min(0),
  coins: external_exports.array(slug),
  coins_meta: external_exports.record(slug, coinMeta),
  endpoints: external_exports.record(external_exports.string(), external_exports.string()),
  /** Coins that left the catalog; their files stay where they were. */
  retired: external_exports.array(slug)
}).superRefine((m, ctx) => {
  if (m.updated !== m.generated_at)
    ctx.addIssue({ code: "custom", path: ["updated"], message: "must equal generated_at" });
  if (m.coin_count !== m.coins.length)
    ctx.addIssue({ code: "custom", path: ["coin_count"], message: "must equal the number of coins" });
});
var providersWrite = external_exports.record(slug, external_exports.record(slug, external_exports.string().url()));
var anyPrice = external_exports.number().finite().positive().transform(cents);
var instant2 = external_exports.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be a timestamp");
var historyEntryRead = external_exports.object({
  date: date2,
  avg_median: anyPrice.nullable(),
  avg_low: anyPrice.nullable(),
  sample_count: external_exports.number().int().min(0),
  vendors: external_exports.record(external_exports.string(), external_exports.object({ avg: anyPrice.nullable(), inStock: external_exports.boolean() }))
});
var windowRead = external_exports.object({
  window: instant2,
  median: anyPrice,
  low: anyPrice,
  vendors: external_exports.record(external_exports.string(), anyPrice)
});
var coinLatestRead = external_exports.object({
  window_start: instant2,
  median_price: anyPrice.nullable(),
  lowest_price: anyPrice.nullable(),
  // Each dealer on its own: one unreadable entry must not cost the others (readDealers).
  vendors: external_exports.record(external_exports.string(), external_exports.unknown()).catch({}),
  availability_by_site: external_exports.record(external_exports.string(), external_exports.unknown()).optional().catch(void 0),
  last_known_price_by_site: external_exports.record(external_exports.string(), external_exports.unknown()).optional().catch(void 0),
  last_available_date_by_site: external_exports.record(external_exports.string(), external_exports.unknown()).optional().catch(void 0),
  windows_24h: external_exports.array(external_exports.unknown())
});
var vendorRead = external_exports.object({
  price: anyPrice,
  stale: external_exports.boolean().optional(),
  stale_since: instant2.optional()
});
function readDealers(record, schema, where, warnings) {
  const out = {};
  for (const [id, value] of Object.entries(record ?? {})) {
    const r = schema.safeParse(value);
    if (r.success) out[id] = r.data;
    else warnings.push(`${where}.${id} kept out: ${external_exports.prettifyError(r.error).replace(/\n/g, "; ")}`);
  }
  return out;
}
var coinMetaRead = external_exports.object(coinMeta.shape);
var manifestRead = external_exports.object({
  generated_at: external_exports.string().optional().catch(void 0),
  coins: external_exports.array(external_exports.string().regex(/^[a-z0-9][a-z0-9_-]*$/)).catch([]),
  coins_meta: external_exports.record(external_exports.string(), external_exports.unknown()).optional().catch(void 0)
});

// src/retail/views/rebuild.ts
var API_DIR = "data/api";
var HISTORY_DAYS = 30;
var DEFAULT_RETIRE_AFTER_DAYS = 14;
var ENDPOINTS = {
  latest: "api/latest.json",
  slug_latest: "api/{slug}/latest.json",
  history: "api/{slug}/history.json",
  history_7d: "api/{slug}/history-7d.json",
  history_30d: "api/{slug}/history-30d.json",
  providers: "api/providers.json"
};
var coinFile = (slug2, name) => `${API_DIR}/${slug2}/${name}`;
var nested = (value) => formatNested(value, 2);
var Writer = class {
  constructor(root) {
    this.root = root;
  }
  root;
  written = [];
  async write(path, schema, value, format) {
    const checked = schema.safeParse(value);
    if (!checked.success) throw new Error(`refusing to write ${path}: ${external_exports.prettifyError(checked.error)}`);
    const text = format(value);
    const full = join3(this.root, path);
    if (await readTextIfExists(full) === text) return;
    await writeFileAtomic(full, text);
    this.written.push(path);
  }
};
async function readView(root, path) {
  const text = await readTextIfExists(join3(root, path));
  if (text === void 0) return void 0;
  const parsed = parseJson(text);
  return parsed.ok ? parsed.value : void 0;
}
function readEntries(value, schema, path, warnings) {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i) => {
    const r = schema.safeParse(item);
    if (r.success) return [r.data];
    warnings.push(`${path} entry ${i} kept out: ${external_exports.prettifyError(r.error).replace(/\n/g, "; ")}`);
    return [];
  });
}
async function coinsOnDisk(root) {
  let entries;
  try {
    entries = await readdir(join3(root, API_DIR), { withFileTypes: true });
  } catch (err) {
    if (err.code === "ENOENT") return /* @__PURE__ */ new Set();
    throw err;
  }
  const out = /* @__PURE__ */ new Set();
  for (const e of entries)
    if (e.isDirectory() && await exists(join3(root, coinFile(e.name, "latest.json")))) out.add(e.name);
  return out;
}
var addDays = (date3, days) => formatDate(new Date(Date.parse(`${date3}T00:00:00Z`) + days * DAY));
var summaryOf = (l) => ({
  window_start: formatIso(new Date(l.window_start)),
  median_price: l.median_price,
  lowest_price: l.lowest_price,
  vendor_count: Object.values(l.vendors).filter((v) => !v?.stale).length
});
var windowTimes = (windows) => windows.flatMap((w) => {
  const ms = Date.parse(w?.window ?? "");
  return Number.isNaN(ms) ? [] : [ms];
});
function knownDealers(existing, path, warnings) {
  if (!existing) return { vendors: {}, availability: {}, lastKnownPrice: {}, lastAvailableDate: {} };
  const listedAt = Date.parse(existing.window_start);
  const vendors = readDealers(existing.vendors, vendorRead, `${path} vendors`, warnings);
  return {
    vendors: Object.fromEntries(
      Object.entries(vendors).map(([id, v]) => [
        id,
        { price: v.price, since: v.stale && v.stale_since ? Date.parse(v.stale_since) : listedAt }
      ])
    ),
    availability: readDealers(
      existing.availability_by_site,
      external_exports.boolean(),
      `${path} availability_by_site`,
      warnings
    ),
    lastKnownPrice: readDealers(
      existing.last_known_price_by_site,
      vendorRead.shape.price,
      `${path} last_known_price_by_site`,
      warnings
    ),
    lastAvailableDate: readDealers(
      existing.last_available_date_by_site,
      external_exports.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      `${path} last_available_date_by_site`,
      warnings
    )
  };
}
async function rebuildCoin(root, slug2, facts, historyDays, options, out, warnings) {
  const merged = /* @__PURE__ */ new Map();
  for (const name of ["history-7d.json", "history-30d.json", "history.json"]) {
    const path = coinFile(slug2, name);
    for (const e of readEntries(await readView(root, path), historyEntryRead, path, warnings))
      merged.set(e.date, { ...e, vendors: sortedRecord(e.vendors) });
  }
  const windows = coinWindows(facts);
  for (const e of coinHistory(facts, windows, historyDays)) merged.set(e.date, e);
  const history = [...merged.values()].sort((a, b) => compareText(a.date, b.date));
  const last = history.at(-1);
  if (last && facts.length > 0) {
    const since = (days) => history.filter((e) => e.date > addDays(last.date, -days));
    await out.write(coinFile(slug2, "history.json"), historyWrite, history, formatLines);
    await out.write(coinFile(slug2, "history-30d.json"), historyWrite, since(30), formatLines);
    await out.write(coinFile(slug2, "history-7d.json"), historyWrite, since(7), formatLines);
  }
  const latestPath = coinFile(slug2, "latest.json");
  const existingValue = await readView(root, latestPath);
  const existing = coinLatestRead.safeParse(existingValue);
  if (facts.length === 0)
    return existing.success ? { ...summaryOf(existing.data), windows: windowTimes(existing.data.windows_24h) } : void 0;
  const ours = new Set(windows.map((w) => w.window));
  const older = readEntries(
    existing.success ? existing.data.windows_24h : [],
    windowRead,
    latestPath,
    warnings
  ).map((w) => ({ ...w, window: formatIso(new Date(w.window)), vendors: sortedRecord(w.vendors) }));
  const allWindows = [
    ...windows,
    ...older.filter((w) => !ours.has(w.window) && windowWrite.safeParse(w).success)
  ];
  allWindows.sort((a, b) => compareText(a.window, b.window));
  const yesterday = merged.get(addDays(facts.at(-1).observedAt.slice(0, 10), -1));
  const latest = coinLatest({
    slug: slug2,
    facts,
    windows: allWindows,
    retireAfterDays: options.retireAfterDays,
    disabled: options.disabled,
    previousDayAvg: Object.fromEntries(Object.entries(yesterday?.vendors ?? {}).map(([v, x]) => [v, x.avg])),
    known: knownDealers(existing.success ? existing.data : void 0, latestPath, warnings),
    retired: options.retired
  });
  await out.write(latestPath, coinLatestWrite, latest, nested);
  return { ...summaryOf(latest), windows: windowTimes(latest.windows_24h) };
}
async function rebuildRetailViews(options) {
  const { root, catalog, now } = options;
  const retireAfterDays = options.retireAfterDays ?? DEFAULT_RETIRE_AFTER_DAYS;
  if (!(retireAfterDays > 0 && retireAfterDays <= HISTORY_DAYS))
    throw new Error(
      `retire-after-days must be a number of days in 1\u2013${HISTORY_DAYS}, got ${retireAfterDays}`
    );
  const out = new Writer(root);
  const warnings = [];
  const days = (await listFactDays(root)).filter((d) => d.getTime() <= floorDay(now).getTime());
  const newestDay = days.at(-1)?.getTime() ?? 0;
  const read = days.filter((d) => d.getTime() >= newestDay - HISTORY_DAYS * DAY);
  const facts = (await readFacts(root, read)).filter((f) => f.time <= now.getTime());
  const today = facts.at(-1)?.observedAt.slice(0, 10) ?? "";
  const historyDays = new Set(
    read.filter((d) => d.getTime() > newestDay - HISTORY_DAYS * DAY).map((d) => formatDate(d)).filter((d) => d < today)
  );
  const factsByCoin = /* @__PURE__ */ new Map();
  for (const f of facts) {
    const list = factsByCoin.get(f.coin);
    if (list) list.push(f);
    else factsByCoin.set(f.coin, [f]);
  }
  const onDisk = await coinsOnDisk(root);
  const previous = manifestRead.safeParse(await readView(root, `${API_DIR}/manifest.json`));
  const listedBefore = previous.success ? previous.data.coins : [];
  const listed = new Set(
    [...Object.keys(catalog.coins), ...listedBefore, ...factsByCoin.keys()].filter(
      (s) => !catalog.coins[s]?.retired
    )
  );
  const slugs = [.../* @__PURE__ */ new Set([...listed, ...factsByCoin.keys()])].sort(compareText);
  const summaries = /* @__PURE__ */ new Map();
  const windowStarts = /* @__PURE__ */ new Set();
  for (const slug2 of slugs) {
    const retired2 = !listed.has(slug2);
    const disabled = new Set(
      (catalog.coins[slug2]?.providers ?? []).filter((p) => !p.enabled).map((p) => p.id)
    );
    const s = await rebuildCoin(
      root,
      slug2,
      factsByCoin.get(slug2) ?? [],
      historyDays,
      { retireAfterDays, disabled, retired: retired2 },
      out,
      warnings
    );
    if (!s || retired2) continue;
    const { windows, ...summary2 } = s;
    summaries.set(slug2, summary2);
    for (const w of windows) windowStarts.add(w);
  }
  const providers = sortedRecord(
    Object.fromEntries(
      Object.entries(catalog.coins).map(([slug2, coin2]) => [
        slug2,
        sortedRecord(
          Object.fromEntries(
            coin2.providers.flatMap(
              (p) => p.enabled && (p.url ?? p.urls?.[0]) ? [[p.id, p.url ?? p.urls[0]]] : []
            )
          )
        )
      ])
    )
  );
  await out.write(`${API_DIR}/providers.json`, providersWrite, providers, nested);
  const newest = facts.findLast((f) => !isFailure(f)) ?? facts.at(-1);
  if (!newest)
    return {
      written: out.written,
      coinsPublished: listedBefore.length,
      manifestAt: previous.success ? previous.data.generated_at : void 0,
      warnings
    };
  const generatedAt = isoMs2(newest.time);
  const latestWindow = floorSlot(new Date(newest.time)).getTime();
  const windowCount = Math.min(
    WINDOWS_PER_DAY,
    [...windowStarts].filter((w) => w <= latestWindow && latestWindow - w < DAY).length
  );
  const coins = [...listed].filter((s) => summaries.has(s)).sort(compareText);
  const retired = [.../* @__PURE__ */ new Set([...onDisk, ...factsByCoin.keys()])].filter((s) => !listed.has(s)).sort(compareText);
  const summary = {
    window_start: formatIso(new Date(latestWindow)),
    generated_at: generatedAt,
    coin_count: coins.length,
    coins: Object.fromEntries(coins.map((s) => [s, summaries.get(s)]))
  };
  await out.write(`${API_DIR}/latest.json`, summaryWrite, summary, nested);
  const manifest = {
    generated_at: generatedAt,
    updated: generatedAt,
    latest_window: formatIso(new Date(latestWindow)),
    window_count: windowCount,
    coin_count: coins.length,
    coins,
    coins_meta: Object.fromEntries(
      coins.flatMap((s) => {
        const c = catalog.coins[s];
        if (c) return [[s, { name: c.name, metal: c.metal, weight: c.weight_oz }]];
        const kept = coinMetaRead.safeParse(previous.success ? previous.data.coins_meta?.[s] : void 0);
        const meta = kept.success ? kept.data : goldbackCoinMeta(s);
        return meta ? [[s, meta]] : [];
      })
    ),
    endpoints: ENDPOINTS,
    retired
  };
  await out.write(`${API_DIR}/manifest.json`, manifestWrite, manifest, nested);
  return { written: out.written, coinsPublished: coins.length, manifestAt: generatedAt, warnings };
}

export {
  parseCatalogText,
  parseShard,
  targets,
  observation,
  isRetailFactPath,
  parseRetailFactPath,
  FactFileError,
  mergeRetailFactFiles,
  appendObservations,
  goldbackLogPath,
  parseGoldbackLog,
  readRate,
  rateObservations,
  recordRate,
  API_DIR,
  HISTORY_DAYS,
  DEFAULT_RETIRE_AFTER_DAYS,
  rebuildRetailViews
};
