/**
 * One HTTP exchange over node:http / node:https, the transport under `request` (fetch.ts). It does
 * what Node's global fetch did for us — redirects by the fetch rules, content decoding, UTF-8 text —
 * without loading undici, whose first use costs a short-lived process (a spot poll) tens of ms.
 * Bounded: the caller's signal ends the exchange at any point (connect, headers, body), and a body
 * larger than `maxBytes` (decoded) is refused. Followed redirects drop credentials when they leave
 * the origin.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { once } from '../data/once.js';

export interface ExchangeInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** 'manual' hands 3xx answers back to the caller. */
  redirect?: 'follow' | 'manual';
  /** Largest body accepted, decoded. */
  maxBytes?: number;
}

export interface ResponseHeaders {
  /** The value of a header (case-insensitive), repeated values joined by ", "; null when absent. */
  get(name: string): string | null;
}

export interface Exchange {
  status: number;
  headers: ResponseHeaders;
  text: string;
  /** The URL that answered (after followed redirects). */
  url: string;
}

/** Performs one exchange; the default transport of `request`, replaceable for its callers. */
export type Transport = (url: string, init: ExchangeInit) => Promise<Exchange>;

/** A body over the bound: not a network fault, so never retried. */
export class BodyTooLargeError extends Error {
  constructor(url: string, maxBytes: number) {
    super(`${url} answered a body larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** The fetch standard's limit. */
const MAX_REDIRECTS = 20;
/** Request headers that never follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

export const exchange: Transport = async (url, init) => {
  let target = new URL(url);
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body;
  let headers = { ...init.headers };
  for (let redirects = 0; ; redirects++) {
    const res = await send(target, method, headers, body, init.signal);
    const location = res.statusCode && isRedirect(res.statusCode) ? res.headers.location : undefined;
    if (init.redirect === 'manual' || location === undefined) {
      return {
        status: res.statusCode ?? 0,
        headers: headersOf(res),
        text: await readBody(res, target, init.maxBytes ?? DEFAULT_MAX_BYTES, init.signal),
        url: target.href,
      };
    }
    res.destroy();
    if (redirects >= MAX_REDIRECTS) throw new TypeError(`more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, target);
    if (next.protocol !== 'http:' && next.protocol !== 'https:')
      throw new TypeError(`redirect to a ${next.protocol} URL`);
    // The fetch rules: 303 (and 301/302 after a POST) becomes a GET without its body.
    if (res.statusCode === 303 ? method !== 'HEAD' : res.statusCode! <= 302 && method === 'POST') {
      method = 'GET';
      body = undefined;
      headers = withoutHeaders(headers, ['content-type', 'content-length', 'content-encoding']);
    }
    if (next.origin !== target.origin) headers = withoutHeaders(headers, CREDENTIAL_HEADERS);
    target = next;
  }
};

// Loaded on first use, then kept (each `import()` is a round trip through the module loader): a run
// that only speaks http never loads TLS, one that gets no encoded body no zlib.
const modules = {
  http: once(() => import('node:http')),
  https: once(() => import('node:https')),
  zlib: once(() => import('node:zlib')),
};

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);

const withoutHeaders = (headers: Record<string, string>, names: string[]) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k.toLowerCase())));

async function send(
  target: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal | undefined,
): Promise<IncomingMessage> {
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new TypeError(`${target.protocol} is not http(s)`);
  signal?.throwIfAborted();
  const { request } = await (target.protocol === 'https:' ? modules.https() : modules.http());
  const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
  const sent: Record<string, string> = {
    ...(has('accept') ? {} : { accept: '*/*' }),
    ...(has('user-agent') ? {} : { 'user-agent': 'node' }),
    ...(has('accept-encoding') ? {} : { 'accept-encoding': 'gzip, deflate, br' }),
    ...(body !== undefined && !has('content-type') ? { 'content-type': 'text/plain;charset=UTF-8' } : {}),
    ...headers,
  };
  if (body !== undefined) sent['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = request(target, { method, headers: sent, signal });
    req.once('response', resolve);
    req.once('error', reject);
    req.end(body);
  });
}

function headersOf(res: IncomingMessage): ResponseHeaders {
  const values = new Map<string, string[]>();
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i]!.toLowerCase();
    values.set(name, [...(values.get(name) ?? []), res.rawHeaders[i + 1]!]);
  }
  return { get: (name) => values.get(name.toLowerCase())?.join(', ') ?? null };
}

/** The body, decoded (gzip, deflate, br, in the order applied) and read as UTF-8, within the bound. */
async function readBody(
  res: IncomingMessage,
  target: URL,
  maxBytes: number,
  signal: AbortSignal | undefined,
): Promise<string> {
  const codings = (res.headers['content-encoding'] ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity')
    .reverse();
  const streams: Readable[] = [res];
  if (codings.length > 0) {
    const zlib = await modules.zlib();
    for (const coding of codings) {
      const decoder =
        coding === 'gzip' || coding === 'x-gzip'
          ? zlib.createGunzip()
          : coding === 'deflate'
            ? zlib.createInflate()
            : coding === 'br'
              ? zlib.createBrotliDecompress()
              : undefined;
      if (!decoder) break; // Unknown coding: handed over as it came, as fetch does.
      streams.push(streams.at(-1)!.pipe(decoder));
    }
  }
  const stream = streams.at(-1)!;
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => {
      signal?.removeEventListener('abort', onAbort);
      for (const s of streams) s.destroy();
      reject(err);
    };
    const onAbort = () => fail(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes)
        fail(new BodyTooLargeError(`${target.protocol}//${target.host}${target.pathname}`, maxBytes));
      else chunks.push(chunk);
    });
    for (const s of streams) s.once('error', fail);
    res.once('close', () => {
      if (!res.complete) fail(new Error('connection closed before the body was complete'));
    });
    stream.once('end', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(new TextDecoder().decode(Buffer.concat(chunks)));
    });
  });
}
