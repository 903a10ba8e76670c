import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { type Logger, silentLogger } from '../../src/data/logger.js';
import { systemClock } from '../../src/data/time.js';
import { LockBusyError } from '../../src/git/lock.js';
import { publish } from '../../src/git/publish.js';
import { resolveRepoUrl } from '../../src/git/repo-url.js';
import { openWorkspace, type Workspace } from '../../src/git/workspace.js';
import { bareRepo, commitFiles, gitOut, listFiles, tempDir } from '../helpers/git.js';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

const quiet = { logger: silentLogger };
/** A Logger that keeps its warnings. */
const warningsInto = (warnings: string[]): Logger => ({ ...silentLogger, warning: (m) => warnings.push(m) });
const open = (repo: string, workdir: string, warnings: string[] = [], more: { deferLevel?: boolean } = {}) =>
  openWorkspace({
    repo,
    branch: 'main',
    workdir,
    pollerId: 't',
    purpose: 'test',
    clock: systemClock,
    logger: warningsInto(warnings),
    ...more,
  });

const write = (root: string, rel: string, text: string) => {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
};

describe('repo input', () => {
  it('owner/name, URLs and paths (relative ones too) resolve; credentials in a URL are refused', () => {
    dir = tempDir();
    mkdirSync(join(dir.path, 'local.git'));
    expect(resolveRepoUrl('lbruton/StakTrakrApi')).toBe('https://github.com/lbruton/StakTrakrApi.git');
    expect(resolveRepoUrl('local.git', undefined, dir.path)).toBe(join(dir.path, 'local.git'));
    expect(resolveRepoUrl('file:///srv/api.git')).toBe('file:///srv/api.git');
    expect(() => resolveRepoUrl('https://user:tok@github.com/a/b.git')).toThrow(
      /must not contain credentials/,
    );
    expect(() => resolveRepoUrl('not a repo')).toThrow(/is not owner\/name/);
  });
});

