/**
 * `staktrakr serve` in a child process, for the daemon: serving and the jobs get separate event
 * loops (and, with workers, separate cores), so a burst of requests cannot slow a poll and retail
 * parsing cannot stall serving. The child reads the same environment (API_EXPORT_DIR, PORT,
 * STAKTRAKR_<INPUT>), asks the daemon for its job status over IPC (jobs-ipc.ts), reports its errors
 * over IPC as data (runtime/lifecycle.ts), and its log lines come back tagged `[serve]`. A child that dies is started again (bounded); `close` stops it with
 * SIGTERM.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from '../data/logger.js';
import { answerJobQuestions, DAEMON_IPC_ENV, type JobsAnswer } from './jobs-ipc.js';

export interface ServeProcessOptions {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  jobs: () => JobsAnswer;
  /** The script and arguments that run `serve` (default: this program's own entry). */
  entry?: { script: string; args: string[] };
}

export interface ServeProcess {
  url: string;
  close(graceMs?: number): Promise<void>;
}

const MAX_RESTARTS_PER_MINUTE = 5;

/** `dist/cli/index.js serve`, `src/main.ts serve`, or a per-command bundle's sibling `dist/serve/`. */
function serveEntry(script = process.argv[1] ?? ''): { script: string; args: string[] } {
  const dir = dirname(script);
  const sibling = join(dir, '../serve', basename(script));
  if (basename(dir) !== 'cli' && basename(script) === 'index.js' && existsSync(sibling)) {
    return { script: sibling, args: [] };
  }
  return { script, args: ['serve'] };
}

export function startServeProcess(options: ServeProcessOptions): Promise<ServeProcess> {
  const entry = options.entry ?? serveEntry();
  const log = (line: string) => options.logger.info(`[serve] ${line}`);
  let stopping = false;
  let child: ChildProcess;
  const restarts: number[] = [];

  const spawnChild = () =>
    new Promise<string>((resolve, reject) => {
      child = fork(entry.script, entry.args, {
        // The CLI adapter, whatever the parent runs under.
        env: { ...options.env, [DAEMON_IPC_ENV]: '1', GITHUB_ACTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        // Structured clone: the job status holds Dates.
        serialization: 'advanced',
      });
      for (const stream of [child.stdout!, child.stderr!]) {
        createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (l) =>
          log(l.replace(/^\S+Z /, '')),
        );
      }
      answerJobQuestions(child, options.jobs);
      // The first error the child reports (as data, over IPC: runtime/lifecycle.ts) is the cause
      // shown if it never listens.
      let cause: string | undefined;
      let listening = false;
      child.on('message', (m: { type?: string; url?: string; message?: string }) => {
        if (m?.type === 'staktrakr:error') cause ??= m.message;
        if (m?.type !== 'staktrakr:listening' || !m.url || listening) return;
        listening = true;
        resolve(m.url);
      });
      child.once('exit', (code, signal) => {
        // Every message sent before the exit (its error) has arrived once the channel is closed.
        const failed = () =>
          reject(new Error(cause ?? `the serve process exited (${signal ?? code}) before listening`));
        if (child.connected) child.once('disconnect', failed);
        else failed();
        if (stopping || !listening) return;
        const now = Date.now();
        restarts.push(now);
        while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
        if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
          log(`the serve process died ${restarts.length} times within a minute; not serving any more`);
          return;
        }
        log(`the serve process exited (${signal ?? code}); starting it again`);
        spawnChild().catch((err: Error) => log(err.message));
      });
    });

  return spawnChild().then((url) => ({
    url,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), graceMs + 2_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  }));
}
