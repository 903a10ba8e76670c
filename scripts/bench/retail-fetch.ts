/**
 * Retail fetch benchmark on the generated local site, shaped like the real catalog (166 pages over 9
 * dealers, 23 for the busiest), each page answered after a fixed latency, the politeness delay
 * (default 2000-8000 ms) scaled down 10× for every side. Three runs, same browser, same page reader:
 * - ours: `runRetailScrape` as retail-poll runs it (outbound policy and its proxy on, one context per
 *   dealer, dealers in parallel, one page at a time per dealer, `concurrency` pages open at most);
 * - the busiest dealer alone, serially, at the same politeness: the floor a run can approach;
 * - one at a time: the original strategy, a shuffled list read page after page with the delay between
 *   every page and a fresh browser context per page.
 * Prints wall times and ratios, peak memory (RSS and PSS of the Chromium process tree; RSS counts
 * shared pages once per process, PSS shares them out) and CPU seconds per page of Chromium (by process
 * kind) and of this process, for each run. Memory and CPU are sampled from a separate process: reading
 * `smaps_rollup` of large renderers in this one blocked its event loop for a third of the run.
 * `npx tsx scripts/bench/retail-fetch.ts --concurrency=N --scale=S --skip=serial,baseline` overrides
 * the concurrency and the delay's scale-down (÷10 keeps the run short but leaves pages ~0.5 s apart,
 * so the run is bounded by the CPU of ~0.3 s per page on 2 cores rather than by politeness; ÷1 is the
 * real delay), and leaves out either reference run.
 */
import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/data/time.js';
import { serveSite } from '../../src/demo/dealer-site/server.js';
import { bulkPages, catalogFor, REFS } from '../../src/demo/dealer-site/site.js';
import { OutboundPolicy, parseAllowHosts } from '../../src/http/outbound.js';
import { openBrowser } from '../../src/retail/browser.js';
import { type Target, targets } from '../../src/retail/catalog.js';
import { extract } from '../../src/retail/extract.js';
import { PlaywrightFetcher } from '../../src/retail/fetch-playwright.js';
import { priceBand } from '../../src/retail/plausibility.js';
import { DEFAULT_CONCURRENCY, parseConcurrency, parseDelay } from '../../src/retail/schedule.js';
import { runRetailScrape } from '../../src/retail/scrape.js';
import { CHROMIUM } from '../../test/helpers/chromium.js';
import type { Sample } from './lib/chromium-sampler.js';

/** Enabled pages per dealer in the real providers.json (166 in all). */
const REAL_SHAPE: Record<string, number> = {
  apmex: 23,
  jmbullion: 23,
  bullionexchanges: 22,
  herobullion: 22,
  sdbullion: 22,
  monumentmetals: 17,
  summitmetals: 16,
  providentmetals: 13,
  gainesvillecoins: 8,
};
const LATENCY_MS = 250;
const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SCALE = Number(option('scale') ?? 10);
if (!(SCALE >= 1)) throw new Error('--scale must be a number ≥ 1');
const delay = parseDelay(`${2000 / SCALE}-${8000 / SCALE}`);
/** `--skip=serial,baseline`: leave out the busiest dealer's serial run and/or the one-at-a-time run. */
const SKIP = new Set(option('skip')?.split(',') ?? []);
const concurrency = parseConcurrency(option('concurrency') ?? String(DEFAULT_CONCURRENCY));

async function measure(name: string, pageCount: number, work: () => Promise<number>) {
  const sampler = fork(fileURLToPath(new URL('lib/chromium-sampler.ts', import.meta.url)), [
    String(process.pid),
    '500',
  ]);
  const load = loadavg()[0]!;
  const start = performance.now();
  const nodeStart = process.cpuUsage();
  const priced = await work();
  const seconds = (performance.now() - start) / 1000;
  const node = process.cpuUsage(nodeStart);
  const sample = await new Promise<Sample>((resolve, reject) => {
    sampler.once('message', (m) => resolve(m as Sample));
    sampler.once('exit', (code) => reject(new Error(`the Chromium sampler exited (${code})`)));
    sampler.send('stop');
  });
  const peak = { rss: sample.rss, pss: sample.pss };
  const byKind = new Map(Object.entries(sample.cpu));
  const chromiumCpu = [...byKind.values()].reduce((a, b) => a + b, 0);
  const kinds = [...byKind]
    .sort((a, b) => b[1] - a[1])
    .map(([k, s]) => `${k} ${((s * 1000) / pageCount).toFixed(0)}`)
    .join(', ');
  const nodeCpu = (node.user + node.system) / 1e6;
  console.log(
    `  ${name}: ${seconds.toFixed(1)} s, ${priced} priced, peak Chromium RSS ${peak.rss.toFixed(0)} MiB / PSS ${peak.pss.toFixed(0)} MiB (load average at start ${load.toFixed(1)})`,
  );
  console.log(
    `    CPU per page: Chromium ${((chromiumCpu * 1000) / pageCount).toFixed(0)} ms, node ${((nodeCpu * 1000) / pageCount).toFixed(0)} ms (the site and the policy proxy included; ${chromiumCpu.toFixed(1)} + ${nodeCpu.toFixed(1)} CPU-s in all)`,
  );
  console.log(`    Chromium CPU per page by process (ms): ${kinds}`);
  return { seconds, priced, peak };
}

