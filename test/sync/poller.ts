/**
 * A spot poller as a separate process, run by the concurrency test: writes one slot fact and its
 * hourly view into a repository with the pollers' own workspace and publish (push with retry).
 * Usage: tsx test/sync/poller.ts <repo> <slot ISO time>
 */
import { rebuildHourly, writeSlot } from '../../src/data/spot-store.js';
import { floorHour, systemClock } from '../../src/data/time.js';
import { publish } from '../../src/git/publish.js';
import { openWorkspace } from '../../src/git/workspace.js';
import { spotEntries } from './repos.js';

const [repo, iso] = process.argv.slice(2);
const slot = new Date(iso!);
const log = (m: string) => process.stdout.write(`${m}\n`);
const ws = await openWorkspace({
  repo: repo!,
  branch: 'main',
  pollerId: 'poller',
  purpose: 'spot-poll',
  clock: systemClock,
  log,
  warn: log,
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
    log,
    warn: log,
  });
} finally {
  await ws.release();
}
