/**
 * The last step guards the first rule: whatever built the tree, a commit that deletes a path under
 * data/ or removes an entry from a fact file (slot facts included) is refused, naming the path.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/data/logger.js';
import { systemClock } from '../../src/data/time.js';
import { CommitRefusedError, commitIndex, createCommit } from '../../src/git/commit.js';
import { publish } from '../../src/git/publish.js';
import { assertRefName } from '../../src/git/refs.js';
import { openWorkspace, type Workspace } from '../../src/git/workspace.js';
import { bareRepo, commitCount, gitOut, listFiles, tempDir } from '../helpers/git.js';

let dir: ReturnType<typeof tempDir>;
let ws: Workspace | undefined;
afterEach(async () => {
  await ws?.release();
  ws = undefined;
  dir?.remove();
});

const entry = (timestamp: string, metal: string, spot: number) => ({
  spot,
  metal,
  source: 'hourly',
  provider: 'replay',
  timestamp,
});
const HISTORY = 'data/spot-history-2026.json';
const SLOT = 'data/15min/2026/03/02/1500.json';
const RETAIL = 'data/retail/facts/2026/03/02/ase.json';
const lines = (items: unknown[]) => `[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]\n`;
const history = [
  entry('2026-03-01 15:00:00', 'Gold', 2900),
  entry('2026-03-01 15:00:00', 'Silver', 32),
  entry('2026-03-02 15:00:00', 'Gold', 2910),
  // An entry this toolkit cannot read (unknown metal): it must survive too.
  entry('2026-03-02 15:00:00', 'Rhodium', 4700),
];
const retail = [
  { observedAt: '2026-03-02T15:01:02Z', vendor: 'apmex', price: 35.5, inStock: true, method: 'table' },
  {
    observedAt: '2026-03-02T15:02:02Z',
    vendor: 'jmbullion',
    price: null,
    inStock: true,
    method: null,
    reason: 'timeout',
  },
];

async function seeded(): Promise<Workspace> {
  dir = tempDir();
  const repo = bareRepo(dir.path);
  const w = await openWorkspace({
    repo,
    branch: 'main',
    workdir: join(dir.path, 'w'),
    pollerId: 't',
    purpose: 'test',
    clock: systemClock,
    logger: silentLogger,
  });
  await publish(w, {
    apply: async (root) => {
      for (const [path, text] of [
        [HISTORY, lines(history)],
        [SLOT, lines(history.slice(0, 2))],
        [RETAIL, lines(retail)],
        ['data/api/manifest.json', '{}\n'],
      ] as const) {
        mkdirSync(join(root, path, '..'), { recursive: true });
        writeFileSync(join(root, path), text);
      }
    },
    message: () => 'seed',
    push: true,
    clock: systemClock,
    logger: silentLogger,
  });
  return w;
}

/** Commits the index and checks the commit became HEAD (what a user would see in `git log`). */
async function commits(w: Workspace, message: string): Promise<void> {
  const commit = await commitIndex(w.git, message);
  expect(commit).toMatch(/^[0-9a-f]{40}$/);
  expect(await w.head()).toBe(commit);
}

async function refusal(w: Workspace): Promise<string> {
  await w.git(['add', '-A', '--', 'data']);
  const err = await commitIndex(w.git, 'hand-made').catch((e) => e);
  expect(err).toBeInstanceOf(CommitRefusedError);
  return (err as Error).message;
}

