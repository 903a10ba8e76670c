/** dist/serve/index.js: the serve action (and container command), with only the code it needs. */
import command from '../commands/serve.js';
import { runEntry } from '../runtime/entry.js';

await runEntry(command);
