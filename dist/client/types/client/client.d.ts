/**
 * The StakTrakr browser client. Endpoints are base URLs (`https://api.staktrakr.com`); the
 * client appends `/data/hourly/...`, `/data/api/...` and `/api/prices`.
 * - Spot: every hourly file is raced across all endpoints, first valid answer wins.
 * - Retail: the endpoint with the freshest manifest wins, is remembered, and is re-ranked when it fails.
 * - Enhanced API: `/api/prices` is used where an endpoint offers it, static files otherwise.
 */
import { type CoinHistory, type CoinLatest, type Metal, type PricesResponse, type SpotPrice } from './schemas.js';
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
    hours: Array<{
        hour: string;
        endpoint?: string;
        error?: string;
    }>;
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
export declare class StakTrakrClient {
    private readonly options;
    private readonly endpoints;
    private readonly http;
    private readonly now;
    private ranking;
    private ranking$;
    /** Whether each endpoint offers `/api/prices` (unknown until it answers). */
    private readonly enhanced;
    constructor(options: ClientOptions);
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
    private hour;
    /**
     * Runs `call` against the endpoints that offer (or may offer) `/api/prices`. Endpoints that
     * answer it with a client error or something that is not the API are not asked again.
     * Undefined when no endpoint could answer.
     */
    private viaApi;
    private rank;
    private rankNow;
}
