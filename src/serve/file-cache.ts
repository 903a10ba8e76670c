/**
 * Precomputed answers for data files, one per file version: the header block (flat, ready for
 * `writeHead`), the body, and its brotli and gzip forms, each built once, when a version (or that
 * encoding of it) is first asked for. Keyed by request path; a version is (device, inode, size,
 * mtime). Bounded by total bytes (least recently used out first, approximately: a second chance
 * instead of reordering on every hit). Whether a slot is still current is the caller's business
 * (static.ts: file events, and a `stat` now and then).
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { type Encoding, type FileType, fileType } from './content.js';
import { COMMON_FLAT } from './headers.js';
import type { Watched } from './path-watch.js';

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

/** One cached path: its answers once built, and what the hot path needs to trust them. */
export class Slot implements Watched {
  entry!: Promise<CachedFile>;
  /** The entry once built: the hot path answers from it without waiting on a promise. */
  ready?: CachedFile;
  bytes = 0;
  /** When (performance.now()) the version was last confirmed by a `stat`. */
  checkedAt = 0;
  /** Every directory on its paths is watched: changes arrive as events, not by `stat`. */
  watched = false;
  /** Its key is a raw request target that resolves to itself (no escape, no query string). */
  plain = false;
  /** Asked for since the last eviction pass (second chance). */
  used = true;
  version = '';

  constructor(
    readonly key: string,
    private readonly owner: FileCache,
  ) {}

  invalidate(): void {
    this.owner.drop(this);
  }
}

export class FileCache {
  private readonly slots = new Map<string, Slot>();
  private bytes = 0;

  constructor(
    private readonly cacheControl: string,
    private readonly maxBytes = 64 * 1024 * 1024,
    /** Told when a slot leaves the cache (to stop watching for it). */
    private readonly released: (slot: Slot) => void = () => undefined,
  ) {}

  get size(): number {
    return this.slots.size;
  }

  /** The slot of `key` (ready or being built). The hot path: no allocation, no reordering. */
  get(key: string): Slot | undefined {
    const slot = this.slots.get(key);
    if (slot) slot.used = true;
    return slot;
  }

  /** A slot for `key`, not cached yet: watch for it first, then `load` it. */
  prepare(key: string): Slot {
    return new Slot(key, this);
  }

  /** Reads `realPath` (whose stat is `st`) into `slot` and caches it, replacing any older one. */
  load(slot: Slot, realPath: string, st: Stats, checkedAt: number): Promise<CachedFile> {
    const old = this.slots.get(slot.key);
    if (old) this.drop(old);
    slot.version = versionOf(st);
    slot.bytes = st.size;
    slot.checkedAt = checkedAt;
    slot.entry = build(realPath, st, slot.version, this.cacheControl, (extra) => {
      // Compressed forms count against the bound too (while the slot is still cached).
      if (this.slots.get(slot.key) !== slot) return;
      slot.bytes += extra;
      this.bytes += extra;
      this.evict();
    });
    this.slots.set(slot.key, slot);
    this.bytes += slot.bytes;
    slot.entry.then(
      (file) => {
        slot.ready = file;
      },
      // A failed read is not cached.
      () => this.drop(slot),
    );
    this.evict();
    return slot.entry;
  }

  /** Forgets `slot` if it is still the cached one for its key. */
  drop(slot: Slot): void {
    if (this.slots.get(slot.key) === slot) {
      this.slots.delete(slot.key);
      this.bytes -= slot.bytes;
    }
    this.released(slot);
  }

  /** Oldest first; a slot asked for since the last pass gets a second chance (moved to the end). */
  private evict() {
    let budget = this.slots.size * 2;
    for (const slot of this.slots.values()) {
      if (this.bytes <= this.maxBytes || this.slots.size <= 1 || budget-- <= 0) break;
      if (slot.used) {
        slot.used = false;
        this.slots.delete(slot.key);
        this.slots.set(slot.key, slot);
      } else this.drop(slot);
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
