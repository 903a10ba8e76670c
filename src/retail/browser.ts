/**
 * One browser per run: an explicit executable, else a system Chrome/Chromium, else a remote
 * browserless endpoint. Headless, with the flags a CI container needs; a local one sends all its
 * traffic through the given proxy.
 */

import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { Logger } from '../data/logger.js';
import { safeUrl } from '../http/fetch.js';
import { loadPlaywright } from './playwright-loader.js';

export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebRTC's UDP would go around the outbound policy's proxy.
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
];

/** Where Chrome/Chromium live on Debian/Ubuntu (including GitHub's ubuntu-latest), snap and macOS. */
export const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export interface BrowserOptions {
  /** Chrome/Chromium executable (`browser-path`, `CHROME_PATH`). */
  browserPath?: string;
  /** Remote browser (`browser-ws-endpoint`, `BROWSERLESS_URL`): a Playwright server when its path has `/playwright`, else CDP. */
  wsEndpoint?: string;
  /** Extra folders to resolve playwright-core from. */
  playwrightDirs?: readonly string[];
  /**
   * Forward proxy every request of a local browser goes through, loopback included (the outbound
   * policy's proxy). A remote browser reaches the network on its own side and cannot use it.
   */
  proxyServer?: string;
  /** Candidate executables, in order (defaults to SYSTEM_BROWSERS). */
  candidates?: readonly string[];
  logger?: Logger;
}

export class BrowserUnavailableError extends Error {
  override name = 'BrowserUnavailableError';
}

export function findSystemBrowser(candidates: readonly string[] = SYSTEM_BROWSERS): string | undefined {
  return candidates.find((p) => existsSync(p));
}

export async function openBrowser(options: BrowserOptions = {}): Promise<Browser> {
  const { chromium } = await loadPlaywright(options.playwrightDirs);
  const log = (line: string) => options.logger?.info(line);
  if (options.browserPath && !existsSync(options.browserPath)) {
    throw new BrowserUnavailableError(`browser-path ${options.browserPath} does not exist`);
  }
  const executablePath = options.browserPath ?? findSystemBrowser(options.candidates);
  if (executablePath) {
    log(`browser: ${executablePath}`);
    // Playwright adds `<-loopback>` to the bypass list: loopback addresses go through the proxy too.
    const proxy = options.proxyServer ? { server: options.proxyServer } : undefined;
    return chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS, proxy, timeout: 60_000 });
  }
  if (options.wsEndpoint) {
    log(`browser: remote ${safeUrl(options.wsEndpoint)}`);
    try {
      return new URL(options.wsEndpoint).pathname.includes('/playwright')
        ? await chromium.connect(options.wsEndpoint, { timeout: 60_000 })
        : await chromium.connectOverCDP(options.wsEndpoint, { timeout: 60_000 });
    } catch (err) {
      // Playwright's message may quote the endpoint, token included: never pass it on.
      throw new BrowserUnavailableError(
        `could not connect to the remote browser at ${safeUrl(options.wsEndpoint)}: ${(err as Error).message.split('\n')[0]!.replaceAll(options.wsEndpoint, safeUrl(options.wsEndpoint))}`,
      );
    }
  }
  throw new BrowserUnavailableError(
    'no browser: set browser-path (CHROME_PATH), install Chrome or Chromium, or set browser-ws-endpoint (BROWSERLESS_URL)',
  );
}