describe('working clone', () => {
  it('commits nothing when nothing changed, and refuses a workdir that clones another repository', async () => {
    dir = tempDir();
    const a = bareRepo(dir.path, 'a.git');
    const b = bareRepo(dir.path, 'b.git');
    const ws = await open(a, join(dir.path, 'w'));
    const apply = async (root: string) => write(root, 'data/x.json', '[1]\n');
    const first = await publish(ws, {
      apply,
      message: () => 'first',
      push: true,
      clock: systemClock,
      ...quiet,
    });
    const second = await publish(ws, {
      apply,
      message: () => 'second',
      push: true,
      clock: systemClock,
      ...quiet,
    });
    await ws.release();
    expect(first.pushed).toBe(true);
    expect(second.commit).toBeUndefined();
    expect(gitOut(a, 'rev-list', '--count', 'main')).toBe('1');
    await expect(open(b, join(dir.path, 'w'))).rejects.toThrow(/is a clone of .*a\.git, not .*b\.git/);
  });

  it("a write's temporary files are never committed, in a new clone or one made before they were excluded", async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const work = join(dir.path, 'w');
    const exclude = join(work, '.git/info/exclude');
    const apply = (n: number) => async (root: string) => {
      write(root, `data/${n}.json`, `[${n}]\n`);
      write(root, `data/deep/.staktrakr-tmp-${n}.json-1-ab`, 'half a write');
    };
    for (const n of [1, 2]) {
      if (n === 2) writeFileSync(exclude, '# git ls-files --others --exclude-from=.git/info/exclude\n');
      const ws = await open(repo, work);
      const r = await publish(ws, {
        apply: apply(n),
        message: () => `${n}`,
        push: true,
        clock: systemClock,
        ...quiet,
      });
      await ws.release();
      expect(r.pushed).toBe(true);
    }
    expect(listFiles(repo)).toEqual(['data/1.json', 'data/2.json']);
    // Put back once, not once a run.
    expect(readFileSync(exclude, 'utf8').match(/staktrakr-tmp/g)).toHaveLength(1);
  });

  it('our clone whose origin a person changed is refused; our marker copied into a clone of another repository proves nothing', async () => {
    dir = tempDir();
    const a = bareRepo(dir.path, 'a.git');
    const b = bareRepo(dir.path, 'b.git');
    commitFiles(a, { 'data/a.json': '[1]\n' });
    commitFiles(b, { 'data/b.json': '[2]\n' });
    const ours = join(dir.path, 'ours');
    for (let i = 0; i < 2; i++) (await open(a, ours)).release(); // the second run trusts the marker
    execFileSync('git', ['remote', 'set-url', 'origin', b], { cwd: ours });
    await expect(open(a, ours)).rejects.toThrow(/is a clone of .*b\.git, not .*a\.git/);
    execFileSync('git', ['remote', 'set-url', 'origin', resolveRepoUrl(a)], { cwd: ours });
    await (await open(a, ours)).release(); // set back: ours again

    const theirs = join(dir.path, 'theirs');
    execFileSync('git', ['clone', '-q', b, theirs]);
    const marker = join(theirs, '.git', 'staktrakr-ready');
    writeFileSync(marker, readFileSync(join(ours, '.git', 'staktrakr-ready')));
    await expect(open(a, theirs)).rejects.toThrow(/is a clone of .*b\.git, not .*a\.git/);
    expect(gitOut(theirs, 'status', '--porcelain')).toBe('');
  });

  it('a push that lost a race is applied again on the new tip: both writers land, nothing forced', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const work = join(dir.path, 'w');
    const other = join(dir.path, 'other');
    const ws = await open(repo, work);
    const seed = (r: string) => write(r, 'data/a.json', '[1]\n');
    await publish(ws, {
      apply: async (r) => seed(r),
      message: () => 'a',
      push: true,
      clock: systemClock,
      ...quiet,
    });
    const attempts: number[] = [];
    const warnings: string[] = [];
    const result = await publish(ws, {
      apply: async (root, attempt) => {
        attempts.push(attempt);
        if (attempt === 1) {
          // Another writer pushes after this run fetched and before it pushes.
          execFileSync('git', ['clone', '-q', repo, other]);
          write(other, 'data/b.json', '[2]\n');
          execFileSync('git', ['-C', other, 'add', '.']);
          execFileSync('git', [
            '-C',
            other,
            '-c',
            'user.name=o',
            '-c',
            'user.email=o@o',
            'commit',
            '-qm',
            'b',
          ]);
          execFileSync('git', ['-C', other, 'push', '-q', 'origin', 'HEAD:main']);
        }
        write(root, 'data/c.json', '[3]\n');
      },
      message: () => 'c',
      push: true,
      clock: systemClock,
      random: () => 0,
      backoffMs: 1,
      logger: warningsInto(warnings),
    });
    await ws.release();
    expect(result).toMatchObject({ pushed: true, attempts: 2, changed: ['data/c.json'] });
    expect(attempts).toEqual([1, 2]);
    expect(warnings.join('\n')).toMatch(/Push rejected \(attempt 1\/12/);
    expect(listFiles(repo)).toEqual(['data/a.json', 'data/b.json', 'data/c.json']);
    // The other writer's commit is in the history (throws if not an ancestor): nothing was forced.
    gitOut(repo, 'merge-base', '--is-ancestor', gitOut(other, 'rev-parse', 'HEAD'), 'main');
    // The clone knows where the remote is now, without asking it again.
    expect(gitOut(work, 'rev-parse', 'refs/remotes/origin/main')).toBe(gitOut(repo, 'rev-parse', 'main'));
    expect(gitOut(work, 'rev-parse', 'HEAD')).toBe(result.commit);
  });

  it('a run killed after staging: a staged deletion is undone, staged and unstaged new files are committed', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const work = join(dir.path, 'w');
    let ws = await open(repo, work);
    await publish(ws, {
      apply: async (r) => {
        write(r, 'data/a.json', '[1]\n');
        write(r, 'data/b c.json', '[2]\n');
      },
      message: () => 'a',
      push: true,
      clock: systemClock,
      ...quiet,
    });
    await ws.release();
    // What a run killed between `git add` and its commit leaves: changes in the index.
    execFileSync('git', ['-C', work, 'rm', '-q', '--', 'data/b c.json']);
    write(work, 'data/new one.json', '[3]\n');
    execFileSync('git', ['-C', work, 'add', '--', 'data/new one.json']);
    write(work, 'data/later.json', '[4]\n');
    const warnings: string[] = [];
    ws = await open(repo, work, warnings);
    const r = await publish(ws, {
      apply: async () => {},
      message: () => 'x',
      push: true,
      clock: systemClock,
      ...quiet,
    });
    await ws.release();
    expect(r.pushed).toBe(true);
    expect(warnings.join('\n')).toMatch(
      /Restored 1 file\(s\) missing from the working clone from HEAD: data\/b c\.json/,
    );
    expect(warnings.join('\n')).toMatch(/Committed 2 file\(s\) an interrupted run left uncommitted/);
    expect(listFiles(repo)).toEqual(['data/a.json', 'data/b c.json', 'data/later.json', 'data/new one.json']);
  });

  it('keeps files an interrupted run left uncommitted, and keeps diverged local commits under a backup ref', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const work = join(dir.path, 'w');
    let ws = await open(repo, work);
    await publish(ws, {
      apply: async (r) => write(r, 'data/a.json', '[1]\n'),
      message: () => 'a',
      push: true,
      clock: systemClock,
      ...quiet,
    });
    await ws.release();
    // An interrupted run: one file written, nothing committed.
    write(work, 'data/left.json', '[2]\n');
    // Meanwhile another writer pushes.
    const other = join(dir.path, 'other');
    execFileSync('git', ['clone', '-q', repo, other]);
    write(other, 'data/b.json', '[3]\n');
    execFileSync('git', ['-C', other, 'add', '.']);
    execFileSync('git', ['-C', other, '-c', 'user.name=o', '-c', 'user.email=o@o', 'commit', '-qm', 'b']);
    execFileSync('git', ['-C', other, 'push', '-q', 'origin', 'HEAD:main']);
    const warnings: string[] = [];
    ws = await open(repo, work, warnings);
    await ws.release();
    const backup = gitOut(work, 'for-each-ref', '--format=%(refname)', 'refs/staktrakr/backup');
    expect(backup).toMatch(/^refs\/staktrakr\/backup\//);
    expect(gitOut(work, 'show', `${backup}:data/left.json`)).toBe('[2]');
    expect(warnings.join('\n')).toMatch(/kept as refs\/staktrakr\/backup/);
    expect(listFiles(repo)).toEqual(['data/a.json', 'data/b.json']);
  });
});

