/**
 * One spot-poll run in a locked working clone: the remembered state and the budget, the collected
 * facts, the publish (apply, commit, push with retry), and what the user sees — outputs, the
 * summary (written whatever happened) and, when a phase failed, the reason for a non-zero exit.
 * The command (src/commands/spot-poll.ts) only declares inputs and hands them here.
 */

import type { Logger } from '../data/logger.js';
import type { Clock } from '../data/time.js';
import { formatNaive } from '../data/time.js';
import { publish } from '../git/publish.js';
import type { Workspace } from '../git/workspace.js';
import { planBudget } from './budget.js';
import { Deadline } from './deadline.js';
import { loadMemory, memoryPath, saveMemory } from './memory.js';
import { type ApplyReport, applySpotFacts, collectSpotFacts, type SpotFacts } from './poll.js';
import { buildProviders } from './providers/index.js';
import type { SpotProvider } from './providers/provider.js';
import type { SeedTime } from './seed-time.js';
import { last24h, summaryMarkdown } from './summary.js';

/** The command's inputs, by their input names (README "spot-poll"). */
export interface SpotPollInputs {
  'api-key'?: string;
  'metals-dev-api-key'?: string;
  'metals-api-key'?: string;
  'api-base-url'?: string;
  'metals-dev-base-url'?: string;
  'metals-api-base-url'?: string;
  providers: string[];
  /** Calls a month, or undefined to read `/usage`. */
  'api-budget'?: number;
  /** Seconds for the whole run. */
  timeout: number;
  'backfill-hours': number;
  'seed-time': SeedTime;
  catchup: boolean;
  'accept-jump': boolean;
  'fx-currencies': string[];
  'poller-id': string;
  push: boolean;
  'dry-run': boolean;
}

export interface SpotRunContext {
  clock: Clock;
  log: Logger;
}

export interface SpotRunResult {
  outputs: Record<string, string | number | boolean>;
  summary: string;
  pushed: boolean;
  /** Why the run must exit non-zero (a phase failed or the run crashed); undefined when it succeeded. */
  failure?: string;
}

/**
 * The run: providers built first (a missing key fails before any network or disk work), the
 * `timeout` clock started, then the clone is opened through `open` (the command's locked workspace)
 * and the run happens inside it.
 */
export function runSpotPoll(
  inputs: SpotPollInputs,
  context: SpotRunContext,
  open: (fn: (ws: Workspace) => Promise<SpotRunResult>) => Promise<SpotRunResult>,
): Promise<SpotRunResult> {
  const providers = buildProviders(inputs.providers, {
    keys: {
      metalpriceapi: inputs['api-key'],
      'metals-dev': inputs['metals-dev-api-key'],
      'metals-api': inputs['metals-api-key'],
    },
    baseUrls: {
      metalpriceapi: inputs['api-base-url'],
      'metals-dev': inputs['metals-dev-base-url'],
      'metals-api': inputs['metals-api-base-url'],
    },
    clock: context.clock,
    onRetry: (m) => context.log.warning(m),
  });
  const deadline = new Deadline(inputs.timeout * 1000);
  const o: RunOptions = {
    ...context,
    apiBudget: inputs['api-budget'],
    backfillHours: inputs['backfill-hours'],
    seedTime: inputs['seed-time'],
    catchup: inputs.catchup,
    acceptJump: inputs['accept-jump'],
    fxCurrencies: inputs['fx-currencies'],
    pollerId: inputs['poller-id'],
    push: inputs.push,
    dryRun: inputs['dry-run'],
  };
  return open((ws) => inWorkspace(ws, providers, deadline, o));
}

interface RunOptions extends SpotRunContext {
  apiBudget?: number;
  backfillHours: number;
  seedTime: SeedTime;
  catchup: boolean;
  acceptJump: boolean;
  fxCurrencies: string[];
  pollerId: string;
  push: boolean;
  dryRun: boolean;
}

