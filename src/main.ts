#!/usr/bin/env node
/**
 * The `staktrakr` CLI (dist/cli/index.js): `staktrakr <command> [--flags]`. Each action has its own
 * entry in src/entries/ that runs one command.
 */
import { commands } from './commands/index.js';
import { runCommand } from './runtime/command.js';

const argv = process.argv.slice(2);
const name = argv[0];
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

process.exitCode = await runCommand(command, { argv: argv.slice(1), env: process.env });
