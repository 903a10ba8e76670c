import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  buildProviders,
  checkAgainstNeighbours,
  fxFact
} from "./chunk-HM5Z54IR.js";
import {
  LockBusyError,
  acquireLock,
  cloneLockPath,
  credentialEnv,
  safeRemote
} from "./chunk-NFWXATBW.js";
import {
  endpointLabel,
  endpointReader,
  endpointUrlSchema,
  manifestTime,
  retailFreshness,
  spotFreshness
} from "./chunk-EWXOWQRA.js";
import {
  DAY,
  GitError,
  HOUR,
  MANIFEST_PATH,
  METALS,
  METAL_SYMBOLS,
  MINUTE,
  SLOT,
  baseUrls,
  clockFromEnv,
  defineCommand,
  external_exports,
  floorDay,
  formatIso,
  git,
  headerName,
  identifier,
  integer,
  optional,
  parseJson,
  parseNaive,
  parseSpotText,
  path,
  readTextIfExists,
  round2,
  systemClock
} from "./chunk-CQKT3FJX.js";

// src/commands/serve.ts
import cluster2 from "node:cluster";
import { availableParallelism } from "node:os";

// src/serve/access-log.ts
var accessLogMode = external_exports.string().trim().regex(/^(on|off|sample:[1-9]\d{0,5})$/, "expected on, off or sample:N (log one request in N)").transform((s) => {
  if (s === "on" || s === "off") return { kind: s };
  return { kind: "sample", every: Number(s.slice("sample:".length)) };
});
var MAX_BATCH = 5e3;
var AccessLog = class {
  constructor(mode, write) {
    this.mode = mode;
    this.write = write;
  }
  mode;
  write;
  lines = [];
  dropped = 0;
  seen = 0;
  scheduled = false;
  /** False when this request is not logged (off, or not in the sample): skip formatting its line. */
  wants() {
    if (this.mode.kind === "off") return false;
    if (this.mode.kind === "on") return true;
    return this.seen++ % this.mode.every === 0;
  }
  add(line) {
    if (this.lines.length >= MAX_BATCH) {
      this.dropped++;
      return;
    }
    this.lines.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }
  flush() {
    this.scheduled = false;
    if (this.dropped > 0) this.lines.push(`access log: ${this.dropped} lines dropped (burst)`);
    this.dropped = 0;
    if (this.lines.length === 0) return;
    const batch = this.lines;
    this.lines = [];
    this.write(batch.join("\n"));
  }
};

// src/serve/cluster.ts
import cluster from "node:cluster";
import { createServer as createNetServer } from "node:net";
var LISTENING = "staktrakr:listening";
var MAX_DEATHS_PER_MINUTE = 10;
function reportListening(url) {
  process.send?.({ type: LISTENING, url });
}
async function probe(host, port) {
  if (port === 0) return;
  const server = createNetServer();
  await new Promise((resolve2, reject) => {
    server.once("error", reject);
    server.listen({ host, port, exclusive: true }, resolve2);
  });
  await new Promise((resolve2) => server.close(resolve2));
}
async function startCluster(o) {
  await probe(o.host, o.port);
  let stopping = false;
  const deaths = [];
  let fail;
  const failed = new Promise((resolve2) => {
    fail = resolve2;
  });
  cluster.setupPrimary({ serialization: "advanced" });
  const fork = () => new Promise((resolve2, reject) => {
    const worker = cluster.fork();
    o.onWorker?.(worker);
    let listening = false;
    worker.on("message", (m) => {
      if (m?.type !== LISTENING || !m.url) return;
      listening = true;
      resolve2(m.url);
    });
    worker.once("exit", (code, signal) => {
      reject(new Error(`serve worker ${worker.process.pid} exited (${signal ?? code}) before listening`));
      if (stopping || !listening) return;
      const now = Date.now();
      deaths.push(now);
      while (deaths.length && deaths[0] < now - 6e4) deaths.shift();
      if (deaths.length > MAX_DEATHS_PER_MINUTE) {
        fail(`${deaths.length} workers died within a minute; stopping`);
        return;
      }
      o.log(`serve worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
      fork().catch(() => void 0);
    });
  });
  const stop = async (graceMs = 1e4) => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => !!w);
    await Promise.all(
      workers.map(
        (w) => new Promise((resolve2) => {
          if (w.isDead()) return resolve2();
          const kill = setTimeout(() => w.process.kill("SIGKILL"), graceMs + 2e3);
          w.once("exit", () => {
            clearTimeout(kill);
            resolve2();
          });
          w.process.kill("SIGTERM");
        })
      )
    );
  };
  try {
    const urls = await Promise.all(Array.from({ length: o.workers }, fork));
    return { url: urls[0], failed, stop };
  } catch (err) {
    await stop(0);
    throw err;
  }
}

// src/serve/follow.ts
var describe = (err) => safeRemote(err instanceof GitError ? err.result.stderr.trim() || err.message : String(err)).slice(0, 300);
async function fastForward(o) {
  const run = (args, okCodes) => git(args, { cwd: o.dir, env: o.env, okCodes });
  let lock;
  try {
    const top = (await run(["rev-parse", "--show-toplevel"])).stdout.trim();
    lock = await acquireLock(cloneLockPath(top), "serve follow", o.clock);
  } catch (err) {
    if (err instanceof LockBusyError) return "busy";
    o.log(`follow: cannot use the checkout: ${describe(err)}`);
    return "failed";
  }
  try {
    await run(["fetch", "--quiet", "--no-tags"]);
    const head = (await run(["rev-parse", "HEAD"])).stdout.trim();
    const upstream = (await run(["rev-parse", "@{upstream}"])).stdout.trim();
    if (head === upstream) return "up-to-date";
    const ancestor = await run(["merge-base", "--is-ancestor", "HEAD", "@{upstream}"], [1]);
    if (ancestor.code !== 0) {
      o.log(
        `follow: ${head.slice(0, 12)} has commits the remote lacks; not fast-forwardable, checkout left as is`
      );
      return "diverged";
    }
    await run(["merge", "--ff-only", "--quiet", "@{upstream}"]);
    o.log(`follow: fast-forwarded ${head.slice(0, 12)} \u2192 ${upstream.slice(0, 12)}`);
    return "fast-forwarded";
  } catch (err) {
    o.log(`follow: fetch or fast-forward failed, checkout left as is: ${describe(err)}`);
    return "failed";
  } finally {
    await lock.release();
  }
}
function startFollow(o) {
  const stopped = new AbortController();
  let current;
  const syncOnce = () => {
    current ??= fastForward(o).finally(() => {
      current = void 0;
    });
    return current;
  };
  const loop = (async () => {
    while (!stopped.signal.aborted) {
      await syncOnce();
      await o.clock.sleep(o.intervalMs, stopped.signal).catch(() => void 0);
    }
  })();
  return {
    syncOnce,
    stop: async () => {
      stopped.abort();
      await loop;
    }
  };
}
async function followCredentials(dir, token) {
  if (!token) return void 0;
  const remote = await git(["remote", "get-url", "origin"], { cwd: dir });
  return credentialEnv(remote.stdout.trim(), token);
}

// src/serve/jobs-ipc.ts
var isQuestion = (m) => m?.type === "staktrakr:jobs?";
var isReply = (m) => m?.type === "staktrakr:jobs";
function answerJobQuestions(child, status) {
  child.on("message", (m) => {
    if (isQuestion(m)) child.send?.({ type: "staktrakr:jobs", id: m.id, answer: status() });
  });
}
function jobsFromParent(parent = process, timeoutMs = 2e3) {
  let next = 0;
  const waiting = /* @__PURE__ */ new Map();
  parent.on("message", (m) => {
    if (isReply(m)) waiting.get(m.id)?.(m.answer);
  });
  const ask = () => new Promise((resolve2, reject) => {
    const id = ++next;
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error(`the daemon did not report its jobs within ${timeoutMs} ms`));
    }, timeoutMs);
    waiting.set(id, (answer2) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve2(answer2);
    });
    parent.send?.({ type: "staktrakr:jobs?", id });
  });
  const extraHealth = async () => (await ask()).health;
  const statusJobs = async () => (await ask()).jobs;
  return { ask, extraHealth, statusJobs };
}
function relayJobQuestions(worker, parent) {
  worker.on("message", (m) => {
    if (!isQuestion(m)) return;
    parent.ask().then(
      (answer2) => worker.send?.({ type: "staktrakr:jobs", id: m.id, answer: answer2 }),
      () => void 0
      // The worker's own timeout reports it.
    );
  });
}

// src/serve/server.ts
import { createServer as createHttpServer } from "node:http";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";

// src/serve/headers.ts
var CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, Cache-Control, If-None-Match, If-Modified-Since",
  "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After"
};
var DATA_CSP = "default-src 'none'; frame-ancestors 'none'";
var COMMON_HEADERS = {
  ...CORS,
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": DATA_CSP
};
var COMMON_FLAT = Object.entries(COMMON_HEADERS).flat();
function rawAnswer(status, reason, text, extra = {}) {
  const body = `${text}
`;
  const headers = {
    ...COMMON_HEADERS,
    ...extra,
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
    Connection: "close"
  };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/1.1 ${status} ${reason}\r
${lines.join("\r\n")}\r
\r
${body}`;
}

// src/serve/health.ts
import { readFile } from "node:fs/promises";
import { join } from "node:path";

// src/data/market-hours.ts
var OPEN_HOUR_ET = 18;
var CLOSE_HOUR_ET = 17;
function nthWeekday(year, month, weekday, n) {
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + (weekday - first + 7) % 7 + (n - 1) * 7;
}
function newYorkOffsetHours(year, month, day) {
  const t = Date.UTC(year, month, day);
  const start = Date.UTC(year, 2, nthWeekday(year, 2, 0, 2));
  const end = Date.UTC(year, 10, nthWeekday(year, 10, 0, 1));
  return t >= start && t < end ? -4 : -5;
}
function newYorkTime(year, month, day, hour) {
  const date = new Date(Date.UTC(year, month, day));
  const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
  return new Date(Date.UTC(y, m, d, hour) - newYorkOffsetHours(y, m, d) * HOUR);
}
function easterSunday(year) {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = (h + l - 7 * m + 114) % 31 + 1;
  return new Date(Date.UTC(year, month - 1, day));
}
var observed = (d) => d.getUTCDay() === 0 ? new Date(d.getTime() + DAY) : d;
function exchangeHolidays(year) {
  return [
    observed(new Date(Date.UTC(year, 0, 1))),
    new Date(easterSunday(year).getTime() - 2 * DAY),
    observed(new Date(Date.UTC(year, 11, 25)))
  ];
}
function isTradeDate(date) {
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !exchangeHolidays(date.getUTCFullYear()).some((h) => h.getTime() === date.getTime());
}
function sessionOf(tradeDate) {
  const [y, m, d] = [tradeDate.getUTCFullYear(), tradeDate.getUTCMonth(), tradeDate.getUTCDate()];
  return { open: newYorkTime(y, m, d - 1, OPEN_HOUR_ET), close: newYorkTime(y, m, d, CLOSE_HOUR_ET) };
}
var SEARCH_DAYS = 14;
function lastMarketOpenBefore(now) {
  const tomorrow = floorDay(now).getTime() + DAY;
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const date = new Date(tomorrow - i * DAY);
    if (!isTradeDate(date)) continue;
    const { open, close } = sessionOf(date);
    if (open <= now) return now < close ? now : close;
  }
  return now;
}
var MAX_MARKET_SPAN = 400 * DAY;
function spotMarketAgeMs(newest, now) {
  const from = newest.getTime();
  const to = now.getTime();
  if (from >= to) return 0;
  if (to - from > MAX_MARKET_SPAN) return to - from;
  let age = 0;
  for (let date = floorDay(now).getTime() + DAY; ; date -= DAY) {
    const { open, close } = sessionOf(new Date(date));
    if (close.getTime() <= from) break;
    if (isTradeDate(new Date(date)))
      age += Math.max(0, Math.min(close.getTime(), to) - Math.max(open.getTime(), from));
  }
  return age;
}

// src/serve/health.ts
var DEFAULT_THRESHOLDS = { spotMaxAgeSeconds: 7200, manifestMaxAgeSeconds: 7200 };
var LIVENESS = { ok: true };
var Health = class {
  constructor(deps) {
    this.deps = deps;
  }
  deps;
  commit;
  async report() {
    const { root, index, clock, startedAt, thresholds } = this.deps;
    const now = clock.now();
    await index.refresh();
    const newest = await index.newest();
    const manifestAt = await readManifestTime(root);
    const checks = {
      spot: spotCheck(now, newest, thresholds.spotMaxAgeSeconds),
      manifest: ageCheck(now, manifestAt, thresholds.manifestMaxAgeSeconds, "generated_at")
    };
    if (this.deps.extraHealth) {
      try {
        Object.assign(checks, await this.deps.extraHealth());
      } catch (err) {
        checks.extra = { ok: false, error: err.message };
      }
    }
    const ok = Object.values(checks).every((c) => c.ok);
    return {
      ok,
      body: {
        status: ok ? "ok" : "unhealthy",
        time: formatIso(now),
        commit: await this.headCommit(now.getTime()),
        uptime_seconds: Math.round((now.getTime() - startedAt.getTime()) / 1e3),
        checks
      }
    };
  }
  /** `git rev-parse HEAD`, cached a few seconds so a flood of health checks spawns no flood of gits. */
  headCommit(now) {
    if (!this.commit || now - this.commit.at > 5e3) {
      const value = git(["rev-parse", "HEAD"], { cwd: this.deps.root }).then(
        (r) => r.stdout.trim() || null,
        () => null
      );
      this.commit = { at: now, value };
    }
    return this.commit.value;
  }
};
function ageCheck(now, at, maxAge, field) {
  const age = at === void 0 ? null : Math.round((now.getTime() - at) / 1e3);
  return {
    ok: maxAge === 0 || age !== null && age <= maxAge,
    [field]: at === void 0 ? null : formatIso(new Date(at)),
    age_seconds: age,
    max_age_seconds: maxAge
  };
}
function spotCheck(now, newest, maxAge) {
  const check = ageCheck(now, newest, maxAge, "newest");
  const lastOpen = lastMarketOpenBefore(now);
  const marketAge = newest === void 0 ? null : Math.round(spotMarketAgeMs(new Date(newest), now) / 1e3);
  return {
    ...check,
    ok: maxAge === 0 || marketAge !== null && marketAge <= maxAge,
    market_open: lastOpen.getTime() === now.getTime(),
    last_market_open: formatIso(lastOpen),
    market_age_seconds: marketAge
  };
}
async function readManifestTime(root) {
  const text = await readFile(join(root, MANIFEST_PATH), "utf8").catch(() => void 0);
  const at = text === void 0 ? void 0 : manifestTime(text);
  return at instanceof Date ? at.getTime() : void 0;
}

// src/serve/prices.ts
var GRAMS_PER_TROY_OUNCE = 31.1034768;
var WINDOWS = {
  "1h": { ms: HOUR, step: SLOT },
  "6h": { ms: 6 * HOUR, step: SLOT },
  "12h": { ms: 12 * HOUR, step: SLOT },
  "24h": { ms: DAY, step: HOUR },
  "7d": { ms: 7 * DAY, step: HOUR }
};
var METAL_NAMES = METALS.map((m) => m.toLowerCase());
var pricesQuery = external_exports.object({
  metal: external_exports.enum(METAL_NAMES).default("gold"),
  currency: external_exports.string().regex(/^[A-Za-z]{3}$/, "must be a 3-letter currency code such as USD").transform((s) => s.toUpperCase()).default("USD"),
  unit: external_exports.enum(["toz", "g"]).default("toz"),
  window: external_exports.enum(Object.keys(WINDOWS)).default("24h")
});
var invalid = (param, error) => ({ status: 400, body: { error, param } });
function answerPrices(index, params, now) {
  const raw = {};
  for (const key of ["metal", "currency", "unit", "window"]) {
    const v = params.get(key);
    if (v !== null && v !== "") raw[key] = key === "currency" ? v : v.toLowerCase();
  }
  const parsed = pricesQuery.safeParse(raw);
  if (!parsed.success) {
    const param = String(parsed.error.issues[0]?.path[0] ?? "query");
    return invalid(
      param,
      `invalid parameter ${param}: ${external_exports.prettifyError(parsed.error).replace(/\n/g, "; ")}`
    );
  }
  const q = parsed.data;
  const metal = METALS[METAL_NAMES.indexOf(q.metal)];
  let rateAt = (_t) => 1;
  if (q.currency !== "USD") {
    const facts = index.fxPoints().filter((p) => p.rates[q.currency] !== void 0);
    if (facts.length === 0) {
      return invalid(
        "currency",
        `no exchange-rate facts for ${q.currency} in this data; available: ${index.currencies().join(", ")}`
      );
    }
    rateAt = (t) => nearest(facts, t).rates[q.currency];
  }
  const digits = q.unit === "g" ? 4 : 2;
  const factor = q.unit === "g" ? 1 / GRAMS_PER_TROY_OUNCE : 1;
  const convert = (p) => round(p.price * rateAt(p.t) * factor, digits);
  const points = index.series(metal);
  const last = points.at(-1);
  const { ms, step } = WINDOWS[q.window];
  const end = now.getTime();
  const start = Math.floor(end / step) * step + step - ms;
  const inWindow = points.filter((p) => p.t >= start && p.t <= end);
  const series = lastPerBucket(inWindow, step).map((p) => ({
    ts: formatIso(new Date(p.t)),
    price: convert(p)
  }));
  return {
    status: 200,
    body: {
      metal: q.metal,
      currency: q.currency,
      unit: q.unit,
      window: q.window,
      latest: last ? { ts: formatIso(new Date(last.t)), price: convert(last), provider: last.provider } : null,
      series,
      count: series.length
    }
  };
}
var round = (n, digits) => Math.round(n * 10 ** digits) / 10 ** digits;
function lastPerBucket(points, step) {
  const out = [];
  for (const p of points) {
    const prev = out.at(-1);
    if (prev && Math.floor(prev.t / step) === Math.floor(p.t / step)) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}
function nearest(facts, t) {
  let lo = 0;
  let hi = facts.length - 1;
  while (lo < hi) {
    const mid = lo + hi + 1 >> 1;
    if (facts[mid].t <= t) lo = mid;
    else hi = mid - 1;
  }
  const before = facts[lo];
  const after = facts[lo + 1];
  if (before.t > t) return before;
  return after && after.t - t < t - before.t ? after : before;
}

// src/serve/rate-limit.ts
var MAX_KEY_LENGTH = 64;
var RateLimiter = class {
  constructor(perMinute, clock, maxKeys = 1e4) {
    this.perMinute = perMinute;
    this.clock = clock;
    this.maxKeys = maxKeys;
  }
  perMinute;
  clock;
  maxKeys;
  buckets = /* @__PURE__ */ new Map();
  /** Buckets held now (≤ maxKeys). */
  get size() {
    return this.buckets.size;
  }
  take(client) {
    const key = client.length > MAX_KEY_LENGTH ? client.slice(0, MAX_KEY_LENGTH) : client;
    const now = this.clock.now().getTime();
    const rate = this.perMinute / 6e4;
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1e3)) };
  }
};

// src/serve/proxy.ts
var ENV_KEYS = {
  metalpriceapi: "METAL_PRICE_API_KEY",
  "metals-dev": "METALS_DEV_API_KEY",
  "metals-api": "METALS_API_KEY"
};
var UPDATE_SECONDS = { metalpriceapi: 600, "metals-dev": 60, "metals-api": 600 };
var FIAT = ["EUR", "GBP", "CAD", "AUD", "CHF", "JPY"];
var SYMBOL_OF = Object.fromEntries(METALS.map((m) => [METAL_SYMBOLS[m], m]));
var ALLOWED = [...Object.keys(SYMBOL_OF), ...FIAT];
var MAX_CACHED = 64;
var UPSTREAM_PER_HOUR = 60;
var TIMEOUT_MS = 1e4;
var latestQuery = external_exports.object({
  base: external_exports.literal("USD", { error: "only USD" }).optional(),
  currencies: external_exports.string().optional().transform((s, ctx) => {
    const list = [
      ...new Set((s ?? ALLOWED.slice(0, 4).join(",")).toUpperCase().split(",").filter(Boolean))
    ];
    const bad3 = list.filter((c) => !ALLOWED.includes(c));
    if (bad3.length > 0 || list.length === 0) {
      ctx.addIssue({ code: "custom", message: `allowed: ${ALLOWED.join(", ")}` });
      return external_exports.NEVER;
    }
    return list.sort();
  })
}).strict();
var SpotProxy = class {
  constructor(env, clock, log, perMinute = 20) {
    this.clock = clock;
    this.log = log;
    this.limiter = new RateLimiter(perMinute, clock);
    for (const id of Object.keys(ENV_KEYS)) {
      const key = env[ENV_KEYS[id]];
      if (!key) continue;
      const baseUrl = env[`STAKTRAKR_PROXY_${id.replace("-", "_").toUpperCase()}_URL`];
      const [provider] = buildProviders([id], { keys: { [id]: key }, baseUrls: { [id]: baseUrl }, clock });
      this.providers.set(id, provider);
    }
  }
  clock;
  log;
  providers = /* @__PURE__ */ new Map();
  cache = /* @__PURE__ */ new Map();
  inflight = /* @__PURE__ */ new Map();
  lastGood = /* @__PURE__ */ new Map();
  limiter;
  upstreamCalls = [];
  /** `path` is `/api/proxy/…`; `client` identifies the asker for rate limiting. */
  async answer(path2, query, client) {
    const [, , , id, endpoint, ...rest] = path2.split("/");
    const provider = this.providers.get(id);
    if (!(id in ENV_KEYS))
      return bad(404, `unknown provider "${id}"; known: ${Object.keys(ENV_KEYS).join(", ")}`);
    if (!provider) return bad(404, `provider ${id} is not configured on this server`);
    if (endpoint !== "latest" || rest.length > 0)
      return bad(404, `endpoint not allowed; allowed: /api/proxy/${id}/latest`);
    const parsed = latestQuery.safeParse(Object.fromEntries(query));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const param = issue?.code === "unrecognized_keys" ? issue.keys.join(", ") : String(issue?.path[0] ?? "query");
      return bad(400, `parameter not allowed: ${param} (${issue?.message ?? "invalid"})`);
    }
    const decision = this.limiter.take(client);
    if (!decision.ok)
      return {
        ...bad(429, `proxy rate limit exceeded; retry in ${decision.retryAfterSeconds} s`),
        retryAfterSeconds: decision.retryAfterSeconds
      };
    const currencies = parsed.data.currencies;
    const key = `${id}|${currencies.join(",")}`;
    const now = this.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < UPDATE_SECONDS[id] * 1e3)
      return { status: 200, body: { ...hit.body, cached: true } };
    const pending = this.inflight.get(key) ?? this.fetch(id, provider, currencies, key);
    this.inflight.set(key, pending);
    try {
      return await pending;
    } finally {
      this.inflight.delete(key);
    }
  }
  async fetch(id, provider, currencies, key) {
    const now = this.clock.now().getTime();
    this.upstreamCalls = this.upstreamCalls.filter((t) => now - t < 36e5);
    if (this.upstreamCalls.length >= UPSTREAM_PER_HOUR)
      return {
        ...bad(503, "upstream call limit for this hour reached; try again later"),
        retryAfterSeconds: 60
      };
    this.upstreamCalls.push(now);
    let quote;
    try {
      quote = await provider.latest(
        currencies.filter((c) => !(c in SYMBOL_OF)),
        { signal: AbortSignal.timeout(TIMEOUT_MS) }
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log(`proxy ${id}: ${message}`);
      return bad(502, `${provider.displayName} did not answer usably`);
    }
    const point = {
      at: quote.at.getTime(),
      prices: quote.prices,
      what: `${provider.displayName} latest`
    };
    const previous = this.lastGood.get(id);
    const checked = checkAgainstNeighbours([point], previous ? [previous] : [], false);
    if (checked.refused.length > 0) {
      this.log(`proxy ${id}: answer refused: ${checked.refused.join("; ")}`);
      return bad(
        502,
        `${provider.displayName} answered prices that failed their checks: ${checked.refused.join("; ")}`
      );
    }
    this.lastGood.set(id, point);
    const metals = {};
    for (const c of currencies) if (c in SYMBOL_OF) metals[c] = round2(quote.prices[SYMBOL_OF[c]]);
    const fx = {};
    for (const c of currencies) if (quote.fx[c] !== void 0) fx[c] = quote.fx[c];
    const body = {
      provider: provider.displayName,
      base: "USD",
      unit: "toz",
      timestamp: quote.at.toISOString(),
      metals,
      fx
    };
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value);
    this.cache.set(key, { at: now, body });
    return { status: 200, body: { ...body, cached: false } };
  }
};
var bad = (status, error) => ({ status, body: { error } });

// src/serve/request-path.ts
var bad2 = (reason) => ({ ok: false, status: 400, reason });
var FORBIDDEN = /[\u0000-\u001f\u007f\\]/;
function resolveRequestPath(target) {
  const raw = target.split("?", 1)[0].split("#", 1)[0];
  if (!raw.startsWith("/")) return bad2('path must start with "/"');
  if (FORBIDDEN.test(raw)) return bad2("path holds a backslash or a control byte");
  let decoded;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return bad2("malformed percent-escape");
  }
  if (FORBIDDEN.test(decoded)) return bad2("path holds an encoded backslash or control byte");
  if (decoded.includes("%")) return bad2("double-encoded path");
  if (decoded === "/") return { ok: true, path: "/" };
  const segments = decoded.slice(1).split("/");
  const last = segments.length - 1;
  for (const [i, segment] of segments.entries()) {
    if (segment === "." || segment === "..") return bad2("path traversal");
    if (segment === "" && i !== last) return bad2("empty path segment");
    if (segment.startsWith(".")) return { ok: false, status: 404, reason: "dotfiles are never served" };
  }
  return { ok: true, path: decoded };
}

// src/serve/shared.ts
var Shared = class {
  constructor(compute, clock, ttlMs = 1e3) {
    this.compute = compute;
    this.clock = clock;
    this.ttlMs = ttlMs;
  }
  compute;
  clock;
  ttlMs;
  cached;
  get() {
    const now = this.clock.now().getTime();
    const c = this.cached;
    if (c && now - c.at < this.ttlMs && now >= c.at) return c.value;
    const value = this.compute();
    const entry = { at: now, value };
    this.cached = entry;
    value.catch(() => {
      if (this.cached === entry) this.cached = void 0;
    });
    return value;
  }
};

// src/serve/spot-index.ts
import { join as join3 } from "node:path";

