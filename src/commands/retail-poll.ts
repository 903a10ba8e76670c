/** retail-poll: catalog → targets → pages read in a browser → facts → views → commit and push (retried). */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { appendObservations } from '../data/retail-facts.js';
import type { Observation } from '../data/retail-observation.js';
import { type PublishedVendor, readPublishedCoin } from '../data/retail-views/published.js';
import { DEFAULT_RETIRE_AFTER_DAYS, HISTORY_DAYS, rebuildRetailViews } from '../data/retail-views/rebuild.js';
import { publish } from '../git/publish.js';
import { parseAllowHosts } from '../http/outbound.js';
import { parseShard, targets } from '../retail/catalog.js';
import { recordRate } from '../retail/goldback.js';
import { readDailyRate } from '../retail/goldback-poll.js';
import { provisionPlaywright } from '../retail/playwright-loader.js';
import { consensus, marketRefs, readCatalog } from '../retail/refs.js';
import { DEFAULT_CONCURRENCY, parseConcurrency, parseDelay } from '../retail/schedule.js';
import { FETCHERS, runRetailScrape } from '../retail/scrape.js';
import {
  countOutcomes,
  failuresByReason,
  failureVerdict,
  publishSummary,
  retailSummary,
} from '../retail/summary.js';
import { VISION_MODES } from '../retail/vision.js';
import { clockFromEnv } from '../runtime/clock.js';
import { CommandFailure, defineCommand } from '../runtime/command.js';
import {
  boolean,
  InputError,
  identifier,
  integer,
  list,
  listOf,
  oneOf,
  optional,
  optionalBaseUrl,
  optionalPath,
  optionalWebUrl,
  optionalWsUrl,
  required,
} from '../runtime/inputs.js';
import { chainedVerify, checkVerifyInputs, verifyInputs } from './chained-verify.js';
import { repositoryInputs, withWorkspace } from './publishing.js';

/** Validates a text input with a parser that throws, naming the input. */
const parsed = <T>(name: string, parse: (s: string) => T, text: string): T => {
  try {
    return parse(text);
  } catch (err) {
    throw new InputError(`input "${name}" (got ${JSON.stringify(text)}): ${(err as Error).message}`);
  }
};

