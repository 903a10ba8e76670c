/**
 * Merges two `data/` trees: only the paths whose blobs differ are looked at (diff-tree skips every
 * subtree whose id is equal on both sides). A path on one side is copied to the other; a path on
 * both is merged by its file kind; symlinks and submodules are never copied; then the views those
 * paths affect are rebuilt. Each side gets its own tree: the same one, except where a true conflict
 * leaves each side its own version (then the views are rebuilt on each side from its own facts).
 * Nothing depends on which tree is A: swapping the sides swaps the results.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MultiRemoteClone } from '../git/multi-remote.js';
import { diffTrees, EMPTY_TREE, readBlobs, resolveObject, type TreeDifference } from '../git/objects.js';
import {
  type Conflict,
  type Decision,
  type FileKind,
  kindOf,
  type MergeContext,
  type MergeOutcome,
  type Pending,
  type Result,
  type SideName,
  sameResult,
  type Version,
  type ViewFamily,
} from './kinds.js';
import { DATA_PREFIX, isFileMode, TreeOverlay } from './overlay.js';
import { ScratchTree } from './scratch.js';

const SIDES = ['a', 'b'] as const;

export interface MergeInput {
  clone: MultiRemoteClone;
  /** `data/` trees of each side (undefined when a side has none) and the remotes that hold them. */
  a: { tree?: string; remote: string };
  b: { tree?: string; remote: string };
  /**
   * The merge base's `data/` tree (undefined: the base has none), or null without common history;
   * asked for only when a configuration file differs on both sides.
   */
  base: () => Promise<{ tree?: string; remote: string } | null>;
  kinds: readonly FileKind[];
  views: readonly ViewFamily[];
}

/** A symlink or submodule that sync did not copy. */
export interface Skipped {
  path: string;
  /** What each side holds there (absent, file, symlink, submodule). */
  a: string;
  b: string;
}

export interface MergedTrees {
  /** The `data/` tree each side ends with. */
  trees: Record<SideName, string>;
  /** Repository paths whose blobs differed between the two sides. */
  differing: TreeDifference[];
  decisions: Decision[];
  conflicts: Conflict[];
  skipped: Skipped[];
}

const KIND_OF_MODE: Record<string, string> = { '120000': 'symlink', '160000': 'submodule' };
const what = (m?: { mode: string }) => (!m ? 'absent' : (KIND_OF_MODE[m.mode] ?? 'file'));

