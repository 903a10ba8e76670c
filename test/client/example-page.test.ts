/**
 * examples/client.html in Chromium, served the way the demo serves it, against two endpoints whose
 * faults the test switches: enhanced mode, one endpoint killed mid-session, the query API killed
 * (static files), both back. What is asserted is what a person sees on the page.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExamplePage, serveExamplePage } from '../../src/demo/example-page.js';
import { CHROMIUM, launchChromium } from '../helpers/chromium.js';
import { type Endpoint, startEndpoint } from '../peers/data-endpoints.js';
import { removeDir, tempDir } from '../serve/fixture.js';

let out: string;
let fresh: Endpoint;
let stale: Endpoint;
let example: ExamplePage;
let browser: Browser;

beforeAll(async () => {
  if (!CHROMIUM) return;
  out = await tempDir('staktrakr-client-build-');
  execFileSync(process.execPath, ['scripts/build-client.mjs', out], { stdio: 'pipe' });
  // The page runs on the real clock: the endpoints' data ends now.
  const now = new Date();
  [fresh, stale] = await Promise.all([startEndpoint(1, 5, now), startEndpoint(1.5, 180, now)]);
  example = await serveExamplePage([stale.url, fresh.url], {
    clientJs: join(out, 'index.js'),
    query: { refresh: '0.5', backoff: '1500' },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await example?.close();
  await Promise.all([fresh?.close(), stale?.close()]);
  if (out) await removeDir(out);
});

/** Waits until the page shows what `check` looks for (re-read after every refresh). */
async function until(page: Page, check: () => Promise<boolean>, what: string) {
  for (const end = Date.now() + 20_000; Date.now() < end; ) {
    if (await check()) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`the page never showed: ${what}`);
}

const attr = (page: Page, selector: string, name: string) => page.getAttribute(selector, name);

describe.skipIf(!CHROMIUM)('examples/client.html', () => {
  it('shows enhanced mode, survives a dead endpoint, falls back to static files and comes back', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(example.url);

    // 1. Both endpoints up: the query API answers, the freshest manifest wins.
    await until(
      page,
      async () => (await page.textContent('#mode')) === 'Enhanced API Active',
      'enhanced mode',
    );
    await until(
      page,
      async () => (await attr(page, '#retail-source', 'data-endpoint')) === fresh.url,
      'fresh winner',
    );
    expect(await attr(page, '#spot-source', 'data-source')).toBe('enhanced');
    expect(await page.locator('.chart').count()).toBe(4);
    // The latest gold price is a recent one of an endpoint the page names as a source (the
    // endpoints' data differ by a factor, 1 or 1.5, so the source is recognisable).
    const sources = (await attr(page, '#spot-source', 'data-endpoints'))!.split(',');
    const shown = Number((await page.textContent('.chart[data-metal="Gold"] .latest'))!.replace(/[$,]/g, ''));
    const near = (e: Endpoint) => Math.abs(shown / e.prices.Gold! - 1) < 0.002;
    expect([fresh, stale].filter((e) => sources.includes(e.url)).some(near)).toBe(true);
    expect(await page.textContent('tr[data-slug="ase"] td.num')).toBe('$90.00');

    // 2. The retail winner dies mid-session: the page moves to the other endpoint.
    fresh.mode = 'down';
    await until(
      page,
      async () => (await attr(page, '#retail-source', 'data-endpoint')) === stale.url,
      'other endpoint',
    );
    expect(await attr(page, 'tr[data-slug="ase"]', 'data-endpoint')).toBe(stale.url);
    expect(await page.textContent('tr[data-slug="ase"] td.num')).toBe('$135.00');

    // 3. The query API dies too: static files, and the indicator says so.
    stale.mode = 'static-only';
    await until(page, async () => (await attr(page, '#mode', 'data-mode')) === 'static', 'static mode');
    await until(
      page,
      async () => (await attr(page, '#spot-source', 'data-source')) === 'static',
      'static series',
    );
    expect(await page.textContent('#mode')).toBe('Static files');
    expect(await attr(page, '#spot-source', 'data-endpoints')).toBe(stale.url);
    expect(await page.locator('.chart polyline').count()).toBe(4);

    // 4. Both back: after the back-off the page is enhanced again, on the freshest endpoint.
    fresh.mode = 'ok';
    stale.mode = 'ok';
    await until(page, async () => (await attr(page, '#mode', 'data-mode')) === 'enhanced', 'enhanced again');
    await until(
      page,
      async () => (await attr(page, '#retail-source', 'data-endpoint')) === fresh.url,
      'fresh again',
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});