async function inWorkspace(
  ws: Workspace,
  providers: SpotProvider[],
  deadline: Deadline,
  o: RunOptions,
): Promise<SpotRunResult> {
  const statePath = memoryPath(ws.dir);
  const started = o.clock.now();
  const { memory, found } = await loadMemory(statePath, started);
  let facts: SpotFacts | undefined;
  let report: ApplyReport = { files: [], backfilled: [], seedDaysAdded: [], historyConflicts: [] };
  let published: { commit?: string; pushed: boolean } = { pushed: false };
  let crash: Error | undefined;
  let chartHours: ReturnType<typeof last24h> | undefined;
  const calls = () => providers.reduce((n, p) => n + p.calls, 0);
  // Saved once no more calls can be made: while the facts are published, or after a failure.
  let saved: Promise<void> | undefined;
  const save = () => {
    saved ??= saveMemory(statePath, memory, started, calls());
    saved.catch(() => undefined); // Awaited (and reported) below.
    return saved;
  };
  try {
    const usage = providers.find((p) => p.usage)?.usage;
    const budget = await planBudget({
      monthly: o.apiBudget,
      memory,
      remembered: found,
      now: started,
      usage: usage && (() => usage({ signal: deadline.share(0.1, 'usage') })),
    });
    const collected = await o.log.group('Spot prices', () =>
      collectSpotFacts({
        root: ws.dir,
        providers,
        clock: o.clock,
        backfillHours: o.backfillHours,
        seedTime: o.seedTime,
        catchup: o.catchup,
        acceptJump: o.acceptJump,
        fxCurrencies: o.fxCurrencies,
        log: o.log,
        deadline,
        budget,
        memory,
        ready: ws.ready,
      }),
    );
    facts = collected;
    save();
    published = await o.log.group('Write, commit, push', () =>
      publish(ws, {
        apply: async (dir) => {
          report = await applySpotFacts(dir, collected);
          // The summary's chart reads the tree as this apply left it: while it is committed and pushed.
          chartHours = last24h(dir, o.clock.now());
          chartHours.catch(() => undefined); // Awaited below; a re-apply replaces it.
          return report;
        },
        message: (r) => commitMessage(o.pollerId, collected.slot, r),
        push: o.push && !o.dryRun,
        clock: o.clock,
        logger: o.log,
      }),
    );
  } catch (err) {
    crash = err instanceof Error ? err : new Error(String(err));
  } finally {
    // The summary below reads the tree: never while the clone is still being levelled.
    await ws.ready.catch(() => undefined);
    await save();
  }
  const commit = o.dryRun ? undefined : published.commit;
  for (const f of report.files) o.log.info(`${o.dryRun ? 'would write' : 'wrote'} ${f}`);
  const apiCalls = calls();
  const summary = summaryMarkdown(
    { facts, report, commit, pushed: published.pushed, dryRun: o.dryRun, apiCalls, crash: crash?.message },
    await (chartHours ?? last24h(ws.dir, o.clock.now())),
  );
  const outputs = {
    slot: report.slotStatus && report.slotStatus !== 'exists' ? (report.slotPath ?? '') : '',
    'files-written': report.files.length,
    'backfilled-slots': report.backfilled.length,
    'seed-days-added': report.seedDaysAdded.length,
    'api-calls': apiCalls,
    'quota-remaining': facts?.quotaRemaining ?? '',
    commit: commit ?? '',
    pushed: published.pushed,
  };
  const failed = facts?.phases.filter((p) => p.status === 'failed') ?? [];
  let failure: string | undefined;
  if (crash || failed.length > 0) {
    const why = failed.map((p) => `${p.phase}: ${p.detail}`);
    if (crash) why.push(crash.message);
    const kept = published.pushed ? ' (what passed its checks was pushed)' : '';
    failure = `spot-poll failed${kept} — ${why.join(' | ')}`;
  }
  return { outputs, summary, pushed: published.pushed, failure };
}

function commitMessage(pollerId: string, slot: Date, r: ApplyReport): string {
  const parts = [`slot ${formatNaive(slot).slice(0, 16)}`];
  if (!r.slotStatus) parts[0] += ' (not polled)';
  if (r.slotStatus === 'exists') parts[0] += ' (already present)';
  if (r.backfilled.length) parts.push(`backfilled ${r.backfilled.length} slot(s)`);
  if (r.seedDaysAdded.length) parts.push(`reference days ${r.seedDaysAdded.length}`);
  return `spot-poll(${pollerId}): ${parts.join(', ')}\n\n${r.files.map((f) => `- ${f}`).join('\n')}`;
}
