/**
 * Reads product pages in the run's browser: one context per dealer for the whole run (its cookies
 * kept, as a person browsing a shop; nothing carried from dealer to dealer) and one tab per dealer
 * that goes from product to product (a new tab per product costs ~2.5× the CPU: a renderer process
 * each time), parked on about:blank between products, replaced after an error; at most `maxPages`
 * tabs open. Images/fonts/media never downloaded, every request vetted by the outbound policy, a
 * per-page timeout, bounded retries, and a wait for prices that JavaScript renders after load (poll
 * until a tier table shows up or the page stops changing).
 */
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import type { Clock } from '../data/time.js';
import { safeUrl } from '../http/fetch.js';
import { OutboundPolicy } from '../http/outbound.js';
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
  /** The page, or a hop of its navigation, was refused by the outbound policy: nothing of it is kept. */
  refused?: boolean;
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
  /** Which addresses may be requested (default: public ones only). */
  policy?: OutboundPolicy;
  /** Told of every refused request (for logs). */
  onRefused?: (url: string, resourceType: string) => void;
  /** Tabs kept open at once across dealers (the run's concurrency); idle ones close first. */
  maxPages?: number;
}

interface DealerSession {
  context: Promise<BrowserContext>;
  /** The dealer's tab, kept between its products. */
  page?: Page;
  /** The tab's way back to about:blank after a product (never rejects). */
  parking?: Promise<void>;
  busy: number;
}

const BLOCKED = new Set(['image', 'font', 'media']);
/** Schemes that never reach the network. */
const LOCAL_SCHEMES = /^(data|blob|about):/;
/** Contexts kept open at once (one per dealer); the least recently used idle one closes beyond it. */
const MAX_CONTEXTS = 64;
// Bundlers and tsx may wrap functions with a `__name` helper that does not exist in the page.
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f);';
const READ_SCRIPT = `(${readDocument.toString()})(document)`;

/** What makes two readings "the same" while waiting for late prices (tickers may change; they are ignored). */
const fingerprint = (r: PageReading) =>
  JSON.stringify([r.productTitle, r.tiers, r.prices, r.structured, r.stock]);
const hasTierPrice = (r: PageReading) => r.tiers.some((t) => 'price' in tierPrice(t));

export class PlaywrightFetcher {
  private readonly policy: OutboundPolicy;
  private readonly contexts = new Map<string, DealerSession>();

  constructor(
    private readonly browser: Browser,
    private readonly options: PlaywrightFetchOptions,
  ) {
    this.policy = options.policy ?? new OutboundPolicy();
  }

