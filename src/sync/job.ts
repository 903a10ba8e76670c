/**
 * The sync-repos job as a command runs it: every file family (spot, Goldback, configuration and
 * retail's, src/sync/retail-kinds.ts), the merge and pushes (sync.ts), then what happened told to the
 * log line by line and as a job summary.
 */
import { conflictLine, decisionLine, planLines, skippedLine, syncSummary } from './report.js';
import { retailKinds, retailViewFamily } from './retail-kinds.js';
import { type SyncOptions, type SyncResult, syncRepos } from './sync.js';

export interface SyncJobOptions
  extends Pick<SyncOptions, 'a' | 'b' | 'push' | 'dryRun' | 'pollerId' | 'clock' | 'logger'> {
  /** Days without a reading after which a dealer leaves rebuilt retail views (as the retail poller). */
  retireAfterDays: number;
}

export interface SyncJobResult extends SyncResult {
  /** The job summary (Markdown). */
  summary: string;
}

export async function runSyncJob(options: SyncJobOptions): Promise<SyncJobResult> {
  const result = await syncRepos({
    a: options.a,
    b: options.b,
    push: options.push,
    dryRun: options.dryRun,
    pollerId: options.pollerId,
    clock: options.clock,
    kinds: retailKinds,
    views: [
      retailViewFamily({
        now: options.clock.now(),
        retireAfterDays: options.retireAfterDays,
        logger: options.logger,
      }),
    ],
    logger: options.logger,
  });
  if (options.dryRun) for (const line of planLines(result)) options.logger.info(`plan: ${line}`);
  else {
    for (const d of result.decisions) options.logger.info(decisionLine(d));
    for (const c of result.conflicts) options.logger.warning(conflictLine(c));
    for (const k of result.skipped) options.logger.warning(skippedLine(k));
  }
  return { ...result, summary: syncSummary(result, options.dryRun) };
}
