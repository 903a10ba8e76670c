/**
 * A working clone of a data repository: locked for one writer before it is created or touched,
 * cloned (or reused when `workdir` persists), recovered after a crash, and brought level with its
 * remote without ever discarding work.
 *
 * The lock lives beside `.git` (`<workdir>/.staktrakr.lock`), so the first runs on a fresh shared
 * workdir are serialised too. A clone is made under that lock by one `git clone` into a staging
 * folder inside the workdir, whose `.git` then moves up first and its files after it (a run killed
 * in between leaves a clone whose missing files are restored from HEAD); a temporary clone is
 * shallow and sparse (temp-clone.ts). A remote without the branch yet is set up with `init` +
 * `fetch`; a clone a killed first run left half-made that way (no origin, or nothing checked out
 * and never completed) is rebuilt from the remote, never pushed from. A complete clone of another repository is refused: it may be
 * somebody's work.
 *
 * Git processes are few (every one costs a spawn): a reused clone is inspected by one
 * `git status --porcelain=v2 --branch`, which gives HEAD, the branch and the working tree at once,
 * and the branch tips read after a fetch serve the publish that follows unless a git process ran
 * in between.
 */

import { existsSync } from 'node:fs';
import {
  appendFile,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { TEMP_PREFIX } from '../data/atomic.js';
import { changeProblem } from '../data/commit-guard.js';
import type { Logger } from '../data/logger.js';
import type { Clock } from '../data/time.js';
import { redact } from '../http/redact.js';
import { commitStaged } from './commit.js';
import { credentialEnv } from './credentials.js';
import { type GitOptions, type GitResult, GitTimeoutError, git } from './exec.js';
import { acquireLock, cloneLockPath, type Lock } from './lock.js';
import { maintenanceMayBeDue } from './maintenance.js';
import { assertRefName } from './refs.js';
import { resolveRepoUrl } from './repo-url.js';
import { cloneTemporary } from './temp-clone.js';

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
  logger: Logger;
  serverUrl?: string;
  lockWaitMs?: number;
  /** Deadline of each git invocation (a fetch or push included). */
  gitTimeoutMs?: number;
  /**
   * Bring the clone level with its remote (fetch, fast-forward) in the background: the workspace is
   * handed over locked and recovered, and `ready` settles once it is level. Work that needs neither
   * git nor the tree (an upstream call) overlaps the fetch; the tree is written only after `ready`,
   * and what was read from it before is read again when `ready` says levelling changed it.
   */
  deferLevel?: boolean;
  /** Days of each dated family the run reads or writes, back from now: what a temporary clone checks out (src/data/checkout-window.ts). */
  recentDays?: number;
}

export interface Workspace {
  dir: string;
  branch: string;
  remoteUrl: string;
  pollerId: string;
  /**
   * Settles when the clone is level with its remote (at once unless `deferLevel`), with whether
   * levelling changed the working tree (a fast-forward or a checkout); rejects when that failed.
   */
  ready: Promise<boolean>;
  git(args: readonly string[], options?: Omit<GitOptions, 'cwd' | 'env'>): Promise<GitResult>;
  /** Commit sha of HEAD, or undefined on an unborn branch. */
  head(): Promise<string | undefined>;
  /** Sha of the remote branch as last fetched, or undefined when the remote has no such branch. */
  remoteHead(): Promise<string | undefined>;
  /** The branch's local and remote-tracking tips, read together. */
  tips(): Promise<{ head?: string; remote?: string }>;
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
  // The branch tips as last read; any git process may move them, so each one forgets them.
  let knownTips: { head?: string; remote?: string } | undefined;
  const run = (args: readonly string[], options: Omit<GitOptions, 'cwd' | 'env'> = {}) => {
    knownTips = undefined;
    return git(args, { timeoutMs: o.gitTimeoutMs, ...options, cwd: dir, env });
  };

