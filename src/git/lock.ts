/**
 * One writer per working clone, across processes, containers and hosts sharing a volume.
 *
 * Creation is atomic with full content: the record is written to a temporary file, synced, then
 * `link`ed to the lock path; EEXIST means busy. So a lock file is never seen half-written, and an
 * unreadable one can only be a leftover of a crash or foreign junk: it is stale at once.
 *
 * The owner is a pid plus what makes a pid unambiguous: the kernel's boot id, the pid namespace and
 * the process's start time (/proc/<pid>/stat field 22), and the hostname. The holder also touches
 * the file's mtime every few seconds (a heartbeat). A lock is stale only when its owner cannot be
 * alive:
 * - same host, boot and pid namespace: the pid is gone, or now belongs to a process started at
 *   another time (pid reuse: node is PID 1 after every container restart);
 * - same host, another boot: stale;
 * - same host and boot, another pid namespace (a restarted container): heartbeat older than
 *   `SAME_KERNEL_STALE_MS`; another host (a recreated container on a shared volume): heartbeat older
 *   than `OTHER_HOST_STALE_MS`.
 *
 * Clearing a stale lock is race-free: a clearer first takes a token named for that very lock file
 * (its nonce), created the same atomic way, then removes the lock only if it is still the same file.
 * Two clearers of one stale lock cannot both pass; a clearer that comes later finds another file
 * (a new lock or none) and leaves it alone. A token left by a clearer that died is itself cleared by
 * the same rule.
 */

import { readFileSync, readlinkSync } from 'node:fs';
import { link, open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomHex } from '../data/atomic.js';
import type { Clock } from '../data/time.js';
import { currentAbortSignal } from './exec.js';

export interface LockInfo {
  pid: number;
  host: string;
  /** /proc/sys/kernel/random/boot_id of the holder's kernel. */
  boot?: string;
  /** The holder's pid namespace (`pid:[inode]`). */
  pidns?: string;
  /** Start time of the holder process in clock ticks after boot (/proc/<pid>/stat field 22). */
  start?: string;
  since: string;
  purpose: string;
  /** Unique per lock file: what a clearer's token is named for. */
  nonce?: string;
}

export interface Lock {
  path: string;
  release(): Promise<void>;
  /** True when a stale lock of a dead process was cleared to take this one. */
  recoveredStale: boolean;
}

export interface LockOptions {
  /** How long to wait for a live holder; 0: fail at once. */
  waitMs?: number;
  heartbeatMs?: number;
}

/** The lock of a working clone: beside its `.git`, so it exists before the clone does. */
export const cloneLockPath = (workdir: string) => join(workdir, '.staktrakr.lock');

export const HEARTBEAT_MS = 10_000;
/** Same kernel, so no clock skew: three missed heartbeats. */
export const SAME_KERNEL_STALE_MS = 3 * HEARTBEAT_MS;
/** Another host's clock may be skewed: a wider bound. */
export const OTHER_HOST_STALE_MS = 2 * 60_000;

const readTrim = (path: string) => {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
};

