/**
 * The access log, off the hot path: lines are collected and written in one batch per event-loop
 * turn (a flood of requests costs one write per turn, not one per request), the batch is bounded
 * (lines beyond it are counted, and the count is logged), and the mode can sample or switch it off.
 */
import * as z from 'zod';

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

export class AccessLog {
  private lines: string[] = [];
  private dropped = 0;
  private seen = 0;
  private scheduled = false;

  constructor(
    private readonly mode: AccessLogMode,
    private readonly write: (text: string) => void,
  ) {}

  /** False when this request is not logged (off, or not in the sample): skip formatting its line. */
  wants(): boolean {
    if (this.mode.kind === 'off') return false;
    if (this.mode.kind === 'on') return true;
    return this.seen++ % this.mode.every === 0;
  }

  add(line: string): void {
    if (this.lines.length >= MAX_BATCH) {
      this.dropped++;
      return;
    }
    this.lines.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.dropped > 0) this.lines.push(`access log: ${this.dropped} lines dropped (burst)`);
    this.dropped = 0;
    if (this.lines.length === 0) return;
    const batch = this.lines;
    this.lines = [];
    this.write(batch.join('\n'));
  }
}
