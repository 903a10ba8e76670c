/**
 * One retail scrape: every target page read once, politely, by the chosen fetcher, turned into
 * Observations. One browser for the whole run, one browser context per dealer, all closed whatever
 * happens. No page error escapes as an exception: a page that cannot be read becomes an Observation
 * with no price and the reason. Every address goes through the outbound policy (public addresses
 * only, unless allow-listed); a refused page's reason is the fixed REFUSED_REASON.
 */

import type { Browser } from 'playwright-core';
import type { Logger } from '../data/logger.js';
import type { Catalog } from '../data/retail-catalog.js';
import { type Observation, observation } from '../data/retail-observation.js';
import { median } from '../data/retail-views/stats.js';
import { type Clock, formatIso } from '../data/time.js';
import { type FetchLike, safeUrl } from '../http/fetch.js';
import { type OutboundOptions, OutboundPolicy, REFUSED_REASON } from '../http/outbound.js';
import { type PolicyProxy, startPolicyProxy } from '../http/outbound-proxy.js';
import { type BrowserOptions, openBrowser } from './browser.js';
import type { Target } from './catalog.js';
import { type Extraction, extract } from './extract.js';
import { FirecrawlError, FirecrawlFetcher, type FirecrawlOptions } from './fetch-firecrawl.js';
import { PlaywrightFetcher, type PlaywrightFetchOptions } from './fetch-playwright.js';
import { type Band, type MarketRefs, outsideBand, priceBand } from './plausibility.js';
import { readHtml } from './read-html.js';
import { DEFAULT_CONCURRENCY, type DelayRange, parseDelay, schedule } from './schedule.js';
import { GeminiVision, pricesAgree, type VisionOptions } from './vision.js';

export const FETCHERS = ['playwright', 'firecrawl', 'auto'] as const;
export type FetcherKind = (typeof FETCHERS)[number];

export interface RetailScrapeOptions {
  catalog: Catalog;
  targets: readonly Target[];
  refs: MarketRefs;
  fetcher: FetcherKind;
  browser?: BrowserOptions;
  page?: Omit<PlaywrightFetchOptions, 'clock' | 'wantScreenshot'>;
  firecrawl?: Omit<FirecrawlOptions, 'fetch' | 'clock'>;
  vision?: Omit<VisionOptions, 'fetch' | 'clock'>;
  /** Previous consensus (median) price per coin, for the vision check's doubt test. */
  consensus?: Readonly<Record<string, number>>;
  concurrency?: number;
  delay?: DelayRange;
  clock: Clock;
  random: () => number;
  fetch?: FetchLike;
  /** The outbound policy's allow-list (`allow-hosts`) and, for tests, its resolver. */
  outbound?: OutboundOptions;
  /** Progress lines (`57/166 · 49 priced · 5 out of stock · 3 failed`) and failed pages, as info. */
  logger?: Logger;
}

export interface Progress {
  done: number;
  total: number;
  priced: number;
  outOfStock: number;
  failed: number;
}

export type Outcome = 'priced' | 'out-of-stock' | 'failed';

/** How an observation counts: priced (in stock with a price), out of stock, or failed (no price, stock unknown). */
export function outcomeOf(o: Pick<Observation, 'price' | 'inStock'>): Outcome {
  if (!o.inStock) return 'out-of-stock';
  return o.price === null ? 'failed' : 'priced';
}

export function progressLine(p: Progress): string {
  return `${p.done}/${p.total} · ${p.priced} priced · ${p.outOfStock} out of stock · ${p.failed} failed`;
}

/** A price that disagrees with the coin's consensus by more than this is in doubt. */
const DOUBT = 0.03;
const MAX_SCREENSHOTS = 200;
/** Refused requests logged one by one; beyond that, only counted. */
const MAX_REFUSAL_LOGS = 20;

interface PageOutcome {
  target: Target;
  extraction: Extraction;
  observedAt: string;
  screenshot?: Uint8Array;
}

