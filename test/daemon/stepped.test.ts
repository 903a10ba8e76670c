/**
 * The real daemon on a clock its parent steps (STAKTRAKR_SLEEP=parent, runtime/clock.ts): it asks
 * to move to its next cron time, runs nothing until the parent grants it, then runs the job at the
 * granted simulated time and asks for the next one.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { AdvanceRequest } from '../../src/runtime/clock.js';
import { bareRepo, listFiles } from '../helpers/git.js';
import { daemonTest, SOURCE_DAEMON } from './harness.js';

const t = daemonTest();

it('waits for its parent to grant the next cron time, then runs the job at that simulated time', async () => {
  const dir = t.tempDir();
  const repo = bareRepo(dir.path);
  const child = spawn(SOURCE_DAEMON[0]!, SOURCE_DAEMON.slice(1), {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      API_DATA_REPO: repo,
      API_EXPORT_DIR: join(dir.path, 'work'),
      STAKTRAKR_PROVIDERS: 'replay',
      SPOT_CRON: '5,35',
      RETAIL_CRON: 'off',
      STAKTRAKR_NOW: '2026-03-02T15:00:00Z',
      STAKTRAKR_SLEEP: 'parent',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  t.defer(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  let log = '';
  child.stdout?.on('data', (b: Buffer) => (log += b));
  child.stderr?.on('data', (b: Buffer) => (log += b));
  const requests: number[] = [];
  const asked = (n: number) =>
    new Promise<number>((resolve, reject) => {
      const check = () => (requests.length >= n ? resolve(requests[n - 1]!) : setTimeout(check, 20));
      child.once('exit', () => reject(new Error(`daemon exited:\n${log}`)));
      check();
    });
  child.on('message', (m: AdvanceRequest) => {
    if (m?.type === 'staktrakr:advance') requests.push(m.to);
  });

  // It asks for its first run time and, held there, runs nothing (real time passes meanwhile).
  expect(new Date(await asked(1)).toISOString()).toBe('2026-03-02T15:05:00.000Z');
  await new Promise((r) => setTimeout(r, 1_000));
  expect(log).not.toMatch(/run 1 started/);
  expect(requests).toHaveLength(1);

  // Granted: the run happens at 15:05 simulated, and the next request is for 15:35.
  child.send({ type: 'staktrakr:advanced', to: requests[0] });
  expect(new Date(await asked(2)).toISOString()).toBe('2026-03-02T15:35:00.000Z');
  expect(log).toMatch(/\[spot-poll\] run 1 succeeded/);
  expect(listFiles(repo)).toContain('data/15min/2026/03/02/1500.json');
}, 120_000);
