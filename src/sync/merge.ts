/**
 * Merges two `data/` trees into one: only the paths whose blobs differ are looked at. Paths on one
 * side are copied; paths on both are merged by their file kind; then the views those paths affect
 * are rebuilt. The result does not depend on which tree is A (versions are handed to a kind in
 * blob-hash order), so both repositories can take the same tree.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MultiRemoteClone } from '../git/multi-remote.js';
import { diffTrees, EMPTY_TREE, type TreeDifference } from '../git/objects.js';
import {
  type Conflict,
  type FileKind,
  kindOf,
  type PendingConflict,
  type Version,
  type ViewFamily,
} from './kinds.js';
import { DATA_PREFIX, TreeOverlay } from './overlay.js';
import { ScratchTree } from './scratch.js';

export interface MergeInput {
  clone: MultiRemoteClone;
  /** `data/` trees of each side (undefined when a side has none) and the remotes that hold them. */
  a: { tree?: string; remote: string };
  b: { tree?: string; remote: string };
  kinds: readonly FileKind[];
  views: readonly ViewFamily[];
}

export interface MergedTree {
  tree: string;
  /** Repository paths whose blobs differed between the two sides. */
  differing: TreeDifference[];
  conflicts: Conflict[];
}

export async function mergeDataTrees(o: MergeInput): Promise<MergedTree> {
  const differing = (await diffTrees(o.clone.git, o.a.tree ?? EMPTY_TREE, o.b.tree ?? EMPTY_TREE)).map(
    (d) => ({
      ...d,
      path: `${DATA_PREFIX}${d.path}`,
    }),
  );
  if (differing.length === 0) return { tree: o.a.tree ?? EMPTY_TREE, differing, conflicts: [] };

  const overlay = new TreeOverlay(o.clone, o.a.tree, o.a.remote);
  // Every differing blob must be local: merged here, or pushed to the side that lacks it.
  await overlay.prefetch(
    differing.flatMap((d) => [
      ...(d.a ? [{ ...d.a, remote: o.a.remote }] : []),
      ...(d.b ? [{ ...d.b, remote: o.b.remote }] : []),
    ]),
  );
  const root = await mkdtemp(join(tmpdir(), 'staktrakr-merge-'));
  try {
    const scratch = new ScratchTree(root, overlay);
    const both = differing.filter((d) => d.a && d.b);
    const bytes = await overlay.read(both.flatMap((d) => [d.a!, d.b!]));
    const pending: PendingConflict[] = [];
    for (const d of differing) {
      if (!d.a) overlay.set(d.path, { ...d.b!, remote: o.b.remote });
      if (!d.a || !d.b) continue;
      const [lo, hi] = [d.a, d.b]
        .map((v): Version => ({ ...v, bytes: bytes.get(v.oid)! }))
        .sort((x, y) => (x.oid < y.oid ? -1 : 1)) as [Version, Version];
      const outcome = await kindOf(o.kinds, d.path).merge(d.path, lo, hi);
      pending.push(...outcome.conflicts);
      if ('bytes' in outcome) await scratch.put(d.path, outcome.bytes);
      else overlay.set(d.path, { mode: outcome.keep.mode, oid: outcome.keep.oid });
    }
    const paths = differing.map((d) => d.path);
    for (const family of o.views) await family.rebuild(paths, scratch);
    const { rebuilt, finals } = await scratch.collect();
    const conflicts = pending
      .filter((c) => !(c.mootIfRebuilt && rebuilt.has(c.path)))
      .map(({ path, key, kept, other, rule, settle }): Conflict => {
        const final = finals.get(path);
        const settled = settle && final ? settle(final) : kept;
        // A rebuild that sided with the other value (a slot fact decided it) swaps the two.
        return { path, key, kept: settled, other: settled === other ? kept : other, rule };
      });
    return { tree: await overlay.write(), differing, conflicts };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
