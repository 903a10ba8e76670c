/** Real git repositories in temporary folders. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'staktrakr-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const gitOut = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  }).trim();

export function bareRepo(parent: string, name = 'api.git'): string {
  const path = join(parent, name);
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', path]);
  return path;
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
