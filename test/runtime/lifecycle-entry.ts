/**
 * A bundle entry as src/entries/* are, for test/runtime/lifecycle.test.ts: a real command run by
 * `runEntry` in its own process. LIFECYCLE_KIND picks it: `service` (returns once stopped, leaving
 * a timer behind), `slow-service` (never finishes stopping) or `job` (not a service: runs forever).
 */
import { defineCommand } from '../../src/runtime/command.js';
import { runEntry } from '../../src/runtime/entry.js';
import { whenStopped } from '../../src/runtime/lifecycle.js';

const kind = process.env.LIFECYCLE_KIND ?? 'service';
const forever = () => new Promise<never>(() => {});

await runEntry(
  defineCommand({
    name: `lifecycle-${kind}`,
    description: 'a command for the lifecycle test',
    inputs: {},
    outputs: { stopped: 'the signal that stopped it' },
    service: kind !== 'job',
    async run(_inputs, rt, { stop }) {
      // Its work (a server, a scheduler) keeps the process alive; never cleared, on purpose: a
      // stopped service must not be kept alive by what it leaves behind.
      setInterval(() => {}, 60_000);
      rt.info('ready');
      if (kind === 'job') return forever();
      const signal = await whenStopped(stop);
      rt.info(`${signal}: stopping`);
      if (kind === 'slow-service') return forever();
      return { stopped: signal };
    },
  }),
);
