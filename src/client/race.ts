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
export class BadAnswer extends Error {
  override name = 'BadAnswer';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class AllEndpointsFailed extends Error {
  constructor(
    what: string,
    readonly failures: Failure[],
  ) {
    super(`${what}: no endpoint answered (${failures.map((f) => `${f.endpoint}: ${f.error}`).join('; ')})`);
    this.name = 'AllEndpointsFailed';
  }
}

export interface FetchOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The browser's HTTP cache mode: `no-store` where a cached answer would mislead (manifests, probes). */
  cache?: RequestCache;
}

/** GET `url` and parse its JSON body; throws on timeout, network error, non-2xx or non-JSON. */
export async function fetchJson(url: string, o: FetchOptions): Promise<unknown> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  o.signal?.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(
    () => controller.abort(new Error(`timed out after ${o.timeoutMs} ms`)),
    o.timeoutMs,
  );
  try {
    const res = await o.fetch(url, { signal: controller.signal, ...(o.cache ? { cache: o.cache } : {}) });
    if (!res.ok) throw new BadAnswer(`HTTP ${res.status}`, res.status);
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new BadAnswer('answer is not JSON');
    }
  } catch (err) {
    throw controller.signal.aborted && controller.signal.reason instanceof Error
      ? controller.signal.reason
      : err;
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', abort);
  }
}

export const describeError = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The first endpoint whose answer at `path` passes `parse`, all asked at once (a hung one costs no
 * wait); the other requests are aborted.
 */
export function raceFirstValid<T>(
  endpoints: readonly string[],
  path: string,
  parse: (json: unknown) => T,
  o: Omit<FetchOptions, 'signal'>,
): Promise<{ value: T; endpoint: string }> {
  return new Promise((resolve, reject) => {
    const controllers = endpoints.map(() => new AbortController());
    const failures: Failure[] = [];
    let done = false;
    if (endpoints.length === 0) reject(new AllEndpointsFailed(path, []));
    endpoints.forEach((endpoint, i) => {
      fetchJson(`${endpoint}${path}`, { ...o, signal: controllers[i]!.signal })
        .then(parse)
        .then(
          (value) => {
            if (done) return;
            done = true;
            controllers.forEach((c, j) => {
              if (j !== i) c.abort();
            });
            resolve({ value, endpoint });
          },
          (err: unknown) => {
            if (done) return;
            const bad = err instanceof BadAnswer ? err : undefined;
            failures.push({ endpoint, error: describeError(err), answered: !!bad, status: bad?.status });
            if (failures.length === endpoints.length) {
              done = true;
              reject(new AllEndpointsFailed(path, failures));
            }
          },
        );
    });
  });
}