/** Start time of `pid` (clock ticks after boot), undefined when it is not running or /proc is absent. */
export function processStart(pid: number): string | undefined {
  const stat = readTrim(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function me(): Omit<LockInfo, 'since' | 'purpose' | 'nonce'> {
  let pidns: string | undefined;
  try {
    pidns = readlinkSync('/proc/self/ns/pid');
  } catch {}
  return {
    pid: process.pid,
    host: hostname(),
    boot: readTrim('/proc/sys/kernel/random/boot_id'),
    pidns,
    start: processStart(process.pid),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why the holder cannot be alive, or undefined when it may be. */
export function staleReason(holder: LockInfo, heartbeatAgeMs: number): string | undefined {
  const self = me();
  if (holder.host === self.host && (!holder.boot || !self.boot || holder.boot === self.boot)) {
    if (!holder.pidns || !self.pidns || holder.pidns === self.pidns) {
      if (!Number.isInteger(holder.pid) || holder.pid <= 0 || !alive(holder.pid)) {
        return `process ${holder.pid} is gone`;
      }
      const start = holder.start && processStart(holder.pid);
      if (start && start !== holder.start) return `pid ${holder.pid} now belongs to another process`;
      return undefined;
    }
    return heartbeatAgeMs > SAME_KERNEL_STALE_MS
      ? `its pid namespace is gone and its heartbeat stopped ${Math.round(heartbeatAgeMs / 1000)} s ago`
      : undefined;
  }
  if (holder.host === self.host) return 'it was taken before the machine restarted';
  return heartbeatAgeMs > OTHER_HOST_STALE_MS
    ? `host ${holder.host} stopped its heartbeat ${Math.round(heartbeatAgeMs / 1000)} s ago`
    : undefined;
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

interface Seen {
  text: string;
  ino: number;
  mtimeMs: number;
}

async function inspect(path: string): Promise<Seen | undefined> {
  try {
    const [text, s] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { text, ino: s.ino, mtimeMs: s.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Creates `path` with `text` in one step (temp file, sync, link). False when it exists. */
async function createWhole(path: string, text: string): Promise<boolean> {
  const temp = `${path}.${process.pid}-${randomHex(12)}.tmp`;
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

function parseLock(text: string): LockInfo | undefined {
  try {
    const info = JSON.parse(text) as LockInfo;
    return info && typeof info.pid === 'number' && typeof info.host === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

const record = (purpose: string, clock: Clock): LockInfo => ({
  ...me(),
  since: clock.now().toISOString(),
  purpose,
  nonce: randomHex(24),
});

/** Removes the file `seen` at `path` if it is still that file, under a token only one clearer gets. */
async function clearStale(path: string, seen: Seen, clock: Clock, depth = 0): Promise<boolean> {
  const holder = parseLock(seen.text);
  const key = holder?.nonce?.replace(/[^0-9a-f]/g, '') || `ino${seen.ino}-${Math.round(seen.mtimeMs)}`;
  const token = `${path}.clear-${key}`;
  const mine = record('clearing a stale lock', clock);
  if (!(await createWhole(token, JSON.stringify(mine)))) {
    // Another clearer is at it, or died at it: its token is judged like any lock.
    const other = depth < 3 ? await inspect(token) : undefined;
    const info = other && parseLock(other.text);
    if (other && (!info || staleReason(info, Date.now() - other.mtimeMs))) {
      await clearStale(token, other, clock, depth + 1);
    }
    return false;
  }
  try {
    const now = await inspect(path);
    if (!now || now.ino !== seen.ino || now.text !== seen.text) return false;
    await unlink(path);
    return true;
  } finally {
    await unlink(token).catch(() => {});
  }
}

export async function acquireLock(
  path: string,
  purpose: string,
  clock: Clock,
  options: LockOptions = {},
): Promise<Lock> {
  const signal = currentAbortSignal();
  const deadline = clock.now().getTime() + (options.waitMs ?? 0);
  const info = record(purpose, clock);
  const text = JSON.stringify(info);
  let recoveredStale = false;
  for (;;) {
    signal?.throwIfAborted();
    if (await createWhole(path, text)) break;
    const seen = await inspect(path);
    if (!seen) continue; // released meanwhile
    const holder = parseLock(seen.text);
    // Never half-written (see above): an unreadable lock is a crash leftover.
    const stale = holder ? staleReason(holder, Date.now() - seen.mtimeMs) : 'unreadable';
    if (stale) {
      if (await clearStale(path, seen, clock)) recoveredStale = true;
      else await clock.sleep(10 + Math.random() * 40, signal);
      continue;
    }
    if (clock.now().getTime() >= deadline) throw new LockBusyError(holder);
    await clock.sleep(100 + Math.random() * 150, signal);
  }

  const heartbeat = setInterval(() => {
    const now = new Date();
    void utimes(path, now, now).catch(() => {});
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  return {
    path,
    recoveredStale,
    release: async () => {
      clearInterval(heartbeat);
      // Only our own lock: never one a clearer judged stale and someone else took since.
      const now = await inspect(path).catch(() => undefined);
      if (now?.text === text) await unlink(path).catch(() => {});
    },
  };
}
