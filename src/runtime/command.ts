/**
 * A command: declared inputs and outputs plus a handler. `runCommand` picks the adapter (GitHub
 * Actions when GITHUB_ACTIONS=true and no CLI arguments are given, CLI otherwise), validates every
 * input before any work, masks secrets, runs the handler and reports its outputs.
 */
import { Redactor } from '../http/redact.js';
import { cliRuntime, helpText, parseArgs, type ReportedError, readCliInput } from './cli.js';
import { InputError, type InputSpec, type InputSpecs, type InputValues, parseInputs } from './inputs.js';
import { EXIT, exitNow, listenForStop, NEVER_STOPPED } from './lifecycle.js';
import type { OutputValue, Runtime } from './runtime.js';
import { VERSION } from './version.js';

export interface Command<S extends InputSpecs = InputSpecs> {
  name: string;
  description: string;
  inputs: S;
  /** Output name → description. */
  outputs: Record<string, string>;
  /**
   * Runs until stopped (serve, daemon, demo): as the process's own command, SIGTERM or SIGINT aborts
   * `context.stop` instead of ending the process (runtime/lifecycle.ts).
   */
  service?: boolean;
  /** Checks that need several inputs (one requires another); throws InputError, before any work. */
  check?(inputs: InputValues<S>): void;
  run(
    inputs: InputValues<S>,
    runtime: Runtime,
    context: CommandContext,
  ): Promise<Record<string, OutputValue>>;
}

export interface CommandContext {
  env: NodeJS.ProcessEnv;
  /** Aborts when the command is asked to stop (a service's SIGTERM/SIGINT); its reason says why. */
  stop: AbortSignal;
}

export const defineCommand = <S extends InputSpecs>(command: Command<S>) => command;

/** A failure the handler already explained to the user; the message is the one-line reason. */
export class CommandFailure extends Error {
  /** The handler has already reported the message as an error: the runtime only sets the exit code. */
  readonly reported: boolean;
  /** Outputs set all the same, so a later step can read what the failed run found. */
  readonly outputs?: Record<string, OutputValue>;
  constructor(message: string, options: { reported?: boolean; outputs?: Record<string, OutputValue> } = {}) {
    super(message);
    this.name = 'CommandFailure';
    this.reported = options.reported ?? false;
    this.outputs = options.outputs;
  }
}

export interface RunContext {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** CLI log lines: text (default) or one JSON object per event; STAKTRAKR_LOG_FORMAT=json also selects it. */
  logFormat?: 'text' | 'json';
  /** false: no markdown summary in the CLI output (the daemon's job logs). */
  summaries?: boolean;
  /** Every error the command reports, as data (CLI runs; the daemon records a job's last error). */
  onError?: (error: ReportedError) => void;
  /** Text lines without their leading timestamp (the demo shows each step's lines under its label). */
  timestamps?: boolean;
  /** The daemon job this run is: text lines read `<time> [job] …`, JSON events get a `job` field. */
  job?: string;
  /**
   * The run is the process's own command (a bundle's entry, the CLI): a service command's stop
   * signals and exit are handled here (runtime/lifecycle.ts). Runs inside another command never are.
   */
  ownsProcess?: boolean;
  /** The stop of a run inside another command (a daemon job: the scheduler's timeout); never, when absent. */
  stop?: AbortSignal;
}

/** Runs a command and returns the process exit code. */
export async function runCommand<S extends InputSpecs>(
  command: Command<S>,
  ctx: RunContext,
): Promise<number> {
  const out = ctx.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = ctx.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  const redactor = new Redactor();
  const useActions = ctx.env.GITHUB_ACTIONS === 'true' && ctx.argv.length === 0;
  let args: ReturnType<typeof parseArgs> | undefined;
  let argsError: unknown;
  if (!useActions) {
    try {
      args = parseArgs(ctx.argv, command.inputs);
    } catch (e) {
      argsError = e;
    }
  }
  // @actions/* load only on a runner: the CLI and containers start faster without them.
  const actions = useActions ? await import('./actions.js') : undefined;
  const runtime = actions
    ? actions.actionsRuntime(redactor)
    : cliRuntime(
        redactor,
        { out, err },
        {
          json: args?.json ?? ctx.argv.includes('--json'),
          logFormat: ctx.logFormat ?? (ctx.env.STAKTRAKR_LOG_FORMAT === 'json' ? 'json' : 'text'),
          summaries: ctx.summaries,
          onError: ctx.onError,
          timestamps: ctx.timestamps,
          job: ctx.job,
        },
      );
  const finish = () => (runtime as { finish?: () => void }).finish?.();

  let inputs: InputValues<S>;
  try {
    if (argsError) throw argsError;
    if (args?.version) {
      out(`staktrakr ${VERSION}`);
      return EXIT.ok;
    }
    if (args?.help) {
      out(helpText(command.name, command.description, command.inputs, command.outputs));
      return EXIT.ok;
    }
    const read = (name: string, spec: InputSpec) =>
      actions ? actions.readActionInput(name, spec, ctx.env) : readCliInput(name, spec, args!.flags, ctx.env);
    // Secrets are masked before any input is checked, so no message can show one, even misplaced.
    for (const [name, spec] of Object.entries(command.inputs)) {
      const value = spec.secret ? read(name, spec)?.trim() : undefined;
      if (value) runtime.setSecret(value);
    }
    inputs = parseInputs(command.inputs, read);
    command.check?.(inputs);
  } catch (e) {
    if (e instanceof InputError) {
      runtime.error(e.message, { title: `${command.name}: invalid input` });
      return EXIT.invalidInput;
    }
    throw e;
  }

  // Listening before the handler starts, so a signal during its start-up stops it cleanly too.
  const signals =
    ctx.ownsProcess && command.service
      ? listenForStop((signal) => runtime.warning(`second signal (${signal}): exiting without waiting`))
      : undefined;
  let code: number;
  try {
    const outputs = await command.run(inputs, runtime, {
      env: ctx.env,
      stop: signals?.signal ?? ctx.stop ?? NEVER_STOPPED,
    });
    for (const [name, value] of Object.entries(outputs)) runtime.setOutput(name, value);
    code = EXIT.ok;
  } catch (e) {
    code = reportFailure(e);
  } finally {
    signals?.dispose();
  }
  finish();
  // A service stopped by a signal is done: nothing it left behind may keep the process alive.
  if (signals?.signal.aborted) exitNow(code);
  return code;

  function reportFailure(e: unknown): number {
    if (e instanceof CommandFailure)
      for (const [name, value] of Object.entries(e.outputs ?? {})) runtime.setOutput(name, value);
    const message = redactor.redact(e instanceof Error ? e.message : String(e));
    if (e instanceof InputError) {
      // An input the handler itself finds bad (e.g. serve's status-endpoints list), before any work.
      runtime.error(message, { title: `${command.name}: invalid input` });
      return EXIT.invalidInput;
    }
    if (e instanceof CommandFailure && e.reported) return EXIT.failed;
    runtime.error(message, { title: `${command.name} failed` });
    if (!(e instanceof CommandFailure) && e instanceof Error && e.stack && ctx.env.STAKTRAKR_DEBUG) {
      runtime.debug(redactor.redact(e.stack));
    }
    return EXIT.failed;
  }
}
