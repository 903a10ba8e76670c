/** serve: the data endpoint (Fly's `serve.js`) plus the query API; runs until SIGTERM/SIGINT. */
import { credentialEnv } from '../git/credentials.js';
import { git } from '../git/exec.js';
import { clockFromEnv } from '../runtime/clock.js';
import { defineCommand } from '../runtime/command.js';
import {
  baseUrls,
  headerName,
  type InputSpecs,
  type InputValues,
  identifier,
  integer,
  optional,
  path,
} from '../runtime/inputs.js';
import type { ExtraHealth } from '../serve/health.js';
import { createServer, SERVE_DEFAULTS, type ServeOptions } from '../serve/server.js';

/** Also read by the daemon, which serves in the same process when SERVE=1. */
export const serveInputs = {
  dir: {
    description: 'The data checkout to serve.',
    env: ['API_EXPORT_DIR'],
    default: '.',
    schema: path(),
  },
  host: { description: 'Address to listen on.', default: SERVE_DEFAULTS.host, schema: identifier(255) },
  port: { description: 'Port to listen on.', env: ['PORT'], default: '8080', schema: integer(0, 65535) },
  'cache-control': {
    description: 'Cache-Control header of data files.',
    default: SERVE_DEFAULTS.cacheControl,
    schema: identifier(200),
  },
  'rate-limit': {
    description: 'Requests per minute per client on /api/*.',
    env: ['RATE_LIMIT'],
    default: String(SERVE_DEFAULTS.rateLimitPerMinute),
    schema: integer(1, 1_000_000),
  },
  follow: {
    description: 'Fetch and fast-forward the checkout every this many seconds (0: off).',
    default: '0',
    schema: integer(0, 86_400),
  },
  'spot-max-age': {
    description: '/health is 503 when the newest spot entry is older (seconds; 0: no check).',
    default: '7200',
    schema: integer(0, 10_000_000),
  },
  'manifest-max-age': {
    description: '/health is 503 when manifest.generated_at is older (seconds; 0: no check).',
    default: '7200',
    schema: integer(0, 10_000_000),
  },
  'client-ip-header': {
    description: 'Header with the client address set by a trusted proxy (e.g. fly-client-ip).',
    schema: headerName().optional(),
  },
  'status-endpoints': {
    description: 'Other endpoints (base URLs, comma- or newline-separated) whose freshness /status shows.',
    schema: baseUrls(),
  },
  token: {
    description: 'Token for fetching a private remote when following (never written anywhere).',
    env: ['GITHUB_TOKEN'],
    secret: true,
    schema: optional(),
  },
} satisfies InputSpecs;

/** Starts the server the inputs describe; the daemon adds its job status to /health and /status. */
export async function startServer(
  inputs: InputValues<typeof serveInputs>,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  extraHealth?: ExtraHealth,
  statusJobs?: ServeOptions['statusJobs'],
) {
  let gitEnv: NodeJS.ProcessEnv | undefined;
  if (inputs.follow > 0 && inputs.token) {
    const remote = await git(['remote', 'get-url', 'origin'], { cwd: inputs.dir });
    gitEnv = credentialEnv(remote.stdout.trim(), inputs.token);
  }
  return createServer({
    dir: inputs.dir,
    host: inputs.host,
    port: inputs.port,
    cacheControl: inputs['cache-control'],
    rateLimitPerMinute: inputs['rate-limit'],
    followSeconds: inputs.follow,
    thresholds: {
      spotMaxAgeSeconds: inputs['spot-max-age'],
      manifestMaxAgeSeconds: inputs['manifest-max-age'],
    },
    clientIpHeader: inputs['client-ip-header'],
    clock: clockFromEnv(env),
    log,
    gitEnv,
    extraHealth,
    statusEndpoints: inputs['status-endpoints'],
    statusJobs,
  });
}

export default defineCommand({
  name: 'serve',
  description: 'Serve a data checkout over HTTP with /api/prices, /api/config and /health.',
  inputs: serveInputs,
  outputs: { url: 'Where the server listened.' },
  async run(inputs, rt, { env }) {
    const server = await startServer(inputs, env, (line) => rt.info(line));
    rt.info(`serving ${inputs.dir} at ${server.url}`);
    const signal = await new Promise<string>((resolve) => {
      for (const s of ['SIGTERM', 'SIGINT'] as const) process.once(s, () => resolve(s));
    });
    rt.info(`${signal}: finishing requests in flight, then stopping`);
    await server.close();
    return { url: server.url };
  },
});
