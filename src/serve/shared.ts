/**
 * A value computed at most once per `ttlMs` and shared by everyone who asks meanwhile: concurrent
 * callers wait for the same computation (single flight), later ones get the cached result. A
 * failure is not cached. Keeps a flood of `/status` or `/health` requests to one computation per
 * second.
 */
import type { Clock } from '../data/time.js';

export class Shared<T> {
  private cached: { at: number; value: Promise<T> } | undefined;

  constructor(
    private readonly compute: () => Promise<T>,
    private readonly clock: Clock,
    private readonly ttlMs = 1_000,
  ) {}

  get(): Promise<T> {
    const now = this.clock.now().getTime();
    const c = this.cached;
    // `now < c.at` : a clock set back is no reason to serve an old answer forever.
    if (c && now - c.at < this.ttlMs && now >= c.at) return c.value;
    const value = this.compute();
    const entry = { at: now, value };
    this.cached = entry;
    value.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return value;
  }
}
