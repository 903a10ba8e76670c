/** Shared plumbing of the keyed JSON providers: one request helper that counts calls and names failures. */

import type { Clock } from '../../data/time.js';
import * as z from '../../data/zod.js';
import { type FetchLike, type HttpError, jsonBody, request } from '../../http/fetch.js';
import { type CallOptions, ProviderError, type ProviderErrorKind } from './provider.js';

export interface UpstreamOptions {
  apiKey: string;
  baseUrl?: string;
  fetch?: FetchLike;
  clock: Clock;
  timeoutMs?: number;
  retries?: number;
  onRetry?: (message: string) => void;
}

export interface Upstream {
  /** Requests the plan charges: every attempt, retries included. */
  readonly calls: number;
  /**
   * GET base+path?params; `auth` adds the key to headers or params as the upstream requires.
   * `free`: the upstream does not charge this endpoint (MetalPriceAPI's /usage).
   */
  get<T>(
    path: string,
    params: Record<string, string>,
    schema: z.ZodMiniType<T>,
    call?: CallOptions & { free?: boolean },
  ): Promise<T>;
}

export interface UpstreamSpec {
  name: string;
  defaultBase: string;
  /** Where the key goes. Query keys are the upstream's own rule; our logs never print query strings. */
  auth: (key: string) => { headers?: Record<string, string>; params?: Record<string, string> };
  /** Recognises the upstream's error body; returns the classified error or undefined. */
  failure: (
    status: number,
    body: unknown,
    path: string,
  ) => { kind: ProviderErrorKind; message: string } | undefined;
}

export function upstream(spec: UpstreamSpec, o: UpstreamOptions): Upstream {
  const base = (o.baseUrl ?? spec.defaultBase).replace(/\/$/, '');
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async get(path, params, schema, call) {
      const auth = spec.auth(o.apiKey);
      let url = `${base}${path}?${new URLSearchParams({ ...params, ...auth.params })}`;
      const origin = new URL(url).origin;
      let res: Awaited<ReturnType<typeof request>>;
      // Redirects are followed by hand and only on the key's own origin: the key never leaves home.
      for (let hop = 0; ; hop++) {
        try {
          res = await request(url, {
            headers: { Accept: 'application/json', ...auth.headers },
            timeoutMs: o.timeoutMs ?? 20_000,
            retries: o.retries ?? 3,
            clock: o.clock,
            fetch: o.fetch,
            signal: call?.signal,
            redirect: 'manual',
            onAttempt: () => {
              if (!call?.free) calls++;
            },
            mayRetry: call?.retry,
            onRetry: (i) =>
              o.onRetry?.(
                `${spec.name} ${path}: ${i.reason}; retrying in ${Math.round(i.waitMs / 100) / 10} s`,
              ),
          });
        } catch (err) {
          throw new ProviderError(
            spec.name,
            'unavailable',
            `${path}: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
        const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
        if (!location) break;
        const next = new URL(location, url);
        if (next.origin !== origin)
          throw new ProviderError(
            spec.name,
            'unavailable',
            `${path} answered HTTP ${res.status} to another origin (${next.origin}); not followed, so the key is not sent there`,
          );
        if (hop >= 3) throw new ProviderError(spec.name, 'unavailable', `${path}: more than 3 redirects`);
        url = next.href;
      }
      // Rate limited: no use asking again this run.
      if (res.status === 429)
        throw new ProviderError(
          spec.name,
          'unavailable',
          `${path}: rate limited (HTTP 429, ${res.attempts} attempt(s))`,
        );
      let body: unknown;
      try {
        body = jsonBody(res);
      } catch (err) {
        throw new ProviderError(
          spec.name,
          res.status >= 500 ? 'unavailable' : 'malformed',
          (err as HttpError).message,
        );
      }
      const failed = spec.failure(res.status, body, path);
      if (failed) throw new ProviderError(spec.name, failed.kind, failed.message);
      if (res.status >= 400)
        throw new ProviderError(spec.name, 'unavailable', `${path} answered HTTP ${res.status}`);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const why = z.prettifyError(parsed.error).replace(/\n/g, '; ');
        throw new ProviderError(spec.name, 'malformed', `${path} answered an unexpected shape: ${why}`);
      }
      return parsed.data;
    },
  };
}

/** The apilayer-style error convention shared by MetalPriceAPI and Metals-API: `{success:false, error:{code|statusCode, info|message}}`. */
export function apilayerFailure(keyHint: string) {
  const body = z.object({
    success: z.literal(false),
    error: z.partial(
      z.object({
        statusCode: z.number(),
        code: z.number(),
        message: z.string(),
        info: z.string(),
        type: z.string(),
      }),
    ),
  });
  return (
    status: number,
    raw: unknown,
    path: string,
  ): { kind: ProviderErrorKind; message: string } | undefined => {
    const parsed = body.safeParse(raw);
    if (!parsed.success && status !== 401 && status !== 403) return undefined;
    const e = parsed.success ? parsed.data.error : {};
    const code = e.statusCode ?? e.code;
    const text = e.message ?? e.info ?? e.type ?? `HTTP ${status}`;
    const said = `${path}: ${text}${code ? ` (code ${code})` : ''}`;
    if (
      code === 101 ||
      code === 102 ||
      status === 401 ||
      /api.?key|access.?key|unauthori[sz]ed|inactive/i.test(text)
    ) {
      return { kind: 'auth', message: `the API key was refused — check ${keyHint} (${said})` };
    }
    if (code === 104 || /quota|limit reached|usage limit|exceeded/i.test(text)) {
      return { kind: 'quota', message: `the monthly request quota is used up (${said})` };
    }
    if (
      code === 105 ||
      code === 106 ||
      status === 403 ||
      /plan|subscription|not supported|restricted/i.test(text)
    ) {
      return { kind: 'plan', message: `your plan does not include this endpoint (${said})` };
    }
    return { kind: 'malformed', message: said };
  };
}