describe('levelling in the background (deferLevel, the spot poll)', () => {
  const openDeferred = (repo: string, workdir: string) => open(repo, workdir, [], { deferLevel: true });

  it('hands the clone over locked; once ready it is level with the remote; a failed fetch rejects ready and the lock is still released', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const work = join(dir.path, 'w');
    const put = (n: number) => async (r: string) => write(r, `data/${n}.json`, `[${n}]\n`);
    const pub = async (workdir: string, n: number) => {
      const ws = await open(repo, workdir);
      await publish(ws, { apply: put(n), message: () => `${n}`, push: true, clock: systemClock, ...quiet });
      await ws.release();
    };
    await pub(work, 1);
    await pub(join(dir.path, 'other'), 2); // another writer moves the remote on

    const ws = await openDeferred(repo, work);
    await expect(open(repo, work)).rejects.toThrow(LockBusyError);
    expect(await ws.ready).toBe(true); // the fast-forward changed the tree: what was read before is stale
    expect(existsSync(join(work, 'data/2.json'))).toBe(true);
    expect(await ws.head()).toBe(await ws.remoteHead());
    await ws.release();
    const level = await openDeferred(repo, work);
    expect(await level.ready).toBe(false); // already level: the tree as read at once is the tree
    await level.release();

    renameSync(repo, `${repo}.away`);
    const broken = await openDeferred(repo, work);
    await expect(broken.ready).rejects.toThrow(/git fetch from .* failed/);
    await broken.release();
    renameSync(`${repo}.away`, repo);
    const again = await open(repo, work); // not busy: the failed run let go of the lock
    await again.release();
  });
});

