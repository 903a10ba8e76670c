/**
 * Reads one product page in the run's browser: a fresh context per page (no cookies carried from
 * dealer to dealer), images/fonts/media never downloaded, a per-page timeout, bounded retries, and a
 * wait for prices that JavaScript renders after load (poll until a tier table shows up or the page
 * stops changing).
 */
import type { Browser, Page } from 'playwright-core';
import type { Clock } from '../data/time.js';
import { safeUrl } from '../http/fetch.js';
import { tierPrice } from './extract.js';
import { type PageReading, readDocument } from './read-page.js';

export interface PageResult {
  reading: PageReading | null;
  /** HTTP status of the document, when there was one. */
  status?: number;
  /** Why the page could not be read (navigation error, timeout). */
  error?: string;
  attempts: number;
  screenshot?: Uint8Array;
}

export interface PlaywrightFetchOptions {
  clock: Clock;
  /** Navigation and reading budget of one attempt. */
  timeoutMs?: number;
  /** Longest wait for a price to appear after the document loaded. */
  priceWaitMs?: number;
  /** A page without a tier table counts as settled when its prices did not change for this long. */
  settleMs?: number;
  pollMs?: number;
  /** Extra attempts after a navigation error, timeout or 5xx. */
  retries?: number;
  retryDelayMs?: number;
  userAgent?: string;
  /** Asked before the page closes; a JPEG screenshot is attached when it answers true. */
  wantScreenshot?: (reading: PageReading, status: number | undefined) => boolean;
}

const BLOCKED = new Set(['image', 'font', 'media']);
// Bundlers and tsx may wrap functions with a `__name` helper that does not exist in the page.
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f);';
const READ_SCRIPT = `(${readDocument.toString()})(document)`;

/** What makes two readings "the same" while waiting for late prices (tickers may change; they are ignored). */
const fingerprint = (r: PageReading) =>
  JSON.stringify([r.productTitle, r.tiers, r.prices, r.structured, r.stock]);
const hasTierPrice = (r: PageReading) => r.tiers.some((t) => 'price' in tierPrice(t));

export class PlaywrightFetcher {
  constructor(
    private readonly browser: Browser,
    private readonly options: PlaywrightFetchOptions,
  ) {}

  async read(url: string): Promise<PageResult> {
    const { retries = 1, retryDelayMs = 2_000, clock } = this.options;
    let last: PageResult = { reading: null, attempts: 0, error: 'not attempted' };
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      last = { ...(await this.attempt(url)), attempts: attempt };
      const retryable =
        last.error !== undefined ||
        (last.status !== undefined && (last.status >= 500 || last.status === 429));
      if (!retryable || attempt > retries) break;
      await clock.sleep(retryDelayMs * attempt);
    }
    return last;
  }

  private async attempt(url: string): Promise<Omit<PageResult, 'attempts'>> {
    const { timeoutMs = 30_000 } = this.options;
    const context = await this.browser.newContext({
      userAgent: this.options.userAgent,
      viewport: { width: 1280, height: 1000 },
      serviceWorkers: 'block',
      locale: 'en-US',
    });
    try {
      await context.addInitScript({ content: NAME_SHIM });
      await context.route('**/*', (route) =>
        BLOCKED.has(route.request().resourceType()) ? route.abort('blockedbyclient') : route.continue(),
      );
      const page = await context.newPage();
      page.setDefaultTimeout(timeoutMs);
      const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
      const status = response?.status();
      // Scripts that render prices usually run by `load`; images are blocked, so it comes quickly.
      await page.waitForLoadState('load', { timeout: Math.min(timeoutMs, 10_000) }).catch(() => {});
      const reading = await this.waitForPrices(page);
      const screenshot = this.options.wantScreenshot?.(reading, status)
        ? await page.screenshot({ type: 'jpeg', quality: 70 })
        : undefined;
      return { reading, status, screenshot };
    } catch (err) {
      const message = (err as Error).message.split('\n')[0]!.replaceAll(url, safeUrl(url));
      return { reading: null, error: message };
    } finally {
      await context.close().catch(() => {});
    }
  }

  /** Reads the page until a tier table is there, the readings stop changing, or the wait is over. */
  private async waitForPrices(page: Page): Promise<PageReading> {
    const { clock, priceWaitMs = 12_000, settleMs = 3_000, pollMs = 400 } = this.options;
    const start = clock.now().getTime();
    let reading = (await page.evaluate(READ_SCRIPT)) as PageReading;
    let print = fingerprint(reading);
    let stableSince = start;
    for (;;) {
      const now = clock.now().getTime();
      if (hasTierPrice(reading) || now - stableSince >= settleMs || now - start >= priceWaitMs)
        return reading;
      await clock.sleep(pollMs);
      reading = (await page.evaluate(READ_SCRIPT)) as PageReading;
      const next = fingerprint(reading);
      if (next !== print) {
        print = next;
        stableSince = clock.now().getTime();
      }
    }
  }
}
