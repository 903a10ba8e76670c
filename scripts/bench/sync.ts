/**
 * Sync benchmark (DESIGN §5: sync cost grows with the number of differing files, not the repository size).
 *
 * Repository pairs holding 30, 180 and 730 days of spot files (96 slot facts + 24 hourly views a day)
 * and a few retail files share a history, then diverge by the same small amount: A polled two hours
 * B missed, B has a newer retail run and its own manifest. Each pair is built once and copied, so every
 * contender gets identical bare repositories.
 * - ours, end to end: the action bundle `dist/sync-repos/index.js` run as the runner runs it (INPUT_*
 *   environment, GITHUB_OUTPUT), from process start to exit: bundle load, both fetches into one
 *   blob-less scratch repository, diff-tree, the differing blobs, merged trees, both pushes;
 * - ours, profiled: `syncRepos` in process, with the time of each stage;
 * - baseline: the original nightly job end to end — clone both (with their checkouts), for each file on
 *   one side copy it if it is missing on the other, commit, push.
 * Prints one line per size with the times and the ratio, then how each grows from 30 to 730 days.
 *
 * Run: npm run build (or at least the sync-repos bundle), then npx tsx scripts/bench/sync.ts
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { formatLines, formatPretty } from '../../src/data/json.js';
import { silentLogger } from '../../src/data/logger.js';
import { hourlyPath, slotPath } from '../../src/data/paths.js';
import { compareEntries } from '../../src/data/spot.js';
import { DAY, HOUR, systemClock } from '../../src/data/time.js';
import { syncRepos } from '../../src/sync/sync.js';
import type { Files } from '../../test/helpers/git.js';
import { bare, git, importCommit, spotEntries } from '../../test/sync/repos.js';

const SIZES = [30, 180, 730];
const END = Date.parse('2026-03-10T00:00:00Z');
const COINS = ['age', 'ase', 'maple-silver', 'buffalo', 'krugerrand-gold'];

/** Slot facts and hourly views of whole days, as the pollers write them. */
function spotDays(from: number, to: number): Files {
  const files: Files = {};
  for (let h = from; h < to; h += HOUR) {
    const hour = new Date(h);
    const entries = [0, 1, 2, 3].flatMap((q) => {
      const slot = new Date(h + q * 15 * 60_000);
      const facts = spotEntries(slot);
      files[slotPath(slot)] = formatPretty(facts);
      return facts.map((e) => ({ ...e, source: 'hourly' }));
    });
    files[hourlyPath(hour)] = formatPretty(entries.sort(compareEntries));
  }
  return files;
}

const retailFiles = (at: string): Files =>
  Object.fromEntries([
    ...COINS.map((c) => [
      `data/retail/facts/2026/03/09/${c}.json`,
      formatLines([{ observedAt: at, vendor: 'apmex', price: 100, inStock: true, method: 'tier-table' }]),
    ]),
    ['data/api/manifest.json', formatPretty({ generated_at: at, coins: COINS })],
  ]);

async function pair(dir: string, days: number): Promise<void> {
  const a = bare(dir, 'a.git');
  importCommit(
    a,
    { ...spotDays(END - days * DAY, END - 2 * HOUR), ...retailFiles('2026-03-09T20:00:00Z') },
    'past',
  );
  const b = bare(dir, 'b.git', a);
  importCommit(a, spotDays(END - 2 * HOUR, END), 'A polled two hours B missed');
  importCommit(b, retailFiles('2026-03-09T23:45:00Z'), 'B: newer retail run');
}

