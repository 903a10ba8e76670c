/**
 * The access log, off the hot path and never blocking it. Each answer's fields are written at once
 * into a 4 KiB chunk of bytes (whole lines only; no line string is made, no batch joined); full chunks are handed
 * to the output, one write at a time and in order, and what the output has not taken yet is
 * queued up to `MAX_QUEUED_BYTES`. When the output cannot keep up (a paused pipe reader), new lines
 * are dropped and counted, and the count is reported once the output has caught up. A partly filled
 * chunk goes out after `flushMs`; `close()` hands over everything left and waits until the output
 * took it (bounded by a deadline). The mode can sample or switch it off.
 */
import type { Socket } from 'node:net';
import * as z from '../data/zod.js';
import { MAX_KEY_LENGTH } from '../http/rate-limit.js';

export type AccessLogMode = { kind: 'on' } | { kind: 'off' } | { kind: 'sample'; every: number };

export const accessLogMode = z.pipe(
  z
    .string()
    .check(
      z.trim(),
      z.regex(/^(on|off|sample:[1-9]\d{0,5})$/, 'expected on, off or sample:N (log one request in N)'),
    ),
  z.transform((s: string): AccessLogMode => {
    if (s === 'on' || s === 'off') return { kind: s };
    return { kind: 'sample', every: Number(s.slice('sample:'.length)) };
  }),
);

/** Where the chunks of lines go (see `log-output.ts`). */
export interface LogOutput {
  /** Each line starts with the time (as the runtime stamps its own lines); false when the output stamps lines itself. */
  readonly stamped: boolean;
  /** Chunks handed over in one write at most: 1 where a bigger write could interleave with another process's lines (a pipe). */
  readonly chunksPerWrite: number;
  /** Hands `chunks` over; `done` with the bytes taken (all, unless an error says otherwise). */
  write(chunks: Buffer[], done: (error: NodeJS.ErrnoException | null, bytes: number) => void): void;
}

/**
 * A pipe takes at most this many bytes in one write without interleaving them with another writer's
 * (PIPE_BUF): the workers of a cluster share stdout.
 */
export const CHUNK_BYTES = 4096;
/** Bytes of lines waiting for the output, at most, per process. */
export const MAX_QUEUED_BYTES = 1 << 20;
const FLUSH_MS = 100;
const RETRY_MS = 20;
const STAMP_BYTES = 'YYYY-MM-DDTHH:MM:SSZ '.length;
const [SPACE, DOT, ZERO, M, S, NEWLINE] = [32, 46, 48, 109, 115, 10];

/** Writes `value` (a count: whole, not negative) in decimal at `at`; returns where it ends. */
function digits(b: Buffer, at: number, value: number): number {
  const n = Math.max(0, Math.trunc(value));
  let len = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) len++;
  for (let i = at + len - 1, rest = n; i >= at; i--, rest = Math.floor(rest / 10)) b[i] = ZERO + (rest % 10);
  return at + len;
}

interface Chunk {
  bytes: Buffer;
  lines: number;
}

export class AccessLog {
  private seen = 0;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private linesInChunk = 0;
  private readonly queue: Chunk[] = [];
  private queuedBytes = 0;
  private writing: Chunk[] | undefined;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private second = -1;
  private stamp = Buffer.alloc(0);
  private closing: (() => void) | undefined;
  private closed: Promise<void> | undefined;

  constructor(
    private readonly mode: AccessLogMode,
    private readonly output: LogOutput,
    /** Where the count of dropped lines is reported. */
    private readonly warn: (message: string) => void,
    private readonly flushMs = FLUSH_MS,
  ) {}

  /** False when this request is not logged (off, or not in the sample): skip formatting its line. */
  wants(): boolean {
    if (this.mode.kind === 'off') return false;
    if (this.mode.kind === 'on') return true;
    return this.seen++ % this.mode.every === 0;
  }

  /**
   * Logs one answer: `<client> <method> <path> <status> <bytes> <ms>ms` (`path` from `safePath`),
   * written straight into the chunk, digits included (no line string is made).
   */
  add(client: string, method: string, path: string, status: number, bytes: number, ms: number): void {
    const c = client.length > 100 ? client.slice(0, 100) : client;
    const m = method.length > 20 ? method.slice(0, 20) : method;
    const p = path.length > 1_000 ? path.slice(0, 1_000) : path;
    // Worst case of the UTF-8 length (stamp, numbers and spaces within 96 bytes): it always fits an empty chunk.
    if (this.used + 3 * (c.length + m.length + p.length) + 96 > CHUNK_BYTES) this.seal();
    if (this.queuedBytes + CHUNK_BYTES > MAX_QUEUED_BYTES || this.closing) {
      this.dropped++;
      return;
    }
    const b = this.chunk;
    let at = this.used;
    if (this.output.stamped) {
      this.stampNow().copy(b, at);
      at += STAMP_BYTES;
    }
    at += b.write(c, at);
    b[at++] = SPACE;
    at += b.write(m, at);
    b[at++] = SPACE;
    at += b.write(p, at);
    b[at++] = SPACE;
    at = digits(b, at, status);
    b[at++] = SPACE;
    at = digits(b, at, bytes);
    b[at++] = SPACE;
    // Rounded to a tenth of a millisecond.
    const tenths = Math.round(ms * 10);
    at = digits(b, at, Math.floor(tenths / 10));
    b[at++] = DOT;
    b[at++] = ZERO + (tenths % 10);
    b[at++] = M;
    b[at++] = S;
    b[at++] = NEWLINE;
    this.used = at;
    this.linesInChunk++;
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Hands over every line so far (the partly filled chunk too), without waiting. */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.seal();
    this.pump(true);
  }

