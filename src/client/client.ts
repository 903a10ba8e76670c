/**
 * The StakTrakr browser client. Endpoints are base URLs (`https://api.staktrakr.com`); the
 * client appends `/data/hourly/...`, `/data/api/...` and `/api/prices`.
 * - Spot: every hourly file is raced across all endpoints, first valid answer wins.
 * - Retail: the endpoint with the freshest manifest wins, is remembered, and is re-ranked when it fails.
 * - Enhanced API: `/api/prices` is used where an endpoint offers it, static files otherwise.
 */

import { hourlyPath } from '../data/paths.js';
import { formatIso, HOUR, SLOT } from '../data/time.js';
import { AllEndpointsFailed, describeError, type Failure, fetchJson, raceFirstValid } from './race.js';
import {
  type CoinHistory,
  type CoinLatest,
  METALS,
  type Metal,
  type PricesResponse,
  parseCoinHistory,
  parseCoinLatest,
  parseHourly,
  parseManifestTime,
  parsePrices,
  type SpotPrice,
} from './schemas.js';

export interface ClientOptions {
  /** Base URLs of the endpoints, e.g. `https://api.staktrakr.com`. */
  endpoints: readonly string[];
  fetch?: typeof fetch;
  /** Per-request timeout for data files and API calls. */
  timeoutMs?: number;
  /** Timeout of each manifest request when ranking endpoints. */
  manifestTimeoutMs?: number;
  /** After the first manifest answer, how long to wait for the others before deciding. */
  graceMs?: number;
  now?: () => Date;
}

export interface HourlyResult {
  /** All prices of the hours fetched, oldest first. */
  prices: SpotPrice[];
  /** Per hour (newest first): the endpoint that answered, or why none did. */
  hours: Array<{ hour: string; endpoint?: string; error?: string }>;
}

export interface CurrentSpot {
  source: 'api' | 'static';
  prices: Partial<Record<Metal, SpotPrice>>;
}

export interface PricesQuery {
  metal: 'gold' | 'silver' | 'platinum' | 'palladium';
  currency?: string;
  unit?: 'toz' | 'g';
  window?: '1h' | '6h' | '12h' | '24h' | '7d';
}

export interface CoinData {
  endpoint: string;
  latest: CoinLatest;
  history: CoinHistory;
}

const WINDOW_HOURS = { '1h': 1, '6h': 6, '12h': 12, '24h': 24, '7d': 168 } as const;
const GRAMS_PER_TROY_OUNCE = 31.1034768;

export function createClient(options: ClientOptions): StakTrakrClient {
  return new StakTrakrClient(options);
}

export class StakTrakrClient {
  private readonly endpoints: string[];
  private readonly http: { fetch: typeof fetch; timeoutMs: number };
  private readonly now: () => Date;
  private ranking: string[] | undefined;
  private ranking$: Promise<string[]> | undefined;
  /** Whether each endpoint offers `/api/prices` (unknown until it answers). */
  private readonly enhanced = new Map<string, boolean>();

  constructor(private readonly options: ClientOptions) {
    this.endpoints = options.endpoints.map((e) => e.replace(/\/+$/, ''));
    if (this.endpoints.length === 0) throw new Error('endpoints: at least one base URL is required');
    this.http = {
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      timeoutMs: options.timeoutMs ?? 5_000,
    };
    this.now = options.now ?? (() => new Date());
  }

  /** The current hour and `hoursBack` hours before it; every hour races all endpoints. */
  async fetchHourly(hoursBack = 24): Promise<HourlyResult> {
    const start = Math.floor(this.now().getTime() / HOUR) * HOUR;
    const hours = Array.from({ length: hoursBack + 1 }, (_, i) => new Date(start - i * HOUR));
    const results = await Promise.allSettled(hours.map((h) => this.hour(h)));
    const prices: SpotPrice[] = [];
    const report = results.map((r, i) => {
      const hour = formatIso(hours[i]!);
      if (r.status === 'rejected') return { hour, error: describeError(r.reason) };
      prices.push(...r.value.value);
      return { hour, endpoint: r.value.endpoint };
    });
    return { prices: prices.sort((a, b) => a.ts - b.ts), hours: report };
  }

