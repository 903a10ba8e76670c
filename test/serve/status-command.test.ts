/**
 * The `status-endpoints` input of `staktrakr serve`: a bad list fails before anything listens, naming
 * the input; a good one (flag or environment) puts each endpoint on the running server's /status.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import serve from '../../src/commands/serve.js';
import { runCli } from '../helpers/run.js';
import { removeDir, tempDir } from './fixture.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

/** `staktrakr serve` as its own process (it runs until SIGTERM); resolves with its URL. */
async function startCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
  let out = '';
  child.stderr.on('data', (c) => {
    out += c;
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      const m = / at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code} before listening:\n${out}`)));
  });
}

describe('serve --status-endpoints', () => {
  it('refuses a list with a non-http URL, naming the input', async () => {
    const dir = await tempDir();
    cleanup.push(() => removeDir(dir));
    const ran = await runCli(serve, [
      '--dir',
      dir,
      '--port',
      '0',
      '--status-endpoints',
      'https://ok.example/, ftp://x/',
    ]);
    expect(ran.code, 'an invalid input').toBe(2);
    expect(`${ran.out}\n${ran.err}`).toMatch(/input "status-endpoints": "ftp:\/\/x\/" is not http\(s\)/);
  });

  it('shows every listed endpoint on /status, from the flag or the environment', async () => {
    const dir = await tempDir();
    cleanup.push(() => removeDir(dir));
    const { url, child } = await startCli(['--dir', dir, '--host', '127.0.0.1', '--port', '0'], {
      STAKTRAKR_STATUS_ENDPOINTS: 'http://127.0.0.1:9/\nhttp://127.0.0.1:9/mirror/',
    });
    const page = await (await fetch(`${url}/status`)).text();
    expect(page).toContain('<th scope="row">http://127.0.0.1:9/');
    expect(page).toContain('<th scope="row">http://127.0.0.1:9/mirror/');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
