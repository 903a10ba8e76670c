/**
 * Reads the Goldback exchange rate once a UTC day, in its own browser with the dealer pages' fetcher
 * (timeouts, retries, blocked media), before the run publishes (goldback.ts says what is checked).
 */

import { join } from 'node:path';
import { readTextIfExists } from '../data/atomic.js';
import { goldbackLogPath, parseGoldbackLog } from '../data/goldback.js';
import type { Logger } from '../data/logger.js';
import type { Observation } from '../data/retail-observation.js';
import { type Clock, formatDate } from '../data/time.js';
import { type OutboundOptions, OutboundPolicy } from '../http/outbound.js';
import { startPolicyProxy } from '../http/outbound-proxy.js';
import { type BrowserOptions, openBrowser } from './browser.js';
import { PlaywrightFetcher } from './fetch-playwright.js';
import { rateObservations, readRate } from './goldback.js';

export interface DailyRateOptions {
  root: string;
  url: string;
  /** Gold spot (USD/oz) the rate is checked against; without it nothing is read. */
  goldSpot: number | undefined;
  browser: BrowserOptions;
  /** The dealer pages' outbound policy (allow-hosts): the rate page meets the same rules. */
  outbound?: OutboundOptions;
  timeoutMs: number;
  clock: Clock;
  logger: Logger;
}

export type DailyRate =
  | undefined
  | { reason: string }
  | { rate: number; at: Date; observations: Observation[] };

export async function readDailyRate(o: DailyRateOptions): Promise<DailyRate> {
  const today = formatDate(o.clock.now());
  const logPath = goldbackLogPath(today.slice(0, 4));
  const log = parseGoldbackLog((await readTextIfExists(join(o.root, logPath))) ?? '', logPath);
  if (log.some((e) => e.date === today)) {
    o.logger.info(`Goldback rate of ${today} already recorded`);
    return undefined;
  }
  if (!o.goldSpot) return { reason: 'no gold spot price to check the Goldback rate against' };
  const policy = new OutboundPolicy(o.outbound);
  const proxy = await startPolicyProxy(policy);
  const browser = await openBrowser({ ...o.browser, proxyServer: proxy.url, logger: o.logger }).catch(
    async (err: unknown) => {
      await proxy.close();
      throw err;
    },
  );
  try {
    const page = await new PlaywrightFetcher(browser, {
      clock: o.clock,
      timeoutMs: o.timeoutMs,
      policy,
    }).read(o.url);
    if (!page.reading) return { reason: `rate page did not load: ${page.error}` };
    if (page.status !== undefined && page.status >= 400)
      return { reason: `rate page answered HTTP ${page.status}` };
    const read = readRate(page.reading, o.goldSpot);
    if ('reason' in read) return read;
    const at = o.clock.now();
    o.logger.info(`Goldback rate: G1 $${read.rate}`);
    return { rate: read.rate, at, observations: rateObservations(read.rate, at) };
  } finally {
    await browser.close().catch(() => {});
    await proxy.close();
  }
}
