/**
 * sync-repos: make two data repositories converge. Both are fetched into one blob-less clone, their
 * `data/` trees merged once (merge.ts), and the merged tree committed on top of each side whose tree
 * differs. Pushes are never forced: when a poller moved a branch meanwhile, the push is rejected,
 * both sides are fetched again and the merge is redone on the new tips, with jittered backoff.
 */
import type { Logger } from '../data/logger.js';
import { once } from '../data/once.js';
import type { Clock } from '../data/time.js';
import { createCommit } from '../git/commit.js';
import { type MultiRemoteClone, openMultiRemoteClone } from '../git/multi-remote.js';
import { diffTrees, EMPTY_TREE, listTree, makeTree, type RunGit, resolveObject } from '../git/objects.js';
import { PushError } from '../git/publish.js';
import { safeRemote } from '../git/workspace.js';
import { configKind } from './config-kind.js';
import type { Conflict, Decision, FileKind, ViewFamily } from './kinds.js';
import { mergeDataTrees, type Skipped } from './merge.js';
import { DATA_PREFIX } from './overlay.js';
import { spotHourlyFamily, spotKinds } from './spot-kinds.js';
import { dailyLogKind, stateSnapshotKind } from './state-kinds.js';

export const SIDES = ['a', 'b'] as const;
export type Side = (typeof SIDES)[number];

export interface SyncSide {
  repo: string;
  branch: string;
  token?: string;
}

export interface SyncOptions {
  a: SyncSide;
  b: SyncSide;
  push: boolean;
  dryRun: boolean;
  pollerId: string;
  clock: Clock;
  random?: () => number;
  /** File kinds and view families beyond spot, Goldback and configuration (retail's: retail-kinds.ts, added by job.ts). */
  kinds?: readonly FileKind[];
  views?: readonly ViewFamily[];
  maxAttempts?: number;
  backoffMs?: number;
  serverUrl?: string;
  logger: Logger;
}

export interface SideResult {
  /** Remote URL fit for messages. */
  remote: string;
  branch: string;
  /** Branch tip when the sync started (undefined: the branch did not exist). */
  before?: string;
  /** Paths the sync adds to this side, and existing paths whose content it changes. */
  added: string[];
  changed: string[];
  /** The commit made for this side (undefined when its tree already matched, or on a dry run). */
  commit?: string;
  pushed: boolean;
}

export interface SyncResult {
  a: SideResult;
  b: SideResult;
  /** The `data/` tree each side now holds (or would hold, on a dry run): equal unless a conflict was left alone. */
  trees: Record<Side, string>;
  /** Paths both sides held with different content that ended merged without a conflict. */
  merged: string[];
  /** Where one side's bytes or value replaced the other's, and by which rule. */
  decisions: Decision[];
  /** True conflicts: each side kept its own version. */
  conflicts: Conflict[];
  /** Symlinks and submodules, never copied from one repository into the other. */
  skipped: Skipped[];
  attempts: number;
}

