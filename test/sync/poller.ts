/**
 * A spot poller as a separate process, run by the concurrency test: writes one slot fact and its
 * hourly view into a repository with the pollers' own workspace and publish (push with retry).
 * Usage: tsx test/sync/poller.ts <repo> <slot ISO time>
 */
import { type Logger, silentLogger } from '../../src/data/logger.js';
import { rebuildHourly, writeSlot } from '../../src/data/spot-store.js';
import { floorHour, systemClock } from '../../src/data/time.js';
import { publish } from '../../src/git/publish.js';
import { openWorkspace } from '../../src/git/workspace.js';
import { spotEntries } from './repos.js';

const [repo, iso] = process.argv.slice(2);
const slot = new Date(iso!);
const logger: Logger = {
  ...silentLogger,
  info: (m) => process.stdout.write(`${m}\n`),
  warning: (m) => process.stdout.write(`${m}\n`),
};
const ws = await openWorkspace({
  repo: repo!,
  branch: 'main',
  pollerId: 'poller',
  purpose: 'spot-poll',
  clock: systemClock,
  logger,
});
try {
  await publish(ws, {
    apply: async (dir) => {
      await writeSlot(dir, slot, spotEntries(slot));
      await rebuildHourly(dir, floorHour(slot));
    },
    message: () => `poller: slot ${iso}`,
    push: true,
    clock: systemClock,
    logger,
  });
} finally {
  await ws.release();
}
