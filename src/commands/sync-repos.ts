/** sync-repos: inputs → merge both data repositories (every file family, src/sync/job.ts) → push each side → outputs and summary. */
import { DEFAULT_RETIRE_AFTER_DAYS, HISTORY_DAYS } from '../data/retail-views/rebuild.js';
import { clockFromEnv } from '../runtime/clock.js';
import { defineCommand } from '../runtime/command.js';
import { flag, identifier, integer, refName, repository, secretInput } from '../runtime/inputs.js';
import { runSyncJob } from '../sync/job.js';

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
    token: secretInput('Token that may push to both repositories (never written anywhere).', 'GITHUB_TOKEN'),
    'token-a': secretInput('Token for repo-a only; overrides token.', 'SYNC_TOKEN_A'),
    'token-b': secretInput('Token for repo-b only; overrides token.', 'SYNC_TOKEN_B'),
    push: flag('Push the sync commits.', true),
    'dry-run': flag('Print the plan (added, merged, conflicting paths) and write nothing.', false),
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
    const result = await runSyncJob({
      a: { repo: i['repo-a'], branch: i['branch-a'], token: i['token-a'] ?? i.token },
      b: { repo: i['repo-b'], branch: i['branch-b'], token: i['token-b'] ?? i.token },
      push: i.push,
      dryRun: i['dry-run'],
      pollerId: i['poller-id'],
      clock,
      retireAfterDays: i['retire-after-days'],
      logger: rt,
    });
    await rt.summary(result.summary);
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