export async function mergeDataTrees(options: MergeInput): Promise<MergedTrees> {
  const differing = (
    await diffTrees(options.clone.git, options.a.tree ?? EMPTY_TREE, options.b.tree ?? EMPTY_TREE)
  ).map((d) => ({ ...d, path: `${DATA_PREFIX}${d.path}` }));
  const trees = { a: options.a.tree ?? EMPTY_TREE, b: options.b.tree ?? EMPTY_TREE };
  if (differing.length === 0) return { trees, differing, decisions: [], conflicts: [], skipped: [] };

  const fetched = new Set<string>();
  const ov = {
    a: new TreeOverlay(options.clone, options.a.tree, options.a.remote, fetched),
    b: new TreeOverlay(options.clone, options.b.tree, options.b.remote, fetched),
  };
  const remoteOf = { a: options.a.remote, b: options.b.remote };
  // Symlinks and submodules are data, not instructions: never copied, never read, reported.
  const skipped: Skipped[] = [];
  const links = new Set(
    differing.filter((d) => ![d.a, d.b].every((m) => !m || isFileMode(m.mode))).map((d) => d.path),
  );
  // A path below a link (a symlinked directory on one side, a real one on the other) cannot be copied either.
  const underLink = (path: string) => [...links].some((l) => path.startsWith(`${l}/`));
  const files = differing.filter((d) => {
    if (!links.has(d.path) && !underLink(d.path)) return true;
    skipped.push({
      path: d.path,
      a: links.has(d.path) ? what(d.a) : d.a ? 'file' : 'below a symlink or submodule',
      b: links.has(d.path) ? what(d.b) : d.b ? 'file' : 'below a symlink or submodule',
    });
    return false;
  });
  // Every differing blob must be local: merged here, or pushed to the side that lacks it.
  await ov.a.prefetch(
    files.flatMap((d) => SIDES.flatMap((s) => (d[s] ? [{ ...d[s], remote: remoteOf[s] }] : []))),
  );
  const both = files.filter((d) => d.a && d.b);
  const bytes = await ov.a.read(both.flatMap((d) => [d.a!, d.b!]));
  const ctx = baseContext(options);

  const outcomes = new Map<string, MergeOutcome>();
  for (const d of both) {
    const v = (s: SideName): Version => ({ ...d[s]!, bytes: bytes.get(d[s]!.oid)! });
    outcomes.set(d.path, await kindOf(options.kinds, d.path).merge(d.path, v('a'), v('b'), ctx));
  }
  const perSide = [...outcomes.values()].some((x) => !sameResult(x.a, x.b));
  const paths = files.map((d) => d.path);
  const roots: string[] = [];
  const finals: Partial<Record<SideName, Map<string, Buffer>>> = {};
  const rebuilt: Partial<Record<SideName, Set<string>>> = {};
  try {
    // When both sides read the same merged tree, one rebuild serves both.
    for (const side of perSide ? SIDES : (['a'] as const)) {
      const targets = perSide ? [ov[side]] : [ov.a, ov.b];
      const root = await mkdtemp(join(tmpdir(), 'staktrakr-merge-'));
      roots.push(root);
      const scratch = new ScratchTree(root, ov[side]);
      for (const d of files) {
        if (!d.a || !d.b) {
          const [from, to] = d.a ? (['a', 'b'] as const) : (['b', 'a'] as const);
          ov[to].set(d.path, { ...d[from]!, remote: remoteOf[from] });
          continue;
        }
        const outcome = outcomes.get(d.path)!;
        const put = async (result: Result) => {
          if (Buffer.isBuffer(result)) return scratch.put(d.path, result);
          const remote = result.oid === d.a!.oid ? remoteOf.a : remoteOf.b;
          for (const t of targets) t.set(d.path, { mode: result.mode, oid: result.oid, remote });
        };
        await put(outcome[side]);
      }
      for (const family of options.views) await family.rebuild(paths, scratch);
      const collected = await scratch.collect(targets);
      finals[side] = collected.finals;
      rebuilt[side] = collected.rebuilt;
    }
  } finally {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  }

  // A view conflict is moot when the rebuild settled the path the same way on both sides.
  const settled = (path: string) =>
    perSide
      ? !!rebuilt.a?.has(path) &&
        !!rebuilt.b?.has(path) &&
        !!finals.a?.get(path)?.equals(finals.b!.get(path)!)
      : !!rebuilt.a?.has(path);
  const pending = [...outcomes.values()];
  const decisions = pending.flatMap((x) => x.decisions).map(strip);
  const conflicts = pending
    .flatMap((x) => x.conflicts)
    .filter((c) => !(c.mootIfRebuilt && settled(c.path)))
    .map(strip);
  const out = { a: await ov.a.write(), b: await ov.b.write() };
  // Whatever still differs is reported: views each side rebuilt from its own conflicting facts.
  const reported = new Set([...conflicts.map((c) => c.path), ...skipped.map((k) => k.path)]);
  for (const d of await diffTrees(options.clone.git, out.a, out.b)) {
    const path = `${DATA_PREFIX}${d.path}`;
    if (reported.has(path)) continue;
    const name = (m?: { oid: string }) => (m ? `blob ${m.oid.slice(0, 12)}` : 'absent');
    conflicts.push({
      path,
      a: name(d.a),
      b: name(d.b),
      rule: 'rebuilt by each side from its own conflicting facts',
    });
  }
  return { trees: out, differing, decisions, conflicts, skipped };
}

function strip<T extends Decision | Conflict>({ mootIfRebuilt: _, ...rest }: Pending<T>): T {
  return rest as unknown as T;
}

/** The merge base's version of a path, read only when a kind asks (configuration files). */
function baseContext(options: MergeInput): MergeContext {
  return {
    base: async (path) => {
      const base = await options.base();
      if (base === null) return null;
      if (!base.tree) return undefined;
      const oid = await resolveObject(options.clone.git, `${base.tree}:${path.slice(DATA_PREFIX.length)}`);
      if (!oid) return undefined;
      await options.clone.fetchObjects(base.remote, [oid]);
      return (await readBlobs(options.clone.dir, options.clone.env, [oid])).get(oid);
    },
  };
}
