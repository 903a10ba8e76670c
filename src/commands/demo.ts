/** demo: the toolkit end to end on this machine, no keys and no network. */

import { runDemo } from '../demo/demo.js';
import { defineCommand } from '../runtime/command.js';
import { boolean, optional } from '../runtime/inputs.js';

export default defineCommand({
  name: 'demo',
  description: 'Run the toolkit on a temporary local data repository with the offline replay provider.',
  inputs: {
    dir: {
      description: 'Folder for the demo repositories (a temporary one when empty).',
      schema: optional(),
    },
    once: {
      description: 'Exit when done instead of serving until Ctrl-C.',
      default: 'true',
      schema: boolean(),
    },
  },
  outputs: { repo: 'Path of the demo data repository (bare).' },
  async run(inputs, rt) {
    const result = await runDemo({ dir: inputs.dir, log: (m) => rt.info(m) });
    return { repo: result.repo };
  },
});
