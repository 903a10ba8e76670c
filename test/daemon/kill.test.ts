/**
 * SIGKILL of the daemon at any moment leaves its clone usable: the next start recovers the stale
 * lock (and whatever an interrupted run left), runs cleanly and pushes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { gitOut, jsonFilesUnder, listFiles, seededRepo, showFile } from '../helpers/git.js';
import { GOOD_KEY } from '../peers/metalpriceapi.js';
import { daemonTest } from './harness.js';

const t = daemonTest();

it('after SIGKILL mid-run, the next start recovers the clone, runs and pushes', async () => {
  const dir = t.tempDir();
  // A remote that already holds data, as a deployed one does: the first run's clone is complete
  // before its upstream call (an empty remote's first clone is only made level after it, and a
  // clone killed before that is rebuilt rather than recovered).
  const repo = seededRepo(dir.path, { files: { 'data/retail/README.json': '{}\n' } });
  const workdir = join(dir.path, 'work');
  const lock = join(workdir, '.staktrakr.lock');
  const base = Date.parse('2026-03-02T15:00:00Z');
  // One run at start, on the replay provider, at a moment of the test's choosing.
  const runOnce = (hoursLater: number) =>
    t.start({
      API_DATA_REPO: repo,
      API_EXPORT_DIR: workdir,
      STAKTRAKR_PROVIDERS: 'replay',
      STAKTRAKR_NOW: new Date(base + hoursLater * 3_600_000).toISOString(),
      SPOT_CRON: '0 0 1 1 *',
      RUN_AT_START: 'true',
    });

  // 1. Killed while its run holds the clone (waiting for a slow upstream): the lock stays behind.
  const upstream = await t.upstream();
  let daemon = t.start({
    API_DATA_REPO: repo,
    API_EXPORT_DIR: workdir,
    METAL_PRICE_API_KEY: GOOD_KEY,
    STAKTRAKR_API_BASE_URL: upstream.url,
    SPOT_CRON: '* * * * * *',
  });
  await upstream.firstHeld;
  daemon.child.kill('SIGKILL');
  await daemon.exit;
  expect(existsSync(lock)).toBe(true);

  // 2. The next start clears the dead process's lock and runs.
  daemon = runOnce(1);
  await daemon.waitFor(/\[spot-poll\] run 1 succeeded/);
  expect(daemon.log()).toMatch(/\[spot-poll\] warning: .*interrupted; recovering/);
  daemon.child.kill('SIGTERM');
  expect(await daemon.exit).toBe(0);

  // 3. Killed at random moments of a run (a seeded sequence, so a failure can be replayed).
  let seed = 7;
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  for (let trial = 0; trial < 3; trial++) {
    daemon = runOnce(5 + trial * 3);
    await daemon.waitFor(/\[spot-poll\] run 1 started/);
    await new Promise((resolve) => setTimeout(resolve, random() * 1500));
    daemon.child.kill('SIGKILL');
    await daemon.exit;
    for (const f of jsonFilesUnder(join(workdir, 'data'))) {
      expect(() => JSON.parse(readFileSync(f, 'utf8')), `${f} after trial ${trial}`).not.toThrow();
    }
  }

  // 4. A clean start after all that: runs, pushes everything, leaves the clone clean and unlocked.
  daemon = runOnce(20);
  await daemon.waitFor(/\[spot-poll\] run 1 succeeded/);
  daemon.child.kill('SIGTERM');
  expect(await daemon.exit).toBe(0);
  expect(existsSync(lock)).toBe(false);
  expect(gitOut(workdir, 'status', '--porcelain')).toBe('');
  expect(gitOut(workdir, 'rev-parse', 'HEAD')).toBe(gitOut(repo, 'rev-parse', 'main'));
  gitOut(workdir, 'fsck', '--no-progress');
  const files = listFiles(repo);
  expect(files).toContain('data/15min/2026/03/02/1600.json');
  expect(files).toContain('data/15min/2026/03/03/1100.json');
  for (const f of files) expect(() => JSON.parse(showFile(repo, f)), f).not.toThrow();
}, 90_000);
