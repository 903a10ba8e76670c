/** What a bundle's entry file does: run one command as the process's own (runtime/lifecycle.ts). */
import { type Command, runCommand } from './command.js';
import type { InputSpecs } from './inputs.js';
import { runProcess } from './lifecycle.js';

export const runEntry = <S extends InputSpecs>(command: Command<S>) =>
  runProcess((context) => runCommand(command, context));