// src/serve/day-tree.ts
import { readdir, readFile as readFile2, stat } from "node:fs/promises";
import { join as join2 } from "node:path";
var FILE_NAME = /^\d{2}(\d{2})?\.json$/;
var MAX_FACT_FILE_BYTES = 1024 * 1024;
var isMissing = (err) => ["ENOENT", "ENOTDIR"].includes(err.code ?? "");
var DayTree = class {
  /** `parse` returns undefined for a file that cannot be understood (it is then ignored). */
  constructor(dir, parse, warn = () => void 0, maxFileBytes = MAX_FACT_FILE_BYTES) {
    this.dir = dir;
    this.parse = parse;
    this.warn = warn;
    this.maxFileBytes = maxFileBytes;
  }
  dir;
  parse;
  warn;
  maxFileBytes;
  days = /* @__PURE__ */ new Map();
  /** Brings `days` ("YYYY/MM/DD") up to date and forgets all others. True when anything changed. */
  async refresh(days) {
    let changed = false;
    for (const day of this.days.keys()) {
      if (!days.includes(day)) {
        this.days.delete(day);
        changed = true;
      }
    }
    const results = await Promise.all(days.map((d) => this.refreshDay(d)));
    return changed || results.some(Boolean);
  }
  values() {
    const out = [];
    for (const day of this.days.values()) for (const f of day.files.values()) if (f.value) out.push(f.value);
    return out;
  }
  async refreshDay(day) {
    const path2 = join2(this.dir, day);
    const known = this.days.get(day);
    let mtimeMs;
    try {
      mtimeMs = (await stat(path2)).mtimeMs;
    } catch (err) {
      if (!isMissing(err)) throw err;
      return this.days.delete(day);
    }
    if (known?.mtimeMs === mtimeMs) return false;
    const names = (await readdir(path2).catch(() => [])).filter((n) => FILE_NAME.test(n));
    const files = /* @__PURE__ */ new Map();
    let changed = !known || known.files.size !== names.length;
    await Promise.all(
      names.map(async (name) => {
        const file = join2(path2, name);
        const st = await stat(file).catch(() => void 0);
        if (!st?.isFile()) return;
        const version = `${st.ino}:${st.size}:${st.mtimeMs}`;
        const had = known?.files.get(name);
        if (had?.version === version) {
          files.set(name, had);
          return;
        }
        changed = true;
        if (st.size > this.maxFileBytes) {
          this.warn(
            `index: skipped ${join2(day, name)} under ${this.dir}: ${st.size} bytes, over the ${this.maxFileBytes}-byte bound`
          );
          files.set(name, { version, value: void 0 });
          return;
        }
        const text = await readFile2(file, "utf8").catch(() => void 0);
        files.set(name, { version, value: text === void 0 ? void 0 : this.parse(text, name, day) });
      })
    );
    this.days.set(day, { mtimeMs, files });
    return changed;
  }
};
async function newestDays(dir, limit) {
  const out = [];
  const desc = async (p, re) => (await readdir(p).catch(() => [])).filter((n) => re.test(n)).sort().reverse();
  for (const y of await desc(dir, /^\d{4}$/)) {
    for (const m of await desc(join2(dir, y), /^\d{2}$/)) {
      for (const d of await desc(join2(dir, y, m), /^\d{2}$/)) {
        if ((await desc(join2(dir, y, m, d), FILE_NAME)).length === 0) continue;
        out.push(`${y}/${m}/${d}`);
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}

// src/serve/spot-index.ts
var parseSpot = (text) => {
  const r = parseSpotText(text);
  return r.status === "ok" ? r.entries : void 0;
};
var parseFx = (text) => {
  const json = parseJson(text);
  const r = json.ok ? fxFact.safeParse(json.value) : void 0;
  const t = r?.success ? parseNaive(r.data.timestamp) : void 0;
  return r?.success && t ? { t: t.getTime(), rates: r.data.rates } : void 0;
};
var ymd = (d) => d.toISOString().slice(0, 10).replaceAll("-", "/");
var SpotIndex = class {
  /** `spanMs`: how far back from now entries are indexed (the longest window plus margin). */
  constructor(root, clock, spanMs = 8 * DAY, warn = () => void 0) {
    this.root = root;
    this.clock = clock;
    this.spanMs = spanMs;
    this.warn = warn;
    this.slots = new DayTree(join3(root, "data/15min"), parseSpot, warn);
    this.hourly = new DayTree(join3(root, "data/hourly"), parseSpot, warn);
    this.fx = new DayTree(join3(root, "data/fx"), parseFx, warn);
  }
  root;
  clock;
  spanMs;
  warn;
  slots;
  hourly;
  fx;
  byMetal = /* @__PURE__ */ new Map();
  rates = [];
  running;
  queued;
  /** Re-reads what changed on disk. Concurrent callers share one scan; a call made during a scan gets a fresh one. */
  refresh() {
    if (!this.running) {
      this.running = this.scan().finally(() => {
        this.running = void 0;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = void 0;
      return this.refresh();
    });
    return this.queued;
  }
  /** Points of one metal, oldest first. */
  series(metal) {
    return this.byMetal.get(metal) ?? [];
  }
  /** Exchange-rate facts, oldest first. */
  fxPoints() {
    return this.rates;
  }
  /** Currencies some exchange-rate fact in the index holds, plus USD. */
  currencies() {
    const set = /* @__PURE__ */ new Set(["USD"]);
    for (const p of this.rates) for (const c of Object.keys(p.rates)) set.add(c);
    return [...set].sort();
  }
  /**
   * Time of the newest spot entry: from the index, or — when the data is older than the indexed
   * span — from the newest day directories on disk.
   */
  async newest() {
    const indexed = Math.max(...METALS.map((m) => this.series(m).at(-1)?.t ?? Number.NEGATIVE_INFINITY));
    if (Number.isFinite(indexed)) return indexed;
    let best;
    for (const base of ["data/15min", "data/hourly"]) {
      const dir = join3(this.root, base);
      const tree = new DayTree(dir, parseSpot, this.warn);
      await tree.refresh(await newestDays(dir, 1));
      for (const entries of tree.values()) {
        for (const e of entries) {
          const t = parseNaive(e.timestamp)?.getTime();
          if (t !== void 0 && e.spot > 0 && (best === void 0 || t > best)) best = t;
        }
      }
    }
    return best;
  }
  async scan() {
    const now = this.clock.now().getTime();
    const days = [];
    for (let t = floorDay(new Date(now - this.spanMs)).getTime(); t <= now; t += DAY)
      days.push(ymd(new Date(t)));
    const [a, b, c] = await Promise.all([
      this.slots.refresh(days),
      this.hourly.refresh(days),
      this.fx.refresh(days)
    ]);
    if (a || b) this.byMetal = merge(this.hourly.values(), this.slots.values());
    if (c) this.rates = this.fx.values().sort((x, y) => x.t - y.t);
  }
};
function merge(hourly, slots) {
  const byKey = /* @__PURE__ */ new Map();
  for (const entries of [...hourly, ...slots]) {
    for (const e of entries) {
      const t = parseNaive(e.timestamp)?.getTime();
      if (t === void 0 || !(e.spot > 0)) continue;
      byKey.set(`${t}|${e.metal}`, { t, price: e.spot, provider: e.provider, metal: e.metal });
    }
  }
  const out = new Map(METALS.map((m) => [m, []]));
  for (const { metal, ...point } of byKey.values()) out.get(metal).push(point);
  for (const points of out.values()) points.sort((x, y) => x.t - y.t);
  return out;
}

// src/serve/static.ts
import { createReadStream, statSync } from "node:fs";
import { realpath } from "node:fs/promises";
import { join as join4, sep } from "node:path";
import { pipeline } from "node:stream/promises";

// src/serve/content.ts
import { extname } from "node:path";
var INLINE = {
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8"
};
var DOWNLOAD = { type: "application/octet-stream", attachment: true, compressible: false };
function fileType(path2) {
  const type = INLINE[extname(path2).toLowerCase()];
  return type ? { type, attachment: false, compressible: true } : DOWNLOAD;
}
function negotiateEncoding(header) {
  if (!header) return "identity";
  if (header === "gzip, deflate, br" || header === "gzip, deflate, br, zstd" || header === "br") return "br";
  if (header === "gzip" || header === "gzip, deflate") return "gzip";
  const q = /* @__PURE__ */ new Map();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(name.trim(), weight);
  }
  const accepted = (enc) => (q.get(enc) ?? q.get("*") ?? 0) > 0;
  if (accepted("br")) return "br";
  if (accepted("gzip")) return "gzip";
  return "identity";
}

// src/serve/file-cache.ts
import { createHash } from "node:crypto";
import { readFile as readFile3 } from "node:fs/promises";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
var brotli = promisify(brotliCompress);
var gz = promisify(gzip);
var MIN_COMPRESS_BYTES = 256;
var versionOf = (st) => `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
function fileHeaders(type, etag, mtime, cacheControl) {
  return [
    ...COMMON_FLAT,
    "Content-Type",
    type.type,
    ...type.attachment ? ["Content-Disposition", "attachment"] : [],
    "ETag",
    etag,
    "Last-Modified",
    mtime.toUTCString(),
    "Cache-Control",
    cacheControl,
    ...type.compressible ? ["Vary", "Accept-Encoding"] : []
  ];
}
var FileCache = class {
  constructor(cacheControl, maxBytes = 64 * 1024 * 1024) {
    this.cacheControl = cacheControl;
    this.maxBytes = maxBytes;
  }
  cacheControl;
  maxBytes;
  slots = /* @__PURE__ */ new Map();
  bytes = 0;
  /** The answer for `key` if its cached version is `version` (ready or being built). */
  lookup(key, version) {
    const slot = this.slots.get(key);
    if (slot?.version !== version) return void 0;
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.ready ?? slot.entry;
  }
  /** Reads `realPath` (whose stat is `st`) and caches its answers under `key`. */
  load(key, realPath, st) {
    const old = this.slots.get(key);
    if (old) this.drop(key, old);
    const version = versionOf(st);
    const slot = { version, bytes: st.size, entry: Promise.resolve(void 0) };
    slot.entry = build(realPath, st, version, this.cacheControl, (extra) => {
      if (this.slots.get(key) !== slot) return;
      slot.bytes += extra;
      this.bytes += extra;
      this.evict();
    });
    this.slots.set(key, slot);
    this.bytes += st.size;
    slot.entry.then(
      (file) => {
        slot.ready = file;
      },
      // A failed read is not cached.
      () => {
        if (this.slots.get(key) === slot) this.drop(key, slot);
      }
    );
    this.evict();
    return slot.entry;
  }
  drop(key, slot) {
    this.slots.delete(key);
    this.bytes -= slot.bytes;
  }
  evict() {
    for (const [key, slot] of this.slots) {
      if (this.bytes <= this.maxBytes || this.slots.size <= 1) break;
      this.drop(key, slot);
    }
  }
};
async function build(realPath, st, version, cacheControl, grew) {
  const body = await readFile3(realPath);
  const type = fileType(realPath);
  const tag = createHash("sha1").update(body).digest("base64url").slice(0, 22);
  const etag = `"${tag}"`;
  const head = (encoding, length) => [
    ...fileHeaders(
      type,
      encoding === "identity" ? etag : `"${tag}-${encoding === "br" ? "br" : "gz"}"`,
      st.mtime,
      cacheControl
    ),
    ...encoding === "identity" ? [] : ["Content-Encoding", encoding],
    "Content-Length",
    String(length)
  ];
  const worth = type.compressible && body.length >= MIN_COMPRESS_BYTES;
  const pending = {};
  const file = {
    version,
    etag,
    mtimeMs: st.mtimeMs,
    identity: { head: head("identity", body.length), body },
    notModified: fileHeaders(type, etag, st.mtime, cacheControl),
    compressed: (encoding) => {
      if (!worth) return void 0;
      pending[encoding] ??= (encoding === "br" ? brotli(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 9,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length
        }
      }) : gz(body, { level: 9 })).then((b) => {
        const variant = { head: head(encoding, b.length), body: b };
        file[encoding] = variant;
        grew(b.length);
        return variant;
      });
      return pending[encoding];
    }
  };
  return file;
}

// src/serve/static.ts
var StaticFiles = class {
  constructor(options) {
    this.options = options;
    this.cache = new FileCache(options.cacheControl, options.cacheBytes);
    this.maxCachedBytes = options.maxCachedBytes ?? 4 * 1024 * 1024;
  }
  options;
  dataRoot;
  cache;
  maxCachedBytes;
  /** Real path of `rel` (a resolved request path like `/data/x.json`) if it may be served. */
  async locate(rel) {
    this.dataRoot ??= await realpath(join4(this.options.root, "data")).catch(() => void 0);
    const dataRoot = this.dataRoot;
    if (!dataRoot) return void 0;
    const real = await realpath(join4(this.options.root, rel)).catch(() => void 0);
    if (!real?.startsWith(dataRoot + sep)) return void 0;
    const inside = real.slice(dataRoot.length + 1).split(sep);
    return inside.some((s) => s.startsWith(".")) ? void 0 : real;
  }
  /** Synchronous when the answer is cached and ready (the common case): no promise, no thread-pool hop. */
  serve(req, res, rel) {
    const st = statFile(join4(this.options.root, rel));
    if (!st) return sendText(res, 404, "not found");
    const hit = this.cache.lookup(rel, versionOf(st));
    if (hit && !(hit instanceof Promise)) {
      const encoding = negotiateEncoding(req.headers["accept-encoding"]);
      if (encoding === "identity") return answer(req, res, hit, hit.identity);
      const variant = hit[encoding];
      if (variant) return answer(req, res, hit, variant);
      if (!hit.compressed(encoding)) return answer(req, res, hit, hit.identity);
    }
    return this.slowly(req, res, rel, st, hit);
  }
  async slowly(req, res, rel, st, hit) {
    const ready = await (hit ?? this.miss(req, res, rel, st));
    if (!ready) return { status: res.statusCode, bytes: res.statusCode === 200 ? st.size : 0 };
    const encoding = negotiateEncoding(req.headers["accept-encoding"]);
    const variant = encoding === "identity" ? ready.identity : ready[encoding] ?? await ready.compressed(encoding) ?? ready.identity;
    return answer(req, res, ready, variant);
  }
  /** Checks the real path, then caches the file, or streams it when it is too large to cache. */
  async miss(req, res, rel, st) {
    const real = await this.locate(rel);
    if (!real) {
      sendText(res, 404, "not found");
      return void 0;
    }
    if (st.size <= this.maxCachedBytes) return this.cache.load(rel, real, st);
    await this.stream(req, res, real, st);
    return void 0;
  }
  async stream(req, res, real, st) {
    const etag = `W/"${st.ino.toString(36)}-${st.size.toString(36)}-${Math.floor(st.mtimeMs).toString(36)}"`;
    const headers = fileHeaders(fileType(real), etag, st.mtime, this.options.cacheControl);
    if (notModified(req, etag, st.mtimeMs)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, [...headers, "Content-Length", String(st.size)]);
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    await pipeline(
      createReadStream(real, { start: 0, end: st.size - 1, highWaterMark: 64 * 1024 }),
      res
    ).catch(() => res.destroy());
  }
};
function answer(req, res, file, variant) {
  if (notModified(req, file.etag, file.mtimeMs)) {
    res.writeHead(304, file.notModified);
    res.end();
    return { status: 304, bytes: 0 };
  }
  res.writeHead(200, variant.head);
  const head = req.method === "HEAD";
  res.end(head ? void 0 : variant.body);
  return { status: 200, bytes: head ? 0 : variant.body.length };
}
function statFile(path2) {
  try {
    const st = statSync(path2, { throwIfNoEntry: false });
    return st?.isFile() ? st : void 0;
  } catch {
    return void 0;
  }
}
function notModified(req, etag, mtimeMs) {
  const inm = req.headers["if-none-match"];
  if (inm !== void 0) {
    if (inm.trim() === "*") return true;
    const base = etag.replace(/^W\//, "").slice(1, -1);
    return inm.split(",").some((tag) => {
      const t = tag.trim().replace(/^W\//, "").replace(/^"|"$/g, "");
      return t === base || t === `${base}-br` || t === `${base}-gz`;
    });
  }
  const ims = req.headers["if-modified-since"];
  if (ims === void 0) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(mtimeMs / 1e3) * 1e3 <= since;
}
function sendText(res, status, text) {
  const body = Buffer.from(`${text}
`);
  res.statusCode = status;
  for (const k in COMMON_HEADERS) res.setHeader(k, COMMON_HEADERS[k]);
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Content-Length", body.length);
  res.end(res.req.method === "HEAD" ? void 0 : body);
  return { status, bytes: body.length };
}

// src/serve/status/endpoints.ts
function parseStatusEndpoints(list) {
  const r = external_exports.array(endpointUrlSchema).refine((l) => new Set(l).size === l.length, "lists the same endpoint twice").safeParse(list);
  if (!r.success)
    throw new Error(`input "status-endpoints": ${r.error.issues.map((i) => i.message).join("; ")}`);
  return r.data;
}
var EndpointMonitor = class {
  constructor(options) {
    this.options = options;
  }
  options;
  last;
  round;
  async current() {
    const { clock, ttlMs = 6e4 } = this.options;
    const now = clock.now().getTime();
    if (this.last && now - this.last.at < ttlMs) return this.last.results;
    this.round ??= this.checkAll().finally(() => {
      this.round = void 0;
    });
    return this.last?.results ?? this.round;
  }
  async checkAll() {
    const results = await Promise.all(this.options.endpoints.map((base) => this.check(base)));
    this.last = { at: this.options.clock.now().getTime(), results };
    return results;
  }
  async check(base) {
    const { clock, fetch, timeoutMs = 5e3 } = this.options;
    const guarded = async (run) => {
      try {
        return await run({ clock, fetch, signal: AbortSignal.timeout(timeoutMs) });
      } catch {
        return { status: "error", detail: `no answer within ${timeoutMs / 1e3} s` };
      }
    };
    const [spot, retail] = await Promise.all([
      guarded(
        (ctx) => spotFreshness(endpointReader(base, ctx, 15e3), clock, this.options.spotMaxAgeMinutes)
      ),
      guarded(
        (ctx) => retailFreshness(endpointReader(base, ctx, 15e3), clock, this.options.retailMaxAgeMinutes)
      )
    ]);
    return { label: endpointLabel(base), spot, retail, checkedAt: clock.now() };
  }
};

// src/serve/status/status-page.ts
import { createHash as createHash2 } from "node:crypto";

// src/serve/status/assets.generated.ts
var STATUS_SCRIPT_BASE64 = "LyoqCiogQ29weXJpZ2h0IChjKSAyMDI1LCBMZW9uIFNvcm9raW4KKiBBbGwgcmlnaHRzIHJlc2VydmVkLiAoTUlUIExpY2Vuc2VkKQoqCiogdVBsb3QuanMgKM68UGxvdCkKKiBBIHNtYWxsLCBmYXN0IGNoYXJ0IGZvciB0aW1lIHNlcmllcywgbGluZXMsIGFyZWFzLCBvaGxjICYgYmFycwoqIGh0dHBzOi8vZ2l0aHViLmNvbS9sZWVvbml5YS91UGxvdCAodjEuNi4zMikKKi8KInVzZSBzdHJpY3QiOygoKT0+e3ZhciBacz0idXBsb3QiLFFzPSJ1LWh6IixYcz0idS12dCIsZXI9InUtdGl0bGUiLHRyPSJ1LXdyYXAiLGxyPSJ1LXVuZGVyIixucj0idS1vdmVyIixpcj0idS1heGlzIixadD0idS1vZmYiLG9yPSJ1LXNlbGVjdCIsc3I9InUtY3Vyc29yLXgiLHJyPSJ1LWN1cnNvci15Iixmcj0idS1jdXJzb3ItcHQiLHVyPSJ1LWxlZ2VuZCIsY3I9InUtbGl2ZSIsYXI9InUtaW5saW5lIixwcj0idS1zZXJpZXMiLGhyPSJ1LW1hcmtlciIsamk9InUtbGFiZWwiLG1yPSJ1LXZhbHVlIixObD0id2lkdGgiLFdsPSJoZWlnaHQiO3ZhciAkaT0iYm90dG9tIix5bD0ibGVmdCIsV249InJpZ2h0IixuaT0iIzAwMCIscWk9bmkrIjAiLEduPSJtb3VzZW1vdmUiLEppPSJtb3VzZWRvd24iLEluPSJtb3VzZXVwIixaaT0ibW91c2VlbnRlciIsUWk9Im1vdXNlbGVhdmUiLFhpPSJkYmxjbGljayIsZHI9InJlc2l6ZSIsZ3I9InNjcm9sbCIsZW89ImNoYW5nZSIsc249ImRwcHhjaGFuZ2UiLGlpPSItLSIsRWw9dHlwZW9mIHdpbmRvdzwidSIsam49RWw/ZG9jdW1lbnQ6bnVsbCx4bD1FbD93aW5kb3c6bnVsbCx3cj1FbD9uYXZpZ2F0b3I6bnVsbCxvZSx0bjtmdW5jdGlvbiAkbigpe2xldCBlPWRldmljZVBpeGVsUmF0aW87b2UhPWUmJihvZT1lLHRuJiZKbihlbyx0biwkbiksdG49bWF0Y2hNZWRpYShgKG1pbi1yZXNvbHV0aW9uOiAke29lLS4wMDF9ZHBweCkgYW5kIChtYXgtcmVzb2x1dGlvbjogJHtvZSsuMDAxfWRwcHgpYCksUXQoZW8sdG4sJG4pLHhsLmRpc3BhdGNoRXZlbnQobmV3IEN1c3RvbUV2ZW50KHNuKSkpfWZ1bmN0aW9uIFhlKGUsbCl7aWYobCE9bnVsbCl7bGV0IG89ZS5jbGFzc0xpc3Q7IW8uY29udGFpbnMobCkmJm8uYWRkKGwpfX1mdW5jdGlvbiBxbihlLGwpe2xldCBvPWUuY2xhc3NMaXN0O28uY29udGFpbnMobCkmJm8ucmVtb3ZlKGwpfWZ1bmN0aW9uIGdlKGUsbCxvKXtlLnN0eWxlW2xdPW8rInB4In1mdW5jdGlvbiBkdChlLGwsbyxuKXtsZXQgcz1qbi5jcmVhdGVFbGVtZW50KGUpO3JldHVybiBsIT1udWxsJiZYZShzLGwpLG8/Lmluc2VydEJlZm9yZShzLG4pLHN9ZnVuY3Rpb24gZnQoZSxsKXtyZXR1cm4gZHQoImRpdiIsZSxsKX12YXIgdG89bmV3IFdlYWtNYXA7ZnVuY3Rpb24gVHQoZSxsLG8sbixzKXtsZXQgYT0idHJhbnNsYXRlKCIrbCsicHgsIitvKyJweCkiLHU9dG8uZ2V0KGUpO2EhPXUmJihlLnN0eWxlLnRyYW5zZm9ybT1hLHRvLnNldChlLGEpLGw8MHx8bzwwfHxsPm58fG8+cz9YZShlLFp0KTpxbihlLFp0KSl9dmFyIGxvPW5ldyBXZWFrTWFwO2Z1bmN0aW9uIG5vKGUsbCxvKXtsZXQgbj1sK28scz1sby5nZXQoZSk7biE9cyYmKGxvLnNldChlLG4pLGUuc3R5bGUuYmFja2dyb3VuZD1sLGUuc3R5bGUuYm9yZGVyQ29sb3I9byl9dmFyIGlvPW5ldyBXZWFrTWFwO2Z1bmN0aW9uIG9vKGUsbCxvLG4pe2xldCBzPWwrIiIrbyxhPWlvLmdldChlKTtzIT1hJiYoaW8uc2V0KGUscyksZS5zdHlsZS5oZWlnaHQ9bysicHgiLGUuc3R5bGUud2lkdGg9bCsicHgiLGUuc3R5bGUubWFyZ2luTGVmdD1uPy1sLzIrInB4IjowLGUuc3R5bGUubWFyZ2luVG9wPW4/LW8vMisicHgiOjApfXZhciBvaT17cGFzc2l2ZTohMH0sU3I9ey4uLm9pLGNhcHR1cmU6ITB9O2Z1bmN0aW9uIFF0KGUsbCxvLG4pe2wuYWRkRXZlbnRMaXN0ZW5lcihlLG8sbj9TcjpvaSl9ZnVuY3Rpb24gSm4oZSxsLG8sbil7bC5yZW1vdmVFdmVudExpc3RlbmVyKGUsbyxvaSl9RWwmJiRuKCk7ZnVuY3Rpb24gZ3QoZSxsLG8sbil7bGV0IHM7bz1vfHwwLG49bnx8bC5sZW5ndGgtMTtsZXQgYT1uPD0yMTQ3NDgzNjQ3O2Zvcig7bi1vPjE7KXM9YT9vK24+PjE6ZXQoKG8rbikvMiksbFtzXTxlP289czpuPXM7cmV0dXJuIGUtbFtvXTw9bFtuXS1lP286bn1mdW5jdGlvbiBGbyhlKXtyZXR1cm4obyxuLHMpPT57bGV0IGE9LTEsdT0tMTtmb3IobGV0IHA9bjtwPD1zO3ArKylpZihlKG9bcF0pKXthPXA7YnJlYWt9Zm9yKGxldCBwPXM7cD49bjtwLS0paWYoZShvW3BdKSl7dT1wO2JyZWFrfXJldHVyblthLHVdfX12YXIgUm89ZT0+ZSE9bnVsbCxWbz1lPT5lIT1udWxsJiZlPjAsdW49Rm8oUm8pLF9yPUZvKFZvKTtmdW5jdGlvbiB5cihlLGwsbyxuPTAscz0hMSl7bGV0IGE9cz9fcjp1bix1PXM/Vm86Um87W2wsb109YShlLGwsbyk7bGV0IHA9ZVtsXSxtPWVbbF07aWYobD4tMSlpZihuPT0xKXA9ZVtsXSxtPWVbb107ZWxzZSBpZihuPT0tMSlwPWVbb10sbT1lW2xdO2Vsc2UgZm9yKGxldCBkPWw7ZDw9bztkKyspe2xldCB5PWVbZF07dSh5KSYmKHk8cD9wPXk6eT5tJiYobT15KSl9cmV0dXJuW3A/P2NlLG0/Py1jZV19ZnVuY3Rpb24gY24oZSxsLG8sbil7bGV0IHM9Zm8oZSksYT1mbyhsKTtlPT1sJiYocz09LTE/KGUqPW8sbC89byk6KGUvPW8sbCo9bykpO2xldCB1PW89PTEwP0R0Ok9vLHA9cz09MT9ldDp1dCxtPWE9PTE/dXQ6ZXQsZD1wKHUoQWUoZSkpKSx5PW0odShBZShsKSkpLGc9a2wobyxkKSx3PWtsKG8seSk7cmV0dXJuIG89PTEwJiYoZDwwJiYoZz1hZShnLC1kKSkseTwwJiYodz1hZSh3LC15KSkpLG58fG89PTI/KGU9ZypzLGw9dyphKTooZT1HbyhlLGcpLGw9YW4obCx3KSksW2UsbF19ZnVuY3Rpb24gc2koZSxsLG8sbil7bGV0IHM9Y24oZSxsLG8sbik7cmV0dXJuIGU9PTAmJihzWzBdPTApLGw9PTAmJihzWzFdPTApLHN9dmFyIHJpPS4xLHNvPXttb2RlOjMscGFkOnJpfSxJbD17cGFkOjAsc29mdDpudWxsLG1vZGU6MH0sdnI9e21pbjpJbCxtYXg6SWx9O2Z1bmN0aW9uIHJuKGUsbCxvLG4pe3JldHVybiBwbihvKT9ybyhlLGwsbyk6KElsLnBhZD1vLElsLnNvZnQ9bj8wOm51bGwsSWwubW9kZT1uPzM6MCxybyhlLGwsdnIpKX1mdW5jdGlvbiBuZShlLGwpe3JldHVybiBlPz9sfWZ1bmN0aW9uIHhyKGUsbCxvKXtmb3IobD1uZShsLDApLG89bmUobyxlLmxlbmd0aC0xKTtsPD1vOyl7aWYoZVtsXSE9bnVsbClyZXR1cm4hMDtsKyt9cmV0dXJuITF9ZnVuY3Rpb24gcm8oZSxsLG8pe2xldCBuPW8ubWluLHM9by5tYXgsYT1uZShuLnBhZCwwKSx1PW5lKHMucGFkLDApLHA9bmUobi5oYXJkLC1jZSksbT1uZShzLmhhcmQsY2UpLGQ9bmUobi5zb2Z0LGNlKSx5PW5lKHMuc29mdCwtY2UpLGc9bmUobi5tb2RlLDApLHc9bmUocy5tb2RlLDApLEw9bC1lLFA9RHQoTCksTz1CZShBZShlKSxBZShsKSksTj1EdChPKSxHPUFlKE4tUCk7KEw8MWUtMjR8fEc+MTApJiYoTD0wLChlPT0wfHxsPT0wKSYmKEw9MWUtMjQsZz09MiYmZCE9Y2UmJihhPTApLHc9PTImJnkhPS1jZSYmKHU9MCkpKTtsZXQgeD1MfHxPfHwxZTMsSD1EdCh4KSxrPWtsKDEwLGV0KEgpKSwkPXgqKEw9PTA/ZT09MD8uMToxOmEpLEQ9YWUoR28oZS0kLGsvMTApLDI0KSxxPWU+PWQmJihnPT0xfHxnPT0zJiZEPD1kfHxnPT0yJiZEPj1kKT9kOmNlLFU9QmUocCxEPHEmJmU+PXE/cTp3dChxLEQpKSxRPXgqKEw9PTA/bD09MD8uMToxOnUpLEI9YWUoYW4obCtRLGsvMTApLDI0KSxiPWw8PXkmJih3PT0xfHx3PT0zJiZCPj15fHx3PT0yJiZCPD15KT95Oi1jZSxqPXd0KG0sQj5iJiZsPD1iP2I6QmUoYixCKSk7cmV0dXJuIFU9PWomJlU9PTAmJihqPTEwMCksW1Usal19dmFyIGtyPW5ldyBJbnRsLk51bWJlckZvcm1hdChFbD93ci5sYW5ndWFnZToiZW4tVVMiKSxmaT1lPT5rci5mb3JtYXQoZSksdHQ9TWF0aCxvbj10dC5QSSxBZT10dC5hYnMsZXQ9dHQuZmxvb3IsRWU9dHQucm91bmQsdXQ9dHQuY2VpbCx3dD10dC5taW4sQmU9dHQubWF4LGtsPXR0LnBvdyxmbz10dC5zaWduLER0PXR0LmxvZzEwLE9vPXR0LmxvZzIsYnI9KGUsbD0xKT0+dHQuc2luaChlKSpsLFluPShlLGw9MSk9PnR0LmFzaW5oKGUvbCksY2U9MS8wO2Z1bmN0aW9uIHVvKGUpe3JldHVybihEdCgoZV5lPj4zMSktKGU+PjMxKSl8MCkrMX1mdW5jdGlvbiBabihlLGwsbyl7cmV0dXJuIHd0KEJlKGUsbCksbyl9ZnVuY3Rpb24gSG8oZSl7cmV0dXJuIHR5cGVvZiBlPT0iZnVuY3Rpb24ifWZ1bmN0aW9uIFgoZSl7cmV0dXJuIEhvKGUpP2U6KCk9PmV9dmFyIFRyPSgpPT57fSxObz1lPT5lLFdvPShlLGwpPT5sLE1yPWU9Pm51bGwsY289ZT0+ITAsYW89KGUsbCk9PmU9PWwsRXI9L1wuXGQqPyg/PTl7Nix9fDB7Nix9KS9nbSxYdD1lPT57aWYoWW8oZSl8fEh0LmhhcyhlKSlyZXR1cm4gZTtsZXQgbD1gJHtlfWAsbz1sLm1hdGNoKEVyKTtpZihvPT1udWxsKXJldHVybiBlO2xldCBuPW9bMF0ubGVuZ3RoLTE7aWYobC5pbmRleE9mKCJlLSIpIT0tMSl7bGV0W3MsYV09bC5zcGxpdCgiZSIpO3JldHVybitgJHtYdChzKX1lJHthfWB9cmV0dXJuIGFlKGUsbil9O2Z1bmN0aW9uIHF0KGUsbCl7cmV0dXJuIFh0KGFlKFh0KGUvbCkpKmwpfWZ1bmN0aW9uIGFuKGUsbCl7cmV0dXJuIFh0KHV0KFh0KGUvbCkpKmwpfWZ1bmN0aW9uIEdvKGUsbCl7cmV0dXJuIFh0KGV0KFh0KGUvbCkpKmwpfWZ1bmN0aW9uIGFlKGUsbD0wKXtpZihZbyhlKSlyZXR1cm4gZTtsZXQgbz0xMCoqbCxuPWUqbyooMStOdW1iZXIuRVBTSUxPTik7cmV0dXJuIEVlKG4pL299dmFyIEh0PW5ldyBNYXA7ZnVuY3Rpb24gSW8oZSl7cmV0dXJuKCgiIitlKS5zcGxpdCgiLiIpWzFdfHwiIikubGVuZ3RofWZ1bmN0aW9uIEJsKGUsbCxvLG4pe2xldCBzPVtdLGE9bi5tYXAoSW8pO2ZvcihsZXQgdT1sO3U8bzt1Kyspe2xldCBwPUFlKHUpLG09YWUoa2woZSx1KSxwKTtmb3IobGV0IGQ9MDtkPG4ubGVuZ3RoO2QrKyl7bGV0IHk9ZT09MTA/K2Ake25bZF19ZSR7dX1gOm5bZF0qbSxnPSh1Pj0wPzA6cCkrKHU+PWFbZF0/MDphW2RdKSx3PWU9PTEwP3k6YWUoeSxnKTtzLnB1c2godyksSHQuc2V0KHcsZyl9fXJldHVybiBzfXZhciBZbD17fSx1aT1bXSxibD1bbnVsbCxudWxsXSxPdD1BcnJheS5pc0FycmF5LFlvPU51bWJlci5pc0ludGVnZXIsQXI9ZT0+ZT09PXZvaWQgMDtmdW5jdGlvbiBwbyhlKXtyZXR1cm4gdHlwZW9mIGU9PSJzdHJpbmcifWZ1bmN0aW9uIHBuKGUpe2xldCBsPSExO2lmKGUhPW51bGwpe2xldCBvPWUuY29uc3RydWN0b3I7bD1vPT1udWxsfHxvPT1PYmplY3R9cmV0dXJuIGx9ZnVuY3Rpb24gRHIoZSl7cmV0dXJuIGUhPW51bGwmJnR5cGVvZiBlPT0ib2JqZWN0In12YXIgUHI9T2JqZWN0LmdldFByb3RvdHlwZU9mKFVpbnQ4QXJyYXkpLEJvPSJfX3Byb3RvX18iO2Z1bmN0aW9uIFRsKGUsbD1wbil7bGV0IG87aWYoT3QoZSkpe2xldCBuPWUuZmluZChzPT5zIT1udWxsKTtpZihPdChuKXx8bChuKSl7bz1BcnJheShlLmxlbmd0aCk7Zm9yKGxldCBzPTA7czxlLmxlbmd0aDtzKyspb1tzXT1UbChlW3NdLGwpfWVsc2Ugbz1lLnNsaWNlKCl9ZWxzZSBpZihlIGluc3RhbmNlb2YgUHIpbz1lLnNsaWNlKCk7ZWxzZSBpZihsKGUpKXtvPXt9O2ZvcihsZXQgbiBpbiBlKW4hPUJvJiYob1tuXT1UbChlW25dLGwpKX1lbHNlIG89ZTtyZXR1cm4gb31mdW5jdGlvbiBiZShlKXtsZXQgbD1hcmd1bWVudHM7Zm9yKGxldCBvPTE7bzxsLmxlbmd0aDtvKyspe2xldCBuPWxbb107Zm9yKGxldCBzIGluIG4pcyE9Qm8mJihwbihlW3NdKT9iZShlW3NdLFRsKG5bc10pKTplW3NdPVRsKG5bc10pKX1yZXR1cm4gZX12YXIgTHI9MCxDcj0xLHpyPTI7ZnVuY3Rpb24gRnIoZSxsLG8pe2ZvcihsZXQgbj0wLHMsYT0tMTtuPGwubGVuZ3RoO24rKyl7bGV0IHU9bFtuXTtpZih1PmEpe2ZvcihzPXUtMTtzPj0wJiZlW3NdPT1udWxsOyllW3MtLV09bnVsbDtmb3Iocz11KzE7czxvJiZlW3NdPT1udWxsOyllW2E9cysrXT1udWxsfX19ZnVuY3Rpb24gUnIoZSxsKXtpZihIcihlKSl7bGV0IHU9ZVswXS5zbGljZSgpO2ZvcihsZXQgcD0xO3A8ZS5sZW5ndGg7cCsrKXUucHVzaCguLi5lW3BdLnNsaWNlKDEpKTtyZXR1cm4gTnIodVswXSl8fCh1PU9yKHUpKSx1fWxldCBvPW5ldyBTZXQ7Zm9yKGxldCB1PTA7dTxlLmxlbmd0aDt1Kyspe2xldCBtPWVbdV1bMF0sZD1tLmxlbmd0aDtmb3IobGV0IHk9MDt5PGQ7eSsrKW8uYWRkKG1beV0pfWxldCBuPVtBcnJheS5mcm9tKG8pLnNvcnQoKHUscCk9PnUtcCldLHM9blswXS5sZW5ndGgsYT1uZXcgTWFwO2ZvcihsZXQgdT0wO3U8czt1KyspYS5zZXQoblswXVt1XSx1KTtmb3IobGV0IHU9MDt1PGUubGVuZ3RoO3UrKyl7bGV0IHA9ZVt1XSxtPXBbMF07Zm9yKGxldCBkPTE7ZDxwLmxlbmd0aDtkKyspe2xldCB5PXBbZF0sZz1BcnJheShzKS5maWxsKHZvaWQgMCksdz1sP2xbdV1bZF06Q3IsTD1bXTtmb3IobGV0IFA9MDtQPHkubGVuZ3RoO1ArKyl7bGV0IE89eVtQXSxOPWEuZ2V0KG1bUF0pO089PT1udWxsP3chPUxyJiYoZ1tOXT1PLHc9PXpyJiZMLnB1c2goTikpOmdbTl09T31GcihnLEwscyksbi5wdXNoKGcpfX1yZXR1cm4gbn12YXIgVnI9dHlwZW9mIHF1ZXVlTWljcm90YXNrPiJ1Ij9lPT5Qcm9taXNlLnJlc29sdmUoKS50aGVuKGUpOnF1ZXVlTWljcm90YXNrO2Z1bmN0aW9uIE9yKGUpe2xldCBsPWVbMF0sbz1sLmxlbmd0aCxuPUFycmF5KG8pO2ZvcihsZXQgYT0wO2E8bi5sZW5ndGg7YSsrKW5bYV09YTtuLnNvcnQoKGEsdSk9PmxbYV0tbFt1XSk7bGV0IHM9W107Zm9yKGxldCBhPTA7YTxlLmxlbmd0aDthKyspe2xldCB1PWVbYV0scD1BcnJheShvKTtmb3IobGV0IG09MDttPG87bSsrKXBbbV09dVtuW21dXTtzLnB1c2gocCl9cmV0dXJuIHN9ZnVuY3Rpb24gSHIoZSl7bGV0IGw9ZVswXVswXSxvPWwubGVuZ3RoO2ZvcihsZXQgbj0xO248ZS5sZW5ndGg7bisrKXtsZXQgcz1lW25dWzBdO2lmKHMubGVuZ3RoIT1vKXJldHVybiExO2lmKHMhPWwpe2ZvcihsZXQgYT0wO2E8bzthKyspaWYoc1thXSE9bFthXSlyZXR1cm4hMX19cmV0dXJuITB9ZnVuY3Rpb24gTnIoZSxsPTEwMCl7bGV0IG89ZS5sZW5ndGg7aWYobzw9MSlyZXR1cm4hMDtsZXQgbj0wLHM9by0xO2Zvcig7bjw9cyYmZVtuXT09bnVsbDspbisrO2Zvcig7cz49biYmZVtzXT09bnVsbDspcy0tO2lmKHM8PW4pcmV0dXJuITA7bGV0IGE9QmUoMSxldCgocy1uKzEpL2wpKTtmb3IobGV0IHU9ZVtuXSxwPW4rYTtwPD1zO3ArPWEpe2xldCBtPWVbcF07aWYobSE9bnVsbCl7aWYobTw9dSlyZXR1cm4hMTt1PW19fXJldHVybiEwfXZhciBVbz1bIkphbnVhcnkiLCJGZWJydWFyeSIsIk1hcmNoIiwiQXByaWwiLCJNYXkiLCJKdW5lIiwiSnVseSIsIkF1Z3VzdCIsIlNlcHRlbWJlciIsIk9jdG9iZXIiLCJOb3ZlbWJlciIsIkRlY2VtYmVyIl0sS289WyJTdW5kYXkiLCJNb25kYXkiLCJUdWVzZGF5IiwiV2VkbmVzZGF5IiwiVGh1cnNkYXkiLCJGcmlkYXkiLCJTYXR1cmRheSJdO2Z1bmN0aW9uIGpvKGUpe3JldHVybiBlLnNsaWNlKDAsMyl9dmFyIFdyPUtvLm1hcChqbyksR3I9VW8ubWFwKGpvKSxJcj17TU1NTTpVbyxNTU06R3IsV1dXVzpLbyxXV1c6V3J9O2Z1bmN0aW9uIEhsKGUpe3JldHVybihlPDEwPyIwIjoiIikrZX1mdW5jdGlvbiBZcihlKXtyZXR1cm4oZTwxMD8iMDAiOmU8MTAwPyIwIjoiIikrZX12YXIgQnI9e1lZWVk6ZT0+ZS5nZXRGdWxsWWVhcigpLFlZOmU9PihlLmdldEZ1bGxZZWFyKCkrIiIpLnNsaWNlKDIpLE1NTU06KGUsbCk9PmwuTU1NTVtlLmdldE1vbnRoKCldLE1NTTooZSxsKT0+bC5NTU1bZS5nZXRNb250aCgpXSxNTTplPT5IbChlLmdldE1vbnRoKCkrMSksTTplPT5lLmdldE1vbnRoKCkrMSxERDplPT5IbChlLmdldERhdGUoKSksRDplPT5lLmdldERhdGUoKSxXV1dXOihlLGwpPT5sLldXV1dbZS5nZXREYXkoKV0sV1dXOihlLGwpPT5sLldXV1tlLmdldERheSgpXSxISDplPT5IbChlLmdldEhvdXJzKCkpLEg6ZT0+ZS5nZXRIb3VycygpLGg6ZT0+e2xldCBsPWUuZ2V0SG91cnMoKTtyZXR1cm4gbD09MD8xMjpsPjEyP2wtMTI6bH0sQUE6ZT0+ZS5nZXRIb3VycygpPj0xMj8iUE0iOiJBTSIsYWE6ZT0+ZS5nZXRIb3VycygpPj0xMj8icG0iOiJhbSIsYTplPT5lLmdldEhvdXJzKCk+PTEyPyJwIjoiYSIsbW06ZT0+SGwoZS5nZXRNaW51dGVzKCkpLG06ZT0+ZS5nZXRNaW51dGVzKCksc3M6ZT0+SGwoZS5nZXRTZWNvbmRzKCkpLHM6ZT0+ZS5nZXRTZWNvbmRzKCksZmZmOmU9PllyKGUuZ2V0TWlsbGlzZWNvbmRzKCkpfTtmdW5jdGlvbiBjaShlLGwpe2w9bHx8SXI7bGV0IG89W10sbj0vXHsoW2Etel0rKVx9fFtee10rL2dpLHM7Zm9yKDtzPW4uZXhlYyhlKTspby5wdXNoKHNbMF1bMF09PSJ7Ij9CcltzWzFdXTpzWzBdKTtyZXR1cm4gYT0+e2xldCB1PSIiO2ZvcihsZXQgcD0wO3A8by5sZW5ndGg7cCsrKXUrPXR5cGVvZiBvW3BdPT0ic3RyaW5nIj9vW3BdOm9bcF0oYSxsKTtyZXR1cm4gdX19dmFyIFVyPW5ldyBJbnRsLkRhdGVUaW1lRm9ybWF0KCkucmVzb2x2ZWRPcHRpb25zKCkudGltZVpvbmU7ZnVuY3Rpb24gS3IoZSxsKXtsZXQgbztyZXR1cm4gbD09IlVUQyJ8fGw9PSJFdGMvVVRDIj9vPW5ldyBEYXRlKCtlK2UuZ2V0VGltZXpvbmVPZmZzZXQoKSo2ZTQpOmw9PVVyP289ZToobz1uZXcgRGF0ZShlLnRvTG9jYWxlU3RyaW5nKCJlbi1VUyIse3RpbWVab25lOmx9KSksby5zZXRNaWxsaXNlY29uZHMoZS5nZXRNaWxsaXNlY29uZHMoKSkpLG99dmFyICRvPWU9PmUlMT09MCxmbj1bMSwyLDIuNSw1XSxqcj1CbCgxMCwtMzIsMCxmbikscW89QmwoMTAsMCwzMixmbiksJHI9cW8uZmlsdGVyKCRvKSxKdD1qci5jb25jYXQocW8pLGFpPWAKYCxKbz0ie1lZWVl9Iixobz1haStKbyxabz0ie019L3tEfSIsR2w9YWkrWm8sbG49R2wrIi97WVl9IixRbz0ie2FhfSIscXI9IntofTp7bW19Iix2bD1xcitRbyxtbz1haSt2bCxnbz0iOntzc30iLHJlPW51bGw7ZnVuY3Rpb24gWG8oZSl7bGV0IGw9ZSoxZTMsbz1sKjYwLG49byo2MCxzPW4qMjQsYT1zKjMwLHU9cyozNjUsbT0oZT09MT9CbCgxMCwwLDMsZm4pLmZpbHRlcigkbyk6QmwoMTAsLTMsMCxmbikpLmNvbmNhdChbbCxsKjUsbCoxMCxsKjE1LGwqMzAsbyxvKjUsbyoxMCxvKjE1LG8qMzAsbixuKjIsbiozLG4qNCxuKjYsbio4LG4qMTIscyxzKjIscyozLHMqNCxzKjUscyo2LHMqNyxzKjgscyo5LHMqMTAscyoxNSxhLGEqMixhKjMsYSo0LGEqNix1LHUqMix1KjUsdSoxMCx1KjI1LHUqNTAsdSoxMDBdKSxkPVtbdSxKbyxyZSxyZSxyZSxyZSxyZSxyZSwxXSxbcyoyOCwie01NTX0iLGhvLHJlLHJlLHJlLHJlLHJlLDFdLFtzLFpvLGhvLHJlLHJlLHJlLHJlLHJlLDFdLFtuLCJ7aH0iK1FvLGxuLHJlLEdsLHJlLHJlLHJlLDFdLFtvLHZsLGxuLHJlLEdsLHJlLHJlLHJlLDFdLFtsLGdvLGxuKyIgIit2bCxyZSxHbCsiICIrdmwscmUsbW8scmUsMV0sW2UsZ28rIi57ZmZmfSIsbG4rIiAiK3ZsLHJlLEdsKyIgIit2bCxyZSxtbyxyZSwxXV07ZnVuY3Rpb24geShnKXtyZXR1cm4odyxMLFAsTyxOLEcpPT57bGV0IHg9W10sSD1OPj11LGs9Tj49YSYmTjx1LCQ9ZyhQKSxEPWFlKCQqZSwzKSxxPUJuKCQuZ2V0RnVsbFllYXIoKSxIPzA6JC5nZXRNb250aCgpLGt8fEg/MTokLmdldERhdGUoKSksVT1hZShxKmUsMyk7aWYoa3x8SCl7bGV0IFE9az9OL2E6MCxCPUg/Ti91OjAsYj1EPT1VP0Q6YWUoQm4ocS5nZXRGdWxsWWVhcigpK0IscS5nZXRNb250aCgpK1EsMSkqZSwzKSxqPW5ldyBEYXRlKEVlKGIvZSkpLEM9ai5nZXRGdWxsWWVhcigpLEk9ai5nZXRNb250aCgpO2ZvcihsZXQgVj0wO2I8PU87VisrKXtsZXQgZWU9Qm4oQytCKlYsSStRKlYsMSksUj1lZS1nKGFlKGVlKmUsMykpO2I9YWUoKCtlZStSKSplLDMpLGI8PU8mJngucHVzaChiKX19ZWxzZXtsZXQgUT1OPj1zP3M6TixCPWV0KFApLWV0KEQpLGI9VStCK2FuKEQtVSxRKTt4LnB1c2goYik7bGV0IGo9ZyhiKSxDPWouZ2V0SG91cnMoKStqLmdldE1pbnV0ZXMoKS9vK2ouZ2V0U2Vjb25kcygpL24sST1OL24sVj13LmF4ZXNbTF0uX3NwYWNlLGVlPUcvVjtmb3IoO2I9YWUoYitOLGU9PTE/MDozKSwhKGI+Tyk7KWlmKEk+MSl7bGV0IFI9ZXQoYWUoQytJLDYpKSUyNCx0ZT1nKGIpLmdldEhvdXJzKCktUjt0ZT4xJiYodGU9LTEpLGItPXRlKm4sQz0oQytJKSUyNDtsZXQgZmU9eFt4Lmxlbmd0aC0xXTthZSgoYi1mZSkvTiwzKSplZT49LjcmJngucHVzaChiKX1lbHNlIHgucHVzaChiKX1yZXR1cm4geH19cmV0dXJuW20sZCx5XX12YXJbSnIsWnIsUXJdPVhvKDEpLFtYcixlZix0Zl09WG8oLjAwMSk7QmwoMiwtNTMsNTMsWzFdKTtmdW5jdGlvbiB3byhlLGwpe3JldHVybiBlLm1hcChvPT5vLm1hcCgobixzKT0+cz09MHx8cz09OHx8bj09bnVsbD9uOmwocz09MXx8b1s4XT09MD9uOm9bMV0rbikpKX1mdW5jdGlvbiBTbyhlLGwpe3JldHVybihvLG4scyxhLHUpPT57bGV0IHA9bC5maW5kKFA9PnU+PVBbMF0pfHxsW2wubGVuZ3RoLTFdLG0sZCx5LGcsdyxMO3JldHVybiBuLm1hcChQPT57bGV0IE89ZShQKSxOPU8uZ2V0RnVsbFllYXIoKSxHPU8uZ2V0TW9udGgoKSx4PU8uZ2V0RGF0ZSgpLEg9Ty5nZXRIb3VycygpLGs9Ty5nZXRNaW51dGVzKCksJD1PLmdldFNlY29uZHMoKSxEPU4hPW0mJnBbMl18fEchPWQmJnBbM118fHghPXkmJnBbNF18fEghPWcmJnBbNV18fGshPXcmJnBbNl18fCQhPUwmJnBbN118fHBbMV07cmV0dXJuIG09TixkPUcseT14LGc9SCx3PWssTD0kLEQoTyl9KX19ZnVuY3Rpb24gbGYoZSxsKXtsZXQgbz1jaShsKTtyZXR1cm4obixzLGEsdSxwKT0+cy5tYXAobT0+byhlKG0pKSl9ZnVuY3Rpb24gQm4oZSxsLG8pe3JldHVybiBuZXcgRGF0ZShlLGwsbyl9ZnVuY3Rpb24gX28oZSxsKXtyZXR1cm4gbChlKX12YXIgbmY9IntZWVlZfS17TU19LXtERH0ge2h9OnttbX17YWF9IjtmdW5jdGlvbiB5byhlLGwpe3JldHVybihvLG4scyxhKT0+YT09bnVsbD9paTpsKGUobikpfWZ1bmN0aW9uIG9mKGUsbCl7bGV0IG89ZS5zZXJpZXNbbF07cmV0dXJuIG8ud2lkdGg/by5zdHJva2UoZSxsKTpvLnBvaW50cy53aWR0aD9vLnBvaW50cy5zdHJva2UoZSxsKTpudWxsfWZ1bmN0aW9uIHNmKGUsbCl7cmV0dXJuIGUuc2VyaWVzW2xdLmZpbGwoZSxsKX12YXIgcmY9e3Nob3c6ITAsbGl2ZTohMCxpc29sYXRlOiExLG1vdW50OlRyLG1hcmtlcnM6e3Nob3c6ITAsd2lkdGg6MixzdHJva2U6b2YsZmlsbDpzZixkYXNoOiJzb2xpZCJ9LGlkeDpudWxsLGlkeHM6bnVsbCx2YWx1ZXM6W119O2Z1bmN0aW9uIGZmKGUsbCl7bGV0IG89ZS5jdXJzb3IucG9pbnRzLG49ZnQoKSxzPW8uc2l6ZShlLGwpO2dlKG4sTmwscyksZ2UobixXbCxzKTtsZXQgYT1zLy0yO2dlKG4sIm1hcmdpbkxlZnQiLGEpLGdlKG4sIm1hcmdpblRvcCIsYSk7bGV0IHU9by53aWR0aChlLGwscyk7cmV0dXJuIHUmJmdlKG4sImJvcmRlcldpZHRoIix1KSxufWZ1bmN0aW9uIHVmKGUsbCl7bGV0IG89ZS5zZXJpZXNbbF0ucG9pbnRzO3JldHVybiBvLl9maWxsfHxvLl9zdHJva2V9ZnVuY3Rpb24gY2YoZSxsKXtsZXQgbz1lLnNlcmllc1tsXS5wb2ludHM7cmV0dXJuIG8uX3N0cm9rZXx8by5fZmlsbH1mdW5jdGlvbiBhZihlLGwpe3JldHVybiBlLnNlcmllc1tsXS5wb2ludHMuc2l6ZX12YXIgVW49WzAsMF07ZnVuY3Rpb24gcGYoZSxsLG8pe3JldHVybiBVblswXT1sLFVuWzFdPW8sVW59ZnVuY3Rpb24gbm4oZSxsLG8sbj0hMCl7cmV0dXJuIHM9PntzLmJ1dHRvbj09MCYmKCFufHxzLnRhcmdldD09bCkmJm8ocyl9fWZ1bmN0aW9uIEtuKGUsbCxvLG49ITApe3JldHVybiBzPT57KCFufHxzLnRhcmdldD09bCkmJm8ocyl9fXZhciBoZj17c2hvdzohMCx4OiEwLHk6ITAsbG9jazohMSxtb3ZlOnBmLHBvaW50czp7b25lOiExLHNob3c6ZmYsc2l6ZTphZix3aWR0aDowLHN0cm9rZTpjZixmaWxsOnVmfSxiaW5kOnttb3VzZWRvd246bm4sbW91c2V1cDpubixjbGljazpubixkYmxjbGljazpubixtb3VzZW1vdmU6S24sbW91c2VsZWF2ZTpLbixtb3VzZWVudGVyOktufSxkcmFnOntzZXRTY2FsZTohMCx4OiEwLHk6ITEsZGlzdDowLHVuaTpudWxsLGNsaWNrOihlLGwpPT57bC5zdG9wUHJvcGFnYXRpb24oKSxsLnN0b3BJbW1lZGlhdGVQcm9wYWdhdGlvbigpfSxfeDohMSxfeTohMX0sZm9jdXM6e2Rpc3Q6KGUsbCxvLG4scyk9Pm4tcyxwcm94Oi0xLGJpYXM6MH0saG92ZXI6e3NraXA6W3ZvaWQgMF0scHJveDpudWxsLGJpYXM6MH0sbGVmdDotMTAsdG9wOi0xMCxpZHg6bnVsbCxkYXRhSWR4Om51bGwsaWR4czpudWxsLGV2ZW50Om51bGx9LGVzPXtzaG93OiEwLHN0cm9rZToicmdiYSgwLDAsMCwwLjA3KSIsd2lkdGg6Mn0scGk9YmUoe30sZXMse2ZpbHRlcjpXb30pLHRzPWJlKHt9LHBpLHtzaXplOjEwfSksbHM9YmUoe30sZXMse3Nob3c6ITF9KSxoaT0nMTJweCBzeXN0ZW0tdWksIC1hcHBsZS1zeXN0ZW0sICJTZWdvZSBVSSIsIFJvYm90bywgIkhlbHZldGljYSBOZXVlIiwgQXJpYWwsICJOb3RvIFNhbnMiLCBzYW5zLXNlcmlmLCAiQXBwbGUgQ29sb3IgRW1vamkiLCAiU2Vnb2UgVUkgRW1vamkiLCAiU2Vnb2UgVUkgU3ltYm9sIiwgIk5vdG8gQ29sb3IgRW1vamkiJyxucz0iYm9sZCAiK2hpLGlzPTEuNSx2bz17c2hvdzohMCxzY2FsZToieCIsc3Ryb2tlOm5pLHNwYWNlOjUwLGdhcDo1LGFsaWduVG86MSxzaXplOjUwLGxhYmVsR2FwOjAsbGFiZWxTaXplOjMwLGxhYmVsRm9udDpucyxzaWRlOjIsZ3JpZDpwaSx0aWNrczp0cyxib3JkZXI6bHMsZm9udDpoaSxsaW5lR2FwOmlzLHJvdGF0ZTowfSxtZj0iVmFsdWUiLGRmPSJUaW1lIix4bz17c2hvdzohMCxzY2FsZToieCIsYXV0bzohMSxzb3J0ZWQ6MSxtaW46Y2UsbWF4Oi1jZSxpZHhzOltdfTtmdW5jdGlvbiBnZihlLGwsbyxuLHMpe3JldHVybiBsLm1hcChhPT5hPT1udWxsPyIiOmZpKGEpKX1mdW5jdGlvbiB3ZihlLGwsbyxuLHMsYSx1KXtsZXQgcD1bXSxtPUh0LmdldChzKXx8MDtvPXU/bzphZShhbihvLHMpLG0pO2ZvcihsZXQgZD1vO2Q8PW47ZD1hZShkK3MsbSkpcC5wdXNoKE9iamVjdC5pcyhkLC0wKT8wOmQpO3JldHVybiBwfWZ1bmN0aW9uIFFuKGUsbCxvLG4scyxhLHUpe2xldCBwPVtdLG09ZS5zY2FsZXNbZS5heGVzW2xdLnNjYWxlXS5sb2csZD1tPT0xMD9EdDpPbyx5PWV0KGQobykpO3M9a2wobSx5KSxtPT0xMCYmKHM9SnRbZ3QocyxKdCldKTtsZXQgZz1vLHc9cyptO209PTEwJiYodz1KdFtndCh3LEp0KV0pO2RvIHAucHVzaChnKSxnPWcrcyxtPT0xMCYmIUh0LmhhcyhnKSYmKGc9YWUoZyxIdC5nZXQocykpKSxnPj13JiYocz1nLHc9cyptLG09PTEwJiYodz1KdFtndCh3LEp0KV0pKTt3aGlsZShnPD1uKTtyZXR1cm4gcH1mdW5jdGlvbiBTZihlLGwsbyxuLHMsYSx1KXtsZXQgbT1lLnNjYWxlc1tlLmF4ZXNbbF0uc2NhbGVdLmFzaW5oLGQ9bj5tP1FuKGUsbCxCZShtLG8pLG4scyk6W21dLHk9bj49MCYmbzw9MD9bMF06W107cmV0dXJuKG88LW0/UW4oZSxsLEJlKG0sLW4pLC1vLHMpOlttXSkucmV2ZXJzZSgpLm1hcCh3PT4tdykuY29uY2F0KHksZCl9dmFyIG9zPS8uLyxfZj0vWzEyMzU3XS8seWY9L1sxMjVdLyxrbz0vMS8sWG49KGUsbCxvLG4pPT5lLm1hcCgocyxhKT0+bD09NCYmcz09MHx8YSVuPT0wJiZvLnRlc3Qocy50b0V4cG9uZW50aWFsKClbczwwPzE6MF0pP3M6bnVsbCk7ZnVuY3Rpb24gdmYoZSxsLG8sbixzKXtsZXQgYT1lLmF4ZXNbb10sdT1hLnNjYWxlLHA9ZS5zY2FsZXNbdV0sbT1lLnZhbFRvUG9zLGQ9YS5fc3BhY2UseT1tKDEwLHUpLGc9bSg5LHUpLXk+PWQ/b3M6bSg3LHUpLXk+PWQ/X2Y6bSg1LHUpLXk+PWQ/eWY6a287aWYoZz09a28pe2xldCB3PUFlKG0oMSx1KS15KTtpZih3PGQpcmV0dXJuIFhuKGwuc2xpY2UoKS5yZXZlcnNlKCkscC5kaXN0cixnLHV0KGQvdykpLnJldmVyc2UoKX1yZXR1cm4gWG4obCxwLmRpc3RyLGcsMSl9ZnVuY3Rpb24geGYoZSxsLG8sbixzKXtsZXQgYT1lLmF4ZXNbb10sdT1hLnNjYWxlLHA9YS5fc3BhY2UsbT1lLnZhbFRvUG9zLGQ9QWUobSgxLHUpLW0oMix1KSk7cmV0dXJuIGQ8cD9YbihsLnNsaWNlKCkucmV2ZXJzZSgpLDMsb3MsdXQocC9kKSkucmV2ZXJzZSgpOmx9ZnVuY3Rpb24ga2YoZSxsLG8sbil7cmV0dXJuIG49PW51bGw/aWk6bD09bnVsbD8iIjpmaShsKX12YXIgYm89e3Nob3c6ITAsc2NhbGU6InkiLHN0cm9rZTpuaSxzcGFjZTozMCxnYXA6NSxhbGlnblRvOjEsc2l6ZTo1MCxsYWJlbEdhcDowLGxhYmVsU2l6ZTozMCxsYWJlbEZvbnQ6bnMsc2lkZTozLGdyaWQ6cGksdGlja3M6dHMsYm9yZGVyOmxzLGZvbnQ6aGksbGluZUdhcDppcyxyb3RhdGU6MH07ZnVuY3Rpb24gYmYoZSxsKXtsZXQgbz0zKyhlfHwxKSoyO3JldHVybiBhZShvKmwsMyl9ZnVuY3Rpb24gVGYoZSxsKXtsZXR7c2NhbGU6byxpZHhzOm59PWUuc2VyaWVzWzBdLHM9ZS5fZGF0YVswXSxhPWUudmFsVG9Qb3Moc1tuWzBdXSxvLCEwKSx1PWUudmFsVG9Qb3Moc1tuWzFdXSxvLCEwKSxwPUFlKHUtYSksbT1lLnNlcmllc1tsXSxkPXAvKG0ucG9pbnRzLnNwYWNlKm9lKTtyZXR1cm4gblsxXS1uWzBdPD1kfXZhciBUbz17c2NhbGU6bnVsbCxhdXRvOiEwLHNvcnRlZDowLG1pbjpjZSxtYXg6LWNlfSxzcz0oZSxsLG8sbixzKT0+cyxNbz17c2hvdzohMCxhdXRvOiEwLHNvcnRlZDowLGdhcHM6c3MsYWxwaGE6MSxmYWNldHM6W2JlKHt9LFRvLHtzY2FsZToieCJ9KSxiZSh7fSxUbyx7c2NhbGU6InkifSldfSxFbz17c2NhbGU6InkiLGF1dG86ITAsc29ydGVkOjAsc2hvdzohMCxzcGFuR2FwczohMSxnYXBzOnNzLGFscGhhOjEscG9pbnRzOntzaG93OlRmLGZpbHRlcjpudWxsfSx2YWx1ZXM6bnVsbCxtaW46Y2UsbWF4Oi1jZSxpZHhzOltdLHBhdGg6bnVsbCxjbGlwOm51bGx9O2Z1bmN0aW9uIE1mKGUsbCxvLG4scyl7cmV0dXJuIG8vMTB9dmFyIHJzPXt0aW1lOiEwLGF1dG86ITAsZGlzdHI6MSxsb2c6MTAsYXNpbmg6MSxtaW46bnVsbCxtYXg6bnVsbCxkaXI6MSxvcmk6MH0sRWY9YmUoe30scnMse3RpbWU6ITEsb3JpOjF9KSxBbz17fTtmdW5jdGlvbiBmcyhlLGwpe2xldCBvPUFvW2VdO3JldHVybiBvfHwobz17a2V5OmUscGxvdHM6W10sc3ViKG4pe28ucGxvdHMucHVzaChuKX0sdW5zdWIobil7by5wbG90cz1vLnBsb3RzLmZpbHRlcihzPT5zIT1uKX0scHViKG4scyxhLHUscCxtLGQpe2ZvcihsZXQgeT0wO3k8by5wbG90cy5sZW5ndGg7eSsrKW8ucGxvdHNbeV0hPXMmJm8ucGxvdHNbeV0ucHViKG4scyxhLHUscCxtLGQpfX0sZSE9bnVsbCYmKEFvW2VdPW8pKSxvfXZhciBNbD0xLGVpPTI7ZnVuY3Rpb24gZWwoZSxsLG8pe2xldCBuPWUubW9kZSxzPWUuc2VyaWVzW2xdLGE9bj09Mj9lLl9kYXRhW2xdOmUuX2RhdGEsdT1lLnNjYWxlcyxwPWUuYmJveCxtPWFbMF0sZD1uPT0yP2FbMV06YVtsXSx5PW49PTI/dVtzLmZhY2V0c1swXS5zY2FsZV06dVtlLnNlcmllc1swXS5zY2FsZV0sZz1uPT0yP3Vbcy5mYWNldHNbMV0uc2NhbGVdOnVbcy5zY2FsZV0sdz1wLmxlZnQsTD1wLnRvcCxQPXAud2lkdGgsTz1wLmhlaWdodCxOPWUudmFsVG9Qb3NILEc9ZS52YWxUb1Bvc1Y7cmV0dXJuIHkub3JpPT0wP28ocyxtLGQseSxnLE4sRyx3LEwsUCxPLG1uLEFsLGduLGNzLHBzKTpvKHMsbSxkLHksZyxHLE4sTCx3LE8sUCxkbixEbCxnaSxhcyxocyl9ZnVuY3Rpb24gbWkoZSxsKXtsZXQgbz0wLG49MCxzPW5lKGUuYmFuZHMsdWkpO2ZvcihsZXQgYT0wO2E8cy5sZW5ndGg7YSsrKXtsZXQgdT1zW2FdO3Uuc2VyaWVzWzBdPT1sP289dS5kaXI6dS5zZXJpZXNbMV09PWwmJih1LmRpcj09MT9ufD0xOm58PTIpfXJldHVybltvLG49PTE/LTE6bj09Mj8xOm49PTM/MjowXX1mdW5jdGlvbiBBZihlLGwsbyxuLHMpe2xldCBhPWUubW9kZSx1PWUuc2VyaWVzW2xdLHA9YT09Mj91LmZhY2V0c1sxXS5zY2FsZTp1LnNjYWxlLG09ZS5zY2FsZXNbcF07cmV0dXJuIHM9PS0xP20ubWluOnM9PTE/bS5tYXg6bS5kaXN0cj09Mz9tLmRpcj09MT9tLm1pbjptLm1heDowfWZ1bmN0aW9uIFB0KGUsbCxvLG4scyxhKXtyZXR1cm4gZWwoZSxsLCh1LHAsbSxkLHksZyx3LEwsUCxPLE4pPT57bGV0IEc9dS5weFJvdW5kLHg9ZC5kaXIqKGQub3JpPT0wPzE6LTEpLEg9ZC5vcmk9PTA/QWw6RGwsaywkO3g9PTE/KGs9bywkPW4pOihrPW4sJD1vKTtsZXQgRD1HKGcocFtrXSxkLE8sTCkpLHE9Ryh3KG1ba10seSxOLFApKSxVPUcoZyhwWyRdLGQsTyxMKSksUT1HKHcoYT09MT95Lm1heDp5Lm1pbix5LE4sUCkpLEI9bmV3IFBhdGgyRChzKTtyZXR1cm4gSChCLFUsUSksSChCLEQsUSksSChCLEQscSksQn0pfWZ1bmN0aW9uIGhuKGUsbCxvLG4scyxhKXtsZXQgdT1udWxsO2lmKGUubGVuZ3RoPjApe3U9bmV3IFBhdGgyRDtsZXQgcD1sPT0wP2duOmdpLG09bztmb3IobGV0IGc9MDtnPGUubGVuZ3RoO2crKyl7bGV0IHc9ZVtnXTtpZih3WzFdPndbMF0pe2xldCBMPXdbMF0tbTtMPjAmJnAodSxtLG4sTCxuK2EpLG09d1sxXX19bGV0IGQ9bytzLW0seT0xMDtkPjAmJnAodSxtLG4teS8yLGQsbithK3kpfXJldHVybiB1fWZ1bmN0aW9uIERmKGUsbCxvKXtsZXQgbj1lW2UubGVuZ3RoLTFdO24mJm5bMF09PWw/blsxXT1vOmUucHVzaChbbCxvXSl9ZnVuY3Rpb24gZGkoZSxsLG8sbixzLGEsdSl7bGV0IHA9W10sbT1lLmxlbmd0aDtmb3IobGV0IGQ9cz09MT9vOm47ZD49byYmZDw9bjtkKz1zKWlmKGxbZF09PT1udWxsKXtsZXQgZz1kLHc9ZDtpZihzPT0xKWZvcig7KytkPD1uJiZsW2RdPT09bnVsbDspdz1kO2Vsc2UgZm9yKDstLWQ+PW8mJmxbZF09PT1udWxsOyl3PWQ7bGV0IEw9YShlW2ddKSxQPXc9PWc/TDphKGVbd10pLE89Zy1zO0w9dTw9MCYmTz49MCYmTzxtP2EoZVtPXSk6TDtsZXQgRz13K3M7UD11Pj0wJiZHPj0wJiZHPG0/YShlW0ddKTpQLFA+PUwmJnAucHVzaChbTCxQXSl9cmV0dXJuIHB9ZnVuY3Rpb24gRG8oZSl7cmV0dXJuIGU9PTA/Tm86ZT09MT9FZTpsPT5xdChsLGUpfWZ1bmN0aW9uIHVzKGUpe2xldCBsPWU9PTA/bW46ZG4sbz1lPT0wPyhzLGEsdSxwLG0sZCk9PntzLmFyY1RvKGEsdSxwLG0sZCl9OihzLGEsdSxwLG0sZCk9PntzLmFyY1RvKHUsYSxtLHAsZCl9LG49ZT09MD8ocyxhLHUscCxtKT0+e3MucmVjdChhLHUscCxtKX06KHMsYSx1LHAsbSk9PntzLnJlY3QodSxhLG0scCl9O3JldHVybihzLGEsdSxwLG0sZD0wLHk9MCk9PntkPT0wJiZ5PT0wP24ocyxhLHUscCxtKTooZD13dChkLHAvMixtLzIpLHk9d3QoeSxwLzIsbS8yKSxsKHMsYStkLHUpLG8ocyxhK3AsdSxhK3AsdSttLGQpLG8ocyxhK3AsdSttLGEsdSttLHkpLG8ocyxhLHUrbSxhLHUseSksbyhzLGEsdSxhK3AsdSxkKSxzLmNsb3NlUGF0aCgpKX19dmFyIG1uPShlLGwsbyk9PntlLm1vdmVUbyhsLG8pfSxkbj0oZSxsLG8pPT57ZS5tb3ZlVG8obyxsKX0sQWw9KGUsbCxvKT0+e2UubGluZVRvKGwsbyl9LERsPShlLGwsbyk9PntlLmxpbmVUbyhvLGwpfSxnbj11cygwKSxnaT11cygxKSxjcz0oZSxsLG8sbixzLGEpPT57ZS5hcmMobCxvLG4scyxhKX0sYXM9KGUsbCxvLG4scyxhKT0+e2UuYXJjKG8sbCxuLHMsYSl9LHBzPShlLGwsbyxuLHMsYSx1KT0+e2UuYmV6aWVyQ3VydmVUbyhsLG8sbixzLGEsdSl9LGhzPShlLGwsbyxuLHMsYSx1KT0+e2UuYmV6aWVyQ3VydmVUbyhvLGwscyxuLHUsYSl9O2Z1bmN0aW9uIG1zKGUpe3JldHVybihsLG8sbixzLGEpPT5lbChsLG8sKHUscCxtLGQseSxnLHcsTCxQLE8sTik9PntsZXR7cHhSb3VuZDpHLHBvaW50czp4fT11LEgsaztkLm9yaT09MD8oSD1tbixrPWNzKTooSD1kbixrPWFzKTtsZXQgJD1hZSh4LndpZHRoKm9lLDMpLEQ9KHguc2l6ZS14LndpZHRoKS8yKm9lLHE9YWUoRCoyLDMpLFU9bmV3IFBhdGgyRCxRPW5ldyBQYXRoMkQse2xlZnQ6Qix0b3A6Yix3aWR0aDpqLGhlaWdodDpDfT1sLmJib3g7Z24oUSxCLXEsYi1xLGorcSoyLEMrcSoyKTtsZXQgST1WPT57aWYobVtWXSE9bnVsbCl7bGV0IGVlPUcoZyhwW1ZdLGQsTyxMKSksUj1HKHcobVtWXSx5LE4sUCkpO0goVSxlZStELFIpLGsoVSxlZSxSLEQsMCxvbioyKX19O2lmKGEpYS5mb3JFYWNoKEkpO2Vsc2UgZm9yKGxldCBWPW47Vjw9cztWKyspSShWKTtyZXR1cm57c3Ryb2tlOiQ+MD9VOm51bGwsZmlsbDpVLGNsaXA6USxmbGFnczpNbHxlaX19KX1mdW5jdGlvbiBkcyhlKXtyZXR1cm4obCxvLG4scyxhLHUpPT57biE9cyYmKGEhPW4mJnUhPW4mJmUobCxvLG4pLGEhPXMmJnUhPXMmJmUobCxvLHMpLGUobCxvLHUpKX19dmFyIFBmPWRzKEFsKSxMZj1kcyhEbCk7ZnVuY3Rpb24gZ3MoZSl7bGV0IGw9bmUoZT8uYWxpZ25HYXBzLDApO3JldHVybihvLG4scyxhKT0+ZWwobyxuLCh1LHAsbSxkLHksZyx3LEwsUCxPLE4pPT57W3MsYV09dW4obSxzLGEpO2xldCBHPXUucHhSb3VuZCx4PUM9PkcoZyhDLGQsTyxMKSksSD1DPT5HKHcoQyx5LE4sUCkpLGssJDtkLm9yaT09MD8oaz1BbCwkPVBmKTooaz1EbCwkPUxmKTtsZXQgRD1kLmRpciooZC5vcmk9PTA/MTotMSkscT17c3Ryb2tlOm5ldyBQYXRoMkQsZmlsbDpudWxsLGNsaXA6bnVsbCxiYW5kOm51bGwsZ2FwczpudWxsLGZsYWdzOk1sfSxVPXEuc3Ryb2tlLFE9ITE7aWYoYS1zPj1PKjQpe2xldCBDPXo9Pm8ucG9zVG9WYWwoeixkLmtleSwhMCksST1udWxsLFY9bnVsbCxlZSxSLFVlLHdlPXgocFtEPT0xP3M6YV0pLHRlPXgocFtzXSksZmU9eChwW2FdKSxKPUMoRD09MT90ZSsxOmZlLTEpO2ZvcihsZXQgej1EPT0xP3M6YTt6Pj1zJiZ6PD1hO3orPUQpe2xldCBUZT1wW3pdLFNlPShEPT0xP1RlPEo6VGU+Sik/d2U6eChUZSksc2U9bVt6XTtTZT09d2U/c2UhPW51bGw/KFI9c2UsST09bnVsbD8oayhVLFNlLEgoUikpLGVlPUk9Vj1SKTpSPEk/ST1SOlI+ViYmKFY9UikpOnNlPT09bnVsbCYmKFE9ITApOihJIT1udWxsJiYkKFUsd2UsSChJKSxIKFYpLEgoZWUpLEgoUikpLHNlIT1udWxsPyhSPXNlLGsoVSxTZSxIKFIpKSxJPVY9ZWU9Uik6KEk9Vj1udWxsLHNlPT09bnVsbCYmKFE9ITApKSx3ZT1TZSxKPUMod2UrRCkpfUkhPW51bGwmJkkhPVYmJlVlIT13ZSYmJChVLHdlLEgoSSksSChWKSxIKGVlKSxIKFIpKX1lbHNlIGZvcihsZXQgQz1EPT0xP3M6YTtDPj1zJiZDPD1hO0MrPUQpe2xldCBJPW1bQ107ST09PW51bGw/UT0hMDpJIT1udWxsJiZrKFUseChwW0NdKSxIKEkpKX1sZXRbYixqXT1taShvLG4pO2lmKHUuZmlsbCE9bnVsbHx8YiE9MCl7bGV0IEM9cS5maWxsPW5ldyBQYXRoMkQoVSksST11LmZpbGxUbyhvLG4sdS5taW4sdS5tYXgsYiksVj1IKEkpLGVlPXgocFtzXSksUj14KHBbYV0pO0Q9PS0xJiYoW1IsZWVdPVtlZSxSXSksayhDLFIsViksayhDLGVlLFYpfWlmKCF1LnNwYW5HYXBzKXtsZXQgQz1bXTtRJiZDLnB1c2goLi4uZGkocCxtLHMsYSxELHgsbCkpLHEuZ2Fwcz1DPXUuZ2FwcyhvLG4scyxhLEMpLHEuY2xpcD1obihDLGQub3JpLEwsUCxPLE4pfXJldHVybiBqIT0wJiYocS5iYW5kPWo9PTI/W1B0KG8sbixzLGEsVSwtMSksUHQobyxuLHMsYSxVLDEpXTpQdChvLG4scyxhLFUsaikpLHF9KX1mdW5jdGlvbiBDZihlKXtsZXQgbD1uZShlLmFsaWduLDEpLG89bmUoZS5hc2NEZXNjLCExKSxuPW5lKGUuYWxpZ25HYXBzLDApLHM9bmUoZS5leHRlbmQsITEpO3JldHVybihhLHUscCxtKT0+ZWwoYSx1LChkLHksZyx3LEwsUCxPLE4sRyx4LEgpPT57W3AsbV09dW4oZyxwLG0pO2xldCBrPWQucHhSb3VuZCx7bGVmdDokLHdpZHRoOkR9PWEuYmJveCxxPXRlPT5rKFAodGUsdyx4LE4pKSxVPXRlPT5rKE8odGUsTCxILEcpKSxRPXcub3JpPT0wP0FsOkRsLEI9e3N0cm9rZTpuZXcgUGF0aDJELGZpbGw6bnVsbCxjbGlwOm51bGwsYmFuZDpudWxsLGdhcHM6bnVsbCxmbGFnczpNbH0sYj1CLnN0cm9rZSxqPXcuZGlyKih3Lm9yaT09MD8xOi0xKSxDPVUoZ1tqPT0xP3A6bV0pLEk9cSh5W2o9PTE/cDptXSksVj1JLGVlPUk7cyYmbD09LTEmJihlZT0kLFEoYixlZSxDKSksUShiLEksQyk7Zm9yKGxldCB0ZT1qPT0xP3A6bTt0ZT49cCYmdGU8PW07dGUrPWope2xldCBmZT1nW3RlXTtpZihmZT09bnVsbCljb250aW51ZTtsZXQgSj1xKHlbdGVdKSx6PVUoZmUpO2w9PTE/UShiLEosQyk6UShiLFYseiksUShiLEoseiksQz16LFY9Sn1sZXQgUj1WO3MmJmw9PTEmJihSPSQrRCxRKGIsUixDKSk7bGV0W1VlLHdlXT1taShhLHUpO2lmKGQuZmlsbCE9bnVsbHx8VWUhPTApe2xldCB0ZT1CLmZpbGw9bmV3IFBhdGgyRChiKSxmZT1kLmZpbGxUbyhhLHUsZC5taW4sZC5tYXgsVWUpLEo9VShmZSk7USh0ZSxSLEopLFEodGUsZWUsSil9aWYoIWQuc3BhbkdhcHMpe2xldCB0ZT1bXTt0ZS5wdXNoKC4uLmRpKHksZyxwLG0saixxLG4pKTtsZXQgZmU9ZC53aWR0aCpvZS8yLEo9b3x8bD09MT9mZTotZmUsej1vfHxsPT0tMT8tZmU6ZmU7dGUuZm9yRWFjaChUZT0+e1RlWzBdKz1KLFRlWzFdKz16fSksQi5nYXBzPXRlPWQuZ2FwcyhhLHUscCxtLHRlKSxCLmNsaXA9aG4odGUsdy5vcmksTixHLHgsSCl9cmV0dXJuIHdlIT0wJiYoQi5iYW5kPXdlPT0yP1tQdChhLHUscCxtLGIsLTEpLFB0KGEsdSxwLG0sYiwxKV06UHQoYSx1LHAsbSxiLHdlKSksQn0pfWZ1bmN0aW9uIFBvKGUsbCxvLG4scyxhLHU9Y2Upe2lmKGUubGVuZ3RoPjEpe2xldCBwPW51bGw7Zm9yKGxldCBtPTAsZD0xLzA7bTxlLmxlbmd0aDttKyspaWYobFttXSE9PXZvaWQgMCl7aWYocCE9bnVsbCl7bGV0IHk9QWUoZVttXS1lW3BdKTt5PGQmJihkPXksdT1BZShvKGVbbV0sbixzLGEpLW8oZVtwXSxuLHMsYSkpKX1wPW19fXJldHVybiB1fWZ1bmN0aW9uIHpmKGUpe2U9ZXx8WWw7bGV0IGw9bmUoZS5zaXplLFsuNixjZSwxXSksbz1lLmFsaWdufHwwLG49ZS5nYXB8fDAscz1lLnJhZGl1cztzPXM9PW51bGw/WzAsMF06dHlwZW9mIHM9PSJudW1iZXIiP1tzLDBdOnM7bGV0IGE9WChzKSx1PTEtbFswXSxwPW5lKGxbMV0sY2UpLG09bmUobFsyXSwxKSxkPW5lKGUuZGlzcCxZbCkseT1uZShlLmVhY2gsTD0+e30pLHtmaWxsOmcsc3Ryb2tlOnd9PWQ7cmV0dXJuKEwsUCxPLE4pPT5lbChMLFAsKEcseCxILGssJCxELHEsVSxRLEIsYik9PntsZXQgaj1HLnB4Um91bmQsQz1vLEk9bipvZSxWPXAqb2UsZWU9bSpvZSxSLFVlO2sub3JpPT0wP1tSLFVlXT1hKEwsUCk6W1VlLFJdPWEoTCxQKTtsZXQgd2U9ay5kaXIqKGsub3JpPT0wPzE6LTEpLHRlPWsub3JpPT0wP2duOmdpLGZlPWsub3JpPT0wP3k6KEUscGUsTWUsaWwsR3QsX3QsSXQpPT57eShFLHBlLE1lLEd0LGlsLEl0LF90KX0sSj1uZShMLmJhbmRzLHVpKS5maW5kKEU9PkUuc2VyaWVzWzBdPT1QKSx6PUohPW51bGw/Si5kaXI6MCxUZT1HLmZpbGxUbyhMLFAsRy5taW4sRy5tYXgseiksTmU9aihxKFRlLCQsYixRKSksU2Usc2UsY3QsJGU9Qix5ZT1qKEcud2lkdGgqb2UpLFN0PSExLE10PW51bGwsbHQ9bnVsbCxMdD1udWxsLHRsPW51bGw7ZyE9bnVsbCYmKHllPT0wfHx3IT1udWxsKSYmKFN0PSEwLE10PWcudmFsdWVzKEwsUCxPLE4pLGx0PW5ldyBNYXAsbmV3IFNldChNdCkuZm9yRWFjaChFPT57RSE9bnVsbCYmbHQuc2V0KEUsbmV3IFBhdGgyRCl9KSx5ZT4wJiYoTHQ9dy52YWx1ZXMoTCxQLE8sTiksdGw9bmV3IE1hcCxuZXcgU2V0KEx0KS5mb3JFYWNoKEU9PntFIT1udWxsJiZ0bC5zZXQoRSxuZXcgUGF0aDJEKX0pKSk7bGV0e3gwOmxsLHNpemU6UGx9PWQ7aWYobGwhPW51bGwmJlBsIT1udWxsKXtDPTEseD1sbC52YWx1ZXMoTCxQLE8sTiksbGwudW5pdD09MiYmKHg9eC5tYXAoTWU9PkwucG9zVG9WYWwoVStNZSpCLGsua2V5LCEwKSkpO2xldCBFPVBsLnZhbHVlcyhMLFAsTyxOKTtQbC51bml0PT0yP3NlPUVbMF0qQjpzZT1EKEVbMF0sayxCLFUpLUQoMCxrLEIsVSksJGU9UG8oeCxILEQsayxCLFUsJGUpLGN0PSRlLXNlK0l9ZWxzZSAkZT1Qbyh4LEgsRCxrLEIsVSwkZSksY3Q9JGUqdStJLHNlPSRlLWN0O2N0PDEmJihjdD0wKSx5ZT49c2UvMiYmKHllPTApLGN0PDUmJihqPU5vKTtsZXQgVWw9Y3Q+MCxOdD0kZS1jdC0oVWw/eWU6MCk7c2U9aihabihOdCxlZSxWKSksU2U9KEM9PTA/c2UvMjpDPT13ZT8wOnNlKS1DKndlKigoQz09MD9JLzI6MCkrKFVsP3llLzI6MCkpO2xldCBXZT17c3Ryb2tlOm51bGwsZmlsbDpudWxsLGNsaXA6bnVsbCxiYW5kOm51bGwsZ2FwczpudWxsLGZsYWdzOjB9LG5sPVN0P251bGw6bmV3IFBhdGgyRCxFdD1udWxsO2lmKEohPW51bGwpRXQ9TC5kYXRhW0ouc2VyaWVzWzFdXTtlbHNle2xldHt5MDpFLHkxOnBlfT1kO0UhPW51bGwmJnBlIT1udWxsJiYoSD1wZS52YWx1ZXMoTCxQLE8sTiksRXQ9RS52YWx1ZXMoTCxQLE8sTikpfWxldCBXdD1SKnNlLEs9VWUqc2U7Zm9yKGxldCBFPXdlPT0xP086TjtFPj1PJiZFPD1OO0UrPXdlKXtsZXQgcGU9SFtFXTtpZihwZT09bnVsbCljb250aW51ZTtpZihFdCE9bnVsbCl7bGV0IEtlPUV0W0VdPz8wO2lmKHBlLUtlPT0wKWNvbnRpbnVlO05lPXEoS2UsJCxiLFEpfWxldCBNZT1rLmRpc3RyIT0yfHxkIT1udWxsP3hbRV06RSxpbD1EKE1lLGssQixVKSxHdD1xKG5lKHBlLFRlKSwkLGIsUSksX3Q9aihpbC1TZSksSXQ9aihCZShHdCxOZSkpLHFlPWood3QoR3QsTmUpKSxudD1JdC1xZTtpZihwZSE9bnVsbCl7bGV0IEtlPXBlPDA/SzpXdCxhdD1wZTwwP1d0Oks7U3Q/KHllPjAmJkx0W0VdIT1udWxsJiZ0ZSh0bC5nZXQoTHRbRV0pLF90LHFlK2V0KHllLzIpLHNlLEJlKDAsbnQteWUpLEtlLGF0KSxNdFtFXSE9bnVsbCYmdGUobHQuZ2V0KE10W0VdKSxfdCxxZStldCh5ZS8yKSxzZSxCZSgwLG50LXllKSxLZSxhdCkpOnRlKG5sLF90LHFlK2V0KHllLzIpLHNlLEJlKDAsbnQteWUpLEtlLGF0KSxmZShMLFAsRSxfdC15ZS8yLHFlLHNlK3llLG50KX19cmV0dXJuIHllPjA/V2Uuc3Ryb2tlPVN0P3RsOm5sOlN0fHwoV2UuX2ZpbGw9Ry53aWR0aD09MD9HLl9maWxsOkcuX3N0cm9rZT8/Ry5fZmlsbCxXZS53aWR0aD0wKSxXZS5maWxsPVN0P2x0Om5sLFdlfSl9ZnVuY3Rpb24gRmYoZSxsKXtsZXQgbz1uZShsPy5hbGlnbkdhcHMsMCk7cmV0dXJuKG4scyxhLHUpPT5lbChuLHMsKHAsbSxkLHksZyx3LEwsUCxPLE4sRyk9PntbYSx1XT11bihkLGEsdSk7bGV0IHg9cC5weFJvdW5kLEg9Uj0+eCh3KFIseSxOLFApKSxrPVI9PngoTChSLGcsRyxPKSksJCxELHE7eS5vcmk9PTA/KCQ9bW4scT1BbCxEPXBzKTooJD1kbixxPURsLEQ9aHMpO2xldCBVPXkuZGlyKih5Lm9yaT09MD8xOi0xKSxRPUgobVtVPT0xP2E6dV0pLEI9USxiPVtdLGo9W107Zm9yKGxldCBSPVU9PTE/YTp1O1I+PWEmJlI8PXU7Uis9VSlpZihkW1JdIT1udWxsKXtsZXQgd2U9bVtSXSx0ZT1IKHdlKTtiLnB1c2goQj10ZSksai5wdXNoKGsoZFtSXSkpfWxldCBDPXtzdHJva2U6ZShiLGosJCxxLEQseCksZmlsbDpudWxsLGNsaXA6bnVsbCxiYW5kOm51bGwsZ2FwczpudWxsLGZsYWdzOk1sfSxJPUMuc3Ryb2tlLFtWLGVlXT1taShuLHMpO2lmKHAuZmlsbCE9bnVsbHx8ViE9MCl7bGV0IFI9Qy5maWxsPW5ldyBQYXRoMkQoSSksVWU9cC5maWxsVG8obixzLHAubWluLHAubWF4LFYpLHdlPWsoVWUpO3EoUixCLHdlKSxxKFIsUSx3ZSl9aWYoIXAuc3BhbkdhcHMpe2xldCBSPVtdO1IucHVzaCguLi5kaShtLGQsYSx1LFUsSCxvKSksQy5nYXBzPVI9cC5nYXBzKG4scyxhLHUsUiksQy5jbGlwPWhuKFIseS5vcmksUCxPLE4sRyl9cmV0dXJuIGVlIT0wJiYoQy5iYW5kPWVlPT0yP1tQdChuLHMsYSx1LEksLTEpLFB0KG4scyxhLHUsSSwxKV06UHQobixzLGEsdSxJLGVlKSksQ30pfWZ1bmN0aW9uIFJmKGUpe3JldHVybiBGZihWZixlKX1mdW5jdGlvbiBWZihlLGwsbyxuLHMsYSl7bGV0IHU9ZS5sZW5ndGg7aWYodTwyKXJldHVybiBudWxsO2xldCBwPW5ldyBQYXRoMkQ7aWYobyhwLGVbMF0sbFswXSksdT09MiluKHAsZVsxXSxsWzFdKTtlbHNle2xldCBtPUFycmF5KHUpLGQ9QXJyYXkodS0xKSx5PUFycmF5KHUtMSksZz1BcnJheSh1LTEpO2ZvcihsZXQgdz0wO3c8dS0xO3crKyl5W3ddPWxbdysxXS1sW3ddLGdbd109ZVt3KzFdLWVbd10sZFt3XT15W3ddL2dbd107bVswXT1kWzBdO2ZvcihsZXQgdz0xO3c8dS0xO3crKylkW3ddPT09MHx8ZFt3LTFdPT09MHx8ZFt3LTFdPjAhPWRbd10+MD9tW3ddPTA6KG1bd109MyooZ1t3LTFdK2dbd10pLygoMipnW3ddK2dbdy0xXSkvZFt3LTFdKyhnW3ddKzIqZ1t3LTFdKS9kW3ddKSxpc0Zpbml0ZShtW3ddKXx8KG1bd109MCkpO21bdS0xXT1kW3UtMl07Zm9yKGxldCB3PTA7dzx1LTE7dysrKXMocCxlW3ddK2dbd10vMyxsW3ddK21bd10qZ1t3XS8zLGVbdysxXS1nW3ddLzMsbFt3KzFdLW1bdysxXSpnW3ddLzMsZVt3KzFdLGxbdysxXSl9cmV0dXJuIHB9dmFyIHRpPW5ldyBTZXQ7ZnVuY3Rpb24gTG8oKXtmb3IobGV0IGUgb2YgdGkpZS5zeW5jUmVjdCghMCl9RWwmJihRdChkcix4bCxMbyksUXQoZ3IseGwsTG8sITApLFF0KHNuLHhsLCgpPT57UmUucHhSYXRpbz1vZX0pKTt2YXIgT2Y9Z3MoKSxIZj1tcygpO2Z1bmN0aW9uIENvKGUsbCxvLG4pe3JldHVybihuP1tlWzBdLGVbMV1dLmNvbmNhdChlLnNsaWNlKDIpKTpbZVswXV0uY29uY2F0KGUuc2xpY2UoMSkpKS5tYXAoKGEsdSk9PmxpKGEsdSxsLG8pKX1mdW5jdGlvbiBOZihlLGwpe3JldHVybiBlLm1hcCgobyxuKT0+bj09MD97fTpiZSh7fSxsLG8pKX1mdW5jdGlvbiBsaShlLGwsbyxuKXtyZXR1cm4gYmUoe30sbD09MD9vOm4sZSl9ZnVuY3Rpb24gd3MoZSxsLG8pe3JldHVybiBsPT1udWxsP2JsOltsLG9dfXZhciBXZj13cztmdW5jdGlvbiBHZihlLGwsbyl7cmV0dXJuIGw9PW51bGw/Ymw6cm4obCxvLHJpLCEwKX1mdW5jdGlvbiBTcyhlLGwsbyxuKXtyZXR1cm4gbD09bnVsbD9ibDpjbihsLG8sZS5zY2FsZXNbbl0ubG9nLCExKX12YXIgSWY9U3M7ZnVuY3Rpb24gX3MoZSxsLG8sbil7cmV0dXJuIGw9PW51bGw/Ymw6c2kobCxvLGUuc2NhbGVzW25dLmxvZywhMSl9dmFyIFlmPV9zO2Z1bmN0aW9uIEJmKGUsbCxvLG4scyl7bGV0IGE9QmUodW8oZSksdW8obCkpLHU9bC1lLHA9Z3Qocy9uKnUsbyk7ZG97bGV0IG09b1twXSxkPW4qbS91O2lmKGQ+PXMmJmErKG08NT9IdC5nZXQobSk6MCk8PTE3KXJldHVyblttLGRdfXdoaWxlKCsrcDxvLmxlbmd0aCk7cmV0dXJuWzAsMF19ZnVuY3Rpb24gem8oZSl7bGV0IGwsbztyZXR1cm4gZT1lLnJlcGxhY2UoLyhcZCspcHgvLChuLHMpPT4obD1FZSgobz0rcykqb2UpKSsicHgiKSxbZSxsLG9dfWZ1bmN0aW9uIFVmKGUpe2Uuc2hvdyYmW2UuZm9udCxlLmxhYmVsRm9udF0uZm9yRWFjaChsPT57bGV0IG89YWUobFsyXSpvZSwxKTtsWzBdPWxbMF0ucmVwbGFjZSgvWzAtOS5dK3B4LyxvKyJweCIpLGxbMV09b30pfWZ1bmN0aW9uIFJlKGUsbCxvKXtsZXQgbj17bW9kZTpuZShlLm1vZGUsMSl9LHM9bi5tb2RlO2Z1bmN0aW9uIGEodCxpLHIsZil7bGV0IGM9aS52YWxUb1BjdCh0KTtyZXR1cm4gZityKihpLmRpcj09LTE/MS1jOmMpfWZ1bmN0aW9uIHUodCxpLHIsZil7bGV0IGM9aS52YWxUb1BjdCh0KTtyZXR1cm4gZityKihpLmRpcj09LTE/YzoxLWMpfWZ1bmN0aW9uIHAodCxpLHIsZil7cmV0dXJuIGkub3JpPT0wP2EodCxpLHIsZik6dSh0LGkscixmKX1uLnZhbFRvUG9zSD1hLG4udmFsVG9Qb3NWPXU7bGV0IG09ITE7bi5zdGF0dXM9MDtsZXQgZD1uLnJvb3Q9ZnQoWnMpO2lmKGUuaWQhPW51bGwmJihkLmlkPWUuaWQpLFhlKGQsZS5jbGFzcyksZS50aXRsZSl7bGV0IHQ9ZnQoZXIsZCk7dC50ZXh0Q29udGVudD1lLnRpdGxlfWxldCB5PWR0KCJjYW52YXMiKSxnPW4uY3R4PXkuZ2V0Q29udGV4dCgiMmQiKSx3PWZ0KHRyLGQpO1F0KCJjbGljayIsdyx0PT57dC50YXJnZXQ9PT1QJiYoaGUhPWRsfHxfZSE9Z2wpJiZPZS5jbGljayhuLHQpfSwhMCk7bGV0IEw9bi51bmRlcj1mdChscix3KTt3LmFwcGVuZENoaWxkKHkpO2xldCBQPW4ub3Zlcj1mdChucix3KTtlPVRsKGUpO2xldCBPPStuZShlLnB4QWxpZ24sMSksTj1EbyhPKTsoZS5wbHVnaW5zfHxbXSkuZm9yRWFjaCh0PT57dC5vcHRzJiYoZT10Lm9wdHMobixlKXx8ZSl9KTtsZXQgRz1lLm1zfHwuMDAxLHg9bi5zZXJpZXM9cz09MT9DbyhlLnNlcmllc3x8W10seG8sRW8sITEpOk5mKGUuc2VyaWVzfHxbbnVsbF0sTW8pLEg9bi5heGVzPUNvKGUuYXhlc3x8W10sdm8sYm8sITApLGs9bi5zY2FsZXM9e30sJD1uLmJhbmRzPWUuYmFuZHN8fFtdOyQuZm9yRWFjaCh0PT57dC5maWxsPVgodC5maWxsfHxudWxsKSx0LmRpcj1uZSh0LmRpciwtMSl9KTtsZXQgRD1zPT0yP3hbMV0uZmFjZXRzWzBdLnNjYWxlOnhbMF0uc2NhbGUscT17YXhlczpWcyxzZXJpZXM6THN9LFU9KGUuZHJhd09yZGVyfHxbImF4ZXMiLCJzZXJpZXMiXSkubWFwKHQ9PnFbdF0pO2Z1bmN0aW9uIFEodCl7bGV0IGk9dC5kaXN0cj09Mz9yPT5EdChyPjA/cjp0LmNsYW1wKG4scix0Lm1pbix0Lm1heCx0LmtleSkpOnQuZGlzdHI9PTQ/cj0+WW4ocix0LmFzaW5oKTp0LmRpc3RyPT0xMDA/cj0+dC5md2Qocik6cj0+cjtyZXR1cm4gcj0+e2xldCBmPWkocikse19taW46YyxfbWF4Omh9PXQsUz1oLWM7cmV0dXJuKGYtYykvU319ZnVuY3Rpb24gQih0KXtsZXQgaT1rW3RdO2lmKGk9PW51bGwpe2xldCByPShlLnNjYWxlc3x8WWwpW3RdfHxZbDtpZihyLmZyb20hPW51bGwpe0Ioci5mcm9tKTtsZXQgZj1iZSh7fSxrW3IuZnJvbV0scix7a2V5OnR9KTtmLnZhbFRvUGN0PVEoZiksa1t0XT1mfWVsc2V7aT1rW3RdPWJlKHt9LHQ9PUQ/cnM6RWYsciksaS5rZXk9dDtsZXQgZj1pLnRpbWUsYz1pLnJhbmdlLGg9T3QoYyk7aWYoKHQhPUR8fHM9PTImJiFmKSYmKGgmJihjWzBdPT1udWxsfHxjWzFdPT1udWxsKSYmKGM9e21pbjpjWzBdPT1udWxsP3NvOnttb2RlOjEsaGFyZDpjWzBdLHNvZnQ6Y1swXX0sbWF4OmNbMV09PW51bGw/c286e21vZGU6MSxoYXJkOmNbMV0sc29mdDpjWzFdfX0saD0hMSksIWgmJnBuKGMpKSl7bGV0IFM9YztjPShfLHYsVCk9PnY9PW51bGw/Ymw6cm4odixULFMpfWkucmFuZ2U9WChjfHwoZj9XZjp0PT1EP2kuZGlzdHI9PTM/SWY6aS5kaXN0cj09ND9ZZjp3czppLmRpc3RyPT0zP1NzOmkuZGlzdHI9PTQ/X3M6R2YpKSxpLmF1dG89WChoPyExOmkuYXV0byksaS5jbGFtcD1YKGkuY2xhbXB8fE1mKSxpLl9taW49aS5fbWF4PW51bGwsaS52YWxUb1BjdD1RKGkpfX19QigieCIpLEIoInkiKSxzPT0xJiZ4LmZvckVhY2godD0+e0IodC5zY2FsZSl9KSxILmZvckVhY2godD0+e0IodC5zY2FsZSl9KTtmb3IobGV0IHQgaW4gZS5zY2FsZXMpQih0KTtsZXQgYj1rW0RdLGo9Yi5kaXN0cixDLEk7Yi5vcmk9PTA/KFhlKGQsUXMpLEM9YSxJPXUpOihYZShkLFhzKSxDPXUsST1hKTtsZXQgVj17fTtmb3IobGV0IHQgaW4gayl7bGV0IGk9a1t0XTsoaS5taW4hPW51bGx8fGkubWF4IT1udWxsKSYmKFZbdF09e21pbjppLm1pbixtYXg6aS5tYXh9LGkubWluPWkubWF4PW51bGwpfWxldCBlZT1lLnR6RGF0ZXx8KHQ9Pm5ldyBEYXRlKEVlKHQvRykpKSxSPWUuZm10RGF0ZXx8Y2ksVWU9Rz09MT9RcihlZSk6dGYoZWUpLHdlPVNvKGVlLHdvKEc9PTE/WnI6ZWYsUikpLHRlPXlvKGVlLF9vKG5mLFIpKSxmZT1bXSxKPW4ubGVnZW5kPWJlKHt9LHJmLGUubGVnZW5kKSx6PW4uY3Vyc29yPWJlKHt9LGhmLHtkcmFnOnt5OnM9PTJ9fSxlLmN1cnNvciksVGU9Si5zaG93LE5lPXouc2hvdyxTZT1KLm1hcmtlcnM7Si5pZHhzPWZlLFNlLndpZHRoPVgoU2Uud2lkdGgpLFNlLmRhc2g9WChTZS5kYXNoKSxTZS5zdHJva2U9WChTZS5zdHJva2UpLFNlLmZpbGw9WChTZS5maWxsKTtsZXQgc2UsY3QsJGUseWU9W10sU3Q9W10sTXQsbHQ9ITEsTHQ9e307aWYoSi5saXZlKXtsZXQgdD14WzFdP3hbMV0udmFsdWVzOm51bGw7bHQ9dCE9bnVsbCxNdD1sdD90KG4sMSwwKTp7XzowfTtmb3IobGV0IGkgaW4gTXQpTHRbaV09aWl9aWYoVGUpaWYoc2U9ZHQoInRhYmxlIix1cixkKSwkZT1kdCgidGJvZHkiLG51bGwsc2UpLEoubW91bnQobixzZSksbHQpe2N0PWR0KCJ0aGVhZCIsbnVsbCxzZSwkZSk7bGV0IHQ9ZHQoInRyIixudWxsLGN0KTtkdCgidGgiLG51bGwsdCk7Zm9yKHZhciB0bCBpbiBNdClkdCgidGgiLGppLHQpLnRleHRDb250ZW50PXRsfWVsc2UgWGUoc2UsYXIpLEoubGl2ZSYmWGUoc2UsY3IpO2xldCBsbD17c2hvdzohMH0sUGw9e3Nob3c6ITF9O2Z1bmN0aW9uIFVsKHQsaSl7aWYoaT09MCYmKGx0fHwhSi5saXZlfHxzPT0yKSlyZXR1cm4gYmw7bGV0IHI9W10sZj1kdCgidHIiLHByLCRlLCRlLmNoaWxkTm9kZXNbaV0pO1hlKGYsdC5jbGFzcyksdC5zaG93fHxYZShmLFp0KTtsZXQgYz1kdCgidGgiLG51bGwsZik7aWYoU2Uuc2hvdyl7bGV0IF89ZnQoaHIsYyk7aWYoaT4wKXtsZXQgdj1TZS53aWR0aChuLGkpO3YmJihfLnN0eWxlLmJvcmRlcj12KyJweCAiK1NlLmRhc2gobixpKSsiICIrU2Uuc3Ryb2tlKG4saSkpLF8uc3R5bGUuYmFja2dyb3VuZD1TZS5maWxsKG4saSl9fWxldCBoPWZ0KGppLGMpO3QubGFiZWwgaW5zdGFuY2VvZiBIVE1MRWxlbWVudD9oLmFwcGVuZENoaWxkKHQubGFiZWwpOmgudGV4dENvbnRlbnQ9dC5sYWJlbCxpPjAmJihTZS5zaG93fHwoaC5zdHlsZS5jb2xvcj10LndpZHRoPjA/U2Uuc3Ryb2tlKG4saSk6U2UuZmlsbChuLGkpKSxXZSgiY2xpY2siLGMsXz0+e2lmKHouX2xvY2spcmV0dXJuO0J0KF8pO2xldCB2PXguaW5kZXhPZih0KTtpZigoXy5jdHJsS2V5fHxfLm1ldGFLZXkpIT1KLmlzb2xhdGUpe2xldCBUPXguc29tZSgoTSxBKT0+QT4wJiZBIT12JiZNLnNob3cpO3guZm9yRWFjaCgoTSxBKT0+e0E+MCYmdnQoQSxUP0E9PXY/bGw6UGw6bGwsITAsa2Uuc2V0U2VyaWVzKX0pfWVsc2UgdnQodix7c2hvdzohdC5zaG93fSwhMCxrZS5zZXRTZXJpZXMpfSwhMSksc2wmJldlKFppLGMsXz0+e3ouX2xvY2t8fChCdChfKSx2dCh4LmluZGV4T2YodCksU2wsITAsa2Uuc2V0U2VyaWVzKSl9LCExKSk7Zm9yKHZhciBTIGluIE10KXtsZXQgXz1kdCgidGQiLG1yLGYpO18udGV4dENvbnRlbnQ9Ii0tIixyLnB1c2goXyl9cmV0dXJuW2Yscl19bGV0IE50PW5ldyBNYXA7ZnVuY3Rpb24gV2UodCxpLHIsZj0hMCl7bGV0IGM9TnQuZ2V0KGkpfHx7fSxoPXouYmluZFt0XShuLGkscixmKTtoJiYoUXQodCxpLGNbdF09aCksTnQuc2V0KGksYykpfWZ1bmN0aW9uIG5sKHQsaSxyKXtsZXQgZj1OdC5nZXQoaSl8fHt9O2ZvcihsZXQgYyBpbiBmKSh0PT1udWxsfHxjPT10KSYmKEpuKGMsaSxmW2NdKSxkZWxldGUgZltjXSk7dD09bnVsbCYmTnQuZGVsZXRlKGkpfWxldCBFdD0wLFd0PTAsSz0wLEU9MCxwZT0wLE1lPTAsaWw9cGUsR3Q9TWUsX3Q9SyxJdD1FLHFlPTAsbnQ9MCxLZT0wLGF0PTA7bi5iYm94PXt9O2xldCB3bj0hMSxLbD0hMSxvbD0hMSxZdD0hMSxqbD0hMSxpdD0hMTtmdW5jdGlvbiBTbih0LGkscil7KHJ8fHQhPW4ud2lkdGh8fGkhPW4uaGVpZ2h0KSYmd2kodCxpKSxhbCghMSksb2w9ITAsS2w9ITAscGwoKX1mdW5jdGlvbiB3aSh0LGkpe24ud2lkdGg9RXQ9Sz10LG4uaGVpZ2h0PVd0PUU9aSxwZT1NZT0wLGJzKCksVHMoKTtsZXQgcj1uLmJib3g7cWU9ci5sZWZ0PXF0KHBlKm9lLC41KSxudD1yLnRvcD1xdChNZSpvZSwuNSksS2U9ci53aWR0aD1xdChLKm9lLC41KSxhdD1yLmhlaWdodD1xdChFKm9lLC41KX1sZXQgdnM9MztmdW5jdGlvbiB4cygpe2xldCB0PSExLGk9MDtmb3IoOyF0Oyl7aSsrO2xldCByPUZzKGkpLGY9UnMoaSk7dD1pPT12c3x8ciYmZix0fHwod2kobi53aWR0aCxuLmhlaWdodCksS2w9ITApfX1mdW5jdGlvbiBrcyh7d2lkdGg6dCxoZWlnaHQ6aX0pe1NuKHQsaSl9bi5zZXRTaXplPWtzO2Z1bmN0aW9uIGJzKCl7bGV0IHQ9ITEsaT0hMSxyPSExLGY9ITE7SC5mb3JFYWNoKChjLGgpPT57aWYoYy5zaG93JiZjLl9zaG93KXtsZXR7c2lkZTpTLF9zaXplOl99PWMsdj1TJTIsVD1jLmxhYmVsIT1udWxsP2MubGFiZWxTaXplOjAsTT1fK1Q7TT4wJiYodj8oSy09TSxTPT0zPyhwZSs9TSxmPSEwKTpyPSEwKTooRS09TSxTPT0wPyhNZSs9TSx0PSEwKTppPSEwKSl9fSksVXRbMF09dCxVdFsxXT1yLFV0WzJdPWksVXRbM109ZixLLT1DdFsxXStDdFszXSxwZSs9Q3RbM10sRS09Q3RbMl0rQ3RbMF0sTWUrPUN0WzBdfWZ1bmN0aW9uIFRzKCl7bGV0IHQ9cGUrSyxpPU1lK0Uscj1wZSxmPU1lO2Z1bmN0aW9uIGMoaCxTKXtzd2l0Y2goaCl7Y2FzZSAxOnJldHVybiB0Kz1TLHQtUztjYXNlIDI6cmV0dXJuIGkrPVMsaS1TO2Nhc2UgMzpyZXR1cm4gci09UyxyK1M7Y2FzZSAwOnJldHVybiBmLT1TLGYrU319SC5mb3JFYWNoKChoLFMpPT57aWYoaC5zaG93JiZoLl9zaG93KXtsZXQgXz1oLnNpZGU7aC5fcG9zPWMoXyxoLl9zaXplKSxoLmxhYmVsIT1udWxsJiYoaC5fbHBvcz1jKF8saC5sYWJlbFNpemUpKX19KX1pZih6LmRhdGFJZHg9PW51bGwpe2xldCB0PXouaG92ZXIsaT10LnNraXA9bmV3IFNldCh0LnNraXA/P1tdKTtpLmFkZCh2b2lkIDApO2xldCByPXQucHJveD1YKHQucHJveCksZj10LmJpYXM/Pyh0LmJpYXM9MCk7ei5kYXRhSWR4PShjLGgsUyxfKT0+e2lmKGg9PTApcmV0dXJuIFM7bGV0IHY9UyxUPXIoYyxoLFMsXyk/P2NlLE09VD49MCYmVDxjZSxBPWIub3JpPT0wP0s6RSxZPXoubGVmdCxpZT1sWzBdLGxlPWxbaF07aWYoaS5oYXMobGVbU10pKXt2PW51bGw7bGV0IFo9bnVsbCxXPW51bGwsRjtpZihmPT0wfHxmPT0tMSlmb3IoRj1TO1o9PW51bGwmJkYtLSA+MDspaS5oYXMobGVbRl0pfHwoWj1GKTtpZihmPT0wfHxmPT0xKWZvcihGPVM7Vz09bnVsbCYmRisrPGxlLmxlbmd0aDspaS5oYXMobGVbRl0pfHwoVz1GKTtpZihaIT1udWxsfHxXIT1udWxsKWlmKE0pe2xldCBkZT1aPT1udWxsPy0xLzA6QyhpZVtaXSxiLEEsMCksdmU9Vz09bnVsbD8xLzA6QyhpZVtXXSxiLEEsMCksRmU9WS1kZSx1ZT12ZS1ZO0ZlPD11ZT9GZTw9VCYmKHY9Wik6dWU8PVQmJih2PVcpfWVsc2Ugdj1XPT1udWxsP1o6Wj09bnVsbD9XOlMtWjw9Vy1TP1o6V31lbHNlIE0mJkFlKFktQyhpZVtTXSxiLEEsMCkpPlQmJih2PW51bGwpO3JldHVybiB2fX1sZXQgQnQ9dD0+e3ouZXZlbnQ9dH07ei5pZHhzPWZlLHouX2xvY2s9ITE7bGV0IEhlPXoucG9pbnRzO0hlLnNob3c9WChIZS5zaG93KSxIZS5zaXplPVgoSGUuc2l6ZSksSGUuc3Ryb2tlPVgoSGUuc3Ryb2tlKSxIZS53aWR0aD1YKEhlLndpZHRoKSxIZS5maWxsPVgoSGUuZmlsbCk7bGV0IHl0PW4uZm9jdXM9YmUoe30sZS5mb2N1c3x8e2FscGhhOi4zfSx6LmZvY3VzKSxzbD15dC5wcm94Pj0wLHJsPXNsJiZIZS5vbmUsb3Q9W10sZmw9W10sdWw9W107ZnVuY3Rpb24gU2kodCxpKXtsZXQgcj1IZS5zaG93KG4saSk7aWYociBpbnN0YW5jZW9mIEhUTUxFbGVtZW50KXJldHVybiBYZShyLGZyKSxYZShyLHQuY2xhc3MpLFR0KHIsLTEwLC0xMCxLLEUpLFAuaW5zZXJ0QmVmb3JlKHIsb3RbaV0pLHJ9ZnVuY3Rpb24gX2kodCxpKXtpZihzPT0xfHxpPjApe2xldCByPXM9PTEmJmtbdC5zY2FsZV0udGltZSxmPXQudmFsdWU7dC52YWx1ZT1yP3BvKGYpP3lvKGVlLF9vKGYsUikpOmZ8fHRlOmZ8fGtmLHQubGFiZWw9dC5sYWJlbHx8KHI/ZGY6bWYpfWlmKHJsfHxpPjApe3Qud2lkdGg9dC53aWR0aD09bnVsbD8xOnQud2lkdGgsdC5wYXRocz10LnBhdGhzfHxPZnx8TXIsdC5maWxsVG89WCh0LmZpbGxUb3x8QWYpLHQucHhBbGlnbj0rbmUodC5weEFsaWduLE8pLHQucHhSb3VuZD1Ebyh0LnB4QWxpZ24pLHQuc3Ryb2tlPVgodC5zdHJva2V8fG51bGwpLHQuZmlsbD1YKHQuZmlsbHx8bnVsbCksdC5fc3Ryb2tlPXQuX2ZpbGw9dC5fcGF0aHM9dC5fZm9jdXM9bnVsbDtsZXQgcj1iZihCZSgxLHQud2lkdGgpLDEpLGY9dC5wb2ludHM9YmUoe30se3NpemU6cix3aWR0aDpCZSgxLHIqLjIpLHN0cm9rZTp0LnN0cm9rZSxzcGFjZTpyKjIscGF0aHM6SGYsX3N0cm9rZTpudWxsLF9maWxsOm51bGx9LHQucG9pbnRzKTtmLnNob3c9WChmLnNob3cpLGYuZmlsdGVyPVgoZi5maWx0ZXIpLGYuZmlsbD1YKGYuZmlsbCksZi5zdHJva2U9WChmLnN0cm9rZSksZi5wYXRocz1YKGYucGF0aHMpLGYucHhBbGlnbj10LnB4QWxpZ259aWYoVGUpe2xldCByPVVsKHQsaSk7eWUuc3BsaWNlKGksMCxyWzBdKSxTdC5zcGxpY2UoaSwwLHJbMV0pLEoudmFsdWVzLnB1c2gobnVsbCl9aWYoTmUpe2ZlLnNwbGljZShpLDAsbnVsbCk7bGV0IHI9bnVsbDtybD9pPT0wJiYocj1TaSh0LGkpKTppPjAmJihyPVNpKHQsaSkpLG90LnNwbGljZShpLDAsciksZmwuc3BsaWNlKGksMCwwKSx1bC5zcGxpY2UoaSwwLDApfXplKCJhZGRTZXJpZXMiLGkpfWZ1bmN0aW9uIE1zKHQsaSl7aT1pPz94Lmxlbmd0aCx0PXM9PTE/bGkodCxpLHhvLEVvKTpsaSh0LGkse30sTW8pLHguc3BsaWNlKGksMCx0KSxfaSh4W2ldLGkpfW4uYWRkU2VyaWVzPU1zO2Z1bmN0aW9uIEVzKHQpe2lmKHguc3BsaWNlKHQsMSksVGUpe0oudmFsdWVzLnNwbGljZSh0LDEpLFN0LnNwbGljZSh0LDEpO2xldCBpPXllLnNwbGljZSh0LDEpWzBdO25sKG51bGwsaS5maXJzdENoaWxkKSxpLnJlbW92ZSgpfU5lJiYoZmUuc3BsaWNlKHQsMSksb3Quc3BsaWNlKHQsMSlbMF0ucmVtb3ZlKCksZmwuc3BsaWNlKHQsMSksdWwuc3BsaWNlKHQsMSkpLHplKCJkZWxTZXJpZXMiLHQpfW4uZGVsU2VyaWVzPUVzO2xldCBVdD1bITEsITEsITEsITFdO2Z1bmN0aW9uIEFzKHQsaSl7aWYodC5fc2hvdz10LnNob3csdC5zaG93KXtsZXQgcj10LnNpZGUlMixmPWtbdC5zY2FsZV07Zj09bnVsbCYmKHQuc2NhbGU9cj94WzFdLnNjYWxlOkQsZj1rW3Quc2NhbGVdKTtsZXQgYz1mLnRpbWU7dC5zaXplPVgodC5zaXplKSx0LnNwYWNlPVgodC5zcGFjZSksdC5yb3RhdGU9WCh0LnJvdGF0ZSksT3QodC5pbmNycykmJnQuaW5jcnMuZm9yRWFjaChTPT57IUh0LmhhcyhTKSYmSHQuc2V0KFMsSW8oUykpfSksdC5pbmNycz1YKHQuaW5jcnN8fChmLmRpc3RyPT0yPyRyOmM/Rz09MT9KcjpYcjpKdCkpLHQuc3BsaXRzPVgodC5zcGxpdHN8fChjJiZmLmRpc3RyPT0xP1VlOmYuZGlzdHI9PTM/UW46Zi5kaXN0cj09ND9TZjp3ZikpLHQuc3Ryb2tlPVgodC5zdHJva2UpLHQuZ3JpZC5zdHJva2U9WCh0LmdyaWQuc3Ryb2tlKSx0LnRpY2tzLnN0cm9rZT1YKHQudGlja3Muc3Ryb2tlKSx0LmJvcmRlci5zdHJva2U9WCh0LmJvcmRlci5zdHJva2UpO2xldCBoPXQudmFsdWVzO3QudmFsdWVzPU90KGgpJiYhT3QoaFswXSk/WChoKTpjP090KGgpP1NvKGVlLHdvKGgsUikpOnBvKGgpP2xmKGVlLGgpOmh8fHdlOmh8fGdmLHQuZmlsdGVyPVgodC5maWx0ZXJ8fChmLmRpc3RyPj0zJiZmLmxvZz09MTA/dmY6Zi5kaXN0cj09MyYmZi5sb2c9PTI/eGY6V28pKSx0LmZvbnQ9em8odC5mb250KSx0LmxhYmVsRm9udD16byh0LmxhYmVsRm9udCksdC5fc2l6ZT10LnNpemUobixudWxsLGksMCksdC5fc3BhY2U9dC5fcm90YXRlPXQuX2luY3JzPXQuX2ZvdW5kPXQuX3NwbGl0cz10Ll92YWx1ZXM9bnVsbCx0Ll9zaXplPjAmJihVdFtpXT0hMCx0Ll9lbD1mdChpcix3KSl9fWZ1bmN0aW9uIExsKHQsaSxyLGYpe2xldFtjLGgsUyxfXT1yLHY9aSUyLFQ9MDtyZXR1cm4gdj09MCYmKF98fGgpJiYoVD1pPT0wJiYhY3x8aT09MiYmIVM/RWUodm8uc2l6ZS8zKTowKSx2PT0xJiYoY3x8UykmJihUPWk9PTEmJiFofHxpPT0zJiYhXz9FZShiby5zaXplLzIpOjApLFR9bGV0IHlpPW4ucGFkZGluZz0oZS5wYWRkaW5nfHxbTGwsTGwsTGwsTGxdKS5tYXAodD0+WChuZSh0LExsKSkpLEN0PW4uX3BhZGRpbmc9eWkubWFwKCh0LGkpPT50KG4saSxVdCwwKSksVmUsRGU9bnVsbCxQZT1udWxsLCRsPXM9PTE/eFswXS5pZHhzOm51bGwscHQ9bnVsbCxDbD0hMTtmdW5jdGlvbiB2aSh0LGkpe2lmKGw9dD8/W10sbi5kYXRhPW4uX2RhdGE9bCxzPT0yKXtWZT0wO2ZvcihsZXQgcj0xO3I8eC5sZW5ndGg7cisrKVZlKz1sW3JdWzBdLmxlbmd0aH1lbHNle2wubGVuZ3RoPT0wJiYobi5kYXRhPW4uX2RhdGE9bD1bW11dKSxwdD1sWzBdLFZlPXB0Lmxlbmd0aDtsZXQgcj1sO2lmKGo9PTIpe3I9bC5zbGljZSgpO2xldCBmPXJbMF09QXJyYXkoVmUpO2ZvcihsZXQgYz0wO2M8VmU7YysrKWZbY109Y31uLl9kYXRhPWw9cn1pZihhbCghMCksemUoInNldERhdGEiKSxqPT0yJiYob2w9ITApLGkhPT0hMSl7bGV0IHI9YjtyLmF1dG8obixDbCk/X24oKTpGdChELHIubWluLHIubWF4KSxZdD1ZdHx8ei5sZWZ0Pj0wLGl0PSEwLHBsKCl9fW4uc2V0RGF0YT12aTtmdW5jdGlvbiBfbigpe0NsPSEwO2xldCB0LGk7cz09MSYmKFZlPjA/KERlPSRsWzBdPTAsUGU9JGxbMV09VmUtMSx0PWxbMF1bRGVdLGk9bFswXVtQZV0saj09Mj8odD1EZSxpPVBlKTp0PT1pJiYoaj09Mz9bdCxpXT1jbih0LHQsYi5sb2csITEpOmo9PTQ/W3QsaV09c2kodCx0LGIubG9nLCExKTpiLnRpbWU/aT10K0VlKDg2NDAwL0cpOlt0LGldPXJuKHQsaSxyaSwhMCkpKTooRGU9JGxbMF09dD1udWxsLFBlPSRsWzFdPWk9bnVsbCkpLEZ0KEQsdCxpKX1sZXQgcWwsY2wseW4sdm4seG4sa24sYm4sVG4sTW4samU7ZnVuY3Rpb24geGkodCxpLHIsZixjLGgpe3Q/Pyh0PXFpKSxyPz8ocj11aSksZj8/KGY9ImJ1dHQiKSxjPz8oYz1xaSksaD8/KGg9InJvdW5kIiksdCE9cWwmJihnLnN0cm9rZVN0eWxlPXFsPXQpLGMhPWNsJiYoZy5maWxsU3R5bGU9Y2w9YyksaSE9eW4mJihnLmxpbmVXaWR0aD15bj1pKSxoIT14biYmKGcubGluZUpvaW49eG49aCksZiE9a24mJihnLmxpbmVDYXA9a249ZiksciE9dm4mJmcuc2V0TGluZURhc2godm49cil9ZnVuY3Rpb24ga2kodCxpLHIsZil7aSE9Y2wmJihnLmZpbGxTdHlsZT1jbD1pKSx0IT1ibiYmKGcuZm9udD1ibj10KSxyIT1UbiYmKGcudGV4dEFsaWduPVRuPXIpLGYhPU1uJiYoZy50ZXh0QmFzZWxpbmU9TW49Zil9ZnVuY3Rpb24gRW4odCxpLHIsZixjPTApe2lmKGYubGVuZ3RoPjAmJnQuYXV0byhuLENsKSYmKGk9PW51bGx8fGkubWluPT1udWxsKSl7bGV0IGg9bmUoRGUsMCksUz1uZShQZSxmLmxlbmd0aC0xKSxfPXIubWluPT1udWxsP3lyKGYsaCxTLGMsdC5kaXN0cj09Myk6W3IubWluLHIubWF4XTt0Lm1pbj13dCh0Lm1pbixyLm1pbj1fWzBdKSx0Lm1heD1CZSh0Lm1heCxyLm1heD1fWzFdKX19bGV0IGJpPXttaW46bnVsbCxtYXg6bnVsbH07ZnVuY3Rpb24gRHMoKXtmb3IobGV0IGYgaW4gayl7bGV0IGM9a1tmXTtWW2ZdPT1udWxsJiYoYy5taW49PW51bGx8fFZbRF0hPW51bGwmJmMuYXV0byhuLENsKSkmJihWW2ZdPWJpKX1mb3IobGV0IGYgaW4gayl7bGV0IGM9a1tmXTtWW2ZdPT1udWxsJiZjLmZyb20hPW51bGwmJlZbYy5mcm9tXSE9bnVsbCYmKFZbZl09YmkpfVZbRF0hPW51bGwmJmFsKCEwKTtsZXQgdD17fTtmb3IobGV0IGYgaW4gVil7bGV0IGM9VltmXTtpZihjIT1udWxsKXtsZXQgaD10W2ZdPVRsKGtbZl0sRHIpO2lmKGMubWluIT1udWxsKWJlKGgsYyk7ZWxzZSBpZihmIT1EfHxzPT0yKWlmKFZlPT0wJiZoLmZyb209PW51bGwpe2xldCBTPWgucmFuZ2UobixudWxsLG51bGwsZik7aC5taW49U1swXSxoLm1heD1TWzFdfWVsc2UgaC5taW49Y2UsaC5tYXg9LWNlfX1pZihWZT4wKXt4LmZvckVhY2goKGYsYyk9PntpZihzPT0xKXtsZXQgaD1mLnNjYWxlLFM9VltoXTtpZihTPT1udWxsKXJldHVybjtsZXQgXz10W2hdO2lmKGM9PTApe2xldCB2PV8ucmFuZ2UobixfLm1pbixfLm1heCxoKTtfLm1pbj12WzBdLF8ubWF4PXZbMV0sRGU9Z3QoXy5taW4sbFswXSksUGU9Z3QoXy5tYXgsbFswXSksUGUtRGU+MSYmKGxbMF1bRGVdPF8ubWluJiZEZSsrLGxbMF1bUGVdPl8ubWF4JiZQZS0tKSxmLm1pbj1wdFtEZV0sZi5tYXg9cHRbUGVdfWVsc2UgZi5zaG93JiZmLmF1dG8mJkVuKF8sUyxmLGxbY10sZi5zb3J0ZWQpO2YuaWR4c1swXT1EZSxmLmlkeHNbMV09UGV9ZWxzZSBpZihjPjAmJmYuc2hvdyYmZi5hdXRvKXtsZXRbaCxTXT1mLmZhY2V0cyxfPWguc2NhbGUsdj1TLnNjYWxlLFtULE1dPWxbY10sQT10W19dLFk9dFt2XTtBIT1udWxsJiZFbihBLFZbX10saCxULGguc29ydGVkKSxZIT1udWxsJiZFbihZLFZbdl0sUyxNLFMuc29ydGVkKSxmLm1pbj1TLm1pbixmLm1heD1TLm1heH19KTtmb3IobGV0IGYgaW4gdCl7bGV0IGM9dFtmXSxoPVZbZl07aWYoYy5mcm9tPT1udWxsJiYoaD09bnVsbHx8aC5taW49PW51bGwpKXtsZXQgUz1jLnJhbmdlKG4sYy5taW49PWNlP251bGw6Yy5taW4sYy5tYXg9PS1jZT9udWxsOmMubWF4LGYpO2MubWluPVNbMF0sYy5tYXg9U1sxXX19fWZvcihsZXQgZiBpbiB0KXtsZXQgYz10W2ZdO2lmKGMuZnJvbSE9bnVsbCl7bGV0IGg9dFtjLmZyb21dO2lmKGgubWluPT1udWxsKWMubWluPWMubWF4PW51bGw7ZWxzZXtsZXQgUz1jLnJhbmdlKG4saC5taW4saC5tYXgsZik7Yy5taW49U1swXSxjLm1heD1TWzFdfX19bGV0IGk9e30scj0hMTtmb3IobGV0IGYgaW4gdCl7bGV0IGM9dFtmXSxoPWtbZl07aWYoaC5taW4hPWMubWlufHxoLm1heCE9Yy5tYXgpe2gubWluPWMubWluLGgubWF4PWMubWF4O2xldCBTPWguZGlzdHI7aC5fbWluPVM9PTM/RHQoaC5taW4pOlM9PTQ/WW4oaC5taW4saC5hc2luaCk6Uz09MTAwP2guZndkKGgubWluKTpoLm1pbixoLl9tYXg9Uz09Mz9EdChoLm1heCk6Uz09ND9ZbihoLm1heCxoLmFzaW5oKTpTPT0xMDA/aC5md2QoaC5tYXgpOmgubWF4LGlbZl09cj0hMH19aWYocil7eC5mb3JFYWNoKChmLGMpPT57cz09Mj9jPjAmJmkueSYmKGYuX3BhdGhzPW51bGwpOmlbZi5zY2FsZV0mJihmLl9wYXRocz1udWxsKX0pO2ZvcihsZXQgZiBpbiBpKW9sPSEwLHplKCJzZXRTY2FsZSIsZik7TmUmJnoubGVmdD49MCYmKFl0PWl0PSEwKX1mb3IobGV0IGYgaW4gVilWW2ZdPW51bGx9ZnVuY3Rpb24gUHModCl7bGV0IGk9Wm4oRGUtMSwwLFZlLTEpLHI9Wm4oUGUrMSwwLFZlLTEpO2Zvcig7dFtpXT09bnVsbCYmaT4wOylpLS07Zm9yKDt0W3JdPT1udWxsJiZyPFZlLTE7KXIrKztyZXR1cm5baSxyXX1mdW5jdGlvbiBMcygpe2lmKFZlPjApe2xldCB0PXguc29tZShpPT5pLl9mb2N1cykmJmplIT15dC5hbHBoYTt0JiYoZy5nbG9iYWxBbHBoYT1qZT15dC5hbHBoYSkseC5mb3JFYWNoKChpLHIpPT57aWYocj4wJiZpLnNob3cmJihUaShyLCExKSxUaShyLCEwKSxpLl9wYXRocz09bnVsbCkpe2xldCBmPWplO2plIT1pLmFscGhhJiYoZy5nbG9iYWxBbHBoYT1qZT1pLmFscGhhKTtsZXQgYz1zPT0yP1swLGxbcl1bMF0ubGVuZ3RoLTFdOlBzKGxbcl0pO2kuX3BhdGhzPWkucGF0aHMobixyLGNbMF0sY1sxXSksamUhPWYmJihnLmdsb2JhbEFscGhhPWplPWYpfX0pLHguZm9yRWFjaCgoaSxyKT0+e2lmKHI+MCYmaS5zaG93KXtsZXQgZj1qZTtqZSE9aS5hbHBoYSYmKGcuZ2xvYmFsQWxwaGE9amU9aS5hbHBoYSksaS5fcGF0aHMhPW51bGwmJk1pKHIsITEpO3tsZXQgYz1pLl9wYXRocyE9bnVsbD9pLl9wYXRocy5nYXBzOm51bGwsaD1pLnBvaW50cy5zaG93KG4scixEZSxQZSxjKSxTPWkucG9pbnRzLmZpbHRlcihuLHIsaCxjKTsoaHx8UykmJihpLnBvaW50cy5fcGF0aHM9aS5wb2ludHMucGF0aHMobixyLERlLFBlLFMpLE1pKHIsITApKX1qZSE9ZiYmKGcuZ2xvYmFsQWxwaGE9amU9ZiksemUoImRyYXdTZXJpZXMiLHIpfX0pLHQmJihnLmdsb2JhbEFscGhhPWplPTEpfX1mdW5jdGlvbiBUaSh0LGkpe2xldCByPWk/eFt0XS5wb2ludHM6eFt0XTtyLl9zdHJva2U9ci5zdHJva2Uobix0KSxyLl9maWxsPXIuZmlsbChuLHQpfWZ1bmN0aW9uIE1pKHQsaSl7bGV0IHI9aT94W3RdLnBvaW50czp4W3RdLHtzdHJva2U6ZixmaWxsOmMsY2xpcDpoLGZsYWdzOlMsX3N0cm9rZTpfPXIuX3N0cm9rZSxfZmlsbDp2PXIuX2ZpbGwsX3dpZHRoOlQ9ci53aWR0aH09ci5fcGF0aHM7VD1hZShUKm9lLDMpO2xldCBNPW51bGwsQT1UJTIvMjtpJiZ2PT1udWxsJiYodj1UPjA/IiNmZmYiOl8pO2xldCBZPXIucHhBbGlnbj09MSYmQT4wO2lmKFkmJmcudHJhbnNsYXRlKEEsQSksIWkpe2xldCBpZT1xZS1ULzIsbGU9bnQtVC8yLFo9S2UrVCxXPWF0K1Q7TT1uZXcgUGF0aDJELE0ucmVjdChpZSxsZSxaLFcpfWk/QW4oXyxULHIuZGFzaCxyLmNhcCx2LGYsYyxTLGgpOkNzKHQsXyxULHIuZGFzaCxyLmNhcCx2LGYsYyxTLE0saCksWSYmZy50cmFuc2xhdGUoLUEsLUEpfWZ1bmN0aW9uIENzKHQsaSxyLGYsYyxoLFMsXyx2LFQsTSl7bGV0IEE9ITE7diE9MCYmJC5mb3JFYWNoKChZLGllKT0+e2lmKFkuc2VyaWVzWzBdPT10KXtsZXQgbGU9eFtZLnNlcmllc1sxXV0sWj1sW1kuc2VyaWVzWzFdXSxXPShsZS5fcGF0aHN8fFlsKS5iYW5kO090KFcpJiYoVz1ZLmRpcj09MT9XWzBdOldbMV0pO2xldCBGLGRlPW51bGw7bGUuc2hvdyYmVyYmeHIoWixEZSxQZSk/KGRlPVkuZmlsbChuLGllKXx8aCxGPWxlLl9wYXRocy5jbGlwKTpXPW51bGwsQW4oaSxyLGYsYyxkZSxTLF8sdixULE0sRixXKSxBPSEwfX0pLEF8fEFuKGkscixmLGMsaCxTLF8sdixULE0pfWxldCBFaT1NbHxlaTtmdW5jdGlvbiBBbih0LGkscixmLGMsaCxTLF8sdixULE0sQSl7eGkodCxpLHIsZixjKSwodnx8VHx8QSkmJihnLnNhdmUoKSx2JiZnLmNsaXAodiksVCYmZy5jbGlwKFQpKSxBPyhfJkVpKT09RWk/KGcuY2xpcChBKSxNJiZnLmNsaXAoTSksWmwoYyxTKSxKbCh0LGgsaSkpOl8mZWk/KFpsKGMsUyksZy5jbGlwKEEpLEpsKHQsaCxpKSk6XyZNbCYmKGcuc2F2ZSgpLGcuY2xpcChBKSxNJiZnLmNsaXAoTSksWmwoYyxTKSxnLnJlc3RvcmUoKSxKbCh0LGgsaSkpOihabChjLFMpLEpsKHQsaCxpKSksKHZ8fFR8fEEpJiZnLnJlc3RvcmUoKX1mdW5jdGlvbiBKbCh0LGkscil7cj4wJiYoaSBpbnN0YW5jZW9mIE1hcD9pLmZvckVhY2goKGYsYyk9PntnLnN0cm9rZVN0eWxlPXFsPWMsZy5zdHJva2UoZil9KTppIT1udWxsJiZ0JiZnLnN0cm9rZShpKSl9ZnVuY3Rpb24gWmwodCxpKXtpIGluc3RhbmNlb2YgTWFwP2kuZm9yRWFjaCgocixmKT0+e2cuZmlsbFN0eWxlPWNsPWYsZy5maWxsKHIpfSk6aSE9bnVsbCYmdCYmZy5maWxsKGkpfWZ1bmN0aW9uIHpzKHQsaSxyLGYpe2xldCBjPUhbdF0saDtpZihmPD0wKWg9WzAsMF07ZWxzZXtsZXQgUz1jLl9zcGFjZT1jLnNwYWNlKG4sdCxpLHIsZiksXz1jLl9pbmNycz1jLmluY3JzKG4sdCxpLHIsZixTKTtoPUJmKGkscixfLGYsUyl9cmV0dXJuIGMuX2ZvdW5kPWh9ZnVuY3Rpb24gRG4odCxpLHIsZixjLGgsUyxfLHYsVCl7bGV0IE09UyUyLzI7Tz09MSYmZy50cmFuc2xhdGUoTSxNKSx4aShfLFMsdixULF8pLGcuYmVnaW5QYXRoKCk7bGV0IEEsWSxpZSxsZSxaPWMrKGY9PTB8fGY9PTM/LWg6aCk7cj09MD8oWT1jLGxlPVopOihBPWMsaWU9Wik7Zm9yKGxldCBXPTA7Vzx0Lmxlbmd0aDtXKyspaVtXXSE9bnVsbCYmKHI9PTA/QT1pZT10W1ddOlk9bGU9dFtXXSxnLm1vdmVUbyhBLFkpLGcubGluZVRvKGllLGxlKSk7Zy5zdHJva2UoKSxPPT0xJiZnLnRyYW5zbGF0ZSgtTSwtTSl9ZnVuY3Rpb24gRnModCl7bGV0IGk9ITA7cmV0dXJuIEguZm9yRWFjaCgocixmKT0+e2lmKCFyLnNob3cpcmV0dXJuO2xldCBjPWtbci5zY2FsZV07aWYoYy5taW49PW51bGwpe3IuX3Nob3cmJihpPSExLHIuX3Nob3c9ITEsYWwoITEpKTtyZXR1cm59ZWxzZSByLl9zaG93fHwoaT0hMSxyLl9zaG93PSEwLGFsKCExKSk7bGV0IGg9ci5zaWRlLFM9aCUyLHttaW46XyxtYXg6dn09YyxbVCxNXT16cyhmLF8sdixTPT0wP0s6RSk7aWYoTT09MClyZXR1cm47bGV0IEE9Yy5kaXN0cj09MixZPXIuX3NwbGl0cz1yLnNwbGl0cyhuLGYsXyx2LFQsTSxBKSxpZT1jLmRpc3RyPT0yP1kubWFwKEY9PnB0W0ZdKTpZLGxlPWMuZGlzdHI9PTI/cHRbWVsxXV0tcHRbWVswXV06VCxaPXIuX3ZhbHVlcz1yLnZhbHVlcyhuLHIuZmlsdGVyKG4saWUsZixNLGxlKSxmLE0sbGUpO3IuX3JvdGF0ZT1oPT0yP3Iucm90YXRlKG4sWixmLE0pOjA7bGV0IFc9ci5fc2l6ZTtyLl9zaXplPXV0KHIuc2l6ZShuLFosZix0KSksVyE9bnVsbCYmci5fc2l6ZSE9VyYmKGk9ITEpfSksaX1mdW5jdGlvbiBScyh0KXtsZXQgaT0hMDtyZXR1cm4geWkuZm9yRWFjaCgocixmKT0+e2xldCBjPXIobixmLFV0LHQpO2MhPUN0W2ZdJiYoaT0hMSksQ3RbZl09Y30pLGl9ZnVuY3Rpb24gVnMoKXtmb3IobGV0IHQ9MDt0PEgubGVuZ3RoO3QrKyl7bGV0IGk9SFt0XTtpZighaS5zaG93fHwhaS5fc2hvdyljb250aW51ZTtsZXQgcj1pLnNpZGUsZj1yJTIsYyxoLFM9aS5zdHJva2Uobix0KSxfPXI9PTB8fHI9PTM/LTE6MSxbdixUXT1pLl9mb3VuZDtpZihpLmxhYmVsIT1udWxsKXtsZXQgSWU9aS5sYWJlbEdhcCpfLFFlPUVlKChpLl9scG9zK0llKSpvZSk7a2koaS5sYWJlbEZvbnRbMF0sUywiY2VudGVyIixyPT0yPyJ0b3AiOiRpKSxnLnNhdmUoKSxmPT0xPyhjPWg9MCxnLnRyYW5zbGF0ZShRZSxFZShudCthdC8yKSksZy5yb3RhdGUoKHI9PTM/LW9uOm9uKS8yKSk6KGM9RWUocWUrS2UvMiksaD1RZSk7bGV0ICR0PUhvKGkubGFiZWwpP2kubGFiZWwobix0LHYsVCk6aS5sYWJlbDtnLmZpbGxUZXh0KCR0LGMsaCksZy5yZXN0b3JlKCl9aWYoVD09MCljb250aW51ZTtsZXQgTT1rW2kuc2NhbGVdLEE9Zj09MD9LZTphdCxZPWY9PTA/cWU6bnQsaWU9aS5fc3BsaXRzLGxlPU0uZGlzdHI9PTI/aWUubWFwKEllPT5wdFtJZV0pOmllLFo9TS5kaXN0cj09Mj9wdFtpZVsxXV0tcHRbaWVbMF1dOnYsVz1pLnRpY2tzLEY9aS5ib3JkZXIsZGU9Vy5zaG93P1cuc2l6ZTowLHZlPUVlKGRlKm9lKSxGZT1FZSgoaS5hbGlnblRvPT0yP2kuX3NpemUtZGUtaS5nYXA6aS5nYXApKm9lKSx1ZT1pLl9yb3RhdGUqLW9uLzE4MCx4ZT1OKGkuX3BvcypvZSksSmU9KHZlK0ZlKSpfLEdlPXhlK0plO2g9Zj09MD9HZTowLGM9Zj09MT9HZTowO2xldCBzdD1pLmZvbnRbMF0saHQ9aS5hbGlnbj09MT95bDppLmFsaWduPT0yP1duOnVlPjA/eWw6dWU8MD9XbjpmPT0wPyJjZW50ZXIiOnI9PTM/V246eWwsa3Q9dWV8fGY9PTE/Im1pZGRsZSI6cj09Mj8idG9wIjokaTtraShzdCxTLGh0LGt0KTtsZXQgWmU9aS5mb250WzFdKmkubGluZUdhcCxydD1pZS5tYXAoSWU9Pk4ocChJZSxNLEEsWSkpKSxtdD1pLl92YWx1ZXM7Zm9yKGxldCBJZT0wO0llPG10Lmxlbmd0aDtJZSsrKXtsZXQgUWU9bXRbSWVdO2lmKFFlIT1udWxsKXtmPT0wP2M9cnRbSWVdOmg9cnRbSWVdLFFlPSIiK1FlO2xldCAkdD1RZS5pbmRleE9mKGAKYCk9PS0xP1tRZV06UWUuc3BsaXQoL1xuL2dtKTtmb3IobGV0IFllPTA7WWU8JHQubGVuZ3RoO1llKyspe2xldCBLaT0kdFtZZV07dWU/KGcuc2F2ZSgpLGcudHJhbnNsYXRlKGMsaCtZZSpaZSksZy5yb3RhdGUodWUpLGcuZmlsbFRleHQoS2ksMCwwKSxnLnJlc3RvcmUoKSk6Zy5maWxsVGV4dChLaSxjLGgrWWUqWmUpfX19Vy5zaG93JiZEbihydCxXLmZpbHRlcihuLGxlLHQsVCxaKSxmLHIseGUsdmUsYWUoVy53aWR0aCpvZSwzKSxXLnN0cm9rZShuLHQpLFcuZGFzaCxXLmNhcCk7bGV0IGJ0PWkuZ3JpZDtidC5zaG93JiZEbihydCxidC5maWx0ZXIobixsZSx0LFQsWiksZixmPT0wPzI6MSxmPT0wP250OnFlLGY9PTA/YXQ6S2UsYWUoYnQud2lkdGgqb2UsMyksYnQuc3Ryb2tlKG4sdCksYnQuZGFzaCxidC5jYXApLEYuc2hvdyYmRG4oW3hlXSxbMV0sZj09MD8xOjAsZj09MD8xOjIsZj09MT9udDpxZSxmPT0xP2F0OktlLGFlKEYud2lkdGgqb2UsMyksRi5zdHJva2Uobix0KSxGLmRhc2gsRi5jYXApfXplKCJkcmF3QXhlcyIpfWZ1bmN0aW9uIGFsKHQpe3guZm9yRWFjaCgoaSxyKT0+e3I+MCYmKGkuX3BhdGhzPW51bGwsdCYmKHM9PTE/KGkubWluPW51bGwsaS5tYXg9bnVsbCk6aS5mYWNldHMuZm9yRWFjaChmPT57Zi5taW49bnVsbCxmLm1heD1udWxsfSkpKX0pfWxldCBRbD0hMSxQbj0hMSx6bD1bXTtmdW5jdGlvbiBPcygpe1BuPSExO2ZvcihsZXQgdD0wO3Q8emwubGVuZ3RoO3QrKyl6ZSguLi56bFt0XSk7emwubGVuZ3RoPTB9ZnVuY3Rpb24gcGwoKXtRbHx8KFZyKEFpKSxRbD0hMCl9ZnVuY3Rpb24gSHModCxpPSExKXtRbD0hMCxQbj1pLHQobiksQWkoKSxpJiZ6bC5sZW5ndGg+MCYmcXVldWVNaWNyb3Rhc2soT3MpfW4uYmF0Y2g9SHM7ZnVuY3Rpb24gQWkoKXtpZih3biYmKERzKCksd249ITEpLG9sJiYoeHMoKSxvbD0hMSksS2wpe2lmKGdlKEwseWwscGUpLGdlKEwsInRvcCIsTWUpLGdlKEwsTmwsSyksZ2UoTCxXbCxFKSxnZShQLHlsLHBlKSxnZShQLCJ0b3AiLE1lKSxnZShQLE5sLEspLGdlKFAsV2wsRSksZ2UodyxObCxFdCksZ2UodyxXbCxXdCkseS53aWR0aD1FZShFdCpvZSkseS5oZWlnaHQ9RWUoV3Qqb2UpLEguZm9yRWFjaCgoe19lbDp0LF9zaG93OmksX3NpemU6cixfcG9zOmYsc2lkZTpjfSk9PntpZih0IT1udWxsKWlmKGkpe2xldCBoPWM9PT0zfHxjPT09MD9yOjAsUz1jJTI9PTE7Z2UodCxTPyJsZWZ0IjoidG9wIixmLWgpLGdlKHQsUz8id2lkdGgiOiJoZWlnaHQiLHIpLGdlKHQsUz8idG9wIjoibGVmdCIsUz9NZTpwZSksZ2UodCxTPyJoZWlnaHQiOiJ3aWR0aCIsUz9FOkspLHFuKHQsWnQpfWVsc2UgWGUodCxadCl9KSxxbD1jbD15bj14bj1rbj1ibj1Ubj1Nbj12bj1udWxsLGplPTEsVmwoITApLHBlIT1pbHx8TWUhPUd0fHxLIT1fdHx8RSE9SXQpe2FsKCExKTtsZXQgdD1LL190LGk9RS9JdDtpZihOZSYmIVl0JiZ6LmxlZnQ+PTApe3oubGVmdCo9dCx6LnRvcCo9aSxobCYmVHQoaGwsRWUoei5sZWZ0KSwwLEssRSksbWwmJlR0KG1sLDAsRWUoei50b3ApLEssRSk7Zm9yKGxldCByPTA7cjxvdC5sZW5ndGg7cisrKXtsZXQgZj1vdFtyXTtmIT1udWxsJiYoZmxbcl0qPXQsdWxbcl0qPWksVHQoZix1dChmbFtyXSksdXQodWxbcl0pLEssRSkpfX1pZihtZS5zaG93JiYhamwmJm1lLmxlZnQ+PTAmJm1lLndpZHRoPjApe21lLmxlZnQqPXQsbWUud2lkdGgqPXQsbWUudG9wKj1pLG1lLmhlaWdodCo9aTtmb3IobGV0IHIgaW4gVm4pZ2Uod2wscixtZVtyXSl9aWw9cGUsR3Q9TWUsX3Q9SyxJdD1FfXplKCJzZXRTaXplIiksS2w9ITF9RXQ+MCYmV3Q+MCYmKGcuY2xlYXJSZWN0KDAsMCx5LndpZHRoLHkuaGVpZ2h0KSx6ZSgiZHJhd0NsZWFyIiksVS5mb3JFYWNoKHQ9PnQoKSksemUoImRyYXciKSksbWUuc2hvdyYmamwmJihYbChtZSksamw9ITEpLE5lJiZZdCYmKGp0KG51bGwsITAsITEpLFl0PSExKSxKLnNob3cmJkoubGl2ZSYmaXQmJihGbigpLGl0PSExKSxtfHwobT0hMCxuLnN0YXR1cz0xLHplKCJyZWFkeSIpKSxDbD0hMSxRbD0hMX1uLnJlZHJhdz0odCxpKT0+e29sPWl8fCExLHQhPT0hMT9GdChELGIubWluLGIubWF4KTpwbCgpfTtmdW5jdGlvbiBMbih0LGkpe2xldCByPWtbdF07aWYoci5mcm9tPT1udWxsKXtpZihWZT09MCl7bGV0IGY9ci5yYW5nZShuLGkubWluLGkubWF4LHQpO2kubWluPWZbMF0saS5tYXg9ZlsxXX1pZihpLm1pbj5pLm1heCl7bGV0IGY9aS5taW47aS5taW49aS5tYXgsaS5tYXg9Zn1pZihWZT4xJiZpLm1pbiE9bnVsbCYmaS5tYXghPW51bGwmJmkubWF4LWkubWluPDFlLTE2KXJldHVybjt0PT1EJiZyLmRpc3RyPT0yJiZWZT4wJiYoaS5taW49Z3QoaS5taW4sbFswXSksaS5tYXg9Z3QoaS5tYXgsbFswXSksaS5taW49PWkubWF4JiZpLm1heCsrKSxWW3RdPWksd249ITAscGwoKX19bi5zZXRTY2FsZT1MbjtsZXQgQ24sem4saGwsbWwsRGksUGksZGwsZ2wsTGksQ2ksaGUsX2UsenQ9ITEsT2U9ei5kcmFnLExlPU9lLngsQ2U9T2UueTtOZSYmKHoueCYmKENuPWZ0KHNyLFApKSx6LnkmJih6bj1mdChycixQKSksYi5vcmk9PTA/KGhsPUNuLG1sPXpuKTooaGw9em4sbWw9Q24pLGhlPXoubGVmdCxfZT16LnRvcCk7bGV0IG1lPW4uc2VsZWN0PWJlKHtzaG93OiEwLG92ZXI6ITAsbGVmdDowLHdpZHRoOjAsdG9wOjAsaGVpZ2h0OjB9LGUuc2VsZWN0KSx3bD1tZS5zaG93P2Z0KG9yLG1lLm92ZXI/UDpMKTpudWxsO2Z1bmN0aW9uIFhsKHQsaSl7aWYobWUuc2hvdyl7Zm9yKGxldCByIGluIHQpbWVbcl09dFtyXSxyIGluIFZuJiZnZSh3bCxyLHRbcl0pO2khPT0hMSYmemUoInNldFNlbGVjdCIpfX1uLnNldFNlbGVjdD1YbDtmdW5jdGlvbiBOcyh0KXtpZih4W3RdLnNob3cpVGUmJnFuKHllW3RdLFp0KTtlbHNlIGlmKFRlJiZYZSh5ZVt0XSxadCksTmUpe2xldCByPXJsP290WzBdOm90W3RdO3IhPW51bGwmJlR0KHIsLTEwLC0xMCxLLEUpfX1mdW5jdGlvbiBGdCh0LGkscil7TG4odCx7bWluOmksbWF4OnJ9KX1mdW5jdGlvbiB2dCh0LGkscixmKXtpLmZvY3VzIT1udWxsJiZCcyh0KSxpLnNob3chPW51bGwmJnguZm9yRWFjaCgoYyxoKT0+e2g+MCYmKHQ9PWh8fHQ9PW51bGwpJiYoYy5zaG93PWkuc2hvdyxOcyhoKSxzPT0yPyhGdChjLmZhY2V0c1swXS5zY2FsZSxudWxsLG51bGwpLEZ0KGMuZmFjZXRzWzFdLnNjYWxlLG51bGwsbnVsbCkpOkZ0KGMuc2NhbGUsbnVsbCxudWxsKSxwbCgpKX0pLHIhPT0hMSYmemUoInNldFNlcmllcyIsdCxpKSxmJiZPbCgic2V0U2VyaWVzIixuLHQsaSl9bi5zZXRTZXJpZXM9dnQ7ZnVuY3Rpb24gV3ModCxpKXtiZSgkW3RdLGkpfWZ1bmN0aW9uIEdzKHQsaSl7dC5maWxsPVgodC5maWxsfHxudWxsKSx0LmRpcj1uZSh0LmRpciwtMSksaT1pPz8kLmxlbmd0aCwkLnNwbGljZShpLDAsdCl9ZnVuY3Rpb24gSXModCl7dD09bnVsbD8kLmxlbmd0aD0wOiQuc3BsaWNlKHQsMSl9bi5hZGRCYW5kPUdzLG4uc2V0QmFuZD1XcyxuLmRlbEJhbmQ9SXM7ZnVuY3Rpb24gWXModCxpKXt4W3RdLmFscGhhPWksTmUmJm90W3RdIT1udWxsJiYob3RbdF0uc3R5bGUub3BhY2l0eT1pKSxUZSYmeWVbdF0mJih5ZVt0XS5zdHlsZS5vcGFjaXR5PWkpfWxldCBBdCxSdCxLdCxTbD17Zm9jdXM6ITB9O2Z1bmN0aW9uIEJzKHQpe2lmKHQhPUt0KXtsZXQgaT10PT1udWxsLHI9eXQuYWxwaGEhPTE7eC5mb3JFYWNoKChmLGMpPT57aWYocz09MXx8Yz4wKXtsZXQgaD1pfHxjPT0wfHxjPT10O2YuX2ZvY3VzPWk/bnVsbDpoLHImJllzKGMsaD8xOnl0LmFscGhhKX19KSxLdD10LHImJnBsKCl9fVRlJiZzbCYmV2UoUWksc2UsdD0+e3ouX2xvY2t8fChCdCh0KSxLdCE9bnVsbCYmdnQobnVsbCxTbCwhMCxrZS5zZXRTZXJpZXMpKX0pO2Z1bmN0aW9uIHh0KHQsaSxyKXtsZXQgZj1rW2ldO3ImJih0PXQvb2UtKGYub3JpPT0xP01lOnBlKSk7bGV0IGM9SztmLm9yaT09MSYmKGM9RSx0PWMtdCksZi5kaXI9PS0xJiYodD1jLXQpO2xldCBoPWYuX21pbixTPWYuX21heCxfPXQvYyx2PWgrKFMtaCkqXyxUPWYuZGlzdHI7cmV0dXJuIFQ9PTM/a2woMTAsdik6VD09ND9icih2LGYuYXNpbmgpOlQ9PTEwMD9mLmJ3ZCh2KTp2fWZ1bmN0aW9uIFVzKHQsaSl7bGV0IHI9eHQodCxELGkpO3JldHVybiBndChyLGxbMF0sRGUsUGUpfW4udmFsVG9JZHg9dD0+Z3QodCxsWzBdKSxuLnBvc1RvSWR4PVVzLG4ucG9zVG9WYWw9eHQsbi52YWxUb1Bvcz0odCxpLHIpPT5rW2ldLm9yaT09MD9hKHQsa1tpXSxyP0tlOksscj9xZTowKTp1KHQsa1tpXSxyP2F0OkUscj9udDowKSxuLnNldEN1cnNvcj0odCxpLHIpPT57aGU9dC5sZWZ0LF9lPXQudG9wLGp0KG51bGwsaSxyKX07ZnVuY3Rpb24gemkodCxpKXtnZSh3bCx5bCxtZS5sZWZ0PXQpLGdlKHdsLE5sLG1lLndpZHRoPWkpfWZ1bmN0aW9uIEZpKHQsaSl7Z2Uod2wsInRvcCIsbWUudG9wPXQpLGdlKHdsLFdsLG1lLmhlaWdodD1pKX1sZXQgRmw9Yi5vcmk9PTA/emk6RmksUmw9Yi5vcmk9PTE/emk6Rmk7ZnVuY3Rpb24gS3MoKXtpZihUZSYmSi5saXZlKWZvcihsZXQgdD1zPT0yPzE6MDt0PHgubGVuZ3RoO3QrKyl7aWYodD09MCYmbHQpY29udGludWU7bGV0IGk9Si52YWx1ZXNbdF0scj0wO2ZvcihsZXQgZiBpbiBpKVN0W3RdW3IrK10uZmlyc3RDaGlsZC5ub2RlVmFsdWU9aVtmXX19ZnVuY3Rpb24gRm4odCxpKXtpZih0IT1udWxsJiYodC5pZHhzP3QuaWR4cy5mb3JFYWNoKChyLGYpPT57ZmVbZl09cn0pOkFyKHQuaWR4KXx8ZmUuZmlsbCh0LmlkeCksSi5pZHg9ZmVbMF0pLFRlJiZKLmxpdmUpe2ZvcihsZXQgcj0wO3I8eC5sZW5ndGg7cisrKShyPjB8fHM9PTEmJiFsdCkmJmpzKHIsZmVbcl0pO0tzKCl9aXQ9ITEsaSE9PSExJiZ6ZSgic2V0TGVnZW5kIil9bi5zZXRMZWdlbmQ9Rm47ZnVuY3Rpb24ganModCxpKXtsZXQgcj14W3RdLGY9dD09MCYmaj09Mj9wdDpsW3RdLGM7bHQ/Yz1yLnZhbHVlcyhuLHQsaSk/P0x0OihjPXIudmFsdWUobixpPT1udWxsP251bGw6ZltpXSx0LGkpLGM9Yz09bnVsbD9MdDp7XzpjfSksSi52YWx1ZXNbdF09Y31mdW5jdGlvbiBqdCh0LGkscil7TGk9aGUsQ2k9X2UsW2hlLF9lXT16Lm1vdmUobixoZSxfZSksei5sZWZ0PWhlLHoudG9wPV9lLE5lJiYoaGwmJlR0KGhsLEVlKGhlKSwwLEssRSksbWwmJlR0KG1sLDAsRWUoX2UpLEssRSkpO2xldCBmLGM9RGU+UGU7QXQ9Y2UsUnQ9bnVsbDtsZXQgaD1iLm9yaT09MD9LOkUsUz1iLm9yaT09MT9LOkU7aWYoaGU8MHx8VmU9PTB8fGMpe2Y9ei5pZHg9bnVsbDtmb3IobGV0IF89MDtfPHgubGVuZ3RoO18rKyl7bGV0IHY9b3RbX107diE9bnVsbCYmVHQodiwtMTAsLTEwLEssRSl9c2wmJnZ0KG51bGwsU2wsITAsdD09bnVsbCYma2Uuc2V0U2VyaWVzKSxKLmxpdmUmJihmZS5maWxsKGYpLGl0PSEwKX1lbHNle2xldCBfLHYsVDtzPT0xJiYoXz1iLm9yaT09MD9oZTpfZSx2PXh0KF8sRCksZj16LmlkeD1ndCh2LGxbMF0sRGUsUGUpLFQ9QyhsWzBdW2ZdLGIsaCwwKSk7bGV0IE09LTEwLEE9LTEwLFk9MCxpZT0wLGxlPSEwLFo9IiIsVz0iIjtmb3IobGV0IEY9cz09Mj8xOjA7Rjx4Lmxlbmd0aDtGKyspe2xldCBkZT14W0ZdLHZlPWZlW0ZdLEZlPXZlPT1udWxsP251bGw6cz09MT9sW0ZdW3ZlXTpsW0ZdWzFdW3ZlXSx1ZT16LmRhdGFJZHgobixGLGYsdikseGU9dWU9PW51bGw/bnVsbDpzPT0xP2xbRl1bdWVdOmxbRl1bMV1bdWVdO2lmKGl0PWl0fHx4ZSE9RmV8fHVlIT12ZSxmZVtGXT11ZSxGPjAmJmRlLnNob3cpe2xldCBKZT11ZT09bnVsbD8tMTA6dWU9PWY/VDpDKHM9PTE/bFswXVt1ZV06bFtGXVswXVt1ZV0sYixoLDApLEdlPXhlPT1udWxsPy0xMDpJKHhlLHM9PTE/a1tkZS5zY2FsZV06a1tkZS5mYWNldHNbMV0uc2NhbGVdLFMsMCk7aWYoc2wmJnhlIT1udWxsKXtsZXQgc3Q9Yi5vcmk9PTE/aGU6X2UsaHQ9QWUoeXQuZGlzdChuLEYsdWUsR2Usc3QpKTtpZihodDxBdCl7bGV0IGt0PXl0LmJpYXM7aWYoa3QhPTApe2xldCBaZT14dChzdCxkZS5zY2FsZSkscnQ9eGU+PTA/MTotMSxtdD1aZT49MD8xOi0xO210PT1ydCYmKG10PT0xP2t0PT0xP3hlPj1aZTp4ZTw9WmU6a3Q9PTE/eGU8PVplOnhlPj1aZSkmJihBdD1odCxSdD1GKX1lbHNlIEF0PWh0LFJ0PUZ9fWlmKGl0fHxybCl7bGV0IHN0LGh0O2Iub3JpPT0wPyhzdD1KZSxodD1HZSk6KHN0PUdlLGh0PUplKTtsZXQga3QsWmUscnQsbXQsYnQsSWUsUWU9ITAsJHQ9SGUuYmJveDtpZigkdCE9bnVsbCl7UWU9ITE7bGV0IFllPSR0KG4sRik7cnQ9WWUubGVmdCxtdD1ZZS50b3Asa3Q9WWUud2lkdGgsWmU9WWUuaGVpZ2h0fWVsc2UgcnQ9c3QsbXQ9aHQsa3Q9WmU9SGUuc2l6ZShuLEYpO2lmKEllPUhlLmZpbGwobixGKSxidD1IZS5zdHJva2UobixGKSxybClGPT1SdCYmQXQ8PXl0LnByb3gmJihNPXJ0LEE9bXQsWT1rdCxpZT1aZSxsZT1RZSxaPUllLFc9YnQpO2Vsc2V7bGV0IFllPW90W0ZdO1llIT1udWxsJiYoZmxbRl09cnQsdWxbRl09bXQsb28oWWUsa3QsWmUsUWUpLG5vKFllLEllLGJ0KSxUdChZZSx1dChydCksdXQobXQpLEssRSkpfX19fWlmKHJsKXtsZXQgRj15dC5wcm94LGRlPUt0PT1udWxsP0F0PD1GOkF0PkZ8fFJ0IT1LdDtpZihpdHx8ZGUpe2xldCB2ZT1vdFswXTt2ZSE9bnVsbCYmKGZsWzBdPU0sdWxbMF09QSxvbyh2ZSxZLGllLGxlKSxubyh2ZSxaLFcpLFR0KHZlLHV0KE0pLHV0KEEpLEssRSkpfX19aWYobWUuc2hvdyYmenQpaWYodCE9bnVsbCl7bGV0W18sdl09a2Uuc2NhbGVzLFtULE1dPWtlLm1hdGNoLFtBLFldPXQuY3Vyc29yLnN5bmMuc2NhbGVzLGllPXQuY3Vyc29yLmRyYWc7aWYoTGU9aWUuX3gsQ2U9aWUuX3ksTGV8fENlKXtsZXR7bGVmdDpsZSx0b3A6Wix3aWR0aDpXLGhlaWdodDpGfT10LnNlbGVjdCxkZT10LnNjYWxlc1tBXS5vcmksdmU9dC5wb3NUb1ZhbCxGZSx1ZSx4ZSxKZSxHZSxzdD1fIT1udWxsJiZUKF8sQSksaHQ9diE9bnVsbCYmTSh2LFkpO3N0JiZMZT8oZGU9PTA/KEZlPWxlLHVlPVcpOihGZT1aLHVlPUYpLHhlPWtbX10sSmU9Qyh2ZShGZSxBKSx4ZSxoLDApLEdlPUModmUoRmUrdWUsQSkseGUsaCwwKSxGbCh3dChKZSxHZSksQWUoR2UtSmUpKSk6RmwoMCxoKSxodCYmQ2U/KGRlPT0xPyhGZT1sZSx1ZT1XKTooRmU9Wix1ZT1GKSx4ZT1rW3ZdLEplPUkodmUoRmUsWSkseGUsUywwKSxHZT1JKHZlKEZlK3VlLFkpLHhlLFMsMCksUmwod3QoSmUsR2UpLEFlKEdlLUplKSkpOlJsKDAsUyl9ZWxzZSBPbigpfWVsc2V7bGV0IF89QWUoTGktRGkpLHY9QWUoQ2ktUGkpO2lmKGIub3JpPT0xKXtsZXQgWT1fO189dix2PVl9TGU9T2UueCYmXz49T2UuZGlzdCxDZT1PZS55JiZ2Pj1PZS5kaXN0O2xldCBUPU9lLnVuaTtUIT1udWxsP0xlJiZDZSYmKExlPV8+PVQsQ2U9dj49VCwhTGUmJiFDZSYmKHY+Xz9DZT0hMDpMZT0hMCkpOk9lLngmJk9lLnkmJihMZXx8Q2UpJiYoTGU9Q2U9ITApO2xldCBNLEE7TGUmJihiLm9yaT09MD8oTT1kbCxBPWhlKTooTT1nbCxBPV9lKSxGbCh3dChNLEEpLEFlKEEtTSkpLENlfHxSbCgwLFMpKSxDZSYmKGIub3JpPT0xPyhNPWRsLEE9aGUpOihNPWdsLEE9X2UpLFJsKHd0KE0sQSksQWUoQS1NKSksTGV8fEZsKDAsaCkpLCFMZSYmIUNlJiYoRmwoMCwwKSxSbCgwLDApKX1pZihPZS5feD1MZSxPZS5feT1DZSx0PT1udWxsKXtpZihyKXtpZihVaSE9bnVsbCl7bGV0W18sdl09a2Uuc2NhbGVzO2tlLnZhbHVlc1swXT1fIT1udWxsP3h0KGIub3JpPT0wP2hlOl9lLF8pOm51bGwsa2UudmFsdWVzWzFdPXYhPW51bGw/eHQoYi5vcmk9PTE/aGU6X2Usdik6bnVsbH1PbChHbixuLGhlLF9lLEssRSxmKX1pZihzbCl7bGV0IF89ciYma2Uuc2V0U2VyaWVzLHY9eXQucHJveDtLdD09bnVsbD9BdDw9diYmdnQoUnQsU2wsITAsXyk6QXQ+dj92dChudWxsLFNsLCEwLF8pOlJ0IT1LdCYmdnQoUnQsU2wsITAsXyl9fWl0JiYoSi5pZHg9ZixGbigpKSxpIT09ITEmJnplKCJzZXRDdXJzb3IiKX1sZXQgVnQ9bnVsbDtPYmplY3QuZGVmaW5lUHJvcGVydHkobiwicmVjdCIse2dldCgpe3JldHVybiBWdD09bnVsbCYmVmwoITEpLFZ0fX0pO2Z1bmN0aW9uIFZsKHQ9ITEpe3Q/VnQ9bnVsbDooVnQ9UC5nZXRCb3VuZGluZ0NsaWVudFJlY3QoKSx6ZSgic3luY1JlY3QiLFZ0KSl9ZnVuY3Rpb24gUmkodCxpLHIsZixjLGgsUyl7ei5fbG9ja3x8enQmJnQhPW51bGwmJnQubW92ZW1lbnRYPT0wJiZ0Lm1vdmVtZW50WT09MHx8KFJuKHQsaSxyLGYsYyxoLFMsITEsdCE9bnVsbCksdCE9bnVsbD9qdChudWxsLCEwLCEwKTpqdChpLCEwLCExKSl9ZnVuY3Rpb24gUm4odCxpLHIsZixjLGgsUyxfLHYpe2lmKFZ0PT1udWxsJiZWbCghMSksQnQodCksdCE9bnVsbClyPXQuY2xpZW50WC1WdC5sZWZ0LGY9dC5jbGllbnRZLVZ0LnRvcDtlbHNle2lmKHI8MHx8ZjwwKXtoZT0tMTAsX2U9LTEwO3JldHVybn1sZXRbVCxNXT1rZS5zY2FsZXMsQT1pLmN1cnNvci5zeW5jLFtZLGllXT1BLnZhbHVlcyxbbGUsWl09QS5zY2FsZXMsW1csRl09a2UubWF0Y2gsZGU9aS5heGVzWzBdLnNpZGUlMj09MSx2ZT1iLm9yaT09MD9LOkUsRmU9Yi5vcmk9PTE/SzpFLHVlPWRlP2g6Yyx4ZT1kZT9jOmgsSmU9ZGU/ZjpyLEdlPWRlP3I6ZjtpZihsZSE9bnVsbD9yPVcoVCxsZSk/cChZLGtbVF0sdmUsMCk6LTEwOnI9dmUqKEplL3VlKSxaIT1udWxsP2Y9RihNLFopP3AoaWUsa1tNXSxGZSwwKTotMTA6Zj1GZSooR2UveGUpLGIub3JpPT0xKXtsZXQgc3Q9cjtyPWYsZj1zdH19diYmKGk9PW51bGx8fGkuY3Vyc29yLmV2ZW50LnR5cGU9PUduKSYmKChyPD0xfHxyPj1LLTEpJiYocj1xdChyLEspKSwoZjw9MXx8Zj49RS0xKSYmKGY9cXQoZixFKSkpLF8/KERpPXIsUGk9ZixbZGwsZ2xdPXoubW92ZShuLHIsZikpOihoZT1yLF9lPWYpfWxldCBWbj17d2lkdGg6MCxoZWlnaHQ6MCxsZWZ0OjAsdG9wOjB9O2Z1bmN0aW9uIE9uKCl7WGwoVm4sITEpfWxldCBWaSxPaSxIaSxOaTtmdW5jdGlvbiBXaSh0LGkscixmLGMsaCxTKXt6dD0hMCxMZT1DZT1PZS5feD1PZS5feT0hMSxSbih0LGkscixmLGMsaCxTLCEwLCExKSx0IT1udWxsJiYoV2UoSW4sam4sR2ksITEpLE9sKEppLG4sZGwsZ2wsSyxFLG51bGwpKTtsZXR7bGVmdDpfLHRvcDp2LHdpZHRoOlQsaGVpZ2h0Ok19PW1lO1ZpPV8sT2k9dixIaT1ULE5pPU19ZnVuY3Rpb24gR2kodCxpLHIsZixjLGgsUyl7enQ9T2UuX3g9T2UuX3k9ITEsUm4odCxpLHIsZixjLGgsUywhMSwhMCk7bGV0e2xlZnQ6Xyx0b3A6dix3aWR0aDpULGhlaWdodDpNfT1tZSxBPVQ+MHx8TT4wLFk9VmkhPV98fE9pIT12fHxIaSE9VHx8TmkhPU07aWYoQSYmWSYmWGwobWUpLE9lLnNldFNjYWxlJiZBJiZZKXtsZXQgaWU9XyxsZT1ULFo9dixXPU07aWYoYi5vcmk9PTEmJihpZT12LGxlPU0sWj1fLFc9VCksTGUmJkZ0KEQseHQoaWUsRCkseHQoaWUrbGUsRCkpLENlKWZvcihsZXQgRiBpbiBrKXtsZXQgZGU9a1tGXTtGIT1EJiZkZS5mcm9tPT1udWxsJiZkZS5taW4hPWNlJiZGdChGLHh0KForVyxGKSx4dChaLEYpKX1PbigpfWVsc2Ugei5sb2NrJiYoei5fbG9jaz0hei5fbG9jayxqdChpLCEwLHQhPW51bGwpKTt0IT1udWxsJiYobmwoSW4sam4pLE9sKEluLG4saGUsX2UsSyxFLG51bGwpKX1mdW5jdGlvbiAkcyh0LGkscixmLGMsaCxTKXtpZih6Ll9sb2NrKXJldHVybjtCdCh0KTtsZXQgXz16dDtpZih6dCl7bGV0IHY9ITAsVD0hMCxNPTEwLEEsWTtiLm9yaT09MD8oQT1MZSxZPUNlKTooQT1DZSxZPUxlKSxBJiZZJiYodj1oZTw9TXx8aGU+PUstTSxUPV9lPD1NfHxfZT49RS1NKSxBJiZ2JiYoaGU9aGU8ZGw/MDpLKSxZJiZUJiYoX2U9X2U8Z2w/MDpFKSxqdChudWxsLCEwLCEwKSx6dD0hMX1oZT0tMTAsX2U9LTEwLGZlLmZpbGwobnVsbCksanQobnVsbCwhMCwhMCksXyYmKHp0PV8pfWZ1bmN0aW9uIElpKHQsaSxyLGYsYyxoLFMpe3ouX2xvY2t8fChCdCh0KSxfbigpLE9uKCksdCE9bnVsbCYmT2woWGksbixoZSxfZSxLLEUsbnVsbCkpfWZ1bmN0aW9uIFlpKCl7SC5mb3JFYWNoKFVmKSxTbihuLndpZHRoLG4uaGVpZ2h0LCEwKX1RdChzbix4bCxZaSk7bGV0IF9sPXt9O19sLm1vdXNlZG93bj1XaSxfbC5tb3VzZW1vdmU9UmksX2wubW91c2V1cD1HaSxfbC5kYmxjbGljaz1JaSxfbC5zZXRTZXJpZXM9KHQsaSxyLGYpPT57bGV0IGM9a2UubWF0Y2hbMl07cj1jKG4saSxyKSxyIT0tMSYmdnQocixmLCEwLCExKX0sTmUmJihXZShKaSxQLFdpKSxXZShHbixQLFJpKSxXZShaaSxQLHQ9PntCdCh0KSxWbCghMSl9KSxXZShRaSxQLCRzKSxXZShYaSxQLElpKSx0aS5hZGQobiksbi5zeW5jUmVjdD1WbCk7bGV0IGVuPW4uaG9va3M9ZS5ob29rc3x8e307ZnVuY3Rpb24gemUodCxpLHIpe1BuP3psLnB1c2goW3QsaSxyXSk6dCBpbiBlbiYmZW5bdF0uZm9yRWFjaChmPT57Zi5jYWxsKG51bGwsbixpLHIpfSl9KGUucGx1Z2luc3x8W10pLmZvckVhY2godD0+e2ZvcihsZXQgaSBpbiB0Lmhvb2tzKWVuW2ldPShlbltpXXx8W10pLmNvbmNhdCh0Lmhvb2tzW2ldKX0pO2xldCBCaT0odCxpLHIpPT5yLGtlPWJlKHtrZXk6bnVsbCxzZXRTZXJpZXM6ITEsZmlsdGVyczp7cHViOmNvLHN1Yjpjb30sc2NhbGVzOltELHhbMV0/eFsxXS5zY2FsZTpudWxsXSxtYXRjaDpbYW8sYW8sQmldLHZhbHVlczpbbnVsbCxudWxsXX0sei5zeW5jKTtrZS5tYXRjaC5sZW5ndGg9PTImJmtlLm1hdGNoLnB1c2goQmkpLHouc3luYz1rZTtsZXQgVWk9a2Uua2V5LEhuPWZzKFVpKTtmdW5jdGlvbiBPbCh0LGkscixmLGMsaCxTKXtrZS5maWx0ZXJzLnB1Yih0LGkscixmLGMsaCxTKSYmSG4ucHViKHQsaSxyLGYsYyxoLFMpfUhuLnN1YihuKTtmdW5jdGlvbiBxcyh0LGkscixmLGMsaCxTKXtrZS5maWx0ZXJzLnN1Yih0LGkscixmLGMsaCxTKSYmX2xbdF0obnVsbCxpLHIsZixjLGgsUyl9bi5wdWI9cXM7ZnVuY3Rpb24gSnMoKXtIbi51bnN1YihuKSx0aS5kZWxldGUobiksTnQuY2xlYXIoKSxKbihzbix4bCxZaSksZC5yZW1vdmUoKSxzZT8ucmVtb3ZlKCksemUoImRlc3Ryb3kiKX1uLmRlc3Ryb3k9SnM7ZnVuY3Rpb24gTm4oKXt6ZSgiaW5pdCIsZSxsKSx2aShsfHxlLmRhdGEsITEpLFZbRF0/TG4oRCxWW0RdKTpfbigpLGpsPW1lLnNob3cmJihtZS53aWR0aD4wfHxtZS5oZWlnaHQ+MCksWXQ9aXQ9ITAsU24oZS53aWR0aCxlLmhlaWdodCl9cmV0dXJuIHguZm9yRWFjaChfaSksSC5mb3JFYWNoKEFzKSxvP28gaW5zdGFuY2VvZiBIVE1MRWxlbWVudD8oby5hcHBlbmRDaGlsZChkKSxObigpKTpvKG4sTm4pOk5uKCksbn1SZS5hc3NpZ249YmU7UmUuZm10TnVtPWZpO1JlLnJhbmdlTnVtPXJuO1JlLnJhbmdlTG9nPWNuO1JlLnJhbmdlQXNpbmg9c2k7UmUub3JpZW50PWVsO1JlLnB4UmF0aW89b2U7UmUuam9pbj1ScjtSZS5mbXREYXRlPWNpLFJlLnR6RGF0ZT1LcjtSZS5zeW5jPWZzO3tSZS5hZGRHYXA9RGYsUmUuY2xpcEdhcHM9aG47bGV0IGU9UmUucGF0aHM9e3BvaW50czptc307ZS5saW5lYXI9Z3MsZS5zdGVwcGVkPUNmLGUuYmFycz16ZixlLnNwbGluZT1SZn12YXIgS2Y9bmV3IEludGwuTnVtYmVyRm9ybWF0KCJlbi1VUyIse3N0eWxlOiJjdXJyZW5jeSIsY3VycmVuY3k6IlVTRCJ9KTtmdW5jdGlvbiBqZihlKXtsZXQgbD1lLmZpbmQobz0+byE9PW51bGwpO3JldHVybiBlLm1hcChvPT5vPT09bnVsbHx8IWw/bnVsbDooby9sLTEpKjEwMCl9dmFyIHlzPWU9PmUuc2V0TGVnZW5kKHtpZHg6ZS5kYXRhWzBdLmxlbmd0aC0xfSwhMSk7ZnVuY3Rpb24gJGYoZSxsLG8pe2xldCBuPWUubWV0YWxzLm1hcCh1PT57bGV0IHA9bC5wcmljZXNbdV07cmV0dXJue2xhYmVsOnUsc3Ryb2tlOmUuY29sb3JzW3VdLHdpZHRoOjIsdmFsdWU6KG0sZCx5LGcpPT5kPT09bnVsbHx8Zz09PW51bGx8fHBbZ109PW51bGw/Ilx1MjAxNCI6YCR7S2YuZm9ybWF0KHBbZ10pfSAoJHtkPj0wPyIrIjoiIn0ke2QudG9GaXhlZCgyKX0gJSlgfX0pLHM9e3dpZHRoOm8uY2xpZW50V2lkdGgsaGVpZ2h0OjI0MCx0ekRhdGU6dT0+UmUudHpEYXRlKG5ldyBEYXRlKHUqMWUzKSwiRXRjL1VUQyIpLHNjYWxlczp7eDp7dGltZTohMH19LGF4ZXM6W3t9LHt2YWx1ZXM6KHUscCk9PnAubWFwKG09PmAke20udG9GaXhlZCgxKX0gJWApLHNpemU6NjB9XSxzZXJpZXM6W3tsYWJlbDoiVVRDIix2YWx1ZToie1lZWVl9LXtNTX0te0REfSB7SEh9OnttbX0ifSwuLi5uXSxjdXJzb3I6e2RyYWc6e3g6ITEseTohMX19LGhvb2tzOntyZWFkeTpbeXNdLHNldEN1cnNvcjpbdT0+dS5jdXJzb3IuaWR4PT1udWxsJiZ5cyh1KV19fSxhPVtsLngsLi4uZS5tZXRhbHMubWFwKHU9PmpmKGwucHJpY2VzW3VdKSldO3JldHVybiBuZXcgUmUocyxhLG8pfWZ1bmN0aW9uIHFmKCl7bGV0IGU9ZG9jdW1lbnQuZ2V0RWxlbWVudEJ5SWQoInNwb3QtZGF0YSIpO2lmKCFlPy50ZXh0Q29udGVudClyZXR1cm47bGV0IGw9SlNPTi5wYXJzZShlLnRleHRDb250ZW50KSxvPVtdO2ZvcihsZXQgcyBvZiBsLmNoYXJ0cyl7bGV0IGE9ZG9jdW1lbnQuZ2V0RWxlbWVudEJ5SWQocy5pZCk7YSYmcy54Lmxlbmd0aCYmby5wdXNoKFskZihsLHMsYSksYV0pfWxldCBuPW5ldyBSZXNpemVPYnNlcnZlcigoKT0+e2ZvcihsZXRbcyxhXW9mIG8pcy53aWR0aCE9PWEuY2xpZW50V2lkdGgmJnMuc2V0U2l6ZSh7d2lkdGg6YS5jbGllbnRXaWR0aCxoZWlnaHQ6MjQwfSl9KTtmb3IobGV0WyxzXW9mIG8pbi5vYnNlcnZlKHMpfXFmKCk7fSkoKTsK";
var STATUS_STYLE_BASE64 = "LnVwbG90LCAudXBsb3QgKiwgLnVwbG90ICo6OmJlZm9yZSwgLnVwbG90ICo6OmFmdGVyIHtib3gtc2l6aW5nOiBib3JkZXItYm94O30udXBsb3Qge2ZvbnQtZmFtaWx5OiBzeXN0ZW0tdWksIC1hcHBsZS1zeXN0ZW0sICJTZWdvZSBVSSIsIFJvYm90bywgIkhlbHZldGljYSBOZXVlIiwgQXJpYWwsICJOb3RvIFNhbnMiLCBzYW5zLXNlcmlmLCAiQXBwbGUgQ29sb3IgRW1vamkiLCAiU2Vnb2UgVUkgRW1vamkiLCAiU2Vnb2UgVUkgU3ltYm9sIiwgIk5vdG8gQ29sb3IgRW1vamkiO2xpbmUtaGVpZ2h0OiAxLjU7d2lkdGg6IG1pbi1jb250ZW50O30udS10aXRsZSB7dGV4dC1hbGlnbjogY2VudGVyO2ZvbnQtc2l6ZTogMThweDtmb250LXdlaWdodDogYm9sZDt9LnUtd3JhcCB7cG9zaXRpb246IHJlbGF0aXZlO3VzZXItc2VsZWN0OiBub25lO30udS1vdmVyLCAudS11bmRlciB7cG9zaXRpb246IGFic29sdXRlO30udS11bmRlciB7b3ZlcmZsb3c6IGhpZGRlbjt9LnVwbG90IGNhbnZhcyB7ZGlzcGxheTogYmxvY2s7cG9zaXRpb246IHJlbGF0aXZlO3dpZHRoOiAxMDAlO2hlaWdodDogMTAwJTt9LnUtYXhpcyB7cG9zaXRpb246IGFic29sdXRlO30udS1sZWdlbmQge2ZvbnQtc2l6ZTogMTRweDttYXJnaW46IGF1dG87dGV4dC1hbGlnbjogY2VudGVyO30udS1pbmxpbmUge2Rpc3BsYXk6IGJsb2NrO30udS1pbmxpbmUgKiB7ZGlzcGxheTogaW5saW5lLWJsb2NrO30udS1pbmxpbmUgdHIge21hcmdpbi1yaWdodDogMTZweDt9LnUtbGVnZW5kIHRoIHtmb250LXdlaWdodDogNjAwO30udS1sZWdlbmQgdGggPiAqIHt2ZXJ0aWNhbC1hbGlnbjogbWlkZGxlO2Rpc3BsYXk6IGlubGluZS1ibG9jazt9LnUtbGVnZW5kIC51LW1hcmtlciB7d2lkdGg6IDFlbTtoZWlnaHQ6IDFlbTttYXJnaW4tcmlnaHQ6IDRweDtiYWNrZ3JvdW5kLWNsaXA6IHBhZGRpbmctYm94ICFpbXBvcnRhbnQ7fS51LWlubGluZS51LWxpdmUgdGg6OmFmdGVyIHtjb250ZW50OiAiOiI7dmVydGljYWwtYWxpZ246IG1pZGRsZTt9LnUtaW5saW5lOm5vdCgudS1saXZlKSAudS12YWx1ZSB7ZGlzcGxheTogbm9uZTt9LnUtc2VyaWVzID4gKiB7cGFkZGluZzogNHB4O30udS1zZXJpZXMgdGgge2N1cnNvcjogcG9pbnRlcjt9LnUtbGVnZW5kIC51LW9mZiA+ICoge29wYWNpdHk6IDAuMzt9LnUtc2VsZWN0IHtiYWNrZ3JvdW5kOiByZ2JhKDAsMCwwLDAuMDcpO3Bvc2l0aW9uOiBhYnNvbHV0ZTtwb2ludGVyLWV2ZW50czogbm9uZTt9LnUtY3Vyc29yLXgsIC51LWN1cnNvci15IHtwb3NpdGlvbjogYWJzb2x1dGU7bGVmdDogMDt0b3A6IDA7cG9pbnRlci1ldmVudHM6IG5vbmU7d2lsbC1jaGFuZ2U6IHRyYW5zZm9ybTt9LnUtaHogLnUtY3Vyc29yLXgsIC51LXZ0IC51LWN1cnNvci15IHtoZWlnaHQ6IDEwMCU7Ym9yZGVyLXJpZ2h0OiAxcHggZGFzaGVkICM2MDdEOEI7fS51LWh6IC51LWN1cnNvci15LCAudS12dCAudS1jdXJzb3IteCB7d2lkdGg6IDEwMCU7Ym9yZGVyLWJvdHRvbTogMXB4IGRhc2hlZCAjNjA3RDhCO30udS1jdXJzb3ItcHQge3Bvc2l0aW9uOiBhYnNvbHV0ZTt0b3A6IDA7bGVmdDogMDtib3JkZXItcmFkaXVzOiA1MCU7Ym9yZGVyOiAwIHNvbGlkO3BvaW50ZXItZXZlbnRzOiBub25lO3dpbGwtY2hhbmdlOiB0cmFuc2Zvcm07Lyp0aGlzIGhhcyB0byBiZSAhaW1wb3J0YW50IHNpbmNlIHdlIHNldCBpbmxpbmUgImJhY2tncm91bmQiIHNob3J0aGFuZCAqL2JhY2tncm91bmQtY2xpcDogcGFkZGluZy1ib3ggIWltcG9ydGFudDt9LnUtYXhpcy51LW9mZiwgLnUtc2VsZWN0LnUtb2ZmLCAudS1jdXJzb3IteC51LW9mZiwgLnUtY3Vyc29yLXkudS1vZmYsIC51LWN1cnNvci1wdC51LW9mZiB7ZGlzcGxheTogbm9uZTt9Ci8qIFN0YXR1cyBwYWdlIHN0eWxlcyAoYnVuZGxlZCBhZnRlciB1UGxvdCdzIG93biBieSBzY3JpcHRzL2dlbi1zdGF0dXMtYXNzZXRzLnRzKS4gKi8KOnJvb3QgewogIC0taW5rOiAjMWQyNDMwOwogIC0tbXV0ZWQ6ICM2YjczODA7CiAgLS1saW5lOiAjZTNlNmViOwogIC0tcGFuZWw6ICNmZmZmZmY7CiAgLS1iZzogI2Y0ZjVmNzsKICAtLW9rOiAjMWU3ZjRmOwogIC0tb2stYmc6ICNlM2Y0ZWE7CiAgLS13YXJuOiAjOGE1YTAwOwogIC0td2Fybi1iZzogI2ZmZjFkMTsKICAtLWJhZDogI2I0MjMxODsKICAtLWJhZC1iZzogI2ZkZTdlNTsKICAtLW9mZjogIzhhOTE5YzsKICAtLW9mZi1iZzogI2VlZjBmMjsKfQoqIHsKICBib3gtc2l6aW5nOiBib3JkZXItYm94Owp9CmJvZHkgewogIG1hcmdpbjogMDsKICBiYWNrZ3JvdW5kOiB2YXIoLS1iZyk7CiAgY29sb3I6IHZhcigtLWluayk7CiAgZm9udDoKICAgIDE0cHggLyAxLjQ1IHN5c3RlbS11aSwKICAgIC1hcHBsZS1zeXN0ZW0sCiAgICAiU2Vnb2UgVUkiLAogICAgUm9ib3RvLAogICAgIkhlbHZldGljYSBOZXVlIiwKICAgIEFyaWFsLAogICAgc2Fucy1zZXJpZjsKfQpoZWFkZXIgewogIGRpc3BsYXk6IGZsZXg7CiAgZmxleC13cmFwOiB3cmFwOwogIGFsaWduLWl0ZW1zOiBiYXNlbGluZTsKICBnYXA6IDRweCAxNHB4OwogIHBhZGRpbmc6IDE4cHggMjhweCAxMHB4Owp9CmhlYWRlciBwIHsKICBmbGV4LWJhc2lzOiAxMDAlOwogIG1hcmdpbjogMDsKfQpoMSB7CiAgZm9udC1zaXplOiAyMnB4OwogIG1hcmdpbjogMDsKfQpoMiB7CiAgZm9udC1zaXplOiAxNnB4OwogIG1hcmdpbjogMCAwIDEwcHg7Cn0KbWFpbiB7CiAgcGFkZGluZzogMCAyOHB4IDI4cHg7CiAgZGlzcGxheTogZ3JpZDsKICBnYXA6IDE2cHg7Cn0Kc2VjdGlvbiB7CiAgYmFja2dyb3VuZDogdmFyKC0tcGFuZWwpOwogIGJvcmRlcjogMXB4IHNvbGlkIHZhcigtLWxpbmUpOwogIGJvcmRlci1yYWRpdXM6IDhweDsKICBwYWRkaW5nOiAxNHB4IDE2cHg7CiAgbWluLXdpZHRoOiAwOwp9CmNvZGUsCi5tb25vIHsKICBmb250LWZhbWlseTogdWktbW9ub3NwYWNlLCBTRk1vbm8tUmVndWxhciwgTWVubG8sIENvbnNvbGFzLCBtb25vc3BhY2U7CiAgZm9udC1zaXplOiAxMnB4Owp9Ci5tdXRlZCB7CiAgY29sb3I6IHZhcigtLW11dGVkKTsKfQouc21hbGwgewogIGZvbnQtc2l6ZTogMTFweDsKICBmb250LXdlaWdodDogNDAwOwp9Ci5lcnJvciB7CiAgY29sb3I6IHZhcigtLWJhZCk7Cn0KLmRldGFpbCB7CiAgZm9udC1zaXplOiAxMnB4OwogIGNvbG9yOiB2YXIoLS1tdXRlZCk7CiAgbWF4LXdpZHRoOiA1MjBweDsKICBvdmVyZmxvdy13cmFwOiBhbnl3aGVyZTsKfQouYmFkZ2UgewogIGJvcmRlci1yYWRpdXM6IDk5OXB4OwogIHBhZGRpbmc6IDJweCAxMHB4OwogIGZvbnQtd2VpZ2h0OiA2MDA7CiAgZm9udC1zaXplOiAxM3B4Owp9Ci5iYWRnZS1vayB7CiAgYmFja2dyb3VuZDogdmFyKC0tb2stYmcpOwogIGNvbG9yOiB2YXIoLS1vayk7Cn0KLmJhZGdlLWJhZCB7CiAgYmFja2dyb3VuZDogdmFyKC0tYmFkLWJnKTsKICBjb2xvcjogdmFyKC0tYmFkKTsKfQoucGlsbCB7CiAgZGlzcGxheTogaW5saW5lLWJsb2NrOwogIGJvcmRlci1yYWRpdXM6IDRweDsKICBwYWRkaW5nOiAwIDZweDsKICBmb250LXNpemU6IDEycHg7CiAgZm9udC13ZWlnaHQ6IDYwMDsKICB0ZXh0LXRyYW5zZm9ybTogdXBwZXJjYXNlOwogIGxldHRlci1zcGFjaW5nOiAwLjAyZW07CiAgYmFja2dyb3VuZDogdmFyKC0tb2ZmLWJnKTsKICBjb2xvcjogdmFyKC0tb2ZmKTsKfQouYWdlIHsKICBjb2xvcjogdmFyKC0tbXV0ZWQpOwp9Cgp0YWJsZSB7CiAgYm9yZGVyLWNvbGxhcHNlOiBjb2xsYXBzZTsKfQp0YWJsZS5saXN0IHsKICB3aWR0aDogMTAwJTsKfQp0YWJsZS5saXN0IHRoLAp0YWJsZS5saXN0IHRkIHsKICB0ZXh0LWFsaWduOiBsZWZ0OwogIHBhZGRpbmc6IDZweCAxMHB4OwogIGJvcmRlci10b3A6IDFweCBzb2xpZCB2YXIoLS1saW5lKTsKICB2ZXJ0aWNhbC1hbGlnbjogdG9wOwp9CnRhYmxlLmxpc3QgdGhlYWQgdGggewogIGJvcmRlci10b3A6IDA7CiAgY29sb3I6IHZhcigtLW11dGVkKTsKICBmb250LXdlaWdodDogNTAwOwogIGZvbnQtc2l6ZTogMTJweDsKfQp0YWJsZS5saXN0IHRib2R5IHRoIHsKICBmb250LXdlaWdodDogNjAwOwp9CgouZnJlc2gtZnJlc2ggLnBpbGwsCi5qb2Itb2sgLnBpbGwgewogIGJhY2tncm91bmQ6IHZhcigtLW9rLWJnKTsKICBjb2xvcjogdmFyKC0tb2spOwp9Ci5mcmVzaC1zdGFsZSAucGlsbCwKLmpvYi1ydW5uaW5nIC5waWxsIHsKICBiYWNrZ3JvdW5kOiB2YXIoLS13YXJuLWJnKTsKICBjb2xvcjogdmFyKC0td2Fybik7Cn0KLmZyZXNoLW1pc3NpbmcgLnBpbGwsCi5mcmVzaC1nYXJiYWdlIC5waWxsLAouZnJlc2gtZXJyb3IgLnBpbGwsCi5qb2ItZmFpbGluZyAucGlsbCB7CiAgYmFja2dyb3VuZDogdmFyKC0tYmFkLWJnKTsKICBjb2xvcjogdmFyKC0tYmFkKTsKfQouZnJlc2gtc3RhbGUgLmFnZSB7CiAgY29sb3I6IHZhcigtLXdhcm4pOwogIGZvbnQtd2VpZ2h0OiA2MDA7Cn0KCi5tZXRhbHMgewogIGRpc3BsYXk6IGdyaWQ7CiAgZ3JpZC10ZW1wbGF0ZS1jb2x1bW5zOiByZXBlYXQoYXV0by1maXQsIG1pbm1heCgxODBweCwgMWZyKSk7CiAgZ2FwOiAxMHB4OwogIG1hcmdpbi1ib3R0b206IDE0cHg7Cn0KLm1ldGFsIHsKICBib3JkZXI6IDFweCBzb2xpZCB2YXIoLS1saW5lKTsKICBib3JkZXItcmFkaXVzOiA2cHg7CiAgcGFkZGluZzogOHB4IDEycHg7Cn0KLm1ldGFsLW5hbWUgewogIGZvbnQtd2VpZ2h0OiA2MDA7CiAgZGlzcGxheTogZmxleDsKICBhbGlnbi1pdGVtczogY2VudGVyOwogIGdhcDogNnB4Owp9Ci5tZXRhbC1wcmljZSB7CiAgZm9udC1zaXplOiAyMHB4OwogIGZvbnQtd2VpZ2h0OiA2MDA7CiAgZm9udC12YXJpYW50LW51bWVyaWM6IHRhYnVsYXItbnVtczsKfQoubWV0YWwtY2hhbmdlIHsKICBmb250LXNpemU6IDEycHg7Cn0KLnVwIHsKICBjb2xvcjogdmFyKC0tb2spOwp9Ci5kb3duIHsKICBjb2xvcjogdmFyKC0tYmFkKTsKfQouc3dhdGNoIHsKICBkaXNwbGF5OiBpbmxpbmUtYmxvY2s7CiAgd2lkdGg6IDEwcHg7CiAgaGVpZ2h0OiAxMHB4OwogIGJvcmRlci1yYWRpdXM6IDJweDsKICBiYWNrZ3JvdW5kOiB2YXIoLS1vZmYpOwogIG1hcmdpbi1yaWdodDogNnB4OwogIGZsZXg6IG5vbmU7Cn0KLnN3YXRjaC1nb2xkIHsKICBiYWNrZ3JvdW5kOiAjYzg5NjFlOwp9Ci5zd2F0Y2gtc2lsdmVyIHsKICBiYWNrZ3JvdW5kOiAjN2Q4NzkxOwp9Ci5zd2F0Y2gtcGxhdGludW0gewogIGJhY2tncm91bmQ6ICMyZjdhYjg7Cn0KLnN3YXRjaC1wYWxsYWRpdW0gewogIGJhY2tncm91bmQ6ICM5YTRmYjU7Cn0KLnN3YXRjaC1nb2xkYmFjayB7CiAgYmFja2dyb3VuZDogI2UwYjg0YTsKfQouY2hhcnRzIHsKICBkaXNwbGF5OiBncmlkOwogIGdyaWQtdGVtcGxhdGUtY29sdW1uczogcmVwZWF0KGF1dG8tZml0LCBtaW5tYXgoNDIwcHgsIDFmcikpOwogIGdhcDogMTZweDsKfQpmaWd1cmUgewogIG1hcmdpbjogMDsKICBtaW4td2lkdGg6IDA7Cn0KZmlnY2FwdGlvbiB7CiAgZm9udC13ZWlnaHQ6IDYwMDsKICBtYXJnaW4tYm90dG9tOiA0cHg7Cn0KLmNoYXJ0IHsKICBtaW4taGVpZ2h0OiA2MHB4Owp9Ci5jaGFydCAudS1sZWdlbmQgewogIGZvbnQtc2l6ZTogMTJweDsKICB0ZXh0LWFsaWduOiBsZWZ0Owp9Ci5jaGFydCAudS1sZWdlbmQgLnUtbWFya2VyIHsKICB3aWR0aDogMTBweDsKICBoZWlnaHQ6IDEwcHg7Cn0KCi5zdW1tYXJ5IC5sZWdlbmQgewogIG1hcmdpbi1sZWZ0OiA4cHg7CiAgcGFkZGluZzogMXB4IDZweDsKICBib3JkZXItcmFkaXVzOiA0cHg7Cn0KLmdyaWQtd3JhcCB7CiAgb3ZlcmZsb3cteDogYXV0bzsKfQp0YWJsZS5ncmlkIHsKICBmb250LXNpemU6IDEzcHg7CiAgZm9udC12YXJpYW50LW51bWVyaWM6IHRhYnVsYXItbnVtczsKfQovKiBiaW9tZS1pZ25vcmUgbGludC9zdHlsZS9ub0Rlc2NlbmRpbmdTcGVjaWZpY2l0eTogdGhlIGxpc3QgdGFibGVzJyBydWxlcyBhYm92ZSBuZXZlciBhcHBseSB0byB0aGUgZ3JpZCAqLwp0YWJsZS5ncmlkIHRoLAp0YWJsZS5ncmlkIHRkIHsKICBwYWRkaW5nOiA0cHggNnB4OwogIGJvcmRlci1ib3R0b206IDFweCBzb2xpZCB2YXIoLS1saW5lKTsKICB0ZXh0LWFsaWduOiByaWdodDsKICB3aGl0ZS1zcGFjZTogbm93cmFwOwp9CnRhYmxlLmdyaWQgdGhlYWQgdGggewogIHBvc2l0aW9uOiBzdGlja3k7CiAgdG9wOiAwOwogIGJhY2tncm91bmQ6IHZhcigtLXBhbmVsKTsKICBjb2xvcjogdmFyKC0tbXV0ZWQpOwogIGZvbnQtd2VpZ2h0OiA1MDA7CiAgZm9udC1zaXplOiAxMnB4OwogIHZlcnRpY2FsLWFsaWduOiBib3R0b207Cn0KdGFibGUuZ3JpZCB0aC5jb2luLAp0YWJsZS5ncmlkIHRoZWFkIHRoOmZpcnN0LWNoaWxkIHsKICB0ZXh0LWFsaWduOiBsZWZ0Owp9CnRhYmxlLmdyaWQgdGguY29pbiB7CiAgZm9udC13ZWlnaHQ6IDYwMDsKICBtaW4td2lkdGg6IDE3MHB4OwogIG1heC13aWR0aDogMjMwcHg7CiAgd2hpdGUtc3BhY2U6IG5vcm1hbDsKfQp0YWJsZS5ncmlkIHRoLmNvaW4gLnNtYWxsIHsKICBwYWRkaW5nLWxlZnQ6IDE2cHg7Cn0KdGFibGUuZ3JpZCB0ZC5udW0gewogIGZvbnQtd2VpZ2h0OiA2MDA7Cn0KLmNlbGwtcHJpY2UgewogIGNvbG9yOiB2YXIoLS1pbmspOwp9Ci5jZWxsLXN0YWxlIHsKICBjb2xvcjogdmFyKC0td2Fybik7CiAgYmFja2dyb3VuZDogdmFyKC0td2Fybi1iZyk7Cn0KLmNlbGwtb29zIHsKICBjb2xvcjogdmFyKC0tb2ZmKTsKICBiYWNrZ3JvdW5kOiB2YXIoLS1vZmYtYmcpOwp9Ci5jZWxsLWZhaWxlZCB7CiAgY29sb3I6IHZhcigtLWJhZCk7CiAgYmFja2dyb3VuZDogdmFyKC0tYmFkLWJnKTsKICBmb250LXdlaWdodDogNjAwOwp9Ci5jZWxsLW5vbmUgewogIGNvbG9yOiB2YXIoLS1saW5lKTsKfQouY29pbi1zdGFsZSB7CiAgY29sb3I6IHZhcigtLXdhcm4pOwogIGZvbnQtd2VpZ2h0OiA2MDA7Cn0KCi8qIE9sZCBkYXRhOiB0aGUgbGFzdCBrbm93biBwcmljZXMgYW5kIHRoZSBsYXN0IGF2YWlsYWJsZSBwZXJpb2QsIG1hcmtlZCBzdGFsZS4gKi8KLnN0YWxlLW5vdGljZSB7CiAgbWFyZ2luOiAwIDAgMTJweDsKICBwYWRkaW5nOiA4cHggMTJweDsKICBib3JkZXItcmFkaXVzOiA2cHg7CiAgYmFja2dyb3VuZDogdmFyKC0td2Fybi1iZyk7CiAgY29sb3I6IHZhcigtLXdhcm4pOwogIGZvbnQtd2VpZ2h0OiA2MDA7Cn0KLm1ldGFsLXN0YWxlIC5tZXRhbC1wcmljZSB7CiAgY29sb3I6IHZhcigtLXdhcm4pOwp9Cg==";

// src/serve/status/grid.ts
import { join as join5 } from "node:path";
var SLUG = /^[a-z0-9][a-z0-9_-]*$/;
var price = external_exports.number().finite().positive();
var manifestRead = external_exports.object({
  generated_at: external_exports.string().optional(),
  updated: external_exports.string().optional(),
  coins: external_exports.array(external_exports.string()),
  coins_meta: external_exports.record(external_exports.string(), external_exports.object({ name: external_exports.string().optional(), metal: external_exports.string().optional() })).optional()
});
var latestRead = external_exports.object({
  window_start: external_exports.string().optional(),
  median_price: price.nullable().optional(),
  lowest_price: price.nullable().optional(),
  vendors: external_exports.record(
    external_exports.string(),
    external_exports.object({ price, stale: external_exports.boolean().optional(), stale_since: external_exports.string().optional() })
  ).optional(),
  availability_by_site: external_exports.record(external_exports.string(), external_exports.boolean()).optional(),
  last_known_price_by_site: external_exports.record(external_exports.string(), price).optional(),
  last_available_date_by_site: external_exports.record(external_exports.string(), external_exports.string()).optional()
});
var providersRead = external_exports.record(external_exports.string(), external_exports.record(external_exports.string(), external_exports.unknown()));
async function readJson(root, rel, schema) {
  const text = await readTextIfExists(join5(root, rel));
  if (text === void 0) return { ok: false, problem: `${rel} is missing` };
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, problem: `${rel} is not JSON: ${parsed.error}` };
  const r = schema.safeParse(parsed.value);
  return r.success ? { ok: true, value: r.data } : { ok: false, problem: `${rel}: ${external_exports.prettifyError(r.error).replace(/\n/g, "; ")}` };
}
var instant = (s) => {
  const t = s === void 0 ? Number.NaN : Date.parse(s);
  return Number.isNaN(t) ? void 0 : t;
};
function cellOf(dealer, latest, listed) {
  const quote = latest.vendors?.[dealer];
  if (quote)
    return quote.stale ? { state: "stale", price: quote.price, since: quote.stale_since } : { state: "price", price: quote.price };
  const lastPrice = latest.last_known_price_by_site?.[dealer];
  const lastAvailable = latest.last_available_date_by_site?.[dealer];
  const known = {
    ...lastPrice !== void 0 && { lastPrice },
    ...lastAvailable !== void 0 && { lastAvailable }
  };
  if (latest.availability_by_site?.[dealer] === false) return { state: "oos", ...known };
  const seen = listed || dealer in (latest.availability_by_site ?? {}) || lastPrice !== void 0 || lastAvailable !== void 0;
  return seen ? { state: "failed", ...known } : { state: "none" };
}
async function readRetailGrid(root) {
  const manifest = await readJson(root, MANIFEST_PATH, manifestRead);
  if (!manifest.ok) return { dealers: [], coins: [], problem: manifest.problem };
  const providers = await readJson(root, "data/api/providers.json", providersRead);
  const listedBy = providers.ok ? providers.value : {};
  const m = manifest.value;
  const rows = await Promise.all(
    m.coins.map(async (slug) => {
      const meta = m.coins_meta?.[slug];
      const row = { slug, name: meta?.name ?? slug, metal: meta?.metal ?? "", cells: {} };
      if (!SLUG.test(slug)) return { row: { ...row, problem: "not a valid coin slug; not read" } };
      const latest = await readJson(root, `data/api/${slug}/latest.json`, latestRead);
      if (!latest.ok) return { row: { ...row, problem: latest.problem } };
      return { row, latest: latest.value };
    })
  );
  const dealers = /* @__PURE__ */ new Set();
  for (const { row, latest } of rows) {
    for (const d of Object.keys(listedBy[row.slug] ?? {})) dealers.add(d);
    if (!latest) continue;
    for (const rec of [
      latest.vendors,
      latest.availability_by_site,
      latest.last_known_price_by_site,
      latest.last_available_date_by_site
    ])
      for (const d of Object.keys(rec ?? {})) dealers.add(d);
  }
  const sorted = [...dealers].sort();
  const coins = rows.map(({ row, latest }) => {
    if (!latest) return row;
    const listed = new Set(Object.keys(listedBy[row.slug] ?? {}));
    return {
      ...row,
      windowStart: instant(latest.window_start),
      median: latest.median_price ?? void 0,
      lowest: latest.lowest_price ?? void 0,
      cells: Object.fromEntries(sorted.map((d) => [d, cellOf(d, latest, listed.has(d))]))
    };
  });
  return { generatedAt: instant(m.generated_at ?? m.updated), dealers: sorted, coins };
}

// src/serve/status/html.ts
var Html = class {
  constructor(text) {
    this.text = text;
  }
  text;
};
var ENTITIES = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;"
};
var escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
var render = (v) => v instanceof Html ? v.text : Array.isArray(v) ? v.map(render).join("") : v === null || v === void 0 || v === false ? "" : escapeHtml(String(v));
function html(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new Html(out);
}
var jsonBlock = (value) => new Html(JSON.stringify(value).replace(/</g, "\\u003c"));

// src/serve/status/jobs.ts
function jobState(job) {
  if (job.running) return "running";
  if (job.lastError && (!job.lastSuccess || job.lastError.at > job.lastSuccess)) return "failing";
  return job.lastSuccess ? "ok" : "never run";
}

// src/serve/status/page.ts
var METAL_COLORS = {
  Gold: "#c8961e",
  Silver: "#7d8791",
  Platinum: "#2f7ab8",
  Palladium: "#9a4fb5"
};
var usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
var money = (n) => n === void 0 ? "\u2014" : usd.format(n);
function formatAge(ms) {
  const s = Math.abs(ms) / 1e3;
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}
var utc = (t) => `${formatIso(new Date(t)).slice(0, 16).replace("T", " ")} UTC`;
function ago(now, at) {
  if (at === void 0) return html`<span class="muted">never</span>`;
  const t = new Date(at).getTime();
  const diff = now.getTime() - t;
  return html`<time datetime="${formatIso(new Date(t))}" title="${utc(t)}">${diff >= 0 ? `${formatAge(diff)} ago` : `in ${formatAge(diff)}`}</time>`;
}
var pct = (n) => n === void 0 ? html`<span class="muted">—</span>` : html`<span class="${n >= 0 ? "up" : "down"}">${n >= 0 ? "+" : "\u2212"}${Math.abs(n).toFixed(2)} %</span>`;
var GOOD = /* @__PURE__ */ new Set(["fresh", "skipped"]);
function freshnessCell(now, f) {
  const age = f.at ? html` <span class="age">${formatAge(now.getTime() - Date.parse(f.at))} old</span>` : "";
  const limit = f.maxAgeMinutes ? `limit ${formatAge(f.maxAgeMinutes * MINUTE)}` : "";
  const title = [f.path, f.at && `data of ${utc(Date.parse(f.at))}`, limit, f.detail].filter(Boolean).join(" \xB7 ");
  return html`<td class="fresh-${f.status}" title="${title}"><span class="pill">${f.status}</span>${age}${f.detail && !GOOD.has(f.status) ? html`<div class="detail">${f.detail}</div>` : ""}</td>`;
}
function endpointsSection(m) {
  const rows = m.endpoints.map(
    (e) => html`<tr>
      <th scope="row">${e.label}${e.note ? html` <span class="muted">${e.note}</span>` : ""}</th>
      ${freshnessCell(m.now, e.spot)}${freshnessCell(m.now, e.retail)}
      <td>${e.checkedAt ? ago(m.now, e.checkedAt) : html`<span class="muted">now</span>`}</td>
    </tr>`
  );
  const none = m.endpoints.length === 1 ? html`<p class="muted">No other endpoint configured (serve option <code>status-endpoints</code>).</p>` : "";
  return html`<section id="endpoints">
    <h2>Endpoints</h2>
    <table class="list"><thead><tr><th>Endpoint</th><th>Spot (newest hourly entry)</th><th>Retail (manifest)</th><th>Checked</th></tr></thead>
    <tbody>${rows}</tbody></table>${none}
  </section>`;
}
function jobsSection(m) {
  let body;
  if (m.jobsError) body = html`<p class="error">Job status unavailable: ${m.jobsError}</p>`;
  else if (!m.jobs)
    body = html`<p class="muted">No scheduler in this process: <code>serve</code> runs alone (the daemon lists its jobs here).</p>`;
  else if (m.jobs.length === 0) body = html`<p class="muted">The scheduler has no jobs.</p>`;
  else {
    const rows = m.jobs.map((j) => {
      const state = jobState(j);
      return html`<tr class="job-${state.replace(" ", "-")}">
        <th scope="row">${j.name}${j.schedule ? html`<div class="muted mono">${j.schedule}</div>` : ""}</th>
        <td><span class="pill">${state}</span></td>
        <td>${ago(m.now, j.lastRun)}</td>
        <td>${ago(m.now, j.lastSuccess)}</td>
        <td>${j.lastError ? html`${ago(m.now, j.lastError.at)}<div class="detail">${j.lastError.message.slice(0, 300)}</div>` : html`<span class="muted">none</span>`}</td>
        <td>${j.nextRun ? ago(m.now, j.nextRun) : html`<span class="muted">—</span>`}</td>
      </tr>`;
    });
    body = html`<table class="list"><thead><tr><th>Job</th><th>State</th><th>Last run</th><th>Last success</th><th>Last error</th><th>Next run</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  return html`<section id="jobs"><h2>Jobs</h2>${body}</section>`;
}
function spotSection(m) {
  const ended = m.spot.endedAt;
  const cards = m.spot.summary.map(
    (s) => html`<div class="metal${ended === void 0 ? "" : " metal-stale"}">
      <div class="metal-name"><span class="swatch swatch-${s.metal.toLowerCase()}"></span>${s.metal}</div>
      <div class="metal-price">${money(s.price)}</div>
      <div class="metal-change">24 h ${pct(s.change24h)} · 7 d ${pct(s.change7d)}</div>
      <div class="muted small">${s.at === void 0 ? "no data" : html`${ended === void 0 ? "as of" : "last known, stale since"} ${ago(m.now, s.at)}`}</div>
    </div>`
  );
  const notice = ended === void 0 ? "" : html`<p class="stale-notice" id="spot-stale">No spot data for ${formatAge(m.now.getTime() - ended)}: the newest is from ${utc(ended)}. The charts show the last available period, up to then.</p>`;
  const figures = m.spot.charts.map(
    (c) => html`<figure><figcaption>${ended === void 0 ? c.title : `${c.title} of data, to ${utc(ended)}`} <span class="muted">· % change, USD/oz in the legend</span></figcaption>
      <div class="chart" id="${c.id}" data-points="${c.x.length}">${c.x.length ? "" : html`<p class="muted">No spot data in this period.</p>`}</div></figure>`
  );
  const data = { colors: METAL_COLORS, metals: METALS, charts: m.spot.charts };
  return html`<section id="spot"><h2>Spot</h2>${notice}
    <div class="metals">${cards}</div>
    <div class="charts">${figures}</div>
    <script type="application/json" id="spot-data">${jsonBlock(data)}</script>
  </section>`;
}
function gridCell(now, dealer, coin, c) {
  const label = `${coin} at ${dealer}`;
  const last = "lastPrice" in c && c.lastPrice !== void 0 ? html`<div class="small">last ${money(c.lastPrice)}</div>` : "";
  switch (c.state) {
    case "price":
      return html`<td class="cell-price" title="${label}: current price">${money(c.price)}</td>`;
    case "stale": {
      const since = c.since && !Number.isNaN(Date.parse(c.since)) ? Date.parse(c.since) : void 0;
      return html`<td class="cell-stale" title="${label}: last price carried forward${since ? ` since ${utc(since)}` : ""}">${money(c.price)}<div class="small">stale${since ? ` ${formatAge(now.getTime() - since)}` : ""}</div></td>`;
    }
    case "oos":
      return html`<td class="cell-oos" title="${label}: out of stock${c.lastAvailable ? `, last in stock ${c.lastAvailable}` : ""}">OOS${last}</td>`;
    case "failed":
      return html`<td class="cell-failed" title="${label}: no price and no stock answer">failed${last}</td>`;
    case "none":
      return html`<td class="cell-none" title="${label}: not carried">·</td>`;
  }
}
function retailSection(m) {
  const g = m.retail;
  if (g.problem) return html`<section id="retail"><h2>Retail</h2><p class="error">${g.problem}</p></section>`;
  const count = (state) => g.coins.reduce((n, c) => n + Object.values(c.cells).filter((x) => x.state === state).length, 0);
  const head = g.dealers.map((d) => html`<th scope="col" class="dealer"><span>${d}</span></th>`);
  const rows = g.coins.map((c) => {
    const old = c.windowStart !== void 0 && m.retailMaxAgeMs > 0 && m.now.getTime() - c.windowStart > m.retailMaxAgeMs;
    const cells = c.problem ? html`<td colspan="${g.dealers.length}" class="error">${c.problem}</td>` : g.dealers.map((d) => gridCell(m.now, d, c.name, c.cells[d] ?? { state: "none" }));
    return html`<tr>
      <th scope="row" class="coin"><span class="swatch swatch-${c.metal.toLowerCase()}"></span>${c.name}<div class="muted small mono">${c.slug}</div></th>
      <td class="num">${money(c.median)}</td><td class="num">${money(c.lowest)}</td>
      <td class="${old ? "coin-stale" : ""}">${c.windowStart === void 0 ? "\u2014" : ago(m.now, c.windowStart)}</td>
      ${cells}
    </tr>`;
  });
  return html`<section id="retail"><h2>Retail</h2>
    <p class="summary">Manifest generated ${ago(m.now, g.generatedAt)} · ${g.coins.length} coins × ${g.dealers.length} dealers ·
      <span class="legend cell-price">${count("price")} priced</span>
      <span class="legend cell-stale">${count("stale")} stale</span>
      <span class="legend cell-oos">${count("oos")} out of stock</span>
      <span class="legend cell-failed">${count("failed")} failed</span></p>
    <div class="grid-wrap"><table class="grid">
      <thead><tr><th scope="col">Coin</th><th scope="col">Median</th><th scope="col">Low</th><th scope="col">Window</th>${head}</tr></thead>
      <tbody>${rows}</tbody>
    </table></div>
  </section>`;
}
function countProblems(m) {
  const endpoints = m.endpoints.flatMap((e) => [e.spot, e.retail]).filter((f) => !GOOD.has(f.status)).length;
  const jobs = (m.jobs ?? []).filter((j) => jobState(j) === "failing").length + (m.jobsError ? 1 : 0);
  return endpoints + jobs + (m.retail.problem ? 1 : 0);
}
function renderStatusPage(m) {
  const problems = countProblems(m);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>${problems ? `(${problems}) ` : ""}StakTrakr status</title>
<link rel="icon" href="${m.assets.icon}" type="image/svg+xml">
<link rel="stylesheet" href="${m.assets.style}">
<script src="${m.assets.script}" defer></script>
</head>
<body>
<header>
  <h1>StakTrakr status</h1>
  <span class="badge ${problems ? "badge-bad" : "badge-ok"}">${problems ? `${problems} problem${problems > 1 ? "s" : ""}` : "all fresh"}</span>
  <p class="muted">${utc(m.now)} · commit ${m.commit ? m.commit.slice(0, 12) : "unknown"} · up ${formatAge(m.uptimeSeconds * 1e3)} · refreshes every minute</p>
</header>
<main>
${endpointsSection(m)}
${jobsSection(m)}
${spotSection(m)}
${retailSection(m)}
</main>
</body>
</html>
`.text;
}

// src/serve/status/spot-chart.ts
function bucketed(points, from, to, step) {
  const out = /* @__PURE__ */ new Map();
  for (const p of points)
    if (p.t > from && p.t <= to) out.set(step ? Math.floor(p.t / step) * step : p.t, p.price);
  return out;
}
function chart(index, id, title, now, span, step) {
  const perMetal = new Map(METALS.map((m) => [m, bucketed(index.series(m), now - span, now, step)]));
  const times = [...new Set([...perMetal.values()].flatMap((b) => [...b.keys()]))].sort((a, b) => a - b);
  const prices = Object.fromEntries(
    METALS.map((m) => [m, times.map((t) => perMetal.get(m).get(t) ?? null)])
  );
  return { id, title, x: times.map((t) => t / 1e3), prices };
}
var change = (values) => {
  const known = values.filter((v) => v !== null);
  return known.length > 1 ? (known.at(-1) / known[0] - 1) * 100 : void 0;
};
function spotCharts(index, now) {
  const t = now.getTime();
  const day = chart(index, "chart-24h", "Last 24 hours", t, DAY, 0);
  const week = chart(index, "chart-7d", "Last 7 days (hourly)", t, 7 * DAY, HOUR);
  const summary = METALS.map((metal) => {
    const last = index.series(metal).findLast((p) => p.t <= t);
    return {
      metal,
      ...last && { price: last.price, at: last.t },
      change24h: change(day.prices[metal]),
      change7d: change(week.prices[metal])
    };
  });
  return { charts: [day, week], summary };
}

// src/serve/status/status-page.ts
var STATUS_CSP = "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'none'";
function asset(path2, type, body) {
  const version = createHash2("sha256").update(body).digest("hex").slice(0, 16);
  return { path: path2, type, body, url: `${path2}?v=${version}` };
}
var fromBase64 = (text) => Buffer.from(text, "base64");
var SCRIPT = asset("/status/status.js", "text/javascript; charset=utf-8", fromBase64(STATUS_SCRIPT_BASE64));
var STYLE = asset("/status/status.css", "text/css; charset=utf-8", fromBase64(STATUS_STYLE_BASE64));
var ICON = asset(
  "/status/icon.svg",
  "image/svg+xml",
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#c8961e"/><circle cx="8" cy="8" r="4.5" fill="none" stroke="#8a6410" stroke-width="1.2"/></svg>'
  )
);
var ASSETS = [SCRIPT, STYLE, ICON];
function localFreshness(check, field, path2) {
  const at = typeof check?.[field] === "string" ? check[field] : void 0;
  const max = Number(check?.max_age_seconds ?? 0);
  return {
    status: !at ? "missing" : check?.ok ? "fresh" : "stale",
    path: path2,
    ...at && { at, ageMinutes: Number(check?.age_seconds) / 60 },
    ...max > 0 && { maxAgeMinutes: max / 60 },
    ...!at && { detail: `no readable ${path2} in the checkout` }
  };
}
var StatusPage = class {
  constructor(deps) {
    this.deps = deps;
    this.page = new Shared(
      async () => Buffer.from(renderStatusPage(await this.model())),
      deps.clock,
      deps.sharedMs ?? 1e3
    );
  }
  deps;
  /** An index anchored at the newest spot data, for a checkout whose data stopped more than a day ago. */
  archive;
  page;
  /**
   * The spot cards and charts. When the newest data is more than a day old, the last available
   * 24 hours and 7 days are shown instead of empty charts, marked stale.
   */
  async spot(now) {
    const { index, root, clock } = this.deps;
    const newest = await index.newest();
    if (newest === void 0 || newest >= now.getTime() - DAY) return spotCharts(index, now);
    if (this.archive?.newest !== newest)
      this.archive = {
        newest,
        index: new SpotIndex(root, { now: () => new Date(newest), sleep: clock.sleep })
      };
    await this.archive.index.refresh();
    return { ...spotCharts(this.archive.index, new Date(newest)), endedAt: newest };
  }
  /** Answers a `/status` path; undefined for any other path. */
  async serve(res, path2) {
    if (path2 === "/status") {
      const body = await this.page.get();
      return send(res, "text/html; charset=utf-8", body, "no-cache", {
        "Content-Security-Policy": STATUS_CSP
      });
    }
    const a = ASSETS.find((x) => x.path === path2);
    return a && send(res, a.type, a.body, "public, max-age=31536000, immutable");
  }
  async model() {
    const { clock, health, root } = this.deps;
    const report = await health.report();
    const now = clock.now();
    const local = {
      label: "this server",
      note: "(its checkout)",
      spot: localFreshness(report.body.checks.spot, "newest", "data/15min, data/hourly"),
      retail: localFreshness(report.body.checks.manifest, "generated_at", MANIFEST_PATH)
    };
    const [remote, jobs, retail] = await Promise.all([
      this.deps.endpoints?.current() ?? [],
      this.readJobs(),
      readRetailGrid(root)
    ]);
    return {
      now,
      commit: report.body.commit,
      uptimeSeconds: report.body.uptime_seconds,
      endpoints: [local, ...remote],
      ...jobs,
      spot: await this.spot(now),
      retail,
      retailMaxAgeMs: this.deps.manifestMaxAgeSeconds * 1e3,
      assets: { script: SCRIPT.url, style: STYLE.url, icon: ICON.url }
    };
  }
  async readJobs() {
    if (!this.deps.jobs) return {};
    try {
      return { jobs: await this.deps.jobs() };
    } catch (err) {
      return { jobsError: err.message };
    }
  }
};
function send(res, type, body, cacheControl, headers = {}) {
  res.statusCode = 200;
  res.setHeader("Content-Type", type);
  res.setHeader("Cache-Control", cacheControl);
  res.setHeader("X-Content-Type-Options", "nosniff");
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader("Content-Length", body.length);
  const head = res.req.method === "HEAD";
  res.end(head ? void 0 : body);
  return { status: 200, bytes: head ? 0 : body.length };
}

// src/serve/write-guard.ts
function guardWrites(server, stallMs, now = Date.now) {
  const sockets = /* @__PURE__ */ new Map();
  server.on("connection", (socket) => {
    sockets.set(socket, { written: socket.bytesWritten, since: now() });
    socket.once("close", () => sockets.delete(socket));
  });
  const timer = setInterval(
    () => {
      const t = now();
      for (const [socket, w] of sockets) {
        if (socket.writableLength === 0 || socket.bytesWritten !== w.written) {
          w.written = socket.bytesWritten;
          w.since = t;
        } else if (t - w.since >= stallMs) {
          socket.destroy();
        }
      }
    },
    Math.max(50, Math.min(1e3, stallMs / 4))
  );
  timer.unref();
  return () => clearInterval(timer);
}

// src/serve/server.ts
var SERVE_DEFAULTS = {
  host: "0.0.0.0",
  port: 8080,
  cacheControl: "public, max-age=60",
  rateLimitPerMinute: 60,
  followSeconds: 0,
  timeouts: {
    headersMs: 1e4,
    requestMs: 3e4,
    idleMs: 3e4,
    keepAliveMs: 5e3,
    writeStallMs: 15e3
  }
};
var SHARED_MS = 1e3;
async function createServer(options) {
  const root = resolve(options.dir);
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((line) => process.stdout.write(`${line}
`));
  const timeouts = { ...SERVE_DEFAULTS.timeouts, ...options.timeouts };
  const cacheControl = options.cacheControl ?? SERVE_DEFAULTS.cacheControl;
  const rateLimitPerMinute = options.rateLimitPerMinute ?? SERVE_DEFAULTS.rateLimitPerMinute;
  const followSeconds = options.followSeconds ?? SERVE_DEFAULTS.followSeconds;
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const accessLog = new AccessLog(options.accessLog ?? { kind: "on" }, options.accessLogSink ?? log);
  const index = new SpotIndex(root, clock, void 0, log);
  const files = new StaticFiles({ root, cacheControl, cacheBytes: options.cacheBytes });
  const limiter = new RateLimiter(rateLimitPerMinute, clock, options.rateLimitKeys);
  const proxy = new SpotProxy(options.proxyEnv ?? process.env, clock, log);
  const health = new Health({
    root,
    index,
    clock,
    startedAt: clock.now(),
    thresholds,
    extraHealth: options.extraHealth
  });
  const healthReport = new Shared(() => health.report(), clock, SHARED_MS);
  const statusEndpoints = parseStatusEndpoints(options.statusEndpoints ?? []);
  const status = new StatusPage({
    root,
    index,
    health: { report: () => healthReport.get() },
    clock,
    sharedMs: SHARED_MS,
    manifestMaxAgeSeconds: thresholds.manifestMaxAgeSeconds,
    jobs: options.statusJobs,
    endpoints: statusEndpoints.length ? new EndpointMonitor({
      endpoints: statusEndpoints,
      clock,
      spotMaxAgeMinutes: thresholds.spotMaxAgeSeconds / 60,
      retailMaxAgeMinutes: thresholds.manifestMaxAgeSeconds / 60
    }) : void 0
  });
  const ipHeader = options.clientIpHeader?.toLowerCase();
  const clientOf = (req) => {
    const forwarded = ipHeader ? req.headers[ipHeader] : void 0;
    const first = typeof forwarded === "string" ? forwarded.split(",", 1)[0].trim() : "";
    return first.slice(0, MAX_KEY_LENGTH) || req.socket.remoteAddress || "unknown";
  };
  const publicConfig = {
    cache_control: cacheControl,
    rate_limit_per_minute: rateLimitPerMinute,
    follow_seconds: followSeconds,
    health_thresholds: {
      spot_max_age_seconds: thresholds.spotMaxAgeSeconds,
      manifest_max_age_seconds: thresholds.manifestMaxAgeSeconds
    },
    prices: {
      metals: ["gold", "silver", "platinum", "palladium"],
      units: { toz: 1, g: 1 / GRAMS_PER_TROY_OUNCE },
      windows: Object.keys(WINDOWS)
    },
    exposed: [
      "/data/**",
      "/api/prices",
      "/api/config",
      "/api/proxy/:provider/latest",
      "/health",
      "/healthz",
      "/status"
    ]
  };
  function limited(req, res) {
    const decision = limiter.take(clientOf(req));
    if (decision.ok) return void 0;
    res.setHeader("Retry-After", String(decision.retryAfterSeconds));
    return sendJson(res, 429, {
      error: `rate limit of ${rateLimitPerMinute} requests per minute exceeded; retry in ${decision.retryAfterSeconds} s`
    });
  }
  function route(req, res) {
    const target = resolveRequestPath(req.url ?? "");
    if (!(target.ok && target.path.startsWith("/data/") && (req.method === "GET" || req.method === "HEAD"))) {
      for (const k in COMMON_HEADERS) res.setHeader(k, COMMON_HEADERS[k]);
    }
    if (!target.ok) return sendText(res, target.status, target.reason);
    if (req.method === "OPTIONS") {
      res.setHeader("Access-Control-Max-Age", "86400");
      res.statusCode = 204;
      res.end();
      return { status: 204, bytes: 0 };
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD, OPTIONS");
      return sendText(res, 405, "method not allowed");
    }
    const path2 = target.path;
    if (path2 === "/healthz") return sendJson(res, 200, LIVENESS);
    if (path2.startsWith("/data/")) return files.serve(req, res, path2);
    return dynamic(req, res, path2);
  }
  async function dynamic(req, res, path2) {
    if (path2 === "/") return sendJson(res, 200, { name: "staktrakr", exposed: publicConfig.exposed });
    if (path2 === "/health") {
      const refused2 = limited(req, res);
      if (refused2) return refused2;
      const report = await healthReport.get();
      return sendJson(res, report.ok ? 200 : 503, report.body);
    }
    if (path2 === "/status" || path2.startsWith("/status/")) {
      const refused2 = path2 === "/status" ? limited(req, res) : void 0;
      return refused2 ?? await status.serve(res, path2) ?? sendText(res, 404, "not found");
    }
    if (!path2.startsWith("/api/")) return sendText(res, 404, "not found");
    const refused = limited(req, res);
    if (refused) return refused;
    if (path2 === "/api/config" || path2 === "/api/prices") await index.refresh();
    if (path2 === "/api/config")
      return sendJson(res, 200, { ...publicConfig, currencies: index.currencies() });
    if (path2 === "/api/prices") {
      const query = new URL(req.url ?? "/", "http://localhost").searchParams;
      const answer2 = answerPrices(index, query, clock.now());
      return sendJson(res, answer2.status, answer2.body);
    }
    if (path2.startsWith("/api/proxy/")) {
      const a = await proxy.answer(
        path2,
        new URL(req.url ?? "/", "http://localhost").searchParams,
        clientOf(req)
      );
      if (a.retryAfterSeconds) res.setHeader("Retry-After", String(a.retryAfterSeconds));
      return sendJson(res, a.status, a.body);
    }
    return sendText(res, 404, "not found");
  }
  function onRequest(req, res) {
    const logged = accessLog.wants();
    const started = logged ? performance.now() : 0;
    const done = ({ status: status2, bytes }) => {
      if (!logged) return;
      const ms = (performance.now() - started).toFixed(1);
      accessLog.add(`${clientOf(req)} ${req.method} ${safePath(req.url)} ${status2} ${bytes} ${ms}ms`);
    };
    const failed = (err) => {
      log(`error ${safePath(req.url)}: ${err.message}`);
      if (res.headersSent) {
        res.destroy();
        return { status: 500, bytes: 0 };
      }
      for (const k in COMMON_HEADERS) res.setHeader(k, COMMON_HEADERS[k]);
      return sendText(res, 500, "internal error");
    };
    let result;
    try {
      result = route(req, res);
    } catch (err) {
      result = failed(err);
    }
    if (result instanceof Promise) result.catch(failed).then(done);
    else done(result);
  }
  const server = createHttpServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: Math.min(1e3, timeouts.headersMs)
    },
    onRequest
  );
  server.setTimeout(timeouts.idleMs);
  server.on("connect", (_req, socket) => {
    socket.on("error", () => void 0);
    socket.end(rawAnswer(405, "Method Not Allowed", "method not allowed", { Allow: "GET, HEAD, OPTIONS" }));
  });
  server.on("clientError", (err, socket) => {
    const busy = socket._httpMessage?.headersSent;
    if (err.code === "ECONNRESET" || !socket.writable || busy) {
      socket.destroy();
      return;
    }
    const [status2, reason] = err.code === "HPE_HEADER_OVERFLOW" ? [431, "Request Header Fields Too Large"] : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? [408, "Request Timeout"] : [400, "Bad Request"];
    socket.end(rawAnswer(status2, reason, reason.toLowerCase()));
  });
  const stopGuard = guardWrites(server, timeouts.writeStallMs);
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? SERVE_DEFAULTS.port, options.host ?? SERVE_DEFAULTS.host, () => {
      server.off("error", fail);
      ok();
    });
  });
  const { port, address, family } = server.address();
  const host = family === "IPv6" ? `[${address}]` : address;
  let follower;
  if (followSeconds > 0) {
    follower = startFollow({ dir: root, intervalMs: followSeconds * 1e3, clock, log, env: options.gitEnv });
  }
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    port,
    close: async (graceMs = 1e4) => {
      const stopping = follower?.stop();
      const closed = new Promise((ok) => server.close(() => ok()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      stopGuard();
      accessLog.flush();
      await stopping;
    }
  };
}
function sendJson(res, status, value) {
  const body = Buffer.from(`${JSON.stringify(value)}
`);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Cache-Control", "no-cache");
  res.setHeader("Content-Length", body.length);
  res.end(res.req.method === "HEAD" ? void 0 : body);
  return { status, bytes: body.length };
}
function safePath(url) {
  const path2 = (url ?? "").split("?", 1)[0].slice(0, 200);
  return path2.replace(/[^\x21-\x7e]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

// src/commands/serve.ts
var DAEMON_IPC_ENV = "STAKTRAKR_SERVE_DAEMON_IPC";
var workersInput = external_exports.string().trim().regex(/^(auto|\d{1,3})$/, "expected auto (one per CPU) or a number of processes, 1 to 256").transform((s) => s === "auto" ? availableParallelism() : Number(s)).refine((n) => n >= 1 && n <= 256, "expected auto (one per CPU) or a number of processes, 1 to 256");
var serveInputs = {
  dir: {
    description: "The data checkout to serve.",
    env: ["API_EXPORT_DIR"],
    default: ".",
    schema: path()
  },
  host: { description: "Address to listen on.", default: SERVE_DEFAULTS.host, schema: identifier(255) },
  port: { description: "Port to listen on.", env: ["PORT"], default: "8080", schema: integer(0, 65535) },
  "cache-control": {
    description: "Cache-Control header of data files.",
    default: SERVE_DEFAULTS.cacheControl,
    schema: identifier(200)
  },
  "rate-limit": {
    description: "Requests per minute per client on /api/*.",
    env: ["RATE_LIMIT"],
    default: String(SERVE_DEFAULTS.rateLimitPerMinute),
    schema: integer(1, 1e6)
  },
  follow: {
    description: "Fetch and fast-forward the checkout every this many seconds (0: off).",
    default: "0",
    schema: integer(0, 86400)
  },
  "spot-max-age": {
    description: "/health is 503 when the newest spot entry is older (seconds; 0: no check).",
    default: "7200",
    schema: integer(0, 1e7)
  },
  "manifest-max-age": {
    description: "/health is 503 when manifest.generated_at is older (seconds; 0: no check).",
    default: "7200",
    schema: integer(0, 1e7)
  },
  "client-ip-header": {
    description: "Header with the client address set by a trusted proxy (e.g. fly-client-ip).",
    schema: headerName().optional()
  },
  "status-endpoints": {
    description: "Other endpoints (base URLs, comma- or newline-separated) whose freshness /status shows.",
    schema: baseUrls()
  },
  workers: {
    description: "Server processes sharing the port: auto (one per CPU) or a number; 1 serves in this process.",
    env: ["WEB_CONCURRENCY"],
    default: "auto",
    schema: workersInput
  },
  "access-log": {
    description: "Access log: on, off, or sample:N (one request in N). Lines are written in batches.",
    env: ["ACCESS_LOG"],
    default: "on",
    schema: accessLogMode
  },
  token: {
    description: "Token for fetching a private remote when following (never written anywhere).",
    env: ["GITHUB_TOKEN"],
    secret: true,
    schema: optional()
  }
};
function writeBatch(lines) {
  const stamp = `${(/* @__PURE__ */ new Date()).toISOString().slice(0, 19)}Z `;
  process.stdout.write(`${stamp}${lines.replaceAll("\n", `
${stamp}`)}
`);
}
var followEnv = (inputs) => inputs.follow === 0 ? Promise.resolve(void 0) : followCredentials(inputs.dir, inputs.token);
async function startServer(inputs, env, log, extraHealth, statusJobs) {
  return createServer({
    accessLog: inputs["access-log"],
    accessLogSink: writeBatch,
    dir: inputs.dir,
    host: inputs.host,
    port: inputs.port,
    cacheControl: inputs["cache-control"],
    rateLimitPerMinute: inputs["rate-limit"],
    followSeconds: inputs.follow,
    thresholds: {
      spotMaxAgeSeconds: inputs["spot-max-age"],
      manifestMaxAgeSeconds: inputs["manifest-max-age"]
    },
    clientIpHeader: inputs["client-ip-header"],
    clock: clockFromEnv(env),
    log,
    gitEnv: await followEnv(inputs),
    extraHealth,
    statusEndpoints: inputs["status-endpoints"],
    statusJobs
  });
}
var stopSignal = () => new Promise((resolve2) => {
  for (const s of ["SIGTERM", "SIGINT"]) process.once(s, () => resolve2(s));
});
var serve_default = defineCommand({
  name: "serve",
  description: "Serve a data checkout over HTTP with /api/prices, /api/config and /health.",
  inputs: serveInputs,
  outputs: { url: "Where the server listened." },
  async run(inputs, rt, { env }) {
    try {
      return await serve(inputs, rt, env);
    } finally {
      if ((cluster2.isWorker || env[DAEMON_IPC_ENV] === "1") && process.connected) process.disconnect();
    }
  }
});
async function serve(inputs, rt, env) {
  parseStatusEndpoints(inputs["status-endpoints"]);
  const daemon = env[DAEMON_IPC_ENV] === "1" && process.send ? jobsFromParent() : void 0;
  if (cluster2.isWorker) return runWorker(inputs, rt, env, daemon);
  if (inputs.workers === 1) {
    const server = await startServer(
      inputs,
      env,
      (line) => rt.info(line),
      daemon?.extraHealth,
      daemon?.statusJobs
    );
    rt.info(`serving ${inputs.dir} at ${server.url}`);
    process.send?.({ type: "staktrakr:listening", url: server.url });
    const signal = await stopSignal();
    rt.info(`${signal}: finishing requests in flight, then stopping`);
    await server.close();
    return { url: server.url };
  }
  const stopping = stopSignal();
  const workers = await startCluster({
    workers: inputs.workers,
    host: inputs.host,
    port: inputs.port,
    log: (line) => rt.info(line),
    onWorker: (worker) => daemon && relayJobQuestions(worker, daemon)
  });
  rt.info(`serving ${inputs.dir} at ${workers.url} (${inputs.workers} worker processes)`);
  process.send?.({ type: "staktrakr:listening", url: workers.url });
  const follower = inputs.follow > 0 ? startFollow({
    dir: inputs.dir,
    intervalMs: inputs.follow * 1e3,
    clock: clockFromEnv(env),
    log: (line) => rt.info(line),
    env: await followEnv(inputs)
  }) : void 0;
  const outcome = await Promise.race([stopping, workers.failed.then((why) => ({ failed: why }))]);
  if (typeof outcome === "string") rt.info(`${outcome}: finishing requests in flight, then stopping`);
  await Promise.all([workers.stop(), follower?.stop()]);
  if (typeof outcome !== "string") throw new Error(outcome.failed);
  return { url: workers.url };
}
async function runWorker(inputs, rt, env, daemon) {
  const server = await startServer(
    { ...inputs, follow: 0 },
    env,
    (line) => rt.info(line),
    daemon?.extraHealth,
    daemon?.statusJobs
  );
  reportListening(server.url);
  await Promise.race([stopSignal(), new Promise((resolve2) => process.once("disconnect", resolve2))]);
  await server.close();
  return {};
}

export {
  answerJobQuestions,
  createServer,
  DAEMON_IPC_ENV,
  serveInputs,
  serve_default
};
