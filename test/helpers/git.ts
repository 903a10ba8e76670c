/** Real git repositories in temporary folders. */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function tempDir(prefix = 'staktrakr-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const gitOut = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    maxBuffer: 1 << 28,
  }).trim();

/** git as the fixture writer (its own identity, whatever the machine's configuration). */
const fixtureGit = (cwd: string, ...args: string[]) =>
  gitOut(cwd, '-c', 'user.name=fixture', '-c', 'user.email=fixture@example.com', ...args);

/**
 * A bare repository: empty, or a copy of `from` (its history shared, as a fork's is);
 * `allowFilter` lets clients ask for partial clones, as GitHub does.
 */
export function bareRepo(
  parent: string,
  name = 'api.git',
  options: { allowFilter?: boolean; from?: string } = {},
): string {
  const path = join(parent, name);
  if (options.from) execFileSync('git', ['clone', '--quiet', '--bare', options.from, path]);
  else execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', path]);
  if (options.allowFilter) {
    gitOut(path, 'config', 'uploadpack.allowFilter', 'true');
    gitOut(path, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  }
  return path;
}

/** path → content. */
export type Files = Record<string, string | Buffer>;

/**
 * Commits files (path → content, or a directory whose whole tree is copied) and `links` (path →
 * target, committed as git symlinks) on top of the branch tip of a bare repository — nothing
 * removed, the branch created when missing — and pushes them, as a writer would. Returns the commit.
 */
export function commitFiles(
  repo: string,
  files: Files | string,
  message = 'seed',
  options: { links?: Record<string, string>; branch?: string } = {},
): string {
  const branch = options.branch ?? 'main';
  const work = mkdtempSync(join(tmpdir(), 'staktrakr-seed-'));
  try {
    fixtureGit(work, 'init', '--quiet', `--initial-branch=${branch}`);
    fixtureGit(work, 'remote', 'add', 'origin', repo);
    if (fixtureGit(work, 'ls-remote', 'origin', `refs/heads/${branch}`)) {
      fixtureGit(work, 'fetch', '--quiet', 'origin', branch);
      fixtureGit(work, 'checkout', '--quiet', '-B', branch, `origin/${branch}`);
    }
    const place = (rel: string) => {
      mkdirSync(dirname(join(work, rel)), { recursive: true });
      return join(work, rel);
    };
    if (typeof files === 'string') cpSync(files, work, { recursive: true });
    else for (const [rel, content] of Object.entries(files)) writeFileSync(place(rel), content);
    for (const [rel, target] of Object.entries(options.links ?? {})) symlinkSync(target, place(rel));
    fixtureGit(work, 'add', '-A');
    fixtureGit(work, 'commit', '--quiet', '--allow-empty', '-m', message);
    fixtureGit(work, 'push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
    return fixtureGit(work, 'rev-parse', 'HEAD');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A new bare repository `parent/name` whose main branch holds one commit of these files and links. */
export function seededRepo(
  parent: string,
  seed: { files?: Files; links?: Record<string, string> },
  name = 'api.git',
): string {
  const repo = bareRepo(parent, name);
  commitFiles(repo, seed.files ?? {}, 'seed', { links: seed.links });
  return repo;
}

/** Files of `data/` at the tip of a bare repository's branch. */
export function listFiles(bare: string, branch = 'main'): string[] {
  try {
    return gitOut(bare, 'ls-tree', '-r', '--name-only', branch, 'data').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

export const showFile = (bare: string, path: string, branch = 'main') =>
  gitOut(bare, 'show', `${branch}:${path}`);

export const commitCount = (bare: string, branch = 'main') => {
  try {
    return Number(gitOut(bare, 'rev-list', '--count', branch));
  } catch {
    return 0;
  }
};

/** Every .json file below `root` (none when it does not exist): what a crash test checks for torn files. */
export function jsonFilesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((name) => {
    const p = join(root, name);
    return statSync(p).isDirectory() ? jsonFilesUnder(p) : name.endsWith('.json') ? [p] : [];
  });
}
