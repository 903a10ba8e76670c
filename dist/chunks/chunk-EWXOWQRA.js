import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  HOUR,
  MANIFEST_PATH,
  MINUTE,
  external_exports,
  formatIso,
  hourlyPath,
  parseJson,
  parseNaive,
  parseSpotText,
  systemClock,
  urlSchema
} from "./chunk-CQKT3FJX.js";

// src/http/fetch.ts
var HttpError = class extends Error {
  constructor(message, status, body, attempts) {
    super(message);
    this.status = status;
    this.body = body;
    this.attempts = attempts;
    this.name = "HttpError";
  }
  status;
  body;
  attempts;
};
function safeUrl(url) {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "<invalid url>";
  }
}
var RETRYABLE = (status) => status === 429 || status === 408 || status >= 500;
function parseRetryAfter(value, now) {
  if (!value) return void 0;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1e3);
  const at = Date.parse(value);
  return Number.isNaN(at) ? void 0 : Math.max(0, at - now.getTime());
}
async function request(url, options = {}) {
  const {
    method = "GET",
    timeoutMs = 15e3,
    retries = 3,
    backoffMs = 1e3,
    maxRetryAfterMs = 12e4,
    clock = systemClock
  } = options;
  const doFetch = options.fetch ?? fetch;
  let lastReason = "";
  for (let attempt = 1; ; attempt++) {
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    let waitMs;
    try {
      const res = await doFetch(url, {
        method,
        headers: options.headers,
        body: options.body,
        signal: controller.signal,
        redirect: options.redirect ?? "follow"
      });
      const text = await res.text();
      if (!RETRYABLE(res.status) || attempt > retries) {
        return { status: res.status, headers: res.headers, text, url: res.url || url, attempts: attempt };
      }
      lastReason = `HTTP ${res.status}`;
      waitMs = parseRetryAfter(res.headers.get("retry-after"), clock.now());
      if (waitMs !== void 0 && waitMs > maxRetryAfterMs) {
        throw new HttpError(
          `${safeUrl(url)} answered ${res.status} and asks to wait ${Math.round(waitMs / 1e3)} s (more than ${maxRetryAfterMs / 1e3} s)`,
          res.status,
          text,
          attempt
        );
      }
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (options.signal?.aborted) throw options.signal.reason;
      const reason = controller.signal.aborted ? String(controller.signal.reason?.message ?? "aborted") : describeNetworkError(err);
      if (attempt > retries) {
        throw new HttpError(
          `${safeUrl(url)}: ${reason} (after ${attempt} attempt${attempt > 1 ? "s" : ""})`,
          void 0,
          "",
          attempt
        );
      }
      lastReason = reason;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    }
    const backoff = backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random());
    const wait = Math.max(waitMs ?? 0, Math.round(backoff));
    options.onRetry?.({ attempt, waitMs: wait, reason: lastReason });
    await clock.sleep(wait, options.signal);
  }
}
function describeNetworkError(err) {
  const e = err;
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}
function jsonBody(res) {
  const type = res.headers.get("content-type") ?? "";
  const trimmed = res.text.trimStart();
  if (/html/i.test(type) || trimmed.startsWith("<")) {
    throw new HttpError(
      `${safeUrl(res.url)} answered an HTML page instead of JSON (HTTP ${res.status})`,
      res.status,
      res.text.slice(0, 200),
      res.attempts
    );
  }
  try {
    return JSON.parse(res.text);
  } catch {
    throw new HttpError(
      `${safeUrl(res.url)} answered a body that is not JSON (HTTP ${res.status}): ${JSON.stringify(res.text.slice(0, 80))}`,
      res.status,
      res.text.slice(0, 200),
      res.attempts
    );
  }
}

