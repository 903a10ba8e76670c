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

/** An error a command reported, as data: its annotation title, if any, and its message. */
export interface ReportedError {
  title?: string;
  message: string;
}

export interface CliOptions {
  now?: () => Date;
  /** `--json`: the outputs as one JSON object on stdout, every log line on stderr. */
  json?: boolean;
  /**
   * `json`: one JSON object per event ({time, level, message}) for log collectors (containers); the
   * markdown summary is not printed. `text`: timestamped lines, the summary at the end.
   */
  logFormat?: 'text' | 'json';
  /** Print the markdown summary at the end (text format only); a daemon's job logs go without it. */
  summaries?: boolean;
  /** Each error as data, redacted (the daemon keeps a job's last one). */
  onError?: (error: ReportedError) => void;
  /** false: text lines without their leading timestamp. */
  timestamps?: boolean;
  /**
   * A daemon job's name: every text line, the outputs too, reads `<time> [job] …` (blank lines
   * dropped), and every JSON event gets a `job` field.
   */
  job?: string;
}

export function cliRuntime(redactor: Redactor, streams: CliStreams, options: CliOptions = {}): Runtime {
  const {
    now = () => new Date(),
    json = false,
    logFormat = 'text',
    summaries: printSummaries = true,
    onError,
    timestamps = true,
    job,
  } = options;
  const stamp = () =>
    now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  // With --json, stdout holds the outputs object alone.
  const logs = json ? 'err' : 'out';
  /** Writes redacted text line by line: each line of a job stamped and tagged, else the first one stamped. */
  const write = (to: 'out' | 'err', text: string, stamped: boolean) => {
    const lines = redactor.redact(text).split('\n');
    if (job !== undefined) {
      for (const l of lines) if (l.trim()) streams[to](`${stamp()} [${job}] ${l}`);
      return;
    }
    for (const [i, l] of lines.entries())
      streams[to](stamped && i === 0 && timestamps ? `${stamp()} ${l}` : l);
  };
  const emit = (to: 'out' | 'err', level: string, message: string, title?: string) => {
    if (logFormat === 'json') {
      const event = {
        time: stamp(),
        level,
        message: redactor.redact(message.trim()),
        ...(title && { title: redactor.redact(title) }),
        ...(job !== undefined && { job }),
      };
      streams[to](JSON.stringify(event));
      return;
    }
    write(to, `${level === 'info' ? '' : `${level}: `}${title ? `${title}: ` : ''}${message}`, true);
  };
  const outputs: Array<[string, OutputValue]> = [];
  const summaries: string[] = [];
  let depth = '';
  const indent = (m: string) => (logFormat === 'json' ? m : depth + m);
  const runtime: Runtime & { finish(): void } = {
    kind: 'cli',
    debug: (m) => {
      if (process.env.STAKTRAKR_DEBUG) emit('err', 'debug', indent(m));
    },
    info: (m) => emit(logs, 'info', indent(m)),
    notice: (m, p) => emit(logs, 'notice', m, p?.title),
    warning: (m, p) => emit('err', 'warning', m, p?.title),
    error: (m, p) => {
      emit('err', 'error', m, p?.title);
      onError?.({
        ...(p?.title && { title: redactor.redact(p.title) }),
        message: redactor.redact(m.trim()),
      });
    },
    group: async (name, fn) => {
      emit(logs, 'info', indent(`▸ ${name}`));
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
      if (logFormat === 'text' && printSummaries) summaries.push(markdown);
    },
    setSecret: (v) => redactor.add(v),
    finish: () => {
      if (summaries.length > 0) write(logs, `\n${summaries.join('\n')}`, false);
      // Redacted before JSON escaping, which would hide a secret holding " or \ from the redactor.
      const values = Object.fromEntries(
        outputs.map(([k, v]) => [k, typeof v === 'string' ? redactor.redact(v) : v]),
      );
      if (json) streams.out(JSON.stringify(values));
      else if (logFormat === 'json' && outputs.length > 0)
        streams.out(
          JSON.stringify({
            time: stamp(),
            level: 'outputs',
            outputs: values,
            ...(job !== undefined && { job }),
          }),
        );
      else if (outputs.length > 0) write('out', outputs.map(([k, v]) => `${k}=${v}`).join('\n'), false);
    },
  };
  return runtime;
}
