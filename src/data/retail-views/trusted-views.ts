/**
 * History views this rebuild wrote itself (or found byte for byte as it would write them) need no
 * schema check when read back: their entries are what the strict writer checked, in its key order.
 * history.json keeps every date, so at two years its schema check would cost more than the rest of a
 * run. Each such file's stat (inode, size, mtime in ns) is kept in the cache folder; a file replaced
 * or edited since (a checkout, a sync, a person) has another stat and is checked again. As for the
 * day cache, a file is trusted only when it is older than the record, so an edit in the same
 * timestamp tick is never missed.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextIfExists, writeFileAtomic } from '../atomic.js';
import { parseJson } from '../json.js';

const FILE = 'views.json';
const VERSION = 1;

async function stamp(path: string): Promise<{ key: string; mtimeNs: bigint } | undefined> {
  try {
    const s = await lstat(path, { bigint: true });
    return s.isFile() ? { key: `${s.ino}:${s.size}:${s.mtimeNs}`, mtimeNs: s.mtimeNs } : undefined;
  } catch {
    return undefined;
  }
}

export class TrustedViews {
  private readonly before = new Map<string, string>();
  private readonly after = new Map<string, string>();
  private constructor(
    private readonly root: string,
    private readonly dir: string | undefined,
  ) {}

  /** Without a cache folder nothing is trusted (every view is checked). */
  static async load(root: string, dir: string | undefined): Promise<TrustedViews> {
    const t = new TrustedViews(root, dir);
    if (!dir) return t;
    const path = join(dir, FILE);
    const [text, written] = await Promise.all([
      readTextIfExists(path, dir).catch(() => undefined),
      stamp(path),
    ]);
    const parsed = parseJson(text ?? '');
    const value = parsed.ok ? (parsed.value as { version?: unknown; files?: unknown }) : undefined;
    if (!written || value?.version !== VERSION || !value.files || typeof value.files !== 'object') return t;
    for (const [view, rec] of Object.entries(value.files as Record<string, { key: string; mtimeNs: string }>))
      if (typeof rec?.key === 'string' && BigInt(rec.mtimeNs ?? '0') < written.mtimeNs)
        t.before.set(view, rec.key);
    return t;
  }

  /** Whether the view at `path` (repository-relative) is still the file recorded as ours. */
  async trusted(path: string): Promise<boolean> {
    const known = this.before.get(path);
    return known !== undefined && (await stamp(join(this.root, path)))?.key === known;
  }

  /** Records the view at `path` as ours (just written, or found equal to what would be written). */
  async record(path: string) {
    if (!this.dir) return;
    const s = await stamp(join(this.root, path));
    if (s) this.after.set(path, JSON.stringify({ key: s.key, mtimeNs: String(s.mtimeNs) }));
  }

  async save() {
    if (!this.dir) return;
    const files = Object.fromEntries([...this.after].map(([p, rec]) => [p, JSON.parse(rec)]));
    // A record that cannot be written only costs the next run a schema check.
    await writeFileAtomic(join(this.dir, FILE), JSON.stringify({ version: VERSION, files })).catch(
      () => undefined,
    );
  }
}
