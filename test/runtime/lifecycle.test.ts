/**
 * The process lifecycle (src/runtime/lifecycle.ts) with real processes and real signals: a service
 * command is stopped by its first SIGTERM/SIGINT through its AbortSignal and then exits whatever it
 * left running; a second signal exits at once with code 1; a command that is not a service keeps
 * the default (the signal ends it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

interface Running {
  child: ChildProcess;
  output: () => string;
  waitFor(text: string): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(kind: string): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/runtime/lifecycle-entry.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LIFECYCLE_KIND: kind },
  });
  let text = '';
  const waiters = new Set<() => void>();
  for (const stream of [child.stdout!, child.stderr!])
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      for (const w of waiters) w();
    });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  const waitFor = (wanted: string) =>
    new Promise<void>((done, fail) => {
      const check = () => {
        if (!text.includes(wanted)) return;
        waiters.delete(check);
        done();
      };
      waiters.add(check);
      check();
      void exit.then(() => fail(new Error(`exited before "${wanted}":\n${text}`)));
    });
  return { child, output: () => text, waitFor, exit };
}

/** Resolves true when the process is still running after `ms`. */
const stillRunning = (run: Running, ms: number) =>
  Promise.race([run.exit.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), ms))]);

describe('the process lifecycle', () => {
  it('stops a service on SIGTERM through its signal, reports its outputs and exits 0 despite a leftover timer', async () => {
    const run = start('service');
    await run.waitFor('ready');
    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.output()).toMatch(/SIGTERM: stopping/);
    expect(run.output()).toMatch(/^stopped=SIGTERM$/m);
  }, 60_000);

  it('exits at once with code 1 on a second signal while the service is still stopping', async () => {
    const run = start('slow-service');
    await run.waitFor('ready');
    run.child.kill('SIGINT');
    await run.waitFor('SIGINT: stopping');
    // The first signal did not end it: the service decides when it is done.
    expect(await stillRunning(run, 500)).toBe(true);
    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 1, signal: null });
    expect(run.output()).toMatch(/warning: second signal \(SIGTERM\): exiting without waiting/);
  }, 60_000);

  it('leaves a command that is not a service to the default: the signal ends it', async () => {
    const run = start('job');
    await run.waitFor('ready');
    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: null, signal: 'SIGTERM' });
  }, 60_000);
});

describe('one lifecycle', () => {
  it('only src/runtime/lifecycle.ts listens for stop signals or calls process.exit', () => {
    const src = join(ROOT, 'src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const offending = files
      .filter((f) =>
        /process\.(on|once|addListener)\(\s*['"]SIG|process\.exit\(/.test(readFileSync(join(src, f), 'utf8')),
      )
      .map((f) => relative(src, join(src, f)));
    expect(offending).toEqual(['runtime/lifecycle.ts']);
  });
});
