/** spot-poll: inputs → workspace → collect facts → publish (apply, commit, push with retry) → outputs and summary. */

import * as z from 'zod';
import { formatNaive } from '../data/time.js';
import { publish } from '../git/publish.js';
import { clockFromEnv } from '../runtime/clock.js';
import { CommandFailure, defineCommand } from '../runtime/command.js';
import { boolean, currencyCodes, integer, namesFrom, optional, optionalBaseUrl } from '../runtime/inputs.js';
import { planBudget } from '../spot/budget.js';
import { Deadline } from '../spot/deadline.js';
import { loadMemory, memoryPath, saveMemory } from '../spot/memory.js';
import {
  type ApplyReport,
  applySpotFacts,
  collectSpotFacts,
  type PollLog,
  type SpotFacts,
} from '../spot/poll.js';
import { buildProviders, PROVIDER_IDS } from '../spot/providers/index.js';
import { seedTimeSchema } from '../spot/seed-time.js';
import { last24h, summaryMarkdown } from '../spot/summary.js';
import { chainedVerify, checkVerifyInputs, verifyInputs } from './chained-verify.js';
import { repositoryInputs, withWorkspace } from './publishing.js';

export default defineCommand({
  name: 'spot-poll',
  description:
    'Poll spot prices into a data repository: backfill gaps, write the current slot, daily reference prices.',
  inputs: {
    ...repositoryInputs('spot', 'Fetch and check prices, print what would be written, write nothing.'),
    'api-key': {
      description: 'MetalPriceAPI key (sent in a header).',
      env: ['METAL_PRICE_API_KEY', 'METALPRICEAPI_KEY'],
      secret: true,
      schema: optional(),
    },
    'metals-dev-api-key': {
      description: 'metals.dev key, when that provider is listed.',
      env: ['METALS_DEV_API_KEY'],
      secret: true,
      schema: optional(),
    },
    'metals-api-key': {
      description: 'Metals-API key, when that provider is listed.',
      env: ['METALS_API_KEY'],
      secret: true,
      schema: optional(),
    },
    providers: {
      description: `Providers tried in order on failure: ${PROVIDER_IDS.join(', ')}.`,
      default: 'metalpriceapi',
      schema: namesFrom(PROVIDER_IDS),
    },
    'api-base-url': {
      description: "Override MetalPriceAPI's base URL (self-hosted proxy, the EU server, tests).",
      schema: optionalBaseUrl(),
    },
    'metals-dev-base-url': {
      description: "Override metals.dev's base URL.",
      schema: optionalBaseUrl(),
    },
    'metals-api-base-url': {
      description: "Override Metals-API's base URL.",
      schema: optionalBaseUrl(),
    },
    'api-budget': {
      description:
        'Upstream calls per month the plan allows (MetalPriceAPI free: 100). Empty: read from /usage (free, at most once a day). See README "Quota".',
      schema: optional().transform((s, ctx) => {
        if (!s) return undefined;
        const n = Number(s);
        if (Number.isInteger(n) && n >= 1 && n <= 1e9) return n;
        ctx.addIssue({ code: 'custom', message: 'must be a whole number of calls per month, or empty' });
        return z.NEVER;
      }),
    },
    timeout: {
      description: 'Seconds the whole run may take; upstream calls share it, a quarter is kept for the push.',
      default: '120',
      schema: integer(5, 3600),
    },
    'backfill-hours': {
      description: 'Fill slots missing in this many past hours.',
      default: '24',
      schema: integer(0, 24 * 31),
    },
    'seed-time': {
      description: "Local time after which the day's reference price is written.",
      default: '12:00 America/New_York',
      schema: seedTimeSchema,
    },
    catchup: {
      description: 'Catch up reference days missing since the last spot-history entry.',
      default: 'true',
      schema: boolean(),
    },
    'accept-jump': {
      description: 'Accept a move of more than 20 % from the previous slot.',
      default: 'false',
      schema: boolean(),
    },
    'fx-currencies': {
      description: 'Exchange rates recorded beside each live slot (for /api/prices?currency=).',
      default: 'EUR,GBP,CAD,AUD',
      schema: currencyCodes(),
    },
    ...verifyInputs,
  },
  outputs: {
    slot: 'Path of the slot file written this run, or empty.',
    'files-written': 'Number of files created or changed.',
    'backfilled-slots': 'Number of missing slots filled.',
    'seed-days-added': 'Number of daily reference days added.',
    'api-calls': 'Upstream calls made this run (quota used).',
    'quota-remaining': 'Calls left this month after this run, when known (/usage or api-budget).',
    commit: 'Commit sha, or empty when nothing changed.',
    pushed: 'true when the commit reached the remote.',
  },
  async run(inputs, rt, { env }) {
    const clock = clockFromEnv(env);
    checkVerifyInputs(inputs);
    const deadline = new Deadline(inputs.timeout * 1000);
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
      clock,
      onRetry: (m) => rt.warning(m),
    });
    const log: PollLog = {
      debug: (m) => rt.debug(m),
      info: (m) => rt.info(m),
      warning: (m) => rt.warning(m),
      error: (m) => rt.error(m),
      notice: (m) => rt.notice(m, { title: 'spot-poll' }),
      providerError: (e) => rt.error(e.message, { title: 'Spot provider refused the request' }),
      refused: (m) => rt.error(m, { title: 'Price refused' }),
    };
    const dryRun = inputs['dry-run'];
    let summarized = false;
    // The summary is written even when the repository cannot be opened or locked.
    const failedEarly = async (err: unknown) => {
      if (!summarized)
        await rt.summary(
          `### Spot poll · ❌ failed\n\n**Run failed:** ${err instanceof Error ? err.message : String(err)}`,
        );
      throw err;
    };
    return withWorkspace(inputs, 'spot-poll', rt, clock, async (ws) => {
      const statePath = memoryPath(ws.dir);
      const started = clock.now();
      const { memory, found } = await loadMemory(statePath, started);
      let facts: SpotFacts | undefined;
      let report: ApplyReport = { files: [], backfilled: [], seedDaysAdded: [], historyConflicts: [] };
      let published: { commit?: string; pushed: boolean } = { pushed: false };
      let crash: Error | undefined;
      try {
        const usage = providers.find((p) => p.usage)?.usage;
        const budget = await planBudget({
          monthly: inputs['api-budget'],
          memory,
          remembered: found,
          now: started,
          usage: usage && (() => usage({ signal: deadline.share(0.1, 'usage') })),
        });
        const collected = await rt.group('Spot prices', () =>
          collectSpotFacts({
            root: ws.dir,
            providers,
            clock,
            backfillHours: inputs['backfill-hours'],
            seedTime: inputs['seed-time'],
            catchup: inputs.catchup,
            acceptJump: inputs['accept-jump'],
            fxCurrencies: inputs['fx-currencies'],
            log,
            deadline,
            budget,
            memory,
          }),
        );
        facts = collected;
        published = await rt.group('Write, commit, push', () =>
          publish(ws, {
            apply: async (dir) => {
              report = await applySpotFacts(dir, collected);
              return report;
            },
            message: (r) => commitMessage(inputs['poller-id'], collected.slot, r),
            push: inputs.push && !dryRun,
            clock,
            log: log.info,
            warn: log.warning,
          }),
        );
      } catch (err) {
        crash = err instanceof Error ? err : new Error(String(err));
      } finally {
        await saveMemory(
          statePath,
          memory,
          started,
          providers.reduce((n, p) => n + p.calls, 0),
        );
      }
      const commit = dryRun ? undefined : published.commit;
      for (const f of report.files) rt.info(`${dryRun ? 'would write' : 'wrote'} ${f}`);
      const apiCalls = providers.reduce((n, p) => n + p.calls, 0);
      // The summary is written whatever happened: what was tried, what each provider answered, what was refused.
      summarized = true;
      await rt.summary(
        summaryMarkdown(
          { facts, report, commit, pushed: published.pushed, dryRun, apiCalls, crash: crash?.message },
          await last24h(ws.dir, clock.now()),
        ),
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
      if (crash || failed.length > 0) {
        for (const [name, value] of Object.entries(outputs)) rt.setOutput(name, value);
        const why = failed.map((p) => `${p.phase}: ${p.detail}`);
        if (crash) why.push(crash.message);
        const kept = published.pushed ? ' (what passed its checks was pushed)' : '';
        throw new CommandFailure(`spot-poll failed${kept} — ${why.join(' | ')}`);
      }
      if (published.pushed) await chainedVerify(inputs, ws.dir, rt, clock);
      return outputs;
    }).catch(failedEarly);
  },
});

function commitMessage(pollerId: string, slot: Date, r: ApplyReport): string {
  const parts = [`slot ${formatNaive(slot).slice(0, 16)}`];
  if (!r.slotStatus) parts[0] += ' (not polled)';
  if (r.slotStatus === 'exists') parts[0] += ' (already present)';
  if (r.backfilled.length) parts.push(`backfilled ${r.backfilled.length} slot(s)`);
  if (r.seedDaysAdded.length) parts.push(`reference days ${r.seedDaysAdded.length}`);
  return `spot-poll(${pollerId}): ${parts.join(', ')}\n\n${r.files.map((f) => `- ${f}`).join('\n')}`;
}
