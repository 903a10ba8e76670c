/**
 * Sync benchmark (DESIGN §5: sync cost grows with the number of differing files, not the repository size).
 *
 * Repository pairs holding 30, 180 and 730 days of spot files (96 slot facts + 24 hourly views a day)
 * and a few retail files share a history, then diverge by the same small amount: A polled two hours
 * B missed, B has a newer retail run and its own manifest. Each pair is built once and copied, so both
 * contenders get identical repositories.
 * - ours: `syncRepos` (blob-less fetch into one clone, diff-tree, batch blob fetch, merged tree, push);
 * - baseline: the original nightly algorithm — clone both, for each file on one side copy it if it is
 *   missing on the other, commit, push.
 * Prints one line per size with both times and the ratio, then how each grows from 30 to 730 days.
 *
 * Run: npx tsx scripts/bench/sync.ts   (about two minutes on two cores)
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatLines, formatPretty } from '../../src/data/json.js';
import { hourlyPath, slotPath } from '../../src/data/paths.js';
import { compareEntries } from '../../src/data/spot.js';
import { DAY, HOUR, systemClock } from '../../src/data/time.js';
import { syncRepos } from '../../src/sync/sync.js';
import { bare, type Files, git, importCommit, spotEntries } from '../../test/sync/repos.js';

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
  execFileSync('git', ['clone', '--quiet', '--bare', a, join(dir, 'b.git')]);
  git(join(dir, 'b.git'), 'config', 'uploadpack.allowFilter', 'true');
  importCommit(a, spotDays(END - 2 * HOUR, END), 'A polled two hours B missed');
  importCommit(join(dir, 'b.git'), retailFiles('2026-03-09T23:45:00Z'), 'B: newer retail run');
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

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

const rows: Array<{ days: number; ours: number; base: number }> = [];
for (const days of SIZES) {
  const root = await mkdtemp(join(tmpdir(), `sync-bench-${days}-`));
  try {
    await pair(join(root), days);
    execFileSync('cp', ['-a', root, `${root}-copy`]);
    const files = git(join(root, 'a.git'), 'ls-tree', '-r', '--name-only', 'main').split('\n').length;
    const [ours, r] = await timed(() =>
      syncRepos({
        a: { repo: join(root, 'a.git'), branch: 'main' },
        b: { repo: join(root, 'b.git'), branch: 'main' },
        push: true,
        dryRun: false,
        pollerId: 'bench',
        clock: systemClock,
        log: () => {},
        warn: () => {},
      }),
    );
    const [base, copied] = await timed(() =>
      baseline(join(`${root}-copy`, 'a.git'), join(`${root}-copy`, 'b.git')),
    );
    rows.push({ days, ours, base });
    console.log(
      `sync ${days} days (${files} files, ${r.a.added.length + r.b.added.length + r.merged.length + r.conflicts.length} differing): ours ${ours.toFixed(0)} ms, baseline ${base.toFixed(0)} ms (copied ${copied}, changed files not propagated), ratio ${(base / ours).toFixed(1)}x`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
    await rm(`${root}-copy`, { recursive: true, force: true });
  }
}
const [first, last] = [rows[0]!, rows.at(-1)!];
console.log(
  `growth ${first.days}→${last.days} days (${(last.days / first.days).toFixed(0)}x the files): ours ${(last.ours / first.ours).toFixed(2)}x, baseline ${(last.base / first.base).toFixed(2)}x`,
);
