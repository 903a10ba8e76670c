/**
 * Per-client token bucket: `perMinute` requests in a burst, refilled continuously at `perMinute`
 * per minute. Time comes from the injected clock. Bounded: keys are cut to `MAX_KEY_LENGTH`
 * characters and at most `maxKeys` buckets are kept — the least recently seen is forgotten first
 * (a forgotten client starts again with a full bucket, which is also what an idle one gets).
 */
import type { Clock } from '../data/time.js';

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Longer than any IPv6 address with a zone. */
export const MAX_KEY_LENGTH = 64;

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
    private readonly maxKeys = 10_000,
  ) {}

  /** Buckets held now (≤ maxKeys). */
  get size(): number {
    return this.buckets.size;
  }

  take(client: string): RateDecision {
    const key = client.length > MAX_KEY_LENGTH ? client.slice(0, MAX_KEY_LENGTH) : client;
    const now = this.clock.now().getTime();
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    // Re-inserting keeps the map in least-recently-seen order, so the first key is the one to drop.
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)) };
  }
}
