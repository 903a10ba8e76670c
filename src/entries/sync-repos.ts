/** dist/sync-repos/index.js: the sync-repos action (and container command), with only the code it needs. */
import command from '../commands/sync-repos.js';
import { runEntry } from '../runtime/entry.js';

await runEntry(command);
