import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/data/time.js';
import { fastForward } from '../../src/serve/follow.js';
import { bareRepo, commitFiles } from '../helpers/git.js';
import { collectingLogger } from '../helpers/logger.js';
import { put, removeDir, startServer, tempDir } from './fixture.js';

const ID = ['-c', 'user.name=Test', '-c', 'user.email=test@example.com'];
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', [...ID, ...args], { cwd })
    .toString()
    .trim();

let base: string;
let remote: string;
let served: string;

const push = (rel: string, content: string, message: string) =>
  commitFiles(remote, { [rel]: content }, message);

beforeAll(async () => {
  base = await tempDir('staktrakr-follow-');
  remote = bareRepo(base, 'remote.git');
  served = join(base, 'served');
  push('data/api/manifest.json', '{"generated_at":"2026-03-15T20:00:00Z"}', 'first');
  execFileSync('git', ['clone', '-q', remote, served]);
});

afterAll(() => removeDir(base));

describe('follow', () => {
  it('serves a file pushed to the remote without a restart', async () => {
    const server = await startServer({ dir: served, followSeconds: 1 });
    try {
      const path = '/data/15min/2026/03/15/2030.json';
      expect((await fetch(`${server.url}${path}`)).status).toBe(404);
      push(`data${path.slice(5)}`, '[{"spot":5019.58}]', 'slot');
      let status = 404;
      // Bounded wait for the next follow round (every second); generous for a loaded machine.
      for (let i = 0; i < 100 && status !== 200; i++) {
        await new Promise((ok) => setTimeout(ok, 200));
        status = (await fetch(`${server.url}${path}`)).status;
      }
      expect(status).toBe(200);
      expect(await (await fetch(`${server.url}${path}`)).text()).toBe('[{"spot":5019.58}]');
      // The file is on disk as the merge writes it, a moment before the round logs what it did.
      const logged = () => server.logs.some((l) => l.startsWith('follow: fast-forwarded'));
      for (let i = 0; i < 50 && !logged(); i++) await new Promise((ok) => setTimeout(ok, 100));
      expect(logged()).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('never discards local work: uncommitted files stay, diverged commits are left as they are', async () => {
    const logger = collectingLogger();
    const o = { dir: served, clock: systemClock, logger };
    await put(served, 'data/local-note.json', '{"uncommitted":true}');
    push('data/hourly/2026/03/15/20.json', '[]', 'hourly');
    expect(await fastForward(o)).toBe('fast-forwarded');
    expect(existsSync(join(served, 'data/hourly/2026/03/15/20.json'))).toBe(true);
    expect(readFileSync(join(served, 'data/local-note.json'), 'utf8')).toBe('{"uncommitted":true}');
    expect(await fastForward(o)).toBe('up-to-date');

    git(served, 'add', 'data/local-note.json');
    git(served, 'commit', '-q', '-m', 'local work');
    const local = git(served, 'rev-parse', 'HEAD');
    push('data/hourly/2026/03/15/21.json', '[]', 'remote work');
    expect(await fastForward(o)).toBe('diverged');
    expect(git(served, 'rev-parse', 'HEAD')).toBe(local);
    expect(existsSync(join(served, 'data/hourly/2026/03/15/21.json'))).toBe(false);
    expect(logger.lines.at(-1)).toMatch(/^warning: follow: .*not fast-forwardable, checkout left as is/);
  });

  it('reports a checkout it cannot follow instead of crashing', async () => {
    const lonely = join(base, 'lonely');
    execFileSync('git', ['init', '-q', lonely]);
    const logger = collectingLogger();
    expect(await fastForward({ dir: lonely, clock: systemClock, logger })).toBe('failed');
    expect(logger.lines).toEqual([
      expect.stringMatching(/^warning: follow: fetch or fast-forward failed, checkout left as is: ./),
    ]);
  });
});
