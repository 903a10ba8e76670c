/**
 * The access log, off the hot path: lines are collected and written in one batch every
 * `flushMs`, so a flood of requests costs about ten writes a second, not one per request or per
 * event-loop turn (stdout writes to a file or a pipe block the loop). Bounded: a batch holds at
 * most `MAX_BATCH` lines (a full one is written at once). The mode can sample or switch it off;
 * `flush()` on stop writes what is left.
 */
import type { Socket } from 'node:net';
import * as z from 'zod';
import { MAX_KEY_LENGTH } from '../http/rate-limit.js';

export type AccessLogMode = { kind: 'on' } | { kind: 'off' } | { kind: 'sample'; every: number };

export const accessLogMode = z
  .string()
  .trim()
  .regex(/^(on|off|sample:[1-9]\d{0,5})$/, 'expected on, off or sample:N (log one request in N)')
  .transform((s): AccessLogMode => {
    if (s === 'on' || s === 'off') return { kind: s };
    return { kind: 'sample', every: Number(s.slice('sample:'.length)) };
  });

const MAX_BATCH = 5_000;
const FLUSH_MS = 100;

export class AccessLog {
  private lines: string[] = [];
  private seen = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly mode: AccessLogMode,
    private readonly write: (text: string) => void,
    private readonly flushMs = FLUSH_MS,
  ) {}

  /** False when this request is not logged (off, or not in the sample): skip formatting its line. */
  wants(): boolean {
    if (this.mode.kind === 'off') return false;
    if (this.mode.kind === 'on') return true;
    return this.seen++ % this.mode.every === 0;
  }

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length >= MAX_BATCH) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.length === 0) return;
    const batch = this.lines;
    this.lines = [];
    this.write(batch.join('\n'));
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
