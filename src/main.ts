#!/usr/bin/env node
/**
 * Entrypoint of every bundle. `dist/<command>/index.js` runs that command (the action contract);
 * `dist/cli/index.js <command> [--flags]` is the `staktrakr` CLI.
 */
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from './commands/index.js';
import { runCommand } from './runtime/command.js';

const bundle = basename(dirname(fileURLToPath(import.meta.url)));
const fixed = commands[bundle] ? bundle : undefined;
const argv = process.argv.slice(2);
const name = fixed ?? argv[0];
const command = name ? commands[name] : undefined;

if (!command) {
  const list = Object.entries(commands)
    .map(([n, c]) => `  ${n.padEnd(14)} ${c.description}`)
    .join('\n');
  const asked = name && !['--help', '-h', 'help'].includes(name) ? `unknown command "${name}"\n\n` : '';
  (asked ? process.stderr : process.stdout).write(
    `${asked}Usage: staktrakr <command> [--option value ...]\n\nCommands:\n${list}\n\nRun staktrakr <command> --help for its options.\n`,
  );
  process.exit(asked ? 2 : 0);
}

process.exitCode = await runCommand(command, { argv: fixed ? argv : argv.slice(1), env: process.env });
