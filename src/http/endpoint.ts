/**
 * Reading one path from an endpoint the way a verifier must: past every cache. A unique query
 * parameter makes CDNs and proxies (GitHub Pages answers `Cache-Control: max-age=600`) go to the
 * origin; `If-None-Match` with the last ETag seen lets an unchanged file answer 304 with no body.
 */
import type { FileAnswer, FileReader } from '../data/freshness.js';
import type { Clock } from '../data/time.js';
import { type FetchLike, HttpError, type HttpResponse, request, safeUrl } from './fetch.js';
import { urlSchema } from './url-policy.js';

export interface EndpointContext {
  fetch?: FetchLike;
  clock: Clock;
  signal?: AbortSignal;
}

export type Fetched =
  | { kind: 'body'; status: number; text: string; etag?: string; githubPages: boolean }
  | { kind: 'not-modified'; githubPages: boolean }
  | { kind: 'failed'; detail: string };

let counter = 0;

/** `base` + `path`, keeping any path prefix of the base (`https://owner.github.io/repo/`). */
export function endpointUrl(base: string, path: string): URL {
  return new URL(path, base.endsWith('/') ? base : `${base}/`);
}

/** Endpoint as it may appear in reports: no credentials, no query. */
export const endpointLabel = (base: string) => safeUrl(base);

/** An http(s) base URL without credentials or query: it appears in reports. */
export const endpointUrlSchema = urlSchema({ schemes: ['http', 'https'], base: true });

/** GitHub Pages answers with `Server: GitHub.com`; `*.github.io` hosts are Pages whatever answers. */
function isGitHubPages(url: URL, headers: HttpResponse['headers']): boolean {
  return url.hostname.endsWith('.github.io') || /^github\.com$/i.test(headers.get('server') ?? '');
}

export async function fetchUncached(
  base: string,
  path: string,
  ctx: EndpointContext,
  { etag, timeoutMs }: { etag?: string; timeoutMs: number },
): Promise<Fetched> {
  const url = endpointUrl(base, path);
  url.searchParams.set('verify', `${ctx.clock.now().getTime()}.${++counter}`);
  const headers: Record<string, string> = { 'cache-control': 'no-cache' };
  if (etag) headers['if-none-match'] = etag;
  try {
    const res = await request(url.toString(), {
      headers,
      // The caller polls; retrying inside one poll would only blur the timing.
      retries: 0,
      timeoutMs: Math.max(1, timeoutMs),
      fetch: ctx.fetch,
      clock: ctx.clock,
      signal: ctx.signal,
    });
    const githubPages = isGitHubPages(url, res.headers);
    if (res.status === 304) return { kind: 'not-modified', githubPages };
    const tag = res.headers.get('etag') ?? undefined;
    return { kind: 'body', status: res.status, text: res.text, githubPages, ...(tag ? { etag: tag } : {}) };
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    // The path is named by the caller; keep the reason (ECONNREFUSED, timed out after …).
    const message = err instanceof HttpError ? err.message : String(err);
    return {
      kind: 'failed',
      detail: message.replace(`${safeUrl(url.toString())}: `, '').replace(/ \(after 1 attempt\)$/, ''),
    };
  }
}

/** Reads repository files from an endpoint for the freshness rules: 404 is missing, anything but 200 an error. */
export function endpointReader(base: string, ctx: EndpointContext, timeoutMs: number): FileReader {
  return async (path): Promise<FileAnswer> => {
    const got = await fetchUncached(base, path, ctx, { timeoutMs });
    const fail = (status: 'missing' | 'error', detail: string): FileAnswer => ({ ok: false, status, detail });
    if (got.kind === 'failed') return fail('error', `${path}: ${got.detail}`);
    if (got.kind === 'not-modified') return fail('error', 'answered 304 to an unconditional request');
    if (got.status === 404) return fail('missing', `${path} is not served (HTTP 404)`);
    if (got.status !== 200) return fail('error', `${path} answered HTTP ${got.status}`);
    return { ok: true, text: got.text };
  };
}
