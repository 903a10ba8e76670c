/**
 * The browser for tests: CHROME_PATH when set, else a system Chromium/Chrome. When none exists the
 * browser tests skip, and say why once.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { findSystemBrowser, LAUNCH_ARGS } from '../../src/retail/browser.js';

const wanted = process.env.CHROME_PATH;
if (wanted && !existsSync(wanted))
  console.warn(`CHROME_PATH=${wanted} does not exist: looking for a system browser`);

export const CHROMIUM: string | undefined = wanted && existsSync(wanted) ? wanted : findSystemBrowser();

if (!CHROMIUM)
  console.warn('browser tests skipped: no Chromium found (apt-get install -y chromium, or set CHROME_PATH)');

/** Launches the test browser with the product's own arguments. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...LAUNCH_ARGS] });
