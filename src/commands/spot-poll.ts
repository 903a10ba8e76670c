/** spot-poll: input declarations, then one call into src/spot/run.ts (workspace, facts, publish, summary). */
import { clockFromEnv } from '../runtime/clock.js';
import { CommandFailure, defineCommand } from '../runtime/command.js';
import { currencyCodes, flag, integer } from '../runtime/inputs.js';
import { spotDaysRead } from '../spot/poll.js';
import { runSpotPoll } from '../spot/run.js';
import { seedTimeSchema } from '../spot/seed-time.js';
import { chainedVerify, checkVerifyInputs, verifyInputs } from './chained-verify.js';
import { repositoryInputs, withWorkspace } from './publishing.js';
import { providerInputs } from './spot-inputs.js';

export default defineCommand({
  name: 'spot-poll',
  description:
    'Poll spot prices into a data repository: backfill gaps, write the current slot, daily reference prices.',
  inputs: {
    ...repositoryInputs('spot', 'Fetch and check prices, print what would be written, write nothing.'),
    ...providerInputs,
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
    catchup: flag('Catch up reference days missing since the last spot-history entry.', true),
    'accept-jump': flag('Accept a move of more than 20 % from the previous slot.', false),
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
  check: checkVerifyInputs,
  async run(inputs, rt, { env }) {
    const clock = clockFromEnv(env);
    let summarized = false;
    const r = await runSpotPoll(
      inputs,
      {
        clock,
        log: rt,
      },
      async (inside) =>
        withWorkspace(
          inputs,
          'spot-poll',
          rt,
          clock,
          async (ws) => {
            const result = await inside(ws);
            summarized = true;
            await rt.summary(result.summary);
            if (!result.failure && result.pushed) await chainedVerify(inputs, ws.dir, rt, clock);
            return result;
          },
          // The fetch before the poll overlaps the upstream call (src/spot/run.ts waits for it); a
          // temporary clone holds the days the poll reads.
          { deferLevel: true, recentDays: spotDaysRead(inputs['backfill-hours']) },
        ),
    ).catch(async (err) => {
      // The summary is written even when the repository cannot be opened or locked.
      if (!summarized)
        await rt.summary(
          `### Spot poll · ❌ failed\n\n**Run failed:** ${err instanceof Error ? err.message : String(err)}`,
        );
      throw err;
    });
    if (r.failure) throw new CommandFailure(r.failure, { outputs: r.outputs });
    return r.outputs;
  },
});
