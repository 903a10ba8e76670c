/**
 * The write path under the faults real deployments meet (issue 9), with spot-poll as real processes
 * from the sources: files lost from a persistent clone, first runs racing on a fresh shared workdir,
 * a first run killed while cloning, a remote that accepts connections and never answers.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bareRepo, listFiles, showFile, tempDir } from '../helpers/git.js';
import { GOOD_KEY, startMetalPriceApi } from '../peers/metalpriceapi.js';

const ROOT = new URL('../..', import.meta.url).pathname;
let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

interface Ran {
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

function spotPoll(
  args: string[],
  now: string,
  env: Record<string, string> = {},
  started?: (child: ChildProcess) => void,
): Promise<Ran> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/main.ts'), 'spot-poll', '--providers', 'replay', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH!, HOME: process.env.HOME!, STAKTRAKR_NOW: now, ...env } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.on('close', (code) => resolve({ code, out, err, ms: Date.now() - t0 }));
    started?.(child);
  });
}

const history = (text: string) => JSON.parse(text) as Array<{ timestamp: string; metal: string }>;
const keys = (entries: Array<{ timestamp: string; metal: string }>) =>
  entries.map((e) => `${e.timestamp}|${e.metal}`).sort();

describe('a persistent clone that lost files', () => {
  it('restores them from HEAD: the remote loses nothing', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'work');
    for (const day of ['2026-03-02', '2026-03-03', '2026-03-04']) {
      const r = await spotPoll(['--repo', repo, '--workdir', workdir], `${day}T15:20:00Z`);
      expect(r.code, r.err).toBe(0);
    }
    const published = listFiles(repo);
    const historyPath = 'data/spot-history-2026.json';
    const full = history(showFile(repo, historyPath));
    expect(new Set(full.map((e) => e.timestamp.slice(0, 10))).size).toBeGreaterThanOrEqual(3);
    // A disk hiccup or a person's mistake: a slot file gone, the history cut to its first day.
    const slot = published.find((p) => p.startsWith('data/15min/'))!;
    unlinkSync(join(workdir, slot));
    const firstDay = full[0]!.timestamp.slice(0, 10);
    writeFileSync(
      join(workdir, historyPath),
      `${JSON.stringify(full.filter((e) => e.timestamp.startsWith(firstDay)))}\n`,
    );

    const r = await spotPoll(['--repo', repo, '--workdir', workdir], '2026-03-05T15:20:00Z');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/Restored 1 file\(s\) missing from the working clone from HEAD: data\/15min\//);
    expect(r.err).toMatch(
      /fact file\(s\) in the working clone had lost entries; restored from HEAD.*spot-history-2026/,
    );
    const after = listFiles(repo);
    expect(published.filter((p) => !after.includes(p))).toEqual([]);
    const kept = new Set(keys(history(showFile(repo, historyPath))));
    expect(keys(full).filter((k) => !kept.has(k))).toEqual([]);
    expect(existsSync(join(workdir, slot))).toBe(true);
    // The cut version is kept, not discarded.
    expect(
      execFileSync('git', ['-C', workdir, 'for-each-ref', 'refs/staktrakr/recovered'], { encoding: 'utf8' }),
    ).toMatch(/blob/);
  }, 120_000);

  it('a poll whose clone lost its previous slot reports the change against that slot, put back', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'work');
    const run = (now: string) =>
      spotPoll(['--repo', repo, '--workdir', workdir, '--backfill-hours', '0'], now);
    for (const now of ['2026-03-03T15:05:00Z', '2026-03-03T15:20:00Z']) expect((await run(now)).code).toBe(0);
    // The previous slot vanishes from the clone: the change the next poll reports must still be
    // against that slot, restored from HEAD before the tree is read.
    const previous = 'data/15min/2026/03/03/1515.json';
    const older = 'data/15min/2026/03/03/1500.json';
    unlinkSync(join(workdir, previous));
    // git's status answers late (a slow disk): no read of the tree may overtake the recovery.
    const shim = join(dir.path, 'slow-git');
    mkdirSync(shim);
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(shim, 'git'),
      `#!/bin/sh\nif [ "$1" = status ]; then sleep 1; fi\nexec ${realGit} "$@"\n`,
      { mode: 0o755 },
    );
    const r = await spotPoll(
      ['--repo', repo, '--workdir', workdir, '--backfill-hours', '0'],
      '2026-03-03T15:35:00Z',
      { PATH: `${shim}:${process.env.PATH}` },
    );
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/Restored 1 file\(s\) missing from the working clone from HEAD/);
    const gold = (path: string) =>
      (JSON.parse(showFile(repo, path)) as Array<{ metal: string; spot: number }>).find(
        (e) => e.metal === 'Gold',
      )!.spot;
    const change = (before: number) => {
      const pct = ((gold('data/15min/2026/03/03/1530.json') / before - 1) * 100).toFixed(2);
      return `${pct.startsWith('-') ? '' : '+'}${pct} %`;
    };
    expect(change(gold(previous))).not.toBe(change(gold(older)));
    expect(r.out).toMatch(
      new RegExp(`\\| Gold \\| [^|]+ \\| ${change(gold(previous)).replace('+', '\\+')} \\|`),
    );
  }, 120_000);

  it('a clone git cannot read fails the run before any upstream call (no quota spent on it)', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'work');
    const api = await startMetalPriceApi({ now: () => new Date('2026-03-03T15:20:00Z') });
    try {
      const poll = (now: string) =>
        spotPoll(
          ['--providers', 'metalpriceapi', '--api-base-url', api.url, '--repo', repo, '--workdir', workdir],
          now,
          { METAL_PRICE_API_KEY: GOOD_KEY },
        );
      expect((await poll('2026-03-03T15:20:00Z')).code).toBe(0);
      const before = api.requests.length;
      writeFileSync(join(workdir, '.git', 'index'), 'not an index');
      for (const now of ['2026-03-03T15:35:00Z', '2026-03-03T15:50:00Z']) {
        const r = await poll(now);
        expect(r.code).not.toBe(0);
        expect(r.err).toMatch(/index/i);
      }
      expect(api.requests.length - before).toBe(0);
    } finally {
      await api.close();
    }
  }, 120_000);

  it('a run that fails on its clone lets go of it only once the fetch started beside its status has ended', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'work');
    expect((await spotPoll(['--repo', repo, '--workdir', workdir], '2026-03-03T15:20:00Z')).code).toBe(0);
    writeFileSync(join(workdir, '.git', 'index'), 'not an index');
    // The fetch answers late, and notes whether the run still held the clone's lock when it ended.
    const shim = join(dir.path, 'slow-fetch');
    const mark = join(dir.path, 'fetch-ended');
    const lock = join(workdir, '.staktrakr.lock');
    mkdirSync(shim);
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(shim, 'git'),
      `#!/bin/sh\nif [ "$1" = fetch ]; then sleep 1; ${realGit} "$@"; s=$?; if [ -e '${lock}' ]; then echo held; else echo released; fi > '${mark}'; exit $s; fi\nexec ${realGit} "$@"\n`,
      { mode: 0o755 },
    );
    const r = await spotPoll(['--repo', repo, '--workdir', workdir], '2026-03-03T15:35:00Z', {
      PATH: `${shim}:${process.env.PATH}`,
    });
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/index/i);
    expect(readFileSync(mark, 'utf8').trim()).toBe('held');
    expect(existsSync(lock)).toBe(false);
  }, 120_000);
});

describe('first runs on one fresh shared workdir', () => {
  it('four at once all succeed, one after another under the lock', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'shared');
    const runs = await Promise.all(
      [10, 11, 12, 13].map((h) =>
        spotPoll(['--repo', repo, '--workdir', workdir, '--backfill-hours', '0'], `2026-03-02T${h}:20:00Z`),
      ),
    );
    for (const r of runs) expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    const slots = listFiles(repo).filter((p) => p.startsWith('data/15min/'));
    expect(slots.length).toBeGreaterThanOrEqual(4);
    expect(readdirSync(workdir).filter((n) => n.startsWith('.staktrakr.lock'))).toEqual([]);
  }, 180_000);

  it('a first run killed while cloning leaves nothing that wedges the next run', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const seed = await spotPoll(
      ['--repo', repo, '--workdir', join(dir.path, 'seed')],
      '2026-03-02T15:20:00Z',
    );
    expect(seed.code, seed.err).toBe(0);
    const before = listFiles(repo);
    const workdir = join(dir.path, 'work');
    // Killed at successive moments of its clone: while `git clone` writes into its staging folder,
    // then as soon as `.git` is moved into place, and a little later (while its files follow it).
    const moments: Array<[string, number]> = [
      ['.staktrakr-clone', 0],
      ['.staktrakr-clone', 10],
      ['.git', 0],
      ['.git', 5],
      ['.git', 20],
      ['.git', 60],
    ];
    for (const [mark, delay] of moments) {
      rmSync(workdir, { recursive: true, force: true });
      let killedAt = '';
      await spotPoll(['--repo', repo, '--workdir', workdir], '2026-03-02T16:20:00Z', {}, (child) => {
        const timer = setInterval(() => {
          if (!existsSync(join(workdir, mark))) return;
          clearInterval(timer);
          setTimeout(() => {
            killedAt = `${mark} + ${delay} ms: ${(existsSync(workdir) ? readdirSync(workdir) : []).sort().join(',')}`;
            child.kill('SIGKILL');
          }, delay);
        }, 2);
        child.on('close', () => clearInterval(timer));
      });
      const next = await spotPoll(['--repo', repo, '--workdir', workdir], '2026-03-02T17:20:00Z');
      expect(next.code, `killed at ${killedAt}:\n${next.err}`).toBe(0);
    }
    const after = listFiles(repo);
    expect(before.filter((p) => !after.includes(p))).toEqual([]);
  }, 240_000);

  it('a half-made clone of nothing (git init, no origin) is rebuilt; a clone of another repository is refused', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'work');
    mkdirSync(workdir);
    execFileSync('git', ['init', '-q', workdir]);
    const r = await spotPoll(['--repo', repo, '--workdir', workdir], '2026-03-02T15:20:00Z');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/half-made; cloning again/);
    const other = bareRepo(dir.path, 'other.git');
    const refused = await spotPoll(['--repo', other, '--workdir', workdir], '2026-03-02T16:20:00Z');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/is a clone of .*api\.git, not .*other\.git; use another workdir/);
    expect(listFiles(other)).toEqual([]);
  }, 120_000);
});

/** A peer that accepts connections and never says a word. */
async function silentPeer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/x.git`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a remote that never answers', () => {
  it('ends spot-poll within its git timeout with a clear error, and no temporary clone is left', async () => {
    dir = tempDir();
    const tmp = join(dir.path, 'tmp');
    mkdirSync(tmp);
    const peer = await silentPeer();
    try {
      const r = await spotPoll(['--repo', peer.url, '--git-timeout', '3'], '2026-03-02T15:20:00Z', {
        TMPDIR: tmp,
      });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/git clone from http:\/\/127\.0\.0\.1:\d+\/x\.git timed out after 3 s/);
      expect(r.ms).toBeLessThan(30_000);
      expect(readdirSync(tmp).filter((n) => n.startsWith('staktrakr-'))).toEqual([]);
      // A persistent workdir: same bound, and the lock is released.
      const workdir = join(dir.path, 'work');
      const w = await spotPoll(
        ['--repo', peer.url, '--workdir', workdir, '--git-timeout', '3'],
        '2026-03-02T15:20:00Z',
        {
          TMPDIR: tmp,
        },
      );
      expect(w.code).toBe(1);
      expect(w.err).toMatch(/timed out after 3 s/);
      expect(readdirSync(workdir).filter((n) => n.startsWith('.staktrakr.lock'))).toEqual([]);
    } finally {
      await peer.close();
    }
  }, 120_000);
});
