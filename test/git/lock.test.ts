/**
 * The lock of a working clone (src/git/lock.ts): exclusive between real processes, including while
 * stale locks are being cleared; stale only when its owner cannot be alive.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { acquireLock, LockBusyError, processStart } from '../../src/git/lock.js';
import { tempDir } from '../helpers/git.js';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

const CONTENDER = join(import.meta.dirname, 'lock-contender.ts');

interface Hold {
  pid: number;
  start: number;
  end: number;
  alone: boolean;
}

async function contend(processes: number, each: number, abandon: boolean): Promise<Hold[]> {
  dir = tempDir();
  const lock = join(dir.path, '.staktrakr.lock');
  const marker = join(dir.path, 'inside');
  const exits = Array.from({ length: processes }, () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CONTENDER, lock, marker, String(each), abandon ? '1' : '0'],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    return new Promise<number | null>((resolve) => child.on('close', resolve));
  });
  expect(await Promise.all(exits)).toEqual(Array(processes).fill(0));
  return readFileSync(`${marker}.log`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Hold);
}

/** Pairs of holds that overlap in time. */
function overlaps(holds: Hold[]): string[] {
  const sorted = [...holds].sort((a, b) => a.start - b.start);
  const found: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (b.start < a.end) found.push(`${a.pid} [${a.start}, ${a.end}] and ${b.pid} [${b.start}, ${b.end}]`);
  }
  return found;
}

describe('one writer at a time, between real processes', () => {
  it('8 processes, 128 acquisitions: no two holds overlap', async () => {
    const holds = await contend(8, 16, false);
    expect(holds).toHaveLength(128);
    expect(holds.filter((h) => !h.alone)).toEqual([]);
    expect(overlaps(holds)).toEqual([]);
  }, 120_000);

  it('8 processes that each die holding their last lock: the stale locks are cleared, still no overlap', async () => {
    const holds = await contend(8, 16, true);
    expect(holds).toHaveLength(128);
    expect(holds.filter((h) => !h.alone)).toEqual([]);
    expect(overlaps(holds)).toEqual([]);
  }, 120_000);
});

const lockFile = () => {
  dir = tempDir();
  return join(dir.path, '.staktrakr.lock');
};
const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
const write = (path: string, info: Record<string, unknown>, ageMs = 0) => {
  writeFileSync(path, JSON.stringify({ since: 'x', purpose: 'other', nonce: 'abc123', ...info }));
  const t = new Date(Date.now() - ageMs);
  utimesSync(path, t, t);
};
const deadPid = () =>
  Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
      .stdout,
  );

describe('a lock is stale only when its owner cannot be alive', () => {
  it('a live holder keeps it; its release frees it', async () => {
    const path = lockFile();
    const held = await acquireLock(path, 'first', systemClock);
    const busy = await acquireLock(path, 'second', systemClock).catch((e) => e);
    expect(busy).toBeInstanceOf(LockBusyError);
    expect(busy.message).toMatch(new RegExp(`locked by pid ${process.pid} on .* \\(first, since`));
    await held.release();
    expect(existsSync(path)).toBe(false);
    await (await acquireLock(path, 'third', systemClock)).release();
  });

  it('a dead pid on this machine: cleared at once', async () => {
    const path = lockFile();
    write(path, { pid: deadPid(), host: hostname(), boot });
    const taken = await acquireLock(path, 'after crash', systemClock);
    expect(taken.recoveredStale).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    await taken.release();
  });

  it('PID 1 (alive) with another start time: a reused pid, cleared at once', async () => {
    const path = lockFile();
    const start = processStart(1);
    expect(start).toBeDefined();
    write(path, { pid: 1, host: hostname(), boot, start: String(Number(start) + 12345) });
    const taken = await acquireLock(path, 'after restart', systemClock);
    expect(taken.recoveredStale).toBe(true);
    await taken.release();
  });

  it('a live unrelated pid with another start time: cleared; with its own start time: kept', async () => {
    const path = lockFile();
    const sleeper = spawn('sleep', ['30']);
    try {
      const start = processStart(sleeper.pid!)!;
      write(path, { pid: sleeper.pid, host: hostname(), boot, start });
      await expect(acquireLock(path, 'x', systemClock)).rejects.toThrow(LockBusyError);
      write(path, { pid: sleeper.pid, host: hostname(), boot, start: String(Number(start) - 1) });
      const taken = await acquireLock(path, 'x', systemClock);
      expect(taken.recoveredStale).toBe(true);
      await taken.release();
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('the same host after a reboot: cleared', async () => {
    const path = lockFile();
    write(path, {
      pid: process.pid,
      host: hostname(),
      boot: 'another-boot',
      start: processStart(process.pid),
    });
    const taken = await acquireLock(path, 'x', systemClock);
    expect(taken.recoveredStale).toBe(true);
    await taken.release();
  });

  it('another hostname: waited for while its heartbeat is fresh, cleared once it is old', async () => {
    const path = lockFile();
    // Our own pid on another host means nothing here: only the heartbeat counts.
    write(path, { pid: process.pid, host: 'recreated-container', boot }, 5_000);
    const busy = await acquireLock(path, 'x', systemClock, { waitMs: 700 }).catch((e) => e);
    expect(busy).toBeInstanceOf(LockBusyError);
    expect(busy.message).toMatch(/on recreated-container/);
    expect(existsSync(path)).toBe(true);
    write(path, { pid: process.pid, host: 'recreated-container', boot }, 3 * 60_000);
    const taken = await acquireLock(path, 'x', systemClock);
    expect(taken.recoveredStale).toBe(true);
    await taken.release();
  });

  it('the holder refreshes its heartbeat', async () => {
    const path = lockFile();
    const held = await acquireLock(path, 'x', systemClock, { heartbeatMs: 50 });
    const old = new Date(Date.now() - 3 * 60_000);
    utimesSync(path, old, old);
    await new Promise((r) => setTimeout(r, 300));
    const { mtimeMs } = await import('node:fs').then((fs) => fs.statSync(path));
    expect(Date.now() - mtimeMs).toBeLessThan(5_000);
    await held.release();
  });

  it('an empty or torn lock file is a crash leftover (locks are linked into place whole): cleared', async () => {
    for (const torn of ['', '{"pid": 12', '\0\0\0\0']) {
      const path = lockFile();
      writeFileSync(path, torn);
      const taken = await acquireLock(path, 'x', systemClock);
      expect(taken.recoveredStale).toBe(true);
      await taken.release();
      dir.remove();
    }
  });

  it('a clearer that died holding its token does not wedge the lock', async () => {
    const path = lockFile();
    write(path, { pid: deadPid(), host: hostname(), boot, nonce: 'deadbeef' });
    write(`${path}.clear-deadbeef`, { pid: deadPid(), host: hostname(), boot, nonce: 'cafe' });
    const taken = await acquireLock(path, 'x', systemClock, { waitMs: 2_000 });
    expect(taken.recoveredStale).toBe(true);
    await taken.release();
  });
});