export async function runRetailScrape(options: RetailScrapeOptions): Promise<Observation[]> {
  const { catalog, clock } = options;
  const log = (line: string) => options.logger?.info(line);
  const visionMode = options.vision?.mode ?? 'off';
  const vision =
    visionMode === 'off' ? undefined : new GeminiVision({ ...options.vision!, fetch: options.fetch, clock });
  const policy = new OutboundPolicy(options.outbound);
  const firecrawl =
    options.fetcher !== 'playwright' && (options.firecrawl?.baseUrl || options.firecrawl?.apiKey)
      ? new FirecrawlFetcher({ ...options.firecrawl, fetch: options.fetch, clock, policy })
      : undefined;
  if (options.fetcher === 'firecrawl' && !firecrawl) {
    throw new FirecrawlError('fetcher: firecrawl needs firecrawl-url or firecrawl-api-key', true);
  }
  for (const t of options.targets) {
    if (!catalog.coins[t.coin]) throw new Error(`target coin "${t.coin}" is not in the catalog`);
  }

  let browser: Browser | undefined;
  let proxy: PolicyProxy | undefined;
  let pw: PlaywrightFetcher | undefined;
  if (options.fetcher !== 'firecrawl') {
    try {
      proxy = await startPolicyProxy(policy);
      browser = await openBrowser({ ...options.browser, proxyServer: proxy.url, logger: options.logger });
    } catch (err) {
      await proxy?.close();
      proxy = undefined;
      if (options.fetcher === 'playwright' || !firecrawl) throw err;
      log(`no browser (${(err as Error).message}); reading every page through Firecrawl`);
    }
  }
  try {
    const bands = new Map<string, Band | string>();
    const bandOf = (coin: string) => {
      if (!bands.has(coin)) bands.set(coin, priceBand(catalog.coins[coin]!, options.refs));
      return bands.get(coin)!;
    };
    let screenshots = 0;
    let refusals = 0;
    pw =
      browser &&
      new PlaywrightFetcher(browser, {
        ...options.page,
        clock,
        policy,
        maxPages: options.concurrency ?? DEFAULT_CONCURRENCY,
        onRefused: (url, type) => {
          if (refusals++ < MAX_REFUSAL_LOGS) log(`outbound policy refused ${type} ${safeUrl(url)}`);
        },
        wantScreenshot: vision ? () => visionMode === 'always' || screenshots++ < MAX_SCREENSHOTS : undefined,
      });
    const delay = options.delay ?? parseDelay('2000-8000');
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    const counts = { done: 0, total: options.targets.length, priced: 0, outOfStock: 0, failed: 0 };
    const preorderOf = (t: Target) =>
      catalog.coins[t.coin]!.providers.find((p) => p.id === t.vendor)?.preorder;

    const readWithFirecrawl = async (
      t: Target,
      url: string,
    ): Promise<Omit<PageOutcome, 'observedAt' | 'target'>> => {
      try {
        const page = await firecrawl!.scrape(url);
        const reading = await readHtml(page.html, url);
        const ctx = {
          coin: catalog.coins[t.coin]!,
          band: bandOf(t.coin),
          preorder: preorderOf(t),
          status: page.status,
        };
        return { extraction: extract(reading, { ...ctx, via: 'firecrawl' }) };
      } catch (err) {
        if (!(err instanceof FirecrawlError)) throw err;
        return {
          extraction: { price: null, inStock: true, method: null, reason: err.message, failed: true },
        };
      }
    };
    const readWithBrowser = async (
      t: Target,
      url: string,
    ): Promise<Omit<PageOutcome, 'observedAt' | 'target'>> => {
      const result = await pw!.read(url, t.vendor);
      if (result.refused) {
        return {
          extraction: { price: null, inStock: true, method: null, reason: REFUSED_REASON, failed: true },
        };
      }
      if (!result.reading) {
        const reason = `page did not load after ${result.attempts} attempt(s): ${result.error}`;
        return { extraction: { price: null, inStock: true, method: null, reason, failed: true } };
      }
      const ctx = {
        coin: catalog.coins[t.coin]!,
        band: bandOf(t.coin),
        preorder: preorderOf(t),
        status: result.status,
      };
      return {
        extraction: extract(result.reading, { ...ctx, via: 'browser' }),
        screenshot: result.screenshot,
      };
    };
    const readOne = async (t: Target, url: string) => {
      if (!pw) return readWithFirecrawl(t, url);
      const viaBrowser = await readWithBrowser(t, url);
      const blocked =
        viaBrowser.extraction.failed && /did not load|bot-check|blocked/.test(viaBrowser.extraction.reason);
      if (!blocked || !firecrawl) return viaBrowser;
      const viaFirecrawl = await readWithFirecrawl(t, url);
      if (!viaFirecrawl.extraction.failed) return viaFirecrawl;
      const reason = `${viaBrowser.extraction.reason}; Firecrawl fallback: ${viaFirecrawl.extraction.reason}`;
      return { ...viaBrowser, extraction: { ...viaBrowser.extraction, reason } };
    };

    // A dealer's context closes with its last page.
    const left = new Map<string, number>();
    for (const t of options.targets) left.set(t.vendor, (left.get(t.vendor) ?? 0) + 1);
    const outcomes = await schedule<Target, PageOutcome>({
      items: options.targets,
      key: (t) => t.vendor,
      concurrency,
      delay,
      clock,
      random: options.random,
      run: async (t) => {
        let best: Omit<PageOutcome, 'observedAt' | 'target'> | undefined;
        for (const [i, url] of t.urls.entries()) {
          if (i > 0)
            await clock.sleep(delay.minMs + Math.floor(options.random() * (delay.maxMs - delay.minMs + 1)));
          const read = await readOne(t, url);
          if (!best || (best.extraction.price === null && read.extraction.price !== null)) best = read;
          if (read.extraction.price !== null) break;
        }
        const remaining = left.get(t.vendor)! - 1;
        left.set(t.vendor, remaining);
        if (remaining === 0) await pw?.release(t.vendor);
        return { target: t, observedAt: formatIso(clock.now()), ...best! };
      },
      onResult: (o) => {
        counts.done++;
        const kind = outcomeOf(o.extraction);
        if (kind === 'priced') counts.priced++;
        else if (kind === 'out-of-stock') counts.outOfStock++;
        else {
          counts.failed++;
          log(`${o.target.coin} @ ${o.target.vendor}: no price: ${o.extraction.reason}`);
        }
        log(progressLine(counts));
      },
    });

    const observations = outcomes.map((o) => ({
      coin: o.target.coin,
      vendor: o.target.vendor,
      observedAt: o.observedAt,
      price: o.extraction.price,
      inStock: o.extraction.inStock,
      method: o.extraction.method,
      reason: o.extraction.reason,
    })) as Observation[];
    if (vision) await visionCheck(outcomes, observations, vision, options, bandOf, log);
    return observations.map((o) => observation.parse(o));
  } finally {
    await pw?.close();
    await browser?.close().catch(() => {});
    await proxy?.close();
  }
}

