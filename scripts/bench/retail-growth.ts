/**
 * Repository growth of one simulated day of real retail load (DESIGN §5): 96 runs × the catalog's pages
 * (166 with the real providers.json) with drifting prices, a few failed pages and out-of-stock dealers,
 * one commit per run, then `git gc`. A first day warms the repository up (so windows and histories are
 * full); the second day is measured as packed-size growth, which includes the histories taking in day 1
 * at the first run of day 2. Printed beside the original's 4.8 MiB/day.
 *
 * Three repositories receive the same runs:
 * - ours: facts under data/retail/facts + every view rebuilt (what retail-poll publishes);
 * - ours, facts only: to show what the views cost;
 * - ours without the 24-hour chart: the same facts and views, `windows_24h` left empty in every coin's
 *   latest.json — the difference to `ours` is what the contract's chart costs (not a publishable form);
 * - original-style views: our views re-written the way the original poller wrote them (pretty-printed,
 *   millisecond timestamps, windows_24h never trimmed), no facts — a cheap reconstruction, not the real
 *   poller, so the 4.8 MiB/day measured on the live repository stays the headline baseline.
 *
 * After the totals, the growth of `ours` is broken down by kind of object (commits, trees by folder,
 * blobs by file family, the pack index), from `git verify-pack -v` and the paths of
 * `git rev-list --objects`: what each file family and each tree level costs per day.
 *
 * Run: npx tsx scripts/bench/retail-growth.ts   (one to a few minutes on two cores)
 * GROWTH_KEEP=1 keeps the three repositories for inspection.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RETAIL_FACTS_DIR } from '../../src/data/paths.js';
import { appendObservations } from '../../src/data/retail-facts.js';
import type { Observation } from '../../src/data/retail-observation.js';
import { formatNested } from '../../src/data/retail-views/format.js';
import { rebuildRetailViews } from '../../src/data/retail-views/rebuild.js';
import type { CoinLatest } from '../../src/data/retail-views/schemas.js';
import { git } from '../../src/git/exec.js';
import { loadCatalog, makeRun, prng, RUNS_PER_DAY, START } from './lib/retail-load.js';

const ORIGINAL_MIB_PER_DAY = 4.8;

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
};

async function newRepo(base: string, name: string) {
  const dir = join(base, name);
  await mkdir(dir, { recursive: true });
  await git(['init', '-q', '-b', 'main'], { cwd: dir });
  // No automatic background gc: the measurement runs `git gc` itself, in the foreground.
  await git(['config', 'gc.auto', '0'], { cwd: dir });
  return dir;
}

async function commit(dir: string, message: string) {
  await git(['add', '-A', '.'], { cwd: dir });
  await git(['commit', '-q', '--allow-empty', '-m', message], { cwd: dir, env: GIT_ENV });
}

/** What a packed object is, by its path: slugs, days and coins folded so that each kind is one line. */
function kindOf(type: string, path: string | undefined): string {
  if (type === 'commit' || type === 'tag') return type;
  if (path === undefined) return `${type} (no path)`;
  const folded = path
    .replace(/^data\/retail\/facts\/\d{4}(\/\d{2}(\/\d{2}(\/[^/]+)?)?)?/, (_, m, d, c) =>
      c
        ? 'data/retail/facts/Y/M/D/{coin}.json'
        : d
          ? 'data/retail/facts/Y/M/D'
          : m
            ? 'data/retail/facts/Y/M'
            : 'data/retail/facts/Y',
    )
    .replace(/^data\/api\/[^/]+\/(?=.)/, 'data/api/{slug}/')
    .replace(/^data\/api\/(?!manifest\.json|latest\.json|providers\.json)[^/]+$/, 'data/api/{slug}');
  return `${type} ${folded || '(root)'}`;
}

