/**
 * A working clone of a data repository: locked for one writer before it is created or touched,
 * cloned (or reused when `workdir` persists), recovered after a crash, and brought level with its
 * remote without ever discarding work.
 *
 * The lock lives beside `.git` (`<workdir>/.staktrakr.lock`), so the first runs on a fresh shared
 * workdir are serialised too. A clone is made with `init` + `fetch` under that lock; a clone a
 * killed first run left half-made (no origin, or nothing checked out and never completed) is
 * rebuilt from the remote, never pushed from. A complete clone of another repository is refused:
 * it may be somebody's work.
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { TEMP_PREFIX } from '../data/atomic.js';
import { changeProblem } from '../data/commit-guard.js';
import type { Clock } from '../data/time.js';
import { redact } from '../http/redact.js';
import { commitIndex } from './commit.js';
import { credentialEnv } from './credentials.js';
import { type GitOptions, type GitResult, GitTimeoutError, git } from './exec.js';
import { acquireLock, cloneLockPath, type Lock } from './lock.js';
import { assertRefName } from './refs.js';
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
  /** Deadline of each git invocation (a fetch or push included). */
  gitTimeoutMs?: number;
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

/** Written into `.git` once a clone made here is complete (it may have nothing checked out: an empty remote). */
const READY = 'staktrakr-ready';

