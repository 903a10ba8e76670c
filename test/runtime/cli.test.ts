/** The `staktrakr` CLI as a user types it: --version, help <command>, did-you-mean, --json. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import spotPoll from '../../src/commands/spot-poll.js';
import { planJobs } from '../../src/daemon/jobs.js';
import { closest, editDistance } from '../../src/runtime/suggest.js';
import { bareRepo, listFiles, tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run.js';

const ROOT = resolve(import.meta.dirname, '../..');
const VERSION = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).version as string;

/** The real CLI in its own process (TypeScript run through tsx, as `npx tsx src/main.ts`). */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      timeout: 60_000,
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

describe('staktrakr (the real process)', () => {
  it('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(`staktrakr ${VERSION}`);
  });

  it('help <command> prints what <command> --help prints', async () => {
    const [help, flag] = await Promise.all([cli(['help', 'sync-repos']), cli(['sync-repos', '--help'])]);
    expect(help.code).toBe(0);
    expect(help.out).toContain('staktrakr sync-repos —');
    expect(help.out).toContain('--repo-a');
    expect(help.out).toBe(flag.out);
  });

  it('a mistyped command gets a suggestion and exit code 2', async () => {
    const r = await cli(['spot-pol', '--repo', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "spot-pol"; did you mean spot-poll\?/);
    expect(r.err).toContain('Commands:');
  });
});

describe('dispatch and flags', () => {
  it.each([
    ['retial-poll', 'retail-poll'],
    ['pages-verfy', 'pages-verify'],
    ['sync', 'sync-repos'],
    ['serv', 'serve'],
    ['deamon', 'daemon'],
  ])('%s → %s', (typed, meant) => {
    expect(closest(typed, Object.keys(commands))).toBe(meant);
  });

  it('suggests nothing for a name that is nothing like a command', () => {
    expect(closest('frobnicate', Object.keys(commands))).toBeUndefined();
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
  });

  it('a mistyped flag gets a suggestion', async () => {
    const r = await runCli(spotPoll, ['--repo', 'o/r', '--backfil-hours', '2']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option --backfil-hours; did you mean --backfill-hours\?/);
    const proto = await runCli(spotPoll, ['--constructor', 'x']);
    expect(proto.code).toBe(2);
    expect(proto.err).toMatch(/unknown option --constructor/);
  });

  it('a mistyped provider gets a suggestion', async () => {
    const r = await runCli(spotPoll, ['--repo', 'o/r', '--providers', 'replay,metalpriceap']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/input "providers": "metalpriceap" is not one of .*; did you mean metalpriceapi\?/);
  });

  it('<command> --version prints the version too', async () => {
    const r = await runCli(spotPoll, ['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`staktrakr ${VERSION}`);
  });
});

describe('--json', () => {
  let dir: ReturnType<typeof tempDir>;
  afterEach(() => dir?.remove());

  it('prints the outputs as one JSON object on stdout, logs and summary on stderr, secrets masked', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const secret = 'ghp_JSONCANARY42';
    const r = await runCli(
      spotPoll,
      ['--repo', repo, '--providers', 'replay', '--backfill-hours', '1', '--json', '--token', secret],
      { STAKTRAKR_NOW: '2026-03-10T14:20:00Z', STAKTRAKR_POLLER_ID: `id-${secret}` },
    );
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(1);
    const outputs = JSON.parse(lines[0]!);
    expect(outputs.slot).toBe('data/15min/2026/03/10/1415.json');
    expect(outputs.pushed).toBe(true);
    expect(outputs['files-written']).toBeGreaterThan(0);
    expect(listFiles(repo)).toContain(outputs.slot);
    expect(r.err).toContain('Cloning');
    expect(r.err).toContain('| Gold |');
    expect(`${r.out}${r.err}`).not.toContain(secret);
  });

  it('without --json the outputs are name=value lines on stdout', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const r = await runCli(spotPoll, ['--repo', repo, '--providers', 'replay', '--backfill-hours', '0'], {
      STAKTRAKR_NOW: '2026-03-10T14:20:00Z',
    });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^pushed=true$/m);
    expect(r.outputs.slot).toBe('data/15min/2026/03/10/1415.json');
  });
});

describe('STAKTRAKR_LOG_FORMAT=json (containers)', () => {
  let dir: ReturnType<typeof tempDir>;
  afterEach(() => dir?.remove());
  const NOW = '2026-03-10T14:20:00Z';
  const secret = 'ghp_LOGCANARY77';

  it('one JSON object per event, no markdown, the outputs as one event, secrets masked', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const r = await runCli(spotPoll, ['--repo', repo, '--providers', 'replay', '--backfill-hours', '1'], {
      STAKTRAKR_NOW: NOW,
      STAKTRAKR_LOG_FORMAT: 'json',
      GITHUB_TOKEN: secret,
      STAKTRAKR_POLLER_ID: `p-${secret}`,
    });
    expect(r.code, r.err).toBe(0);
    const events = [...r.out.split('\n'), ...r.err.split('\n')].filter(Boolean).map((l) => JSON.parse(l));
    expect(events.length).toBeGreaterThan(3);
    for (const e of events) expect(e.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(events.some((e) => e.level === 'info' && /^Cloning /.test(e.message))).toBe(true);
    expect(events.at(-1)).toMatchObject({ level: 'outputs', outputs: { pushed: true } });
    const all = `${r.out}\n${r.err}`;
    expect(all).not.toMatch(/\| Gold \||xychart|```/);
    expect(all).not.toContain(secret);
  });

  it("the daemon's job lines carry the job name, and no markdown in text format either", async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    for (const format of ['json', 'text']) {
      const out: string[] = [];
      const plan = planJobs({
        registry: { 'spot-poll': spotPoll },
        schedules: new Map([['spot-poll', '*/15 * * * *']]),
        timezone: 'UTC',
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          API_DATA_REPO: repo,
          STAKTRAKR_PROVIDERS: 'replay',
          STAKTRAKR_NOW: NOW,
          STAKTRAKR_LOG_FORMAT: format,
        },
        out: (l) => out.push(l),
        err: (l) => out.push(l),
      });
      const outcome = await plan.jobs[0]!.run(new AbortController().signal);
      expect(outcome, out.join('\n')).toEqual({ ok: true });
      expect(out.join('\n')).not.toMatch(/\| Gold \||xychart/);
      if (format === 'json') {
        const events = out.map((l) => JSON.parse(l));
        expect(events.every((e) => e.job === 'spot-poll')).toBe(true);
        expect(events.at(-1)).toMatchObject({ level: 'outputs', job: 'spot-poll' });
      } else expect(out.every((l) => /^\S+Z \[spot-poll\] /.test(l))).toBe(true);
    }
  });
});
