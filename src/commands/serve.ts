/**
 * serve: the data endpoint (Fly's `serve.js`) plus the query API; runs until SIGTERM/SIGINT.
 * With `workers` > 1 this process is a cluster primary: it forks the workers (this same command),
 * follows the checkout itself (one follower, not one per worker) and stops them all on a signal.
 * Started by the daemon (SERVE=1), it asks the daemon for its job status over IPC.
 */
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import * as z from 'zod';
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
import type { Runtime } from '../runtime/runtime.js';
import { accessLogMode } from '../serve/access-log.js';
import { reportListening, startCluster } from '../serve/cluster.js';
import { followCredentials, startFollow } from '../serve/follow.js';
import type { ExtraHealth } from '../serve/health.js';
import { jobsFromParent, relayJobQuestions } from '../serve/jobs-ipc.js';
import { createServer, SERVE_DEFAULTS, type ServeOptions } from '../serve/server.js';
import { parseStatusEndpoints } from '../serve/status/endpoints.js';

/** Set by the daemon on the serve process it starts: job status comes over IPC. */
export const DAEMON_IPC_ENV = 'STAKTRAKR_SERVE_DAEMON_IPC';

const workersInput = z
  .string()
  .trim()
  .regex(/^(auto|\d{1,3})$/, 'expected auto (one per CPU) or a number of processes, 1 to 256')
  .transform((s) => (s === 'auto' ? availableParallelism() : Number(s)))
  .refine((n) => n >= 1 && n <= 256, 'expected auto (one per CPU) or a number of processes, 1 to 256');

/** Also read by the daemon, which starts this command in a child process when SERVE=1. */
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
  workers: {
    description:
      'Server processes sharing the port: auto (one per CPU) or a number; 1 serves in this process.',
    env: ['WEB_CONCURRENCY'],
    default: 'auto',
    schema: workersInput,
  },
  'access-log': {
    description: 'Access log: on, off, or sample:N (one request in N). Lines are written in batches.',
    env: ['ACCESS_LOG'],
    default: 'on',
    schema: accessLogMode,
  },
  token: {
    description: 'Token for fetching a private remote when following (never written anywhere).',
    env: ['GITHUB_TOKEN'],
    secret: true,
    schema: optional(),
  },
} satisfies InputSpecs;

/**
 * Access-log lines go straight to stdout, one write per batch, stamped like the runtime's own lines:
 * they hold no secret (client address, method, path without its query, status, bytes, time).
 */
function writeBatch(lines: string): void {
  const stamp = `${new Date().toISOString().slice(0, 19)}Z `;
  process.stdout.write(`${stamp}${lines.replaceAll('\n', `\n${stamp}`)}\n`);
}

/** Credentials for following a private remote. */
const followEnv = (inputs: InputValues<typeof serveInputs>) =>
  inputs.follow === 0 ? Promise.resolve(undefined) : followCredentials(inputs.dir, inputs.token);

/** Starts the server the inputs describe; the daemon adds its job status to /health and /status. */
export async function startServer(
  inputs: InputValues<typeof serveInputs>,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  extraHealth?: ExtraHealth,
  statusJobs?: ServeOptions['statusJobs'],
) {
  return createServer({
    accessLog: inputs['access-log'],
    accessLogSink: writeBatch,
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
    gitEnv: await followEnv(inputs),
    extraHealth,
    statusEndpoints: inputs['status-endpoints'],
    statusJobs,
  });
}

const stopSignal = () =>
  new Promise<string>((resolve) => {
    for (const s of ['SIGTERM', 'SIGINT'] as const) process.once(s, () => resolve(s));
  });

export default defineCommand({
  name: 'serve',
  description: 'Serve a data checkout over HTTP with /api/prices, /api/config and /health.',
  inputs: serveInputs,
  outputs: { url: 'Where the server listened.' },
  async run(inputs, rt, { env }) {
    try {
      return await serve(inputs, rt, env);
    } finally {
      // An open IPC channel (to a cluster primary or the daemon) would keep this process alive.
      if ((cluster.isWorker || env[DAEMON_IPC_ENV] === '1') && process.connected) process.disconnect();
    }
  },
});

async function serve(inputs: InputValues<typeof serveInputs>, rt: Runtime, env: NodeJS.ProcessEnv) {
  // Checked before any worker is forked: a bad list fails once, in this process.
  parseStatusEndpoints(inputs['status-endpoints']);
  const daemon = env[DAEMON_IPC_ENV] === '1' && process.send ? jobsFromParent() : undefined;
  if (cluster.isWorker) return runWorker(inputs, rt, env, daemon);
  if (inputs.workers === 1) {
    const server = await startServer(
      inputs,
      env,
      (line) => rt.info(line),
      daemon?.extraHealth,
      daemon?.statusJobs,
    );
    rt.info(`serving ${inputs.dir} at ${server.url}`);
    process.send?.({ type: 'staktrakr:listening', url: server.url });
    const signal = await stopSignal();
    rt.info(`${signal}: finishing requests in flight, then stopping`);
    await server.close();
    return { url: server.url };
  }
  const stopping = stopSignal();
  const workers = await startCluster({
    workers: inputs.workers,
    host: inputs.host,
    port: inputs.port,
    log: (line) => rt.info(line),
    onWorker: (worker) => daemon && relayJobQuestions(worker, daemon),
  });
  rt.info(`serving ${inputs.dir} at ${workers.url} (${inputs.workers} worker processes)`);
  process.send?.({ type: 'staktrakr:listening', url: workers.url });
  const follower =
    inputs.follow > 0
      ? startFollow({
          dir: inputs.dir,
          intervalMs: inputs.follow * 1000,
          clock: clockFromEnv(env),
          log: (line) => rt.info(line),
          env: await followEnv(inputs),
        })
      : undefined;
  const outcome = await Promise.race([stopping, workers.failed.then((why) => ({ failed: why }))]);
  if (typeof outcome === 'string') rt.info(`${outcome}: finishing requests in flight, then stopping`);
  await Promise.all([workers.stop(), follower?.stop()]);
  if (typeof outcome !== 'string') throw new Error(outcome.failed);
  return { url: workers.url };
}

/** A cluster worker: serves (the primary follows the checkout) until told to stop. */
async function runWorker(
  inputs: InputValues<typeof serveInputs>,
  rt: Runtime,
  env: NodeJS.ProcessEnv,
  daemon: ReturnType<typeof jobsFromParent> | undefined,
) {
  const server = await startServer(
    { ...inputs, follow: 0 },
    env,
    (line) => rt.info(line),
    daemon?.extraHealth,
    daemon?.statusJobs,
  );
  reportListening(server.url);
  // The primary's SIGTERM, or the primary gone (its IPC channel closed).
  await Promise.race([stopSignal(), new Promise((resolve) => process.once('disconnect', resolve))]);
  await server.close();
  // The primary reports the URL.
  return {};
}
