/**
 * One writer per working clone: a lock file inside `.git` holding the owner's pid and host. A lock
 * whose process is gone (same host, pid not alive) is stale and cleared.
 */

import { link, open, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../data/time.js';

export interface LockInfo {
  pid: number;
  host: string;
  since: string;
  purpose: string;
}

export interface Lock {
  release(): Promise<void>;
  /** True when a stale lock of a dead process was cleared to take this one. */
  recoveredStale: boolean;
}

export const lockPath = (gitDir: string) => join(gitDir, 'staktrakr.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class LockBusyError extends Error {
  constructor(readonly holder: LockInfo | undefined) {
    super(
      holder
        ? `working clone is locked by pid ${holder.pid} on ${holder.host} (${holder.purpose}, since ${holder.since})`
        : 'working clone is locked by another process',
    );
    this.name = 'LockBusyError';
  }
}

export async function acquireLock(gitDir: string, purpose: string, clock: Clock, waitMs = 0): Promise<Lock> {
  const path = lockPath(gitDir);
  const deadline = clock.now().getTime() + waitMs;
  let recoveredStale = false;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      const info: LockInfo = {
        pid: process.pid,
        host: hostname(),
        since: clock.now().toISOString(),
        purpose,
      };
      await handle.writeFile(JSON.stringify(info));
      await handle.close();
      return { recoveredStale, release: () => rm(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const seen = await readFile(path, 'utf8').catch(() => undefined);
    if (seen === undefined) continue; // released meanwhile
    const holder = parseLock(seen);
    // A lock file we cannot parse was torn by a crash between create and write: stale as well.
    if (!holder || (holder.host === hostname() && !alive(holder.pid))) {
      await clearStale(path, seen);
      recoveredStale = true;
      continue;
    }
    if (clock.now().getTime() >= deadline) throw new LockBusyError(holder);
    await clock.sleep(200);
  }
}

function parseLock(text: string): LockInfo | undefined {
  try {
    const info = JSON.parse(text) as LockInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Two processes may find the same stale lock. Each moves it aside under a unique name and checks
 * that what it moved is the stale lock it saw; if it moved a fresh lock instead, it puts it back.
 */
async function clearStale(path: string, seen: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else moved it
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== seen) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}
