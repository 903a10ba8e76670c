/**
 * `GET /api/proxy/:provider/latest?currencies=…` (the serverless seed's proxy): a browser asks for a
 * provider's latest rates, the server asks the provider with its own key. The key comes from the
 * server's environment (METAL_PRICE_API_KEY, METALS_DEV_API_KEY, METALS_API_KEY), goes only to the
 * provider's own origin, and never appears in an answer or a log line: the answer is rebuilt from
 * the checked prices, not passed through.
 *
 * Only an allow-list gets through: the `latest` endpoint, `base=USD`, `currencies` from a fixed set;
 * any other endpoint or parameter is a 400 naming it. Answers are cached for the provider's update
 * interval (one upstream call per combination per interval; concurrent askers share it), clients are
 * rate limited, and upstream calls are capped per hour so cache-busting cannot spend the quota.
 * Every answer is checked like a poll's (all four metals, finite, positive, plausible, ≤20 % from
 * the previous answer); a refused one is a 502, never served.
 */

import type { Logger } from '../data/logger.js';
import { METAL_SYMBOLS, METALS, type Metal, round2 } from '../data/spot.js';
import { checkAgainstNeighbours, type PricePoint } from '../data/spot-validate.js';
import type { Clock } from '../data/time.js';
import * as z from '../data/zod.js';
import { RateLimiter } from '../http/rate-limit.js';
import { buildProviders, type KeyedId } from './providers/index.js';
import type { Quote, SpotProvider } from './providers/provider.js';

const ENV_KEYS: Record<KeyedId, string> = {
  metalpriceapi: 'METAL_PRICE_API_KEY',
  'metals-dev': 'METALS_DEV_API_KEY',
  'metals-api': 'METALS_API_KEY',
};
/** How often each provider's latest rates change (the cache lifetime), seconds. */
const UPDATE_SECONDS: Record<KeyedId, number> = { metalpriceapi: 600, 'metals-dev': 60, 'metals-api': 600 };
const FIAT = ['EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY'] as const;
const SYMBOL_OF = Object.fromEntries(METALS.map((m) => [METAL_SYMBOLS[m], m])) as Record<string, Metal>;
const ALLOWED = [...Object.keys(SYMBOL_OF), ...FIAT];
const MAX_CACHED = 64;
const UPSTREAM_PER_HOUR = 60;
const TIMEOUT_MS = 10_000;

const latestQuery = z.strictObject({
  base: z.optional(z.literal('USD', { error: 'only USD' })),
  currencies: z.pipe(
    z.optional(z.string()),
    z.transform((s: string | undefined, ctx) => {
      const list = [
        ...new Set((s ?? ALLOWED.slice(0, 4).join(',')).toUpperCase().split(',').filter(Boolean)),
      ];
      const bad = list.filter((c) => !ALLOWED.includes(c));
      if (bad.length > 0 || list.length === 0) return z.fail(ctx, `allowed: ${ALLOWED.join(', ')}`);
      return list.sort();
    }),
  ),
});

/** What src/serve/server.ts sends (its `ProxyRoute` is this class's shape). */
export interface ProxyAnswer {
  status: number;
  body: unknown;
  retryAfterSeconds?: number;
}

interface Cached {
  at: number;
  body: Record<string, unknown>;
}

export class SpotProxy {
  private readonly providers = new Map<KeyedId, SpotProvider>();
  private readonly cache = new Map<string, Cached>();
  private readonly inflight = new Map<string, Promise<ProxyAnswer>>();
  private readonly lastGood = new Map<KeyedId, PricePoint>();
  private readonly limiter: RateLimiter;
  private upstreamCalls: number[] = [];

  constructor(
    env: NodeJS.ProcessEnv,
    private readonly clock: Clock,
    private readonly logger: Logger,
    perMinute = 20,
  ) {
    this.limiter = new RateLimiter(perMinute, clock);
    for (const id of Object.keys(ENV_KEYS) as KeyedId[]) {
      const key = env[ENV_KEYS[id]];
      if (!key) continue;
      const baseUrl = env[`STAKTRAKR_PROXY_${id.replace('-', '_').toUpperCase()}_URL`];
      const [provider] = buildProviders([id], { keys: { [id]: key }, baseUrls: { [id]: baseUrl }, clock });
      this.providers.set(id, provider!);
    }
  }