if (!CHROMIUM) {
  console.log('retail-fetch: skipped, no Chromium (set CHROME_PATH)');
  process.exit(0);
}

const pages = bulkPages(166);
let next = 0;
for (const [vendor, count] of Object.entries(REAL_SHAPE)) {
  for (let i = 0; i < count; i++, next++) {
    const p = pages[next]!;
    Object.assign(p, { vendor, path: `/${vendor}/${p.coin}/${p.scenario}` });
  }
}
const site = await serveSite(pages, { latencyMs: LATENCY_MS });
const allowHosts = parseAllowHosts(new URL(site.url).host);
const catalog = catalogFor(pages, site.url);
const list = targets(catalog);
const perDealer = Object.entries(REAL_SHAPE).sort((a, b) => b[1] - a[1]);
const [busiest, busiestPages] = perDealer[0]!;

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const scrape = async (subset: Target[], pagesOpen: number) => {
  const observations = await runRetailScrape({
    catalog,
    targets: subset,
    refs: REFS,
    fetcher: 'playwright',
    browser: { browserPath: CHROMIUM },
    outbound: { allowHosts },
    delay,
    concurrency: pagesOpen,
    clock: systemClock,
    random,
  });
  return observations.filter((o) => o.price !== null).length;
};

console.log(
  `setup: ${list.length} pages, ${perDealer.length} dealers (busiest ${busiest}: ${busiestPages} pages), latency ${LATENCY_MS} ms, delay ${delay.minMs}-${delay.maxMs} ms (default ÷${SCALE}), concurrency ${concurrency}`,
);
try {
  const ours = await measure('ours', list.length, () => scrape(list, concurrency));
  const serial =
    SKIP.has('serial') ||
    (await measure(`busiest dealer alone (${busiest})`, busiestPages, () =>
      scrape(
        list.filter((t) => t.vendor === busiest),
        1,
      ),
    ));
  const baseline =
    SKIP.has('baseline') ||
    (await measure('one at a time', list.length, async () => {
      const browser = await openBrowser({ browserPath: CHROMIUM });
      try {
        const fetcher = new PlaywrightFetcher(browser, {
          clock: systemClock,
          policy: new OutboundPolicy({ allowHosts }),
        });
        const shuffled = [...list];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        let priced = 0;
        for (const [i, t] of shuffled.entries()) {
          if (i > 0)
            await systemClock.sleep(delay.minMs + Math.floor(random() * (delay.maxMs - delay.minMs + 1)));
          // A context of its own per page, as the original did.
          const result = await fetcher.read(t.urls[0]!, `page-${i}`);
          await fetcher.release(`page-${i}`);
          const coin = catalog.coins[t.coin]!;
          if (
            result.reading &&
            extract(result.reading, { coin, band: priceBand(coin, REFS), via: 'browser' }).price !== null
          ) {
            priced++;
          }
        }
        return priced;
      } finally {
        await browser.close();
      }
    }));

  if (serial !== true)
    console.log(
      `run time: ${ours.seconds.toFixed(1)} s = ${(ours.seconds / serial.seconds).toFixed(2)}× the busiest dealer's serial time (${serial.seconds.toFixed(1)} s; goal ≤ 1.3×)`,
    );
  if (baseline !== true)
    console.log(
      `speed-up: ${(baseline.seconds / ours.seconds).toFixed(2)}× faster than one at a time (${baseline.seconds.toFixed(1)} s; goal ≥ 5×); one at a time: peak RSS ${baseline.peak.rss.toFixed(0)} MiB, ${baseline.priced}/${list.length} priced`,
    );
  console.log(
    `peak memory: Chromium tree RSS ${ours.peak.rss.toFixed(0)} MiB, PSS ${ours.peak.pss.toFixed(0)} MiB (goal ≤ 1536 MiB); pages priced ${ours.priced}/${list.length}`,
  );
  console.log(
    `load average now: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );
} finally {
  await site.close();
}
