/**
 * Serves files of the data tree. Only `data/**` is exposed; the real path (after symlinks) must
 * stay inside the root's real `data/` directory and hold no dot-segment, so a symlink pointing
 * at `/etc` or at `.git/config` is a 404 like any missing file.
 *
 * The hot path touches no disk: a precomputed answer from the FileCache, trusted because every
 * directory on the way to the file is watched (path-watch.ts) and any change there drops it. A
 * write into the checkout (a poller's rename, `git` fast-forwarding) is served as soon as its event
 * is read. Events can be lost (the kernel's queue overflows silently), so an answer is also
 * confirmed by one `stat` at most every `revalidateMs` (per path, not per request); a path that
 * cannot be watched is confirmed on every request. The real path is checked whenever a path's
 * version changes (a symlink swapped in changes what `stat` sees). Files above `maxCachedBytes`
 * are streamed from disk with bounded memory and never compressed.
 */

import { createReadStream, type Stats, statSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { fileType, negotiateEncoding } from './content.js';
import { type CachedFile, FileCache, fileHeaders, type Slot, type Variant, versionOf } from './file-cache.js';
import { COMMON_HEADERS } from './headers.js';
import { PathWatches } from './path-watch.js';

export interface StaticOptions {
  root: string;
  cacheControl: string;
  /** Total bytes of precomputed answers kept in memory. */
  cacheBytes?: number;
  /** Larger files are streamed, not cached. */
  maxCachedBytes?: number;
  /** A cached answer is confirmed by `stat` at most this often, in case an event was lost (ms). */
  revalidateMs?: number;
  /** Directories watched at most (see path-watch.ts). */
  maxWatchedDirs?: number;
}

export type StaticResult = { status: number; bytes: number };

export class StaticFiles {
  private dataRoot: string | undefined;
  private readonly cache: FileCache;
  private readonly watches: PathWatches;
  private readonly maxCachedBytes: number;
  private readonly revalidateMs: number;

  constructor(private readonly options: StaticOptions) {
    this.watches = new PathWatches(options.maxWatchedDirs);
    this.cache = new FileCache(options.cacheControl, options.cacheBytes, (slot) => this.watches.remove(slot));
    this.maxCachedBytes = options.maxCachedBytes ?? 4 * 1024 * 1024;
    this.revalidateMs = options.revalidateMs ?? 1_000;
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

  /**
   * The cached answer for a raw request target, when the target is exactly a cached path and the
   * answer is current; undefined otherwise (then `serve` it). Only targets that resolve to
   * themselves (no escape, no query) are answered here, so the target needs no parsing: it passed
   * `resolveRequestPath` when the slot was made. The fast path (fast-path.ts) answers from this too.
   */
  fresh(target: string): CachedFile | undefined {
    const slot = this.cache.get(target);
    return slot?.plain && slot.ready && this.current(slot, target) ? slot.ready : undefined;
  }

  /** Synchronous when the answer is cached and current (the common case): no promise, no thread-pool hop. */
  serve(req: IncomingMessage, res: ServerResponse, rel: string): StaticResult | Promise<StaticResult> {
    const slot = this.cache.get(rel);
    const file = slot?.ready;
    if (!file) return this.slowly(req, res, rel, slot?.entry);
    if (!this.current(slot, rel)) return this.slowly(req, res, rel);
    slot.plain ||= rel === req.url;
    return this.answer(req, res, file);
  }

  /**
   * Whether `slot` still holds the file's version: trusted from the watches for `revalidateMs`,
   * confirmed by `stat` otherwise (events may have been lost, or the path could not be watched).
   * A changed or gone file is dropped.
   */
  private current(slot: Slot, rel: string): boolean {
    const now = performance.now();
    if (slot.watched && now - slot.checkedAt < this.revalidateMs) return true;
    const st = statFile(join(this.options.root, rel));
    if (!st || versionOf(st) !== slot.version) {
      this.cache.drop(slot);
      return false;
    }
    slot.checkedAt = now;
    return true;
  }

  /** Answers from a ready entry: at once unless the encoding asked for is still being made. */
  answer(req: IncomingMessage, res: ServerResponse, file: CachedFile): StaticResult | Promise<StaticResult> {
    const variant = variantFor(file, req.headers['accept-encoding']);
    return variant instanceof Promise
      ? variant.then((v) => answer(req, res, file, v))
      : answer(req, res, file, variant);
  }

  /** Stops watching the checkout. */
  close(): void {
    this.watches.close();
  }

  private async slowly(
    req: IncomingMessage,
    res: ServerResponse,
    rel: string,
    building?: Promise<CachedFile>,
  ): Promise<StaticResult> {
    const ready = await (building ?? this.miss(req, res, rel));
    if (!ready) return { status: res.statusCode, bytes: 0 };
    return this.answer(req, res, ready);
  }

  /**
   * Checks the real path, watches the directories on the way to it, then (only then, so that no
   * change goes unseen) stats and caches the file — or streams it when it is too large to cache.
   */
  private async miss(
    req: IncomingMessage,
    res: ServerResponse,
    rel: string,
  ): Promise<CachedFile | undefined> {
    const path = join(this.options.root, rel);
    // Most misses are missing files: answered without the realpath walk.
    const real = statFile(path) && (await this.locate(rel));
    if (!real) {
      sendText(res, 404, 'not found');
      return undefined;
    }
    const slot = this.cache.prepare(rel);
    slot.watched = this.watches.add(slot, [
      [this.options.root, path],
      [dirname(this.dataRoot!), real],
    ]);
    const checkedAt = performance.now();
    const st = statFile(real);
    if (!st || st.size > this.maxCachedBytes) {
      this.watches.remove(slot);
      if (!st) sendText(res, 404, 'not found');
      else await this.stream(req, res, real, st);
      return undefined;
    }
    slot.plain = rel === req.url;
    return this.cache.load(slot, real, st, checkedAt);
  }

  private async stream(req: IncomingMessage, res: ServerResponse, real: string, st: Stats) {
    // A weak validator from the version: hashing 80 MB per version is not worth it.
    const etag = `W/"${st.ino.toString(36)}-${st.size.toString(36)}-${Math.floor(st.mtimeMs).toString(36)}"`;
    const headers = fileHeaders(fileType(real), etag, st.mtime, this.options.cacheControl);
    if (notModified(req.headers['if-none-match'], req.headers['if-modified-since'], etag, st.mtimeMs)) {
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

/**
 * The form of `file` to send for an `Accept-Encoding` header: ready, or a promise while the
 * compression it needs is being made (started here). Identity when the file is not worth compressing.
 */
export function variantFor(file: CachedFile, acceptEncoding: string | undefined): Variant | Promise<Variant> {
  const encoding = negotiateEncoding(acceptEncoding);
  if (encoding === 'identity') return file.identity;
  return file[encoding] ?? file.compressed(encoding) ?? file.identity;
}

function answer(req: IncomingMessage, res: ServerResponse, file: CachedFile, variant: Variant): StaticResult {
  if (notModified(req.headers['if-none-match'], req.headers['if-modified-since'], file.etag, file.mtimeMs)) {
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
export function notModified(
  inm: string | undefined,
  ims: string | undefined,
  etag: string,
  mtimeMs: number,
): boolean {
  if (inm !== undefined) {
    if (inm.trim() === '*') return true;
    const base = etag.replace(/^W\//, '').slice(1, -1);
    return inm.split(',').some((tag) => {
      const t = tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
      return t === base || t === `${base}-br` || t === `${base}-gz`;
    });
  }
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
