/**
 * The StakTrakr browser client. Endpoints are base URLs (`https://api.staktrakr.com`); the
 * client appends `/data/hourly/...`, `/data/api/...` and `/api/prices`.
 * - Mode: the client probes `/api/config` of `apiBase` and every endpoint once; where one offers the
 *   query API the client is `enhanced` and spot series come from `/api/prices` (one `metal=all`
 *   request per window), otherwise it is `static` and they come from the hourly files. Without a
 *   verdict the first question goes to every candidate and its answers set the mode; the probe comes
 *   after it, not beside it. A failing query API drops the client to `static` (a `modechange` event)
 *   and is probed again after `backoffMs`.
 * - Spot files: every hourly file is raced across all endpoints, first valid answer wins.
 * - Retail: the endpoint with the freshest manifest (fetched past the HTTP cache) wins and is
 *   remembered for `backoffMs`; when it fails it is kept out for `backoffMs` and the others are
 *   ranked again.
 * - Every answer is validated before the app sees it; no price ≤ 0 or non-finite reaches it.
 */

import { type CoinView, coinViewPath, hourlyPath, MANIFEST_PATH } from '../data/paths.js';
import { formatIso, HOUR, SLOT } from '../data/time.js';
import { AllEndpointsFailed, describeError, type Failure, fetchJson, raceFirstValid } from './race.js';
import {
  type CoinHistory,
  type CoinLatest,
  type Manifest,
  METALS,
  type Metal,
  offersPrices,
  type PricesResponse,
  parseAllPrices,
  parseCoinHistory,
  parseCoinLatest,
  parseHourly,
  parseManifest,
  parsePrices,
  SLUG,
  type SpotPrice,
} from './schemas.js';

export interface ClientOptions {
  /** Base URLs of the endpoints, e.g. `https://api.staktrakr.com`. */
  endpoints: readonly string[];
  /** A query API to prefer for spot series (e.g. a local `http://localhost:3001`), probed first. */
  apiBase?: string;
  /** Timeout of each `/api/config` probe. */
  probeTimeoutMs?: number;
  /** How long a failed query API or a failed retail winner is left alone before it is tried again. */
  backoffMs?: number;
  fetch?: typeof fetch;
  /** Per-request timeout for data files and API calls. */
  timeoutMs?: number;
  /** Timeout of each manifest request when ranking endpoints. */
  manifestTimeoutMs?: number;
  /** After the first manifest answer, how long to wait for the others before deciding. */
  graceMs?: number;
  /**
   * Where the probe's verdict is kept between page loads, so that a page opened again asks the
   * query API at once instead of probing first. Default: `localStorage` where the page has one;
   * `null`: nowhere.
   */
  verdictStore?: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** How long a kept verdict that a query API answers is trusted without probing again. */
  verdictMaxAgeMs?: number;
  now?: () => Date;
}

export interface HourlyResult {
  /** All prices of the hours fetched, oldest first. */
  prices: SpotPrice[];
  /** Per hour (newest first): the endpoint that answered, or why none did. */
  hours: Array<{ hour: string; endpoint?: string; error?: string }>;
}

export type Mode = 'enhanced' | 'static';

type ClientHttp = { fetch: typeof fetch; timeoutMs: number };
/** An answer of the query API and the bases that gave it. */
type Answered<T> = { value: T; endpoints: string[] };
type ApiCall<T> = (bases: string[], http: ClientHttp) => Promise<Answered<T>>;

export interface SpotSeries {
  /** Where the series came from: the query API (`enhanced`) or the hourly files (`static`). */
  source: Mode;
  window: PricesQuery['window'] & string;
  /** Per metal, oldest first: USD per troy ounce. */
  series: Record<Metal, Array<{ ts: number; price: number }>>;
  /** The endpoints that answered. */
  endpoints: string[];
}

export interface RetailManifest extends Manifest {
  endpoint: string;
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

/**
 * Dispatches `modechange` (an `Event`; read `client.mode`) whenever the mode changes, so the app can
 * show "Enhanced API Active".
 */
export class StakTrakrClient extends EventTarget {
  private readonly endpoints: string[];
  private readonly apiCandidates: string[];
  private readonly http: ClientHttp;
  private readonly now: () => Date;
  private readonly backoffMs: number;
  private ranking: string[] | undefined;
  private ranking$: Promise<string[]> | undefined;
  private rankedAt = 0;
  /** Retail winners that failed, and until when they are left out of the ranking. */
  private readonly penalties = new Map<string, number>();
  /** The bases whose `/api/config` advertised `/api/prices` at the last probe. */
  private apiBases: string[] = [];
  private probedAt: number | undefined;
  private probe$: Promise<Mode> | undefined;
  private currentMode: Mode = 'static';
  private readonly store: ClientOptions['verdictStore'];
  /** Bases a first question proved, kept by the probe that follows it (see `settleByQuestion`). */
  private adopted: string[] = [];
  /** The query APIs answer `metal=all` (until one refuses it). */
  private combined = true;

