/** Runs a command in-process through the CLI adapter, capturing what a user would see. */
import type { Command } from '../../src/runtime/command.js';
import { runCommand } from '../../src/runtime/command.js';

export interface Ran {
  code: number;
  out: string;
  err: string;
  outputs: Record<string, string>;
}

export async function runCli(
  // biome-ignore lint/suspicious/noExplicitAny: any command
  command: Command<any>,
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(command, {
    argv,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  const outputs: Record<string, string> = {};
  for (const line of out) {
    const m = /^([a-z0-9-]+)=(.*)$/.exec(line.replace(/^\S+Z /, ''));
    if (m) outputs[m[1]!] = m[2]!;
  }
  return { code, out: out.join('\n'), err: err.join('\n'), outputs };
}