/** Packed bytes by kind of object (after `git gc`: one pack), plus the pack index (`size-pack` counts it). */
async function packBreakdown(dir: string): Promise<Map<string, { bytes: number; objects: number }>> {
  const paths = new Map<string, string>();
  const { stdout: listed } = await git(['rev-list', '--objects', '--all'], { cwd: dir });
  for (const line of listed.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) paths.set(line.slice(0, space), line.slice(space + 1));
    else if (line) paths.set(line, '');
  }
  const out = new Map<string, { bytes: number; objects: number }>();
  const add = (kind: string, bytes: number) => {
    const k = out.get(kind) ?? { bytes: 0, objects: 0 };
    k.bytes += bytes;
    k.objects++;
    out.set(kind, k);
  };
  const packDir = join(dir, '.git/objects/pack');
  for (const name of (await readdir(packDir)).filter((n) => n.endsWith('.idx'))) {
    const idx = join(packDir, name);
    const { stdout } = await git(['verify-pack', '-v', idx], { cwd: dir });
    for (const line of stdout.split('\n')) {
      const m = /^([0-9a-f]{40}) (\w+) +\d+ (\d+) \d+/.exec(line);
      if (!m) continue;
      add(kindOf(m[2]!, paths.get(m[1]!)), Number(m[3]));
      add('pack index', 0);
    }
    const index = out.get('pack index')!;
    index.bytes += (await stat(idx)).size + 32; // + the pack's header and trailer
  }
  return out;
}

function printBreakdown(before: Map<string, { bytes: number; objects: number }>, after: typeof before) {
  const kinds = [...new Set([...before.keys(), ...after.keys()])];
  const rows = kinds
    .map((kind) => {
      const a = after.get(kind) ?? { bytes: 0, objects: 0 };
      const b = before.get(kind) ?? { bytes: 0, objects: 0 };
      return { kind, bytes: a.bytes - b.bytes, objects: a.objects - b.objects };
    })
    .filter((r) => r.bytes !== 0 || r.objects !== 0)
    .sort((x, y) => y.bytes - x.bytes);
  const total = rows.reduce((s, r) => s + r.bytes, 0);
  console.log('  growth of the measured day by kind (packed KiB, new objects, bytes per new object):');
  for (const r of rows)
    console.log(
      `  ${(r.bytes / 1024).toFixed(1).padStart(8)} KiB ${String(r.objects).padStart(6)} obj ${r.objects > 0 ? String(Math.round(r.bytes / r.objects)).padStart(6) : '     -'} B  ${r.kind}`,
    );
  console.log(`  ${(total / 1024).toFixed(1).padStart(8)} KiB total`);
}

async function packedKiB(dir: string): Promise<number> {
  // GROWTH_PACK_WINDOW=250 shows how much of the growth is git's default delta window (10) pairing a
  // coin's latest.json with other coins' files of the same name rather than with its own last version.
  const window = process.env.GROWTH_PACK_WINDOW;
  await git([...(window ? ['-c', `pack.window=${Number(window)}`] : []), 'gc', '-q'], { cwd: dir });
  const { stdout } = await git(['count-objects', '-v'], { cwd: dir });
  const field = (k: string) => Number(new RegExp(`^${k}: (\\d+)$`, 'm').exec(stdout)?.[1] ?? 0);
  return field('size-pack') + field('size');
}