  /** Latest price per metal: from `/api/prices` where offered, else the newest hourly file. */
  async currentSpot(): Promise<CurrentSpot> {
    const api = await this.viaApi((e) =>
      Promise.all(
        METALS.map((m) =>
          raceFirstValid(e, pricesPath({ metal: lower(m), window: '1h' }), parsePrices, this.http),
        ),
      ),
    );
    if (api) {
      const prices: CurrentSpot['prices'] = {};
      api.forEach(({ value }, i) => {
        if (value.latest) {
          const { ts, price, provider } = value.latest;
          prices[METALS[i]!] = { metal: METALS[i]!, price, provider, ts: Date.parse(ts) };
        }
      });
      if (Object.keys(prices).length > 0) return { source: 'api', prices };
    }
    const hour = Math.floor(this.now().getTime() / HOUR) * HOUR;
    // Early in an hour its file may not exist yet: fall back to the previous hour.
    const file = await this.hour(new Date(hour)).catch(() => this.hour(new Date(hour - HOUR)));
    const prices: CurrentSpot['prices'] = {};
    for (const p of file.value) prices[p.metal] = p;
    return { source: 'static', prices };
  }

  /**
   * The seed's `/api/prices` answer. Without an endpoint offering it, USD answers are computed
   * from the hourly files (the same resolution rules as the server); other currencies need the API.
   */
  async fetchPrices(query: PricesQuery): Promise<PricesResponse & { source: 'api' | 'static' }> {
    const api = await this.viaApi((e) => raceFirstValid(e, pricesPath(query), parsePrices, this.http));
    if (api) return { ...api.value, source: 'api' };
    const currency = (query.currency ?? 'USD').toUpperCase();
    if (currency !== 'USD') throw new Error(`currency ${currency}: no endpoint offers /api/prices for it`);
    const window = query.window ?? '24h';
    const unit = query.unit ?? 'toz';
    const hours = WINDOW_HOURS[window];
    const { prices } = await this.fetchHourly(hours);
    const end = this.now().getTime();
    const step = hours > 12 ? HOUR : SLOT;
    const mine = prices.filter((p) => lower(p.metal) === query.metal);
    const convert = (price: number) =>
      unit === 'g' ? Math.round((price / GRAMS_PER_TROY_OUNCE) * 1e4) / 1e4 : price;
    const series: PricesResponse['series'] = [];
    let lastBucket: number | undefined;
    const start = Math.floor(end / step) * step + step - hours * HOUR;
    for (const p of mine.filter((p) => p.ts >= start && p.ts <= end)) {
      const point = { ts: formatIso(new Date(p.ts)), price: convert(p.price) };
      const bucket = Math.floor(p.ts / step);
      if (bucket === lastBucket) series[series.length - 1] = point;
      else series.push(point);
      lastBucket = bucket;
    }
    const last = mine.at(-1);
    return {
      metal: query.metal,
      currency,
      unit,
      window,
      latest: last
        ? { ts: formatIso(new Date(last.ts)), price: convert(last.price), provider: last.provider }
        : null,
      series,
      count: series.length,
      source: 'static',
    };
  }

  /**
   * The endpoint whose retail manifest is freshest. Decided when every endpoint has answered or
   * failed, or `graceMs` after the first answer — a hung endpoint does not cost the full timeout.
   * The winner is remembered until a request to it fails.
   */
  async pickFreshestEndpoint(): Promise<string> {
    return (await this.rank())[0]!;
  }

