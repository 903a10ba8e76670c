import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { syncRepos } from '../../src/sync/sync.js';
import { commitFiles, tempDir } from '../helpers/git.js';
import { collectingLogger } from '../helpers/logger.js';
import { bare, dataFiles, dataTree, git, slotsFrom, spotTree } from './repos.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('sync-race-');
});
afterEach(() => tmp.remove());

it('a poller pushing to one side while the sync runs: both its commit and the sync survive', async () => {
  const a = bare(tmp.path, 'a.git');
  const b = bare(tmp.path, 'b.git');
  commitFiles(a, await spotTree(slotsFrom(new Date('2026-03-10T10:00:00Z'), 4)), 'A polls hour 10');
  commitFiles(b, await spotTree(slotsFrom(new Date('2026-03-10T12:00:00Z'), 4)), 'B polls hour 12');

  // The moment the sync pushes to A, a real poller process (its own clone, publish with retry) pushes
  // a new slot to A first: the sync's push then finds A moved.
  const mark = join(tmp.path, 'poller-ran');
  const log = join(tmp.path, 'poller.log');
  const repoRoot = resolve(import.meta.dirname, '../..');
  const hook = join(a, 'hooks', 'pre-receive');
  writeFileSync(
    hook,
    `#!/bin/sh
cat >/dev/null
[ -e '${mark}' ] && exit 0
touch '${mark}'
cd '${repoRoot}' && env -u GIT_DIR -u GIT_QUARANTINE_PATH -u GIT_OBJECT_DIRECTORY -u GIT_ALTERNATE_OBJECT_DIRECTORIES -u GIT_PROTOCOL \\
  node_modules/.bin/tsx test/sync/poller.ts '${a}' 2026-03-10T16:15:00Z >'${log}' 2>&1
exit 0
`,
  );
  chmodSync(hook, 0o755);

  const logger = collectingLogger();
  const result = await syncRepos({
    a: { repo: a, branch: 'main' },
    b: { repo: b, branch: 'main' },
    push: true,
    dryRun: false,
    pollerId: 'race',
    clock: systemClock,
    random: () => 0.5,
    backoffMs: 50,
    logger,
  });

  expect(existsSync(mark), 'the poller ran inside the sync').toBe(true);
  expect(readFileSync(log, 'utf8')).toMatch(/Pushed/);
  const pollerCommit = git(a, 'log', '--format=%H', '--grep=poller: slot', 'main');
  expect(pollerCommit).toMatch(/^[0-9a-f]{40}$/);
  // Nothing lost: the poller's commit is in A's history, its slot is on both sides.
  git(a, 'merge-base', '--is-ancestor', pollerCommit, 'main');
  expect(result.attempts).toBeGreaterThan(1);
  expect(logger.lines.join('\n')).toMatch(/warning: Push rejected for A/);
  for (const repo of [a, b]) {
    const files = dataFiles(repo);
    expect(files.has('data/15min/2026/03/10/1615.json')).toBe(true);
    expect(files.has('data/15min/2026/03/10/1000.json')).toBe(true);
    expect(files.has('data/15min/2026/03/10/1200.json')).toBe(true);
  }
  expect(dataTree(a)).toBe(dataTree(b));
  expect(dataTree(a)).toBe(result.trees.a);
  // The sync's commit on A sits on top of the poller's.
  git(a, 'merge-base', '--is-ancestor', result.a.commit!, 'main');
  git(a, 'merge-base', '--is-ancestor', pollerCommit, result.a.commit!);
});
