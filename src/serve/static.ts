/**
 * Serves files of the data tree. Only `data/**` is exposed; the real path (after symlinks) must
 * stay inside the root's real `data/` directory and hold no dot-segment, so a symlink pointing
 * at `/etc` or at `.git/config` is a 404 like any missing file.
 *
 * The hot path is one synchronous `stat` (a cached-inode syscall, cheaper than a thread-pool hop)
 * and a precomputed answer from the FileCache: a file written into the checkout is served at once,
 * with no watcher that could miss an event. The real path is checked whenever a path's version
 * changes (a symlink swapped in changes what `stat` sees). Files above `maxCachedBytes` are
 * streamed from disk with bounded memory and never compressed.
 */

import { createReadStream, type Stats, statSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileType, negotiateEncoding } from './content.js';
import { type CachedFile, FileCache, fileHeaders, type Variant, versionOf } from './file-cache.js';
import { COMMON_HEADERS } from './headers.js';

export interface StaticOptions {
  root: string;
  cacheControl: string;
  /** Total bytes of precomputed answers kept in memory. */
  cacheBytes?: number;
  /** Larger files are streamed, not cached. */
  maxCachedBytes?: number;
}

export type StaticResult = { status: number; bytes: number };

export class StaticFiles {
  private dataRoot: string | undefined;
  private readonly cache: FileCache;
  private readonly maxCachedBytes: number;

  constructor(private readonly options: StaticOptions) {
    this.cache = new FileCache(options.cacheControl, options.cacheBytes);
    this.maxCachedBytes = options.maxCachedBytes ?? 4 * 1024 * 1024;
  }

  /** Real path of `rel` (a resolved request path like `/data/x.json`) if it may be served. */
  private async locate(rel: string): Promise<string | undefined> {
    this.dataRoot ??= await realpath(join(this.options.root, 'data')).catch(() => undefined);
    const dataRoot = this.dataRoot;
    if (!dataRoot) return undefined;
    const real = await realpath(join(this.options.root, rel)).catch(() => undefined);
    if (!real?.startsWith(dataRoot + sep)) return undefined;
    const inside = real.slice(dataRoot.length + 1).split(sep);
    return inside.some((s) => s.startsWith('.')) ? undefined : real;
  }

  /** Synchronous when the answer is cached and ready (the common case): no promise, no thread-pool hop. */
  serve(req: IncomingMessage, res: ServerResponse, rel: string): StaticResult | Promise<StaticResult> {
    const st = statFile(join(this.options.root, rel));
    if (!st) return sendText(res, 404, 'not found');
    const hit = this.cache.lookup(rel, versionOf(st));
    if (hit && !(hit instanceof Promise)) {
      const encoding = negotiateEncoding(req.headers['accept-encoding']);
      if (encoding === 'identity') return answer(req, res, hit, hit.identity);
      const variant = hit[encoding];
      if (variant) return answer(req, res, hit, variant);
      // Not worth compressing: identity at once; otherwise wait for the compression just started.
      if (!hit.compressed(encoding)) return answer(req, res, hit, hit.identity);
    }
    return this.slowly(req, res, rel, st, hit);
  }

  private async slowly(
    req: IncomingMessage,
    res: ServerResponse,
    rel: string,
    st: Stats,
    hit: Promise<CachedFile> | CachedFile | undefined,
  ): Promise<StaticResult> {
    const ready = await (hit ?? this.miss(req, res, rel, st));
    if (!ready) return { status: res.statusCode, bytes: res.statusCode === 200 ? st.size : 0 };
    const encoding = negotiateEncoding(req.headers['accept-encoding']);
    const variant =
      encoding === 'identity'
        ? ready.identity
        : (ready[encoding] ?? (await ready.compressed(encoding)) ?? ready.identity);
    return answer(req, res, ready, variant);
  }

  /** Checks the real path, then caches the file, or streams it when it is too large to cache. */
  private async miss(
    req: IncomingMessage,
    res: ServerResponse,
    rel: string,
    st: Stats,
  ): Promise<CachedFile | undefined> {
    const real = await this.locate(rel);
    if (!real) {
      sendText(res, 404, 'not found');
      return undefined;
    }
    if (st.size <= this.maxCachedBytes) return this.cache.load(rel, real, st);
    await this.stream(req, res, real, st);
    return undefined;
  }

  private async stream(req: IncomingMessage, res: ServerResponse, real: string, st: Stats) {
    // A weak validator from the version: hashing 80 MB per version is not worth it.
    const etag = `W/"${st.ino.toString(36)}-${st.size.toString(36)}-${Math.floor(st.mtimeMs).toString(36)}"`;
    const headers = fileHeaders(fileType(real), etag, st.mtime, this.options.cacheControl);
    if (notModified(req, etag, st.mtimeMs)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, [...headers, 'Content-Length', String(st.size)]);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // `end` pins the length announced even if the file grows meanwhile; a shorter file ends the
    // answer early and the connection is closed (the client sees a truncated body, not a wrong one).
    await pipeline(
      createReadStream(real, { start: 0, end: st.size - 1, highWaterMark: 64 * 1024 }),
      res,
    ).catch(() => res.destroy());
  }
}

function answer(req: IncomingMessage, res: ServerResponse, file: CachedFile, variant: Variant): StaticResult {
  if (notModified(req, file.etag, file.mtimeMs)) {
    res.writeHead(304, file.notModified);
    res.end();
    return { status: 304, bytes: 0 };
  }
  res.writeHead(200, variant.head);
  const head = req.method === 'HEAD';
  res.end(head ? undefined : variant.body);
  return { status: 200, bytes: head ? 0 : variant.body.length };
}

function statFile(path: string): Stats | undefined {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st?.isFile() ? st : undefined;
  } catch {
    // ENOTDIR, EACCES, ELOOP, ENAMETOOLONG: not a servable file.
    return undefined;
  }
}

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since; any encoding's tag of this content matches. */
function notModified(req: IncomingMessage, etag: string, mtimeMs: number): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    if (inm.trim() === '*') return true;
    const base = etag.replace(/^W\//, '').slice(1, -1);
    return inm.split(',').some((tag) => {
      const t = tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
      return t === base || t === `${base}-br` || t === `${base}-gz`;
    });
  }
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
}

export function sendText(res: ServerResponse, status: number, text: string): StaticResult {
  const body = Buffer.from(`${text}\n`);
  res.statusCode = status;
  for (const k in COMMON_HEADERS) res.setHeader(k, COMMON_HEADERS[k]!);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(res.req.method === 'HEAD' ? undefined : body);
  return { status, bytes: body.length };
}
