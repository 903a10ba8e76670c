/**
 * The jobs the daemon schedules, each by the name of the command it runs. A job runs that command
 * exactly as the CLI does, with the daemon's environment, so a container configures its jobs with
 * the variables it always had (API_DATA_REPO, API_EXPORT_DIR, POLLER_ID, GITHUB_TOKEN,
 * METAL_PRICE_API_KEY, ...) or with STAKTRAKR_<INPUT>.
 */
import { resolve } from 'node:path';
import { formatIso } from '../data/time.js';
import { readCliInput } from '../runtime/cli.js';
import { type Command, runCommand } from '../runtime/command.js';
import { InputError, parseInputs } from '../runtime/inputs.js';
import type { JobDefinition, JobOutcome } from './scheduler.js';

export interface JobKind {
  command: string;
  /** Environment variable holding the job's schedule. */
  cronEnv: string;
  /** Schedule when that variable is unset (the original system's). */
  defaultSchedule: string;
  /** Input naming the directory the job works in; jobs sharing one never overlap. */
  cloneInput?: string;
}

export const JOB_KINDS: readonly JobKind[] = [
  { command: 'spot-poll', cronEnv: 'SPOT_CRON', defaultSchedule: '5,35', cloneInput: 'workdir' },
  { command: 'retail-poll', cronEnv: 'RETAIL_CRON', defaultSchedule: '0,15,30,45', cloneInput: 'workdir' },
  { command: 'sync-repos', cronEnv: 'SYNC_CRON', defaultSchedule: 'off' },
  { command: 'pages-verify', cronEnv: 'VERIFY_CRON', defaultSchedule: 'off', cloneInput: 'expect' },
];

export interface PlanOptions {
  // biome-ignore lint/suspicious/noExplicitAny: commands of any input types, dispatched by name
  registry: Record<string, Command<any>>;
  /** Command name → cron expression, or null when the job is off. */
  schedules: ReadonlyMap<string, string | null>;
  timezone: string;
  env: NodeJS.ProcessEnv;
  /** Where job output lines go (already timestamped and tagged with the job name). */
  out: (line: string) => void;
  err: (line: string) => void;
  now: () => Date;
}

export interface Plan {
  jobs: JobDefinition[];
  /** Jobs that are scheduled but whose command this build lacks. */
  missing: string[];
}

/**
 * The jobs to schedule. Each job's inputs are checked now, so a container with a missing setting
 * fails at start, naming the job, the input and how to turn the job off.
 */
export function planJobs(o: PlanOptions): Plan {
  // A job is a CLI run even when the daemon itself runs inside GitHub Actions.
  const env = { ...o.env, GITHUB_ACTIONS: undefined };
  const plan: Plan = { jobs: [], missing: [] };
  for (const kind of JOB_KINDS) {
    const schedule = o.schedules.get(kind.command);
    if (!schedule) continue;
    const command = o.registry[kind.command];
    if (!command) {
      plan.missing.push(kind.command);
      continue;
    }
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
      timezone: o.timezone,
      clone: typeof dir === 'string' && dir ? resolve(dir) : undefined,
      run: () => runJob(command, env, o),
    });
  }
  return plan;
}

/** The start banner: each job's schedule, next runs and clone, or why it does not run. */
export function planLines(plan: Plan, nextRuns: (name: string) => Date[]): string[] {
  return JOB_KINDS.map((kind) => {
    const job = plan.jobs.find((j) => j.name === kind.command);
    const state = job
      ? `${job.schedule.padEnd(16)} next ${nextRuns(job.name).map(formatIso).join(', ')}${job.clone ? `  clone ${job.clone}` : ''}`
      : plan.missing.includes(kind.command)
        ? 'not in this build'
        : 'off';
    return `${kind.command.padEnd(13)} ${state}`;
  });
}

interface LogEvent {
  level?: string;
  title?: string;
  message?: string;
}

/** A JSON log event (STAKTRAKR_LOG_FORMAT=json), or undefined for a text line. */
function eventOf(line: string): LogEvent | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as LogEvent;
  } catch {
    return undefined;
  }
}

/** The message of an error line, text (`<time> error: …`) or JSON ({level: "error"}). */
function errorOf(line: string): string | undefined {
  const e = eventOf(line);
  if (!e) return /^\S+ error: (.*)$/.exec(line)?.[1];
  return e.level === 'error' ? `${e.title ? `${e.title}: ` : ''}${e.message}` : undefined;
}

/** One run of a job's command; its output lines are tagged `[name]` after their timestamp. */
async function runJob(
  // biome-ignore lint/suspicious/noExplicitAny: see PlanOptions.registry
  command: Command<any>,
  env: NodeJS.ProcessEnv,
  o: Pick<PlanOptions, 'out' | 'err' | 'now'>,
): Promise<JobOutcome> {
  // Lines without a timestamp (the closing outputs) get one; blank lines are dropped. JSON events
  // (STAKTRAKR_LOG_FORMAT=json) get a job field.
  const tag = (line: string) => {
    const event = eventOf(line);
    if (event) return JSON.stringify({ ...event, job: command.name });
    const stamped = /^(\d{4}-\d\d-\d\dT\S+Z) (.*)$/s.exec(line);
    const [stamp, text] = stamped ? [stamped[1], stamped[2]] : [formatIso(o.now()), line];
    return `${stamp} [${command.name}] ${text}`;
  };
  let lastError: string | undefined;
  const code = await runCommand(command, {
    argv: [],
    env,
    // Markdown is for a job summary page, not for container logs.
    summaries: false,
    out: (line) => {
      if (line.trim()) o.out(tag(line));
    },
    err: (line) => {
      const error = errorOf(line);
      if (error) lastError = error;
      if (line.trim()) o.err(tag(line));
    },
  });
  return code === 0 ? { ok: true } : { ok: false, error: lastError ?? `exited with code ${code}` };
}
