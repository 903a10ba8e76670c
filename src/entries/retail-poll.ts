/** dist/retail-poll/index.js: the retail-poll action (and container command), with only the code it needs. */
import command from '../commands/retail-poll.js';
import { runEntry } from '../runtime/entry.js';

await runEntry(command);
