import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  jsonBody,
  request
} from "./chunk-EWXOWQRA.js";
import {
  DAY,
  HOUR,
  InputError,
  METALS,
  METAL_SYMBOLS,
  SLOT,
  external_exports,
  floorSlot,
  formatDate,
  parseDate,
  round2
} from "./chunk-CQKT3FJX.js";

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
    async get(path, params, schema, signal) {
      const auth = spec.auth(o.apiKey);
      let url = `${base}${path}?${new URLSearchParams({ ...params, ...auth.params })}`;
      const origin = new URL(url).origin;
      calls++;
      let res;
      for (let hop = 0; ; hop++) {
        try {
          res = await request(url, {
            headers: { Accept: "application/json", ...auth.headers },
            timeoutMs: o.timeoutMs ?? 2e4,
            retries: o.retries ?? 3,
            clock: o.clock,
            fetch: o.fetch,
            signal,
            redirect: "manual",
            onRetry: (i) => o.onRetry?.(
              `${spec.name} ${path}: ${i.reason}; retrying in ${Math.round(i.waitMs / 100) / 10} s`
            )
          });
        } catch (err) {
          throw new ProviderError(
            spec.name,
            "unavailable",
            `${path}: ${err instanceof Error ? err.message : String(err)}`
          );
        }
        const location = res.status >= 300 && res.status < 400 ? res.headers.get("location") : null;
        if (!location) break;
        const next = new URL(location, url);
        if (next.origin !== origin)
          throw new ProviderError(
            spec.name,
            "unavailable",
            `${path} answered HTTP ${res.status} to another origin (${next.origin}); not followed, so the key is not sent there`
          );
        if (hop >= 3) throw new ProviderError(spec.name, "unavailable", `${path}: more than 3 redirects`);
        url = next.href;
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
  result: external_exports.object({ remaining: external_exports.number(), total: external_exports.number() }).partial()
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
    hourlyCost: METALS.length,
    async latest(fx, call) {
      const body = await api.get(
        "/latest",
        { base: "USD", currencies: [SYMBOLS, ...fx].join(",") },
        latestBody,
        call?.signal
      );
      const at = body.timestamp ? new Date(body.timestamp * 1e3) : o.clock.now();
      return { prices: pricesFromRates(body.rates), at, fx: fxFromRates(body.rates, fx) };
    },
    async timeframe(start, end, call) {
      const body = await api.get(
        "/timeframe",
        { base: "USD", currencies: SYMBOLS, start_date: start, end_date: end },
        timeframeBody,
        call?.signal
      );
      return Object.entries(body.rates).map(([date, r]) => ({ date, prices: pricesFromRates(r) })).sort((a, b) => a.date.localeCompare(b.date));
    },
    async hourly(start, end, form, call) {
      const byTime = /* @__PURE__ */ new Map();
      const range = form === "unix" ? { start: String(start.getTime() / 1e3), end: String(end.getTime() / 1e3 - 1) } : { start_date: formatDate(start), end_date: formatDate(new Date(end.getTime() - 1)) };
      for (const metal of METALS) {
        const params = { base: "USD", ...range, currency: METAL_SYMBOLS[metal] };
        const body = await api.get("/hourly", params, hourlyBody, call?.signal);
        for (const row of body.rates) {
          const t = row.timestamp * 1e3;
          if (t < start.getTime() || t >= end.getTime()) continue;
          const v = usdPerOunce(row.rates, METAL_SYMBOLS[metal]);
          if (v === void 0) continue;
          const prices = byTime.get(t) ?? {};
          prices[metal] = v;
          byTime.set(t, prices);
        }
      }
      return [...byTime.entries()].sort(([a], [b]) => a - b).map(([t, prices]) => ({ at: new Date(t), prices }));
    },
    async usage(call) {
      try {
        const { result } = await api.get("/usage", {}, usageBody, call?.signal);
        return result.remaining === void 0 ? void 0 : { remaining: result.remaining, total: result.total };
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
    async latest(fx, call) {
      const body = await api.get(
        "/latest",
        { base: "USD", symbols: [symbols, ...fx].join(",") },
        latestBody2,
        call?.signal
      );
      const at = body.timestamp ? new Date(body.timestamp * 1e3) : o.clock.now();
      return { prices: pricesFromRates(body.rates), at, fx: fxFromRates(body.rates, fx) };
    },
    async timeframe(start, end, call) {
      const body = await api.get(
        "/timeseries",
        { base: "USD", symbols, start_date: start, end_date: end },
        seriesBody,
        call?.signal
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
function pricesOf(m) {
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
    async latest(fx, call) {
      const body = await api.get("/latest", { currency: "USD", unit: "toz" }, latestBody3, call?.signal);
      const fxRates = {};
      for (const cur of fx) {
        const v = body.currencies?.[cur];
        if (v && v > 0) fxRates[cur] = 1 / v;
      }
      const at = body.timestamps?.metal ? new Date(body.timestamps.metal) : o.clock.now();
      return {
        prices: pricesOf(body.metals),
        at: Number.isNaN(at.getTime()) ? o.clock.now() : at,
        fx: fxRates
      };
    },
    async timeframe(start, end, call) {
      const body = await api.get(
        "/timeseries",
        { start_date: start, end_date: end },
        seriesBody2,
        call?.signal
      );
      return Object.entries(body.rates).map(([date, r]) => ({ date, prices: pricesOf(r.metals) })).sort((a, b) => a.date.localeCompare(b.date));
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
  return ids.map((id) => {
    if (id === "replay") return replay(s.clock);
    if (!Object.hasOwn(KEY_INPUT, id))
      throw new InputError(`input "providers": unknown provider "${id}" (known: ${PROVIDER_IDS.join(", ")})`);
    const key = s.keys[id];
    if (!key) throw new InputError(`input "${KEY_INPUT[id]}" is required by provider ${id}`);
    const options = {
      apiKey: key,
      baseUrl: s.baseUrls?.[id],
      clock: s.clock,
      fetch: s.fetch,
      onRetry: s.onRetry
    };
    return id === "metalpriceapi" ? metalPriceApi(options) : id === "metals-dev" ? metalsDev(options) : metalsApi(options);
  });
}

// src/data/spot-validate.ts
var MAX_JUMP = 0.2;
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
function implausibleProblems(prices, what) {
  const problems = [];
  if (prices.Gold < 20) problems.push(`${what}: Gold at ${prices.Gold} is not a plausible price`);
  for (const metal of METALS)
    if (metal !== "Gold" && prices[metal] < 1)
      problems.push(`${what}: ${metal} at ${prices[metal]} is not a plausible price`);
  const ratio = prices.Gold / prices.Silver;
  if (problems.length === 0 && (ratio < 1 || ratio > 250))
    problems.push(`${what}: gold/silver ratio ${ratio.toFixed(1)} is not plausible`);
  return problems;
}
var NEIGHBOUR_SPAN = 31 * 24 * 36e5;
function checkAgainstNeighbours(candidates, known, acceptJump) {
  const refused = /* @__PURE__ */ new Map();
  for (const c of candidates) {
    const p = priceProblems(c.prices, c.what);
    if (p.length === 0) p.push(...implausibleProblems(c.prices, c.what));
    if (p.length > 0) refused.set(c, p);
  }
  if (!acceptJump) {
    const usable = known.filter((k) => isComplete(k.prices));
    for (const direction of [1, -1]) {
      const ordered = candidates.filter((c) => !refused.has(c)).sort((a, b) => direction * (a.at - b.at));
      const anchors = [...usable];
      for (const c of ordered) {
        let nearest;
        for (const a of anchors) {
          const gap = direction * (c.at - a.at);
          if (gap < 0 || gap > NEIGHBOUR_SPAN || a.at === c.at) continue;
          if (!nearest || Math.abs(c.at - a.at) < Math.abs(c.at - nearest.at)) nearest = a;
        }
        const p = nearest ? jumpProblems(c.prices, nearest.prices, `${c.what} (against ${nearest.what})`) : [];
        if (p.length > 0) refused.set(c, p);
        else anchors.push(c);
      }
    }
  }
  return {
    accepted: candidates.filter((c) => !refused.has(c)),
    refused: [...refused.values()].flat()
  };
}

// src/data/fx.ts
var fxPath = (slotFile) => slotFile.replace(/^data\/15min\//, "data/fx/");
var fxFact = external_exports.object({
  timestamp: external_exports.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  base: external_exports.literal("USD"),
  provider: external_exports.string().min(1),
  rates: external_exports.record(external_exports.string().regex(/^[A-Z]{3}$/), external_exports.number().finite().positive())
});

export {
  isComplete,
  implausibleProblems,
  checkAgainstNeighbours,
  ProviderError,
  MAX_TIMEFRAME_DAYS,
  PROVIDER_IDS,
  buildProviders,
  fxPath,
  fxFact
};
