/**
 * sync-repos: inputs → merge both data repositories (spot and retail content) → push each side → outputs
 * and summary. Retail plugs into sync here, where domains may meet: its facts merge by union, its
 * views are rebuilt by the retail poller's own `rebuildRetailViews`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DAY } from '../data/time.js';
import { parseCatalogText } from '../retail/catalog.js';
import {
  FactFileError,
  isRetailFactPath,
  mergeRetailFactFiles,
  parseRetailFactPath,
} from '../retail/facts.js';
import {
  API_DIR,
  DEFAULT_RETIRE_AFTER_DAYS,
  HISTORY_DAYS,
  rebuildRetailViews,
} from '../retail/views/rebuild.js';
import { clockFromEnv } from '../runtime/clock.js';
import { defineCommand } from '../runtime/command.js';
import { boolean, identifier, integer, optional, refName, repository } from '../runtime/inputs.js';
import { type FileKind, leaveAlone, type ViewFamily, viewKind } from '../sync/kinds.js';
import { conflictLine, decisionLine, planLines, skippedLine, syncSummary } from '../sync/report.js';
import { syncRepos } from '../sync/sync.js';

const CATALOG = 'data/retail/providers.json';

const retailFacts: FileKind = {
  name: 'retail facts',
  matches: isRetailFactPath,
  merge: (path, a, b) => {
    try {
      const merged = Buffer.from(mergeRetailFactFiles(a.bytes.toString('utf8'), b.bytes.toString('utf8')));
      return { a: merged, b: merged, decisions: [], conflicts: [] };
    } catch (e) {
      if (!(e instanceof FactFileError)) throw e;
      return leaveAlone(path, a, b, `unreadable fact entry (${e.message}): each side keeps its own`);
    }
  },
};

function retailViews(now: Date, retireAfterDays: number, warn: (m: string) => void): ViewFamily {
  return {
    name: 'retail views',
    rebuild: async (differing, scratch) => {
      if (!differing.some((p) => isRetailFactPath(p) || p.startsWith(`${API_DIR}/`) || p === CATALOG)) return;
      await scratch.materialize([CATALOG]);
      const catalogText = await readFile(join(scratch.root, CATALOG), 'utf8').catch(() => undefined);
      if (catalogText === undefined) return warn(`no ${CATALOG}: retail views not rebuilt`);
      // The rebuild reads the last HISTORY_DAYS fact days (plus one of context) up to now.
      const facts = (await scratch.listRecursive('data/retail/facts')).flatMap((p) => {
        const f = parseRetailFactPath(p);
        return f && f.day.getTime() <= now.getTime() ? [{ p, t: f.day.getTime() }] : [];
      });
      const newest = Math.max(0, ...facts.map((f) => f.t));
      const recent = facts.filter((f) => f.t >= newest - (HISTORY_DAYS + 1) * DAY).map((f) => f.p);
      await scratch.materialize([...recent, ...(await scratch.listRecursive(API_DIR))]);
      await rebuildRetailViews({
        root: scratch.root,
        catalog: parseCatalogText(catalogText, CATALOG),
        now,
        retireAfterDays,
      });
    },
  };
}

export default defineCommand({
  name: 'sync-repos',
  description:
    'Make two data repositories identical without deleting or overwriting data: union the facts, rebuild the views, push both.',
  inputs: {
    'repo-a': {
      description: 'First data repository: owner/name, https URL, local path or file:// URL.',
      schema: repository(),
    },
    'repo-b': {
      description: 'Second data repository: owner/name, https URL, local path or file:// URL.',
      schema: repository(),
    },
    'branch-a': { description: 'Branch of repo-a.', default: 'main', schema: refName() },
    'branch-b': { description: 'Branch of repo-b.', default: 'main', schema: refName() },
    token: {
      description: 'Token that may push to both repositories (never written anywhere).',
      env: ['GITHUB_TOKEN'],
      secret: true,
      schema: optional(),
    },
    'token-a': {
      description: 'Token for repo-a only; overrides token.',
      env: ['SYNC_TOKEN_A'],
      secret: true,
      schema: optional(),
    },
    'token-b': {
      description: 'Token for repo-b only; overrides token.',
      env: ['SYNC_TOKEN_B'],
      secret: true,
      schema: optional(),
    },
    push: { description: 'Push the sync commits.', default: 'true', schema: boolean() },
    'dry-run': {
      description: 'Print the plan (added, merged, conflicting paths) and write nothing.',
      default: 'false',
      schema: boolean(),
    },
    'poller-id': {
      description: 'Name of this job in commit messages.',
      default: 'sync',
      env: ['POLLER_ID'],
      schema: identifier(),
    },
    'retire-after-days': {
      description:
        'Days without a reading after which a dealer leaves rebuilt retail views (as the retail poller).',
      default: String(DEFAULT_RETIRE_AFTER_DAYS),
      schema: integer(1, HISTORY_DAYS),
    },
  },
  outputs: {
    'added-to-a': 'Number of files added to repo-a.',
    'added-to-b': 'Number of files added to repo-b.',
    merged: 'Number of files both held with different content, merged without conflict.',
    decisions:
      "JSON array of every place where one side's bytes or value replaced the other's: {path, key?, from, kept, other, rule}; [] when none.",
    conflicts:
      'JSON array of true conflicts, left as they are on both sides: {path, key?, a, b, rule}; [] when none.',
    skipped:
      'JSON array of symlinks and submodules not copied between the repositories: {path, a, b}; [] when none.',
    'commit-a': 'Sync commit on repo-a (empty when none was needed or on a dry run).',
    'commit-b': 'Sync commit on repo-b (empty when none was needed or on a dry run).',
    tree: 'Hash of the data/ tree repo-a holds after the sync (repo-b holds the same unless a conflict was left alone).',
    'tree-b': 'Hash of the data/ tree repo-b holds after the sync.',
  },
  async run(i, rt) {
    const clock = clockFromEnv(process.env);
    const dryRun = i['dry-run'];
    const result = await syncRepos({
      a: { repo: i['repo-a'], branch: i['branch-a'], token: i['token-a'] ?? i.token },
      b: { repo: i['repo-b'], branch: i['branch-b'], token: i['token-b'] ?? i.token },
      push: i.push,
      dryRun,
      pollerId: i['poller-id'],
      clock,
      kinds: [retailFacts, viewKind('retail views', (p) => p.startsWith(`${API_DIR}/`))],
      views: [retailViews(clock.now(), i['retire-after-days'], (m) => rt.warning(m))],
      logger: rt,
    });
    if (dryRun) for (const line of planLines(result)) rt.info(`plan: ${line}`);
    else {
      for (const d of result.decisions) rt.info(decisionLine(d));
      for (const c of result.conflicts) rt.warning(conflictLine(c));
      for (const k of result.skipped) rt.warning(skippedLine(k));
    }
    await rt.summary(syncSummary(result, dryRun));
    return {
      'added-to-a': result.a.added.length,
      'added-to-b': result.b.added.length,
      merged: result.merged.length,
      decisions: JSON.stringify(result.decisions),
      conflicts: JSON.stringify(result.conflicts),
      skipped: JSON.stringify(result.skipped),
      'commit-a': result.a.commit ?? '',
      'commit-b': result.b.commit ?? '',
      tree: result.trees.a,
      'tree-b': result.trees.b,
    };
  },
});
