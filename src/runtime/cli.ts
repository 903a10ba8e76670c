/**
 * CLI/container adapter: `--flag value`, environment aliases, plain timestamped logs or `--json`,
 * and every line printed redacted (URL credentials, and every secret value, as Actions masks them).
 */

import type { Redactor } from '../http/redact.js';
import type { InputSpec, InputSpecs } from './inputs.js';
import { InputError } from './inputs.js';
import type { OutputValue, Runtime } from './runtime.js';
import { didYouMean } from './suggest.js';

export interface ParsedArgs {
  flags: Map<string, string>;
  help: boolean;
  /** Outputs as one JSON object on stdout; logs on stderr. */
  json: boolean;
  version: boolean;
}

/** `--name value`, `--name=value`, and bare `--flag` (= "true") for boolean inputs. */
export function parseArgs(argv: readonly string[], specs: InputSpecs): ParsedArgs {
  const flags = new Map<string, string>();
  let help = false;
  let json = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--json' || arg === '--version') {
      if (arg === '--json') json = true;
      else version = true;
      continue;
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg);
    // The argument itself is not quoted: it may be a token typed in the wrong place.
    if (!m)
      throw new InputError(`unexpected argument #${i + 1} (inputs are given as --name value; see --help)`);
    const name = m[1]!;
    if (!Object.hasOwn(specs, name))
      throw new InputError(
        `unknown option --${name.slice(0, 64)}${didYouMean(name, [...Object.keys(specs), 'help', 'json', 'version'], '--')} (see --help)`,
      );
    let value = m[2];
    if (value === undefined) {
      const next = argv[i + 1];
      const isBoolean = ['true', 'false'].includes(specs[name]!.default ?? '');
      if (next !== undefined && !next.startsWith('--') && !(isBoolean && !['true', 'false'].includes(next))) {
        value = next;
        i++;
      } else if (isBoolean) value = 'true';
      else throw new InputError(`option --${name} needs a value`);
    }
    flags.set(name, value);
  }
  return { flags, help, json, version };
}

export function readCliInput(
  name: string,
  spec: InputSpec,
  flags: Map<string, string>,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (flags.has(name)) return flags.get(name);
  const own = env[`STAKTRAKR_${name.toUpperCase().replace(/-/g, '_')}`];
  if (own) return own;
  for (const alias of spec.env ?? []) if (env[alias]) return env[alias];
  return undefined;
}

/** `--help` text: every input with its default and environment aliases. */
export function helpText(
  command: string,
  description: string,
  specs: InputSpecs,
  outputs: Record<string, string>,
): string {
  const lines = [`staktrakr ${command} — ${description}`, '', 'Options:'];
  for (const [name, spec] of Object.entries(specs)) {
    const env = [`STAKTRAKR_${name.toUpperCase().replace(/-/g, '_')}`, ...(spec.env ?? [])].join(', ');
    const dflt = spec.default !== undefined ? ` [default: ${spec.default === '' ? '""' : spec.default}]` : '';
    lines.push(
      `  --${name}${dflt}`,
      `      ${spec.description}`,
      `      env: ${env}${spec.secret ? ' (secret)' : ''}`,
    );
  }
  lines.push(
    '',
    'Other options:',
    '  --json            print the outputs as one JSON object (logs go to stderr)',
    '  --help, -h        this text',
    '  --version         the toolkit version',
    '',
    'Outputs (printed as name=value at the end, or one JSON object with --json):',
  );
  for (const [name, d] of Object.entries(outputs)) lines.push(`  ${name.padEnd(18)} ${d}`);
  return lines.join('\n');
}

export interface CliStreams {
  out: (line: string) => void;
  err: (line: string) => void;
}

export function cliRuntime(
  redactor: Redactor,
  streams: CliStreams,
  now: () => Date = () => new Date(),
  json = false,
): Runtime {
  const stamp = () =>
    now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  const line = (level: string, m: string) => `${stamp()} ${level}${m}`;
  const emit = (to: 'out' | 'err', text: string) => {
    for (const l of redactor.redact(text).split('\n')) streams[to](l);
  };
  const outputs: Array<[string, OutputValue]> = [];
  // With --json, stdout holds the outputs object alone.
  const logs = json ? 'err' : 'out';
  const summaries: string[] = [];
  let depth = '';
  const runtime: Runtime & { finish(): void } = {
    kind: 'cli',
    debug: (m) => {
      if (process.env.STAKTRAKR_DEBUG) emit('err', line('debug: ', depth + m));
    },
    info: (m) => emit(logs, line('', depth + m)),
    notice: (m, p) => emit(logs, line('notice: ', `${p?.title ? `${p.title}: ` : ''}${m}`)),
    warning: (m, p) => emit('err', line('warning: ', `${p?.title ? `${p.title}: ` : ''}${m}`)),
    error: (m, p) => emit('err', line('error: ', `${p?.title ? `${p.title}: ` : ''}${m}`)),
    group: async (name, fn) => {
      emit(logs, line('', `${depth}▸ ${name}`));
      const outer = depth;
      depth += '  ';
      try {
        return await fn();
      } finally {
        depth = outer;
      }
    },
    setOutput: (name: string, value: OutputValue) => outputs.push([name, value]),
    summary: async (markdown) => {
      summaries.push(markdown);
    },
    setSecret: (v) => redactor.add(v),
    finish: () => {
      if (summaries.length > 0) emit(logs, `\n${summaries.join('\n')}`);
      if (json) streams.out(redactor.redact(JSON.stringify(Object.fromEntries(outputs))));
      else if (outputs.length > 0) emit('out', outputs.map(([k, v]) => `${k}=${v}`).join('\n'));
    },
  };
  return runtime;
}
