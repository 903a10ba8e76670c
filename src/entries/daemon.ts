/** dist/daemon/index.js: the daemon action (and container command), with only the code it needs. */
import command from '../commands/daemon.js';
import { runEntry } from '../runtime/entry.js';

await runEntry(command);
