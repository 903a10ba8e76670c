/**
 * Firecrawl as a page fetcher (`POST /v1/scrape`), self-hosted (`firecrawl-url`, often without a key)
 * or the cloud API (key sent as `Authorization: Bearer`, never in the URL). Out of credits (402)
 * stops using Firecrawl for the rest of the run; rate limits (429) are retried with `Retry-After`.
 * The outbound policy applies to the page, not to Firecrawl itself: the target URL is vetted before
 * it is sent, and the URL Firecrawl says it ended on (after redirects) before its HTML is used.
 */

import type { Clock } from '../data/time.js';
import * as z from '../data/zod.js';
import { type FetchLike, HttpError, jsonBody, request, safeUrl } from '../http/fetch.js';
import { OutboundPolicy, REFUSED_REASON } from '../http/outbound.js';

export const FIRECRAWL_CLOUD = 'https://api.firecrawl.dev';

export interface FirecrawlOptions {
  /** Base URL of a self-hosted Firecrawl; the cloud API when absent. */
  baseUrl?: string;
  apiKey?: string;
  /** How long Firecrawl waits after load for JavaScript-rendered prices. */
  waitForMs?: number;
  timeoutMs?: number;
  retries?: number;
  fetch?: FetchLike;
  clock?: Clock;
  /** Which pages may be asked for (default: public addresses only). */
  policy?: OutboundPolicy;
}

export interface FirecrawlPage {
  html: string;
  status?: number;
}

export class FirecrawlError extends Error {
  override name = 'FirecrawlError';
  constructor(
    message: string,
    /** Firecrawl itself cannot serve more pages this run (no credits, bad key). */
    readonly fatal = false,
  ) {
    super(message);
  }
}

/** The page or the address Firecrawl was redirected to is internal; the message is REFUSED_REASON. */
export class FirecrawlRefusedError extends FirecrawlError {
  override name = 'FirecrawlRefusedError';
  constructor() {
    super(REFUSED_REASON);
  }
}

const scrapeAnswer = z.object({
  success: z.literal(true),
  data: z.object({
    rawHtml: z.optional(z.string()),
    html: z.optional(z.string()),
    metadata: z.optional(
      z.looseObject({
        statusCode: z.optional(z.int()),
        error: z.nullish(z.string()),
        url: z.optional(z.string()),
        sourceURL: z.optional(z.string()),
      }),
    ),
  }),
});
const errorAnswer = z.looseObject({ error: z.optional(z.string()), details: z.optional(z.unknown()) });

export class FirecrawlFetcher {
  private stopped: string | undefined;
  private readonly policy: OutboundPolicy;

  constructor(private readonly options: FirecrawlOptions) {
    this.policy = options.policy ?? new OutboundPolicy();
    if (!options.baseUrl && !options.apiKey) {
      throw new FirecrawlError(
        'Firecrawl needs firecrawl-url (self-hosted) or firecrawl-api-key (cloud)',
        true,
      );
    }
  }

  async scrape(url: string): Promise<FirecrawlPage> {
    if (this.stopped) throw new FirecrawlError(this.stopped, true);
    if (!(await this.policy.vet(url)).allowed) throw new FirecrawlRefusedError();
    const base = (this.options.baseUrl ?? FIRECRAWL_CLOUD).replace(/\/+$/, '');
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const body = JSON.stringify({
      url,
      formats: ['rawHtml'],
      onlyMainContent: false,
      waitFor: this.options.waitForMs ?? 3_000,
      timeout: timeoutMs,
      blockAds: true,
    });
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(`${base}/v1/scrape`, {
        method: 'POST',
        headers,
        body,
        timeoutMs: timeoutMs + 15_000,
        retries: this.options.retries ?? 2,
        fetch: this.options.fetch,
        clock: this.options.clock,
      });
    } catch (err) {
      const status = err instanceof HttpError ? err.status : undefined;
      if (status === 429) throw new FirecrawlError(`Firecrawl rate limit (429): ${(err as Error).message}`);
      throw new FirecrawlError(`Firecrawl unreachable: ${(err as Error).message}`);
    }
    const where = safeUrl(`${base}/v1/scrape`);
    if (res.status === 402) {
      this.stopped = `Firecrawl is out of credits (402 from ${where}): ${this.errorText(res.text)}; top up the plan or use fetcher: playwright`;
      throw new FirecrawlError(this.stopped, true);
    }
    if (res.status === 401 || res.status === 403) {
      this.stopped = `Firecrawl refused the API key (${res.status} from ${where}): ${this.errorText(res.text)}`;
      throw new FirecrawlError(this.stopped, true);
    }
    if (res.status === 429) {
      throw new FirecrawlError(
        `Firecrawl rate limit (429 from ${where}) still hit after ${res.attempts} attempts: ${this.errorText(res.text)}`,
      );
    }
    if (res.status !== 200)
      throw new FirecrawlError(`Firecrawl answered HTTP ${res.status}: ${this.errorText(res.text)}`);
    let value: unknown;
    try {
      value = jsonBody(res);
    } catch (err) {
      throw new FirecrawlError(`Firecrawl answered garbage: ${(err as Error).message}`);
    }
    const parsed = scrapeAnswer.safeParse(value);
    if (!parsed.success) {
      throw new FirecrawlError(
        `Firecrawl answer has an unexpected shape: ${z.prettifyError(parsed.error).split('\n')[0]}`,
      );
    }
    const { metadata } = parsed.data.data;
    const landed = metadata?.url ?? metadata?.sourceURL;
    if (landed !== undefined && landed !== url && !(await this.policy.vet(landed)).allowed)
      throw new FirecrawlRefusedError();
    const html = parsed.data.data.rawHtml ?? parsed.data.data.html;
    if (!html) throw new FirecrawlError('Firecrawl answered without the page HTML');
    return { html, status: metadata?.statusCode };
  }

  /** Firecrawl's own error text, without echoing anything that looks like a key. */
  private errorText(text: string): string {
    let message = text.slice(0, 200);
    try {
      const parsed = errorAnswer.safeParse(JSON.parse(text));
      if (parsed.success && parsed.data.error) message = parsed.data.error.slice(0, 200);
    } catch {
      // Not JSON: quote the start of the body.
    }
    const key = this.options.apiKey;
    return JSON.stringify(key ? message.replaceAll(key, '***') : message);
  }
}
