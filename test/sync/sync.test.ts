import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { type SyncOptions, syncRepos } from '../../src/sync/sync.js';
import { commitFiles, tempDir } from '../helpers/git.js';
import { collectingLogger } from '../helpers/logger.js';
import {
  bare,
  dataFiles,
  dataTree,
  git,
  historyFile,
  pretty,
  show,
  slotsFrom,
  spotEntries,
  spotTree,
} from './repos.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('sync-test-');
});
afterEach(() => tmp.remove());

const options = (a: string, b: string, extra: Partial<SyncOptions> = {}): SyncOptions => ({
  a: { repo: a, branch: 'main' },
  b: { repo: b, branch: 'main' },
  push: true,
  dryRun: false,
  pollerId: 'test-sync',
  clock: systemClock,
  random: () => 0.5,
  backoffMs: 10,
  logger: collectingLogger(),
  ...extra,
});

const day = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00Z`);
const torn = Buffer.alloc(540, 0);

/** Two repositories diverged the ways real ones do. */
async function diverged() {
  const a = bare(tmp.path, 'a.git');
  const b = bare(tmp.path, 'b.git');
  const history = historyFile([
    ['2026-03-03', 'Gold', 2901.5],
    ['2026-03-04', 'Gold', 2910],
  ]);
  const base = await spotTree(slotsFrom(day('00:00'), 40));
  for (const [repo, who] of [
    [a, 'A'],
    [b, 'B'],
  ] as const) {
    commitFiles(repo, base, 'common past');
    commitFiles(repo, { 'data/spot-history-2026.json': history, 'README.md': `endpoint ${who}\n` }, 'seed');
  }
  rmSync(base, { recursive: true, force: true });
  // B missed hours 10-11, A missed hours 12-13; both polled 14:00 and got different prices.
  const onlyA = await spotTree([...slotsFrom(day('10:00'), 8), day('14:00')]);
  commitFiles(a, onlyA, 'A polls 10:00-11:45 and 14:00');
  const onlyB = await spotTree([...slotsFrom(day('12:00'), 8), day('14:00')], 0.37);
  commitFiles(b, onlyB, 'B polls 12:00-13:45 and 14:00');
  commitFiles(
    a,
    {
      'data/15min/2026/03/10/1430.json': torn,
      'data/hourly/2026/03/09/23.json': pretty(
        spotEntries(new Date('2026-03-09T23:00:00Z')).map((e) => ({ ...e, source: 'hourly' })),
      ),
      'data/spot-history-2026.json': historyFile([
        ['2026-03-03', 'Gold', 2901.5],
        ['2026-03-04', 'Gold', 2910],
        ['2026-03-05', 'Gold', 2920.25],
      ]),
      'data/goldback-2026.json': '[{"date":"2026-03-10","g1_usd":10.06}]\n',
      'data/spot-history-2025.json': historyFile([['2025-12-30', 'Gold', 2650]]),
    },
    'A: torn slot, legacy hourly without slots, history, goldback',
  );
  commitFiles(
    b,
    {
      'data/15min/2026/03/10/1430.json': pretty(spotEntries(day('14:30'))),
      'data/15min/2026/03/10/1459.json': pretty(spotEntries(day('14:59'))),
      'data/spot-history-2026.json': historyFile([
        ['2026-03-03', 'Gold', 2901.5],
        ['2026-03-04', 'Gold', 2911],
        ['2026-03-06', 'Gold', 2930],
      ]),
      'data/goldback-2026.json': '[{"date":"2026-03-09","g1_usd":10.02}]\n',
      'data/spot-history-2025.json': historyFile([['2025-12-31', 'Gold', 2655]]),
      'data/notes/unknown.bin': Buffer.from([1, 2, 3, 0, 255]),
    },
    'B: readable 14:30, legacy 14:59 slot, history, goldback, unknown file',
  );
  return { a, b };
}

describe('syncRepos', () => {
  it('makes diverged repositories identical except true conflicts, left alone and reported', async () => {
    const { a, b } = await diverged();
    const beforeA = dataFiles(a);
    const beforeB = dataFiles(b);
    const result = await syncRepos(options(a, b));

    expect(dataTree(a)).toBe(result.trees.a);
    expect(dataTree(b)).toBe(result.trees.b);
    const [afterA, afterB] = [dataFiles(a), dataFiles(b)];
    for (const path of [...beforeA.keys(), ...beforeB.keys()]) {
      expect(afterA.has(path), path).toBe(true);
      expect(afterB.has(path), path).toBe(true);
    }
    // The true conflicts (two readable 14:00 slot facts, two Gold prices for 03-04) stay as they were
    // on each side, with the hourly view of 14:00 each side rebuilds from its own fact; all else is equal.
    const differ = [
      'data/15min/2026/03/10/1400.json',
      'data/hourly/2026/03/10/14.json',
      'data/spot-history-2026.json',
    ];
    for (const path of new Set([...afterA.keys(), ...afterB.keys()]))
      if (!differ.includes(path)) expect(afterA.get(path), path).toBe(afterB.get(path));
    expect(afterA.get(differ[0]!)).toBe(beforeA.get(differ[0]!));
    expect(afterB.get(differ[0]!)).toBe(beforeB.get(differ[0]!));
    // Facts present on one side only arrive unchanged.
    for (const [path, oid] of [...beforeA, ...beforeB])
      if (path.startsWith('data/15min/') && !(beforeA.has(path) && beforeB.has(path)))
        expect(afterA.get(path)).toBe(oid);
    // Hourly views were rebuilt over the union: B now has A's hour 10 and A has B's hour 12.
    const hour10 = JSON.parse(show(b, 'data/hourly/2026/03/10/10.json'));
    expect(hour10.map((e: { timestamp: string }) => e.timestamp)).toContain('2026-03-10 10:45:00');
    for (const repo of [a, b]) {
      const hour14 = JSON.parse(show(repo, 'data/hourly/2026/03/10/14.json'));
      expect(new Set(hour14.map((e: { timestamp: string }) => e.timestamp))).toEqual(
        new Set(['2026-03-10 14:00:00', '2026-03-10 14:30:00', '2026-03-10 14:59:00']),
      );
      // Each side's view agrees with its own 14:00 fact.
      const fact = JSON.parse(show(repo, 'data/15min/2026/03/10/1400.json'))[0];
      expect(
        hour14.find(
          (e: { timestamp: string; metal: string }) =>
            e.metal === fact.metal && e.timestamp === fact.timestamp,
        ).spot,
      ).toBe(fact.spot);
    }
    // The legacy hourly file without slot facts survives as it was.
    expect(afterA.get('data/hourly/2026/03/09/23.json')).toBe(beforeA.get('data/hourly/2026/03/09/23.json'));
    // History is the union on both sides; the disputed key keeps each side's value.
    const gold0304 = (repo: string) => {
      const history = JSON.parse(show(repo, 'data/spot-history-2026.json'));
      expect(history.map((e: { timestamp: string }) => e.timestamp.slice(0, 10))).toEqual([
        '2026-03-03',
        '2026-03-04',
        '2026-03-05',
        '2026-03-06',
      ]);
      return history[1].spot;
    };
    expect([gold0304(a), gold0304(b)]).toEqual([2910, 2911]);
    // The readable 14:30 beats the torn one, and that is reported as a decision.
    expect(afterA.get('data/15min/2026/03/10/1430.json')).toBe(
      beforeB.get('data/15min/2026/03/10/1430.json'),
    );
    expect(result.decisions.map((d) => `${d.path} ${d.from}: ${d.rule}`)).toEqual([
      'data/15min/2026/03/10/1430.json b: readable version beats a torn one',
    ]);

    const reported = result.conflicts.map((c) => `${c.path}${c.key ? ` ${c.key}` : ''}: ${c.rule}`);
    expect(reported).toEqual([
      'data/15min/2026/03/10/1400.json: two readable versions of an immutable fact: each side keeps its own',
      // The two slot facts for 14:00 disagree, so do the hourly views each side rebuilds from its own.
      ...['Gold', 'Palladium', 'Platinum', 'Silver'].map(
        (m) =>
          `data/hourly/2026/03/10/14.json 2026-03-10 14:00:00|${m}: one key, two values, no rule to choose: each side keeps its own`,
      ),
      'data/spot-history-2026.json 2026-03-04 12:00:00|Gold: one key, two values, no rule to choose: each side keeps its own',
    ]);

    expect(result.a.added).toContain('data/15min/2026/03/10/1200.json');
    expect(result.b.added).toContain('data/15min/2026/03/10/1000.json');
    expect(result.b.added).toContain('data/hourly/2026/03/09/23.json');
    expect(result.a.added).toContain('data/notes/unknown.bin');
    expect(result.merged).toEqual([
      'data/15min/2026/03/10/1430.json',
      'data/goldback-2026.json',
      'data/spot-history-2025.json',
    ]);
    const goldback = JSON.parse(show(a, 'data/goldback-2026.json'));
    expect(goldback.map((e: { date: string }) => e.date)).toEqual(['2026-03-10', '2026-03-09']);
    // Files outside data/ are each side's own.
    expect(show(a, 'README.md')).toBe('endpoint A');
    expect(show(b, 'README.md')).toBe('endpoint B');
    // Nothing forced: each side's old tip is an ancestor of its new one.
    for (const [repo, r] of [
      [a, result.a],
      [b, result.b],
    ] as const) {
      expect(r.pushed).toBe(true);
      git(repo, 'merge-base', '--is-ancestor', r.before!, 'main');
    }

    // Idempotent: a second run changes nothing and makes no commit; the conflicts are still reported.
    const tips = [git(a, 'rev-parse', 'main'), git(b, 'rev-parse', 'main')];
    const again = await syncRepos(options(a, b));
    expect(again.a.commit).toBeUndefined();
    expect(again.b.commit).toBeUndefined();
    expect([git(a, 'rev-parse', 'main'), git(b, 'rev-parse', 'main')]).toEqual(tips);
    expect(again.trees).toEqual(result.trees);
    expect(again.conflicts).toEqual(result.conflicts);
    expect(again.decisions).toEqual([]);
  });

  it('dry-run reports the plan and writes nothing', async () => {
    const { a, b } = await diverged();
    const [tipA, tipB] = [git(a, 'rev-parse', 'main'), git(b, 'rev-parse', 'main')];
    const plan = await syncRepos(options(a, b, { dryRun: true }));
    expect([git(a, 'rev-parse', 'main'), git(b, 'rev-parse', 'main')]).toEqual([tipA, tipB]);
    expect(plan.a.commit).toBeUndefined();
    expect(plan.b.added).toContain('data/15min/2026/03/10/1000.json');
    expect(plan.conflicts.length).toBeGreaterThan(0);
    // The plan is what the real run then does.
    const real = await syncRepos(options(a, b));
    expect(real.trees).toEqual(plan.trees);
    for (const side of ['a', 'b'] as const) {
      expect(real[side].added).toEqual(plan[side].added);
      expect(real[side].changed).toEqual(plan[side].changed);
    }
    expect(real.merged).toEqual(plan.merged);
    expect(real.conflicts).toEqual(plan.conflicts);
    expect(real.decisions).toEqual(plan.decisions);
  });
});
