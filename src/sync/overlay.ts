/**
 * One side's `data/` tree while the merged tree is being built: its tree plus the paths that change.
 * Blobs are read only when asked for, fetched in one batch per remote; the tree is written back with
 * one `mktree` per changed directory, so the cost follows the changes, not the repository.
 */
import type { MultiRemoteClone } from '../git/multi-remote.js';
import { listBlobsRecursive, listTree, makeTree, readBlobs, type TreeEntry } from '../git/objects.js';

export const DATA_PREFIX = 'data/';

export interface Blob {
  mode: string;
  oid: string;
  /** Remote that has the blob; undefined when this run wrote it locally. */
  remote?: string;
}

export class TreeOverlay {
  private readonly changes = new Map<string, Blob>();
  private readonly listings = new Map<string, Promise<TreeEntry[]>>();

  constructor(
    private readonly clone: MultiRemoteClone,
    /** The side's `data/` tree (undefined when it has none), on remote `baseRemote`. */
    private readonly base: string | undefined,
    private readonly baseRemote: string,
    /** Blobs already fetched into the clone (shared by the overlays of one clone). */
    private readonly fetched = new Set<string>(),
  ) {}

  get git() {
    return this.clone.git;
  }

  set(path: string, blob: Blob): void {
    this.changes.set(path, blob);
  }

  changed(): ReadonlyMap<string, Blob> {
    return this.changes;
  }

  /** The blob at a repository path (`data/...`) in the merged tree, if any. */
  async get(path: string): Promise<Blob | undefined> {
    const change = this.changes.get(path);
    if (change) return change;
    const { dir, name } = split(path);
    const entry = (await this.baseListing(dir)).find((e) => e.name === name && isFile(e));
    return entry && { mode: entry.mode, oid: entry.oid, remote: this.baseRemote };
  }

  /** Names of the blobs directly inside a directory (`data/15min/2026/02/25`). */
  async list(dir: string): Promise<string[]> {
    const names = new Set((await this.baseListing(dir)).filter(isFile).map((e) => e.name));
    for (const path of this.changes.keys()) {
      const s = split(path);
      if (s.dir === dir) names.add(s.name);
    }
    return [...names].sort();
  }

  /** Repository paths of every blob below a directory. */
  async listRecursive(dir: string): Promise<string[]> {
    const sub = await this.subtree(dir);
    const blobs = (await listBlobsRecursive(this.clone.git, sub)).filter((e) => isFileMode(e.mode));
    const paths = new Set(blobs.map((e) => `${dir}/${e.path}`));
    for (const path of this.changes.keys()) if (path.startsWith(`${dir}/`)) paths.add(path);
    return [...paths].sort();
  }

  /** Makes sure the blobs are local: one fetch per remote for those not fetched yet. */
  async prefetch(blobs: readonly Blob[]): Promise<void> {
    const byRemote = new Map<string, string[]>();
    for (const b of blobs) {
      if (!b.remote || this.fetched.has(b.oid)) continue;
      byRemote.set(b.remote, [...(byRemote.get(b.remote) ?? []), b.oid]);
    }
    for (const [remote, oids] of byRemote) {
      await this.clone.fetchObjects(remote, oids);
      for (const oid of oids) this.fetched.add(oid);
    }
  }

  async read(blobs: readonly Blob[]): Promise<Map<string, Buffer>> {
    await this.prefetch(blobs);
    return readBlobs(
      this.clone.dir,
      this.clone.env,
      blobs.map((b) => b.oid),
    );
  }

  /** Writes the merged `data/` tree and returns its hash. */
  async write(): Promise<string> {
    const dirs = new Map<string, Map<string, Blob>>();
    for (const [path, blob] of this.changes) {
      const { dir, name } = split(path);
      if (!dirs.has(dir)) dirs.set(dir, new Map());
      dirs.get(dir)!.set(name, blob);
      // Every ancestor up to data/ gets rewritten too.
      for (let d = dir; d !== 'data'; d = split(d).dir)
        if (!dirs.has(split(d).dir)) dirs.set(split(d).dir, new Map());
    }
    const build = async (dir: string): Promise<string> => {
      const entries = new Map((await this.baseListing(dir)).map((e) => [e.name, e]));
      for (const [name, blob] of dirs.get(dir) ?? []) {
        if (entries.get(name)?.type === 'tree')
          throw new Error(`${dir}/${name} is a directory on one side and a file on the other`);
        entries.set(name, { mode: blob.mode, type: 'blob', oid: blob.oid, name });
      }
      for (const child of dirs.keys()) {
        if (child === dir || split(child).dir !== dir) continue;
        const name = split(child).name;
        if (entries.get(name) && entries.get(name)!.type !== 'tree') {
          throw new Error(`${child} is a file on one side and a directory on the other`);
        }
        entries.set(name, { mode: '040000', type: 'tree', oid: await build(child), name });
      }
      return makeTree(this.clone.git, [...entries.values()]);
    };
    if (this.changes.size === 0 && this.base) return this.base;
    return build('data');
  }

  /** A directory's tree, found through its parents' (cached) listings: no git process per lookup. */
  private async subtree(dir: string): Promise<string | undefined> {
    if (!this.base) return undefined;
    if (dir === 'data') return this.base;
    const { dir: parent, name } = split(dir);
    return (await this.baseListing(parent)).find((e) => e.name === name && e.type === 'tree')?.oid;
  }

  private baseListing(dir: string): Promise<TreeEntry[]> {
    let listing = this.listings.get(dir);
    if (!listing) {
      listing = this.subtree(dir).then((tree) => listTree(this.clone.git, tree));
      this.listings.set(dir, listing);
    }
    return listing;
  }
}

/** Symlinks (120000) and submodules (160000) are never read as files: the tree is data, not instructions. */
export const isFileMode = (mode: string) => mode === '100644' || mode === '100755';
const isFile = (e: TreeEntry) => e.type === 'blob' && isFileMode(e.mode);

export function split(path: string): { dir: string; name: string } {
  const i = path.lastIndexOf('/');
  return { dir: path.slice(0, i), name: path.slice(i + 1) };
}
