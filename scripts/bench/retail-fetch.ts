/**
 * Retail fetch benchmark on the generated local site, shaped like the real catalog (166 pages over 9
 * dealers, 23 for the busiest), each page answered after a fixed latency, the politeness delay
 * (default 2000-8000 ms) scaled down 10× for every side. Three runs, same browser, same page reader:
 * - ours: `runRetailScrape` as retail-poll runs it (outbound policy and its proxy on, one context per
 *   dealer, dealers in parallel, one page at a time per dealer, `concurrency` pages open at most);
 * - the busiest dealer alone, serially, at the same politeness: the floor a run can approach;
 * - one at a time: the original strategy, a shuffled list read page after page with the delay between
 *   every page and a fresh browser context per page.
 * Prints wall times and ratios, and peak memory (RSS and PSS of the Chromium process tree; RSS
 * counts shared pages once per process, PSS shares them out) of each run.
 * `npx tsx scripts/bench/retail-fetch.ts --concurrency=N --scale=S` overrides the concurrency and the delay's
 * scale-down (÷10 keeps the run short but leaves pages ~0.5 s apart, so the run is bounded by the
 * CPU of ~0.4 s per page on 2 cores rather than by politeness; ÷1 is the real delay).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
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
const concurrency = parseConcurrency(option('concurrency') ?? String(DEFAULT_CONCURRENCY));

interface Proc {
  pid: number;
  ppid: number;
  rss: number;
  comm: string;
}

/** RSS and PSS (MiB) of the Chromium processes descending from this one. */
function browserMemory(): { rss: number; pss: number } {
  const rows: Proc[] = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => {
      const [pid, ppid, rss, ...comm] = l.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), rss: Number(rss), comm: comm.join(' ') };
    });
  const tree = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) {
      if (tree.has(r.ppid) && !tree.has(r.pid)) {
        tree.add(r.pid);
        grew = true;
      }
    }
  }
  let rss = 0;
  let pss = 0;
  for (const r of rows) {
    if (!tree.has(r.pid) || !/chrom/i.test(r.comm)) continue;
    rss += r.rss;
    try {
      pss += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${r.pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // The process ended between ps and the read.
    }
  }
  return { rss: rss / 1024, pss: pss / 1024 };
}

async function measure(name: string, work: () => Promise<number>) {
  const peak = { rss: 0, pss: 0 };
  const sample = () => {
    const m = browserMemory();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.pss = Math.max(peak.pss, m.pss);
  };
  const sampler = setInterval(sample, 250);
  const load = loadavg()[0]!;
  const start = performance.now();
  const priced = await work();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  console.log(
    `  ${name}: ${seconds.toFixed(1)} s, ${priced} priced, peak Chromium RSS ${peak.rss.toFixed(0)} MiB / PSS ${peak.pss.toFixed(0)} MiB (load average at start ${load.toFixed(1)})`,
  );
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
  const ours = await measure('ours', () => scrape(list, concurrency));
  const serial = await measure(`busiest dealer alone (${busiest})`, () =>
    scrape(
      list.filter((t) => t.vendor === busiest),
      1,
    ),
  );
  const baseline = await measure('one at a time', async () => {
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
  });

  console.log(
    `run time: ${ours.seconds.toFixed(1)} s = ${(ours.seconds / serial.seconds).toFixed(2)}× the busiest dealer's serial time (${serial.seconds.toFixed(1)} s; goal ≤ 1.3×)`,
  );
  console.log(
    `speed-up: ${(baseline.seconds / ours.seconds).toFixed(2)}× faster than one at a time (${baseline.seconds.toFixed(1)} s; goal ≥ 5×)`,
  );
  console.log(
    `peak memory: Chromium tree RSS ${ours.peak.rss.toFixed(0)} MiB, PSS ${ours.peak.pss.toFixed(0)} MiB (one at a time: RSS ${baseline.peak.rss.toFixed(0)} MiB; goal ≤ 1536 MiB)`,
  );
  console.log(
    `pages priced: ${ours.priced}/${list.length} (one at a time ${baseline.priced}/${list.length})`,
  );
  console.log(
    `load average now: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );
} finally {
  await site.close();
}
