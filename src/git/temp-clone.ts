/**
 * The clone of a run without a workdir (GitHub Actions): made to be thrown away, so it holds only
 * what the run reads or writes. One commit deep, blobs fetched only for the folders checked out
 * (`--filter=blob:none`, where the server allows it: GitHub does; a local path copies its objects
 * instead), and a sparse checkout in cone mode of the folders `checkoutCone` names (src/data).
 *
 * Every other file stays in the index as skip-worktree (a sparse index folds whole folders), so a
 * commit's tree keeps it unchanged, and `git add` never stages it as deleted; a run that writes a
 * file outside the checked-out folders fails at `git add` and commits nothing.
 */
import { checkoutCone } from '../data/checkout-window.js';
import type { GitOptions, GitResult } from './exec.js';

const PLAIN_FOLDER = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

type RunIn = (args: readonly string[], options?: Omit<GitOptions, 'cwd' | 'env'>) => Promise<GitResult>;

/** `git clone` of `branch` into `into` (relative to the run's folder); the clone's result as git gave it. */
export async function cloneTemporary(
  run: RunIn,
  o: { remoteUrl: string; branch: string; into: string; now: Date; recentDays?: number },
): Promise<GitResult> {
  const clone = await run(
    [
      'clone',
      '--quiet',
      '--no-tags',
      '--single-branch',
      '--branch',
      o.branch,
      '--depth',
      '1',
      '--filter=blob:none',
      // Checks out the files at the top only; the folders follow once they are known.
      '--sparse',
      '--',
      o.remoteUrl,
      o.into,
    ],
    { okCodes: [128] },
  );
  if (clone.code !== 0) return clone;
  // Names become lines of git's pattern input: a folder named otherwise is left out (never checked out,
  // kept in the tree as it is; our runs write no such path).
  const dirs = (await run(['-C', o.into, 'ls-tree', '-r', '-d', '-z', '--name-only', 'HEAD'])).stdout
    .split('\0')
    .filter((d) => PLAIN_FOLDER.test(d));
  const cone = checkoutCone(dirs, o.now, o.recentDays);
  await run(['-C', o.into, 'sparse-checkout', 'set', '--cone', '--sparse-index', '--stdin'], {
    input: `${cone.join('\n')}\n`,
  });
  return clone;
}
