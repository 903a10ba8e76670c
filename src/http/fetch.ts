/**
 * The one HTTP module: every request with a timeout, bounded retries of 429/5xx and network errors
 * with backoff honouring `Retry-After`, a bounded body, and errors that never echo secrets. The
 * exchange itself is transport.ts (node:http/https, fetch's redirect rules); callers pass a clock in
 * (and may pass another transport), so tests point requests at loopback servers and control time.
 */
import { type Clock, systemClock } from '../data/time.js';
import { BodyTooLargeError, exchange, type ResponseHeaders, type Transport } from './transport.js';

/** What performs one exchange for `request` (default: transport.ts). */
export type FetchLike = Transport;

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
  /** Largest body accepted (decoded); a larger one fails the request without a retry. */
  maxBytes?: number;
  fetch?: FetchLike;
  clock?: Clock;
  /** Called before each retry, for progress logs. */
  onRetry?: (info: RetryInfo) => void;
  /** Called before each attempt: every attempt is a request the upstream may charge. */
  onAttempt?: (attempt: number) => void;
  /**
   * Asked before each retry (after `retries` allows one): false ends the retries, the last answer
   * is returned or the last error thrown. A caller's call budget and deadline decide here.
   */
  mayRetry?: (info: RetryInfo) => boolean;
}

export interface RetryInfo {
  /** The attempt that just failed (1 for the first). */
  attempt: number;
  /** How long the retry would wait first. */
  waitMs: number;
  reason: string;
  /** The HTTP status that asked for the retry; undefined for a network error or timeout. */
  status?: number;
  /** What `Retry-After` asked for, when it did. */
  retryAfterMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
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
  const doFetch = options.fetch ?? exchange;
  for (let attempt = 1; ; attempt++) {
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    let retry: RetryInfo;
    options.onAttempt?.(attempt);
    try {
      const res = await doFetch(url, {
        method,
        headers: options.headers,
        body: options.body,
        signal: controller.signal,
        redirect: options.redirect ?? 'follow',
        maxBytes: options.maxBytes,
      });
      const text = res.text;
      const answer = {
        status: res.status,
        headers: res.headers,
        text,
        url: res.url || url,
        attempts: attempt,
      };
      if (!RETRYABLE(res.status) || attempt > retries) return answer;
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), clock.now());
      if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) {
        throw new HttpError(
          `${safeUrl(url)} answered ${res.status} and asks to wait ${Math.round(retryAfterMs / 1000)} s (more than ${maxRetryAfterMs / 1000} s)`,
          res.status,
          text,
          attempt,
        );
      }
      retry = {
        attempt,
        waitMs: backoff(attempt, retryAfterMs),
        reason: `HTTP ${res.status}`,
        status: res.status,
        retryAfterMs,
      };
      if (options.mayRetry && !options.mayRetry(retry)) return answer;
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (err instanceof BodyTooLargeError)
        throw new HttpError(`${safeUrl(url)}: ${err.message.replace(/^\S+ /, '')}`, undefined, '', attempt);
      if (options.signal?.aborted) throw options.signal.reason;
      const reason = controller.signal.aborted
        ? String((controller.signal.reason as Error)?.message ?? 'aborted')
        : describeNetworkError(err);
      retry = { attempt, waitMs: backoff(attempt), reason };
      if (attempt > retries || (options.mayRetry && !options.mayRetry(retry))) {
        throw new HttpError(
          `${safeUrl(url)}: ${reason} (after ${attempt} attempt${attempt > 1 ? 's' : ''})`,
          undefined,
          '',
          attempt,
        );
      }
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
    options.onRetry?.(retry);
    await clock.sleep(retry.waitMs, options.signal);
  }

  function backoff(attempt: number, retryAfterMs?: number): number {
    return Math.max(retryAfterMs ?? 0, Math.round(backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random())));
  }
}

function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.code ?? e.message ?? String(err);
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
