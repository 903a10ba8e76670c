/**
 * A run without a workdir checks out only the recent day folders of a repository (temp-clone.ts,
 * data/checkout-window.ts), and still commits a tree in which every file it did not touch is unchanged:
 * over a local path (as the soak and tests use) and over file:// with partial clones allowed (as GitHub
 * serves), through a lost push race, and refusing a write outside what it checked out.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkoutCone } from '../../src/data/checkout-window.js';
import { silentLogger } from '../../src/data/logger.js';
import type { Clock } from '../../src/data/time.js';
import { publish } from '../../src/git/publish.js';
import { openWorkspace, type Workspace } from '../../src/git/workspace.js';
import { spotDaysRead } from '../../src/spot/poll.js';
import { bareRepo, commitFiles, gitOut, tempDir } from '../helpers/git.js';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

const NOW = new Date('2026-12-01T10:20:00Z');
const clock: Clock = { now: () => NOW, sleep: async () => {} };

/** Old and recent days of each dated family, views, yearly files and a folder we do not know. */
function seed(repo: string) {
  const files: Record<string, string> = {
    'data/spot-history-2026.json': '[]\n',
    'data/api/ase/latest.json': '{}\n',
    'data/retail/providers.json': '{"coins":{}}\n',
    'data/retail/legacy/2024/01/01/x.json': '[1]\n',
    'docs/readme.md': 'hi\n',
  };
  for (const day of ['2024/02/29', '2025/06/01', '2026/10/20', '2026/11/30', '2026/12/01'])
    for (const family of ['15min', 'hourly', 'fx', 'retail/facts'])
      files[`data/${family}/${day}/${family === 'retail/facts' ? 'ase' : '0000'}.json`] = `[${day.length}]\n`;
  commitFiles(repo, files);
}

const open = (repo: string): Promise<Workspace> =>
  openWorkspace({ repo, branch: 'main', pollerId: 't', purpose: 'test', clock, logger: silentLogger });

const tree = (repo: string, ref = 'main') =>
  new Map(
    gitOut(repo, 'ls-tree', '-r', ref)
      .split('\n')
      .map((l) => [l.split('\t')[1]!, l.split('\t')[0]!.split(' ')[2]!]),
  );

