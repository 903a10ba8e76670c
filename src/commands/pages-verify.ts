/** pages-verify: inputs → verify every endpoint → outputs, summary table, and a failure naming each reason. */
import * as z from '../data/zod.js';
import { clockFromEnv } from '../runtime/clock.js';
import { CommandFailure, defineCommand } from '../runtime/command.js';
import { baseUrl, list, listOf, number, optional, optionalPath, ownerName, path } from '../runtime/inputs.js';
import { octokitClient } from '../runtime/octokit.js';
import { DEFAULTS, endpointListSchema } from '../verify/options.js';
import { failureLine } from '../verify/report.js';
import { verifyEndpoints } from '../verify/verify.js';

const minutes = (what: string, dflt: number) => ({
  description: `${what}; 0 skips the check.`,
  default: String(dflt),
  schema: number(0, 7 * 24 * 60),
});

export default defineCommand({
  name: 'pages-verify',
  description:
    'Check that every endpoint serves what was pushed (and how long it took) and that its spot and retail data are fresh.',
  inputs: {
    endpoints: {
      description: 'Base URLs of the endpoints, comma- or newline-separated.',
      schema: z.pipe(list(), endpointListSchema),
    },
    expect: {
      description:
        'What must be served: a data checkout directory or owner/name[@ref]; empty checks freshness only.',
      env: ['API_EXPORT_DIR'],
      schema: optionalPath(),
    },
    paths: {
      description: 'Paths to check instead of the files the last commit added or changed.',
      schema: listOf(path()),
    },
    timeout: {
      description: 'Seconds to wait for every endpoint to serve the expected bytes.',
      default: String(DEFAULTS.timeoutSeconds),
      schema: number(1, 6 * 3600),
    },
    interval: {
      description: 'Seconds between polls.',
      default: String(DEFAULTS.intervalSeconds),
      schema: number(0.1, 600),
    },
    'max-age-spot': minutes('Minutes the newest spot entry may be old', DEFAULTS.maxAgeSpotMinutes),
    'max-age-retail': minutes(
      'Minutes the retail manifest generated_at may be old',
      DEFAULTS.maxAgeRetailMinutes,
    ),
    token: {
      description: 'Token that may read the repository (Pages build status, expect: owner/name@ref).',
      env: ['GITHUB_TOKEN'],
      secret: true,
      schema: optional(),
    },
    repository: {
      description: 'owner/name whose GitHub Pages build is checked; defaults to the repository of expect.',
      schema: z.optional(ownerName()),
    },
    'github-api-url': {
      description: 'GitHub REST API base URL (GitHub Enterprise).',
      default: DEFAULTS.githubApiUrl,
      env: ['GITHUB_API_URL'],
      schema: baseUrl(),
    },
  },
  outputs: {
    ok: 'true when every endpoint serves the push and is fresh.',
    report:
      'JSON: per endpoint, latency, paths not served and why, spot and retail ages; drift between endpoints.',
  },
  async run(inputs, rt, { env }) {
    const result = await verifyEndpoints(
      {
        endpoints: inputs.endpoints,
        expect: inputs.expect,
        paths: inputs.paths,
        timeoutSeconds: inputs.timeout,
        intervalSeconds: inputs.interval,
        maxAgeSpotMinutes: inputs['max-age-spot'],
        maxAgeRetailMinutes: inputs['max-age-retail'],
        token: inputs.token,
        repository: inputs.repository,
        githubApiUrl: inputs['github-api-url'],
      },
      { clock: clockFromEnv(env), githubClient: octokitClient, logger: rt },
    );
    await rt.summary(result.summaryMarkdown);
    const outputs = { ok: result.ok, report: JSON.stringify(result.report) };
    if (result.ok) return outputs;
    for (const failure of result.failures) rt.error(failure, { title: 'pages-verify endpoint failed' });
    throw new CommandFailure(failureLine(result), { outputs });
  },
});
