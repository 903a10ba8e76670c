/** retail-poll: inputs → workspace → the retail run (src/retail/poll.ts) → summary, outputs, optional verify. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RETIRE_AFTER_DAYS, HISTORY_DAYS } from '../data/retail-views/rebuild.js';
import { parseAllowHosts } from '../http/outbound.js';
import { parseShard } from '../retail/catalog.js';
import { runRetailPoll } from '../retail/poll.js';
import { DEFAULT_CONCURRENCY, DEFAULT_DELAY, parseConcurrency, parseDelay } from '../retail/schedule.js';
import { FETCHERS } from '../retail/scrape.js';
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
      default: DEFAULT_DELAY,
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
    if (inputs.fetcher === 'firecrawl' && !inputs['firecrawl-url'] && !inputs['firecrawl-api-key'])
      throw new InputError(
        'input "firecrawl-url" or "firecrawl-api-key" is required when fetcher is firecrawl',
      );
    return withWorkspace(inputs, 'retail-poll', rt, clock, async (workspace) => {
      const r = await runRetailPoll({
        workspace,
        clock,
        scrape: inputs.scrape,
        coins: inputs.coins,
        vendors: inputs.vendors,
        shard,
        fetcher: inputs.fetcher,
        browser: { browserPath: inputs['browser-path'], wsEndpoint: inputs['browser-ws-endpoint'] },
        playwrightCacheDir: env.RUNNER_TOOL_CACHE ?? join(homedir(), '.cache'),
        pageTimeoutMs: inputs['page-timeout'] * 1000,
        firecrawl: { baseUrl: inputs['firecrawl-url'], apiKey: inputs['firecrawl-api-key'] },
        vision: {
          mode: inputs.vision,
          apiKey: inputs['gemini-api-key'] ?? '',
          maxCalls: inputs['vision-max-calls'],
        },
        outbound: { allowHosts },
        concurrency,
        delay,
        goldbackUrl: inputs['goldback-url'],
        retireAfterDays: inputs['retire-after-days'],
        warnFailedPercent: inputs['warn-failed-percent'],
        push: inputs.push,
        dryRun: inputs['dry-run'],
        pollerId: inputs['poller-id'],
        logger: rt,
      });
      await rt.summary(r.summary);
      if (r.failure) throw new CommandFailure(r.failure);
      if (r.pushed) await chainedVerify(inputs, workspace.dir, rt, clock);
      return {
        targets: r.counts.targets,
        priced: r.counts.priced,
        'out-of-stock': r.counts.outOfStock,
        failed: r.counts.failed,
        'coins-published': r.coinsPublished,
        commit: r.commit ?? '',
        pushed: r.pushed,
      };
    });
  },
});
