/**
 * What every command that publishes into one data repository shares: the repository inputs, and a
 * locked working clone — a throwaway one for a dry run, so neither the repository nor a persistent
 * workdir changes — released whatever happens.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../data/time.js';
import { openWorkspace, type Workspace } from '../git/workspace.js';
import {
  flag,
  identifier,
  integer,
  optionalPath,
  refName,
  repository,
  secretInput,
} from '../runtime/inputs.js';
import type { Runtime } from '../runtime/runtime.js';

export const repositoryInputs = (pollerId: string, dryRun: string) => ({
  repo: {
    description: 'Data repository: owner/name, https URL, local path or file:// URL.',
    env: ['API_DATA_REPO'],
    schema: repository(),
  },
  branch: { description: 'Branch of the data repository.', default: 'main', schema: refName() },
  workdir: {
    description: 'Persistent working clone (reused between runs); a temporary clone when empty.',
    env: ['API_EXPORT_DIR'],
    schema: optionalPath(),
  },
  token: secretInput('Token that may push to the repository (never written anywhere).', 'GITHUB_TOKEN'),
  push: flag('Push the commit.', true),
  'dry-run': flag(dryRun, false),
  'git-timeout': {
    description:
      'Seconds any one git operation (clone, fetch, push) may take before it is stopped; git also gives up on a transfer slower than 1 kB/s for 30 s.',
    default: '600',
    schema: integer(1, 86_400),
  },
  'poller-id': {
    description: 'Name of this poller in commit messages.',
    default: pollerId,
    env: ['POLLER_ID'],
    schema: identifier(),
  },
});

export interface RepositoryInputs {
  repo: string;
  branch: string;
  workdir?: string;
  token?: string;
  'dry-run': boolean;
  'git-timeout': number;
  'poller-id': string;
}

export async function withWorkspace<T>(
  inputs: RepositoryInputs,
  purpose: string,
  rt: Runtime,
  clock: Clock,
  fn: (ws: Workspace) => Promise<T>,
  /**
   * `deferLevel`: see WorkspaceOptions (the command awaits `ws.ready` before it reads the tree);
   * `recentDays`: the days a temporary clone checks out (WorkspaceOptions).
   */
  options: { deferLevel?: boolean; recentDays?: number } = {},
): Promise<T> {
  const scratch = inputs['dry-run'] ? await mkdtemp(join(tmpdir(), 'staktrakr-dry-')) : undefined;
  try {
    const ws = await rt.group('Data repository', () =>
      openWorkspace({
        repo: inputs.repo,
        branch: inputs.branch,
        workdir: scratch ?? inputs.workdir,
        token: inputs.token,
        pollerId: inputs['poller-id'],
        purpose,
        clock,
        logger: rt,
        lockWaitMs: 120_000,
        gitTimeoutMs: inputs['git-timeout'] * 1000,
        deferLevel: options.deferLevel,
        recentDays: options.recentDays,
      }),
    );
    try {
      return await fn(ws);
    } finally {
      await ws.release();
    }
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