export async function openWorkspace(o: WorkspaceOptions): Promise<Workspace> {
  const remoteUrl = resolveRepoUrl(o.repo, o.serverUrl);
  assertRefName(o.branch);
  const temporary = !o.workdir;
  const dir = o.workdir ? resolve(o.workdir) : await mkdtemp(join(tmpdir(), 'staktrakr-'));
  const env = {
    ...credentialEnv(remoteUrl, o.token),
    // git never looks above the workdir for a repository (a broken `.git` must not find a parent's).
    GIT_CEILING_DIRECTORIES: dirname(dir),
    GIT_AUTHOR_NAME: `staktrakr (${o.pollerId})`,
    GIT_AUTHOR_EMAIL: 'staktrakr-bot@users.noreply.github.com',
    GIT_COMMITTER_NAME: `staktrakr (${o.pollerId})`,
    GIT_COMMITTER_EMAIL: 'staktrakr-bot@users.noreply.github.com',
  };
  const run = (args: readonly string[], options: Omit<GitOptions, 'cwd' | 'env'> = {}) =>
    git(args, { timeoutMs: o.gitTimeoutMs, ...options, cwd: dir, env });

  let lock: Lock | undefined;
  const release = async () => {
    await lock?.release();
    if (temporary) await rm(dir, { recursive: true, force: true });
  };
  try {
    await mkdir(dir, { recursive: true });
    lock = await acquireLock(cloneLockPath(dir), o.purpose, o.clock, { waitMs: o.lockWaitMs ?? 0 });
    const fresh = await ensureClone(dir, remoteUrl, run, o);
    const ws: Workspace = {
      dir,
      branch: o.branch,
      remoteUrl,
      pollerId: o.pollerId,
      git: run,
      head: async () => {
        const r = await run(['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { okCodes: [1] });
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
        const r = await run(['fetch', '--quiet', '--no-tags', '--', 'origin', refspec], {
          okCodes: [128],
        }).catch((err: Error) => {
          throw err instanceof GitTimeoutError
            ? new Error(`git fetch from ${safeRemote(remoteUrl)} ${err.message.replace(/^git fetch /, '')}`)
            : err;
        });
        if (r.code === 128) {
          if (/couldn't find remote ref|no such ref/i.test(r.stderr)) return undefined;
          throw new Error(`git fetch from ${safeRemote(remoteUrl)} failed: ${safeRemote(r.stderr.trim())}`);
        }
        return ws.remoteHead();
      },
      release,
    };
    if (!fresh) await recover(ws, lock.recoveredStale, o);
    await levelWithRemote(ws, o, fresh);
    if (fresh) await writeFile(join(dir, '.git', READY), `${remoteUrl}\n`);
    return ws;
  } catch (err) {
    await release();
    throw err;
  }
}

/** A remote URL (or a git message quoting one) fit for messages: credentials and secret parameters masked. */
export function safeRemote(url: string): string {
  return redact(url);
}

type RunIn = (args: readonly string[], options?: Omit<GitOptions, 'cwd' | 'env'>) => Promise<GitResult>;

/** Our own files in the workdir, outside git's view: the lock, its temporary files and tokens. */
const isLockFile = (name: string) => name.startsWith('.staktrakr.lock');

/**
 * 'complete'; 'half-made' (ours, from a first run killed while cloning); or why the clone is not
 * ours to rebuild. A half-made clone of nothing is rebuilt only when `.git` is all there is.
 */
async function cloneState(
  dir: string,
  remoteUrl: string,
  entries: readonly string[],
  run: RunIn,
): Promise<string> {
  const origin = await run(['config', '--get', 'remote.origin.url'], { okCodes: [1, 128] }).catch(
    () => undefined,
  );
  const url = origin?.code === 0 ? origin.stdout.trim() : '';
  const head = await run(['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { okCodes: [1, 128] }).catch(
    () => undefined,
  );
  const commits = head?.code === 0;
  if (url && url !== remoteUrl) return `a clone of ${safeRemote(url)}, not ${safeRemote(remoteUrl)}`;
  if (url) return commits || existsSync(join(dir, '.git', READY)) ? 'complete' : 'half-made';
  return !commits && entries.length === 1
    ? 'half-made'
    : `a git repository without an origin, not a clone of ${safeRemote(remoteUrl)}`;
}

async function ensureClone(
  dir: string,
  remoteUrl: string,
  run: RunIn,
  o: WorkspaceOptions,
): Promise<boolean> {
  const entries = (await readdir(dir)).filter((n) => !isLockFile(n));
  if (entries.includes('.git')) {
    const state = await cloneState(dir, remoteUrl, entries, run);
    if (state === 'complete') return false;
    if (state !== 'half-made') throw new Error(`workdir ${dir} is ${state}; use another workdir`);
    // A first run was killed while cloning: nothing in it was ever published or committed.
    o.warn(`workdir ${dir} holds a clone an interrupted first run left half-made; cloning again`);
    for (const name of entries) await rm(join(dir, name), { recursive: true, force: true });
  } else if (entries.length > 0) {
    throw new Error(`workdir ${dir} exists, is not empty and is not a git clone`);
  }
  o.log(`Cloning ${safeRemote(remoteUrl)} (${o.branch}) into ${dir}`);
  await run(['init', '--quiet']);
  await run(['config', 'remote.origin.url', remoteUrl]);
  await run(['config', 'remote.origin.fetch', '+refs/heads/*:refs/remotes/origin/*']);
  await appendFile(join(dir, '.git', 'info', 'exclude'), '/.staktrakr.lock*\n');
  return true;
}

/**
 * After a crash or a mishap in a persistent clone. Temp files of a dead writer are garbage, and so
 * is git's own index lock. What is in the working tree is then compared with HEAD:
 * - a file missing from it is restored from HEAD — a deletion is never committed;
 * - a fact file that lost entries is restored from HEAD (its cut version kept under
 *   refs/staktrakr/recovered/*, never discarded);
 * - new files and grown files are committed as a recovery commit (the next push carries them).
 */
async function recover(ws: Workspace, staleLock: boolean, o: WorkspaceOptions): Promise<void> {
  if (staleLock) {
    o.warn('A previous run on this clone was interrupted; recovering its working tree.');
    // Temp files exist only under the lock, so only a dead holder leaves them; they are garbage,
    // whatever git thinks of them: found on disk, not through git.
    const entries = await readdir(join(ws.dir, 'data'), { recursive: true }).catch(() => [] as string[]);
    for (const rel of entries) {
      if (basename(rel).startsWith(TEMP_PREFIX)) await rm(join(ws.dir, 'data', rel), { force: true });
    }
  }
  // Every git process on this clone runs under our lock: an index lock is a dead process's.
  await rm(join(ws.dir, '.git', 'index.lock'), { force: true });
  const head = await ws.head();
  if (!head) return;
  // The index as HEAD has it for data/ (what a dead run staged is looked at again below).
  await ws.git(['reset', '--quiet', 'HEAD', '--', 'data'], { okCodes: [1] });
  const status = await ws.git(['status', '--porcelain', '-z', '-uall', '--no-renames', '--', 'data']);
  const missing: string[] = [];
  const keep: string[] = [];
  const cut: string[] = [];
  for (const line of status.stdout.split('\0').filter(Boolean)) {
    const [code, path] = [line.slice(0, 2), line.slice(3)];
    if (basename(path).startsWith(TEMP_PREFIX)) continue;
    if (code === ' D') missing.push(path);
    else if (code === ' M' || code === ' T') {
      const before = (await ws.git(['cat-file', 'blob', `HEAD:${path}`])).stdout;
      const after = await readFile(join(ws.dir, path), 'utf8').catch(() => undefined);
      if (changeProblem(path, before, after)) cut.push(path);
      else keep.push(path);
    } else keep.push(path);
  }
  if (cut.length > 0) {
    const stamp = o.clock.now().toISOString().replace(/[:.]/g, '-');
    for (const [i, path] of cut.entries()) {
      const blob = (await ws.git(['hash-object', '-w', '--no-filters', '--', path])).stdout.trim();
      await ws.git(['update-ref', `refs/staktrakr/recovered/${stamp}-${i}`, blob]);
    }
    o.warn(
      `${cut.length} fact file(s) in the working clone had lost entries; restored from HEAD (their cut versions kept under refs/staktrakr/recovered/${stamp}-*): ${listed(cut)}`,
    );
  }
  if (missing.length + cut.length > 0) {
    await ws.git(['checkout', '--quiet', '--', ...missing, ...cut]);
  }
  if (missing.length > 0) {
    o.warn(`Restored ${missing.length} file(s) missing from the working clone from HEAD: ${listed(missing)}`);
  }
  if (keep.length === 0) return;
  await ws.git(['add', '--', ...keep]);
  const commit = await commitIndex(
    ws.git,
    `recover(${o.pollerId}): ${keep.length} file(s) left uncommitted by an interrupted run`,
  );
  if (commit) o.warn(`Committed ${keep.length} file(s) an interrupted run left uncommitted.`);
}

const listed = (paths: readonly string[]) =>
  `${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ` and ${paths.length - 5} more` : ''}`;

/**
 * Fast-forwards to the remote. If local commits that never reached the remote have diverged from it,
 * they are kept under refs/staktrakr/backup/* (never discarded) and the clone moves to the remote tip.
 */
async function levelWithRemote(ws: Workspace, o: WorkspaceOptions, fresh: boolean): Promise<void> {
  const remote = await ws.fetch();
  const local = fresh ? undefined : await ws.head();
  if (!remote) {
    if (!local) await ws.git(['symbolic-ref', 'HEAD', `refs/heads/${o.branch}`]);
    return;
  }
  if (!local) {
    await ws.git(['checkout', '--quiet', '-B', o.branch, remote, '--']);
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
    await ws.git(['checkout', '--quiet', '-B', o.branch, remote, '--']);
  }
  // Local ahead of remote: unpushed commits of an interrupted run; the next push carries them.
}

export async function keepBackup(ws: Workspace, clock: Clock): Promise<string> {
  const ref = `refs/staktrakr/backup/${clock.now().toISOString().replace(/[:.]/g, '-')}`;
  await ws.git(['update-ref', ref, 'HEAD']);
  return ref;
}
