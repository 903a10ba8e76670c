import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from '../helpers/chromium.js';
import { deadUrl, type Endpoint, NOW, startEndpoint } from '../peers/data-endpoints.js';
import { removeDir, tempDir } from '../serve/fixture.js';

let out: string;
let live: Endpoint;
let site: Server;
let siteUrl: string;

beforeAll(async () => {
  if (!CHROMIUM) return;
  out = await tempDir('staktrakr-client-build-');
  // The page loads the client as built for browsers, not the TypeScript sources.
  execFileSync(process.execPath, ['scripts/build-client.mjs', out], { stdio: 'pipe' });
  live = await startEndpoint(1, 5);
  const dead = await deadUrl();
  const page = `<!doctype html><meta charset="utf-8"><title>prices</title><pre id="prices">loading</pre>
<script type="module">
  import { createClient } from './client.js';
  const client = createClient({ endpoints: [${JSON.stringify(dead)}, ${JSON.stringify(live.url)}], now: () => new Date(${JSON.stringify(NOW.toISOString())}) });
  const el = document.getElementById('prices');
  try {
    const spot = await client.currentSpot();
    const hourly = await client.fetchHourly(0);
    el.textContent = [spot.source, ...Object.entries(spot.prices).map(([m, p]) => m + ' ' + p.price.toFixed(2)), 'hourly ' + hourly.prices.length].join('\\n');
  } catch (err) {
    el.textContent = 'error ' + err.message;
  }
</script>`;
  const client = await readFile(join(out, 'index.js'));
  site = createServer((req, res) => {
    if (req.url === '/client.js')
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(client);
    res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  if (site) await new Promise((ok) => site.close(ok));
  await live?.close();
  if (out) await removeDir(out);
});

describe.skipIf(!CHROMIUM)('the built client in Chromium', () => {
  it('shows current prices with one endpoint dead', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(siteUrl);
      await page.waitForFunction(
        () => document.getElementById('prices')?.textContent !== 'loading',
        undefined,
        {
          timeout: 30_000,
        },
      );
      const text = await page.textContent('#prices');
      expect(text).toBe(
        [
          'api',
          ...Object.entries(live.prices).map(([m, p]) => `${m} ${p.toFixed(2)}`),
          `hourly ${3 * 4}`,
        ].join('\n'),
      );
    } finally {
      await browser.close();
    }
  });
});
