/**
 * The declared rule of each file family, as a user of two repositories sees it: a newer Goldback rate
 * wins on either side, concurrent catalog edits merge against their common base, unknown files and
 * symlinks are never overwritten or copied, and every decision is reported.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { type SyncOptions, syncRepos } from '../../src/sync/sync.js';
import { type Files, tempDir } from '../helpers/git.js';
import { collectingLogger } from '../helpers/logger.js';
import { REAL_DATA } from '../helpers/real-data.js';
import { bare, dataFiles, dataTree, git, importCommit, show } from './repos.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('sync-families-');
});
afterEach(() => tmp.remove());

const options = (a: string, b: string): SyncOptions => ({
  a: { repo: a, branch: 'main' },
  b: { repo: b, branch: 'main' },
  push: true,
  dryRun: false,
  pollerId: 'families',
  clock: systemClock,
  logger: collectingLogger(),
});

/** Two repositories sharing a first commit (B a clone of A), then each with its own commit. */
function pair(base: Files, onA: Files, onB: Files, name = 'x') {
  const a = bare(tmp.path, `${name}-a.git`);
  importCommit(a, base, 'common past');
  const b = bare(tmp.path, `${name}-b.git`, a);
  if (Object.keys(onA).length) importCommit(a, onA, 'A');
  if (Object.keys(onB).length) importCommit(b, onB, 'B');
  return { a, b };
}

const SPOT = 'data/api/goldback-spot.json';
const goldbackSpot = (date: string, scrapedAt: string, g1: number) =>
  `${JSON.stringify(
    {
      date,
      scraped_at: scrapedAt,
      g1_usd: g1,
      denominations: { g1, g5: g1 * 5, g10: g1 * 10, g25: g1 * 25, g50: g1 * 50 },
      source: 'goldback.com',
      confidence: 'high',
    },
    null,
    2,
  )}\n`;

const CATALOG = 'data/retail/providers.json';
const catalog = (edit: (c: Catalog) => void = () => {}) => {
  const c: Catalog = {
    coins: {
      age: {
        name: 'American Gold Eagle 1 oz',
        metal: 'gold',
        weight_oz: 1,
        providers: [
          { id: 'apmex', name: 'APMEX', enabled: true, url: 'https://dealer.example/age' },
          { id: 'jmb', name: 'JM Bullion', enabled: true, url: 'https://jm.example/age' },
        ],
      },
      ase: {
        name: 'American Silver Eagle 1 oz',
        metal: 'silver',
        weight_oz: 1,
        providers: [{ id: 'apmex', name: 'APMEX', enabled: true, url: 'https://dealer.example/ase' }],
      },
    },
  };
  edit(c);
  return `${JSON.stringify(c, null, 2)}\n`;
};
type Provider = { id: string; name: string; enabled: boolean; url: string };
type Catalog = {
  coins: Record<string, { name: string; metal: string; weight_oz: number; providers: Provider[] }>;
};

describe('state snapshot: the newer by its own timestamp', () => {
  for (const newer of ['a', 'b'] as const) {
    it(`a newer goldback-spot.json on ${newer.toUpperCase()} ends on both sides, and the decision is reported`, async () => {
      const old = goldbackSpot('2026-03-14', '2026-03-14T00:01:01.993Z', 10.06);
      const fresh = goldbackSpot('2026-03-15', '2026-03-15T00:01:01.596Z', 10.21);
      const { a, b } = pair(
        { [SPOT]: old },
        newer === 'a' ? { [SPOT]: fresh } : { 'data/misc.txt': 'a\n' },
        newer === 'b' ? { [SPOT]: fresh } : { 'data/other.txt': 'b\n' },
      );
      const result = await syncRepos(options(a, b));
      expect(show(a, SPOT)).toBe(fresh.trim());
      expect(show(b, SPOT)).toBe(fresh.trim());
      expect(result.decisions).toEqual([
        expect.objectContaining({ path: SPOT, from: newer, kept: 'scraped_at 2026-03-15T00:01:01.596Z' }),
      ]);
      expect(result.conflicts).toEqual([]);
    });

    it(`both sides scraped again: the later scrape (on ${newer.toUpperCase()}) replaces the other, reported`, async () => {
      const base = goldbackSpot('2026-03-14', '2026-03-14T00:01:01.993Z', 10.06);
      const early = goldbackSpot('2026-03-15', '2026-03-15T00:01:01.596Z', 10.21);
      const late = goldbackSpot('2026-03-15', '2026-03-15T06:00:00.000Z', 10.33);
      const { a, b } = pair(
        { [SPOT]: base },
        { [SPOT]: newer === 'a' ? late : early },
        { [SPOT]: newer === 'b' ? late : early },
      );
      const result = await syncRepos(options(a, b));
      expect(show(a, SPOT)).toBe(late.trim());
      expect(show(b, SPOT)).toBe(late.trim());
      expect(result.decisions).toEqual([
        {
          path: SPOT,
          from: newer,
          kept: 'scraped_at 2026-03-15T06:00:00.000Z',
          other: 'scraped_at 2026-03-15T00:01:01.596Z',
          rule: 'state snapshot: the newer by its own timestamp kept',
        },
      ]);
    });
  }

  it('two different snapshots with the same timestamp: a conflict, each side keeps its own', async () => {
    const one = goldbackSpot('2026-03-15', '2026-03-15T00:01:01.596Z', 10.21);
    const two = goldbackSpot('2026-03-15', '2026-03-15T00:01:01.596Z', 10.22);
    const { a, b } = pair({}, { [SPOT]: one }, { [SPOT]: two });
    const result = await syncRepos(options(a, b));
    expect([show(a, SPOT), show(b, SPOT)]).toEqual([one.trim(), two.trim()]);
    expect(result.conflicts.map((c) => c.path)).toEqual([SPOT]);
  });
});

