/**
 * A command: declared inputs and outputs plus a handler. `runCommand` picks the adapter (GitHub
 * Actions when GITHUB_ACTIONS=true and no CLI arguments are given, CLI otherwise), validates every
 * input before any work, masks secrets, runs the handler and reports its outputs.
 */
import { Redactor } from '../http/redact.js';
import { cliRuntime, helpText, parseArgs, readCliInput } from './cli.js';
import { InputError, type InputSpec, type InputSpecs, type InputValues, parseInputs } from './inputs.js';
import type { OutputValue, Runtime } from './runtime.js';
import { VERSION } from './version.js';

export interface Command<S extends InputSpecs = InputSpecs> {
  name: string;
  description: string;
  inputs: S;
  /** Output name → description. */
  outputs: Record<string, string>;
  run(
    inputs: InputValues<S>,
    runtime: Runtime,
    context: { env: NodeJS.ProcessEnv },
  ): Promise<Record<string, OutputValue>>;
}

export const defineCommand = <S extends InputSpecs>(command: Command<S>) => command;

/** A failure the handler already explained to the user; the message is the one-line reason. */
export class CommandFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailure';
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
  onError?: (message: string) => void;
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
        },
      );
  const finish = () => (runtime as { finish?: () => void }).finish?.();

  let inputs: InputValues<S>;
  try {
    if (argsError) throw argsError;
    if (args?.version) {
      out(`staktrakr ${VERSION}`);
      return 0;
    }
    if (args?.help) {
      out(helpText(command.name, command.description, command.inputs, command.outputs));
      return 0;
    }
    const read = (name: string, spec: InputSpec) =>
      actions ? actions.readActionInput(name, spec, ctx.env) : readCliInput(name, spec, args!.flags, ctx.env);
    // Secrets are masked before any input is checked, so no message can show one, even misplaced.
    for (const [name, spec] of Object.entries(command.inputs)) {
      const value = spec.secret ? read(name, spec)?.trim() : undefined;
      if (value) runtime.setSecret(value);
    }
    inputs = parseInputs(command.inputs, read);
  } catch (e) {
    if (e instanceof InputError) {
      runtime.error(e.message, { title: `${command.name}: invalid input` });
      return 2;
    }
    throw e;
  }

  try {
    const outputs = await command.run(inputs, runtime, { env: ctx.env });
    for (const [name, value] of Object.entries(outputs)) runtime.setOutput(name, value);
    finish();
    return 0;
  } catch (e) {
    const message = redactor.redact(e instanceof Error ? e.message : String(e));
    if (e instanceof InputError) {
      // Cross-input checks run at the start of a handler, before any network or disk work.
      runtime.error(message, { title: `${command.name}: invalid input` });
      finish();
      return 2;
    }
    runtime.error(message, { title: `${command.name} failed` });
    if (!(e instanceof CommandFailure) && e instanceof Error && e.stack && ctx.env.STAKTRAKR_DEBUG) {
      runtime.debug(redactor.redact(e.stack));
    }
    finish();
    return 1;
  }
}