  /** `path` is `/api/proxy/…`; `client` identifies the asker for rate limiting. */
  async answer(path: string, query: URLSearchParams, client: string): Promise<ProxyAnswer> {
    const [, , , id, endpoint, ...rest] = path.split('/');
    const provider = this.providers.get(id as KeyedId);
    if (!(id! in ENV_KEYS))
      return bad(404, `unknown provider "${id}"; known: ${Object.keys(ENV_KEYS).join(', ')}`);
    if (!provider) return bad(404, `provider ${id} is not configured on this server`);
    if (endpoint !== 'latest' || rest.length > 0)
      return bad(404, `endpoint not allowed; allowed: /api/proxy/${id}/latest`);
    const parsed = latestQuery.safeParse(Object.fromEntries(query));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const param =
        issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(issue?.path[0] ?? 'query');
      return bad(400, `parameter not allowed: ${param} (${issue?.message ?? 'invalid'})`);
    }
    const decision = this.limiter.take(client);
    if (!decision.ok)
      return {
        ...bad(429, `proxy rate limit exceeded; retry in ${decision.retryAfterSeconds} s`),
        retryAfterSeconds: decision.retryAfterSeconds,
      };
    const currencies = parsed.data.currencies;
    const key = `${id}|${currencies.join(',')}`;
    const now = this.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < UPDATE_SECONDS[id as KeyedId] * 1000)
      return { status: 200, body: { ...hit.body, cached: true } };
    const pending = this.inflight.get(key) ?? this.fetch(id as KeyedId, provider, currencies, key);
    this.inflight.set(key, pending);
    try {
      return await pending;
    } finally {
      this.inflight.delete(key);
    }
  }

  private async fetch(
    id: KeyedId,
    provider: SpotProvider,
    currencies: string[],
    key: string,
  ): Promise<ProxyAnswer> {
    const now = this.clock.now().getTime();
    this.upstreamCalls = this.upstreamCalls.filter((t) => now - t < 3_600_000);
    if (this.upstreamCalls.length >= UPSTREAM_PER_HOUR)
      return {
        ...bad(503, 'upstream call limit for this hour reached; try again later'),
        retryAfterSeconds: 60,
      };
    this.upstreamCalls.push(now);
    let quote: Quote;
    try {
      quote = await provider.latest(
        currencies.filter((c) => !(c in SYMBOL_OF)),
        { signal: AbortSignal.timeout(TIMEOUT_MS) },
      );
    } catch (err) {
      // Provider errors never carry the key (safe URLs, no query strings).
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warning(`proxy ${id}: ${message}`);
      return bad(502, `${provider.displayName} did not answer usably`);
    }
    const point: PricePoint = {
      at: quote.at.getTime(),
      prices: quote.prices,
      what: `${provider.displayName} latest`,
    };
    const previous = this.lastGood.get(id);
    const checked = checkAgainstNeighbours([point], previous ? [previous] : [], false);
    if (checked.refused.length > 0) {
      this.logger.warning(`proxy ${id}: answer refused: ${checked.refused.join('; ')}`);
      return bad(
        502,
        `${provider.displayName} answered prices that failed their checks: ${checked.refused.join('; ')}`,
      );
    }
    this.lastGood.set(id, point);
    const metals: Record<string, number> = {};
    for (const c of currencies) if (c in SYMBOL_OF) metals[c] = round2(quote.prices[SYMBOL_OF[c]!]!);
    const fx: Record<string, number> = {};
    for (const c of currencies) if (quote.fx[c] !== undefined) fx[c] = quote.fx[c]!;
    const body = {
      provider: provider.displayName,
      base: 'USD',
      unit: 'toz',
      timestamp: quote.at.toISOString(),
      metals,
      fx,
    };
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { at: now, body });
    return { status: 200, body: { ...body, cached: false } };
  }
}

const bad = (status: number, error: string): ProxyAnswer => ({ status, body: { error } });
