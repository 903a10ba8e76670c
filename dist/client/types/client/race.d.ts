/**
 * Fetching JSON from several endpoints: a per-request timeout that also covers the body, and a
 * race where the first valid answer wins and the losers are aborted.
 */
export interface Failure {
    endpoint: string;
    error: string;
    /** The endpoint answered, but not with what was asked for (an HTTP error or an invalid body). */
    answered: boolean;
    status?: number;
}
/** An HTTP answer that is not 2xx, or a body that is not what was asked for. */
export declare class BadAnswer extends Error {
    readonly status?: number | undefined;
    name: string;
    constructor(message: string, status?: number | undefined);
}
export declare class AllEndpointsFailed extends Error {
    readonly failures: Failure[];
    constructor(what: string, failures: Failure[]);
}
export interface FetchOptions {
    fetch: typeof fetch;
    timeoutMs: number;
    signal?: AbortSignal;
    /** The browser's HTTP cache mode: `no-store` where a cached answer would mislead (manifests, probes). */
    cache?: RequestCache;
}
/** GET `url` and parse its JSON body; throws on timeout, network error, non-2xx or non-JSON. */
export declare function fetchJson(url: string, o: FetchOptions): Promise<unknown>;
export declare const describeError: (err: unknown) => string;
/**
 * The first endpoint whose answer at `path` passes `parse`, all asked at once (a hung one costs no
 * wait); the other requests are aborted.
 */
export declare function raceFirstValid<T>(endpoints: readonly string[], path: string, parse: (json: unknown) => T, o: Omit<FetchOptions, 'signal'>): Promise<{
    value: T;
    endpoint: string;
}>;
