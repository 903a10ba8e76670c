/**
 * `staktrakr daemon` as a real process on real bare repositories, with second-level schedules:
 * jobs run, jobs on one clone never overlap, a slow run makes the next tick skip, /health shows each
 * job, and SIGTERM during a run lets its push finish before the process exits 0.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { normalizeSchedule } from '../../src/daemon/cron.js';
import { bareRepo, commitCount, gitOut, listFiles } from '../helpers/git.js';
import { runCli } from '../helpers/run.js';
import { GOOD_KEY } from '../peers/metalpriceapi.js';
import { daemonTest, freePort, type GatedUpstream, overlappingRuns } from './harness.js';

const t = daemonTest();

function spotEnv(repo: string, workdir: string, gate: GatedUpstream): Record<string, string> {
  return {
    API_DATA_REPO: repo,
    API_EXPORT_DIR: workdir,
    POLLER_ID: 'daemon-test',
    METAL_PRICE_API_KEY: GOOD_KEY,
    STAKTRAKR_API_BASE_URL: gate.url,
    STAKTRAKR_BACKFILL_HOURS: '1',
    SPOT_CRON: '* * * * * *',
  };
}

interface Health {
  checks: { daemon: { ok: boolean; jobs: Record<string, Record<string, unknown>> } };
}

async function health(port: number): Promise<{ status: number; body: Health }> {
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  return { status: res.status, body: (await res.json()) as Health };
}

describe('staktrakr daemon', () => {
  it('runs the jobs on their schedules, one at a time per clone, skipping a tick while a run is slow, and reports each job in /health', async () => {
    const dir = t.tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'work');
    // The first upstream answer refuses the key: spot-poll's first run fails, the next one succeeds.
    const upstream = await t.upstream(['bad-key']);
    const port = await freePort();
    const daemon = t.start({
      ...spotEnv(repo, workdir, upstream),
      // pages-verify checks that the clone's last commit is served by this daemon's own server.
      VERIFY_CRON: '* * * * * *',
      STAKTRAKR_ENDPOINTS: `http://127.0.0.1:${port}`,
      STAKTRAKR_MAX_AGE_RETAIL: '0',
      STAKTRAKR_INTERVAL: '0.2',
      SERVE: '1',
      PORT: String(port),
      STAKTRAKR_HOST: '127.0.0.1',
      STAKTRAKR_MANIFEST_MAX_AGE: '0',
    });
    await daemon.waitFor(/spot-poll +\* \* \* \* \* \* +next \S+Z, \S+Z +clone /);
    await daemon.waitFor(/sync-repos +off/);

    // spot-poll's first run holds the clone while its upstream is slow.
    await upstream.firstHeld;
    await daemon.waitFor(/\[spot-poll\] skipped: the run started \S+ is still going/);
    await daemon.waitFor(/\[pages-verify\] waiting: spot-poll is working in /);
    const during = await health(port);
    expect(during.body.checks.daemon.jobs['spot-poll']).toMatchObject({ state: 'running', runs: 1 });
    expect(during.body.checks.daemon.jobs['pages-verify']).toMatchObject({ state: 'waiting' });
    expect(during.body.checks.daemon.jobs['spot-poll']!.next_run).toMatch(/Z$/);

    upstream.open();
    await daemon.waitFor(/\[spot-poll\] run 1 failed in .*Invalid API Key/);
    const success = await daemon.waitFor(/\[spot-poll\] run \d+ succeeded/);
    await daemon.waitFor(/\[pages-verify\] run \d+ succeeded/, daemon.lines.indexOf(success));

    // /health is computed at most once a second and asks the daemon for its jobs over IPC (2 s
    // bound): on a loaded machine the first answer may predate the success, so it is asked again.
    let after = await health(port);
    for (let i = 0; i < 20 && after.status !== 200; i++) {
      await new Promise((ok) => setTimeout(ok, 500));
      after = await health(port);
    }
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    const spot = after.body.checks.daemon.jobs['spot-poll']!;
    expect(spot).toMatchObject({ ok: true, consecutive_failures: 0 });
    expect(spot.skipped).toBeGreaterThan(0);
    for (const field of ['last_run', 'last_success', 'next_run']) expect(spot[field], field).toMatch(/Z$/);
    expect((spot.last_error as { message: string }).message).toMatch(/Invalid API Key/);
    expect(after.body.checks.daemon.jobs['pages-verify']!.last_success).toMatch(/Z$/);
    // The status page of the same server lists the daemon's jobs.
    const page = await (await fetch(`http://127.0.0.1:${port}/status`)).text();
    const jobsSection = /<section id="jobs">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    for (const job of ['spot-poll', 'pages-verify']) expect(jobsSection).toContain(job);

    // The job's own log lines are timestamped and tagged; the error names the cause.
    expect(daemon.log()).toMatch(/^\S+Z \[spot-poll\] error: .*Invalid API Key/m);
    expect(listFiles(repo).some((f) => f.startsWith('data/15min/'))).toBe(true);

    daemon.child.kill('SIGTERM');
    expect(await daemon.exit).toBe(0);
    expect(overlappingRuns(daemon.lines)).toEqual([]);
    expect(daemon.log()).not.toMatch(/locked by/);
  }, 90_000);

  it('on SIGTERM during a run, starts nothing new, lets the push finish and exits 0', async () => {
    const dir = t.tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'work');
    const upstream = await t.upstream();
    const daemon = t.start(spotEnv(repo, workdir, upstream));
    await upstream.firstHeld;
    expect(commitCount(repo)).toBe(0);

    daemon.child.kill('SIGTERM');
    await daemon.waitFor(/waiting up to 120 s for spot-poll to finish/);
    const stopAt = daemon.lines.findIndex((l) => /SIGTERM: no new runs/.test(l));
    upstream.open();

    expect(await daemon.exit).toBe(0);
    const afterStop = daemon.lines.slice(stopAt);
    expect(afterStop.join('\n')).toMatch(/\[spot-poll\] run 1 succeeded/);
    expect(afterStop.join('\n')).not.toMatch(/run 2 started/);
    expect(daemon.lines.at(-1)).toMatch(/stopped$/);
    // The push reached the remote, and the clone is left clean and unlocked.
    expect(commitCount(repo)).toBe(1);
    expect(listFiles(repo).some((f) => f.startsWith('data/15min/'))).toBe(true);
    expect(gitOut(workdir, 'rev-parse', 'HEAD')).toBe(gitOut(repo, 'rev-parse', 'main'));
    expect(gitOut(workdir, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(workdir, '.staktrakr.lock'))).toBe(false);
  }, 60_000);

  it('when a run outlasts STOP_GRACE_SECONDS after SIGTERM, says so and exits 1', async () => {
    const dir = t.tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'work');
    const upstream = await t.upstream();
    const daemon = t.start({ ...spotEnv(repo, workdir, upstream), STOP_GRACE_SECONDS: '1' });
    await upstream.firstHeld;
    daemon.child.kill('SIGTERM');
    expect(await daemon.exit).toBe(1);
    expect(daemon.log()).toMatch(/error: spot-poll still running after 1 s; exiting anyway/);
    expect(commitCount(repo)).toBe(0);
  }, 60_000);

  it('exits 1, naming the cause, when it cannot start serving (the port is taken)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const daemon = t.start({
        SPOT_CRON: 'off',
        RETAIL_CRON: 'off',
        SERVE: '1',
        PORT: String(port),
        STAKTRAKR_HOST: '127.0.0.1',
      });
      expect(await daemon.exit).toBe(1);
      expect(daemon.log()).toMatch(/error: daemon failed: listen EADDRINUSE/);
    } finally {
      taken.close();
    }
  }, 30_000);

  it('reads schedules as minute lists, cron expressions or off (an empty variable is off too), and names a bad one', async () => {
    const bad = await runCli(commands.daemon!, [], { SPOT_CRON: '61', RETAIL_CRON: 'off' });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/input "spot-cron" \(got "61"\)/);
    const tz = await runCli(commands.daemon!, [], { CRON_TZ: 'Mars/Olympus' });
    expect(tz.err).toMatch(/input "cron-timezone" .*IANA time zone/);
    // Empty SPOT_CRON turns spot-poll off (unset would schedule it at :05 and :35 and ask for its repo).
    const idle = await runCli(commands.daemon!, [], { SPOT_CRON: '', RETAIL_CRON: 'off' });
    expect(idle.code).toBe(2);
    expect(idle.err).toMatch(/nothing to do: every job is off and SERVE is not set/);
    expect(normalizeSchedule('10,25,40,55')).toBe('10,25,40,55 * * * *');
    expect(normalizeSchedule('*/2 * * * * *')).toBe('*/2 * * * * *');
    expect(normalizeSchedule(' OFF ')).toBeNull();
  });

  it('refuses to start when a scheduled job lacks an input, naming the job, the input and how to turn it off', async () => {
    const daemon = t.start({ SPOT_CRON: '5,35', RETAIL_CRON: 'off' });
    expect(await daemon.exit).toBe(2);
    expect(daemon.log()).toMatch(/spot-poll job: input "repo": is required .*SPOT_CRON=off/);
  }, 30_000);
});
