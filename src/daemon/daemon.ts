/**
 * A daemon's life: start the server in a child process (SERVE=1), print the plan, run the jobs on
 * their schedules and rewrite the heartbeat file until stopped; then start nothing new, give the runs
 * in progress their grace period to finish their write and push, and stop the server.
 */
import { writeFile } from 'node:fs/promises';
import type { Logger } from '../data/logger.js';
import type { Clock } from '../data/time.js';
import { CommandFailure } from '../runtime/command.js';
import { whenStopped } from '../runtime/lifecycle.js';
import { type Plan, planLines } from './jobs.js';
import { Scheduler } from './scheduler.js';

export interface ServeChild {
  url: string;
  close(): Promise<void>;
}

export interface DaemonOptions {
  plan: Plan;
  timezone: string;
  /** Also run every scheduled job once at start. */
  runAtStart: boolean;
  /** Rewritten every 30 s while the event loop runs (a health check for a daemon that does not serve). */
  heartbeatFile?: string;
  /** After the stop signal, how long the runs in progress may take. */
  stopGraceSeconds: number;
  clock: Clock;
  logger: Logger;
  /** Aborts when the daemon is asked to stop (runtime/lifecycle.ts). */
  stop: AbortSignal;
  /** SERVE=1: the server in a child process, which asks the scheduler for the jobs' state. */
  serve?: { dir: string; start(scheduler: Scheduler): Promise<ServeChild> };
}

const HEARTBEAT_MS = 30_000;

export async function runDaemon(options: DaemonOptions): Promise<void> {
  const { plan, clock, logger } = options;
  const scheduler = new Scheduler(plan.jobs, { clock, logger });
  let server: ServeChild | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  try {
    server = await options.serve?.start(scheduler);
    // Beating before the banner: whoever sees the daemon started finds its heartbeat there.
    if (options.heartbeatFile) heartbeat = await startHeartbeat(options.heartbeatFile, clock, logger);
    logger.info(`staktrakr daemon started (pid ${process.pid}); schedules in ${options.timezone}:`);
    for (const line of planLines(plan, (name) => scheduler.nextRuns(name, 2))) logger.info(`  ${line}`);
    if (server) logger.info(`  ${'serve'.padEnd(13)} ${options.serve?.dir} at ${server.url}`);
    scheduler.start(options.runAtStart);

    const signal = await whenStopped(options.stop);
    logger.info(`${signal}: no new runs; finishing the runs in progress`);
    const unfinished = await scheduler.stop(options.stopGraceSeconds * 1000);
    stopped = true;
    if (unfinished.length > 0) {
      const message = `${unfinished.join(', ')} still running after ${options.stopGraceSeconds} s; exiting anyway`;
      logger.error(message);
      throw new CommandFailure(message, { reported: true });
    }
    await server?.close();
    server = undefined;
    logger.info('stopped');
  } finally {
    // After a failed start too: paused crons and a live child would keep the process alive.
    clearInterval(heartbeat);
    if (!stopped) await scheduler.stop(0);
    await server?.close();
  }
}

async function startHeartbeat(file: string, clock: Clock, logger: Logger) {
  const beat = () =>
    writeFile(file, `${JSON.stringify({ pid: process.pid, at: clock.now().toISOString() })}\n`).catch(
      (err: Error) => logger.warning(`heartbeat-file ${file}: ${err.message}`),
    );
  await beat();
  return setInterval(beat, HEARTBEAT_MS);
}
