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
import { type CoinHistory, type CoinLatest, type Manifest, type Metal, type PricesResponse, type SpotPrice } from './schemas.js';
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
    hours: Array<{
        hour: string;
        endpoint?: string;
        error?: string;
    }>;
}
export type Mode = 'enhanced' | 'static';
export interface SpotSeries {
    /** Where the series came from: the query API (`enhanced`) or the hourly files (`static`). */
    source: Mode;
    window: PricesQuery['window'] & string;
    /** Per metal, oldest first: USD per troy ounce. */
    series: Record<Metal, Array<{
        ts: number;
        price: number;
    }>>;
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
export declare function createClient(options: ClientOptions): StakTrakrClient;
/**
 * Dispatches `modechange` (an `Event`; read `client.mode`) whenever the mode changes, so the app can
 * show "Enhanced API Active".
 */
export declare class StakTrakrClient extends EventTarget {
    private readonly options;
    private readonly endpoints;
    private readonly apiCandidates;
    private readonly http;
    private readonly now;
    private readonly backoffMs;
    private ranking;
    private ranking$;
    private rankedAt;
    /** Retail winners that failed, and until when they are left out of the ranking. */
    private readonly penalties;
    /** The bases whose `/api/config` advertised `/api/prices` at the last probe. */
    private apiBases;
    private probedAt;
    private probe$;
    private currentMode;
    private readonly store;
    /** Bases a first question proved, kept by the probe that follows it (see `settleByQuestion`). */
    private adopted;
    /** The query APIs answer `metal=all` (until one refuses it). */
    private combined;
    constructor(options: ClientOptions);
    private get verdictKey();
    /** A kept verdict, read as untrusted input: only bases this client was given, only while fresh. */
    private restoreVerdict;
    private keepVerdict;
    /** `enhanced` while a query API answers, `static` otherwise (also before the first probe). */
    get mode(): Mode;
    /**
     * Probes `/api/config` of `apiBase` and every endpoint (past the HTTP cache, `probeTimeoutMs` each)
     * and sets the mode. Decided by the first base that offers the query API — a hung endpoint does
     * not hold it up; the others join as they answer. The verdict is kept; a `static` one is re-probed
     * after `backoffMs`. A probe under way (also one the client started itself) is joined.
     */
    probe(): Promise<Mode>;
    private probeNow;
    /** The last 24 h (or another window) of every metal: one `/api/prices?metal=all` request, else the hourly files. */
    spotSeries(window?: NonNullable<PricesQuery['window']>): Promise<SpotSeries>;
    /** The retail manifest of the freshest endpoint: the coins it lists and when it was generated. */
    fetchManifest(): Promise<RetailManifest>;
    /** The current hour and `hoursBack` hours before it; every hour races all endpoints. */
    fetchHourly(hoursBack?: number): Promise<HourlyResult>;
    /** Latest price per metal: from `/api/prices` where offered, else the newest hourly file. */
    currentSpot(): Promise<CurrentSpot>;
    /**
     * The seed's `/api/prices` answer. Without an endpoint offering it, USD answers are computed
     * from the hourly files (the same resolution rules as the server); other currencies need the API.
     */
    fetchPrices(query: PricesQuery): Promise<PricesResponse & {
        source: 'api' | 'static';
    }>;
    /**
     * The endpoint whose retail manifest is freshest. Decided when every endpoint has answered or
     * failed, or `graceMs` after the first answer — a hung endpoint does not cost the full timeout.
     * The winner is remembered until a request to it fails.
     */
    pickFreshestEndpoint(): Promise<string>;
    /** A coin's latest prices and 30-day history, from the freshest endpoint, falling back to the others. */
    fetchCoin(slug: string): Promise<CoinData>;
    /**
     * Runs `call` on the freshest endpoint, then the next ones. When the winner fails it is left out of
     * the ranking for `backoffMs` and the endpoints are ranked once more.
     */
    private viaWinner;
    /**
     * Every metal's `/api/prices` answer for `window`: one `metal=all` request; where a query API
     * does not know `metal=all` (an older server answers it with a 400), one request per metal from
     * then on.
     */
    private everyMetal;
    /**
     * The verdict of a first question asked without one: the bases that answered it validly offer the
     * API (none: `static`, until the probe says otherwise). The probe follows once the caller has its
     * answer — on a first load its requests would otherwise share the endpoints, and their time, with
     * the question — and settles which other bases join; the bases proved here stay in.
     */
    private settleByQuestion;
    private setMode;
    private hour;
    /**
     * Runs `call` against the bases that offer `/api/prices`; when the verdict is missing or a `static`
     * one is older than `backoffMs`, against every candidate, and the probe follows. When none of them
     * answers, the client drops to `static`; undefined means "use the static files".
     */
    private viaApi;
    /** The ranking, kept for `backoffMs`: a recovered, fresher endpoint wins again after that. */
    private rank;
    private rankNow;
}
