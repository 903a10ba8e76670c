/**
 * The jobs the daemon schedules, each by the name of the command it runs. A job runs that command
 * exactly as the CLI does, with the daemon's environment, so a container configures its jobs with
 * the variables it always had (API_DATA_REPO, API_EXPORT_DIR, POLLER_ID, GITHUB_TOKEN,
 * METAL_PRICE_API_KEY, ...) or with STAKTRAKR_<INPUT>.
 */
import { resolve } from 'node:path';
import { formatIso } from '../data/time.js';
import { withGitAbort } from '../git/exec.js';
import { readCliInput } from '../runtime/cli.js';
import { type Command, runCommand } from '../runtime/command.js';
import { InputError, parseInputs } from '../runtime/inputs.js';
import type { JobDefinition, JobOutcome } from './scheduler.js';

export interface JobKind {
  command: string;
  /** Environment variable holding the job's schedule. */
  cronEnv: string;
  /** Older names of that variable, still read (the original containers' CRON_SCHEDULE). */
  cronAliases?: string[];
  /** Schedule when that variable is unset (the original system's). */
  defaultSchedule: string;
  /** Input naming the directory the job works in; jobs sharing one never overlap. */
  cloneInput?: string;
  /** Environment variable bounding one run (JOB_TIMEOUT bounds every job that has none). */
  timeoutEnv: string;
  /** Bound of one run when neither variable is set. */
  defaultTimeout: string;
}

export const JOB_KINDS: readonly JobKind[] = [
  {
    command: 'spot-poll',
    cronEnv: 'SPOT_CRON',
    defaultSchedule: '5,35',
    cloneInput: 'workdir',
    timeoutEnv: 'SPOT_TIMEOUT',
    defaultTimeout: '5m',
  },
  {
    command: 'retail-poll',
    cronEnv: 'RETAIL_CRON',
    cronAliases: ['CRON_SCHEDULE'],
    defaultSchedule: '0,15,30,45',
    cloneInput: 'workdir',
    timeoutEnv: 'RETAIL_TIMEOUT',
    defaultTimeout: '15m',
  },
  {
    command: 'sync-repos',
    cronEnv: 'SYNC_CRON',
    defaultSchedule: 'off',
    timeoutEnv: 'SYNC_TIMEOUT',
    defaultTimeout: '15m',
  },
  {
    command: 'pages-verify',
    cronEnv: 'VERIFY_CRON',
    defaultSchedule: 'off',
    cloneInput: 'expect',
    timeoutEnv: 'VERIFY_TIMEOUT',
    defaultTimeout: '10m',
  },
];

/** `90`, `90s`, `15m` or `1h` as milliseconds; undefined when it is none of these. */
function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/i.exec(text.trim());
  if (!m) return undefined;
  const ms =
    Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's').toLowerCase() as 's' | 'm' | 'h'];
  return ms >= 1000 && ms <= 24 * 3_600_000 ? ms : undefined;
}

/** A job's run bound from its own variable, else JOB_TIMEOUT, else its default; a bad value names the variable. */
function jobTimeoutMs(kind: JobKind, env: NodeJS.ProcessEnv): number {
  for (const name of [kind.timeoutEnv, 'JOB_TIMEOUT']) {
    const value = env[name]?.trim();
    if (!value) continue;
    const ms = parseDuration(value);
    if (ms === undefined) {
      throw new InputError(
        `${name}: "${value.slice(0, 40)}" must be a duration from 1 s to 24 h: seconds (300) or with a unit (90s, 15m, 1h)`,
      );
    }
    return ms;
  }
  return parseDuration(kind.defaultTimeout)!;
}

export interface PlanOptions {
  // biome-ignore lint/suspicious/noExplicitAny: commands of any input types, dispatched by name
  registry: Record<string, Command<any>>;
  /** Command name → cron expression, or null when the job is off. */
  schedules: ReadonlyMap<string, string | null>;
  timezone: string;
  env: NodeJS.ProcessEnv;
  /** Where job output lines go (timestamped and tagged with the job name by the runtime). */
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Plan {
  jobs: JobDefinition[];
}

/**
 * The jobs to schedule. Each job's inputs are checked now, so a container with a missing setting
 * fails at start, naming the job, the input and how to turn the job off.
 */
export function planJobs(options: PlanOptions): Plan {
  // A job is a CLI run even when the daemon itself runs inside GitHub Actions.
  const env = { ...options.env, GITHUB_ACTIONS: undefined };
  const plan: Plan = { jobs: [] };
  for (const kind of JOB_KINDS) {
    const schedule = options.schedules.get(kind.command);
    if (!schedule) continue;
    const command = options.registry[kind.command];
    // Every job kind is a command of this build; a registry without it is a programming error.
    if (!command) throw new Error(`the daemon was given no ${kind.command} command`);
    let values: Record<string, unknown>;
    try {
      values = parseInputs(command.inputs, (name, spec) => readCliInput(name, spec, new Map(), env));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      throw new InputError(
        `${kind.command} job: ${err.message} (see staktrakr ${kind.command} --help, or set ${kind.cronEnv}=off to turn the job off)`,
      );
    }
    const dir = kind.cloneInput ? values[kind.cloneInput] : undefined;
    plan.jobs.push({
      name: kind.command,
      schedule,
      timezone: options.timezone,
      clone: typeof dir === 'string' && dir ? resolve(dir) : undefined,
      timeoutMs: jobTimeoutMs(kind, options.env),
      run: (signal) => runJob(command, env, options, signal),
    });
  }
  return plan;
}

/** The start banner: each job's schedule, next runs and clone, or why it does not run. */
export function planLines(plan: Plan, nextRuns: (name: string) => Date[]): string[] {
  return JOB_KINDS.map((kind) => {
    const job = plan.jobs.find((j) => j.name === kind.command);
    const state = job
      ? `${job.schedule.padEnd(16)} next ${nextRuns(job.name).map(formatIso).join(', ')}${job.clone ? `  clone ${job.clone}` : ''}  timeout ${Math.round(job.timeoutMs / 1000)} s`
      : 'off';
    return `${kind.command.padEnd(13)} ${state}`;
  });
}

/** One run of a job's command, as the CLI runs it: its lines carry the job's name (`[name]`, `job`). */
async function runJob(
  // biome-ignore lint/suspicious/noExplicitAny: see PlanOptions.registry
  command: Command<any>,
  env: NodeJS.ProcessEnv,
  streams: Pick<PlanOptions, 'out' | 'err'>,
  signal: AbortSignal,
): Promise<JobOutcome> {
  let lastError: string | undefined;
  // Every git process of the run is killed when the scheduler aborts it (its timeout).
  const code = await withGitAbort(signal, () =>
    runCommand(command, {
      argv: [],
      env,
      job: command.name,
      stop: signal,
      // Markdown is for a job summary page, not for container logs.
      summaries: false,
      out: streams.out,
      err: streams.err,
      // The run's errors come as data, already redacted; the last one is the job's.
      onError: ({ title, message }) => {
        lastError = title ? `${title}: ${message}` : message;
      },
    }),
  );
  return code === 0 ? { ok: true } : { ok: false, error: lastError ?? `exited with code ${code}` };
}
