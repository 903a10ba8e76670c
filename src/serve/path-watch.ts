/**
 * Tells cache entries that a file they were built from may have changed, without a `stat` per
 * request: every directory on an entry's paths (request path and real path, from the checkout's
 * root down) is watched (inotify through `fs.watch`, one watch per directory shared by all entries
 * under it), and an event naming the next component of an entry's path — the file itself, or a
 * directory or symlink above it being replaced — invalidates the entry. Writers publish by rename
 * and `git` rewrites files in place: both raise events in the file's directory.
 *
 * Events can be lost (the kernel's queue overflows silently under a burst of changes), so this is
 * the fast path, not the only one: the cache still confirms each entry with a `stat` now and then.
 * Bounded: at most `maxDirs` directories watched; an entry that cannot be watched (bound reached,
 * watch refused) is reported unwatched, and the cache checks it by `stat` on every request.
 */
import { type FSWatcher, watch } from 'node:fs';
import { basename, sep } from 'node:path';

export interface Watched {
  /** Called (once) when something on the entry's paths changed. */
  invalidate(): void;
}

interface Dir {
  watcher: FSWatcher;
  /** Entries under this directory, by the name of the component that leads to them. */
  children: Map<string, Set<Watched>>;
  users: number;
}

/** [directory, child name] pairs from `top` (a directory) down to `path`. */
function steps(top: string, path: string): [string, string][] {
  if (!path.startsWith(top + sep)) return [];
  const out: [string, string][] = [];
  let dir = top;
  for (const name of path.slice(top.length + 1).split(sep)) {
    out.push([dir, name]);
    dir = `${dir}${sep}${name}`;
  }
  return out;
}

export class PathWatches {
  private readonly dirs = new Map<string, Dir>();
  private readonly held = new Map<Watched, [string, string][]>();

  constructor(private readonly maxDirs = 4_096) {}

  /** Directories watched now (≤ maxDirs). */
  get size(): number {
    return this.dirs.size;
  }

  /**
   * Watches the way from each `[top, path]` pair's `top` directory down to its `path`. Call before
   * reading the file: a change made after this returns is reported. False when it cannot watch
   * (then nothing is held for the entry).
   */
  add(entry: Watched, ways: readonly (readonly [top: string, path: string])[]): boolean {
    const pairs = new Map<string, [string, string]>();
    for (const [top, path] of ways) for (const s of steps(top, path)) pairs.set(`${s[0]}\0${s[1]}`, s);
    const list = [...pairs.values()];
    const missing = new Set(list.map(([dir]) => dir).filter((dir) => !this.dirs.has(dir)));
    if (list.length === 0 || this.dirs.size + missing.size > this.maxDirs) return false;
    for (const dir of missing) {
      try {
        this.open(dir);
      } catch {
        for (const d of missing) this.closeIfUnused(d);
        return false;
      }
    }
    for (const [dir, name] of list) {
      const d = this.dirs.get(dir)!;
      const set = d.children.get(name) ?? new Set();
      d.children.set(name, set);
      set.add(entry);
      d.users++;
    }
    this.held.set(entry, list);
    return true;
  }

  /** Stops watching for `entry` (directories nobody else needs are unwatched). */
  remove(entry: Watched): void {
    const list = this.held.get(entry);
    if (!list) return;
    this.held.delete(entry);
    for (const [dir, name] of list) {
      const d = this.dirs.get(dir);
      if (!d) continue;
      const set = d.children.get(name);
      if (set?.delete(entry)) d.users--;
      if (set?.size === 0) d.children.delete(name);
      this.closeIfUnused(dir);
    }
  }

  close(): void {
    for (const d of this.dirs.values()) d.watcher.close();
    this.dirs.clear();
    this.held.clear();
  }

  private open(dir: string) {
    const watcher = watch(dir, { persistent: false });
    const d: Dir = { watcher, children: new Map(), users: 0 };
    this.dirs.set(dir, d);
    watcher.on('change', (_type, name) => {
      // The directory itself removed or moved (libuv names it by its own basename), or a name we
      // cannot tell apart from that: everything under it is suspect.
      const whole = name === null || name === basename(dir);
      const hit = whole
        ? [...d.children.values()].flatMap((s) => [...s])
        : [...(d.children.get(String(name)) ?? [])];
      for (const entry of hit) this.fire(entry);
    });
    // A watch that fails (directory gone, too many watches) reports nothing more: drop its entries.
    watcher.on('error', () => {
      for (const entry of [...d.children.values()].flatMap((s) => [...s])) this.fire(entry);
      watcher.close();
      if (this.dirs.get(dir) === d) this.dirs.delete(dir);
    });
  }

  private fire(entry: Watched) {
    this.remove(entry);
    entry.invalidate();
  }

  private closeIfUnused(dir: string) {
    const d = this.dirs.get(dir);
    if (d && d.users === 0) {
      d.watcher.close();
      this.dirs.delete(dir);
    }
  }
}
