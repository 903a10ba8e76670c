/**
 * A working clone of a data repository: cloned (or reused when `workdir` persists), locked for one
 * writer, recovered after a crash, and brought level with its remote without ever discarding work.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { TEMP_PREFIX } from '../data/atomic.js';
import type { Clock } from '../data/time.js';
import { redact } from '../http/redact.js';
import { credentialEnv } from './credentials.js';
import { type GitOptions, type GitResult, git } from './exec.js';
import { acquireLock } from './lock.js';
import { resolveRepoUrl } from './repo-url.js';

export interface WorkspaceOptions {
  repo: string;
  branch: string;
  /** Persistent clone directory; a temporary one is made (and removed on release) when absent. */
  workdir?: string;
  token?: string;
  /** Name in commit authorship and messages. */
  pollerId: string;
  /** What the lock says this process is doing. */
  purpose: string;
  clock: Clock;
  log: (message: string) => void;
  warn: (message: string) => void;
  serverUrl?: string;
  lockWaitMs?: number;
}

export interface Workspace {
  dir: string;
  branch: string;
  remoteUrl: string;
  pollerId: string;
  git(args: readonly string[], options?: Omit<GitOptions, 'cwd' | 'env'>): Promise<GitResult>;
  /** Commit sha of HEAD, or undefined on an unborn branch. */
  head(): Promise<string | undefined>;
  /** Sha of the remote branch as last fetched, or undefined when the remote has no such branch. */
  remoteHead(): Promise<string | undefined>;
  fetch(): Promise<string | undefined>;
  release(): Promise<void>;
}