describe('git processes', () => {
  // Run n writes data/n.json, commits and pushes it.
  const run = (ws: Workspace, n: number) =>
    publish(ws, {
      apply: async (r) => write(r, `data/${n}.json`, `[${n}]\n`),
      message: () => String(n),
      push: true,
      clock: systemClock,
      ...quiet,
    });
  /** Every git process a run on the reused clone starts, as git itself reports them: its own children (sid with a slash) told apart. */
  const traced = async (repo: string, work: string, n: number) => {
    const trace = join(dir!.path, `trace2-${n}.json`);
    process.env.GIT_TRACE2_EVENT = trace;
    try {
      const ws = await open(repo, work);
      const r = await run(ws, n);
      await ws.release();
      expect(r.pushed).toBe(true);
    } finally {
      delete process.env.GIT_TRACE2_EVENT;
    }
    const starts = readFileSync(trace, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; sid: string; argv?: string[] })
      .filter((e) => e.event === 'start');
    return {
      ours: starts.filter((e) => !e.sid.includes('/')).map((e) => e.argv!.slice(1, 3).join(' ')),
      all: starts.map((e) => e.argv!.slice(1, 3).join(' ')),
    };
  };

  /** A remote and a kept clone that has pushed data/1.json. */
  const pushedOnce = async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const work = join(dir.path, 'w');
    const first = await open(repo, work);
    await run(first, 1);
    await first.release();
    return { repo, work };
  };

  it('a run on a reused clone that commits and pushes one file starts 8 git processes; packed refs are read through git', async () => {
    const { repo, work } = await pushedOnce();
    const { ours, all } = await traced(repo, work, 2);
    // status, fetch, add, write-tree, diff-index, commit-tree, update-ref, push: the origin is not
    // asked (our ready marker vouches for a config unchanged since it was written), nor the branch
    // tips (the loose ref files git just wrote)
    expect(ours, ours.join('\n')).toHaveLength(8);
    // git's own automatic maintenance after the fetch is not due in a young clone: not started.
    expect(all.filter((a) => a.startsWith('maintenance'))).toEqual([]);

    // Refs packed (a `git gc` does so), or a remote moved on meanwhile: the tips are still right.
    execFileSync('git', ['pack-refs', '--all'], { cwd: work });
    expect(existsSync(join(work, '.git/refs/heads/main'))).toBe(false);
    const other = await open(repo, join(dir.path, 'other'));
    await run(other, 3);
    await other.release();
    const ws = await open(repo, work);
    const r = await run(ws, 4);
    await ws.release();
    expect(r.pushed).toBe(true);
    expect(listFiles(repo)).toEqual(['data/1.json', 'data/2.json', 'data/3.json', 'data/4.json']);
  });

  it("a kept clone's fetch lets git tidy it when git's own count says it is due", async () => {
    const { repo, work } = await pushedOnce();
    // 28 loose objects whose names start with 17: git's estimate of 6,700 or more loose objects.
    const folder = join(work, '.git/objects/17');
    mkdirSync(folder, { recursive: true });
    for (let i = 0, made = 0; made < 28; i++) {
      const body = Buffer.from(`blob ${String(i).length}\0${i}`);
      const sha = createHash('sha1').update(body).digest('hex');
      if (!sha.startsWith('17')) continue;
      writeFileSync(join(folder, sha.slice(2)), deflateSync(body));
      made++;
    }
    const { all } = await traced(repo, work, 2);
    expect(all.filter((a) => a.startsWith('maintenance'))).toEqual(['maintenance run']);
    expect(listFiles(repo)).toEqual(['data/1.json', 'data/2.json']);
  });
});
