/**
 * `staktrakr serve --workers 2` as a real process: the workers share the port, and SIGTERM lets a
 * download in flight finish before every process exits 0; a worker that dies is replaced, with a
 * warning.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { put, removeDir, tempDir } from './fixture.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

/** The serve workers under `pid` (forks of src/main.ts; a short-lived helper such as tsx's esbuild is not one). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)])
      .toString()
      .split('\n')
      .filter((l) => l.includes('src/main.ts'))
      .map((l) => Number.parseInt(l.trim(), 10))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

async function startCli(args: string[]): Promise<{ url: string; child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  let out = '';
  child.stderr!.on('data', (c) => {
    out += c;
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c) => {
      out += c;
      const m = / at (http:\/\/\S+) \(2 worker processes\)/.exec(out);
      if (m) resolve({ url: m[1]!, child, out: () => out });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code} before listening:\n${out}`)));
  });
}

/** `staktrakr serve` on `dir`, two worker processes, on a free loopback port. */
const startTwoWorkers = (dir: string) =>
  startCli(['--dir', dir, '--host', '127.0.0.1', '--port', '0', '--workers', '2']);

describe('serve --workers', () => {
  it('serves from two worker processes and stops them all gracefully on SIGTERM', async () => {
    const dir = await tempDir();
    cleanup.push(() => removeDir(dir));
    const big = Buffer.alloc(6 * 1024 * 1024, 'x');
    await put(dir, 'data/big.txt', big);
    await put(dir, 'data/x.json', '{"ok":true}');
    const { url, child, out } = await startTwoWorkers(dir);
    expect(childrenOf(child.pid!)).toHaveLength(2);
    for (let i = 0; i < 10; i++) expect((await fetch(`${url}/data/x.json`)).status).toBe(200);

    // A download in flight when the signal comes: it is finished, not cut.
    const received = new Promise<number>((resolve, reject) => {
      request(`${url}/data/big.txt`, (res) => {
        let bytes = 0;
        res.pause();
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => res.resume(), 500);
        }, 200);
        res.on('data', (c: Buffer) => {
          bytes += c.length;
        });
        res.on('end', () => resolve(bytes));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    expect(await received).toBe(big.length);
    const [code] = await once(child, 'exit');
    expect(code, out()).toBe(0);
    expect(out()).toMatch(/SIGTERM: finishing requests in flight/);
    expect(childrenOf(child.pid!)).toEqual([]);
  }, 60_000);

  it('starts another worker when one dies, and says so as a warning', async () => {
    const dir = await tempDir();
    cleanup.push(() => removeDir(dir));
    await put(dir, 'data/x.json', '{"ok":true}');
    const { url, child, out } = await startTwoWorkers(dir);
    const [victim, survivor] = childrenOf(child.pid!);
    process.kill(victim!, 'SIGKILL');
    await vi.waitFor(
      () => {
        const now = childrenOf(child.pid!);
        expect(now).toHaveLength(2);
        expect(now).toContain(survivor);
        expect(now).not.toContain(victim);
      },
      { timeout: 20_000, interval: 100 },
    );
    // The primary's line may reach the pipe after the new worker shows in ps.
    const said = new RegExp(`warning: serve worker ${victim} exited \\(SIGKILL\\); starting another`);
    await vi.waitFor(() => expect(out()).toMatch(said), { timeout: 10_000, interval: 100 });
    for (let i = 0; i < 4; i++) expect((await fetch(`${url}/data/x.json`)).status).toBe(200);
  }, 60_000);
});
