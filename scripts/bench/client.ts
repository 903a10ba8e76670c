/**
 * npm run bench -- client: in Chromium, against two local endpoints answering after a simulated
 * network round trip (BENCH_LATENCY_MS, default 40), the time until a complete 24 h spot series of
 * the four metals is in hand:
 *   enhanced    the client with the query API (one /api/prices?metal=all request)
 *   floor       that request raced bare with fetch (no client), what enhanced cannot beat
 *   static      the client on static files only (the hourly files raced across both endpoints)
 *   per-hour    the original app's strategy, as the baseline: 24 hourly files, each raced
 *   hung        enhanced with one endpoint hung, against enhanced with only the live endpoint
 * First load: each run in a fresh browser context (cold cache, new connections, no kept verdict).
 * Warm: the same page opened again in that context (connections and the client's kept verdict
 * still there), for enhanced and per-hour alike. Each endpoint runs in its own process, as
 * deployed (scripts/bench/client-peer/endpoint.ts); rounds alternate; medians.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../test/helpers/chromium.js';
import type { Mode } from '../../test/peers/data-endpoints.js';
import { removeDir, tempDir } from '../../test/serve/fixture.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const loadAtStart = loadavg();
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 40);

const out = await tempDir('bench-client-');
execFileSync(process.execPath, ['scripts/build-client.mjs', out], { stdio: 'pipe' });
const now = new Date();

interface Peer {
  url: string;
  child: ChildProcess;
  setMode(mode: Mode): Promise<void>;
}

async function startPeer(): Promise<Peer> {
  const child = fork(join(import.meta.dirname, 'client-peer/endpoint.ts'), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_NOW: String(now.getTime()), BENCH_LATENCY_MS: String(LATENCY) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((ok, fail) => {
    child.once('message', (m: { url?: string }) => (m.url ? ok(m.url) : fail(new Error('no url'))));
    child.once('exit', (code) => fail(new Error(`endpoint exited with ${code}`)));
  });
  return {
    url,
    child,
    setMode: (mode) =>
      new Promise((ok) => {
        child.once('message', () => ok());
        child.send({ mode });
      }),
  };
}

const [a, b] = await Promise.all([startPeer(), startPeer()]);

const page = `<!doctype html><meta charset="utf-8"><script type="module">
import { createClient } from './client.js';
const HOUR = 3600000;
const path = (t) => { const d = new Date(t); const p = (n) => String(n).padStart(2, '0');
  return '/data/hourly/' + d.getUTCFullYear() + '/' + p(d.getUTCMonth() + 1) + '/' + p(d.getUTCDate()) + '/' + p(d.getUTCHours()) + '.json'; };
// The original app: each of the last 24 hourly files raced across the endpoints, first valid wins.
async function perHour(endpoints) {
  const start = Math.floor(Date.now() / HOUR) * HOUR;
  const hours = Array.from({ length: 24 }, (_, i) => start - i * HOUR);
  return Promise.all(hours.map((h) => Promise.any(endpoints.map(async (e) => {
    const r = await fetch(e + path(h)); if (!r.ok) throw new Error(r.status); const j = await r.json();
    if (!Array.isArray(j) || j.length === 0) throw new Error('empty'); return j; }))));
}
// The floor: the one /api/prices request raced bare (no client: no verdict, checks or series).
const bare = (endpoints) => Promise.any(endpoints.map(async (e) => {
  const r = await fetch(e + '/api/prices?metal=all&window=24h'); if (!r.ok) throw new Error(r.status); return r.json(); }));
window.measure = async (kind, endpoints) => {
  const t = performance.now();
  if (kind === 'per-hour') { await perHour(endpoints); return { ms: performance.now() - t, source: 'per-hour' }; }
  if (kind === 'floor') { await bare(endpoints); return { ms: performance.now() - t, source: 'floor' }; }
  const s = await createClient({ endpoints }).spotSeries('24h');
  if (s.series.Gold.length < 20) throw new Error('incomplete series');
  return { ms: performance.now() - t, source: s.source };
};
window.ready = true;
</script>`;
const client = readFileSync(join(out, 'index.js'));
const site = createServer((req, res) => {
  if (req.url === '/client.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(client);
  res.writeHead(200, { 'content-type': 'text/html' }).end(page);
});
await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
const browser = await launchChromium();

const modes = (m: Mode, n: Mode = m) => Promise.all([a.setMode(m), b.setMode(n)]);

/** One measurement on a first load, or (`warm`) on the page opened again in the same context. */
async function once(kind: string, endpoints: string[], expect: string, warm = false): Promise<number> {
  const context = await browser.newContext();
  try {
    const p = await context.newPage();
    const measure = async () => {
      await p.goto(siteUrl);
      await p.waitForFunction(() => (window as unknown as { ready?: boolean }).ready);
      const r = await p.evaluate(
        ([k, e]) =>
          (
            window as unknown as {
              measure: (k: string, e: string[]) => Promise<{ ms: number; source: string }>;
            }
          ).measure(k, e),
        [kind, endpoints] as const,
      );
      if (r.source !== expect) throw new Error(`${kind}: expected ${expect}, got ${r.source}`);
      return r.ms;
    };
    const first = await measure();
    return warm ? await measure() : first;
  } finally {
    await context.close();
  }
}