describe('daily log: union keyed by date', () => {
  it('dates from both sides are kept, newest first; a date scraped twice keeps the later scrape', async () => {
    const log = (rows: Array<[string, number, string]>) =>
      `${JSON.stringify(
        rows.map(([date, g1, at]) => ({ date, g1_usd: g1, scraped_at: at })),
        null,
        2,
      )}\n`;
    const path = 'data/goldback-2026.json';
    const { a, b } = pair(
      { [path]: log([['2026-03-13', 10.26, '2026-03-13T00:01:01.526Z']]) },
      {
        [path]: log([
          ['2026-03-15', 10.06, '2026-03-15T00:01:01.596Z'],
          ['2026-03-13', 10.26, '2026-03-13T00:01:01.526Z'],
        ]),
      },
      {
        [path]: log([
          ['2026-03-15', 10.11, '2026-03-15T09:00:00.000Z'],
          ['2026-03-14', 10.06, '2026-03-14T00:01:01.993Z'],
          ['2026-03-13', 10.26, '2026-03-13T00:01:01.526Z'],
        ]),
      },
    );
    const result = await syncRepos(options(a, b));
    expect(dataTree(a)).toBe(dataTree(b));
    expect(JSON.parse(show(a, path))).toEqual([
      { date: '2026-03-15', g1_usd: 10.11, scraped_at: '2026-03-15T09:00:00.000Z' },
      { date: '2026-03-14', g1_usd: 10.06, scraped_at: '2026-03-14T00:01:01.993Z' },
      { date: '2026-03-13', g1_usd: 10.26, scraped_at: '2026-03-13T00:01:01.526Z' },
    ]);
    expect(result.decisions).toEqual([
      expect.objectContaining({
        path,
        key: '2026-03-15',
        from: 'b',
        rule: 'daily log: the later scrape of a date kept',
      }),
    ]);
  });
});

