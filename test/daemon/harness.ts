/**
 * The daemon as a real process (the sources through tsx, or the built CLI), read line by line as an
 * operator reads its log; and a MetalPriceAPI peer behind a gate, so a test decides when a spot run
 * gets its prices (a run held at the gate is a run in progress, holding its clone).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { tempDir } from '../helpers/git.js';
import { type Fault, startMetalPriceApi } from '../peers/metalpriceapi.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const BUILT_CLI = join(ROOT, 'dist/cli/index.js');
/** The daemon from the sources, as `staktrakr daemon` would run it. */
export const SOURCE_DAEMON = [process.execPath, '--import', 'tsx', join(ROOT, 'src/main.ts'), 'daemon'];

/** True when dist/ was built with the daemon in it (the bundle is split: ask it, do not grep it). */
export const builtCliHasDaemon = () =>
  existsSync(BUILT_CLI) &&
  spawnSync(process.execPath, [BUILT_CLI, 'daemon', '--help'], { timeout: 30_000 }).status === 0;

export interface DaemonProcess {
  child: ChildProcess;
  /** Every line of stdout and stderr so far, in arrival order. */
  lines: string[];
  /** Resolves with the first line (from `from` on) matching; rejects when the process exits first. */
  waitFor(pattern: RegExp, from?: number): Promise<string>;
  exit: Promise<number | null>;
  log(): string;
}

export function startDaemon(
  env: Record<string, string>,
  argv: readonly string[] = SOURCE_DAEMON,
): DaemonProcess {
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  const feed = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop()!;
      lines.push(...parts);
      for (const l of listeners) l();
    });
  };
  feed(child.stdout!);
  feed(child.stderr!);
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      exited = true;
      for (const l of listeners) l();
      resolve(code);
    }),
  );
  const log = () => lines.join('\n');
  const waitFor = (pattern: RegExp, from = 0) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const hit = lines.slice(from).find((l) => pattern.test(l));
        if (hit !== undefined || exited) listeners.delete(check);
        if (hit !== undefined) resolve(hit);
        else if (exited) reject(new Error(`daemon exited before ${pattern}:\n${log()}`));
      };
      listeners.add(check);
      check();
    });
  return { child, lines, waitFor, exit, log };
}

/**
 * What a daemon test starts, released after it whether it passed or not: daemons still running are
 * SIGKILLed first, then the peers closed, then the temporary directories removed.
 */
export function daemonTest() {
  const daemons: DaemonProcess[] = [];
  const closers: Array<() => Promise<void>> = [];
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  afterEach(async () => {
    for (const daemon of daemons.splice(0)) {
      if (daemon.child.exitCode !== null || daemon.child.signalCode !== null) continue;
      daemon.child.kill('SIGKILL');
      await daemon.exit;
    }
    for (const close of closers.splice(0)) await close();
    for (const dir of dirs.splice(0)) dir.remove();
  });
  return {
    tempDir() {
      const dir = tempDir();
      dirs.push(dir);
      return dir;
    },
    start(env: Record<string, string>, argv?: readonly string[]): DaemonProcess {
      const daemon = startDaemon(env, argv);
      daemons.push(daemon);
      return daemon;
    },
    /** Runs `close` after the test, once its daemons are stopped. */
    defer(close: () => Promise<void>): void {
      closers.push(close);
    },
    async upstream(faults?: Fault[]): Promise<GatedUpstream> {
      const upstream = await gatedMetalPriceApi(faults);
      closers.push(upstream.close);
      return upstream;
    },
  };
}

export interface GatedUpstream {
  url: string;
  /** Resolves when the first request is being held. */
  firstHeld: Promise<void>;
  open(): void;
  close(): Promise<void>;
}

/** A MetalPriceAPI peer whose requests wait at a gate until `open()`. */
export async function gatedMetalPriceApi(faults: Fault[] = []): Promise<GatedUpstream> {
  const api = await startMetalPriceApi({ faults: { '*': faults } });
  const origin = api.url.replace(/\/v1$/, '');
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let held!: () => void;
  const firstHeld = new Promise<void>((resolve) => {
    held = resolve;
  });
  const server: Server = createServer(async (req, res) => {
    held();
    await opened;
    try {
      const answer = await fetch(`${origin}${req.url}`, {
        headers: { 'x-api-key': String(req.headers['x-api-key'] ?? '') },
      });
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
      });
      res.end(await answer.text());
    } catch {
      res.destroy(); // the peer closed at the end of a test while this request was held
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    firstHeld,
    open,
    close: async () => {
      open();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await api.close();
    },
  };
}

/** A port free at the moment of asking (for a daemon whose URL another job must know in advance). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Log lines of job runs starting and ending, checked for two runs at once. */
export function overlappingRuns(lines: readonly string[]): string[] {
  let running: string | undefined;
  const overlaps: string[] = [];
  for (const line of lines) {
    const m = /\[([a-z-]+)\] run (\d+) (started|succeeded|failed)/.exec(line);
    if (!m) continue;
    const run = `${m[1]} run ${m[2]}`;
    if (m[3] === 'started') {
      if (running) overlaps.push(`${run} started while ${running} was running`);
      running = run;
    } else if (running === run) running = undefined;
  }
  return overlaps;
}
