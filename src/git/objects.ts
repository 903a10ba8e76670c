/**
 * Git's object model, used directly: compare trees by hash, read only the blobs asked for, and build
 * new trees without a checkout. Works in blob-less partial clones (nothing here reads a blob that
 * was not asked for, so nothing is fetched lazily behind the caller's back).
 */
import { type GitOptions, type GitResult, git } from './exec.js';

export type RunGit = (
  args: readonly string[],
  options?: Omit<GitOptions, 'cwd' | 'env'>,
) => Promise<GitResult>;

/** The hash of the empty tree, which git knows without storing it. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
export const ZERO_OID = '0000000000000000000000000000000000000000';

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  name: string;
}

/** A path whose blob differs between two trees; `a`/`b` are undefined where the path is absent. */
export interface TreeDifference {
  path: string;
  a?: { mode: string; oid: string };
  b?: { mode: string; oid: string };
}

/** Hash of `rev:path` (a tree or blob), or undefined when it does not exist. */
export async function resolveObject(run: RunGit, spec: string): Promise<string | undefined> {
  const r = await run(['rev-parse', '--verify', '-q', spec], { okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/**
 * Paths (relative to the trees) whose blobs differ. git skips every subtree whose hash is equal on
 * both sides, so the cost follows the number of differences, not the size of the trees.
 */
export async function diffTrees(run: RunGit, a: string, b: string): Promise<TreeDifference[]> {
  return parseRawDiff((await run(['diff-tree', '-r', '-z', '--no-renames', '--no-abbrev', a, b])).stdout);
}

/**
 * Paths whose staged blob differs from `base` (a tree-ish): what `diffTrees(base, tree)` gives for
 * the tree `git write-tree` makes of the index, without waiting for that tree.
 */
export async function diffIndex(run: RunGit, base: string): Promise<TreeDifference[]> {
  return parseRawDiff(
    (await run(['diff-index', '--cached', '-r', '-z', '--no-renames', '--no-abbrev', base])).stdout,
  );
}

/** `--raw -z` output: `:modeA modeB oidA oidB status` NUL `path` NUL, per difference. */
function parseRawDiff(out: string): TreeDifference[] {
  const fields = out.split('\0');
  const diffs: TreeDifference[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [modeA, modeB, oidA, oidB] = fields[i]!.slice(1).split(' ');
    const path = fields[i + 1]!;
    diffs.push({
      path,
      a: oidA === ZERO_OID ? undefined : { mode: modeA!, oid: oidA! },
      b: oidB === ZERO_OID ? undefined : { mode: modeB!, oid: oidB! },
    });
  }
  return diffs;
}

/** Entries of one tree object (not recursive); an absent tree lists as empty. */
export async function listTree(run: RunGit, tree: string | undefined): Promise<TreeEntry[]> {
  if (!tree) return [];
  const out = (await run(['ls-tree', '-z', tree])).stdout;
  return out
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, type, oid] = line.slice(0, tab).split(' ');
      return { mode: mode!, type: type as TreeEntry['type'], oid: oid!, name: line.slice(tab + 1) };
    });
}

/** Every blob below a tree, with paths relative to it. */
export async function listBlobsRecursive(
  run: RunGit,
  tree: string | undefined,
): Promise<Array<{ path: string; mode: string; oid: string }>> {
  if (!tree) return [];
  const out = (await run(['ls-tree', '-r', '-z', tree])).stdout;
  return out
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, , oid] = line.slice(0, tab).split(' ');
      return { path: line.slice(tab + 1), mode: mode!, oid: oid! };
    });
}

/** Writes a tree object. `--missing`: entries may name blobs a partial clone has not fetched. */
export async function makeTree(run: RunGit, entries: readonly TreeEntry[]): Promise<string> {
  const sorted = [...entries].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const input = sorted.map((e) => `${e.mode} ${e.type} ${e.oid}\t${e.name}\0`).join('');
  return (await run(['mktree', '-z', '--missing'], { input })).stdout.trim();
}

/** Stores files as blobs (no filters), returning their hashes in order. */
export async function hashFiles(run: RunGit, files: readonly string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const out = await run(['hash-object', '-w', '--no-filters', '--stdin-paths'], {
    input: `${files.join('\n')}\n`,
  });
  return out.stdout.trim().split('\n');
}

/**
 * Reads blobs with one `git cat-file --batch` process. Bytes are returned untouched (a torn file
 * full of NUL bytes is still compared byte for byte).
 */
export async function readBlobs(
  dir: string,
  env: NodeJS.ProcessEnv,
  oids: readonly string[],
): Promise<Map<string, Buffer>> {
  const unique = [...new Set(oids)];
  if (unique.length === 0) return new Map();
  const out = await git(['cat-file', '--batch'], { cwd: dir, env, input: `${unique.join('\n')}\n` });
  return parseBatch(out.bytes, unique);
}

function parseBatch(buf: Buffer, asked: readonly string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  let at = 0;
  for (const oid of asked) {
    const eol = buf.indexOf(0x0a, at);
    const header = buf.subarray(at, eol).toString('utf8');
    const [got, type, size] = header.split(' ');
    if (type === 'missing' || got !== oid) throw new Error(`object ${oid} is not available (${header})`);
    const start = eol + 1;
    const end = start + Number(size);
    blobs.set(oid, Buffer.from(buf.subarray(start, end)));
    at = end + 1; // content is followed by a newline
  }
  return blobs;
}