describe('configuration: key-wise three-way merge against the merge base', () => {
  it('edits of different keys on each side are both kept', async () => {
    const { a, b } = pair(
      { [CATALOG]: catalog() },
      {
        [CATALOG]: catalog((c) => {
          c.coins.age!.providers[1]!.enabled = false;
        }),
      },
      {
        [CATALOG]: catalog((c) => {
          c.coins.ase!.providers.push({
            id: 'sdb',
            name: 'SD Bullion',
            enabled: true,
            url: 'https://sd.example/ase',
          });
          c.coins.age!.providers[0]!.url = 'https://dealer.example/age-new';
        }),
      },
    );
    const result = await syncRepos(options(a, b));
    expect(dataTree(a)).toBe(dataTree(b));
    const merged = JSON.parse(show(a, CATALOG)) as Catalog;
    expect(merged.coins.age!.providers.map((p) => [p.id, p.enabled, p.url])).toEqual([
      ['apmex', true, 'https://dealer.example/age-new'],
      ['jmb', false, 'https://jm.example/age'],
    ]);
    expect(merged.coins.ase!.providers.map((p) => p.id)).toEqual(['apmex', 'sdb']);
    expect(result.conflicts).toEqual([]);
    expect(result.decisions.map((d) => `${d.key} ${d.from}`).sort()).toEqual([
      'coins.age.providers[id=apmex].url b',
      'coins.age.providers[id=jmb].enabled a',
      'coins.ase.providers[id=sdb] b',
    ]);
  });

  it('the same key edited differently: a conflict, each side keeps its value, other edits still merge', async () => {
    const { a, b } = pair(
      { [CATALOG]: catalog() },
      {
        [CATALOG]: catalog((c) => {
          c.coins.age!.providers[0]!.url = 'https://dealer.example/age-from-a';
          c.coins.ase!.name = 'Silver Eagle';
        }),
      },
      {
        [CATALOG]: catalog((c) => {
          c.coins.age!.providers[0]!.url = 'https://dealer.example/age-from-b';
        }),
      },
    );
    const result = await syncRepos(options(a, b));
    const [ca, cb] = [JSON.parse(show(a, CATALOG)) as Catalog, JSON.parse(show(b, CATALOG)) as Catalog];
    expect(ca.coins.age!.providers[0]!.url).toBe('https://dealer.example/age-from-a');
    expect(cb.coins.age!.providers[0]!.url).toBe('https://dealer.example/age-from-b');
    expect([ca.coins.ase!.name, cb.coins.ase!.name]).toEqual(['Silver Eagle', 'Silver Eagle']);
    expect(result.conflicts).toEqual([
      {
        path: CATALOG,
        key: 'coins.age.providers[id=apmex].url',
        a: '"https://dealer.example/age-from-a"',
        b: '"https://dealer.example/age-from-b"',
        rule: 'configuration: both sides edited this key since the merge base: each side keeps its own',
      },
    ]);
    // Reported again on the next run, never silently decided.
    const tips = [git(a, 'rev-parse', 'main'), git(b, 'rev-parse', 'main')];
    const again = await syncRepos(options(a, b));
    expect(again.conflicts).toEqual(result.conflicts);
    expect(again.a.commit ?? again.b.commit).toBeUndefined();
    expect([git(a, 'rev-parse', 'main'), git(b, 'rev-parse', 'main')]).toEqual(tips);
  });

  it('without common history: keys united, a key with two values is a conflict', async () => {
    const a = bare(tmp.path, 'lone-a.git');
    const b = bare(tmp.path, 'lone-b.git');
    importCommit(a, { [CATALOG]: catalog((c) => delete c.coins.ase) }, 'A');
    importCommit(
      b,
      {
        [CATALOG]: catalog((c) => {
          c.coins.age!.name = 'Gold Eagle';
        }),
      },
      'B',
    );
    const result = await syncRepos(options(a, b));
    const [ca, cb] = [JSON.parse(show(a, CATALOG)) as Catalog, JSON.parse(show(b, CATALOG)) as Catalog];
    expect(Object.keys(ca.coins)).toEqual(['age', 'ase']);
    expect([ca.coins.age!.name, cb.coins.age!.name]).toEqual(['American Gold Eagle 1 oz', 'Gold Eagle']);
    expect(result.conflicts.map((c) => c.key)).toEqual(['coins.age.name']);
  });
});

describe('files sync does not understand, symlinks and submodules', () => {
  it('an unknown file on one side is copied; two versions of one are a conflict left alone', async () => {
    const { a, b } = pair(
      {},
      { 'data/notes/a-only.txt': 'from A\n', 'data/notes/both.txt': 'A says\n' },
      { 'data/notes/both.txt': 'B says\n' },
    );
    const result = await syncRepos(options(a, b));
    expect(show(b, 'data/notes/a-only.txt')).toBe('from A');
    expect([show(a, 'data/notes/both.txt'), show(b, 'data/notes/both.txt')]).toEqual(['A says', 'B says']);
    expect(result.conflicts.map((c) => [c.path, c.rule])).toEqual([
      ['data/notes/both.txt', 'unknown file (no declared rule): left as it is on both sides'],
    ]);
  });

  it('a symlink or a submodule in one repository is not copied into the other, and is reported', async () => {
    const a = bare(tmp.path, 'link-a.git');
    const b = bare(tmp.path, 'link-b.git');
    importCommit(a, { 'data/15min/2026/03/10/1000.json': '[]\n' }, 'A');
    importCommit(b, { 'data/notes/b.txt': 'b\n', 'data/15min/2026/12/01/0000.json': '[]\n' }, 'B');
    // A symlink to /etc/passwd and a submodule entry, written into A's tree as another tool could.
    const tip = git(a, 'rev-parse', 'main');
    const data = git(a, 'rev-parse', 'main:data');
    const link = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: a, input: '/etc/passwd' })
      .toString()
      .trim();
    const dataTreeWithLinks = execFileSync('git', ['mktree'], {
      cwd: a,
      input: `${git(a, 'ls-tree', data)}\n120000 blob ${link}\tpasswd\n160000 commit ${tip}\tmodule\n`,
    })
      .toString()
      .trim();
    // data/15min/2026/12 is a symlinked directory on A and a real one on B.
    const year = execFileSync('git', ['mktree'], {
      cwd: a,
      input: `${git(a, 'ls-tree', `${tip}:data/15min/2026`)}\n120000 blob ${link}\t12\n`,
    })
      .toString()
      .trim();
    const min15 = execFileSync('git', ['mktree'], { cwd: a, input: `040000 tree ${year}\t2026\n` })
      .toString()
      .trim();
    const withYear = execFileSync('git', ['mktree'], {
      cwd: a,
      input: `${git(a, 'ls-tree', dataTreeWithLinks).replace(/^040000 tree \S+\t15min$/m, `040000 tree ${min15}\t15min`)}\n`,
    })
      .toString()
      .trim();
    const root = execFileSync('git', ['mktree'], {
      cwd: a,
      input: `040000 tree ${withYear}\tdata\n`,
    })
      .toString()
      .trim();
    const commit = git(a, 'commit-tree', root, '-p', tip, '-m', 'links');
    git(a, 'update-ref', 'refs/heads/main', commit);

    const result = await syncRepos(options(a, b));
    const [fa, fb] = [dataFiles(a), dataFiles(b)];
    expect(fb.has('data/passwd')).toBe(false);
    expect(fb.has('data/module')).toBe(false);
    expect(fb.has('data/15min/2026/03/10/1000.json')).toBe(true);
    expect(fa.has('data/notes/b.txt')).toBe(true);
    // Left alone where it is.
    expect(git(a, 'ls-tree', 'main', 'data/passwd')).toMatch(/^120000 blob/);
    expect(git(a, 'ls-tree', 'main', 'data/15min/2026/12')).toMatch(/^120000 blob/);
    expect(fb.has('data/15min/2026/12/01/0000.json')).toBe(true);
    expect(result.skipped).toEqual([
      { path: 'data/15min/2026/12', a: 'symlink', b: 'absent' },
      { path: 'data/15min/2026/12/01/0000.json', a: 'below a symlink or submodule', b: 'file' },
      { path: 'data/module', a: 'submodule', b: 'absent' },
      { path: 'data/passwd', a: 'symlink', b: 'absent' },
    ]);
  });
});

