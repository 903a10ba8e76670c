/** The daemon's inputs: a schedule per job kind, the time zone, serving, heartbeat and stop grace. */
import { boolean, type InputSpec, integer, optionalPath } from '../runtime/inputs.js';
import { scheduleSchema, timezoneSchema } from './cron.js';
import { JOB_KINDS } from './jobs.js';

/** SPOT_CRON → spot-cron. */
const inputName = (cronEnv: string) => cronEnv.toLowerCase().replace(/_/g, '-');

/** The daemon's schedule inputs, one per job kind (spot-cron, retail-cron, …). */
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

/**
 * Command name → its cron expression, or null when off, from the parsed schedule inputs; a schedule
 * variable set but empty turns its job off.
 */
export function schedulesOf(
  given: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Map<string, string | null> {
  return new Map(
    JOB_KINDS.map((k) => {
      const emptied = [k.cronEnv, ...(k.cronAliases ?? [])].some((v) => env[v] === '');
      const schedule = given[inputName(k.cronEnv)];
      return [k.command, emptied || typeof schedule !== 'string' ? null : schedule];
    }),
  );
}

export const daemonInputs = {
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
};
