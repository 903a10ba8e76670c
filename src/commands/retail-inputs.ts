/** retail-poll's inputs, by what they decide: which pages, how they are read, the vision check, the views. */
import { DEFAULT_RETIRE_AFTER_DAYS, HISTORY_DAYS } from '../data/retail-views/rebuild.js';
import { parseAllowHosts } from '../http/outbound.js';
import { parseShard } from '../retail/catalog.js';
import { DEFAULT_CONCURRENCY, DEFAULT_DELAY, parseConcurrency, parseDelay } from '../retail/schedule.js';
import { FETCHERS } from '../retail/scrape.js';
import { VISION_MODES } from '../retail/vision.js';
import {
  flag,
  InputError,
  identifier,
  integer,
  list,
  listOf,
  oneOf,
  optionalBaseUrl,
  optionalPath,
  optionalWebUrl,
  optionalWsUrl,
  parsedBy,
  required,
  secretInput,
} from '../runtime/inputs.js';

/** Which pages this run reads. */
export const pageSelectionInputs = {
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
    schema: parsedBy(identifier(16), parseShard),
  },
  scrape: flag(
    'Read pages; false only rebuilds the views from the facts (the publish step after shards).',
    true,
  ),
};

/** How the pages are read: browser or Firecrawl, where from, how fast. */
export const pageReadingInputs = {
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
  'firecrawl-api-key': secretInput('Firecrawl cloud API key.', 'FIRECRAWL_API_KEY'),
  'allow-hosts': {
    description:
      'Internal hosts pages may be read from (comma list of host[:port], *.domain), e.g. a self-hosted dealer mirror; by default only public addresses are fetched.',
    schema: parsedBy(list(), parseAllowHosts),
  },
  'per-vendor-delay': {
    description: 'Random pause between two pages of one dealer, in ms (min-max).',
    default: DEFAULT_DELAY,
    schema: parsedBy(required(), parseDelay),
  },
  concurrency: {
    description:
      'Pages open at once across dealers (one per dealer at most); 9 = every dealer of the real catalog at once (~0.9 GiB of Chromium).',
    default: String(DEFAULT_CONCURRENCY),
    schema: parsedBy(required(), parseConcurrency),
  },
  'page-timeout': {
    description: 'Seconds a page may take to load and show its price.',
    default: '45',
    schema: integer(5, 600),
  },
};

/** The optional screenshot check with Gemini. */
export const visionInputs = {
  vision: {
    description: `Screenshot check with Gemini: ${VISION_MODES.join(' | ')}.`,
    default: 'off',
    schema: oneOf(VISION_MODES),
  },
  'gemini-api-key': secretInput('Gemini API key for the vision check.', 'GEMINI_API_KEY'),
  'vision-max-calls': {
    description: 'Most Gemini calls in one run.',
    default: '20',
    schema: integer(0, 1000),
  },
};

/** What the published views keep, when the run warns, and the Goldback rate. */
export const retailViewInputs = {
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
};

/** The inputs a chosen fetcher or vision mode requires. */
export function checkReadingInputs(inputs: {
  fetcher: string;
  'firecrawl-url'?: string;
  'firecrawl-api-key'?: string;
  vision: string;
  'gemini-api-key'?: string;
}) {
  if (inputs.vision !== 'off' && !inputs['gemini-api-key'])
    throw new InputError(`input "gemini-api-key" is required when vision is ${inputs.vision}`);
  if (inputs.fetcher === 'firecrawl' && !inputs['firecrawl-url'] && !inputs['firecrawl-api-key'])
    throw new InputError(
      'input "firecrawl-url" or "firecrawl-api-key" is required when fetcher is firecrawl',
    );
}