// REAL_DATA_DIR points at the snapshot from a worktree that does not sit beside ../shared.
const REAL = process.env.REAL_DATA_DIR ?? REAL_DATA;
const hasReal = existsSync(REAL);
if (!hasReal) console.log(`[skip] sync real-snapshot test: ${REAL} is absent`);

describe('real snapshot', () => {
  const realFiles = (): Files => {
    const files: Files = {};
    const paths = execFileSync('find', ['data', '-type', 'f'], { cwd: REAL, maxBuffer: 1 << 26 })
      .toString()
      .trim()
      .split('\n');
    for (const p of paths) files[p] = readFileSync(join(REAL, p));
    return files;
  };

  it.skipIf(!hasReal)(
    'newer goldback rate on either side and concurrent catalog edits on both converge',
    async () => {
      const files = realFiles();
      const spot = JSON.parse(String(files[SPOT]));
      const fresh = `${JSON.stringify({ ...spot, date: '2026-03-16', scraped_at: '2026-03-16T00:01:01.000Z', g1_usd: 10.4 }, null, 2)}\n`;
      const real = JSON.parse(String(files[CATALOG])) as Catalog;
      const [coinA, coinB] = Object.keys(real.coins);
      const edit = (coin: string, name: string) => {
        const c = structuredClone(real);
        c.coins[coin]!.name = name;
        return `${JSON.stringify(c, null, 2)}\n`;
      };
      for (const newer of ['a', 'b'] as const) {
        const { a, b } = pair(
          files,
          { [CATALOG]: edit(coinA!, 'Edited on A'), ...(newer === 'a' ? { [SPOT]: fresh } : {}) },
          { [CATALOG]: edit(coinB!, 'Edited on B'), ...(newer === 'b' ? { [SPOT]: fresh } : {}) },
          `real-${newer}`,
        );
        const before = new Set([...dataFiles(a).keys(), ...dataFiles(b).keys()]);
        const result = await syncRepos(options(a, b));
        expect(result.conflicts, newer).toEqual([]);
        expect(dataTree(a)).toBe(dataTree(b));
        const after = dataFiles(a);
        for (const p of before) expect(after.has(p), p).toBe(true);
        expect(JSON.parse(show(b, SPOT)).g1_usd).toBe(10.4);
        const merged = JSON.parse(show(b, CATALOG)) as Catalog;
        expect([merged.coins[coinA!]!.name, merged.coins[coinB!]!.name]).toEqual([
          'Edited on A',
          'Edited on B',
        ]);
        expect(result.decisions.map((d) => `${d.path} ${d.key ?? ''} ${d.from}`).sort()).toEqual([
          `${SPOT}  ${newer}`,
          `${CATALOG} coins.${coinA}.name a`,
          `${CATALOG} coins.${coinB}.name b`,
        ]);
      }
    },
    240_000,
  );
});