export async function openWorkspace(o: WorkspaceOptions): Promise<Workspace> {
  const remoteUrl = resolveRepoUrl(o.repo, o.serverUrl);
  const temporary = !o.workdir;
  const dir = o.workdir ? resolve(o.workdir) : await mkdtemp(join(tmpdir(), 'staktrakr-'));
  const env = {
    ...credentialEnv(remoteUrl, o.token),
    GIT_AUTHOR_NAME: `staktrakr (${o.pollerId})`,
    GIT_AUTHOR_EMAIL: 'staktrakr-bot@users.noreply.github.com',
    GIT_COMMITTER_NAME: `staktrakr (${o.pollerId})`,
    GIT_COMMITTER_EMAIL: 'staktrakr-bot@users.noreply.github.com',
  };
  const run = (args: readonly string[], options: Omit<GitOptions, 'cwd' | 'env'> = {}) =>
    git(args, { ...options, cwd: dir, env });

  const fresh = await ensureClone(dir, remoteUrl, run, o);
  const lock = await acquireLock(join(dir, '.git'), o.purpose, o.clock, o.lockWaitMs ?? 0);

  const ws: Workspace = {
    dir,
    branch: o.branch,
    remoteUrl,
    pollerId: o.pollerId,
    git: run,
    head: async () => {
      const r = await run(['rev-parse', '--verify', '-q', 'HEAD'], { okCodes: [1] });
      return r.code === 0 ? r.stdout.trim() : undefined;
    },
    remoteHead: async () => {
      const r = await run(['rev-parse', '--verify', '-q', `refs/remotes/origin/${o.branch}`], {
        okCodes: [1],
      });
      return r.code === 0 ? r.stdout.trim() : undefined;
    },
    fetch: async () => {
      const refspec = `+refs/heads/${o.branch}:refs/remotes/origin/${o.branch}`;
      const r = await run(['fetch', '--quiet', '--no-tags', 'origin', refspec], { okCodes: [128] });
      if (r.code === 128) {
        if (/couldn't find remote ref|does not appear to be|no such ref/i.test(r.stderr)) return undefined;
        throw new Error(`git fetch from ${safeRemote(remoteUrl)} failed: ${r.stderr.trim()}`);
      }
      return ws.remoteHead();
    },
    release: async () => {
      await lock.release();
      if (temporary) await rm(dir, { recursive: true, force: true });
    },
  };

  try {
    if (!fresh) await recover(ws, lock.recoveredStale, o);
    await levelWithRemote(ws, o, fresh);
  } catch (err) {
    await ws.release();
    throw err;
  }
  return ws;
}

/** A remote URL (or a git message quoting one) fit for messages: credentials and secret parameters masked. */
export function safeRemote(url: string): string {
  return redact(url);
}

async function ensureClone(
  dir: string,
  remoteUrl: string,
  run: (args: readonly string[], options?: Omit<GitOptions, 'cwd' | 'env'>) => Promise<GitResult>,
  o: WorkspaceOptions,
): Promise<boolean> {
  const entries = await readdir(dir).catch(() => undefined);
  if (entries?.includes('.git')) {
    const origin = await run(['config', '--get', 'remote.origin.url'], { okCodes: [1] });
    if (origin.stdout.trim() !== remoteUrl) {
      throw new Error(
        `workdir ${dir} is a clone of ${safeRemote(origin.stdout.trim()) || 'nothing'}, not ${safeRemote(remoteUrl)}; use another workdir`,
      );
    }
    return false;
  }
  if (entries && entries.length > 0) {
    throw new Error(`workdir ${dir} exists, is not empty and is not a git clone`);
  }
  o.log(`Cloning ${safeRemote(remoteUrl)} (${o.branch}) into ${dir}`);
  const cloned = await git(['clone', '--quiet', '--no-checkout', '--origin', 'origin', remoteUrl, dir], {
    cwd: tmpdir(),
    env: credentialEnv(remoteUrl, o.token),
    okCodes: [128],
  });
  if (cloned.code !== 0) throw new Error(`cannot clone ${safeRemote(remoteUrl)}: ${cloned.stderr.trim()}`);
  return true;
}

/**
 * After a crash: temp files of the dead writer are garbage; git's own index lock too when our lock
 * was stale; files written but not committed are kept and committed as a recovery commit.
 */
async function recover(ws: Workspace, staleLock: boolean, o: WorkspaceOptions): Promise<void> {
  if (staleLock) {
    o.warn('A previous run on this clone was interrupted; recovering its working tree.');
    await rm(join(ws.dir, '.git', 'index.lock'), { force: true });
    // Temp files exist only under the lock, so only a dead holder leaves them; they are garbage,
    // whatever git thinks of them: found on disk, not through git.
    const entries = await readdir(join(ws.dir, 'data'), { recursive: true }).catch(() => [] as string[]);
    for (const rel of entries) {
      if (basename(rel).startsWith(TEMP_PREFIX)) await rm(join(ws.dir, 'data', rel), { force: true });
    }
  }
  const head = await ws.head();
  if (!head) return;
  const status = await ws.git(['status', '--porcelain', '-uall', '-z']);
  const paths = status.stdout
    .split('\0')
    .filter(Boolean)
    .map((l) => l.slice(3));
  const real = paths.filter((p) => p.startsWith('data/'));
  if (real.length === 0) return;
  await ws.git(['add', '-A', '--', ...real]);
  await ws.git([
    'commit',
    '--quiet',
    '-m',
    `recover(${o.pollerId}): ${real.length} file(s) left uncommitted by an interrupted run`,
  ]);
  o.warn(`Committed ${real.length} file(s) an interrupted run left uncommitted.`);
}

/**
 * Fast-forwards to the remote. If local commits that never reached the remote have diverged from it,
 * they are kept under refs/staktrakr/backup/* (never discarded) and the clone moves to the remote tip.
 */
async function levelWithRemote(ws: Workspace, o: WorkspaceOptions, fresh: boolean): Promise<void> {
  const remote = await ws.fetch();
  // A fresh clone has no checkout yet (cloned with --no-checkout, whatever the remote's default branch).
  const local = fresh ? undefined : await ws.head();
  if (!remote) {
    if (!local) await ws.git(['symbolic-ref', 'HEAD', `refs/heads/${o.branch}`]);
    return;
  }
  if (!local) {
    await ws.git(['checkout', '--quiet', '-B', o.branch, remote]);
    return;
  }
  const current = (await ws.git(['symbolic-ref', '--short', '-q', 'HEAD'], { okCodes: [1] })).stdout.trim();
  if (current !== o.branch) {
    throw new Error(
      `workdir ${ws.dir} has ${current || 'a detached HEAD'} checked out, expected branch ${o.branch}`,
    );
  }
  if (local === remote) return;
  const isAncestor = async (a: string, b: string) =>
    (await ws.git(['merge-base', '--is-ancestor', a, b], { okCodes: [1] })).code === 0;
  if (await isAncestor(local, remote)) {
    await ws.git(['merge', '--quiet', '--ff-only', remote]);
  } else if (!(await isAncestor(remote, local))) {
    const backup = await keepBackup(ws, o.clock);
    o.warn(`Local commits that never reached the remote diverged from it; kept as ${backup}.`);
    await ws.git(['checkout', '--quiet', '-B', o.branch, remote]);
  }
  // Local ahead of remote: unpushed commits of an interrupted run; the next push carries them.
}

export async function keepBackup(ws: Workspace, clock: Clock): Promise<string> {
  const ref = `refs/staktrakr/backup/${clock.now().toISOString().replace(/[:.]/g, '-')}`;
  await ws.git(['update-ref', ref, 'HEAD']);
  return ref;
}
