/** spot-poll: inputs → workspace → collect facts → publish (apply, commit, push with retry) → outputs and summary. */
import { formatNaive } from '../data/time.js';
import { publish } from '../git/publish.js';
import { clockFromEnv } from '../runtime/clock.js';
import { CommandFailure, defineCommand } from '../runtime/command.js';
import { boolean, currencyCodes, integer, namesFrom, optional, optionalBaseUrl } from '../runtime/inputs.js';
import { type ApplyReport, applySpotFacts, collectSpotFacts } from '../spot/poll.js';
import { buildProviders, PROVIDER_IDS } from '../spot/providers/index.js';
import { seedTimeSchema } from '../spot/seed-time.js';
import { last24h, summaryMarkdown } from '../spot/summary.js';
import { PriceCheckError } from '../spot/validate.js';
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
      description: "Override the first provider's base URL (self-hosted proxy, tests).",
      schema: optionalBaseUrl(),
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
    'api-calls': 'Upstream calls made (quota used).',
    'quota-remaining': 'Calls left this period, when the upstream says.',
    commit: 'Commit sha, or empty when nothing changed.',
    pushed: 'true when the commit reached the remote.',
  },
  async run(inputs, rt, { env }) {
    const clock = clockFromEnv(env);
    checkVerifyInputs(inputs);
    const providers = buildProviders(inputs.providers, {
      keys: {
        metalpriceapi: inputs['api-key'],
        'metals-dev': inputs['metals-dev-api-key'],
        'metals-api': inputs['metals-api-key'],
      },
      baseUrl: inputs['api-base-url'],
      clock,
      onRetry: (m) => rt.warning(m),
    });
    const log = {
      info: (m: string) => rt.info(m),
      warn: (m: string) => rt.warning(m),
      notice: (m: string) => rt.notice(m, { title: 'spot-poll' }),
      providerError: (e: Error) => rt.error(e.message, { title: 'Spot provider refused the request' }),
    };
    const dryRun = inputs['dry-run'];
    return withWorkspace(inputs, 'spot-poll', rt, clock, async (ws) => {
      const facts = await rt
        .group('Spot prices', () =>
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
          }),
        )
        .catch((err) => {
          if (err instanceof PriceCheckError)
            for (const p of err.problems) rt.error(p, { title: 'Price refused' });
          throw err instanceof PriceCheckError ? new CommandFailure(err.message) : err;
        });
      let report: ApplyReport = { files: [], backfilled: [], seedDaysAdded: [], historyConflicts: [] };
      const published = await rt.group('Write, commit, push', () =>
        publish(ws, {
          apply: async (dir) => {
            report = await applySpotFacts(dir, facts);
            return report;
          },
          message: (r) => commitMessage(inputs['poller-id'], facts.slot, r),
          push: inputs.push && !dryRun,
          clock,
          log: log.info,
          warn: log.warn,
        }),
      );
      const commit = dryRun ? undefined : published.commit;
      for (const f of report.files) rt.info(`${dryRun ? 'would write' : 'wrote'} ${f}`);
      await rt.summary(
        summaryMarkdown(
          { facts, report, commit, pushed: published.pushed, dryRun },
          await last24h(ws.dir, clock.now()),
        ),
      );
      if (published.pushed) await chainedVerify(inputs, ws.dir, rt, clock);
      return {
        slot: report.slotStatus && report.slotStatus !== 'exists' ? (report.slotPath ?? '') : '',
        'files-written': report.files.length,
        'backfilled-slots': report.backfilled.length,
        'seed-days-added': report.seedDaysAdded.length,
        'api-calls': facts.apiCalls,
        'quota-remaining': facts.quotaRemaining ?? '',
        commit: commit ?? '',
        pushed: published.pushed,
      };
    });
  },
});

function commitMessage(pollerId: string, slot: Date, r: ApplyReport): string {
  const parts = [`slot ${formatNaive(slot).slice(0, 16)}`];
  if (r.slotStatus === 'exists') parts[0] += ' (already present)';
  if (r.backfilled.length) parts.push(`backfilled ${r.backfilled.length} slot(s)`);
  if (r.seedDaysAdded.length) parts.push(`reference days ${r.seedDaysAdded.length}`);
  return `spot-poll(${pollerId}): ${parts.join(', ')}\n\n${r.files.map((f) => `- ${f}`).join('\n')}`;
}
