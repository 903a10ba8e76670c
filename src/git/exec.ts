/**
 * Runs git with an argument array (never a shell string). Credentials reach git only through the
 * environment (see credentials.ts), so no token is ever part of argv.
 */
import { spawn } from 'node:child_process';

export interface GitOptions {
  cwd: string;
  /** Extra environment (credentials, identity). */
  env?: NodeJS.ProcessEnv;
  /** Exit codes other than 0 that are answers rather than failures. */
  okCodes?: number[];
  input?: string;
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

/** Environment that keeps git non-interactive and independent of the user's global configuration quirks. */
const BASE_ENV: NodeJS.ProcessEnv = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_ASKPASS: 'echo',
  LC_ALL: 'C',
};

export function git(args: readonly string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: { ...process.env, ...BASE_ENV, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
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
