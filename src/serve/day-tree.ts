/**
 * Parsed files of a `base/YYYY/MM/DD/*.json` tree, kept current by cheap checks: a day directory
 * is re-read only when its mtime changed (creating, renaming or deleting a file in it changes
 * it; every writer of ours writes by rename, and git checkouts replace files the same way), and a
 * file is re-parsed only when its (inode, size, mtime) changed. fs.watch is not relied upon.
 * A file larger than `maxFileBytes` is skipped with a warning: a slot file is under a kilobyte,
 * and parsing an 80 MB one would hold the event loop (every request) for seconds.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../data/logger.js';

interface Day<T> {
  mtimeMs: number;
  files: Map<string, { version: string; value: T | undefined }>;
}

const FILE_NAME = /^\d{2}(\d{2})?\.json$/;

/** Far above any real slot, hourly or exchange-rate file (a few kilobytes at most). */
export const MAX_FACT_FILE_BYTES = 1024 * 1024;

const isMissing = (err: unknown) => ['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '');

export class DayTree<T> {
  private readonly days = new Map<string, Day<T>>();

  /** `parse` returns undefined for a file that cannot be understood (it is then ignored). */
  constructor(
    private readonly dir: string,
    private readonly parse: (text: string, name: string, day: string) => T | undefined,
    private readonly logger?: Logger,
    private readonly maxFileBytes = MAX_FACT_FILE_BYTES,
  ) {}

  /** Brings `days` ("YYYY/MM/DD") up to date and forgets all others. True when anything changed. */
  async refresh(days: readonly string[]): Promise<boolean> {
    let changed = false;
    for (const day of this.days.keys()) {
      if (!days.includes(day)) {
        this.days.delete(day);
        changed = true;
      }
    }
    const results = await Promise.all(days.map((d) => this.refreshDay(d)));
    return changed || results.some(Boolean);
  }

  values(): T[] {
    const out: T[] = [];
    for (const day of this.days.values()) for (const f of day.files.values()) if (f.value) out.push(f.value);
    return out;
  }

  private async refreshDay(day: string): Promise<boolean> {
    const path = join(this.dir, day);
    const known = this.days.get(day);
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(path)).mtimeMs;
    } catch (err) {
      if (!isMissing(err)) throw err;
      return this.days.delete(day);
    }
    if (known?.mtimeMs === mtimeMs) return false;
    const names = (await readdir(path).catch(() => [] as string[])).filter((n) => FILE_NAME.test(n));
    const files: Day<T>['files'] = new Map();
    let changed = !known || known.files.size !== names.length;
    await Promise.all(
      names.map(async (name) => {
        const file = join(path, name);
        const st = await stat(file).catch(() => undefined);
        if (!st?.isFile()) return;
        const version = `${st.ino}:${st.size}:${st.mtimeMs}`;
        const had = known?.files.get(name);
        if (had?.version === version) {
          files.set(name, had);
          return;
        }
        changed = true;
        if (st.size > this.maxFileBytes) {
          this.logger?.warning(
            `index: skipped ${join(day, name)} under ${this.dir}: ${st.size} bytes, over the ${this.maxFileBytes}-byte bound`,
          );
          files.set(name, { version, value: undefined });
          return;
        }
        const text = await readFile(file, 'utf8').catch(() => undefined);
        files.set(name, { version, value: text === undefined ? undefined : this.parse(text, name, day) });
      }),
    );
    this.days.set(day, { mtimeMs, files });
    return changed;
  }
}

/** The newest day directory ("YYYY/MM/DD") under `dir` that holds a JSON file, by name. */
export async function newestDays(dir: string, limit: number): Promise<string[]> {
  const out: string[] = [];
  const desc = async (p: string, re: RegExp) =>
    (await readdir(p).catch(() => [] as string[]))
      .filter((n) => re.test(n))
      .sort()
      .reverse();
  for (const y of await desc(dir, /^\d{4}$/)) {
    for (const m of await desc(join(dir, y), /^\d{2}$/)) {
      for (const d of await desc(join(dir, y, m), /^\d{2}$/)) {
        if ((await desc(join(dir, y, m, d), FILE_NAME)).length === 0) continue;
        out.push(`${y}/${m}/${d}`);
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}