  /**
   * Hands over every line and resolves when the output took them all, or after `deadlineMs` (a
   * reader that never reads again): what is left then is counted as dropped and reported.
   */
  close(deadlineMs = 10_000): Promise<void> {
    this.closed ??= this.closeOnce(deadlineMs);
    return this.closed;
  }

  private closeOnce(deadlineMs: number): Promise<void> {
    this.flush();
    if (this.idle()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const giveUp = setTimeout(() => {
        for (const c of this.queue.splice(0)) this.dropped += c.lines;
        this.queuedBytes = 0;
        this.report();
        resolve();
      }, deadlineMs);
      this.closing = () => {
        clearTimeout(giveUp);
        resolve();
      };
    });
  }

  /** `YYYY-MM-DDTHH:MM:SSZ `, made once a second. */
  private stampNow(): Buffer {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.stamp = Buffer.from(`${new Date(second * 1000).toISOString().slice(0, 19)}Z `, 'latin1');
    }
    return this.stamp;
  }

  private seal(): void {
    if (this.used === 0) return;
    this.queue.push({ bytes: this.chunk.subarray(0, this.used), lines: this.linesInChunk });
    this.queuedBytes += CHUNK_BYTES;
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    this.linesInChunk = 0;
    // A pipe takes each chunk as it fills; other outputs take them in bigger writes (or on the timer).
    this.pump(false);
  }

  private idle(): boolean {
    return !this.writing && this.queue.length === 0;
  }

  /** Starts the next write unless one is under way; `all`: even fewer chunks than a full write. */
  private pump(all: boolean): void {
    if (this.writing || this.retry || this.queue.length === 0) return;
    if (!all && this.queue.length < this.output.chunksPerWrite) return;
    const chunks = this.queue.splice(0, this.output.chunksPerWrite);
    this.writing = chunks;
    this.output.write(
      chunks.map((c) => c.bytes),
      (error, bytes) => this.written(chunks, error, bytes),
    );
  }

  private written(chunks: Chunk[], error: NodeJS.ErrnoException | null, bytes: number): void {
    this.writing = undefined;
    // What was not taken goes back to the head of the queue (a partial write: the rest of a chunk).
    let rest = bytes;
    const left: Chunk[] = [];
    for (const c of chunks) {
      if (rest >= c.bytes.length) rest -= c.bytes.length;
      else {
        left.push({ bytes: c.bytes.subarray(rest), lines: c.lines });
        rest = 0;
      }
    }
    if (error && error.code !== 'EAGAIN') {
      // The output is gone (a closed pipe): these lines cannot be written.
      for (const c of left) this.dropped += c.lines;
      left.length = 0;
    }
    this.queuedBytes -= (chunks.length - left.length) * CHUNK_BYTES;
    this.queue.unshift(...left);
    if (left.length > 0) {
      // The output is full for now: try again a little later, the loop free meanwhile.
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.pump(true);
      }, RETRY_MS);
      this.retry.unref();
      return;
    }
    if (this.queue.length > 0) {
      this.pump(true);
      return;
    }
    this.report();
    this.closing?.();
  }

  /** The output caught up: says how many lines it could not take. */
  private report(): void {
    if (this.dropped === 0) return;
    this.warn(`access log: ${this.dropped} lines dropped, the output could not keep up`);
    this.dropped = 0;
  }
}

/** The client of a request: the first address of the trusted proxy's header when configured and sent, else the peer. */
export function clientAddress(forwarded: string | undefined, socket: Socket): string {
  const first = forwarded ? forwarded.split(',', 1)[0]!.trim() : '';
  return first.slice(0, MAX_KEY_LENGTH) || socket.remoteAddress || 'unknown';
}

const PRINTABLE = /^[\x21-\x3e\x40-\x7e]{0,200}$/;

/** Path for the access log: no query string (it could hold a key), no control bytes, bounded length. */
export function safePath(url: string | undefined): string {
  // Most targets are printable, short and without a query: logged as they are.
  if (url && PRINTABLE.test(url)) return url;
  const path = (url ?? '').split('?', 1)[0]!.slice(0, 200);
  return path.replace(/[^\x21-\x7e]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