  constructor(private readonly options: ClientOptions) {
    super();
    const base = (e: string) => e.replace(/\/+$/, '');
    this.endpoints = options.endpoints.map(base);
    if (this.endpoints.length === 0) throw new Error('endpoints: at least one base URL is required');
    this.apiCandidates = [
      ...new Set([...(options.apiBase ? [base(options.apiBase)] : []), ...this.endpoints]),
    ];
    this.http = {
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      timeoutMs: options.timeoutMs ?? 5_000,
    };
    this.now = options.now ?? (() => new Date());
    this.backoffMs = options.backoffMs ?? 60_000;
    this.store = options.verdictStore === undefined ? browserStorage() : options.verdictStore;
    this.restoreVerdict(options.verdictMaxAgeMs ?? 10 * 60_000);
  }

  private get verdictKey() {
    return `staktrakr-client:api:${JSON.stringify(this.apiCandidates)}`;
  }

  /** A kept verdict, read as untrusted input: only bases this client was given, only while fresh. */
  private restoreVerdict(maxAgeMs: number) {
    let kept: unknown;
    try {
      kept = JSON.parse(this.store?.getItem(this.verdictKey) ?? 'null');
    } catch {
      return;
    }
    const { at, bases } = (kept ?? {}) as { at?: unknown; bases?: unknown };
    if (typeof at !== 'number' || !Array.isArray(bases)) return;
    if (!bases.every((b) => typeof b === 'string' && this.apiCandidates.includes(b))) return;
    const age = Date.now() - at;
    if (!(age >= 0 && age < (bases.length > 0 ? maxAgeMs : this.backoffMs))) return;
    this.apiBases = bases as string[];
    this.probedAt = at;
    this.currentMode = bases.length > 0 ? 'enhanced' : 'static';
  }

  private keepVerdict() {
    try {
      this.store?.setItem(this.verdictKey, JSON.stringify({ at: this.probedAt, bases: this.apiBases }));
    } catch {
      // Storage full or refused: the next page load probes again.
    }
  }

  /** `enhanced` while a query API answers, `static` otherwise (also before the first probe). */
  get mode(): Mode {
    return this.currentMode;
  }

  /**
   * Probes `/api/config` of `apiBase` and every endpoint (past the HTTP cache, `probeTimeoutMs` each)
   * and sets the mode. Decided by the first base that offers the query API — a hung endpoint does
   * not hold it up; the others join as they answer. The verdict is kept; a `static` one is re-probed
   * after `backoffMs`. A probe under way (also one the client started itself) is joined.
   */
  probe(): Promise<Mode> {
    this.probe$ ??= this.probeNow();
    return this.probe$;
  }

  private probeNow(): Promise<Mode> {
    return new Promise<Mode>((resolve) => {
      const offering: string[] = [];
      let pending = this.apiCandidates.length;
      let decided = false;
      const settle = () => {
        decided = true;
        // Keep the caller's order (apiBase first) among those that answered.
        this.apiBases = this.apiCandidates.filter((e) => offering.includes(e) || this.adopted.includes(e));
        this.adopted = [];
        this.probedAt = Date.now();
        this.keepVerdict();
        this.setMode(this.apiBases.length > 0 ? 'enhanced' : 'static');
        this.probe$ = undefined;
        resolve(this.currentMode);
      };
      for (const base of this.apiCandidates)
        fetchJson(`${base}/api/config`, {
          ...this.http,
          timeoutMs: this.options.probeTimeoutMs ?? 1_500,
          cache: 'no-store',
        })
          .then(offersPrices, () => false)
          .then((offers) => {
            pending--;
            if (offers) offering.push(base);
            if (!decided && (offers || pending === 0)) settle();
            // A late answer from this probe's base joins the bases in use.
            else if (offers && this.mode === 'enhanced' && !this.apiBases.includes(base)) {
              this.apiBases = this.apiCandidates.filter(
                (e) => offering.includes(e) || this.apiBases.includes(e),
              );
              this.keepVerdict();
            }
          });
    });
  }

