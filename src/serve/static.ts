/**
 * Serves files of the data tree. Only `data/**` is exposed; the real path (after symlinks) must
 * stay inside the root's real `data/` directory and hold no dot-segment, so a symlink pointing
 * at `/etc` or at `.git/config` is a 404 like any missing file.
 */

import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { negotiateEncoding } from './content.js';
import type { FileCache } from './file-cache.js';

export interface StaticOptions {
  root: string;
  cache: FileCache;
  cacheControl: string;
}

export type StaticResult = { status: number; bytes: number };

export class StaticFiles {
  private dataRoot: string | undefined;

  constructor(private readonly options: StaticOptions) {}

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

  async serve(req: IncomingMessage, res: ServerResponse, rel: string): Promise<StaticResult> {
    const real = await this.locate(rel);
    const st = real ? await stat(real).catch(() => undefined) : undefined;
    if (!real || !st?.isFile()) return sendText(res, 404, 'not found');
    const file = await this.options.cache.get(real, st);

    const encoding = file.compressible ? negotiateEncoding(req.headers['accept-encoding']) : 'identity';
    const suffix = encoding === 'br' ? '-br' : encoding === 'gzip' ? '-gz' : '';
    const etag = suffix ? `${file.etag.slice(0, -1)}${suffix}"` : file.etag;
    res.setHeader('Content-Type', file.type);
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', file.lastModified);
    res.setHeader('Cache-Control', this.options.cacheControl);
    if (file.compressible) res.setHeader('Vary', 'Accept-Encoding');

    if (notModified(req, file.etag, st.mtime)) {
      res.statusCode = 304;
      res.end();
      return { status: 304, bytes: 0 };
    }
    const body = encoding === 'identity' ? file.body : await this.options.cache.encoded(file, encoding);
    if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', body.length);
    res.statusCode = 200;
    res.end(req.method === 'HEAD' ? undefined : body);
    return { status: 200, bytes: req.method === 'HEAD' ? 0 : body.length };
  }
}

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since; any encoding's tag of this content matches. */
function notModified(req: IncomingMessage, etag: string, mtime: Date): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    if (inm.trim() === '*') return true;
    const base = etag.slice(1, -1);
    return inm.split(',').some((tag) => {
      const t = tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
      return t === base || t === `${base}-br` || t === `${base}-gz`;
    });
  }
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since;
}

export function sendText(res: ServerResponse, status: number, text: string): StaticResult {
  const body = Buffer.from(`${text}\n`);
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(res.req.method === 'HEAD' ? undefined : body);
  return { status, bytes: body.length };
}
