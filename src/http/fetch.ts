/**
 * The one HTTP module: WHATWG fetch with a timeout on every call, bounded retries of 429/5xx and
 * network errors with backoff honouring `Retry-After`, and errors that never echo secrets.
 * Callers pass `fetch` and a clock in, so tests point it at loopback servers and control time.
 */
import { type Clock, systemClock } from '../data/time.js';

export type FetchLike = typeof fetch;

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Extra attempts after the first for 429, 5xx and network errors. */
  retries?: number;
  /** First backoff; doubled each retry, with jitter. */
  backoffMs?: number;
  /** Longest wait honoured from a `Retry-After` header. */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  /** 'manual' hands 3xx answers back to the caller (to keep credentials on their origin). */
  redirect?: 'follow' | 'manual';
  fetch?: FetchLike;
  clock?: Clock;
  /** Called before each retry, for progress logs. */
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  url: string;
  /** Attempts made, including the successful one. */
  attempts: number;
}

export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly body: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Strips query strings and credentials from a URL so it can appear in a message. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

const RETRYABLE = (status: number) => status === 429 || status === 408 || status >= 500;

/** Seconds or an HTTP date → milliseconds, or undefined. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** Performs a request; returns any HTTP answer that is not retryable (including 4xx), throws on exhaustion. */
export async function request(url: string, options: HttpOptions = {}): Promise<HttpResponse> {
  const {
    method = 'GET',
    timeoutMs = 15_000,
    retries = 3,
    backoffMs = 1_000,
    maxRetryAfterMs = 120_000,
    clock = systemClock,
  } = options;
  const doFetch = options.fetch ?? fetch;
  let lastReason = '';
  for (let attempt = 1; ; attempt++) {
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    let waitMs: number | undefined;
    try {
      const res = await doFetch(url, {
        method,
        headers: options.headers,
        body: options.body,
        signal: controller.signal,
        redirect: options.redirect ?? 'follow',
      });
      const text = await res.text();
      if (!RETRYABLE(res.status) || attempt > retries) {
        return { status: res.status, headers: res.headers, text, url: res.url || url, attempts: attempt };
      }
      lastReason = `HTTP ${res.status}`;
      waitMs = parseRetryAfter(res.headers.get('retry-after'), clock.now());
      if (waitMs !== undefined && waitMs > maxRetryAfterMs) {
        throw new HttpError(
          `${safeUrl(url)} answered ${res.status} and asks to wait ${Math.round(waitMs / 1000)} s (more than ${maxRetryAfterMs / 1000} s)`,
          res.status,
          text,
          attempt,
        );
      }
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (options.signal?.aborted) throw options.signal.reason;
      const reason = controller.signal.aborted
        ? String((controller.signal.reason as Error)?.message ?? 'aborted')
        : describeNetworkError(err);
      if (attempt > retries) {
        throw new HttpError(
          `${safeUrl(url)}: ${reason} (after ${attempt} attempt${attempt > 1 ? 's' : ''})`,
          undefined,
          '',
          attempt,
        );
      }
      lastReason = reason;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
    const backoff = backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random());
    const wait = Math.max(waitMs ?? 0, Math.round(backoff));
    options.onRetry?.({ attempt, waitMs: wait, reason: lastReason });
    await clock.sleep(wait, options.signal);
  }
}

function describeNetworkError(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

/** Parses a JSON body; an HTML page or garbage becomes a clear error, not a crash. */
export function jsonBody(res: HttpResponse): unknown {
  const type = res.headers.get('content-type') ?? '';
  const trimmed = res.text.trimStart();
  if (/html/i.test(type) || trimmed.startsWith('<')) {
    throw new HttpError(
      `${safeUrl(res.url)} answered an HTML page instead of JSON (HTTP ${res.status})`,
      res.status,
      res.text.slice(0, 200),
      res.attempts,
    );
  }
  try {
    return JSON.parse(res.text);
  } catch {
    throw new HttpError(
      `${safeUrl(res.url)} answered a body that is not JSON (HTTP ${res.status}): ${JSON.stringify(res.text.slice(0, 80))}`,
      res.status,
      res.text.slice(0, 200),
      res.attempts,
    );
  }
}
