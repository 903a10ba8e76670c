/** retail-poll: inputs → workspace → the retail run (src/retail/poll.ts) → summary, outputs, optional verify. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runRetailPoll } from '../retail/poll.js';
import { clockFromEnv } from '../runtime/clock.js';
import { CommandFailure, defineCommand } from '../runtime/command.js';
import { chainedVerify, checkVerifyInputs, verifyInputs } from './chained-verify.js';
import { repositoryInputs, withWorkspace } from './publishing.js';
import {
  checkReadingInputs,
  pageReadingInputs,
  pageSelectionInputs,
  retailViewInputs,
  visionInputs,
} from './retail-inputs.js';

export default defineCommand({
  name: 'retail-poll',
  description:
    'Read dealer prices in a real browser and publish the retail API (latest, histories, manifest).',
  inputs: {
    ...repositoryInputs('retail', 'Read the pages and report, write nothing.'),
    ...pageSelectionInputs,
    ...pageReadingInputs,
    ...visionInputs,
    ...retailViewInputs,
    ...verifyInputs,
  },
  outputs: {
    targets: 'Pages to read this run.',
    priced: 'Pages that gave a price.',
    'out-of-stock': 'Pages showing the item out of stock.',
    failed: 'Pages that gave no trustworthy price (reasons in the summary).',
    'coins-published': 'Coins in the published manifest.',
    commit: 'Commit sha, or empty when nothing changed.',
    pushed: 'true when the commit reached the remote.',
  },
  check(inputs) {
    checkVerifyInputs(inputs);
    checkReadingInputs(inputs);
  },
  async run(inputs, rt, { env }) {
    const clock = clockFromEnv(env);
    return withWorkspace(inputs, 'retail-poll', rt, clock, async (workspace) => {
      const r = await runRetailPoll({
        workspace,
        clock,
        scrape: inputs.scrape,
        coins: inputs.coins,
        vendors: inputs.vendors,
        shard: inputs.shard,
        fetcher: inputs.fetcher,
        browser: { browserPath: inputs['browser-path'], wsEndpoint: inputs['browser-ws-endpoint'] },
        playwrightCacheDir: env.RUNNER_TOOL_CACHE ?? join(homedir(), '.cache'),
        pageTimeoutMs: inputs['page-timeout'] * 1000,
        firecrawl: { baseUrl: inputs['firecrawl-url'], apiKey: inputs['firecrawl-api-key'] },
        vision: {
          mode: inputs.vision,
          apiKey: inputs['gemini-api-key'] ?? '',
          maxCalls: inputs['vision-max-calls'],
        },
        outbound: { allowHosts: inputs['allow-hosts'] },
        concurrency: inputs.concurrency,
        delay: inputs['per-vendor-delay'],
        goldbackUrl: inputs['goldback-url'],
        retireAfterDays: inputs['retire-after-days'],
        warnFailedPercent: inputs['warn-failed-percent'],
        push: inputs.push,
        dryRun: inputs['dry-run'],
        pollerId: inputs['poller-id'],
        logger: rt,
      });
      await rt.summary(r.summary);
      if (r.failure) throw new CommandFailure(r.failure);
      if (r.pushed) await chainedVerify(inputs, workspace.dir, rt, clock);
      return {
        targets: r.counts.targets,
        priced: r.counts.priced,
        'out-of-stock': r.counts.outOfStock,
        failed: r.counts.failed,
        'coins-published': r.coinsPublished,
        commit: r.commit ?? '',
        pushed: r.pushed,
      };
    });
  },
});
