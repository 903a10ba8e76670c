/**
 * The one place commits are made (DESIGN §2.3 invariant 9): whatever built the tree — a poll, a
 * recovery, a sync — the commit is refused when it deletes a path under `data/`, turns one into a
 * symbolic link, or removes an entry from a fact file (rules in src/data/commit-guard.ts).
 */
import { changeProblem, type GuardProblem, isGuardedFactFile } from '../data/commit-guard.js';
import { together } from './exec.js';
import { diffIndex, diffTrees, EMPTY_TREE, type RunGit, type TreeDifference, ZERO_OID } from './objects.js';

export class CommitRefusedError extends Error {
  constructor(readonly problems: readonly GuardProblem[]) {
    super(
      `commit refused, it would lose published data: ${problems
        .slice(0, 5)
        .map((p) => `${p.path} ${p.problem}`)
        .join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`,
    );
    this.name = 'CommitRefusedError';
  }
}

/** What moving from `parent`'s tree to `tree` would lose under `data/`. */
export async function guardProblems(
  run: RunGit,
  parent: string | undefined,
  tree: string,
): Promise<GuardProblem[]> {
  return problemsIn(run, await diffTrees(run, parent ? `${parent}^{tree}` : EMPTY_TREE, tree));
}

/** What the differences between two trees would lose under `data/`. */
async function problemsIn(run: RunGit, differences: readonly TreeDifference[]): Promise<GuardProblem[]> {
  const diffs = differences.filter((d) => d.path.startsWith('data/'));
  const toRead = diffs.filter((d) => d.a && d.b && isGuardedFactFile(d.path));
  const blobs = await readBlobsWith(
    run,
    toRead.flatMap((d) => [d.a!.oid, d.b!.oid]),
  );
  const problems: GuardProblem[] = [];
  for (const d of diffs) {
    const before = d.a && (blobs.get(d.a.oid) ?? '');
    const after = d.b && (blobs.get(d.b.oid) ?? '');
    const problem = changeProblem(d.path, before, after, d.b?.mode === '120000');
    if (problem) problems.push({ path: d.path, problem });
  }
  return problems;
}

async function readBlobsWith(run: RunGit, oids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(oids)];
  const blobs = new Map<string, string>();
  if (unique.length === 0) return blobs;
  const out = (await run(['cat-file', '--batch'], { input: `${unique.join('\n')}\n` })).bytes;
  let at = 0;
  for (const oid of unique) {
    const eol = out.indexOf(0x0a, at);
    const [got, type, size] = out.subarray(at, eol).toString('utf8').split(' ');
    if (got !== oid || type !== 'blob') throw new Error(`object ${oid} is not available to check`);
    const start = eol + 1;
    blobs.set(oid, out.subarray(start, start + Number(size)).toString('utf8'));
    at = start + Number(size) + 1;
  }
  return blobs;
}

/** A commit of `tree` on `parents` (first parent: the branch it advances), refused if it loses data. */
export async function createCommit(
  run: RunGit,
  c: { tree: string; parents: readonly string[]; message: string },
): Promise<string> {
  const problems = await guardProblems(run, c.parents[0], c.tree);
  if (problems.length > 0) throw new CommitRefusedError(problems);
  return commitTree(run, c.tree, c.parents, c.message);
}

async function commitTree(run: RunGit, tree: string, parents: readonly string[], message: string) {
  // The message through stdin: whatever it holds, it is never an argument.
  const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])];
  return (await run(args, { input: message })).stdout.trim();
}

/** Commits the index onto HEAD (an unborn branch too); undefined when the index equals HEAD's tree. */
export async function commitIndex(run: RunGit, message: string): Promise<string | undefined> {
  const head = await run(['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { okCodes: [1] });
  return (await commitStaged(run, head.code === 0 ? head.stdout.trim() : undefined, () => message)).commit;
}

export interface StagedCommit {
  /** The commit made, or undefined when nothing was staged. */
  commit?: string;
  /** Paths whose content the commit changes. */
  changed: string[];
}

/**
 * The commit of the index onto `parent` (undefined: an unborn branch), with the message made for the
 * changed paths, refused if it loses data; no commit when nothing changed. No branch moves yet.
 */
export async function commitOfIndex(
  run: RunGit,
  parent: string | undefined,
  message: (changed: string[]) => string,
): Promise<StagedCommit> {
  // The tree, and the staged changes the guard checks, at once: both are read from the same index.
  const staged = diffIndex(run, parent ?? EMPTY_TREE);
  const [tree, diffs, problems] = await together(
    run(['write-tree']).then((r) => r.stdout.trim()),
    staged,
    staged.then((d) => problemsIn(run, d)),
  );
  const changed = diffs.map((d) => d.path);
  if (changed.length === 0) return { changed };
  if (problems.length > 0) throw new CommitRefusedError(problems);
  return { commit: await commitTree(run, tree, parent ? [parent] : [], message(changed)), changed };
}

/** Compare-and-swap: HEAD's branch moves to `commit` only from the commit it was built on. */
export async function advanceHead(run: RunGit, commit: string, parent: string | undefined): Promise<void> {
  await run(['update-ref', '-m', 'commit', 'HEAD', commit, parent ?? ZERO_OID]);
}

/**
 * Commits the index onto `parent`, which HEAD's branch must still point at (undefined: an unborn
 * branch), with the message made for the changed paths; no commit when nothing changed.
 */
export async function commitStaged(
  run: RunGit,
  parent: string | undefined,
  message: (changed: string[]) => string,
): Promise<StagedCommit> {
  const staged = await commitOfIndex(run, parent, message);
  if (staged.commit) await advanceHead(run, staged.commit, parent);
  return staged;
}
