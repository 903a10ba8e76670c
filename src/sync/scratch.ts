/**
 * A throw-away directory mirroring just the part of the merged tree that merging and rebuilding
 * touch. It is not a data repository (it is discarded), so plain writes are enough here; what the
 * rebuild changed is hashed back into the overlay.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TEMP_PREFIX } from '../data/atomic.js';
import { hashFiles } from '../git/objects.js';
import type { Scratch } from './kinds.js';
import type { TreeOverlay } from './overlay.js';

export class ScratchTree implements Scratch {
  /** Bytes each path had when it entered the scratch (from the tree or from a merge). */
  private readonly before = new Map<string, Buffer>();
  /** Paths whose bytes came from a merge rather than from the tree: changes even if no rebuild touches them. */
  private readonly merged = new Set<string>();

  constructor(
    readonly root: string,
    private readonly overlay: TreeOverlay,
  ) {}

  async put(path: string, bytes: Buffer): Promise<void> {
    await this.write(path, bytes);
    this.merged.add(path);
  }

  async materialize(paths: readonly string[]): Promise<void> {
    const wanted: Array<[string, { oid: string; mode: string; remote?: string }]> = [];
    for (const path of new Set(paths)) {
      if (this.before.has(path)) continue;
      const blob = await this.overlay.get(path);
      if (blob) wanted.push([path, blob]);
    }
    const bytes = await this.overlay.read(wanted.map(([, b]) => b));
    for (const [path, blob] of wanted) await this.write(path, bytes.get(blob.oid)!);
  }

  async list(dir: string): Promise<string[]> {
    return (await this.overlay.list(dir)).map((name) => `${dir}/${name}`);
  }

  listRecursive(dir: string): Promise<string[]> {
    return this.overlay.listRecursive(dir);
  }

  /**
   * Moves what the scratch holds now into the given overlays (one side's, or both when the sides read
   * the same tree). Returns the paths a rebuild had in view (read from the tree for it, or written by
   * it) and the final bytes of every path in view.
   */
  async collect(
    targets: readonly TreeOverlay[],
  ): Promise<{ rebuilt: Set<string>; finals: Map<string, Buffer> }> {
    const rebuilt = new Set([...this.before.keys()].filter((p) => !this.merged.has(p)));
    const finals = new Map<string, Buffer>();
    const changed: string[] = [];
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    for (const e of entries) {
      if (!e.isFile() || e.name.startsWith(TEMP_PREFIX)) continue;
      const abs = join(e.parentPath, e.name);
      const path = abs
        .slice(this.root.length + 1)
        .split('\\')
        .join('/');
      const bytes = await readFile(abs);
      finals.set(path, bytes);
      const changedByRebuild = !this.before.get(path)?.equals(bytes);
      if (changedByRebuild) rebuilt.add(path);
      if (changedByRebuild || this.merged.has(path)) changed.push(path);
    }
    const oids = await hashFiles(
      this.overlay.git,
      changed.map((p) => join(this.root, p)),
    );
    for (const [i, path] of changed.entries()) {
      const mode = (await this.overlay.get(path))?.mode ?? '100644';
      for (const t of targets) t.set(path, { mode: mode === '100755' ? mode : '100644', oid: oids[i]! });
    }
    return { rebuilt, finals };
  }

  private async write(path: string, bytes: Buffer): Promise<void> {
    const abs = join(this.root, path);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, bytes);
    this.before.set(path, bytes);
  }
}