// src/http/endpoint.ts
var counter = 0;
function endpointUrl(base, path) {
  return new URL(path, base.endsWith("/") ? base : `${base}/`);
}
var endpointLabel = (base) => safeUrl(base);
var endpointUrlSchema = urlSchema({ schemes: ["http", "https"], base: true });
function isGitHubPages(url, headers) {
  return url.hostname.endsWith(".github.io") || /^github\.com$/i.test(headers.get("server") ?? "");
}
async function fetchUncached(base, path, ctx, { etag, timeoutMs }) {
  const url = endpointUrl(base, path);
  url.searchParams.set("verify", `${ctx.clock.now().getTime()}.${++counter}`);
  const headers = { "cache-control": "no-cache" };
  if (etag) headers["if-none-match"] = etag;
  try {
    const res = await request(url.toString(), {
      headers,
      // The caller polls; retrying inside one poll would only blur the timing.
      retries: 0,
      timeoutMs: Math.max(1, timeoutMs),
      fetch: ctx.fetch,
      clock: ctx.clock,
      signal: ctx.signal
    });
    const githubPages = isGitHubPages(url, res.headers);
    if (res.status === 304) return { kind: "not-modified", githubPages };
    const tag = res.headers.get("etag") ?? void 0;
    return { kind: "body", status: res.status, text: res.text, githubPages, ...tag ? { etag: tag } : {} };
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    const message = err instanceof HttpError ? err.message : String(err);
    return {
      kind: "failed",
      detail: message.replace(`${safeUrl(url.toString())}: `, "").replace(/ \(after 1 attempt\)$/, "")
    };
  }
}
function endpointReader(base, ctx, timeoutMs) {
  return async (path) => {
    const got = await fetchUncached(base, path, ctx, { timeoutMs });
    const fail = (status, detail) => ({ ok: false, status, detail });
    if (got.kind === "failed") return fail("error", `${path}: ${got.detail}`);
    if (got.kind === "not-modified") return fail("error", "answered 304 to an unconditional request");
    if (got.status === 404) return fail("missing", `${path} is not served (HTTP 404)`);
    if (got.status !== 200) return fail("error", `${path} answered HTTP ${got.status}`);
    return { ok: true, text: got.text };
  };
}

// src/data/freshness.ts
var manifestShape = external_exports.object({ generated_at: external_exports.string().optional(), updated: external_exports.string().optional() });
async function spotFreshness(read, clock, maxAgeMinutes) {
  if (maxAgeMinutes === 0) return { status: "skipped" };
  const now = clock.now();
  let got;
  for (const hour of [now, new Date(now.getTime() - HOUR)]) {
    got = await readDated(read, hourlyPath(hour), newestSpotEntry);
    if (got.ok || got.result.status !== "missing") break;
  }
  return judge(got, now, maxAgeMinutes);
}
async function retailFreshness(read, clock, maxAgeMinutes) {
  if (maxAgeMinutes === 0) return { status: "skipped" };
  const got = await readDated(read, MANIFEST_PATH, manifestTime);
  return judge(got, clock.now(), maxAgeMinutes);
}
async function readDated(read, path, dateOf) {
  const got = await read(path);
  if (!got.ok) return { ok: false, result: { status: got.status, path, detail: got.detail } };
  const at = dateOf(got.text);
  return typeof at === "string" ? { ok: false, result: { status: "garbage", path, detail: `${path}: ${at}` } } : { ok: true, at, path };
}
function judge(read, now, maxAgeMinutes) {
  if (!read.ok) return read.result;
  const ageMinutes = Math.round((now.getTime() - read.at.getTime()) / MINUTE * 10) / 10;
  return {
    status: ageMinutes <= maxAgeMinutes ? "fresh" : "stale",
    path: read.path,
    at: formatIso(read.at),
    ageMinutes,
    maxAgeMinutes
  };
}
function newestSpotEntry(text) {
  const read = parseSpotText(text);
  if (read.status === "missing") return "is missing";
  if (read.status === "corrupt") return read.error;
  const newest = read.entries.map((e) => e.timestamp).sort().at(-1);
  return newest && parseNaive(newest) || "holds no readable entry";
}
function manifestTime(text) {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed.error;
  const m = manifestShape.safeParse(parsed.value);
  if (!m.success) return external_exports.prettifyError(m.error).replace(/\n/g, "; ");
  const stamp = m.data.generated_at ?? m.data.updated;
  if (!stamp) return "has neither generated_at nor updated";
  const ms = Date.parse(stamp);
  return Number.isNaN(ms) ? `unreadable generated_at "${stamp.slice(0, 40)}"` : new Date(ms);
}

export {
  HttpError,
  safeUrl,
  request,
  jsonBody,
  endpointLabel,
  endpointUrlSchema,
  fetchUncached,
  endpointReader,
  spotFreshness,
  retailFreshness,
  manifestTime
};
