/**
 * What sync knows about a path: a *file kind* (one declared rule per file family, see docs/SYNC.md)
 * merges two differing versions of one file; a *view family* rebuilds views from the merged facts.
 *
 * A kind says what each side ends with. When both sides end with the same bytes the path converges;
 * when a rule cannot decide (a true conflict), each side keeps its own version and the conflict is
 * reported. Every place where one side's bytes or value replace the other's is a *decision*, also
 * reported. No rule ever looks at a blob hash: the result depends on content only, so it does not
 * depend on which repository is A.
 */

export type SideName = 'a' | 'b';

export interface Version {
  oid: string;
  mode: string;
  bytes: Buffer;
}

/** What one side ends with at a path: an existing version (of either side) or new bytes. */
export type Result = Version | Buffer;

/** One side's bytes or value replaced the other's. */
export interface Decision {
  path: string;
  /** The entry key inside a collection or configuration file, when the decision is about one entry. */
  key?: string;
  /** The side whose value both now hold. */
  from: SideName;
  kept: string;
  other: string;
  rule: string;
}

/** A true conflict: no rule decides, so each side keeps what it has. */
export interface Conflict {
  path: string;
  key?: string;
  a: string;
  b: string;
  rule: string;
}

/** A conflict or decision about a view, moot once a rebuild from the merged facts settles the path. */
export type Pending<T> = T & { mootIfRebuilt?: boolean };

export interface MergeOutcome {
  a: Result;
  b: Result;
  decisions: Pending<Decision>[];
  conflicts: Pending<Conflict>[];
}

export interface MergeContext {
  /**
   * The path's bytes at the merge base of the two branches: undefined when the base lacks the file,
   * null when the branches share no history.
   */
  base(path: string): Promise<Buffer | undefined | null>;
}

export interface FileKind {
  name: string;
  matches(path: string): boolean;
  /** Merges two different versions of `path` (A's and B's). Must treat the two sides alike. */
  merge(path: string, a: Version, b: Version, ctx: MergeContext): MergeOutcome | Promise<MergeOutcome>;
}

/** A filesystem root holding the part of one side's merged `data/` tree a rebuild reads, and where it writes. */
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
const blobName = (v: Version) => `blob ${short(v.oid)}`;

/** Both sides end with the same result. */
export const same = (result: Result, decisions: Pending<Decision>[] = []): MergeOutcome => ({
  a: result,
  b: result,
  decisions,
  conflicts: [],
});

/** Both sides end with `from`'s version, and the decision is reported. */
export function choose(
  path: string,
  a: Version,
  b: Version,
  from: SideName,
  rule: string,
  describe: (v: Version) => string = blobName,
): MergeOutcome {
  const [kept, dropped] = from === 'a' ? [a, b] : [b, a];
  return same(kept, [{ path, from, kept: describe(kept), other: describe(dropped), rule }]);
}

/** A true conflict: each side keeps its own version. */
export function leaveAlone(
  path: string,
  a: Version,
  b: Version,
  rule: string,
  describe: (v: Version) => string = blobName,
): MergeOutcome {
  return { a, b, decisions: [], conflicts: [{ path, a: describe(a), b: describe(b), rule }] };
}

/** Files no declared family claims: copied when one side lacks them (merge.ts), left alone when both differ. */
const unknownKind: FileKind = {
  name: 'unknown file',
  matches: () => true,
  merge: (path, a, b) =>
    leaveAlone(path, a, b, 'unknown file (no declared rule): left as it is on both sides'),
};

/** The value of the first timestamp field a JSON object carries, in ms (undefined: none readable). */
export function stampOf(bytes: Buffer, fields: readonly string[]): number | undefined {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  for (const f of fields) {
    const v = (value as Record<string, unknown>)[f];
    const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}

/**
 * Views a family rebuilds from the merged facts. Until the rebuild runs, the newer version (by the
 * view's own timestamp) is the starting point, since a rebuild carries forward what the existing view
 * holds; without a readable timestamp both are kept, and the path is a conflict only if the rebuild
 * does not settle it (e.g. no catalog to rebuild with).
 */
export function viewKind(name: string, matches: (path: string) => boolean): FileKind {
  const FIELDS = ['generated_at', 'updated', 'window_start', 'scraped_at'];
  return {
    name,
    matches,
    merge: (path, a, b) => {
      const [ta, tb] = [stampOf(a.bytes, FIELDS), stampOf(b.bytes, FIELDS)];
      const outcome =
        ta !== undefined && tb !== undefined && ta !== tb
          ? choose(path, a, b, ta > tb ? 'a' : 'b', 'view: the newer by its own timestamp, then rebuilt')
          : leaveAlone(path, a, b, 'view not rebuilt from facts and no newer version: left as it is');
      for (const c of outcome.conflicts) c.mootIfRebuilt = true;
      return outcome;
    },
  };
}

export function kindOf(kinds: readonly FileKind[], path: string): FileKind {
  return kinds.find((k) => k.matches(path)) ?? unknownKind;
}

export const sameResult = (x: Result, y: Result): boolean =>
  x === y ||
  (Buffer.isBuffer(x)
    ? Buffer.isBuffer(y) && x.equals(y)
    : !Buffer.isBuffer(y) && x.oid === y.oid && x.mode === y.mode);
