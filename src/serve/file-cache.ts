/**
 * In-memory cache of served files and their compressed forms, keyed by real path and validated
 * against (inode, size, mtime) on every request: a file the pollers replace is served at once,
 * and each version is compressed once, not on every request. Bounded by total bytes (LRU).
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { contentType, isCompressible } from './content.js';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Below this a compressed body saves less than its headers cost. */
const MIN_COMPRESS_BYTES = 256;

export interface CachedFile {
  body: Buffer;
  type: string;
  /** Strong validator from the content; compressed forms append `-br` / `-gz`. */
  etag: string;
  lastModified: string;
  compressible: boolean;
  br?: Promise<Buffer>;
  gzip?: Promise<Buffer>;
}

interface Slot {
  version: string;
  file: Promise<CachedFile>;
  bytes: number;
}

const versionOf = (st: Stats) => `${st.ino}:${st.size}:${st.mtimeMs}`;

export class FileCache {
  private readonly slots = new Map<string, Slot>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /** The file at `realPath` as of `st`; reads it when the cached version is older. */
  get(realPath: string, st: Stats): Promise<CachedFile> {
    const version = versionOf(st);
    const slot = this.slots.get(realPath);
    if (slot && slot.version === version) {
      // Refresh LRU position.
      this.slots.delete(realPath);
      this.slots.set(realPath, slot);
      return slot.file;
    }
    if (slot) this.drop(realPath, slot);
    const file = load(realPath, st);
    const fresh: Slot = { version, file, bytes: st.size };
    this.slots.set(realPath, fresh);
    this.bytes += st.size;
    // A failed read is not cached.
    file.catch(() => {
      if (this.slots.get(realPath) === fresh) this.drop(realPath, fresh);
    });
    this.evict();
    return file;
  }

  /** The body in the requested encoding, compressed once per version. */
  async encoded(file: CachedFile, encoding: 'br' | 'gzip'): Promise<Buffer> {
    if (encoding === 'br') {
      file.br ??= brotli(file.body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: file.body.length },
      });
      return file.br;
    }
    file.gzip ??= gz(file.body, { level: 9 });
    return file.gzip;
  }

  private drop(key: string, slot: Slot) {
    this.slots.delete(key);
    this.bytes -= slot.bytes;
  }

  private evict() {
    for (const [key, slot] of this.slots) {
      if (this.bytes <= this.maxBytes || this.slots.size <= 1) break;
      this.drop(key, slot);
    }
  }
}

async function load(realPath: string, st: Stats): Promise<CachedFile> {
  const body = await readFile(realPath);
  const type = contentType(realPath);
  const hash = createHash('sha1').update(body).digest('base64url').slice(0, 22);
  return {
    body,
    type,
    etag: `"${hash}"`,
    lastModified: st.mtime.toUTCString(),
    compressible: isCompressible(type) && body.length >= MIN_COMPRESS_BYTES,
  };
}