/** Our views copied with every coin's `windows_24h` emptied (same layout): what the chart costs. */
async function copyWithoutChart(ours: string, dir: string, written: readonly string[]) {
  for (const path of written) {
    let text = await readFile(join(ours, path), 'utf8');
    if (/^data\/api\/[^/]+\/latest\.json$/.test(path))
      text = formatNested({ ...(JSON.parse(text) as CoinLatest), windows_24h: [] }, 2);
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

/** Our views re-written in the original's style: pretty, ms timestamps, windows never trimmed. */
class OriginalStyle {
  private readonly windows = new Map<string, unknown[]>();
  constructor(
    private readonly ours: string,
    private readonly dir: string,
  ) {}
  async write(written: readonly string[]) {
    for (const path of written) {
      const value = JSON.parse(await readFile(join(this.ours, path), 'utf8'));
      const out = join(this.dir, path);
      await mkdir(dirname(out), { recursive: true });
      if (/\/latest\.json$/.test(path) && (value as CoinLatest).windows_24h) {
        // The first write takes all of the day's windows; later ones append the newest (never trimmed).
        const seen = this.windows.get(path);
        const windows = (value as CoinLatest).windows_24h.map((w) => ({
          ...w,
          window: w.window.replace('Z', '.000Z'),
        }));
        const all = seen ?? windows;
        const last = windows.at(-1);
        if (seen && last && JSON.stringify(seen.at(-1)) !== JSON.stringify(last)) seen.push(last);
        this.windows.set(path, all);
        value.windows_24h = all;
      }
      if (value.generated_at) value.generated_at = value.generated_at.replace('.000Z', '.123Z');
      await writeFile(out, JSON.stringify(value, null, 2));
    }
  }
}

const { catalog, base } = await loadCatalog();
const pages = Object.values(catalog.coins).flatMap((c) => c.providers.filter((p) => p.enabled)).length;
const work = await mkdtemp(join(tmpdir(), 'retail-growth-'));
try {
  const ours = await newRepo(work, 'ours');
  const factsOnly = await newRepo(work, 'facts-only');
  const noChart = await newRepo(work, 'no-chart');
  const original = await newRepo(work, 'original-style');
  const style = new OriginalStyle(ours, original);
  const rand = prng(42);
  const market = { f: 1 };
  const sizes: Record<string, number[]> = { ours: [], factsOnly: [], noChart: [], original: [] };
  const t0 = performance.now();
  const publish = async (n: number, observations: Observation[]) => {
    await appendObservations(ours, observations);
    const now = new Date(START + (n + 1) * 15 * 60_000);
    const { written } = await rebuildRetailViews({ root: ours, catalog, now });
    await appendObservations(factsOnly, observations);
    await appendObservations(noChart, observations);
    await copyWithoutChart(ours, noChart, written);
    await style.write(written);
    await Promise.all([
      commit(ours, `run ${n}`),
      commit(factsOnly, `run ${n}`),
      commit(noChart, `run ${n}`),
      commit(original, `run ${n}`),
    ]);
  };
  const breakdowns: Map<string, { bytes: number; objects: number }>[] = [];
  const measure = async () => {
    sizes.ours!.push(await packedKiB(ours));
    breakdowns.push(await packBreakdown(ours));
    sizes.factsOnly!.push(await packedKiB(factsOnly));
    sizes.noChart!.push(await packedKiB(noChart));
    sizes.original!.push(await packedKiB(original));
  };
  // Day 1 warms the repositories up in one commit (views are a function of the facts, so one rebuild
  // gives the same files as 96); day 2 is published run by run and measured.
  const day1 = Array.from({ length: RUNS_PER_DAY }, (_, n) => makeRun(catalog, base, rand, market, n)).flat();
  await publish(RUNS_PER_DAY - 1, day1);
  await measure();
  for (let n = RUNS_PER_DAY; n < 2 * RUNS_PER_DAY; n++) {
    await publish(n, makeRun(catalog, base, rand, market, n));
    if (n % 24 === 23) console.log(`  … ${n - RUNS_PER_DAY + 1}/${RUNS_PER_DAY} runs of the measured day`);
  }
  await measure();
  const seconds = (performance.now() - t0) / 1000;
  const baseline = ORIGINAL_MIB_PER_DAY * 1024;
  const line = (label: string, key: string) => {
    const growth = sizes[key]![1]! - sizes[key]![0]!;
    console.log(
      `${label}: ${(growth / 1024).toFixed(2)} MiB/day packed (${growth} KiB) · original ${ORIGINAL_MIB_PER_DAY} MiB/day · ratio ${(growth / baseline).toFixed(3)}`,
    );
  };
  console.log(
    `retail-growth: ${RUNS_PER_DAY} runs/day × ${pages} pages, day 2 measured after git gc (${seconds.toFixed(0)} s)`,
  );
  line('ours (facts + all views)', 'ours');
  printBreakdown(breakdowns[0]!, breakdowns[1]!);
  line('ours, facts only', 'factsOnly');
  line('ours without windows_24h (not publishable: the chart is in the contract)', 'noChart');
  line('original-style views (reconstructed)', 'original');
  const factsDay = await readFile(
    join(ours, RETAIL_FACTS_DIR, '2026/03/16', `${Object.keys(catalog.coins)[0]}.json`),
  );
  console.log(`one coin's fact file for a full day: ${(factsDay.length / 1024).toFixed(1)} KiB unpacked`);
} finally {
  if (process.env.GROWTH_KEEP) console.log(`repositories kept in ${work}`);
  else await rm(work, { recursive: true, force: true, maxRetries: 5 });
}
