/**
 * Freshness of the configured endpoints, checked from the server (a browser would need CORS from
 * every endpoint and would hammer them once per open tab). The checks are pages-verify's own
 * (spot: the current hour's file; retail: the manifest's `generated_at`), run with a short
 * timeout; results are cached for `ttlMs`, and once there are results a page view never waits:
 * it gets the last ones and starts a new round in the background.
 */
import { type Freshness, retailFreshness, spotFreshness } from '../../data/freshness.js';
import type { Clock } from '../../data/time.js';
import * as z from '../../data/zod.js';
import { endpointLabel, endpointReader, endpointUrlSchema } from '../../http/endpoint.js';
import type { FetchLike } from '../../http/fetch.js';

export interface EndpointStatus {
  /** The endpoint as shown (no credentials, no query). */
  label: string;
  spot: Freshness;
  retail: Freshness;
  checkedAt: Date;
}

export interface EndpointMonitorOptions {
  endpoints: readonly string[];
  clock: Clock;
  fetch?: FetchLike;
  /** Age limits; 0 skips that check. */
  spotMaxAgeMinutes: number;
  retailMaxAgeMinutes: number;
  /** How long results are reused (default 60 s). */
  ttlMs?: number;
  /** How long one endpoint may take to answer (default 5 s). */
  timeoutMs?: number;
}

/** Validates the `status-endpoints` list; the error names the input. */
export function parseStatusEndpoints(list: readonly string[]): string[] {
  const r = z
    .array(endpointUrlSchema)
    .check(z.refine((l) => new Set(l).size === l.length, 'lists the same endpoint twice'))
    .safeParse(list);
  if (!r.success)
    throw new Error(`input "status-endpoints": ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}

export class EndpointMonitor {
  private last: { at: number; results: EndpointStatus[] } | undefined;
  private round: Promise<EndpointStatus[]> | undefined;

  constructor(private readonly options: EndpointMonitorOptions) {}

  async current(): Promise<EndpointStatus[]> {
    const { clock, ttlMs = 60_000 } = this.options;
    const now = clock.now().getTime();
    if (this.last && now - this.last.at < ttlMs) return this.last.results;
    this.round ??= this.checkAll().finally(() => {
      this.round = undefined;
    });
    return this.last?.results ?? this.round;
  }

  private async checkAll(): Promise<EndpointStatus[]> {
    const results = await Promise.all(this.options.endpoints.map((base) => this.check(base)));
    this.last = { at: this.options.clock.now().getTime(), results };
    return results;
  }

  private async check(base: string): Promise<EndpointStatus> {
    const { clock, fetch, timeoutMs = 5_000 } = this.options;
    const guarded = async (
      run: (ctx: { clock: Clock; fetch?: FetchLike; signal: AbortSignal }) => Promise<Freshness>,
    ) => {
      try {
        return await run({ clock, fetch, signal: AbortSignal.timeout(timeoutMs) });
      } catch {
        // Only our own timeout gets here: every other failure is a Freshness of status 'error'.
        return { status: 'error', detail: `no answer within ${timeoutMs / 1000} s` } satisfies Freshness;
      }
    };
    const [spot, retail] = await Promise.all([
      guarded((ctx) =>
        spotFreshness(endpointReader(base, ctx, 15_000), clock, this.options.spotMaxAgeMinutes),
      ),
      guarded((ctx) =>
        retailFreshness(endpointReader(base, ctx, 15_000), clock, this.options.retailMaxAgeMinutes),
      ),
    ]);
    return { label: endpointLabel(base), spot, retail, checkedAt: clock.now() };
  }
}