  /** The last 24 h (or another window) of every metal: one `/api/prices?metal=all` request, else the hourly files. */
  async spotSeries(window: NonNullable<PricesQuery['window']> = '24h'): Promise<SpotSeries> {
    const api = await this.viaApi(this.everyMetal(window));
    const series = Object.fromEntries(METALS.map((m) => [m, []])) as unknown as SpotSeries['series'];
    if (api) {
      for (const m of METALS)
        series[m] = api.value[m].series.map((p) => ({ ts: Date.parse(p.ts), price: p.price }));
      return { source: 'enhanced', window, series, endpoints: api.endpoints };
    }
    const { prices, hours } = await this.fetchHourly(WINDOW_HOURS[window]);
    const from = this.now().getTime() - WINDOW_HOURS[window] * HOUR;
    for (const p of prices) if (p.ts >= from) series[p.metal].push({ ts: p.ts, price: p.price });
    const endpoints = [...new Set(hours.flatMap((h) => (h.endpoint ? [h.endpoint] : [])))];
    if (endpoints.length === 0) throw new AllEndpointsFailed(`spot series ${window}`, []);
    return { source: 'static', window, series, endpoints };
  }

  /** The retail manifest of the freshest endpoint: the coins it lists and when it was generated. */
  async fetchManifest(): Promise<RetailManifest> {
    return this.viaWinner('manifest.json', async (endpoint) => ({
      endpoint,
      ...parseManifest(await fetchJson(`${endpoint}/${MANIFEST_PATH}`, { ...this.http, cache: 'no-store' })),
    }));
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
    const api = await this.viaApi(this.everyMetal('1h'));
    if (api) {
      const prices: CurrentSpot['prices'] = {};
      for (const metal of METALS) {
        const latest = api.value[metal].latest;
        if (latest)
          prices[metal] = {
            metal,
            price: latest.price,
            provider: latest.provider,
            ts: Date.parse(latest.ts),
          };
      }
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
    const api = await this.viaApi((e, http) =>
      raceFirstValid(e, pricesPath(query), parsePrices, http).then((r) => ({
        value: r.value,
        endpoints: [r.endpoint],
      })),
    );
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
    if (!SLUG.test(slug)) throw new Error(`slug: "${slug}" is not a coin slug`);
    return this.viaWinner(`coin ${slug}`, async (endpoint) => {
      const url = (view: CoinView) => `${endpoint}/${coinViewPath(slug, view)}`;
      const [latest, history] = await Promise.all([
        fetchJson(url('latest.json'), this.http).then((j) => parseCoinLatest(j, slug)),
        fetchJson(url('history-30d.json'), this.http).then((j) => parseCoinHistory(j, slug)),
      ]);
      return { endpoint, latest, history };
    });
  }

  /**
   * Runs `call` on the freshest endpoint, then the next ones. When the winner fails it is left out of
   * the ranking for `backoffMs` and the endpoints are ranked once more.
   */
  private async viaWinner<T>(what: string, call: (endpoint: string) => Promise<T>): Promise<T> {
    const tried = new Set<string>();
    const failures: Failure[] = [];
    let order = await this.rank();
    let reranked = false;
    for (;;) {
      const endpoint = order.find((e) => !tried.has(e)) ?? this.endpoints.find((e) => !tried.has(e));
      if (!endpoint) throw new AllEndpointsFailed(what, failures);
      tried.add(endpoint);
      try {
        return await call(endpoint);
      } catch (err) {
        failures.push({ endpoint, error: describeError(err), answered: false });
        if (!reranked && endpoint === this.ranking?.[0]) {
          reranked = true;
          this.penalties.set(endpoint, Date.now() + this.backoffMs);
          this.ranking = undefined;
          order = await this.rank().catch(() => order);
        }
      }
    }
  }

  /**
   * Every metal's `/api/prices` answer for `window`: one `metal=all` request; where a query API
   * does not know `metal=all` (an older server answers it with a 400), one request per metal from
   * then on.
   */
  private everyMetal(window: NonNullable<PricesQuery['window']>) {
    return async (bases: string[], http: ClientHttp): Promise<Answered<Record<Metal, PricesResponse>>> => {
      if (this.combined) {
        try {
          const all = await raceFirstValid(bases, pricesPath({ metal: 'all', window }), parseAllPrices, http);
          return { value: all.value, endpoints: [all.endpoint] };
        } catch (err) {
          const refused = err instanceof AllEndpointsFailed && err.failures.some((f) => f.status === 400);
          if (!refused) throw err;
          this.combined = false;
        }
      }
      const each = await Promise.all(
        METALS.map((m) => raceFirstValid(bases, pricesPath({ metal: lower(m), window }), parsePrices, http)),
      );
      const byMetal = Object.fromEntries(METALS.map((m, i) => [m, each[i]!.value])) as Record<
        Metal,
        PricesResponse
      >;
      return { value: byMetal, endpoints: [...new Set(each.map((a) => a.endpoint))] };
    };
  }

  /**
   * The verdict of a first question asked without one: the bases that answered it validly offer the
   * API (none: `static`, until the probe says otherwise). The probe follows once the caller has its
   * answer — on a first load its requests would otherwise share the endpoints, and their time, with
   * the question — and settles which other bases join; the bases proved here stay in.
   */
  private settleByQuestion(answered: string[]) {
    // Asked without a verdict, so the bases already in use were proved meanwhile (by a question
    // asked at the same time, or by the probe): they stay.
    this.apiBases = this.apiCandidates.filter((e) => answered.includes(e) || this.apiBases.includes(e));
    this.adopted = [...this.apiBases];
    this.probedAt = Date.now();
    this.keepVerdict();
    this.setMode(this.apiBases.length > 0 ? 'enhanced' : 'static');
    this.probe$ ??= new Promise<void>((ok) => setTimeout(ok, 0)).then(() => this.probeNow());
  }

  private setMode(mode: Mode) {
    if (mode === this.currentMode) return;
    this.currentMode = mode;
    this.dispatchEvent(new Event('modechange'));
  }

  private hour(hour: Date) {
    return raceFirstValid(this.endpoints, `/${hourlyPath(hour)}`, parseHourly, this.http);
  }

  /**
   * Runs `call` against the bases that offer `/api/prices`; when the verdict is missing or a `static`
   * one is older than `backoffMs`, against every candidate, and the probe follows. When none of them
   * answers, the client drops to `static`; undefined means "use the static files".
   */
  private async viaApi<T>(call: ApiCall<T>): Promise<Answered<T> | undefined> {
    const stale =
      this.probedAt === undefined ||
      (this.apiBases.length === 0 && Date.now() - this.probedAt >= this.backoffMs);
    if (stale) {
      // No verdict yet: the question goes to every candidate at once, and a valid answer proves its
      // base offers the API — the first series costs one round trip, with no probe before or beside it.
      const asked = await call(this.apiCandidates, this.http).catch((err: unknown) => {
        if (err instanceof AllEndpointsFailed) return undefined;
        throw err;
      });
      this.settleByQuestion(asked?.endpoints ?? []);
      return asked;
    }
    if (this.apiBases.length === 0) return undefined;
    try {
      // Every confirmed base at once: a hung one must not cost the app a wait.
      return await call(this.apiBases, this.http);
    } catch (err) {
      if (!(err instanceof AllEndpointsFailed)) throw err;
      this.apiBases = [];
      this.adopted = []; // what a first question proved no longer holds
      this.probedAt = Date.now();
      this.keepVerdict();
      this.setMode('static');
      return undefined;
    }
  }

  /** The ranking, kept for `backoffMs`: a recovered, fresher endpoint wins again after that. */
  private rank(): Promise<string[]> {
    if (this.ranking && Date.now() - this.rankedAt < this.backoffMs) return Promise.resolve(this.ranking);
    this.ranking$ ??= this.rankNow().then(
      (r) => {
        this.ranking = r;
        this.rankedAt = Date.now();
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
    const now = Date.now();
    for (const [e, until] of this.penalties) if (until <= now) this.penalties.delete(e);
    // Endpoints that failed recently sit out, unless every one did.
    const live = this.endpoints.filter((e) => !this.penalties.has(e));
    const candidates = live.length > 0 ? live : this.endpoints;
    return new Promise((resolve, reject) => {
      const fresh = new Map<string, number>();
      const failures: Failure[] = [];
      const controllers = candidates.map(() => new AbortController());
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
      candidates.forEach((endpoint, i) => {
        fetchJson(`${endpoint}/${MANIFEST_PATH}`, {
          ...this.http,
          timeoutMs,
          signal: controllers[i]!.signal,
          // The HTTP cache would keep a dead winner's manifest (max-age 60–600 s) looking fresh.
          cache: 'no-store',
        })
          .then((j) => parseManifest(j).generatedAt)
          .then(
            (at) => {
              fresh.set(endpoint, at);
              grace ??= setTimeout(decide, graceMs);
            },
            (err: unknown) => failures.push({ endpoint, error: describeError(err), answered: false }),
          )
          .finally(() => {
            if (++settled === candidates.length) decide();
          });
      });
    });
  }
}

/** The page's localStorage, when it has one and lets us use it (sandboxed frames throw). */
function browserStorage(): ClientOptions['verdictStore'] {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? null;
  } catch {
    return null;
  }
}

const lower = (m: Metal) => m.toLowerCase() as PricesQuery['metal'];

function pricesPath(q: Omit<PricesQuery, 'metal'> & { metal: PricesQuery['metal'] | 'all' }): string {
  const params = new URLSearchParams({ metal: q.metal, window: q.window ?? '24h' });
  if (q.currency) params.set('currency', q.currency);
  if (q.unit) params.set('unit', q.unit);
  return `/api/prices?${params}`;
}
