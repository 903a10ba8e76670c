/**
 * daemon: the container entrypoint. Schedules the jobs from the environment, serves the clone from
 * a child process when SERVE=1 (`staktrakr serve`, so requests and jobs never share an event loop),
 * and on SIGTERM lets the run in progress finish its write and push.
 */

import { writeFile } from 'node:fs/promises';
import { scheduleSchema, timezoneSchema } from '../daemon/cron.js';
import { JOB_KINDS, planJobs, planLines } from '../daemon/jobs.js';
import { Scheduler } from '../daemon/scheduler.js';
import { readCliInput } from '../runtime/cli.js';
import { clockFromEnv } from '../runtime/clock.js';
import { defineCommand } from '../runtime/command.js';
import {
  boolean,
  InputError,
  type InputSpec,
  integer,
  optionalPath,
  parseInputs,
} from '../runtime/inputs.js';
import { type ServeProcess, startServeProcess } from '../serve/serve-process.js';
import pagesVerify from './pages-verify.js';
import retailPoll from './retail-poll.js';
import { DAEMON_IPC_ENV, serveInputs } from './serve.js';
import spotPoll from './spot-poll.js';
import syncRepos from './sync-repos.js';

/** SPOT_CRON → spot-cron. */
const inputName = (cronEnv: string) => cronEnv.toLowerCase().replace(/_/g, '-');

const scheduleInputs: Record<string, InputSpec<string | null>> = Object.fromEntries(
  JOB_KINDS.map((k) => [
    inputName(k.cronEnv),
    {
      description: `When ${k.command} runs: minutes (5,35), a cron expression (5 fields, or 6 with seconds first), or off; ${k.cronEnv} set but empty is off too. The job reads its own inputs from the environment (staktrakr ${k.command} --help).`,
      default: k.defaultSchedule,
      env: [k.cronEnv, ...(k.cronAliases ?? [])],
      schema: scheduleSchema,
    },
  ]),
);

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

const writeLine = (stream: NodeJS.WriteStream) => (line: string) => stream.write(`${line}\n`);

export default defineCommand({
  name: 'daemon',
  description:
    'Container entrypoint: run the jobs on their schedules (one writer per clone), serve with SERVE=1, stop cleanly on SIGTERM.',
  inputs: {
    ...scheduleInputs,
    'cron-timezone': {
      description: 'Time zone the schedules are read in.',
      default: 'UTC',
      env: ['CRON_TZ'],
      schema: timezoneSchema,
    },
    'run-at-start': {
      description: 'Also run every scheduled job once at start (a fresh volume gets its clone at once).',
      default: 'false',
      env: ['RUN_AT_START'],
      schema: boolean(),
    },
    serve: {
      description:
        'Serve the data checkout from a child process (inputs of staktrakr serve: API_EXPORT_DIR, PORT, RATE_LIMIT, STAKTRAKR_<INPUT>); /health adds each job.',
      default: 'false',
      env: ['SERVE'],
      schema: boolean(),
    },
    'heartbeat-file': {
      description:
        'A file the daemon rewrites every 30 s while its event loop runs: a container health check for a daemon that does not serve (the image sets /tmp/staktrakr.heartbeat).',
      schema: optionalPath(),
    },
    'stop-grace-seconds': {
      description: 'On SIGTERM, how long the runs in progress may take to finish their write and push.',
      default: '120',
      env: ['STOP_GRACE_SECONDS'],
      schema: integer(0, 3600),
    },
  },
  outputs: {},
  async run(inputs, rt, { env }) {
    // The schedule inputs are built from JOB_KINDS, so their names are not known to the type.
    const given = inputs as unknown as Record<string, string | null>;
    const schedules = new Map(
      JOB_KINDS.map((k) => [
        k.command,
        [k.cronEnv, ...(k.cronAliases ?? [])].some((v) => env[v] === '')
          ? null
          : (given[inputName(k.cronEnv)] ?? null),
      ]),
    );
    const clock = clockFromEnv(env);
    const plan = planJobs({
      // The commands the daemon schedules (importing the registry would make a cycle with it).
      registry: {
        'spot-poll': spotPoll,
        'retail-poll': retailPoll,
        'sync-repos': syncRepos,
        'pages-verify': pagesVerify,
      },
      schedules,
      timezone: inputs['cron-timezone'],
      env,
      out: writeLine(process.stdout),
      err: writeLine(process.stderr),
      now: () => clock.now(),
    });
    if (plan.jobs.length === 0 && !inputs.serve) {
      throw new InputError('nothing to do: every job is off and SERVE is not set');
    }
    const serveOptions = inputs.serve
      ? parseInputs(serveInputs, (name, spec) => readCliInput(name, spec, new Map(), env))
      : undefined;

    const scheduler = new Scheduler(plan.jobs, { clock, log: (line) => rt.info(line) });
    // Listening before the server starts, so a SIGTERM during start-up stops cleanly too. A second
    // signal means "now": the next start recovers the clone (stale lock, temp files, work).
    let received: NodeJS.Signals | undefined;
    let stopRequested!: () => void;
    const stopSignal = new Promise<void>((resolve) => {
      stopRequested = resolve;
    });
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) {
        rt.warning(`second signal (${signal}): exiting without waiting`);
        process.exit(1);
      }
      received = signal;
      stopRequested();
    };
    for (const s of STOP_SIGNALS) process.on(s, onSignal);
    let server: ServeProcess | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    try {
      server = serveOptions
        ? await startServeProcess({
            env,
            ipcEnv: DAEMON_IPC_ENV,
            log: (line) => rt.info(`[serve] ${line}`),
            jobs: () => {
              const jobs = scheduler.status();
              return {
                health: { daemon: { ok: Object.values(jobs).every((j) => j.ok), jobs } },
                jobs: scheduler.snapshot(),
              };
            },
          })
        : undefined;

      rt.info(`staktrakr daemon started (pid ${process.pid}); schedules in ${inputs['cron-timezone']}:`);
      for (const line of planLines(plan, (name) => scheduler.nextRuns(name, 2))) rt.info(`  ${line}`);
      if (server) rt.info(`  ${'serve'.padEnd(13)} ${serveOptions?.dir} at ${server.url}`);
      scheduler.start(inputs['run-at-start']);
      const heartbeatFile = inputs['heartbeat-file'];
      if (heartbeatFile) {
        const beat = () =>
          writeFile(
            heartbeatFile,
            `${JSON.stringify({ pid: process.pid, at: clock.now().toISOString() })}\n`,
          ).catch((err: Error) => rt.warning(`heartbeat-file ${heartbeatFile}: ${err.message}`));
        await beat();
        heartbeat = setInterval(beat, 30_000);
      }

      await stopSignal;
      rt.info(`${received}: no new runs; finishing the runs in progress`);
      const unfinished = await scheduler.stop(inputs['stop-grace-seconds'] * 1000);
      if (unfinished.length > 0) {
        rt.error(
          `${unfinished.join(', ')} still running after ${inputs['stop-grace-seconds']} s; exiting anyway`,
        );
        process.exit(1);
      }
      await server?.close();
      server = undefined;
      rt.info('stopped');
    } finally {
      // After a failed start too: paused crons and signal listeners would keep the process alive.
      clearInterval(heartbeat);
      await scheduler.stop(0);
      await server?.close();
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
    }
    return {};
  },
});
