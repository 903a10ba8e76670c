/** demo: the whole system on this machine, no keys and no network (the README's first command). */
import { CommandFailure, defineCommand } from '../runtime/command.js';
import { boolean, optionalPath } from '../runtime/inputs.js';
import { whenStopped } from '../runtime/lifecycle.js';
import pagesVerify from './pages-verify.js';
import retailPoll from './retail-poll.js';
import spotPoll from './spot-poll.js';
import syncRepos from './sync-repos.js';

export default defineCommand({
  name: 'demo',
  description:
    'Run the whole system locally: two repositories, spot and retail pollers, sync, two servers, verify.',
  inputs: {
    dir: {
      description: 'Folder for the demo repositories and checkouts (a temporary one when empty).',
      schema: optionalPath(),
    },
    once: {
      description: 'Exit when done instead of serving until Ctrl-C.',
      default: 'false',
      schema: boolean(),
    },
    'browser-path': {
      description: 'Chrome/Chromium for the retail step; a system one is found when empty.',
      env: ['CHROME_PATH'],
      schema: optionalPath(),
    },
  },
  outputs: {
    'repo-a': 'Path of data repository A (bare).',
    'repo-b': 'Path of data repository B (bare).',
    endpoints: 'The two local endpoints, comma separated.',
  },
  service: true,
  async run(inputs, rt, { stop }) {
    // Loaded when the demo runs: its dealer site and example page stay out of every other command's code.
    const { runDemo } = await import('../demo/demo.js');
    const result = await runDemo({
      commands: { spotPoll, retailPoll, syncRepos, pagesVerify },
      dir: inputs.dir,
      once: inputs.once,
      browserPath: inputs['browser-path'],
      logger: rt,
      stop: whenStopped(stop),
    });
    if (!result.verified || !result.identical)
      throw new CommandFailure('the demo ended without both endpoints verified and identical repositories');
    return { 'repo-a': result.repoA, 'repo-b': result.repoB, endpoints: result.endpoints.join(',') };
  },
});
