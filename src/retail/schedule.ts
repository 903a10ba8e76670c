/**
 * Polite and fast at once: at most one page at a time per dealer with a random pause between that
 * dealer's pages, dealers in parallel under a global cap. When a slot frees, the dealer with the most
 * pages left gets it, so a run lasts about as long as the busiest dealer's serial time.
 */
import type { Clock } from '../data/time.js';

export interface DelayRange {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_DELAY = '2000-8000';
/**
 * Pages open at once across dealers: one per dealer of the real catalog (9), so no dealer waits for
 * a slot and a run lasts about the busiest dealer's pages × its pause. Measured with 9 pages open:
 * ~0.9 GiB PSS for the whole Chromium tree (`npm run bench -- retail-fetch`). Lower it only for
 * memory: below the number of dealers, dealers' tabs are closed and reopened in turn, and a fresh tab
 * costs a renderer process (measured on 2 cores: 4 pages open took 2.4× the CPU per page of 9, and
 * 2.4× as long). The run then takes longer, never less politely.
 */
export const DEFAULT_CONCURRENCY = 9;

/** Parses `per-vendor-delay`: `2000-8000` (ms range) or `3000` (fixed). */
export function parseDelay(text: string): DelayRange {
  const m = /^\s*(\d+)\s*(?:(?:-|\.\.)\s*(\d+))?\s*(?:ms)?\s*$/.exec(text);
  const minMs = Number(m?.[1]);
  const maxMs = m?.[2] === undefined ? minMs : Number(m[2]);
  if (!m || maxMs < minMs || maxMs > 600_000) {
    throw new Error(
      `per-vendor-delay must be milliseconds like "2000-8000" or "3000" (at most 600000), got "${text}"`,
    );
  }
  return { minMs, maxMs };
}

export function parseConcurrency(text: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n < 1 || n > 64)
    throw new Error(`concurrency must be a whole number from 1 to 64, got "${text}"`);
  return n;
}

export interface ScheduleOptions<T, R> {
  items: readonly T[];
  /** Which dealer an item belongs to. */
  key: (item: T) => string;
  run: (item: T) => Promise<R>;
  concurrency: number;
  delay: DelayRange;
  clock: Clock;
  /** Uniform in [0, 1). */
  random: () => number;
  onResult?: (result: R, item: T) => void;
  signal?: AbortSignal;
}

/** A counting semaphore that hands a freed slot to the waiter with the highest priority. */
class Slots {
  private free: number;
  private waiting: { priority: () => number; grant: () => void }[] = [];
  constructor(count: number) {
    this.free = count;
  }
  acquire(priority: () => number): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ priority, grant }));
  }
  release(): void {
    if (this.waiting.length === 0) {
      this.free++;
      return;
    }
    let best = 0;
    for (let i = 1; i < this.waiting.length; i++) {
      if (this.waiting[i]!.priority() > this.waiting[best]!.priority()) best = i;
    }
    this.waiting.splice(best, 1)[0]!.grant();
  }
}

/** Runs every item; results come back in the order of `items`. A throwing `run` rejects the whole schedule. */
export async function schedule<T, R>(options: ScheduleOptions<T, R>): Promise<R[]> {
  const { items, key, run, clock, random, delay } = options;
  if (!(options.concurrency >= 1)) throw new Error('concurrency must be at least 1');
  const queues = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = key(item);
    const queue = queues.get(k) ?? [];
    queue.push(i);
    queues.set(k, queue);
  });
  const results = new Array<R>(items.length);
  const slots = new Slots(options.concurrency);
  let broken = false;
  const dealer = async (queue: number[]) => {
    // After one failure, no dealer starts another page: the run is over.
    for (let n = 0; n < queue.length && !broken; n++) {
      if (n > 0) {
        const pause = delay.minMs + Math.floor(random() * (delay.maxMs - delay.minMs + 1));
        await clock.sleep(pause, options.signal);
      }
      options.signal?.throwIfAborted();
      await slots.acquire(() => queue.length - n);
      if (broken) {
        slots.release();
        return;
      }
      try {
        const index = queue[n]!;
        const result = await run(items[index]!);
        results[index] = result;
        options.onResult?.(result, items[index]!);
      } catch (err) {
        broken = true;
        throw err;
      } finally {
        slots.release();
      }
    }
  };
  await Promise.all([...queues.values()].map(dealer));
  return results;
}
