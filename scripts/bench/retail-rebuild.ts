/**
 * What one retail run's apply step costs as the data repository ages (issue 13: a run's cost must not
 * grow with history). For each history length, a repository holds that many days of real load (96 runs ×
 * the catalog's pages a day, views published), then a few more runs each append their observations and
 * rebuild the views as retail-poll does; printed: CPU ms per run (user + system of this process) and
 * the ratio to the shortest history. The full rebuild (every view recomputed from the facts) is timed
 * beside it on the same repository (no cache: every read day's facts parsed, as sync and a first run do).
 *
 * Run: npx tsx scripts/bench/retail-rebuild.ts   (REBUILD_DAYS=1,7,30,30+700 to choose the histories;
 * `30+700`: 30 days of facts and 700 older dates in each history.json)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/data/atomic.js';
import { formatLines } from '../../src/data/json.js';
import { coinViewPath } from '../../src/data/paths.js';
import { appendObservations } from '../../src/data/retail-facts.js';
import { rebuildRetailViews } from '../../src/data/retail-views/rebuild.js';
import { loadCatalog, makeRun, prng, RUNS_PER_DAY, START } from './lib/retail-load.js';

const MEASURED_RUNS = 4;
// `30+700`: 30 days of facts and 700 older dates already in each history.json (two years of history).
const cases = (process.env.REBUILD_DAYS ?? '1,7,30,30+700').split(',').map((c) => c.split('+').map(Number));
const { catalog, base } = await loadCatalog();
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const at = (n: number) => new Date(START + (n + 1) * 15 * 60_000);

const rows: Array<{ days: string; run: number; full: number }> = [];
for (const [history = 1, older = 0] of cases) {
  const root = await mkdtemp(join(tmpdir(), 'retail-rebuild-'));
  // As retail-poll keeps it: in the clone's .git.
  const cacheDir = join(root, '.git', 'staktrakr-retail-days');
  try {
    const rand = prng(42);
    if (older > 0)
      for (const [slug, coin] of Object.entries(catalog.coins)) {
        const vendors = Object.fromEntries(
          coin.providers.map((p) => [p.id, { avg: base[slug]!, inStock: true }]),
        );
        const entries = Array.from({ length: older }, (_, i) => ({
          date: new Date(START - (older - i) * 86_400_000).toISOString().slice(0, 10),
          avg_median: base[slug]!,
          avg_low: base[slug]!,
          sample_count: 96,
          vendors,
        }));
        await writeFileAtomic(join(root, coinViewPath(slug, 'history.json')), formatLines(entries));
      }
    const market = { f: 1 };
    let n = 0;
    for (let d = 0; d < history; d++) {
      const day = Array.from({ length: RUNS_PER_DAY }, () =>
        makeRun(catalog, base, rand, market, n++),
      ).flat();
      await appendObservations(root, day);
      // The views as they stood at the end of each day (histories take in each day once it is over).
      await rebuildRetailViews({ root, catalog, now: at(n - 1), cacheDir });
    }
    let run = 0;
    let full = 0;
    for (let i = 0; i < MEASURED_RUNS; i++, n++) {
      const observations = makeRun(catalog, base, rand, market, n);
      const t = process.cpuUsage();
      await appendObservations(root, observations);
      await rebuildRetailViews({ root, catalog, now: at(n), cacheDir });
      run += cpuMs(t);
      const f = process.cpuUsage();
      await rebuildRetailViews({ root, catalog, now: at(n) });
      full += cpuMs(f);
    }
    rows.push({
      days: older ? `${history}+${older}` : String(history),
      run: run / MEASURED_RUNS,
      full: full / MEASURED_RUNS,
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
const first = rows[0]!;
for (const r of rows)
  console.log(
    `retail apply at ${r.days.padStart(6)} day(s) of history: ${r.run.toFixed(0)} CPU ms per run ` +
      `(${(r.run / first.run).toFixed(2)}× the ${first.days}-day run); full rebuild ${r.full.toFixed(0)} ms ` +
      `(${(r.full / first.full).toFixed(2)}×)`,
  );
