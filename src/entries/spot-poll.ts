/** dist/spot-poll/index.js: the spot-poll action (and container command), with only the code it needs. */
import command from '../commands/spot-poll.js';
import { runEntry } from '../runtime/entry.js';

await runEntry(command);
