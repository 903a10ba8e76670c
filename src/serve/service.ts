/**
 * `staktrakr serve` as a process, until stopped. With `workers` > 1 this process is a cluster
 * primary: it forks the workers (the same command), follows the checkout itself (one follower, not
 * one per worker, and the git work of following lives here, not in the command) and stops them all.
 * Started by the daemon (DAEMON_IPC_ENV), it asks the daemon for its job status over IPC.
 */
import cluster from 'node:cluster';
import type { Logger } from '../data/logger.js';
import type { Clock } from '../data/time.js';
import { reportListening, startCluster } from './cluster.js';
import { followCredentials, startFollow } from './follow.js';
import { DAEMON_IPC_ENV, jobsFromParent, relayJobQuestions } from './jobs-ipc.js';
import { stdoutOutput } from './log-output.js';
import { createServer, type ServeOptions } from './server.js';
import { parseStatusEndpoints } from './status/endpoints.js';

export interface ServiceOptions
  extends Pick<
    ServeOptions,
    'dir' | 'cacheControl' | 'rateLimitPerMinute' | 'thresholds' | 'clientIpHeader' | 'accessLog' | 'proxy'
  > {
  host: string;
  port: number;
  /** Fetch and fast-forward the checkout every this many seconds; 0: off. */
  followSeconds: number;
  statusEndpoints: readonly string[];
  /** Server processes sharing the port; 1 serves in this process. */
  workers: number;
  /** For fetching a private remote when following. */
  token?: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  logger: Logger;
  /** Resolves, with the reason (the signal's name), when the service is asked to stop. */
  stopped: Promise<string>;
}

type Daemon = ReturnType<typeof jobsFromParent> | undefined;

/**
 * Serves until stopped; returns where it listened (nothing in a cluster worker: the primary reports
 * it). The runtime closes the IPC channel to a cluster primary or the daemon at the end.
 */
export async function runService(options: ServiceOptions): Promise<{ url: string } | undefined> {
  const { logger } = options;
  // Checked before any worker is forked: a bad list fails once, in this process.
  parseStatusEndpoints(options.statusEndpoints);
  const daemon = options.env[DAEMON_IPC_ENV] === '1' && process.send ? jobsFromParent() : undefined;
  if (cluster.isWorker) return runWorker(options, daemon);
  if (options.workers === 1) {
    const server = await startServer(options, daemon);
    logger.info(`serving ${options.dir} at ${server.url}`);
    process.send?.({ type: 'staktrakr:listening', url: server.url });
    const signal = await options.stopped;
    logger.info(`${signal}: finishing requests in flight, then stopping`);
    await server.close();
    return { url: server.url };
  }
  const workers = await startCluster({
    workers: options.workers,
    host: options.host,
    port: options.port,
    logger,
    onWorker: (worker) => daemon && relayJobQuestions(worker, daemon),
  });
  logger.info(`serving ${options.dir} at ${workers.url} (${options.workers} worker processes)`);
  process.send?.({ type: 'staktrakr:listening', url: workers.url });
  const follower =
    options.followSeconds > 0
      ? startFollow({
          dir: options.dir,
          intervalMs: options.followSeconds * 1000,
          clock: options.clock,
          logger,
          env: await followEnv(options),
        })
      : undefined;
  const outcome = await Promise.race([options.stopped, workers.failed.then((why) => ({ failed: why }))]);
  if (typeof outcome === 'string') logger.info(`${outcome}: finishing requests in flight, then stopping`);
  await Promise.all([workers.stop(), follower?.stop()]);
  if (typeof outcome !== 'string') throw new Error(outcome.failed);
  return { url: workers.url };
}

/** A cluster worker: serves (the primary follows the checkout) until told to stop. */
async function runWorker(options: ServiceOptions, daemon: Daemon): Promise<undefined> {
  const server = await startServer({ ...options, followSeconds: 0 }, daemon);
  reportListening(server.url);
  // The primary's SIGTERM, or the primary gone (its IPC channel closed).
  await Promise.race([options.stopped, new Promise((resolve) => process.once('disconnect', resolve))]);
  await server.close();
  return undefined;
}

/** Credentials for following a private remote. */
const followEnv = (options: ServiceOptions) =>
  options.followSeconds === 0 ? Promise.resolve(undefined) : followCredentials(options.dir, options.token);

/** The server the options describe; the daemon adds its job status to /health and /status. */
async function startServer(options: ServiceOptions, daemon: Daemon) {
  return createServer({
    accessLog: options.accessLog,
    // Lines hold no secret (client address, method, path without its query, status, bytes, time).
    accessLogOutput: stdoutOutput(),
    dir: options.dir,
    host: options.host,
    port: options.port,
    cacheControl: options.cacheControl,
    rateLimitPerMinute: options.rateLimitPerMinute,
    followSeconds: options.followSeconds,
    thresholds: options.thresholds,
    clientIpHeader: options.clientIpHeader,
    proxy: options.proxy,
    clock: options.clock,
    logger: options.logger,
    gitEnv: await followEnv(options),
    extraHealth: daemon?.extraHealth,
    statusEndpoints: options.statusEndpoints,
    statusJobs: daemon?.statusJobs,
  });
}
