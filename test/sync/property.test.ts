import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatPretty } from '../../src/data/json.js';
import { slotPath } from '../../src/data/paths.js';
import { systemClock } from '../../src/data/time.js';
import { type SyncOptions, syncRepos } from '../../src/sync/sync.js';
import { tempDir } from '../helpers/git.js';
import {
  bare,
  dataFiles,
  dataTree,
  type Files,
  git,
  historyFile,
  importCommit,
  show,
  spotEntries,
} from './repos.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('sync-property-');
}, 120_000);
afterAll(() => tmp.remove());

/** Small seeded PRNG (mulberry32), so a failing case can be replayed from its seed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Where = 'none' | 'a' | 'b' | 'same' | 'differ';
const WHERE: Where[] = ['none', 'a', 'b', 'same', 'differ'];

const options = (a: string, b: string): SyncOptions => ({
  a: { repo: a, branch: 'main' },
  b: { repo: b, branch: 'main' },
  push: true,
  dryRun: false,
  pollerId: 'property',
  clock: systemClock,
  log: () => {},
  warn: () => {},
});

function copyRepo(from: string, name: string): string {
  const to = join(tmp.path, name);
  execFileSync('git', ['clone', '--quiet', '--bare', from, to]);
  git(to, 'config', 'uploadpack.allowFilter', 'true');
  return to;
}

it('random fact sets on both sides always converge to their union, whichever side is A', async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const random = prng(seed);
    const pick = () => WHERE[Math.floor(random() * WHERE.length)]!;
    const filesA: Files = {};
    const filesB: Files = {};
    const put = (where: Where, path: string, one: string | Buffer, other: string | Buffer) => {
      if (where === 'a' || where === 'same' || where === 'differ') filesA[path] = one;
      if (where === 'b' || where === 'same') filesB[path] = one;
      if (where === 'differ') filesB[path] = other;
    };
    const slots = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2026, 2, 10, 10, i * 15)));
    const slotWhere = new Map(slots.map((s) => [slotPath(s), pick()]));
    for (const s of slots)
      put(
        slotWhere.get(slotPath(s))!,
        slotPath(s),
        formatPretty(spotEntries(s)),
        formatPretty(spotEntries(s, 1)),
      );
    const dates = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'];
    const histA: Array<[string, string, number]> = [];
    const histB: Array<[string, string, number]> = [];
    const historyWhere = new Map(dates.map((d) => [d, pick()]));
    for (const [d, where] of historyWhere) {
      if (where === 'a' || where === 'same' || where === 'differ') histA.push([d, 'Gold', 2900]);
      if (where === 'b' || where === 'same') histB.push([d, 'Gold', 2900]);
      if (where === 'differ') histB.push([d, 'Gold', 2901]);
    }
    if (histA.length) filesA['data/spot-history-2026.json'] = historyFile(histA);
    if (histB.length) filesB['data/spot-history-2026.json'] = historyFile(histB);
    put(pick(), 'data/misc/notes.txt', 'one\n', 'two\n');

    const a = bare(tmp.path, `a${seed}.git`);
    const b = bare(tmp.path, `b${seed}.git`);
    if (Object.keys(filesA).length) importCommit(a, filesA, 'A');
    if (Object.keys(filesB).length) importCommit(b, filesB, 'B');
    const [swappedA, swappedB] = [copyRepo(b, `sa${seed}.git`), copyRepo(a, `sb${seed}.git`)];

    const result = await syncRepos(options(a, b));
    const context = `seed ${seed}`;
    if (Object.keys(filesA).length + Object.keys(filesB).length === 0) continue;
    expect(dataTree(a), context).toBe(dataTree(b));
    const after = dataFiles(a);
    for (const path of new Set([...Object.keys(filesA), ...Object.keys(filesB)]))
      expect(after.has(path), `${context}: ${path}`).toBe(true);
    for (const [path, where] of slotWhere) {
      if (where === 'none') expect(after.has(path), context).toBe(false);
      const source = where === 'b' ? filesB : filesA;
      if (where === 'a' || where === 'b' || where === 'same')
        expect(show(a, path), context).toBe(String(source[path]).trim());
      if (where === 'differ')
        expect(
          result.conflicts.some((c) => c.path === path),
          `${context}: ${path}`,
        ).toBe(true);
    }
    const history = histA.length + histB.length ? JSON.parse(show(a, 'data/spot-history-2026.json')) : [];
    const wanted = [...historyWhere].filter(([, w]) => w !== 'none').map(([d]) => `${d} 12:00:00`);
    expect(
      history.map((e: { timestamp: string }) => e.timestamp),
      context,
    ).toEqual(wanted);
    const disputed = [...historyWhere].filter(([, w]) => w === 'differ').map(([d]) => `${d} 12:00:00|Gold`);
    expect(
      result.conflicts.filter((c) => c.path === 'data/spot-history-2026.json').map((c) => c.key),
      context,
    ).toEqual(disputed);

    const swapped = await syncRepos(options(swappedA, swappedB));
    expect(swapped.trees.b, `${context}: the merge must not depend on which side is A`).toBe(result.trees.a);
    expect(swapped.conflicts, context).toEqual(result.conflicts);
  }
}, 120_000);