/** The original nightly sync: full clones, copy every file missing on the other side, commit, push. */
async function baseline(a: string, b: string): Promise<number> {
  const work = await mkdtemp(join(tmpdir(), 'sync-bench-baseline-'));
  try {
    const [wa, wb] = [join(work, 'a'), join(work, 'b')];
    execFileSync('git', ['clone', '--quiet', a, wa]);
    execFileSync('git', ['clone', '--quiet', b, wb]);
    let copied = 0;
    const copyMissing = async (from: string, to: string) => {
      for (const e of await readdir(join(from, 'data'), { recursive: true, withFileTypes: true })) {
        if (!e.isFile()) continue;
        const rel = join(e.parentPath, e.name).slice(from.length + 1);
        if (existsSync(join(to, rel))) continue;
        await mkdir(dirname(join(to, rel)), { recursive: true });
        await copyFile(join(from, rel), join(to, rel));
        copied++;
      }
    };
    await copyMissing(wa, wb);
    await copyMissing(wb, wa);
    for (const w of [wa, wb]) {
      git(w, 'add', '-A', 'data');
      git(w, 'commit', '--quiet', '-m', 'sync', '--allow-empty');
      git(w, 'push', '--quiet', 'origin', 'HEAD:main');
    }
    return copied;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const BUNDLE = resolve(import.meta.dirname, '../../dist/sync-repos/index.js');
if (!existsSync(BUNDLE)) {
  console.error(`${BUNDLE} is missing: run npm run build first`);
  process.exit(2);
}

/** The action as the runner runs it: a fresh node process on the bundle, inputs in the environment. */
async function endToEnd(a: string, b: string): Promise<number> {
  const out = await mkdtemp(join(tmpdir(), 'sync-bench-out-'));
  try {
    const env = {
      ...process.env,
      'INPUT_REPO-A': a,
      'INPUT_REPO-B': b,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: join(out, 'output'),
      GITHUB_STEP_SUMMARY: join(out, 'summary'),
    };
    await writeFile(env.GITHUB_OUTPUT, '');
    await writeFile(env.GITHUB_STEP_SUMMARY, '');
    const r = spawnSync(process.execPath, [BUNDLE], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sync-repos bundle failed:\n${r.stdout}\n${r.stderr}`);
    const outputs = await readFile(env.GITHUB_OUTPUT, 'utf8');
    return Number(/added-to-a<<\S+\n(\d+)|added-to-a=(\d+)/.exec(outputs)?.slice(1).find(Boolean) ?? 0);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Time from the start of the run to each stage's log line. */
async function profiled(a: string, b: string): Promise<string> {
  const marks: Array<[string, number]> = [];
  const t0 = performance.now();
  const mark = (m: string) => {
    // Log lines: "A: ..." after both fetches, "Attempt ..." after the merge, "Pushed <commit> to <repo> <branch>".
    const stage = m.startsWith('A: ')
      ? 'clone+fetch A+B'
      : m.startsWith('Attempt')
        ? 'diff+merge+rebuild+trees'
        : m.startsWith('Pushed ')
          ? `push ${m.includes(`${b} `) ? 'B' : 'A'}`
          : '';
    if (stage) marks.push([stage, performance.now() - t0]);
  };
  await syncRepos({
    a: { repo: a, branch: 'main' },
    b: { repo: b, branch: 'main' },
    push: true,
    dryRun: false,
    pollerId: 'bench',
    clock: systemClock,
    logger: { ...silentLogger, info: mark },
  });
  marks.push(['release', performance.now() - t0]);
  let last = 0;
  return marks
    .map(([stage, t]) => {
      const d = t - last;
      last = t;
      return `${stage} ${d.toFixed(0)}`;
    })
    .join(', ');
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

/** Bundle load alone: the process started and stopped on a fast failure (an unknown input value). */
const [load] = await timed(async () =>
  spawnSync(process.execPath, [BUNDLE], {
    env: { ...process.env, GITHUB_ACTIONS: 'true', INPUT_PUSH: 'maybe' },
    encoding: 'utf8',
  }),
);
console.log(`bundle load (start, parse, input check, exit): ${load.toFixed(0)} ms`);

const rows: Array<{ days: number; ours: number; base: number }> = [];
for (const days of SIZES) {
  const root = await mkdtemp(join(tmpdir(), `sync-bench-${days}-`));
  const copies = [`${root}-base`, `${root}-prof`];
  try {
    await pair(join(root), days);
    for (const c of copies) execFileSync('cp', ['-a', root, c]);
    const files = git(join(root, 'a.git'), 'ls-tree', '-r', '--name-only', 'main').split('\n').length;
    const [ours] = await timed(() => endToEnd(join(root, 'a.git'), join(root, 'b.git')));
    const [base, copied] = await timed(() => baseline(join(copies[0]!, 'a.git'), join(copies[0]!, 'b.git')));
    const stages = await profiled(join(copies[1]!, 'a.git'), join(copies[1]!, 'b.git'));
    rows.push({ days, ours, base });
    console.log(
      `sync ${days} days (${files} files): ours end to end ${ours.toFixed(0)} ms, original job end to end ${base.toFixed(0)} ms (copied ${copied}, changed files not propagated), ratio ${(base / ours).toFixed(1)}x`,
    );
    console.log(`  ours in process, ms per stage: ${stages}`);
  } finally {
    for (const d of [root, ...copies]) await rm(d, { recursive: true, force: true });
  }
}
const [first, last] = [rows[0]!, rows.at(-1)!];
console.log(
  `growth ${first.days}→${last.days} days (${(last.days / first.days).toFixed(0)}x the files): ours ${(last.ours / first.ours).toFixed(2)}x, baseline ${(last.base / first.base).toFixed(2)}x`,
);
