/**
 * sync-repos: make two data repositories converge. Both are fetched into one blob-less clone, their
 * `data/` trees merged once (merge.ts), and the merged tree committed on top of each side whose tree
 * differs. Pushes are never forced: when a poller moved a branch meanwhile, the push is rejected,
 * both sides are fetched again and the merge is redone on the new tips, with jittered backoff.
 */
import type { Clock } from '../data/time.js';
import { createCommit } from '../git/commit.js';
import { openMultiRemoteClone } from '../git/multi-remote.js';
import { diffTrees, EMPTY_TREE, listTree, makeTree, type RunGit, resolveObject } from '../git/objects.js';
import { PushError } from '../git/publish.js';
import { safeRemote } from '../git/workspace.js';
import type { Conflict, FileKind, ViewFamily } from './kinds.js';
import { mergeDataTrees } from './merge.js';
import { DATA_PREFIX } from './overlay.js';
import { spotHourlyFamily, spotKinds } from './spot-kinds.js';

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
  /** File kinds and view families beyond spot (retail plugs in here). */
  kinds?: readonly FileKind[];
  views?: readonly ViewFamily[];
  maxAttempts?: number;
  backoffMs?: number;
  serverUrl?: string;
  log: (message: string) => void;
  warn: (message: string) => void;
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
  /** The merged `data/` tree both sides now hold (or would hold, on a dry run). */
  tree: string;
  /** Paths both sides held with different content that ended merged without a conflict. */
  merged: string[];
  conflicts: Conflict[];
  attempts: number;
}

export async function syncRepos(o: SyncOptions): Promise<SyncResult> {
  const maxAttempts = o.maxAttempts ?? 8;
  const random = o.random ?? Math.random;
  const clone = await openMultiRemoteClone({
    remotes: SIDES.map((name) => ({ name, ...o[name] })),
    pollerId: o.pollerId,
    purpose: 'sync-repos',
    clock: o.clock,
    serverUrl: o.serverUrl,
  });
  const remoteOf = (side: Side) => safeRemote(clone.remote(side).url);
  const kinds = [...spotKinds, ...(o.kinds ?? [])];
  const views = [spotHourlyFamily, ...(o.views ?? [])];
  const conflicts = new Map<string, Conflict>();
  const start: Partial<Record<Side, { tip?: string; data?: string }>> = {};
  const commits: Partial<Record<Side, string>> = {};
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
          o.log(
            `${side.toUpperCase()}: ${remoteOf(side)} ${o[side].branch} at ${tips[side]?.slice(0, 12) ?? '(no branch yet)'}`,
          );
      }
      const merged = await mergeDataTrees({
        clone,
        a: { tree: data.a, remote: 'a' },
        b: { tree: data.b, remote: 'b' },
        kinds,
        views,
      });
      for (const c of merged.conflicts) conflicts.set(`${c.path}|${c.key ?? ''}`, c);
      o.log(
        `Attempt ${attempt}: ${merged.differing.length} differing path(s); merged data/ tree ${merged.tree.slice(0, 12)}`,
      );

      const rejected: string[] = [];
      for (const side of SIDES) {
        if (data[side] === merged.tree || o.dryRun) continue;
        const change = await changes(data[side], merged.tree);
        const other = side === 'a' ? 'b' : 'a';
        const message = `sync(${o.pollerId}): union with ${remoteOf(other)} ${o[other].branch}: ${change.added.length} added, ${change.changed.length} changed, ${merged.conflicts.length} conflict(s)`;
        const commit = await commitOnTop(clone.git, tips[side], merged.tree, message);
        commits[side] = commit;
        pushed.delete(side);
        if (!o.push) continue;
        const outcome = await clone.push(side, commit);
        if (outcome.pushed) {
          pushed.add(side);
          o.log(`Pushed ${commit.slice(0, 12)} to ${remoteOf(side)} ${o[side].branch}`);
        } else rejected.push(`${side.toUpperCase()} (${outcome.reason})`);
      }
      if (rejected.length === 0) {
        return {
          a: await sideResult('a', merged.tree),
          b: await sideResult('b', merged.tree),
          tree: merged.tree,
          merged: await mergedPaths(merged.tree),
          conflicts: [...conflicts.values()].sort((x, y) =>
            x.path + (x.key ?? '') < y.path + (y.key ?? '') ? -1 : 1,
          ),
          attempts: attempt,
        };
      }
      if (attempt >= maxAttempts) {
        throw new PushError(`push still rejected after ${attempt} attempts: ${rejected.join('; ')}`);
      }
      const wait = Math.round((o.backoffMs ?? 400) * 2 ** Math.min(attempt - 1, 5) * (0.5 + random()));
      o.warn(`Push rejected for ${rejected.join('; ')}; fetching both sides and merging again in ${wait} ms`);
      await o.clock.sleep(wait);
    }
  } finally {
    await clone.release();
  }

  async function sideResult(side: Side, tree: string): Promise<SideResult> {
    const change = await changes(start[side]?.data, tree);
    return {
      remote: remoteOf(side),
      branch: o[side].branch,
      before: start[side]?.tip,
      ...change,
      commit: commits[side],
      pushed: pushed.has(side),
    };
  }

  async function mergedPaths(tree: string): Promise<string[]> {
    const [a, b] = [await changes(start.a?.data, tree), await changes(start.b?.data, tree)];
    const added = new Set([...a.added, ...b.added]);
    const conflicted = new Set([...conflicts.values()].map((c) => c.path));
    return [...new Set([...a.changed, ...b.changed])]
      .filter((p) => !added.has(p) && !conflicted.has(p))
      .sort();
  }
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
