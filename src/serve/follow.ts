/**
 * `follow`: keep the served checkout fast-forwarded to its upstream (the Fly server serves a
 * clone that others push to). Fetch, then merge only when HEAD is an ancestor of the upstream
 * (`--ff-only`): local commits or uncommitted work are never discarded — a checkout that cannot
 * fast-forward is logged and left as it is. Runs under the working-clone lock, so it never
 * interleaves with a poller writing into the same checkout.
 */

import type { Logger } from '../data/logger.js';
import type { Clock } from '../data/time.js';
import { credentialEnv } from '../git/credentials.js';
import { GitError, git } from '../git/exec.js';
import { acquireLock, cloneLockPath, LockBusyError } from '../git/lock.js';
import { safeRemote } from '../git/workspace.js';

export type FollowOutcome = 'up-to-date' | 'fast-forwarded' | 'diverged' | 'busy' | 'failed';

export interface FollowOptions {
  dir: string;
  intervalMs: number;
  clock: Clock;
  logger: Logger;
  /** Environment for git (credentials from src/git/credentials.ts). */
  env?: NodeJS.ProcessEnv;
}

export interface Follower {
  /** One fetch + fast-forward now. */
  syncOnce(): Promise<FollowOutcome>;
  stop(): Promise<void>;
}

const describe = (err: unknown) =>
  safeRemote(err instanceof GitError ? err.result.stderr.trim() || err.message : String(err)).slice(0, 300);

export async function fastForward(options: Omit<FollowOptions, 'intervalMs'>): Promise<FollowOutcome> {
  const { logger } = options;
  const run = (args: string[], okCodes?: number[]) =>
    git(args, { cwd: options.dir, env: options.env, okCodes });
  let lock: Awaited<ReturnType<typeof acquireLock>>;
  try {
    const top = (await run(['rev-parse', '--show-toplevel'])).stdout.trim();
    lock = await acquireLock(cloneLockPath(top), 'serve follow', options.clock);
  } catch (err) {
    if (err instanceof LockBusyError) return 'busy';
    logger.warning(`follow: cannot use the checkout: ${describe(err)}`);
    return 'failed';
  }
  try {
    await run(['fetch', '--quiet', '--no-tags']);
    const head = (await run(['rev-parse', 'HEAD'])).stdout.trim();
    const upstream = (await run(['rev-parse', '@{upstream}'])).stdout.trim();
    if (head === upstream) return 'up-to-date';
    const ancestor = await run(['merge-base', '--is-ancestor', 'HEAD', '@{upstream}'], [1]);
    if (ancestor.code !== 0) {
      logger.warning(
        `follow: ${head.slice(0, 12)} has commits the remote lacks; not fast-forwardable, checkout left as is`,
      );
      return 'diverged';
    }
    await run(['merge', '--ff-only', '--quiet', '@{upstream}']);
    logger.info(`follow: fast-forwarded ${head.slice(0, 12)} → ${upstream.slice(0, 12)}`);
    return 'fast-forwarded';
  } catch (err) {
    logger.warning(`follow: fetch or fast-forward failed, checkout left as is: ${describe(err)}`);
    return 'failed';
  } finally {
    await lock.release();
  }
}

/** Runs `fastForward` now and then every `intervalMs` until stopped. */
export function startFollow(o: FollowOptions): Follower {
  const stopped = new AbortController();
  let current: Promise<FollowOutcome> | undefined;
  const syncOnce = () => {
    current ??= fastForward(o).finally(() => {
      current = undefined;
    });
    return current;
  };
  const loop = (async () => {
    while (!stopped.signal.aborted) {
      await syncOnce();
      await o.clock.sleep(o.intervalMs, stopped.signal).catch(() => undefined);
    }
  })();
  return {
    syncOnce,
    stop: async () => {
      stopped.abort();
      await loop;
    },
  };
}

/** Environment that lets git fetch the checkout's private origin with `token` (none without one). */
export async function followCredentials(
  dir: string,
  token: string | undefined,
): Promise<NodeJS.ProcessEnv | undefined> {
  if (!token) return undefined;
  const remote = await git(['remote', 'get-url', 'origin'], { cwd: dir });
  return credentialEnv(remote.stdout.trim(), token);
}
