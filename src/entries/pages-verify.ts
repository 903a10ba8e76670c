/** dist/pages-verify/index.js: the pages-verify action (and container command), with only the code it needs. */
import command from '../commands/pages-verify.js';
import { runEntry } from '../runtime/entry.js';

await runEntry(command);