/**
 * Second opinion on the doubtful pages (all of them with `always`): no price although the page is
 * the right product, or a price far from the coin's consensus. Vision can fill a missing price or
 * replace a price that disagrees with consensus when vision agrees with it; otherwise it only marks.
 */
async function visionCheck(
  outcomes: PageOutcome[],
  observations: Observation[],
  vision: GeminiVision,
  options: RetailScrapeOptions,
  bandOf: (coin: string) => Band | string,
  log: (line: string) => void,
): Promise<void> {
  const consensusOf = (coin: string) => {
    const known = options.consensus?.[coin];
    if (known) return known;
    const prices = observations.filter((o) => o.coin === coin && o.price !== null).map((o) => o.price!);
    return prices.length >= 2 ? (median(prices) ?? undefined) : undefined;
  };
  const far = (price: number, consensus: number | undefined) =>
    consensus !== undefined && Math.abs(price - consensus) / consensus > DOUBT;
  for (const [i, outcome] of outcomes.entries()) {
    const obs = observations[i]!;
    const { extraction, screenshot, target } = outcome;
    if (!screenshot || extraction.wrongPage) continue;
    const consensus = consensusOf(target.coin);
    const doubtful = obs.price === null ? obs.inStock : far(obs.price, consensus);
    if (options.vision?.mode !== 'always' && !doubtful) continue;
    if (vision.remaining === 0) {
      log('vision: call cap reached; remaining pages not checked');
      return;
    }
    let seen: Awaited<ReturnType<GeminiVision['read']>>;
    try {
      seen = await vision.read(screenshot, options.catalog.coins[target.coin]!.name);
    } catch (err) {
      log(`vision: ${target.coin} @ ${target.vendor}: ${(err as Error).message}`);
      continue;
    }
    const band = bandOf(target.coin);
    const plausible =
      seen.price !== null && typeof band !== 'string' && outsideBand(seen.price, band) === undefined;
    const note = (text: string) => {
      obs.reason = obs.reason ? `${obs.reason}; ${text}` : text;
    };
    if (obs.price !== null) {
      obs.visionAgrees = seen.price !== null && pricesAgree(seen.price, obs.price);
      if (obs.visionAgrees) continue;
      if (plausible && far(obs.price, consensus) && !far(seen.price!, consensus)) {
        note(
          `text read $${obs.price}, vision $${seen.price} (consensus $${consensus?.toFixed(2)}): vision kept`,
        );
        Object.assign(obs, { price: seen.price, method: 'vision' });
      } else note(`vision read ${seen.price === null ? 'no price' : `$${seen.price}`}`);
    } else if (plausible && !far(seen.price!, consensus)) {
      Object.assign(obs, {
        price: seen.price,
        method: 'vision',
        reason: `price read by vision; text: ${obs.reason}`,
      });
    } else if (seen.price !== null)
      note(`vision read $${seen.price}, not used (outside band or far from consensus)`);
  }
}
