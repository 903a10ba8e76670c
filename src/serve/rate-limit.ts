/**
 * Per-client token bucket: `perMinute` requests in a burst, refilled continuously at `perMinute`
 * per minute. Time comes from the injected clock. Buckets that are full again are forgotten, so
 * memory stays bounded by the clients active in the last minute.
 */
import type { Clock } from '../data/time.js';

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  take(client: string): RateDecision {
    const now = this.clock.now().getTime();
    const rate = this.perMinute / 60_000;
    this.sweep(now, rate);
    const b = this.buckets.get(client) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(client, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)) };
  }

  private sweep(now: number, rate: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * rate >= this.perMinute) this.buckets.delete(key);
    }
  }
}