const write = (root: string, path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

describe('the temporary clone', () => {
  for (const how of ['local path', 'file:// with partial clones'] as const)
    it(`checks out the recent days only and commits every other file unchanged (${how})`, async () => {
      dir = tempDir();
      const bare = bareRepo(dir.path, 'api.git', { allowFilter: how !== 'local path' });
      seed(bare);
      const before = tree(bare);
      const ws = await open(how === 'local path' ? bare : `file://${bare}`);
      try {
        const has = (p: string) => existsSync(join(ws.dir, p));
        expect(has('data/15min/2026/11/30/0000.json')).toBe(true);
        expect(has('data/retail/facts/2026/11/30/ase.json')).toBe(true);
        expect(has('data/retail/facts/2026/10/20/ase.json')).toBe(false);
        expect(has('data/api/ase/latest.json') && has('data/retail/legacy/2024/01/01/x.json')).toBe(true);
        expect(has('data/spot-history-2026.json') && has('docs/readme.md')).toBe(true);
        expect(has('data/15min/2025/06/01/0000.json')).toBe(false);
        expect(has('data/hourly/2024/02/29/0000.json')).toBe(false);

        const r = await publish(ws, {
          apply: async (root) => {
            write(root, 'data/15min/2026/12/01/1015.json', '[2]\n');
            write(root, 'data/15min/2026/12/02/0000.json', '[3]\n'); // tomorrow's folder, new
            write(root, 'data/api/ase/latest.json', '{"a":1}\n');
          },
          message: () => 'run',
          push: true,
          clock,
          logger: silentLogger,
        });
        expect(r.pushed).toBe(true);
      } finally {
        await ws.release();
      }
      const after = tree(bare);
      for (const [path, oid] of before)
        if (path !== 'data/api/ase/latest.json') expect(after.get(path)).toBe(oid);
      expect([...after.keys()].filter((p) => !before.has(p)).sort()).toEqual([
        'data/15min/2026/12/01/1015.json',
        'data/15min/2026/12/02/0000.json',
      ]);
      expect(existsSync(ws.dir)).toBe(false);
    });

  it('a lost push race is applied again on the new tip, old files of the other writer kept', async () => {
    dir = tempDir();
    const bare = bareRepo(dir.path, 'api.git', { allowFilter: true });
    seed(bare);
    const ws = await open(`file://${bare}`);
    let other = '';
    try {
      const r = await publish(ws, {
        apply: async (root, attempt) => {
          if (attempt === 1)
            // Another writer wins the race: a late fact in an old folder and one of today.
            other = commitFiles(bare, {
              'data/15min/2025/06/01/0015.json': '[8]\n',
              'data/15min/2026/12/01/1000.json': '[9]\n',
            });
          write(root, 'data/15min/2026/12/01/1015.json', '[2]\n');
        },
        message: () => 'run',
        push: true,
        clock,
        random: () => 0,
        backoffMs: 1,
        logger: silentLogger,
      });
      expect(r.attempts).toBe(2);
    } finally {
      await ws.release();
    }
    expect(gitOut(bare, 'rev-parse', 'main^')).toBe(other);
    const after = tree(bare);
    expect(after.has('data/15min/2025/06/01/0015.json') && after.has('data/15min/2026/12/01/1000.json')).toBe(
      true,
    );
    expect(after.has('data/15min/2026/12/01/1015.json')).toBe(true);
  });

  it('a write outside the checked-out folders publishes nothing there: a new file fails the run, an old one stays as it was', async () => {
    dir = tempDir();
    const bare = bareRepo(dir.path);
    seed(bare);
    const tip = gitOut(bare, 'rev-parse', 'main');
    const run = async (path: string) => {
      const ws = await open(bare);
      try {
        return await publish(ws, {
          apply: async (root) => write(root, path, '[0]\n'),
          message: () => 'run',
          push: true,
          clock,
          logger: silentLogger,
        });
      } finally {
        await ws.release();
      }
    };
    await expect(run('data/15min/2025/06/01/0030.json')).rejects.toThrow(/outside of your sparse-checkout/);
    expect((await run('data/15min/2025/06/01/0000.json')).changed).toEqual([]);
    expect(gitOut(bare, 'rev-parse', 'main')).toBe(tip);
  });
});

describe('checkoutCone', () => {
  it('keeps each family from its newest day back, today and tomorrow, days after now, and every other folder', () => {
    const dirs = [
      'data',
      'data/15min',
      'data/15min/2026',
      'data/15min/2026/01',
      'data/15min/2026/01/02',
      'data/15min/2026/01/31',
      'data/15min/2026/02',
      'data/15min/2026/02/01',
      'data/15min/2027/01/01',
      'data/15min/odd',
      'data/retail',
      'data/retail/facts',
      'data/retail/legacy',
      'data/api',
      'data/api/ase',
      'tools',
    ];
    const cone = checkoutCone(dirs, new Date('2026-12-01T00:00:00Z'));
    // Retail stopped in February: its newest day and the 34 before it are read (the rebuild's window).
    expect(cone).toContain('data/15min/2026/02/01');
    expect(cone).toContain('data/15min/2026/01/02');
    expect(cone).toContain('data/15min/2027/01/01');
    expect(cone).toContain('data/15min/2026/12/02');
    expect(cone).toContain('data/retail/facts/2026/11/01');
    expect(cone).not.toContain('data/retail/facts/2026/10/27');
    expect(cone).toEqual(
      expect.arrayContaining(['data/15min/odd', 'data/retail/legacy', 'data/api', 'tools']),
    );
    expect(cone).not.toContain('data/api/ase');
    // The views' folder even before the first retail run writes it.
    expect(checkoutCone(['data', 'data/15min'], new Date('2026-12-01T00:00:00Z'))).toContain('data/api');
    expect(cone).not.toContain('data');
    expect(cone.filter((d) => d.startsWith('data/15min/')).length).toBeLessThan(80);
  });

  it('a run that reads fewer days (a spot poll: its backfill window and the facts before it) checks out only those', () => {
    const days = Array.from(
      { length: 40 },
      (_, i) => `data/15min/2026/11/${String((i % 30) + 1).padStart(2, '0')}`,
    );
    const dirs = ['data', 'data/15min', 'data/15min/2026', 'data/15min/2026/11', ...new Set(days)];
    const now = new Date('2026-11-30T12:00:00Z');
    const cone = checkoutCone(dirs, now, spotDaysRead(24));
    expect(spotDaysRead(24)).toBe(7);
    expect(cone).toContain('data/15min/2026/11/23');
    expect(cone).not.toContain('data/15min/2026/11/22');
    expect(cone).toContain('data/15min/2026/12/01'); // tomorrow, not written yet
    // The longest backfill (31 days) takes every day a run could write.
    expect(checkoutCone(dirs, now, spotDaysRead(744))).toContain('data/15min/2026/11/01');
  });
});
