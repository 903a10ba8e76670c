/**
 * One retail run, the same in GitHub Actions, the CLI and a daemon:
 *
 *   1. refs      the catalog, the repository's latest spot (the melt band) and Goldback rate, and each
 *                coin's published median (the consensus a vision check compares against)
 *   2. scrape    the target pages read politely in one browser (scrape.ts), each page an Observation
 *   3. Goldback  the official exchange rate, once a UTC day, by shard 1 (goldback-poll.ts)
 *   4. verdict   every page failed → publish nothing and fail; many failed → publish and warn
 *   5. publish   facts appended (src/data/retail-facts.ts), views rebuilt from them
 *                (src/data/retail-views/rebuild.ts), commit and push; a lost push race re-applies
 *                the same observations on the new tip
 *
 * With `scrape: false` only step 5 runs: the views are rebuilt from the facts (the publish step after
 * the shards of a workflow matrix). The result carries the counts, the commit and the job summary.
 */

import { join } from 'node:path';
import { InputError } from '../data/errors.js';
import type { Logger } from '../data/logger.js';
import type { Catalog } from '../data/retail-catalog.js';
import { appendObservations } from '../data/retail-facts.js';
import type { Observation } from '../data/retail-observation.js';
import { type PublishedVendor, readPublishedCoin } from '../data/retail-views/published.js';
import { rebuildRetailViews } from '../data/retail-views/rebuild.js';
import type { Clock } from '../data/time.js';
import { publish } from '../git/publish.js';
import type { Workspace } from '../git/workspace.js';
import type { FetchLike } from '../http/fetch.js';
import type { OutboundOptions } from '../http/outbound.js';
import type { BrowserOptions } from './browser.js';
import { type Shard, targets } from './catalog.js';
import { recordRate } from './goldback.js';
import { type DailyRate, readDailyRate } from './goldback-poll.js';
import { provisionPlaywright } from './playwright-loader.js';
import { consensus, marketRefs, readCatalog } from './refs.js';
import type { DelayRange } from './schedule.js';
import { type FetcherKind, runRetailScrape } from './scrape.js';
import {
  countOutcomes,
  failuresByReason,
  failureVerdict,
  publishSummary,
  type RetailCounts,
  retailSummary,
} from './summary.js';
import type { VisionMode } from './vision.js';

export interface RetailPollOptions {
  /** The locked working clone of the data repository. */
  workspace: Workspace;
  clock: Clock;
  random?: () => number;
  /** Read pages; false only rebuilds the views from the facts. */
  scrape: boolean;
  coins: readonly string[];
  vendors: readonly string[];
  shard: Shard;
  fetcher: FetcherKind;
  browser: Pick<BrowserOptions, 'browserPath' | 'wsEndpoint'>;
  /** Where a missing playwright-core driver is provisioned (a tool cache). */
  playwrightCacheDir: string;
  pageTimeoutMs: number;
  firecrawl: { baseUrl?: string; apiKey?: string };
  vision: { mode: VisionMode; apiKey: string; maxCalls: number };
  outbound: OutboundOptions;
  concurrency: number;
  delay: DelayRange;
  /** The official Goldback rate page; read once a UTC day by shard 1. */
  goldbackUrl?: string;
  retireAfterDays: number;
  /** Warn loudly when at least this share of the pages (in %) gives no price. */
  warnFailedPercent: number;
  push: boolean;
  dryRun: boolean;
  pollerId: string;
  /** HTTP for Firecrawl and the vision check (tests pass a loopback-bound one). */
  fetch?: FetchLike;
  logger: Logger;
}

export interface RetailPollResult {
  counts: RetailCounts;
  coinsPublished: number;
  /** The commit this run made (never on a dry run). */
  commit?: string;
  pushed: boolean;
  /** The job summary (Markdown). */
  summary: string;
  /** Why the run failed with nothing published (every page failed). */
  failure?: string;
}

