/**
 * A filesystem that can fill up: B's persistent clone lives on its own small tmpfs, and the
 * full-disk fault shrinks that tmpfs to what it already holds, so every write meets ENOSPC as on a
 * full volume; the end of the fault gives the room back. Mounting needs root (CAP_SYS_ADMIN), as the
 * project's machines and CI have; without it the clone stays on the ordinary disk and the fault is
 * reported as skipped.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, statfsSync } from 'node:fs';

const ROOM = '2g'; // tmpfs takes memory only for what is written

export interface Disk {
  dir: string;
  /** False when no tmpfs could be mounted (then `fill` does nothing). */
  mounted: boolean;
  /** Full (no block left) or back to its room. */
  fill(full: boolean): void;
  unmount(): void;
}

const mount = (...args: string[]) => execFileSync('mount', args, { stdio: 'pipe', timeout: 10_000 });

export function tmpfsDisk(dir: string): Disk {
  mkdirSync(dir, { recursive: true });
  let mounted = false;
  try {
    mount('-t', 'tmpfs', '-o', `size=${ROOM},mode=0755`, 'soak-b-disk', dir);
    mounted = true;
  } catch {}
  return {
    dir,
    mounted,
    fill(full) {
      if (!mounted) return;
      if (!full) return void mount('-o', `remount,size=${ROOM}`, dir);
      const s = statfsSync(dir);
      // What is in use now, rounded up to whole pages: nothing more fits.
      const used = Math.max(1, s.blocks - s.bfree) * s.bsize;
      mount('-o', `remount,size=${used}`, dir);
    },
    unmount() {
      if (!mounted) return;
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe', timeout: 10_000 });
      } catch {}
      mounted = false;
    },
  };
}

/** statfs(2) type of a tmpfs. */
const TMPFS_MAGIC = 0x01021994;

/**
 * Where the soak keeps its repositories and the runs' temporary clones: a tmpfs when the machine
 * has one anybody may write to (/dev/shm), else the ordinary temporary folder. Creating and removing
 * a fresh clone's files every run costs the kernel several times as much on a disk's filesystem;
 * what the soak checks does not depend on the filesystem (B's clone has a tmpfs of its own anyway).
 */
export function memoryTmpdir(fallback: string): string {
  try {
    const s = statfsSync('/dev/shm');
    if (s.type === TMPFS_MAGIC) {
      accessSync('/dev/shm', constants.W_OK);
      return '/dev/shm';
    }
  } catch {}
  return fallback;
}
