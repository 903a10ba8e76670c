/** Every command the toolkit offers, by name: the CLI dispatches on it and each action bundle runs one. */
import type { Command } from '../runtime/command.js';
import daemon from './daemon.js';
import demo from './demo.js';
import pagesVerify from './pages-verify.js';
import retailPoll from './retail-poll.js';
import serve from './serve.js';
import spotPoll from './spot-poll.js';
import syncRepos from './sync-repos.js';

// Each command has its own input types; the registry only dispatches by name.
// biome-ignore lint/suspicious/noExplicitAny: heterogeneous command input types
export const commands: Record<string, Command<any>> = {
  'spot-poll': spotPoll,
  'retail-poll': retailPoll,
  'pages-verify': pagesVerify,
  'sync-repos': syncRepos,
  serve,
  demo,
  daemon,
};
