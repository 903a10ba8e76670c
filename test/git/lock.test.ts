import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { acquireLock, LockBusyError, lockPath } from '../../src/git/lock.js';
import { tempDir } from '../helpers/git.js';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

describe('one writer per clone', () => {
  it('a live holder keeps the lock; a dead one is cleared', async () => {
    dir = tempDir();
    const gitDir = join(dir.path, '.git');
    mkdirSync(gitDir);
    const held = await acquireLock(gitDir, 'first', systemClock);
    await expect(acquireLock(gitDir, 'second', systemClock)).rejects.toThrow(LockBusyError);
    await held.release();
    // A lock left by a process that has since died (a real pid, now gone).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(
      lockPath(gitDir),
      JSON.stringify({ pid: Number(dead.stdout), host: hostname(), since: 'x', purpose: 'crashed' }),
    );
    const taken = await acquireLock(gitDir, 'after crash', systemClock);
    expect(taken.recoveredStale).toBe(true);
    expect(JSON.parse(readFileSync(lockPath(gitDir), 'utf8')).pid).toBe(process.pid);
    await taken.release();
  });

  it('a torn lock file counts as stale', async () => {
    dir = tempDir();
    const gitDir = join(dir.path, '.git');
    mkdirSync(gitDir);
    writeFileSync(lockPath(gitDir), '');
    const taken = await acquireLock(gitDir, 'x', systemClock);
    expect(taken.recoveredStale).toBe(true);
    await taken.release();
  });
});
