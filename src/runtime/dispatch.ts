/**
 * The `staktrakr` CLI in front of the commands: `<command> [--flags]`, `help [<command>]`,
 * `--version`, and "did you mean" for a mistyped command. Returns the exit code.
 */
import { type Command, type RunContext, runCommand } from './command.js';
import { EXIT } from './lifecycle.js';
import { didYouMean } from './suggest.js';
import { VERSION } from './version.js';

const HELP = ['--help', '-h', 'help'];
const VERSION_FLAGS = ['--version', '-V', 'version'];

// biome-ignore lint/suspicious/noExplicitAny: heterogeneous command input types
export async function dispatch(commands: Record<string, Command<any>>, ctx: RunContext): Promise<number> {
  const out = ctx.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = ctx.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  const [first, ...rest] = ctx.argv;
  const find = (name: string | undefined) =>
    name !== undefined && Object.hasOwn(commands, name) ? commands[name] : undefined;

  if (first !== undefined && VERSION_FLAGS.includes(first)) {
    out(`staktrakr ${VERSION}`);
    return EXIT.ok;
  }
  // `help <command>` is `<command> --help`.
  if (first === 'help' && rest[0] !== undefined) {
    const command = find(rest[0]);
    if (command) return runCommand(command, { ...ctx, argv: ['--help'] });
    return unknown(rest[0]);
  }
  const command = find(first);
  if (command) return runCommand(command, { ...ctx, argv: rest });
  if (first === undefined || HELP.includes(first)) {
    out(usage());
    return EXIT.ok;
  }
  return unknown(first);

  function unknown(name: string): number {
    // The name is shown only when it is a plausible command name (it could be a misplaced token).
    const shown = /^[a-z0-9-]{1,32}$/i.test(name) ? ` "${name}"` : '';
    err(`unknown command${shown}${didYouMean(name, [...Object.keys(commands), 'help'])}`);
    err('');
    err(usage());
    return EXIT.invalidInput;
  }

  function usage(): string {
    const list = Object.entries(commands)
      .map(([n, c]) => `  ${n.padEnd(14)} ${c.description}`)
      .join('\n');
    return [
      `staktrakr ${VERSION}`,
      '',
      'Usage: staktrakr <command> [--option value ...] [--json]',
      '',
      'Commands:',
      list,
      '',
      'Run staktrakr help <command> (or staktrakr <command> --help) for its options;',
      'staktrakr --version prints the version.',
    ].join('\n');
  }
}
