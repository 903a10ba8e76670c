#!/usr/bin/env node
/**
 * The `staktrakr` CLI (dist/cli/index.js): `staktrakr <command> [--flags]`, `help <command>`,
 * `--version`. Each action has its own entry in src/entries/ that runs one command.
 */
import { commands } from './commands/index.js';
import { dispatch } from './runtime/dispatch.js';
import { runProcess } from './runtime/lifecycle.js';

await runProcess((ctx) => dispatch(commands, ctx));