  let lock: Lock | undefined;
  /** The fetch started beside `git status`, if one was. */
  let early: Promise<string | undefined> | undefined;
  const release = async () => {
    // Never unlocked while git still works in the clone.
    await Promise.all([ws.ready.catch(() => undefined), early?.catch(() => undefined)]);
    await lock?.release();
    if (temporary) await rm(dir, { recursive: true, force: true });
  };
  const ws: Workspace = {
    dir,
    branch: o.branch,
    remoteUrl,
    pollerId: o.pollerId,
    ready: Promise.resolve(false),
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
    tips: async () => {
      if (knownTips) return { ...knownTips };
      const [local, remote] = [`refs/heads/${o.branch}`, `refs/remotes/origin/${o.branch}`];
      const loose = await readLooseRefs(dir, [local, remote]);
      const tips: { head?: string; remote?: string } = loose ? { head: loose[0], remote: loose[1] } : {};
      if (!loose) {
        const out = (await run(['for-each-ref', '--format=%(objectname) %(refname)', local, remote])).stdout;
        for (const line of out.split('\n')) {
          const [sha, ref] = line.split(' ');
          if (ref === local) tips.head = sha;
          if (ref === remote) tips.remote = sha;
        }
      }
      // Under the lock only our own git processes move refs: valid until the next one starts.
      knownTips = { ...tips };
      return tips;
    },
    fetch: async () => fetchRemote(!temporary && (await maintenanceMayBeDue(join(dir, '.git')))),
    release,
  };
  /** A temporary clone is thrown away; a kept one is tidied (`tidy`) when git would tidy it. */
  const fetchRemote = async (tidy: boolean) => {
    const refspec = `+refs/heads/${o.branch}:refs/remotes/origin/${o.branch}`;
    const quiet = tidy ? [] : ['--no-auto-maintenance'];
    const r = await run(['fetch', '--quiet', '--no-tags', ...quiet, '--', 'origin', refspec], {
      okCodes: [128],
    }).catch(fromRemote('fetch', remoteUrl));
    if (r.code === 128) {
      if (/couldn't find remote ref|no such ref/i.test(r.stderr)) return undefined;
      throw new Error(`git fetch from ${safeRemote(remoteUrl)} failed: ${safeRemote(r.stderr.trim())}`);
    }
    // Both tips in one process: a publish that follows at once needs them, and reads them again only if a git process ran since.
    return (await ws.tips()).remote;
  };
  try {
    await mkdir(dir, { recursive: true });
    lock = await acquireLock(cloneLockPath(dir), o.purpose, o.clock, { waitMs: o.lockWaitMs ?? 0 });
    // A kept clone's fetch runs beside its `git status` (neither moves what the other reads); not when
    // git would tidy the clone after it, which is left to run alone.
    const alone = temporary || (await maintenanceMayBeDue(join(dir, '.git')));
    const found = await ensureClone(ws, o, temporary, () => {
      if (!alone) early = fetchRemote(false);
      return early;
    });
    await ensureExcluded(dir);
    const dirty = found.status && (lock.recoveredStale || found.status.entries.length > 0);
    // Recovery runs git in the clone: never while the fetch still does (and reads the tips after it).
    if (dirty) await found.fetched?.catch(() => undefined);
    const local = found.status && (await recover(ws, lock.recoveredStale, o, found.status));
    const level = async () => {
      let moved = false;
      if (found.status) moved = await levelWithRemote(ws, o, local, found.status.branch, found.fetched);
      else if (!found.cloned) moved = await levelWithRemote(ws, o, undefined, undefined);
      if (found.status === undefined) await writeFile(join(dir, '.git', READY), `${remoteUrl}\n`);
      return moved;
    };
    if (!o.deferLevel) ws.ready = Promise.resolve(await level());
    else {
      ws.ready = level();
      ws.ready.catch(() => undefined); // Handled by whoever awaits it; never an unhandled rejection.
    }
    return ws;
  } catch (err) {
    await release();
    throw err;
  }
}

/**
 * The object names of refs stored as loose files (`.git/<ref>` holding one object name, the form git
 * writes a ref it has just moved), or undefined when any of them is stored otherwise (packed, a
 * symbolic ref, another ref backend): then git is asked.
 */
async function readLooseRefs(dir: string, refs: readonly string[]): Promise<string[] | undefined> {
  try {
    const texts = await Promise.all(refs.map((ref) => readFile(join(dir, '.git', ref), 'utf8')));
    return texts.every((t) => /^([0-9a-f]{40}|[0-9a-f]{64})\n$/.test(t))
      ? texts.map((t) => t.trim())
      : undefined;
  } catch {
    return undefined;
  }
}

/** A timeout of a git command that talks to the remote, named with the remote (credentials masked). */
const fromRemote = (operation: string, remoteUrl: string) => (err: Error) => {
  throw err instanceof GitTimeoutError
    ? new Error(
        `git ${operation} from ${safeRemote(remoteUrl)} ${err.message.replace(`git ${operation} `, '')}`,
      )
    : err;
};

/** A remote URL (or a git message quoting one) fit for messages: credentials and secret parameters masked. */
export function safeRemote(url: string): string {
  return redact(url);
}

type RunIn = (args: readonly string[], options?: Omit<GitOptions, 'cwd' | 'env'>) => Promise<GitResult>;

/** Where `git clone` writes, inside the workdir (which holds the lock, so cannot be cloned into). */
const STAGING = '.staktrakr-clone';

/** Our own files in the workdir, outside git's view: the lock, its temporary files, tokens, the staging clone. */
const isOwnFile = (name: string) => name.startsWith('.staktrakr.lock') || name === STAGING;

/** A clone as `git status --porcelain=v2 --branch` shows it, data/ only. */
interface CloneStatus {
  /** HEAD's commit; undefined on an unborn branch. */
  head?: string;
  /** The branch checked out; '' when HEAD is detached. */
  branch: string;
  /** Changed paths: index against HEAD (`staged`), working tree against index (`worktree`, one letter). */
  entries: Array<{ path: string; staged: boolean; worktree: string }>;
}

async function readStatus(run: RunIn): Promise<CloneStatus> {
  const out = (
    await run([
      'status',
      '--porcelain=v2',
      '--branch',
      '--no-ahead-behind',
      '-z',
      '-uall',
      '--no-renames',
      '--',
      'data',
    ])
  ).stdout;
  const status: CloneStatus = { branch: '', entries: [] };
  for (const record of out.split('\0').filter(Boolean)) {
    if (record.startsWith('# branch.oid ')) {
      const oid = record.slice('# branch.oid '.length);
      if (oid !== '(initial)') status.head = oid;
    } else if (record.startsWith('# branch.head ')) {
      const name = record.slice('# branch.head '.length);
      status.branch = name === '(detached)' ? '' : name;
    } else if (record.startsWith('? ')) {
      status.entries.push({ path: record.slice(2), staged: false, worktree: '?' });
    } else if (record.startsWith('1 ') || record.startsWith('u ')) {
      // `1 XY sub mH mI mW hH hI path`; `u XY sub m1 m2 m3 mW h1 h2 h3 path` (unmerged: staged).
      const fields = record.split(' ');
      const path = fields.slice(record.startsWith('1 ') ? 8 : 10).join(' ');
      const xy = fields[1]!;
      status.entries.push({ path, staged: record.startsWith('u ') || xy[0] !== '.', worktree: xy[1]! });
    }
  }
  return status;
}

/**
 * 'complete' (with its status); 'half-made' (ours, from a first run killed while cloning); or why
 * the clone is not ours to rebuild. A half-made clone of nothing is rebuilt only when `.git` is all
 * there is.
 */
async function cloneState(
  dir: string,
  remoteUrl: string,
  entries: readonly string[],
  run: RunIn,
  alongside: () => Promise<string | undefined> | undefined,
): Promise<{ state: string; status?: CloneStatus; fetched?: Promise<string | undefined> }> {
  const marked = await markedOurs(dir, remoteUrl);
  const origin = marked
    ? undefined
    : await run(['config', '--get', 'remote.origin.url'], { okCodes: [1, 128] }).catch(() => undefined);
  const url = marked ? remoteUrl : origin?.code === 0 ? origin.stdout.trim() : '';
  if (url && url !== remoteUrl)
    return { state: `a clone of ${safeRemote(url)}, not ${safeRemote(remoteUrl)}` };
  const ready = marked || existsSync(join(dir, '.git', READY));
  // Asked and confirmed: the marker, written again, vouches for the config as it is now.
  if (!marked && ready && url) await writeFile(join(dir, '.git', READY), `${remoteUrl}\n`);
  if (url) {
    // Every git process on this clone runs under our lock: an index lock is a dead process's.
    await rm(join(dir, '.git', 'index.lock'), { force: true });
    // A complete clone of ours fetches while git shows its status; a failed fetch is the level's error.
    const fetched = ready ? alongside() : undefined;
    fetched?.catch(() => undefined);
    const status = await readStatus(run).catch((err: Error) => err);
    if (!(status instanceof Error) && (status.head || ready)) return { state: 'complete', status, fetched };
    // Git is never left working in the clone of a run that goes no further.
    await fetched?.catch(() => undefined);
    if (!(status instanceof Error)) return { state: 'half-made' };
    // A clone git cannot show the status of is rebuilt only if it never held anything.
    if (ready || (await hasCommits(run))) throw status;
    return { state: 'half-made' };
  }
  return !(await hasCommits(run)) && entries.length === 1
    ? { state: 'half-made' }
    : { state: `a git repository without an origin, not a clone of ${safeRemote(remoteUrl)}` };
}

/**
 * Whether our ready marker names `remoteUrl` and `.git/config` says so too and was last written
 * before the marker: then the clone is ours as we left it, and git is not asked for its origin. A
 * config edited since (a person running `git remote set-url`) or anything unusual sends the
 * question to git.
 */
async function markedOurs(dir: string, remoteUrl: string): Promise<boolean> {
  const [marker, config] = [join(dir, '.git', READY), join(dir, '.git', 'config')];
  try {
    const [m, c] = await Promise.all([lstat(marker), lstat(config)]);
    if (!m.isFile() || !c.isFile() || c.mtimeMs >= m.mtimeMs) return false;
    const [said, text] = await Promise.all([readFile(marker, 'utf8'), readFile(config, 'utf8')]);
    // An include could name another origin: git is asked.
    if (/^\s*\[include/im.test(text)) return false;
    return said === `${remoteUrl}\n` && originUrls(text).join('\n') === remoteUrl;
  } catch {
    return false;
  }
}

/** The `url` values of `[remote "origin"]` sections in a config file as git writes it. */
function originUrls(config: string): string[] {
  const urls: string[] = [];
  let inOrigin = false;
  for (const line of config.split('\n').map((l) => l.trim())) {
    if (line.startsWith('[')) inOrigin = line === '[remote "origin"]';
    else if (inOrigin && /^url\s*=/.test(line)) urls.push(line.replace(/^url\s*=\s*/, ''));
  }
  return urls;
}

const hasCommits = async (run: RunIn) =>
  (await run(['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { okCodes: [1, 128] }).catch(() => undefined))
    ?.code === 0;

/**
 * Makes `ws.dir` a clone of the remote, or finds it one. `status` when a clone was there already;
 * `cloned` when `git clone` made it (branch checked out at the remote tip).
 */
async function ensureClone(
  ws: Workspace,
  o: WorkspaceOptions,
  shallow: boolean,
  alongside: () => Promise<string | undefined> | undefined,
): Promise<{ status?: CloneStatus; cloned?: boolean; fetched?: Promise<string | undefined> }> {
  const { dir, remoteUrl } = ws;
  const run = ws.git;
  const entries = (await readdir(dir)).filter((n) => !isOwnFile(n));
  if (entries.includes('.git')) {
    const { state, status, fetched } = await cloneState(dir, remoteUrl, entries, run, alongside);
    if (state !== 'complete' && state !== 'half-made')
      throw new Error(`workdir ${dir} is ${state}; use another workdir`);
    // What a run killed while moving a new clone into place left of it (the clone restores it).
    await rm(join(dir, STAGING), { recursive: true, force: true });
    if (status) return { status, fetched };
    // A first run was killed while cloning: nothing in it was ever published or committed.
    o.logger.warning(`workdir ${dir} holds a clone an interrupted first run left half-made; cloning again`);
    for (const name of entries) await rm(join(dir, name), { recursive: true, force: true });
  } else if (entries.length > 0) {
    throw new Error(`workdir ${dir} exists, is not empty and is not a git clone`);
  }
  o.logger.info(`Cloning ${safeRemote(remoteUrl)} (${o.branch}) into ${dir}`);
  const staging = join(dir, STAGING);
  await rm(staging, { recursive: true, force: true });
  const clone = await (shallow
    ? cloneTemporary(run, {
        remoteUrl,
        branch: o.branch,
        into: STAGING,
        now: o.clock.now(),
        recentDays: o.recentDays,
      })
    : run(
        ['clone', '--quiet', '--no-tags', '--single-branch', '--branch', o.branch, '--', remoteUrl, STAGING],
        { okCodes: [128] },
      )
  ).catch(fromRemote('clone', remoteUrl));
  const cloned = clone.code === 0;
  if (cloned) {
    // `.git` first: a run killed after it finds a clone that lost files, and restores them.
    await rename(join(staging, '.git'), join(dir, '.git'));
    for (const name of await readdir(staging)) await rename(join(staging, name), join(dir, name));
    await rm(staging, { recursive: true, force: true });
  } else if (/remote branch .* not found/i.test(clone.stderr)) {
    // An empty remote, or one without the branch yet: set up for a first push.
    await rm(staging, { recursive: true, force: true });
    await run(['init', '--quiet']);
    await run(['config', 'remote.origin.url', remoteUrl]);
    await run(['config', 'remote.origin.fetch', `+refs/heads/${o.branch}:refs/remotes/origin/${o.branch}`]);
  } else {
    throw new Error(`git clone from ${safeRemote(remoteUrl)} failed: ${safeRemote(clone.stderr.trim())}`);
  }
  return { cloned };
}

/**
 * What git never adds in a clone of ours, by the clone's own exclude file: the lock beside `.git`,
 * the staging clone, and a write's temporary files at any depth (a pathspec excluding them on every
 * `git add -A` cost 28 ms a run on a year of data, 72,000 files). Clones made before a line was
 * added get it on their next run.
 */
const EXCLUDED = ['/.staktrakr.lock*', `/${STAGING}/`, `${TEMP_PREFIX}*`];

async function ensureExcluded(dir: string): Promise<void> {
  const file = join(dir, '.git', 'info', 'exclude');
  const text = await readFile(file, 'utf8').catch(() => '');
  const present = new Set(text.split('\n'));
  const missing = EXCLUDED.filter((line) => !present.has(line));
  if (missing.length === 0) return;
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`);
}

/**
 * After a crash or a mishap in a persistent clone. Temp files of a dead writer are garbage, and so
 * is git's own index lock. What is in the working tree is then compared with HEAD:
 * - a file missing from it is restored from HEAD — a deletion is never committed;
 * - a fact file that lost entries is restored from HEAD (its cut version kept under
 *   refs/staktrakr/recovered/*, never discarded);
 * - new files and grown files are committed as a recovery commit (the next push carries them).
 */
async function recover(
  ws: Workspace,
  staleLock: boolean,
  o: WorkspaceOptions,
  found: CloneStatus,
): Promise<string | undefined> {
  if (staleLock) {
    o.logger.warning('A previous run on this clone was interrupted; recovering its working tree.');
    // Temp files exist only under the lock, so only a dead holder leaves them; they are garbage,
    // whatever git thinks of them: found on disk, not through git.
    const entries = await readdir(join(ws.dir, 'data'), { recursive: true }).catch(() => [] as string[]);
    for (const rel of entries) {
      if (basename(rel).startsWith(TEMP_PREFIX)) await rm(join(ws.dir, 'data', rel), { force: true });
    }
  }
  const head = found.head;
  if (!head) return undefined;
  let status = found;
  if (status.entries.some((e) => e.staged)) {
    // The index as HEAD has it for data/: what a dead run staged is looked at again below.
    await ws.git(['reset', '--quiet', 'HEAD', '--', 'data'], { okCodes: [1] });
    status = await readStatus(ws.git);
  }
  const missing: string[] = [];
  const keep: string[] = [];
  const cut: string[] = [];
  for (const { path, worktree } of status.entries) {
    if (basename(path).startsWith(TEMP_PREFIX)) continue;
    if (worktree === 'D') missing.push(path);
    else if (worktree === 'M' || worktree === 'T') {
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
    o.logger.warning(
      `${cut.length} fact file(s) in the working clone had lost entries; restored from HEAD (their cut versions kept under refs/staktrakr/recovered/${stamp}-*): ${listed(cut)}`,
    );
  }
  if (missing.length + cut.length > 0) {
    await ws.git(['checkout', '--quiet', '--', ...missing, ...cut]);
  }
  if (missing.length > 0) {
    o.logger.warning(
      `Restored ${missing.length} file(s) missing from the working clone from HEAD: ${listed(missing)}`,
    );
  }
  if (keep.length === 0) return head;
  await ws.git(['add', '--', ...keep]);
  const { commit } = await commitStaged(
    ws.git,
    head,
    () => `recover(${o.pollerId}): ${keep.length} file(s) left uncommitted by an interrupted run`,
  );
  if (commit) o.logger.warning(`Committed ${keep.length} file(s) an interrupted run left uncommitted.`);
  return commit ?? head;
}

const listed = (paths: readonly string[]) =>
  `${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ` and ${paths.length - 5} more` : ''}`;

/**
 * Fast-forwards to the remote. If local commits that never reached the remote have diverged from it,
 * they are kept under refs/staktrakr/backup/* (never discarded) and the clone moves to the remote tip.
 * True when the working tree changed.
 */
async function levelWithRemote(
  ws: Workspace,
  o: WorkspaceOptions,
  local: string | undefined,
  current: string | undefined,
  fetched?: Promise<string | undefined>,
): Promise<boolean> {
  const remote = await (fetched ?? ws.fetch());
  if (!remote) {
    if (!local) await ws.git(['symbolic-ref', 'HEAD', `refs/heads/${o.branch}`]);
    return false;
  }
  if (!local) {
    await ws.git(['checkout', '--quiet', '-B', o.branch, remote, '--']);
    return true;
  }
  if (current !== o.branch) {
    throw new Error(
      `workdir ${ws.dir} has ${current || 'a detached HEAD'} checked out, expected branch ${o.branch}`,
    );
  }
  if (local === remote) return false;
  const isAncestor = async (a: string, b: string) =>
    (await ws.git(['merge-base', '--is-ancestor', a, b], { okCodes: [1] })).code === 0;
  if (await isAncestor(local, remote)) {
    await ws.git(['merge', '--quiet', '--ff-only', remote]);
    return true;
  }
  if (!(await isAncestor(remote, local))) {
    const backup = await keepBackup(ws, o.clock);
    o.logger.warning(`Local commits that never reached the remote diverged from it; kept as ${backup}.`);
    await ws.git(['checkout', '--quiet', '-B', o.branch, remote, '--']);
    return true;
  }
  // Local ahead of remote: unpushed commits of an interrupted run; the next push carries them.
  return false;
}

export async function keepBackup(ws: Workspace, clock: Clock): Promise<string> {
  const ref = `refs/staktrakr/backup/${clock.now().toISOString().replace(/[:.]/g, '-')}`;
  await ws.git(['update-ref', ref, 'HEAD']);
  return ref;
}