export async function runRetailPoll(o: RetailPollOptions): Promise<RetailPollResult> {
  const { workspace: ws, clock, logger: log } = o;
  const catalog = await readCatalog(ws.dir);
  const started = clock.now().getTime();
  const scraped = o.scrape ? await scrape(o, catalog) : { observations: [], spotAt: '' };
  const { observations, spotAt, rate } = scraped;
  const durationMs = clock.now().getTime() - started;
  const counts = countOutcomes(observations);
  const summaryOf = async (s: { coinsPublished: number; commit?: string; pushed: boolean }) =>
    retailSummary({
      catalog,
      observations,
      published: await publishedVendors(ws.dir, observations),
      spotAt,
      dryRun: o.dryRun,
      durationMs,
      ...s,
    });

  // One annotation per reason, not per page: a bad day must stay readable and under the limit.
  for (const f of failuresByReason(observations).slice(0, 8)) {
    log.warning(
      `${f.pages.length} page(s): ${f.reason} — ${f.pages.slice(0, 6).join(', ')}${f.pages.length > 6 ? ', …' : ''}`,
      { title: 'Retail pages without a price' },
    );
  }
  const verdict = failureVerdict(observations, o.warnFailedPercent);
  if (verdict.fail) {
    const summary = await summaryOf({ coinsPublished: 0, pushed: false });
    return { counts, coinsPublished: 0, pushed: false, summary, failure: verdict.fail };
  }
  if (verdict.warn)
    log.warning(verdict.warn, { title: `Retail: ${o.warnFailedPercent} % or more of the pages failed` });

  const goldbackFacts = rate && 'rate' in rate ? rate.observations : [];
  let coinsPublished = 0;
  let viewsWritten = 0;
  let manifestAt: string | undefined;
  const published = await log.group('Write, commit, push', () =>
    publish(ws, {
      apply: async (dir) => {
        const facts = await appendObservations(dir, [...observations, ...goldbackFacts]);
        if (rate && 'rate' in rate) facts.push(...(await recordRate(dir, rate.rate, rate.at)));
        const views = await rebuildRetailViews({
          root: dir,
          catalog,
          now: clock.now(),
          retireAfterDays: o.retireAfterDays,
          // Past days' parts of the views, kept with the clone (outside its tree) between runs.
          cacheDir: join(dir, '.git', 'staktrakr-retail-days'),
        });
        coinsPublished = views.coinsPublished;
        viewsWritten = views.written.length;
        manifestAt = views.manifestAt;
        for (const w of views.warnings.slice(0, 20)) log.warning(w);
        return { facts, views: views.written };
      },
      message: (r) => commitMessage(o.pollerId, observations, r.facts.length, r.views.length),
      push: o.push && !o.dryRun,
      clock,
      random: o.random,
      logger: log,
    }),
  );
  const commit = o.dryRun ? undefined : published.commit;
  const pushed = published.pushed;
  const summary = o.scrape
    ? await summaryOf({ coinsPublished, commit, pushed })
    : publishSummary({ coinsPublished, viewsWritten, manifestAt, commit, pushed, dryRun: o.dryRun });
  return { counts, coinsPublished, commit, pushed, summary };
}

/** Steps 1–3: the references, the pages, and the Goldback rate. */
async function scrape(
  o: RetailPollOptions,
  catalog: Catalog,
): Promise<{ observations: Observation[]; spotAt: string; rate?: DailyRate }> {
  const { workspace: ws, clock, logger: log } = o;
  const refs = await marketRefs(ws.dir, clock.now());
  const pages = targets(catalog, { coins: o.coins, vendors: o.vendors, shard: o.shard });
  if (pages.length === 0) throw new InputError('inputs "coins", "vendors" and "shard" leave no page to read');
  const playwrightDirs =
    o.fetcher === 'firecrawl' ? [] : await provisionPlaywright(o.playwrightCacheDir, log);
  const browser = { ...o.browser, playwrightDirs };
  const previous = await consensus(ws.dir, catalog);
  const observations = await log.group(`Reading ${pages.length} pages`, () =>
    runRetailScrape({
      catalog,
      targets: pages,
      refs,
      fetcher: o.fetcher,
      browser,
      page: { timeoutMs: o.pageTimeoutMs },
      firecrawl: o.firecrawl,
      vision: o.vision,
      consensus: previous,
      outbound: o.outbound,
      concurrency: o.concurrency,
      delay: o.delay,
      clock,
      random: o.random ?? Math.random,
      fetch: o.fetch,
      logger: log,
    }),
  );
  let rate: DailyRate;
  const url = o.goldbackUrl;
  if (url && o.shard.index === 1)
    rate = await log.group('Goldback exchange rate', () =>
      readDailyRate({
        root: ws.dir,
        url,
        goldSpot: refs.spot.Gold,
        browser,
        outbound: o.outbound,
        timeoutMs: o.pageTimeoutMs,
        clock,
        logger: log,
      }),
    );
  if (rate && 'reason' in rate) log.warning(rate.reason, { title: 'Goldback rate not read' });
  return { observations, spotAt: refs.spotAt, rate };
}

function commitMessage(pollerId: string, observations: Observation[], facts: number, views: number): string {
  const c = countOutcomes(observations);
  const what = observations.length
    ? `${c.targets} pages: ${c.priced} priced, ${c.outOfStock} out of stock, ${c.failed} failed`
    : 'views rebuilt';
  return `retail-poll(${pollerId}): ${what}\n\n${facts} fact file(s), ${views} view file(s) changed`;
}

/** The vendors block of each coin's published latest.json, to show stale carries in the grid. */
async function publishedVendors(root: string, observations: readonly Observation[]) {
  const out: Record<string, Record<string, PublishedVendor>> = {};
  for (const coin of new Set(observations.map((o) => o.coin))) {
    const { vendors } = await readPublishedCoin(root, coin);
    if (vendors) out[coin] = vendors;
  }
  return out;
}
