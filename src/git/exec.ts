/**
 * Runs git with an argument array (never a shell string). Credentials reach git only through the
 * environment (see credentials.ts), so no token is ever part of argv.
 *
 * Every invocation is bounded: git's HTTP transport gives up on a peer slower than
 * `http.lowSpeedLimit` for `http.lowSpeedTime` (set through GIT_CONFIG_* variables, never argv), and
 * the whole invocation has a deadline after which git and its helpers (one process group) are killed.
 * A caller may also stop every git process of a piece of work with an AbortSignal (`withGitAbort`):
 * the daemon does so when a job runs out of time.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';

export interface GitOptions {
  cwd: string;
  /** Extra environment (credentials, identity). */
  env?: NodeJS.ProcessEnv;
  /** Exit codes other than 0 that are answers rather than failures. */
  okCodes?: number[];
  input?: string;
  /** Deadline of this invocation; `DEFAULT_GIT_TIMEOUT_MS` when absent. */
  timeoutMs?: number;
}

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as bytes, for binary answers (`cat-file --batch`). */
  bytes: Buffer;
}

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: GitResult,
  ) {
    super(
      `git ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`,
    );
    this.name = 'GitError';
  }
}

/** git ran out of time or was stopped; names the operation, never its arguments (they may hold URLs). */
export class GitTimeoutError extends Error {
  constructor(
    readonly operation: string,
    why: string,
  ) {
    super(`git ${operation} ${why}`);
    this.name = 'GitTimeoutError';
  }
}

/** Overall bound of one git invocation (a fetch of a large repository included). */
export const DEFAULT_GIT_TIMEOUT_MS = 10 * 60_000;
/** A transfer below this many bytes per second ... */
export const LOW_SPEED_LIMIT = 1000;
/** ... for this many seconds is abandoned by git itself. */
export const LOW_SPEED_TIME_S = 30;

/** Environment that keeps git non-interactive and independent of the user's global configuration quirks. */
const BASE_ENV: NodeJS.ProcessEnv = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_ASKPASS: 'echo',
  LC_ALL: 'C',
};

/**
 * Appends config entries to the GIT_CONFIG_COUNT/KEY/VALUE list of `env` (credentials may already
 * use the first slots).
 */
export function withConfigEnv(env: NodeJS.ProcessEnv, entries: Record<string, string>): NodeJS.ProcessEnv {
  const out = { ...env };
  let n = Number(out.GIT_CONFIG_COUNT ?? 0);
  for (const [key, value] of Object.entries(entries)) {
    out[`GIT_CONFIG_KEY_${n}`] = key;
    out[`GIT_CONFIG_VALUE_${n}`] = value;
    n++;
  }
  out.GIT_CONFIG_COUNT = String(n);
  return out;
}

const abortScope = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` so that every git process it starts (directly or not) is killed when `signal` aborts. */
export const withGitAbort = <T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> =>
  abortScope.run(signal, fn);

/** The abort signal of the work in progress, if any (lock waits honour it too). */
export const currentAbortSignal = (): AbortSignal | undefined => abortScope.getStore();

/** First non-option argument: what the error says git was doing. */
const operationOf = (args: readonly string[]) => {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c' || args[i] === '-C') i++;
    else if (!args[i]!.startsWith('-')) return args[i]!;
  }
  return 'command';
};

export function git(args: readonly string[], options: GitOptions): Promise<GitResult> {
  const signal = currentAbortSignal();
  const operation = operationOf(args);
  if (signal?.aborted)
    return Promise.reject(new GitTimeoutError(operation, `not started: ${reason(signal)}`));
  return new Promise((resolve, reject) => {
    const env = withConfigEnv(
      { ...process.env, ...BASE_ENV, ...options.env },
      { 'http.lowSpeedLimit': String(LOW_SPEED_LIMIT), 'http.lowSpeedTime': String(LOW_SPEED_TIME_S) },
    );
    // Its own process group, so a deadline kills git-remote-https and ssh with it.
    const child = spawn('git', args, {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let stopped: string | undefined;
    const kill = (why: string) => {
      if (stopped || child.exitCode !== null) return;
      stopped = why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timeoutMs = options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
    const timer = setTimeout(() => kill(`timed out after ${timeoutMs / 1000} s`), timeoutMs);
    const onAbort = () => kill(`stopped: ${reason(signal!)}`);
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (stopped) return reject(new GitTimeoutError(operation, stopped));
      const bytes = Buffer.concat(out);
      const result = {
        code: code ?? 1,
        stdout: bytes.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        bytes,
      };
      if (result.code === 0 || options.okCodes?.includes(result.code)) resolve(result);
      else reject(new GitError(args, result));
    });
    // git may exit before reading stdin; the EPIPE that follows is not an error of the command.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

const reason = (signal: AbortSignal) =>
  signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted');

/**
 * Git work run side by side: every piece has ended before the first failure is reported, so no git
 * process still works in the clone when the caller moves on (or gives up its lock).
 */
export async function together<T extends readonly unknown[]>(
  ...work: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
