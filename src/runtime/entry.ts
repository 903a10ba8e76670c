/**
 * What a process's main does: run with the process's arguments and environment as its own command
 * (so a service's stop signals are handled, runtime/lifecycle.ts) and leave the exit code to the
 * process. `runEntry` is a bundle's entry (one command); src/main.ts runs the CLI's dispatcher.
 */
import { type Command, type RunContext, runCommand } from './command.js';
import type { InputSpecs } from './inputs.js';

export async function runProcess(main: (ctx: RunContext) => Promise<number>): Promise<void> {
  process.exitCode = await main({ argv: process.argv.slice(2), env: process.env, ownsProcess: true });
}

export const runEntry = <S extends InputSpecs>(command: Command<S>) =>
  runProcess((ctx) => runCommand(command, ctx));
