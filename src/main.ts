#!/usr/bin/env node
/**
 * Entrypoint of every bundle. `dist/<command>/index.js` runs that command (the action contract);
 * `dist/cli/index.js <command> [--flags]` is the `staktrakr` CLI.
 */
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from './commands/index.js';
import { runCommand } from './runtime/command.js';
import { dispatch } from './runtime/dispatch.js';

// A bundle named after a command runs that command (the action contract); the `cli` bundle dispatches.
const bundle = basename(dirname(fileURLToPath(import.meta.url)));
const fixed = Object.hasOwn(commands, bundle) ? commands[bundle] : undefined;
const argv = process.argv.slice(2);
process.exitCode = fixed
  ? await runCommand(fixed, { argv, env: process.env })
  : await dispatch(commands, { argv, env: process.env });
