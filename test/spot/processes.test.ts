/**
 * spot-poll as real processes, the way runners and containers run it: the committed bundle, the
 * action contract, a canary token, concurrent writers and SIGKILL at random moments.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bareRepo, gitOut, jsonFilesUnder, listFiles, showFile, tempDir } from '../helpers/git.js';
import { startGitHttp } from '../peers/git-http.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BUNDLE = join(ROOT, 'dist/spot-poll/index.js');
const CLI = join(ROOT, 'dist/cli/index.js');
let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

function run(
  args: string[],
  env: Record<string, string>,
  script = CLI,
): Promise<{ code: number | null; out: string; err: string; child: ChildProcess }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.on('close', (code) => resolve({ code, out, err, child }));
  });
}

describe('the committed dist/spot-poll bundle', () => {
  it('runs as the Actions runner runs it, and a canary token appears nowhere', async () => {
    dir = tempDir();
    const canary = 'ghs_CANARY7f3a9c2e1d5b8_token';
    bareRepo(dir.path, 'api.git');
    execFileSync('git', ['-C', join(dir.path, 'api.git'), 'config', 'http.receivepack', 'true']);
    const server = await startGitHttp(dir.path, canary);
    const outputFile = join(dir.path, 'github_output');
    const summaryFile = join(dir.path, 'step_summary');
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const workdir = join(dir.path, 'work');
    const psSeen: string[] = [];
    const pending = run(
      [],
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        INPUT_REPO: server.url('api.git'),
        INPUT_TOKEN: canary,
        INPUT_PROVIDERS: 'replay',
        INPUT_WORKDIR: workdir,
        'INPUT_BACKFILL-HOURS': '3',
        'INPUT_POLLER-ID': 'runner',
        STAKTRAKR_NOW: '2026-03-10T14:20:00Z',
      },
      BUNDLE,
    );
    // Watch every process's command line while the poll runs.
    const watcher = setInterval(() => {
      try {
        psSeen.push(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }));
      } catch {}
    }, 25);
    const r = await pending;
    clearInterval(watcher);
    await server.close();
    expect(r.code, r.err + r.out).toBe(0);
    const outputs = readFileSync(outputFile, 'utf8');
    expect(outputs).toMatch(/slot<<ghadelimiter_[^\n]+\ndata\/15min\/2026\/03\/10\/1415\.json\n/);
    expect(outputs).toMatch(/pushed<<[^\n]+\ntrue\n/);
    expect(outputs).toMatch(/backfilled-slots<<[^\n]+\n3\n/); // the :00 slots 12:00, 13:00, 14:00
    expect(readFileSync(summaryFile, 'utf8')).toContain('### Spot poll');
    expect(listFiles(join(dir.path, 'api.git'))).toContain('data/15min/2026/03/10/1415.json');
    expect(server.seen).toContain(`x-access-token:${canary}`);

    const b64 = Buffer.from(`x-access-token:${canary}`).toString('base64');
    const logs = (r.out + r.err).split('\n').filter((l) => !l.startsWith('::add-mask::'));
    const places: Record<string, string> = {
      logs: logs.join('\n'),
      outputs,
      summary: readFileSync(summaryFile, 'utf8'),
      'git config': readFileSync(join(workdir, '.git/config'), 'utf8'),
      'ps argv': psSeen.join('\n'),
      'commit messages': gitOut(workdir, 'log', '--format=%B'),
    };
    expect(psSeen.length).toBeGreaterThan(3);
    for (const [where, text] of Object.entries(places)) {
      expect(text.includes(canary), `token in ${where}`).toBe(false);
      expect(text.includes(b64), `encoded token in ${where}`).toBe(false);
    }
    // The runner masks the token: the bundle told it to.
    expect(r.out).toContain(`::add-mask::${canary}`);
  });
});

describe('four writers on one repository', () => {
  it('20 polls each, concurrently: every slot present, history linear, all JSON valid', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const writers = [0, 1, 2, 3];
    const base = Date.parse('2026-03-02T00:00:00Z');
    const results = await Promise.all(
      writers.map(async (w) => {
        const codes: Array<number | null> = [];
        for (let i = 0; i < 20; i++) {
          const now = new Date(base + (w * 20 + i) * 15 * 60_000).toISOString();
          const r = await run(
            [
              'spot-poll',
              '--repo',
              repo,
              '--workdir',
              join(dir.path, `w${w}`),
              '--providers',
              'replay',
              '--backfill-hours',
              '0',
              '--catchup',
              'false',
              '--poller-id',
              `w${w}`,
            ],
            { STAKTRAKR_NOW: now },
          );
          if (r.code !== 0) codes.push(r.code, Number.NaN, r.err as unknown as number);
          else codes.push(0);
        }
        return codes;
      }),
    );
    expect(results.flat().filter((c) => c !== 0)).toEqual([]);
    const files = listFiles(repo);
    for (let k = 0; k < 80; k++) {
      const t = new Date(base + k * 15 * 60_000);
      const p = `data/15min/${t.toISOString().slice(0, 10).replace(/-/g, '/')}/${t.toISOString().slice(11, 16).replace(':', '')}.json`;
      expect(files, p).toContain(p);
    }
    // Never forced: every writer's commits are in main's first-parent history.
    const subjects = gitOut(repo, 'log', '--format=%s', 'main').split('\n');
    for (const w of writers)
      expect(subjects.filter((s) => s.startsWith(`spot-poll(w${w}):`)).length).toBe(20);
    for (const f of files) expect(() => JSON.parse(showFile(repo, f)), f).not.toThrow();
  }, 240_000);
});

describe('SIGKILL at random moments', () => {
  it('never leaves a torn or empty JSON file, and the next run completes', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'work');
    const base = Date.parse('2026-01-05T00:00:00Z');
    let killedMidway = 0;
    // How long a run takes here (the last one that ended on its own; the first is never killed), so
    // that the kills land inside runs however fast or loaded the machine is.
    let runMs = 0;
    for (let trial = 0; trial < 50; trial++) {
      const started = Date.now();
      const now = new Date(base + trial * 7 * 3_600_000).toISOString();
      const child = spawn(
        process.execPath,
        [
          CLI,
          'spot-poll',
          '--repo',
          repo,
          '--workdir',
          workdir,
          '--providers',
          'replay',
          '--backfill-hours',
          '24',
        ],
        {
          env: { PATH: process.env.PATH!, HOME: process.env.HOME!, STAKTRAKR_NOW: now },
          stdio: 'ignore',
        },
      );
      const done = new Promise<number | null>((resolve) => child.on('close', resolve));
      if (trial > 0) await new Promise((r) => setTimeout(r, 20 + Math.random() * 0.9 * runMs));
      if (trial > 0 && child.exitCode === null) {
        child.kill('SIGKILL');
        killedMidway++;
      }
      const code = await done;
      if (code === 0) runMs = Date.now() - started;
      for (const f of jsonFilesUnder(join(workdir, 'data'))) {
        const text = readFileSync(f, 'utf8');
        expect(text.length, `${f} empty after trial ${trial}`).toBeGreaterThan(0);
        expect(() => JSON.parse(text), `${f} torn after trial ${trial}`).not.toThrow();
      }
    }
    expect(killedMidway).toBeGreaterThan(25);
    const final = await run(
      ['spot-poll', '--repo', repo, '--workdir', workdir, '--providers', 'replay', '--backfill-hours', '24'],
      {
        STAKTRAKR_NOW: new Date(base + 50 * 7 * 3_600_000).toISOString(),
      },
    );
    expect(final.code, final.err).toBe(0);
    expect(gitOut(workdir, 'status', '--porcelain')).toBe('');
    for (const f of listFiles(repo)) expect(() => JSON.parse(showFile(repo, f)), f).not.toThrow();
  }, 240_000);
});
