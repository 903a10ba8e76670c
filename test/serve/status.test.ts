/**
 * /status over real HTTP, without a browser: text from data files is escaped, a slug is never a path,
 * headers (CSP, types, caching), missing data, the jobs hook, the status-endpoints input, endpoint
 * checks (cached, time-limited), and the grid over the real data snapshot.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STATUS_SCRIPT_BASE64 } from '../../src/serve/status/assets.generated.js';
import { EndpointMonitor } from '../../src/serve/status/endpoints.js';
import { readRetailGrid } from '../../src/serve/status/grid.js';
import { STATUS_CSP } from '../../src/serve/status/status-page.js';
import { hasRealData, REAL_DATA } from '../helpers/real-data.js';
import { fixedClock, put, rawGet, removeDir, startServer, tempDir } from './fixture.js';

const NOW = new Date('2026-03-15T20:10:00Z');
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

async function serverOn(
  files: Record<string, unknown>,
  options: Parameters<typeof startServer>[0] | object = {},
) {
  const root = await tempDir('staktrakr-status-');
  for (const [rel, value] of Object.entries(files))
    await put(root, rel, typeof value === 'string' ? value : JSON.stringify(value));
  const server = await startServer({ dir: root, clock: fixedClock(NOW), ...options });
  cleanup.push(
    () => server.close(0),
    () => removeDir(root),
  );
  return server;
}

const page = async (url: string) => {
  const res = await fetch(`${url}/status`);
  return { res, text: await res.text() };
};

const manifest = (coins: string[], meta: Record<string, { name: string; metal: string }>) => ({
  generated_at: '2026-03-15T20:00:00Z',
  updated: '2026-03-15T20:00:00Z',
  coins,
  coins_meta: meta,
});

describe('/status', () => {
  it('shows names and ids from data files as text, and never reads a path a slug makes up', async () => {
    const server = await serverOn({
      'data/api/manifest.json': manifest(['ok-coin', '../../outside'], {
        'ok-coin': { name: '<script>alert("name")</script> Eagle', metal: 'silver' },
        '../../outside': { name: 'Sneaky', metal: 'silver' },
      }),
      'data/api/ok-coin/latest.json': {
        window_start: '2026-03-15T20:00:00Z',
        median_price: 90,
        lowest_price: 90,
        vendors: { '"><img src=x onerror=alert(1)>': { price: 90 } },
        availability_by_site: { '"><img src=x onerror=alert(1)>': true },
      },
      // Where data/api/../../outside/latest.json would lead.
      'outside/latest.json': { window_start: '2026-03-15T20:00:00Z', vendors: { leak: { price: 12345.67 } } },
    });
    const { res, text } = await page(server.url);
    expect(res.status).toBe(200);
    expect(text).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; Eagle');
    expect(text).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(text).not.toMatch(/<img|<script>alert/);
    // Only the page's own script tags: the bundled script and the chart data block.
    expect(text.match(/<script\b[^>]*>/g)).toEqual([
      expect.stringMatching(/^<script src="\/status\/status\.js\?v=[0-9a-f]{16}" defer>$/),
      '<script type="application/json" id="spot-data">',
    ]);
    expect(text).toContain('not a valid coin slug; not read');
    expect(text).not.toContain('12,345.67');
    expect(text).not.toContain('leak');
  });

  it('is served with a self-only CSP; its assets with their types and for good', async () => {
    const server = await serverOn({});
    const { res } = await page(server.url);
    expect(res.headers.get('content-security-policy')).toBe(STATUS_CSP);
    expect(STATUS_CSP).toMatch(/^default-src 'self';/);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');

    const js = await fetch(`${server.url}/status/status.js?v=anything`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await js.arrayBuffer())).toEqual(Buffer.from(STATUS_SCRIPT_BASE64, 'base64'));
    const css = await fetch(`${server.url}/status/status.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('.cell-failed');
    expect((await fetch(`${server.url}/status/icon.svg`)).headers.get('content-type')).toBe('image/svg+xml');

    const head = await rawGet(server.port, '/status', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const path of ['/status/', '/status/other.js', '/status/../data'])
      expect((await rawGet(server.port, path)).status, path).toBeGreaterThanOrEqual(400);
    const index = await (await fetch(`${server.url}/`)).json();
    expect(index.exposed).toContain('/status');
  });

  it('says what is missing instead of failing: no manifest, no spot data, no scheduler', async () => {
    const server = await serverOn({});
    const { res, text } = await page(server.url);
    expect(res.status).toBe(200);
    expect(text).toContain('data/api/manifest.json is missing');
    expect(text).toContain('No spot data in this period.');
    expect(text).toContain('No scheduler in this process');
    expect(text).toMatch(/class="fresh-missing"[^>]*><span class="pill">missing<\/span>/);
  });

  it('with data that stopped days ago, shows the last known prices and the last period, marked stale', async () => {
    const hourly = (hour: string, prices: Record<string, number>) =>
      Object.entries(prices).map(([metal, spot]) => ({
        spot,
        metal,
        source: 'hourly',
        provider: 'metalpriceapi',
        timestamp: `2026-03-10 ${hour}:00:00`,
      }));
    const server = await serverOn({
      'data/hourly/2026/03/10/13.json': hourly('13', {
        Gold: 2900,
        Silver: 32.1,
        Platinum: 990,
        Palladium: 950,
      }),
      'data/hourly/2026/03/10/14.json': hourly('14', {
        Gold: 2931.4,
        Silver: 32.87,
        Platinum: 981.25,
        Palladium: 955.1,
      }),
    });
    const { text } = await page(server.url);
    // Five days after the last data (NOW is 2026-03-15 20:10).
    expect(text).toMatch(/id="spot-stale">No spot data for 5\.3 d: the newest is from 2026-03-10 14:00 UTC/);
    for (const price of ['$2,931.40', '$32.87', '$981.25', '$955.10']) expect(text).toContain(price);
    expect(text).toContain('last known, stale since');
    expect(text).toContain('Last 24 hours of data, to 2026-03-10 14:00 UTC');
    expect(text).not.toContain('No spot data in this period.');
    expect(text).toMatch(/id="chart-24h" data-points="2"/);
  });

  it('shows the jobs hook failing as a problem', async () => {
    const server = await serverOn(
      {},
      {
        statusJobs: () => {
          throw new Error('scheduler <gone>');
        },
      },
    );
    const { text } = await page(server.url);
    expect(text).toContain('Job status unavailable: scheduler &lt;gone&gt;');
  });

  it('refuses a bad status-endpoints list before listening, naming the input', async () => {
    for (const list of [['ftp://example.org/'], ['https://user:pw@example.org/'], ['http://a/', 'http://a/']])
      await expect(serverOn({}, { statusEndpoints: list })).rejects.toThrow(/input "status-endpoints"/);
  });
});

describe('endpoint checks', () => {
  async function endpoint(handler: (path: string, res: import('node:http').ServerResponse) => void) {
    const paths: string[] = [];
    const server: Server = createHttpServer((req, res) => {
      const path = (req.url ?? '').split('?')[0]!;
      paths.push(path);
      handler(path, res);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    cleanup.push(() => {
      server.closeAllConnections();
      return new Promise((ok) => server.close(ok));
    });
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, paths };
  }

  it('reuses results for a minute, then checks again while the page shows the last ones', async () => {
    const fresh = await endpoint((path, res) => {
      if (path === '/data/api/manifest.json')
        return res.end(JSON.stringify({ generated_at: new Date(NOW.getTime() - 60_000).toISOString() }));
      res.statusCode = 404;
      res.end();
    });
    const clock = fixedClock(NOW);
    const monitor = new EndpointMonitor({
      endpoints: [fresh.url],
      clock,
      spotMaxAgeMinutes: 120,
      retailMaxAgeMinutes: 120,
    });
    const first = await monitor.current();
    expect(first.map((e) => [e.retail.status, e.spot.status])).toEqual([['fresh', 'missing']]);
    const requests = fresh.paths.length;
    expect(await monitor.current()).toBe(first);
    expect(fresh.paths.length).toBe(requests);

    clock.advance(61_000);
    expect(await monitor.current()).toBe(first);
    await vi.waitFor(() => expect(fresh.paths.length).toBeGreaterThan(requests));
    await vi.waitFor(async () => expect(await monitor.current()).not.toBe(first));
  });

  it('gives up on an endpoint that does not answer within the time limit', async () => {
    const hanging = await endpoint(() => {});
    const monitor = new EndpointMonitor({
      endpoints: [hanging.url],
      clock: fixedClock(NOW),
      spotMaxAgeMinutes: 120,
      retailMaxAgeMinutes: 120,
      timeoutMs: 300,
    });
    const [result] = await monitor.current();
    expect(result!.spot).toEqual({ status: 'error', detail: 'no answer within 0.3 s' });
    expect(result!.retail).toEqual({ status: 'error', detail: 'no answer within 0.3 s' });
  });

  it('shows an endpoint with an old manifest as stale, with its age', async () => {
    const old = await endpoint((path, res) => {
      if (path !== '/data/api/manifest.json') return res.writeHead(404).end();
      res.end(JSON.stringify({ generated_at: '2026-03-15T14:10:00Z' }));
    });
    const server = await serverOn({}, { statusEndpoints: [old.url] });
    const { text } = await page(server.url);
    expect(text).toMatch(
      /class="fresh-stale"[^>]*><span class="pill">stale<\/span> <span class="age">6\.0 h old/,
    );
  });
});

describe.skipIf(!hasRealData)('the grid over the real data snapshot', () => {
  it('reads every coin of the manifest with every dealer, in the states the files give', async () => {
    const grid = await readRetailGrid(REAL_DATA);
    expect(grid.problem).toBeUndefined();
    expect(grid.coins).toHaveLength(29);
    expect(grid.coins.filter((c) => c.problem)).toEqual([]);
    expect(grid.dealers).toHaveLength(9);
    const age = grid.coins.find((c) => c.slug === 'age')!;
    expect(age.name).toBe('American Gold Eagle 1 oz');
    expect(age.cells.apmex).toEqual({ state: 'price', price: 5251.29 });
    expect(age.cells.jmbullion).toEqual({ state: 'oos', lastPrice: 5482.09 });
    expect(age.cells.monumentmetals).toEqual({
      state: 'stale',
      price: 5122.09,
      since: '2026-03-15T16:30:02.109Z',
    });
  });
});
