import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { openMultiRemoteClone } from '../../src/git/multi-remote.js';
import { bareRepo, commitFiles, gitOut, tempDir } from '../helpers/git.js';

const dirs: Array<{ remove(): void }> = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

describe('multi-remote clone', () => {
  it('fetches a tip without its history, and the history behind a commit only when asked', async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const repo = bareRepo(tmp.path, 'a.git', { allowFilter: true });
    for (const n of [1, 2, 3]) commitFiles(repo, { [`data/${n}.json`]: `${n}\n` }, `commit ${n}`);
    const clone = await openMultiRemoteClone({
      remotes: [{ name: 'a', repo, branch: 'main' }],
      pollerId: 'test',
      clock: systemClock,
    });
    try {
      const tip = await clone.fetch('a');
      expect(tip).toBe(gitOut(repo, 'rev-parse', 'main'));
      expect(gitOut(clone.dir, 'rev-list', '--count', tip!)).toBe('1');
      // The branch moves on meanwhile: the history fetched is the one behind the tip that was read.
      commitFiles(repo, { 'data/4.json': '4\n' }, 'commit 4');
      await clone.fetchHistory('a', tip!);
      expect(gitOut(clone.dir, 'rev-list', '--count', tip!)).toBe('3');
      expect(gitOut(clone.dir, 'rev-parse', 'refs/remotes/a/main')).toBe(tip);
    } finally {
      await clone.release();
    }
  });
});