  /** Reads `url` in the context of `dealer` (default: the URL's origin). */
  async read(url: string, dealer = originOf(url)): Promise<PageResult> {
    const { retries = 1, retryDelayMs = 2_000, clock } = this.options;
    let last: PageResult = { reading: null, attempts: 0, error: 'not attempted' };
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      last = { ...(await this.attempt(url, dealer)), attempts: attempt };
      const retryable =
        !last.refused &&
        (last.error !== undefined ||
          (last.status !== undefined && (last.status >= 500 || last.status === 429)));
      if (!retryable || attempt > retries) break;
      await clock.sleep(retryDelayMs * attempt);
    }
    return last;
  }

  /** Closes a dealer's context once its pages are done (a later read opens a new one). */
  async release(dealer: string): Promise<void> {
    const entry = this.contexts.get(dealer);
    this.contexts.delete(dealer);
    await entry?.context.then((c) => c.close()).catch(() => {});
  }

  async close(): Promise<void> {
    await Promise.all([...this.contexts.keys()].map((d) => this.release(d)));
  }

  private async contextOf(dealer: string) {
    let entry = this.contexts.get(dealer);
    if (!entry) {
      entry = { context: this.newContext(), busy: 0 };
      const mine = entry;
      this.contexts.set(dealer, entry);
      mine.context.then(
        (c) => c.on('close', () => this.contexts.get(dealer) === mine && this.contexts.delete(dealer)),
        () => this.contexts.get(dealer) === mine && this.contexts.delete(dealer),
      );
      if (this.contexts.size > MAX_CONTEXTS) {
        const idle = [...this.contexts].find(([, e]) => e.busy === 0 && e !== mine);
        if (idle) await this.release(idle[0]);
      }
    } else {
      // Most recently used last, so the idle one evicted first is the oldest.
      this.contexts.delete(dealer);
      this.contexts.set(dealer, entry);
    }
    return entry;
  }

  private async newContext(): Promise<BrowserContext> {
    const context = await this.browser.newContext({
      userAgent: this.options.userAgent,
      viewport: { width: 1280, height: 1000 },
      serviceWorkers: 'block',
      locale: 'en-US',
    });
    try {
      await context.addInitScript({ content: NAME_SHIM });
      await context.route('**/*', async (route) => {
        const request = route.request();
        const url = request.url();
        if (BLOCKED.has(request.resourceType())) return route.abort('blockedbyclient').catch(() => {});
        if (!LOCAL_SCHEMES.test(url) && !(await this.policy.vet(url)).allowed) {
          this.options.onRefused?.(url, request.resourceType());
          return route.abort('blockedbyclient').catch(() => {});
        }
        return route.continue().catch(() => {});
      });
      // WebSockets bypass `route`; they meet the same policy here.
      await context.routeWebSocket(/.*/, async (ws) => {
        if ((await this.policy.vet(ws.url())).allowed) ws.connectToServer();
        else {
          this.options.onRefused?.(ws.url(), 'websocket');
          await ws.close().catch(() => {});
        }
      });
    } catch (err) {
      await context.close().catch(() => {});
      throw err;
    }
    return context;
  }

  /** The dealer's tab, opened when missing; beyond `maxPages` the least recently used idle tab closes. */
  private async tabOf(entry: DealerSession): Promise<Page> {
    await entry.parking;
    if (entry.page && !entry.page.isClosed()) return entry.page;
    const open = [...this.contexts.values()].filter((e) => e !== entry && e.page && !e.page.isClosed());
    const excess = open.length + 1 - (this.options.maxPages ?? MAX_CONTEXTS);
    for (const idle of open.filter((e) => e.busy === 0).slice(0, Math.max(0, excess))) {
      const page = idle.page;
      idle.page = undefined;
      await page?.close().catch(() => {});
    }
    entry.page = await (await entry.context).newPage();
    return entry.page;
  }

  private async attempt(url: string, dealer: string): Promise<Omit<PageResult, 'attempts'>> {
    const { timeoutMs = 30_000 } = this.options;
    const entry = await this.contextOf(dealer);
    entry.busy++;
    let page: Page | undefined;
    let keep = false;
    // Every hop of the main frame's navigations, redirects included (route interception sees only
    // the first): one refused hop and nothing of the page is kept.
    const hops: Promise<boolean>[] = [];
    const refused = async () => (await Promise.all(hops)).includes(false);
    const onRequest = (request: Request) => {
      if (request.isNavigationRequest() && frameOf(request) === page?.mainFrame())
        hops.push(this.policy.vet(request.url()).then((v) => v.allowed));
    };
    try {
      page = await this.tabOf(entry);
      page.on('request', onRequest);
      page.setDefaultTimeout(timeoutMs);
      const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
      if (await refused()) return { reading: null, refused: true };
      const status = response?.status();
      // Scripts that render prices usually run by `load`; images are blocked, so it comes quickly.
      await page.waitForLoadState('load', { timeout: Math.min(timeoutMs, 10_000) }).catch(() => {});
      const reading = await this.waitForPrices(page);
      const screenshot = this.options.wantScreenshot?.(reading, status)
        ? await page.screenshot({ type: 'jpeg', quality: 70 })
        : undefined;
      if (await refused()) return { reading: null, refused: true };
      keep = true;
      return { reading, status, screenshot };
    } catch (err) {
      if (await refused()) return { reading: null, refused: true };
      const message = (err as Error).message.split('\n')[0]!.replaceAll(url, safeUrl(url));
      return { reading: null, error: message };
    } finally {
      page?.off('request', onRequest);
      const drop = async (tab: Page) => {
        if (entry.page === tab) entry.page = undefined;
        await tab.close().catch(() => {});
      };
      // Parked on a blank page, the product's scripts stop; after a failure the tab is replaced.
      // The parking is not waited for: it asks nothing of the dealer, so the dealer's pause starts
      // now, and the tab's next product waits for it (tabOf).
      if (keep) {
        const tab = page!;
        entry.parking = tab.goto('about:blank').then(
          () => {},
          () => drop(tab),
        );
      } else if (page) await drop(page);
      entry.busy--;
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

/** A request's frame; service-worker requests have none (Playwright throws). */
function frameOf(request: Request) {
  try {
    return request.frame();
  } catch {
    return undefined;
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