const runs: Record<string, number[]> = {
  enhanced: [],
  floor: [],
  static: [],
  'per-hour': [],
  hung: [],
  'live only': [],
  'enhanced warm': [],
  'per-hour warm': [],
};
for (let i = 0; i < ROUNDS; i++) {
  await modes('ok');
  runs.enhanced!.push(await once('enhanced', [a.url, b.url], 'enhanced'));
  runs.floor!.push(await once('floor', [a.url, b.url], 'floor'));
  runs['per-hour']!.push(await once('per-hour', [a.url, b.url], 'per-hour'));
  runs['enhanced warm']!.push(await once('enhanced', [a.url, b.url], 'enhanced', true));
  runs['per-hour warm']!.push(await once('per-hour', [a.url, b.url], 'per-hour', true));
  await modes('static-only');
  runs.static!.push(await once('static', [a.url, b.url], 'static'));
  await modes('hang', 'ok');
  runs.hung!.push(await once('enhanced', [a.url, b.url], 'enhanced'));
  runs['live only']!.push(await once('enhanced', [b.url], 'enhanced'));
}
await modes('ok');

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
const f = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;
const spread = (k: string) => `${Math.min(...runs[k]!).toFixed(0)}–${Math.max(...runs[k]!).toFixed(0)}`;
const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
console.log(
  `24 h spot series in Chromium, ${LATENCY} ms per answer, endpoints in their own processes, ${ROUNDS} rounds (medians; first load unless warm); load average ${load(loadAtStart)} at the start, ${load(loadavg())} at the end:`,
);
console.log(`  per-hour racing (baseline) ${f(m['per-hour']!)}`);
console.log(
  `  static files               ${f(m.static!)}   ratio vs baseline ${(m['per-hour']! / m.static!).toFixed(2)}x faster`,
);
console.log(
  `  enhanced (/api/prices)     ${f(m.enhanced!)}   ratio vs baseline ${(m['per-hour']! / m.enhanced!).toFixed(2)}x faster (goal ≥ 5x); best rounds ${(Math.min(...runs['per-hour']!) / Math.min(...runs.enhanced!)).toFixed(2)}x`,
);
console.log(`  floor: that request raced bare ${f(m.floor!)}   (the client's own cost is the difference)`);
console.log(
  `  enhanced, one endpoint hung ${f(m.hung!)}  vs live endpoint alone ${f(m['live only']!)}: +${(m.hung! - m['live only']!).toFixed(0)} ms (goal ≤ +50 ms)`,
);
console.log(
  `  warm: enhanced ${f(m['enhanced warm']!)} (kept verdict, no probe) vs per-hour ${f(m['per-hour warm']!)}: ${(m['per-hour warm']! / m['enhanced warm']!).toFixed(2)}x faster`,
);
console.log(
  `  spread (min–max ms): ${Object.keys(runs)
    .map((k) => `${k} ${spread(k)}`)
    .join(', ')}`,
);

await browser.close();
site.closeAllConnections();
site.close();
for (const peer of [a, b]) peer.child.disconnect();
await Promise.all([a, b].map((peer) => new Promise((ok) => peer.child.once('exit', ok))));
await removeDir(out);
