/** dist/spot-poll/index.js: the spot-poll action (and container command), with only the code it needs. */
import module from 'node:module';

// Node ≥ 22.1 keeps the compiled bundle between runs (in the temp folder): a poller started every
// 15 minutes on one machine compiles it once. Older Node has no cache; the code is loaded as before.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// Loaded after the cache is on, so that it covers them.
const [{ default: command }, { runEntry }] = await Promise.all([
  import('../commands/spot-poll.js'),
  import('../runtime/entry.js'),
]);
await runEntry(command);