export async function syncRepos(options: SyncOptions): Promise<SyncResult> {
  const maxAttempts = options.maxAttempts ?? 8;
  const random = options.random ?? Math.random;
  const clone = await openMultiRemoteClone({
    remotes: SIDES.map((name) => ({ name, ...options[name] })),
    pollerId: options.pollerId,
    clock: options.clock,
    serverUrl: options.serverUrl,
  });
  const remoteOf = (side: Side) => safeRemote(clone.remote(side).url);
  const kinds = [stateSnapshotKind, dailyLogKind, configKind, ...spotKinds, ...(options.kinds ?? [])];
  const views = [spotHourlyFamily, ...(options.views ?? [])];
  const start: Partial<Record<Side, { tip?: string; data?: string }>> = {};
  const commits: Partial<Record<Side, string>> = {};
  const decisions = new Map<string, Decision>();
  const pushed = new Set<Side>();
  const changesMemo = new Map<string, Promise<{ added: string[]; changed: string[] }>>();
  const changes = (before: string | undefined, after: string) => {
    const key = `${before}..${after}`;
    if (!changesMemo.has(key)) changesMemo.set(key, sideChanges(clone.git, before, after));
    return changesMemo.get(key)!;
  };
  try {
    for (let attempt = 1; ; attempt++) {
      for (const side of SIDES) if (!pushed.has(side)) delete commits[side];
      const tips = { a: await clone.fetch('a'), b: await clone.fetch('b') };
      const data = {
        a: tips.a && (await resolveObject(clone.git, `${tips.a}:data`)),
        b: tips.b && (await resolveObject(clone.git, `${tips.b}:data`)),
      };
      for (const side of SIDES) {
        start[side] ??= { tip: tips[side], data: data[side] };
        if (attempt === 1)
          options.logger.info(
            `${side.toUpperCase()}: ${remoteOf(side)} ${options[side].branch} at ${tips[side]?.slice(0, 12) ?? '(no branch yet)'}`,
          );
      }
      const merged = await mergeDataTrees({
        clone,
        a: { tree: data.a, remote: 'a' },
        b: { tree: data.b, remote: 'b' },
        base: once(() => mergeBase(clone, tips.a, tips.b)),
        kinds,
        views,
      });
      // A decision pushed to one side in an earlier attempt is not seen again: keep every attempt's.
      for (const d of merged.decisions) decisions.set(`${d.path}|${d.key ?? ''}`, d);
      options.logger.info(
        `Attempt ${attempt}: ${merged.differing.length} differing path(s); data/ trees A ${merged.trees.a.slice(0, 12)}, B ${merged.trees.b.slice(0, 12)}`,
      );

      const rejected: string[] = [];
      for (const side of SIDES) {
        const tree = merged.trees[side];
        if (data[side] === tree || (!data[side] && tree === EMPTY_TREE) || options.dryRun) continue;
        const change = await changes(data[side], tree);
        const other = side === 'a' ? 'b' : 'a';
        const message = `sync(${options.pollerId}): union with ${remoteOf(other)} ${options[other].branch}: ${change.added.length} added, ${change.changed.length} changed, ${merged.conflicts.length} conflict(s) left alone`;
        const commit = await commitOnTop(clone.git, tips[side], tree, message);
        commits[side] = commit;
        pushed.delete(side);
        if (!options.push) continue;
        const outcome = await clone.push(side, commit);
        if (outcome.pushed) {
          pushed.add(side);
          options.logger.info(`Pushed ${commit.slice(0, 12)} to ${remoteOf(side)} ${options[side].branch}`);
        } else rejected.push(`${side.toUpperCase()} (${outcome.reason})`);
      }
      if (rejected.length === 0) {
        const conflicts = [...merged.conflicts].sort(byPath);
        return {
          a: await sideResult('a', merged.trees.a),
          b: await sideResult('b', merged.trees.b),
          trees: merged.trees,
          merged: await mergedPaths(merged.trees, conflicts),
          decisions: [...decisions.values()].sort(byPath),
          conflicts,
          skipped: merged.skipped,
          attempts: attempt,
        };
      }
      if (attempt >= maxAttempts) {
        throw new PushError(`push still rejected after ${attempt} attempts: ${rejected.join('; ')}`);
      }
      const wait = Math.round((options.backoffMs ?? 400) * 2 ** Math.min(attempt - 1, 5) * (0.5 + random()));
      options.logger.warning(
        `Push rejected for ${rejected.join('; ')}; fetching both sides and merging again in ${wait} ms`,
      );
      await options.clock.sleep(wait);
    }
  } finally {
    await clone.release();
  }

  async function sideResult(side: Side, tree: string): Promise<SideResult> {
    const change = await changes(start[side]?.data, tree);
    return {
      remote: remoteOf(side),
      branch: options[side].branch,
      before: start[side]?.tip,
      ...change,
      commit: commits[side],
      pushed: pushed.has(side),
    };
  }

  async function mergedPaths(trees: Record<Side, string>, conflicts: Conflict[]): Promise<string[]> {
    const [a, b] = [await changes(start.a?.data, trees.a), await changes(start.b?.data, trees.b)];
    const added = new Set([...a.added, ...b.added]);
    const conflicted = new Set(conflicts.map((c) => c.path));
    return [...new Set([...a.changed, ...b.changed])]
      .filter((p) => !added.has(p) && !conflicted.has(p))
      .sort();
  }
}

const byPath = (x: { path: string; key?: string }, y: { path: string; key?: string }) =>
  x.path + (x.key ?? '') < y.path + (y.key ?? '') ? -1 : 1;

/**
 * The merge base's `data/` tree, for the three-way merge of configuration files: null when the
 * branches share no history (or a side has no branch yet). Only this needs the two histories, which
 * are fetched then: a sync whose configuration files agree never fetches them.
 */
async function mergeBase(
  clone: MultiRemoteClone,
  a: string | undefined,
  b: string | undefined,
): Promise<{ tree?: string; remote: string } | null> {
  if (!a || !b) return null;
  await clone.fetchHistory('a', a);
  await clone.fetchHistory('b', b);
  const run = clone.git;
  const r = await run(['merge-base', a, b], { okCodes: [1] });
  const base = r.stdout.trim();
  if (r.code !== 0 || !base) return null;
  return { tree: await resolveObject(run, `${base}:data`), remote: 'a' };
}

/** What moving a side's `data/` tree from `before` to `after` adds and changes. Refuses to delete anything. */
async function sideChanges(
  run: RunGit,
  before: string | undefined,
  after: string,
): Promise<{ added: string[]; changed: string[] }> {
  const added: string[] = [];
  const changed: string[] = [];
  for (const d of await diffTrees(run, before ?? EMPTY_TREE, after)) {
    const path = `${DATA_PREFIX}${d.path}`;
    if (!d.b) throw new Error(`refusing to sync: the merged tree would delete ${path}`);
    (d.a ? changed : added).push(path);
  }
  return { added, changed };
}

/** A commit on top of `tip` whose tree is the tip's tree with `data/` replaced; files outside `data/` are untouched. */
async function commitOnTop(
  run: RunGit,
  tip: string | undefined,
  data: string,
  message: string,
): Promise<string> {
  const entries = (await listTree(run, tip && `${tip}^{tree}`)).filter((e) => e.name !== 'data');
  const root = await makeTree(run, [...entries, { mode: '040000', type: 'tree', oid: data, name: 'data' }]);
  return createCommit(run, { tree: root, parents: tip ? [tip] : [], message });
}
