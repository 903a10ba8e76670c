/**
 * Retail fetch benchmark: 162 pages over 9 dealers on the generated local site, each page answered
 * after a fixed latency, the politeness delay (default 2000-8000 ms) scaled down 10× for both sides.
 * Ours: the scheduler (one page at a time per dealer, dealers in parallel under the cap).
 * Baseline: the original strategy — one page at a time over a shuffled list, the same delay between
 * every page — with the same browser and the same page reader.
 * Prints wall time, pages per minute and peak memory (this process plus its Chromium) per side, and the ratio.
 */
import { execFileSync } from 'node:child_process';
import { systemClock } from '../../src/data/time.js';
import { serveSite } from '../../src/demo/dealer-site/server.js';
import { bulkPages, catalogFor, REFS } from '../../src/demo/dealer-site/site.js';
import { openBrowser } from '../../src/retail/browser.js';
import { targets } from '../../src/retail/catalog.js';
import { extract } from '../../src/retail/extract.js';
import { PlaywrightFetcher } from '../../src/retail/fetch-playwright.js';
import { priceBand } from '../../src/retail/plausibility.js';
import { DEFAULT_CONCURRENCY, parseDelay } from '../../src/retail/schedule.js';
import { runRetailScrape } from '../../src/retail/scrape.js';
import { CHROMIUM } from '../../test/helpers/chromium.js';

const PAGES = 162;
const LATENCY_MS = 250;
const SCALE = 10;
const delay = parseDelay(`${2000 / SCALE}-${8000 / SCALE}`);

/** Resident memory of this process and all its descendants (Chromium), in MiB. */
function treeRssMiB(): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
  const tree = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return rows.filter(([pid]) => tree.has(pid)).reduce((sum, [, , rss]) => sum + rss, 0) / 1024;
}

async function measure(name: string, work: () => Promise<number>) {
  let peak = treeRssMiB();
  const sampler = setInterval(() => {
    peak = Math.max(peak, treeRssMiB());
  }, 250);
  const start = performance.now();
  const priced = await work();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  return { name, seconds, priced, perMinute: (PAGES / seconds) * 60, peak };
}

if (!CHROMIUM) {
  console.log('retail-fetch: skipped, no Chromium (set CHROME_PATH)');
  process.exit(0);
}

const pages = bulkPages(PAGES);
const site = await serveSite(pages, { latencyMs: LATENCY_MS });
const catalog = catalogFor(pages, site.url);
const list = targets(catalog);
const dealers = new Set(list.map((t) => t.vendor)).size;
const busiest = Math.max(
  ...[...new Set(list.map((t) => t.vendor))].map((v) => list.filter((t) => t.vendor === v).length),
);

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

try {
  const ours = await measure('scheduler', async () => {
    const observations = await runRetailScrape({
      catalog,
      targets: list,
      refs: REFS,
      fetcher: 'playwright',
      browser: { browserPath: CHROMIUM },
      delay,
      concurrency: DEFAULT_CONCURRENCY,
      clock: systemClock,
      random,
    });
    return observations.filter((o) => o.price !== null).length;
  });

  const baseline = await measure('original', async () => {
    const browser = await openBrowser({ browserPath: CHROMIUM });
    try {
      const fetcher = new PlaywrightFetcher(browser, { clock: systemClock });
      const shuffled = [...list];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      let priced = 0;
      for (const [i, t] of shuffled.entries()) {
        if (i > 0)
          await systemClock.sleep(delay.minMs + Math.floor(random() * (delay.maxMs - delay.minMs + 1)));
        const result = await fetcher.read(t.urls[0]!);
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
  });

  console.log(
    `setup: ${PAGES} pages, ${dealers} dealers (busiest ${busiest} pages), latency ${LATENCY_MS} ms, delay ${delay.minMs}-${delay.maxMs} ms (default ÷${SCALE}), concurrency ${DEFAULT_CONCURRENCY}`,
  );
  const line = (figure: string, a: number, b: number, unit: string, better: 'lower' | 'higher') =>
    console.log(
      `${figure}: ${a.toFixed(1)} ${unit} (baseline ${b.toFixed(1)} ${unit}) ratio ${(better === 'lower' ? b / a : a / b).toFixed(2)}× ${better === 'lower' ? 'faster' : 'better'}`,
    );
  line('wall time', ours.seconds, baseline.seconds, 's', 'lower');
  line('pages per minute', ours.perMinute, baseline.perMinute, 'pages/min', 'higher');
  console.log(
    `peak memory: ${ours.peak.toFixed(0)} MiB (baseline ${baseline.peak.toFixed(0)} MiB) ratio ${(ours.peak / baseline.peak).toFixed(2)}× of baseline`,
  );
  console.log(`pages priced: ${ours.priced}/${PAGES} (baseline ${baseline.priced}/${PAGES})`);
} finally {
  await site.close();
}