export default defineCommand({
  name: 'retail-poll',
  description:
    'Read dealer prices in a real browser and publish the retail API (latest, histories, manifest).',
  inputs: {
    ...repositoryInputs('retail', 'Read the pages and report, write nothing.'),
    coins: {
      description: 'Only these coin slugs (comma list); all when empty.',
      schema: listOf(identifier()),
    },
    vendors: {
      description: 'Only these dealer ids (comma list); all when empty.',
      schema: listOf(identifier()),
    },
    shard: {
      description: 'i/n: this run reads the i-th of n deterministic parts of the pages (a workflow matrix).',
      default: '1/1',
      schema: identifier(16),
    },
    scrape: {
      description:
        'Read pages; false only rebuilds the views from the facts (the publish step after shards).',
      default: 'true',
      schema: boolean(),
    },
    fetcher: {
      description: `How pages are read: ${FETCHERS.join(' | ')} (auto: browser, Firecrawl as fallback).`,
      default: 'auto',
      schema: oneOf(FETCHERS),
    },
    'browser-path': {
      description: 'Chrome/Chromium executable; a system one is found when empty.',
      env: ['CHROME_PATH'],
      schema: optionalPath(),
    },
    'browser-ws-endpoint': {
      description: 'Remote browser (browserless) WebSocket URL, used when no local browser is found.',
      env: ['BROWSERLESS_URL'],
      secret: true,
      schema: optionalWsUrl(),
    },
    'firecrawl-url': {
      description: 'Self-hosted Firecrawl base URL.',
      env: ['FIRECRAWL_BASE_URL'],
      schema: optionalBaseUrl(),
    },
    'firecrawl-api-key': {
      description: 'Firecrawl cloud API key.',
      env: ['FIRECRAWL_API_KEY'],
      secret: true,
      schema: optional(),
    },
    'allow-hosts': {
      description:
        'Internal hosts pages may be read from (comma list of host[:port], *.domain), e.g. a self-hosted dealer mirror; by default only public addresses are fetched.',
      schema: list(),
    },
    'per-vendor-delay': {
      description: 'Random pause between two pages of one dealer, in ms (min-max).',
      default: '2000-8000',
      schema: required(),
    },
    concurrency: {
      description:
        'Pages open at once across dealers (one per dealer at most); 9 = every dealer of the real catalog at once (~0.9 GiB of Chromium).',
      default: String(DEFAULT_CONCURRENCY),
      schema: required(),
    },
    'page-timeout': {
      description: 'Seconds a page may take to load and show its price.',
      default: '45',
      schema: integer(5, 600),
    },
    vision: {
      description: `Screenshot check with Gemini: ${VISION_MODES.join(' | ')}.`,
      default: 'off',
      schema: oneOf(VISION_MODES),
    },
    'gemini-api-key': {
      description: 'Gemini API key for the vision check.',
      env: ['GEMINI_API_KEY'],
      secret: true,
      schema: optional(),
    },
    'vision-max-calls': {
      description: 'Most Gemini calls in one run.',
      default: '20',
      schema: integer(0, 1000),
    },
    'retire-after-days': {
      description:
        "Days without a reading (price or stock answer) after which a dealer leaves a coin's prices; until then its last price is carried, marked stale.",
      default: String(DEFAULT_RETIRE_AFTER_DAYS),
      schema: integer(1, HISTORY_DAYS),
    },
    'warn-failed-percent': {
      description: 'Warn loudly when at least this share of the pages (in %) gives no price.',
      default: '50',
      schema: integer(1, 100),
    },
    'goldback-url': {
      description:
        'Official Goldback exchange-rate page (e.g. https://www.goldback.com/exchange-rate/), read once a UTC day by shard 1; it prices goldback-g1…g50. Empty: not read.',
      schema: optionalWebUrl(),
    },
    ...verifyInputs,
  },
  outputs: {
    targets: 'Pages to read this run.',
    priced: 'Pages that gave a price.',
    'out-of-stock': 'Pages showing the item out of stock.',
    failed: 'Pages that gave no trustworthy price (reasons in the summary).',
    'coins-published': 'Coins in the published manifest.',
    commit: 'Commit sha, or empty when nothing changed.',
    pushed: 'true when the commit reached the remote.',
  },
  async run(inputs, rt, { env }) {
    const clock = clockFromEnv(env);
    const shard = parsed('shard', parseShard, inputs.shard);
    const delay = parsed('per-vendor-delay', parseDelay, inputs['per-vendor-delay']);
    const concurrency = parsed('concurrency', parseConcurrency, inputs.concurrency);
    const allowHosts = parsed('allow-hosts', parseAllowHosts, inputs['allow-hosts'].join(','));
    checkVerifyInputs(inputs);
    if (inputs.vision !== 'off' && !inputs['gemini-api-key'])
      throw new InputError(`input "gemini-api-key" is required when vision is ${inputs.vision}`);
    if (inputs.fetcher === 'firecrawl' && !inputs['firecrawl-url'] && !inputs['firecrawl-api-key']) {
      throw new InputError(
        'input "firecrawl-url" or "firecrawl-api-key" is required when fetcher is firecrawl',
      );
    }
    const dryRun = inputs['dry-run'];
    const log = { info: (m: string) => rt.info(m), warn: (m: string) => rt.warning(m) };
    return withWorkspace(inputs, 'retail-poll', rt, clock, async (ws) => {
      const catalog = await readCatalog(ws.dir);
      const started = clock.now().getTime();
      let observations: Observation[] = [];
      let rate: Awaited<ReturnType<typeof readDailyRate>>;
      let spotAt = '';
      if (inputs.scrape) {
        const refs = await marketRefs(ws.dir, clock.now());
        spotAt = refs.spotAt;
        const pages = targets(catalog, { coins: inputs.coins, vendors: inputs.vendors, shard });
        if (pages.length === 0)
          throw new InputError('inputs "coins", "vendors" and "shard" leave no page to read');
        const playwrightDirs =
          inputs.fetcher === 'firecrawl'
            ? []
            : await provisionPlaywright(env.RUNNER_TOOL_CACHE ?? join(homedir(), '.cache'), log.info);
        const previous = await consensus(ws.dir, catalog);
        observations = await rt.group(`Reading ${pages.length} pages`, () =>
          runRetailScrape({
            catalog,
            targets: pages,
            refs,
            fetcher: inputs.fetcher,
            browser: {
              browserPath: inputs['browser-path'],
              wsEndpoint: inputs['browser-ws-endpoint'],
              playwrightDirs,
            },
            page: { timeoutMs: inputs['page-timeout'] * 1000 },
            firecrawl: { baseUrl: inputs['firecrawl-url'], apiKey: inputs['firecrawl-api-key'] },
            vision: {
              mode: inputs.vision,
              apiKey: inputs['gemini-api-key'] ?? '',
              maxCalls: inputs['vision-max-calls'],
            },
            consensus: previous,
            outbound: { allowHosts },
            concurrency,
            delay,
            clock,
            random: Math.random,
            onProgress: (p) => rt.info(p.line),
            log: log.info,
          }),
        );
        const goldbackUrl = inputs['goldback-url'];
        if (goldbackUrl && shard.index === 1)
          rate = await rt.group('Goldback exchange rate', () =>
            readDailyRate({
              root: ws.dir,
              url: goldbackUrl,
              goldSpot: refs.spot.Gold,
              browser: {
                browserPath: inputs['browser-path'],
                wsEndpoint: inputs['browser-ws-endpoint'],
                playwrightDirs,
              },
              outbound: { allowHosts },
              timeoutMs: inputs['page-timeout'] * 1000,
              clock,
              log: log.info,
            }),
          );
        if (rate && 'reason' in rate) rt.warning(rate.reason, { title: 'Goldback rate not read' });
      }
      const durationMs = clock.now().getTime() - started;
      const counts = countOutcomes(observations);
      // One annotation per reason, not per page: a bad day must stay readable and under the limit.
      for (const f of failuresByReason(observations).slice(0, 8)) {
        rt.warning(
          `${f.pages.length} page(s): ${f.reason} — ${f.pages.slice(0, 6).join(', ')}${f.pages.length > 6 ? ', …' : ''}`,
          { title: 'Retail pages without a price' },
        );
      }
      const verdict = failureVerdict(observations, inputs['warn-failed-percent']);
      if (verdict.fail) {
        await rt.summary(
          retailSummary({
            catalog,
            observations,
            published: await publishedVendors(ws.dir, observations),
            spotAt,
            coinsPublished: 0,
            commit: undefined,
            pushed: false,
            dryRun,
            durationMs,
          }),
        );
        throw new CommandFailure(verdict.fail);
      }
      if (verdict.warn)
        rt.warning(verdict.warn, {
          title: `Retail: ${inputs['warn-failed-percent']} % or more of the pages failed`,
        });
      const goldbackFacts = rate && 'rate' in rate ? rate.observations : [];
      let coinsPublished = 0;
      let viewsWritten = 0;
      let manifestAt: string | undefined;
      const published = await rt.group('Write, commit, push', () =>
        publish(ws, {
          apply: async (dir) => {
            const facts = await appendObservations(dir, [...observations, ...goldbackFacts]);
            if (rate && 'rate' in rate) facts.push(...(await recordRate(dir, rate.rate, rate.at)));
            const views = await rebuildRetailViews({
              root: dir,
              catalog,
              now: clock.now(),
              retireAfterDays: inputs['retire-after-days'],
            });
            coinsPublished = views.coinsPublished;
            viewsWritten = views.written.length;
            manifestAt = views.manifestAt;
            for (const w of views.warnings.slice(0, 20)) rt.warning(w);
            return { facts, views: views.written };
          },
          message: (r) => commitMessage(inputs['poller-id'], observations, r.facts.length, r.views.length),
          push: inputs.push && !dryRun,
          clock,
          log: log.info,
          warn: log.warn,
        }),
      );
      const commit = dryRun ? undefined : published.commit;
      await rt.summary(
        inputs.scrape
          ? retailSummary({
              catalog,
              observations,
              published: await publishedVendors(ws.dir, observations),
              spotAt,
              coinsPublished,
              commit,
              pushed: published.pushed,
              dryRun,
              durationMs,
            })
          : publishSummary({
              coinsPublished,
              viewsWritten,
              manifestAt,
              commit,
              pushed: published.pushed,
              dryRun,
            }),
      );
      if (published.pushed) await chainedVerify(inputs, ws.dir, rt, clock);
      return {
        targets: counts.targets,
        priced: counts.priced,
        'out-of-stock': counts.outOfStock,
        failed: counts.failed,
        'coins-published': coinsPublished,
        commit: commit ?? '',
        pushed: published.pushed,
      };
    });
  },
});

function commitMessage(pollerId: string, observations: Observation[], facts: number, views: number): string {
  const c = countOutcomes(observations);
  const what = observations.length
    ? `${c.targets} pages: ${c.priced} priced, ${c.outOfStock} out of stock, ${c.failed} failed`
    : 'views rebuilt';
  return `retail-poll(${pollerId}): ${what}\n\n${facts} fact file(s), ${views} view file(s) changed`;
}

/** The vendors block of each coin's published latest.json, to show stale carries in the grid. */
async function publishedVendors(root: string, observations: Observation[]) {
  const out: Record<string, Record<string, PublishedVendor>> = {};
  for (const coin of new Set(observations.map((o) => o.coin))) {
    const { vendors } = await readPublishedCoin(root, coin);
    if (vendors) out[coin] = vendors;
  }
  return out;
}
