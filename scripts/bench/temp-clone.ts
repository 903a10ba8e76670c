/**
 * What a GitHub-Actions-style run (no workdir: a temporary clone) costs as the data repository ages.
 * Two synthetic repositories — 30 days (~3.7k files) and 730 days (~88k files, the real repository's
 * size at two years) of 15-minute slots and hourly files, plus retail views — are served from bare
 * repositories; each run opens the temporary clone, writes one slot file, commits it (through the
 * commit guard) and removes the clone. Printed: wall ms and CPU ms (this process and git) per run,
 * for a local path (as the soak and tests) and a file:// URL (a real transport, as GitHub is).
 *
 * Run: npx tsx scripts/bench/temp-clone.ts   (a minute or two; the repositories live in a temp dir)
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/data/atomic.js';
import { silentLogger } from '../../src/data/logger.js';
import { slotPath } from '../../src/data/paths.js';
import { systemClock } from '../../src/data/time.js';
import { commitStaged } from '../../src/git/commit.js';
import { openWorkspace } from '../../src/git/workspace.js';
import { cpuTimes } from '../soak/cpu.js';

const RUNS = 3;
const END = Date.parse('2026-12-01T00:00:00Z');

/** A bare repository whose one commit holds `days` days of spot files and 23 coins' views (git fast-import). */
function makeRepo(dir: string, days: number): number {
  spawnSync('git', ['init', '-q', '--bare', '-b', 'main', dir]);
  // As GitHub: partial clones allowed (a file:// clone then fetches only the blobs it checks out).
  spawnSync('git', ['config', 'uploadpack.allowFilter', 'true'], { cwd: dir });
  const lines: string[] = [
    'commit refs/heads/main',
    'committer bench <b@x> 1700000000 +0000',
    'data 5',
    'seed',
  ];
  let files = 0;
  const add = (path: string, text: string) => {
    lines.push(`M 644 inline ${path}`, `data ${Buffer.byteLength(text)}`, text);
    files++;
  };
  for (let d = days; d > 0; d--)
    for (let s = 0; s < 96; s++) {
      const slot = new Date(END - d * 86_400_000 + s * 900_000);
      const entry = (metal: string, spot: number) =>
        `{"spot":${spot},"metal":"${metal}","source":"api","provider":"bench","timestamp":"${slot.toISOString().slice(0, 19).replace('T', ' ')}"}`;
      const body = `[\n  ${entry('Gold', 2000 + s)},\n  ${entry('Silver', 30 + s / 100)}\n]\n`;
      add(slotPath(slot), body);
      if (s % 4 === 3)
        add(
          slotPath(slot)
            .replace('15min', 'hourly')
            .replace(/\d{2}\.json$/, '.json'),
          body,
        );
    }
  for (let c = 0; c < 23; c++)
    for (const v of ['latest', 'history', 'history-7d', 'history-30d'])
      add(`data/api/coin-${c}/${v}.json`, '[]\n');
  add('data/spot-history-2026.json', '[]\n');
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: `${lines.join('\n')}\n` });
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return files;
}

async function run(repo: string): Promise<{ wall: number; cpu: number }> {
  const before = cpuTimes()!;
  const t = performance.now();
  const ws = await openWorkspace({
    repo,
    branch: 'main',
    pollerId: 'bench',
    purpose: 'bench',
    clock: systemClock,
    logger: silentLogger,
  });
  try {
    await writeFileAtomic(join(ws.dir, slotPath(new Date(END))), '[]\n');
    await ws.git(['add', '-A', '--', 'data']);
    await commitStaged(ws.git, await ws.head(), () => 'bench');
  } finally {
    await ws.release();
  }
  const after = cpuTimes()!;
  return {
    wall: performance.now() - t,
    cpu: (after.self + after.children - before.self - before.children) * 1000,
  };
}

const work = await mkdtemp(join(tmpdir(), 'temp-clone-bench-'));
try {
  const rows: string[] = [];
  let base: Record<string, number> = {};
  for (const days of [30, 730]) {
    const bare = join(work, `repo-${days}.git`);
    const files = makeRepo(bare, days);
    for (const [how, url] of [
      ['local path', bare],
      ['file://', `file://${bare}`],
    ] as const) {
      let wall = 0;
      let cpu = 0;
      for (let i = 0; i < RUNS; i++) {
        const r = await run(url);
        wall += r.wall / RUNS;
        cpu += r.cpu / RUNS;
      }
      base[how] ??= cpu;
      rows.push(
        `temporary clone + one commit, ${String(days).padStart(3)} days (${files} files), ${how.padEnd(10)}: ` +
          `${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} CPU ms (${(cpu / base[how]!).toFixed(2)}× 30 days)`,
      );
    }
  }
  base = {};
  for (const r of rows) console.log(r);
} finally {
  await rm(work, { recursive: true, force: true });
}
