/**
 * Every daemon job has a timeout: a run stuck on a git remote that accepts connections and never
 * answers is stopped (its git killed, its lock released), reported as failed, and the job's later
 * runs still run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { daemonTest } from './harness.js';

const t = daemonTest();

it('a run hung on a silent remote times out, releases its clone, and the next run still runs', async () => {
  const dir = t.tempDir();
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  t.defer(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  const workdir = join(dir.path, 'work');
  const tmp = join(dir.path, 'tmp');
  mkdirSync(tmp);
  const daemon = t.start({
    API_DATA_REPO: `http://127.0.0.1:${port}/x.git`,
    API_EXPORT_DIR: workdir,
    STAKTRAKR_PROVIDERS: 'replay',
    STAKTRAKR_NOW: '2026-03-02T15:20:00Z',
    SPOT_CRON: '*/5 * * * * *',
    SPOT_TIMEOUT: '2s',
    TMPDIR: tmp,
  });
  await daemon.waitFor(/spot-poll\s+\*\/5 \* \* \* \* \*.*timeout 2 s/);
  const failed = await daemon.waitFor(/\[spot-poll\] run 1 failed/);
  expect(failed).toMatch(/run 1 failed in 2\.\d s: timed out after 2 s and was stopped/);
  expect(daemon.log()).toMatch(/\[spot-poll\] timed out after 2 s; stopping it/);
  // Stopped cleanly: the lock is released, and no git process still talks to the silent peer.
  expect(existsSync(join(workdir, '.staktrakr.lock'))).toBe(false);
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  expect(ps.split('\n').filter((l) => l.includes(`127.0.0.1:${port}`))).toEqual([]);
  // Later runs are not blocked by the stuck one.
  await daemon.waitFor(/\[spot-poll\] run 2 started/);
  await daemon.waitFor(/\[spot-poll\] run 2 failed in 2\.\d s: timed out/);
  expect(daemon.log()).not.toMatch(/locked by/);
  daemon.child.kill('SIGTERM');
  expect(await daemon.exit).toBe(0);
}, 60_000);

it('a bad timeout is refused at start, naming the variable', async () => {
  const dir = t.tempDir();
  const daemon = t.start({
    API_DATA_REPO: join(dir.path, 'api.git'),
    STAKTRAKR_PROVIDERS: 'replay',
    JOB_TIMEOUT: 'forever',
  });
  expect(await daemon.exit).toBe(2);
  expect(daemon.log()).toMatch(/JOB_TIMEOUT: "forever" must be a duration/);
}, 30_000);
