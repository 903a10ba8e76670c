/**
 * Precomputed answers for data files, one per file version: the header block (flat, ready for
 * `writeHead`), the body, and its brotli and gzip forms, each built once, when a version (or that
 * encoding of it) is first asked for. Keyed by request path; a version is (device, inode, size, mtime), so a file replaced by
 * rename (how every writer publishes) is a new version at once. Bounded by total bytes (LRU).
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { type Encoding, type FileType, fileType } from './content.js';
import { COMMON_FLAT } from './headers.js';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Below this a compressed body saves less than its headers cost. */
const MIN_COMPRESS_BYTES = 256;

export interface Variant {
  /** `writeHead` headers of a 200 (flat name/value list). */
  head: string[];
  body: Buffer;
}

export interface CachedFile {
  version: string;
  /** Strong validator from the content; compressed forms append `-br` / `-gz`. */
  etag: string;
  mtimeMs: number;
  identity: Variant;
  /** Ready compressed forms (the hot path reads these synchronously). */
  br?: Variant;
  gzip?: Variant;
  /** The compressed form, made on first use; undefined when the file is not worth compressing. */
  compressed(encoding: 'br' | 'gzip'): Promise<Variant> | undefined;
  /** `writeHead` headers of a 304. */
  notModified: string[];
}

export const versionOf = (st: Stats) => `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;

/** Headers every answer about a file carries, whatever its size or encoding. */
export function fileHeaders(type: FileType, etag: string, mtime: Date, cacheControl: string): string[] {
  return [
    ...COMMON_FLAT,
    'Content-Type',
    type.type,
    ...(type.attachment ? ['Content-Disposition', 'attachment'] : []),
    'ETag',
    etag,
    'Last-Modified',
    mtime.toUTCString(),
    'Cache-Control',
    cacheControl,
    ...(type.compressible ? ['Vary', 'Accept-Encoding'] : []),
  ];
}

interface Slot {
  entry: Promise<CachedFile>;
  /** The entry once built: the hot path answers from it without waiting on a promise. */
  ready?: CachedFile;
  version: string;
  bytes: number;
}

export class FileCache {
  private readonly slots = new Map<string, Slot>();
  private bytes = 0;

  constructor(
    private readonly cacheControl: string,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  /** The answer for `key` if its cached version is `version` (ready or being built). */
  lookup(key: string, version: string): CachedFile | Promise<CachedFile> | undefined {
    const slot = this.slots.get(key);
    if (slot?.version !== version) return undefined;
    // Refresh the LRU position.
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.ready ?? slot.entry;
  }

  /** Reads `realPath` (whose stat is `st`) and caches its answers under `key`. */
  load(key: string, realPath: string, st: Stats): Promise<CachedFile> {
    const old = this.slots.get(key);
    if (old) this.drop(key, old);
    const version = versionOf(st);
    const slot: Slot = { version, bytes: st.size, entry: Promise.resolve(undefined as never) };
    slot.entry = build(realPath, st, version, this.cacheControl, (extra) => {
      // Compressed forms count against the bound too (while the slot is still cached).
      if (this.slots.get(key) !== slot) return;
      slot.bytes += extra;
      this.bytes += extra;
      this.evict();
    });
    this.slots.set(key, slot);
    this.bytes += st.size;
    slot.entry.then(
      (file) => {
        slot.ready = file;
      },
      // A failed read is not cached.
      () => {
        if (this.slots.get(key) === slot) this.drop(key, slot);
      },
    );
    this.evict();
    return slot.entry;
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

async function build(
  realPath: string,
  st: Stats,
  version: string,
  cacheControl: string,
  grew: (bytes: number) => void,
): Promise<CachedFile> {
  const body = await readFile(realPath);
  const type = fileType(realPath);
  const tag = createHash('sha1').update(body).digest('base64url').slice(0, 22);
  const etag = `"${tag}"`;
  const head = (encoding: Encoding, length: number) => [
    ...fileHeaders(
      type,
      encoding === 'identity' ? etag : `"${tag}-${encoding === 'br' ? 'br' : 'gz'}"`,
      st.mtime,
      cacheControl,
    ),
    ...(encoding === 'identity' ? [] : ['Content-Encoding', encoding]),
    'Content-Length',
    String(length),
  ];
  const worth = type.compressible && body.length >= MIN_COMPRESS_BYTES;
  const pending: { br?: Promise<Variant>; gzip?: Promise<Variant> } = {};
  const file: CachedFile = {
    version,
    etag,
    mtimeMs: st.mtimeMs,
    identity: { head: head('identity', body.length), body },
    notModified: fileHeaders(type, etag, st.mtime, cacheControl),
    compressed: (encoding) => {
      if (!worth) return undefined;
      pending[encoding] ??= (
        encoding === 'br'
          ? brotli(body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 9,
                [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            })
          : gz(body, { level: 9 })
      ).then((b) => {
        const variant = { head: head(encoding, b.length), body: b };
        file[encoding] = variant;
        grew(b.length);
        return variant;
      });
      return pending[encoding];
    },
  };
  return file;
}
