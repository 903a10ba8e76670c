/** `verify: true` on a publish command: after the push, pages-verify the endpoints against the checkout. */
import type { Clock } from '../data/time.js';
import { CommandFailure } from '../runtime/command.js';
import { baseUrls, flag, integer } from '../runtime/inputs.js';
import { octokitClient } from '../runtime/octokit.js';
import type { Runtime } from '../runtime/runtime.js';
import { chainedEndpoints, DEFAULTS } from '../verify/options.js';

export const verifyInputs = {
  verify: flag('After pushing, check that verify-endpoints serve this commit (pages-verify).', false),
  'verify-endpoints': {
    description: 'Base URLs checked when verify is true.',
    schema: baseUrls(),
  },
  'verify-timeout': {
    description: 'Seconds to wait for the endpoints to serve the push.',
    default: String(DEFAULTS.timeoutSeconds),
    schema: integer(1, 3600),
  },
};

export interface ChainedVerifyInputs {
  verify: boolean;
  'verify-endpoints': string[];
  'verify-timeout': number;
  token?: string;
}

/** Checked at the start of the command, before any network or disk work. */
export const checkVerifyInputs = (inputs: ChainedVerifyInputs) =>
  chainedEndpoints(inputs.verify, inputs['verify-endpoints']);

/** Runs only after a push; fails the command, naming the endpoints, when they do not serve it. */
export async function chainedVerify(
  inputs: ChainedVerifyInputs,
  checkout: string,
  rt: Runtime,
  clock: Clock,
) {
  if (!inputs.verify) return;
  const endpoints = checkVerifyInputs(inputs);
  // Loaded only when asked for: a poll without verify starts without the verifier's code.
  const { verifyPublished } = await import('../verify/verify.js');
  const result = await rt.group('Verify the endpoints', () =>
    verifyPublished(
      checkout,
      { endpoints, timeoutSeconds: inputs['verify-timeout'], token: inputs.token, maxAgeRetailMinutes: 0 },
      { clock, githubClient: octokitClient, logger: rt },
    ),
  );
  await rt.summary(result.summaryMarkdown);
  if (!result.ok) throw new CommandFailure(`pushed, but not served: ${result.failures.join('; ')}`);
}