  /** A coin's latest prices and 30-day history, from the freshest endpoint, falling back to the others. */
  async fetchCoin(slug: string): Promise<CoinData> {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) throw new Error(`slug: "${slug}" is not a coin slug`);
    const tried = new Set<string>();
    const failures: Failure[] = [];
    let order = await this.rank();
    let reranked = false;
    for (;;) {
      const endpoint = order.find((e) => !tried.has(e)) ?? this.endpoints.find((e) => !tried.has(e));
      if (!endpoint) throw new AllEndpointsFailed(`coin ${slug}`, failures);
      tried.add(endpoint);
      try {
        const base = `${endpoint}/data/api/${slug}`;
        const [latest, history] = await Promise.all([
          fetchJson(`${base}/latest.json`, this.http).then((j) => parseCoinLatest(j, slug)),
          fetchJson(`${base}/history-30d.json`, this.http).then((j) => parseCoinHistory(j, slug)),
        ]);
        return { endpoint, latest, history };
      } catch (err) {
        failures.push({ endpoint, error: describeError(err), answered: false });
        if (!reranked && endpoint === this.ranking?.[0]) {
          reranked = true;
          this.ranking = undefined;
          order = await this.rank().catch(() => order);
        }
      }
    }
  }

  private hour(hour: Date) {
    return raceFirstValid(this.endpoints, `/${hourlyPath(hour)}`, parseHourly, this.http);
  }

  /**
   * Runs `call` against the endpoints that offer (or may offer) `/api/prices`. Endpoints that
   * answer it with a client error or something that is not the API are not asked again.
   * Undefined when no endpoint could answer.
   */
  private async viaApi<T>(call: (endpoints: string[]) => Promise<T>): Promise<T | undefined> {
    const candidates = this.endpoints.filter((e) => this.enhanced.get(e) !== false);
    if (candidates.length === 0) return undefined;
    try {
      return await call(candidates);
    } catch (err) {
      if (!(err instanceof AllEndpointsFailed)) throw err;
      for (const f of err.failures) {
        const notOffered = f.answered && (f.status === undefined || (f.status < 500 && f.status !== 429));
        if (notOffered) this.enhanced.set(f.endpoint, false);
      }
      return undefined;
    }
  }

  private rank(): Promise<string[]> {
    if (this.ranking) return Promise.resolve(this.ranking);
    this.ranking$ ??= this.rankNow().then(
      (r) => {
        this.ranking = r;
        this.ranking$ = undefined;
        return r;
      },
      (err: unknown) => {
        this.ranking$ = undefined;
        throw err;
      },
    );
    return this.ranking$;
  }

  private rankNow(): Promise<string[]> {
    const timeoutMs = this.options.manifestTimeoutMs ?? 8_000;
    const graceMs = this.options.graceMs ?? 500;
    return new Promise((resolve, reject) => {
      const fresh = new Map<string, number>();
      const failures: Failure[] = [];
      const controllers = this.endpoints.map(() => new AbortController());
      let settled = 0;
      let grace: ReturnType<typeof setTimeout> | undefined;
      let decided = false;
      const decide = () => {
        if (decided) return;
        decided = true;
        clearTimeout(grace);
        for (const c of controllers) c.abort();
        if (fresh.size === 0) return reject(new AllEndpointsFailed('manifest.json', failures));
        resolve([...fresh].sort((a, b) => b[1] - a[1]).map(([e]) => e));
      };
      this.endpoints.forEach((endpoint, i) => {
        fetchJson(`${endpoint}/data/api/manifest.json`, {
          ...this.http,
          timeoutMs,
          signal: controllers[i]!.signal,
        })
          .then(parseManifestTime)
          .then(
            (at) => {
              fresh.set(endpoint, at);
              grace ??= setTimeout(decide, graceMs);
            },
            (err: unknown) => failures.push({ endpoint, error: describeError(err), answered: false }),
          )
          .finally(() => {
            if (++settled === this.endpoints.length) decide();
          });
      });
    });
  }
}

const lower = (m: Metal) => m.toLowerCase() as PricesQuery['metal'];

function pricesPath(q: PricesQuery): string {
  const params = new URLSearchParams({ metal: q.metal, window: q.window ?? '24h' });
  if (q.currency) params.set('currency', q.currency);
  if (q.unit) params.set('unit', q.unit);
  return `/api/prices?${params}`;
}
