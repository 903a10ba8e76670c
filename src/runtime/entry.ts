/**
 * What a bundle's entry file does: run one command with the process's arguments and environment and
 * leave its exit code to the process.
 */
import { type Command, runCommand } from './command.js';
import type { InputSpecs } from './inputs.js';

export async function runEntry<S extends InputSpecs>(command: Command<S>): Promise<void> {
  process.exitCode = await runCommand(command, { argv: process.argv.slice(2), env: process.env });
}
