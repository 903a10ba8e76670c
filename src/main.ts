#!/usr/bin/env node
/**
 * The `staktrakr` CLI (dist/cli/index.js): `staktrakr <command> [--flags]`, `help <command>`,
 * `--version`. Each action has its own entry in src/entries/ that runs one command.
 */
import { commands } from './commands/index.js';
import { dispatch } from './runtime/dispatch.js';

process.exitCode = await dispatch(commands, { argv: process.argv.slice(2), env: process.env });