describe('the commit guard', () => {
  it('refuses a commit that deletes a file under data/, naming it', async () => {
    ws = await seeded();
    const head = await ws.head();
    unlinkSync(join(ws.dir, 'data/api/manifest.json'));
    expect(await refusal(ws)).toMatch(/data\/api\/manifest\.json deletes it/);
    expect(await ws.head()).toBe(head);
  });

  it('refuses a spot history cut short, naming the file and the entries', async () => {
    ws = await seeded();
    writeFileSync(join(ws.dir, HISTORY), lines(history.slice(0, 1)));
    const message = await refusal(ws);
    expect(message).toMatch(/data\/spot-history-2026\.json removes 3 entries/);
    expect(message).toMatch(/silver/);
    // An unreadable entry is identified by its content, so dropping it is refused as well.
    writeFileSync(join(ws.dir, HISTORY), lines(history.slice(0, 3)));
    expect(await refusal(ws)).toMatch(/spot-history-2026\.json removes 1 entry \(.*rhodium/i);
  });

  it('lets a history grow, reordered and reformatted, and a torn slot be repaired', async () => {
    ws = await seeded();
    const grown = [entry('2026-03-03 15:00:00', 'Gold', 2920), ...[...history].reverse()];
    writeFileSync(join(ws.dir, HISTORY), `${JSON.stringify(grown, null, 2)}\n`);
    await ws.git(['add', '-A', '--', 'data']);
    await commits(ws, 'grow');
    // A torn slot fact (as a crashed older tool left one) holds no data: repairing it is allowed.
    const torn = 'data/15min/2026/03/02/1515.json';
    writeFileSync(join(ws.dir, torn), '\0\0\0');
    await ws.git(['add', '-A', '--', 'data']);
    await commits(ws, 'torn');
    writeFileSync(join(ws.dir, torn), lines(history.slice(0, 2)));
    await ws.git(['add', '-A', '--', 'data']);
    await commits(ws, 'repaired');
    // Tearing a readable one is not.
    writeFileSync(join(ws.dir, SLOT), '\0\0\0');
    expect(await refusal(ws)).toMatch(
      /1500\.json replaces a readable fact file with one that is not a JSON array/,
    );
  });

  it('refuses a slot fact and a retail fact file that lost an entry', async () => {
    ws = await seeded();
    writeFileSync(join(ws.dir, SLOT), lines(history.slice(1, 2)));
    expect(await refusal(ws)).toMatch(/data\/15min\/2026\/03\/02\/1500\.json removes 1 entry \(.*gold/);
    await ws.git(['checkout', 'HEAD', '--', SLOT]);
    writeFileSync(join(ws.dir, RETAIL), lines(retail.slice(1)));
    expect(await refusal(ws)).toMatch(
      /data\/retail\/facts\/2026\/03\/02\/ase\.json removes 1 entry \(.*apmex/,
    );
    await ws.git(['checkout', 'HEAD', '--', RETAIL]);
    writeFileSync(join(ws.dir, RETAIL), 'not json');
    expect(await refusal(ws)).toMatch(/ase\.json replaces a readable fact file/);
  });

  it('guards every code path: publish, and a tree built by hand (as sync builds them)', async () => {
    ws = await seeded();
    const repo = ws.remoteUrl;
    const before = commitCount(repo);
    const refused = await publish(ws, {
      apply: async (root) => unlinkSync(join(root, SLOT)),
      message: () => 'a run that deletes',
      push: true,
      clock: systemClock,
      logger: silentLogger,
    }).catch((e) => e);
    expect(refused).toBeInstanceOf(CommitRefusedError);
    expect(refused.message).toMatch(/data\/15min\/2026\/03\/02\/1500\.json deletes it/);
    expect(commitCount(repo)).toBe(before);
    expect(listFiles(repo)).toContain(SLOT);

    const head = (await ws.head())!;
    const empty = gitOut(ws.dir, 'mktree', '--missing');
    const err = await createCommit(ws.git, { tree: empty, parents: [head], message: 'empty' }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(CommitRefusedError);
    expect(err.message).toMatch(/deletes it/);
    // A symbolic link where data was.
    const link = execFileSync('git', ['-C', ws.dir, 'hash-object', '-w', '--stdin'], { input: '/etc/passwd' })
      .toString()
      .trim();
    await ws.git(['update-index', '--add', '--cacheinfo', `120000,${link},data/api/manifest.json`]);
    const symlink = await commitIndex(ws.git, 'symlink').catch((e) => e);
    expect(symlink.message).toMatch(/data\/api\/manifest\.json makes it a symbolic link/);
  });
});

describe('branch names from inputs', () => {
  it('git ref rules, no option, no forced refspec, not HEAD', () => {
    for (const ok of ['main', 'data/spot', 'release-1.2']) expect(assertRefName(ok)).toBe(ok);
    for (const [bad, why] of [
      ['--orphan', /must not start with "-"/],
      ['-f', /must not start with "-"/],
      ['+main', /must not start with "\+"/],
      ['HEAD', /must not be "HEAD"/],
      ['a..b', /\.\./],
      ['a b', /spaces/],
      ['x.lock', /\.lock/],
      ['a/.hidden', /start with "\."/],
      ['main/', /"\/"/],
      ['a@{1}', /@\{/],
      ['a\nb', /control characters/],
    ] as const) {
      expect(() => assertRefName(bad), bad).toThrow(why);
    }
  });
});
