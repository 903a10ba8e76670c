/**
 * What sync knows about a path: a *file kind* merges two differing versions of one file; a *view
 * family* rebuilds views from the merged facts. Spot kinds live in spot-kinds.ts; retail plugs in
 * the same way. A path no kind claims is opaque: copied when one side lacks it, and when both
 * differ, one version is kept by a rule that does not depend on which side is A — and reported.
 */

export interface Version {
  oid: string;
  mode: string;
  bytes: Buffer;
}

export interface Conflict {
  path: string;
  /** The entry key inside a collection file, when the disagreement is about one entry. */
  key?: string;
  kept: string;
  other: string;
  rule: string;
}

/** A conflict whose outcome is only known once views are rebuilt. */
export interface PendingConflict extends Conflict {
  /**
   * Moot when a view family rebuilt the path from the merged facts (whether or not its bytes then
   * changed: a rebuild that agrees with the kept version confirms it).
   */
  mootIfRebuilt?: boolean;
  /** Describes the kept value from the path's final bytes (a rebuild may choose differently). */
  settle?: (final: Buffer) => string;
}

export type MergeOutcome =
  | { keep: Version; conflicts: PendingConflict[] }
  | { bytes: Buffer; conflicts: PendingConflict[] };

export interface FileKind {
  name: string;
  matches(path: string): boolean;
  /**
   * Merges two different versions of `path`. Called with the versions in blob-hash order, so the
   * result cannot depend on which repository is A.
   */
  merge(path: string, lo: Version, hi: Version): MergeOutcome | Promise<MergeOutcome>;
}

/** A filesystem root holding the part of the merged `data/` tree a rebuild reads, and where it writes. */
export interface Scratch {
  root: string;
  /** Copies merged-tree files into the root (missing ones are skipped). */
  materialize(paths: readonly string[]): Promise<void>;
  /** Paths of blobs in a directory of the merged tree. */
  list(dir: string): Promise<string[]>;
  listRecursive(dir: string): Promise<string[]>;
}

export interface ViewFamily {
  name: string;
  /** Rebuilds the views affected by the differing paths; writes into `scratch.root`. */
  rebuild(differing: readonly string[], scratch: Scratch): Promise<void>;
}

export const short = (oid: string) => oid.slice(0, 12);

/** Keeps the version with the larger blob hash: arbitrary, but the same from both sides. */
export function pickLarger(
  path: string,
  lo: Version,
  hi: Version,
  why: string,
): { keep: Version; conflicts: PendingConflict[] } {
  return {
    keep: hi,
    conflicts: [{ path, kept: `blob ${short(hi.oid)}`, other: `blob ${short(lo.oid)}`, rule: why }],
  };
}

export const opaqueKind: FileKind = {
  name: 'opaque',
  matches: () => true,
  merge: (path, lo, hi) => pickLarger(path, lo, hi, 'not understood by the toolkit: larger blob hash kept'),
};

/**
 * Views a family rebuilds: until the rebuild runs, the larger blob is kept provisionally; the
 * conflict is reported only if no rebuild had the file in view (e.g. no catalog to rebuild with).
 */
export function viewKind(name: string, matches: (path: string) => boolean): FileKind {
  return {
    name,
    matches,
    merge: (path, lo, hi) => {
      const outcome = pickLarger(path, lo, hi, 'view not rebuilt from facts: larger blob hash kept');
      for (const c of outcome.conflicts) c.mootIfRebuilt = true;
      return outcome;
    },
  };
}

export function kindOf(kinds: readonly FileKind[], path: string): FileKind {
  return kinds.find((k) => k.matches(path)) ?? opaqueKind;
}
