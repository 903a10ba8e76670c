/**
 * What the endpoints must serve: files from a local data checkout (by default those the last commit
 * added or changed) or from a repository at a ref through the GitHub API, with the commit they belong
 * to (the commit whose Pages build is watched).
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { git } from '../git/exec.js';
import { redact } from '../http/redact.js';
import type { GitHubApi, Repository } from './pages-api.js';
import { parseRepository } from './pages-api.js';
import type { ExpectedFile } from './served.js';

export type ExpectSource =
  | { kind: 'none' }
  | { kind: 'checkout'; dir: string }
  | { kind: 'repository'; repository: Repository; ref: string };

export interface Expected {
  commit?: string;
  files: ExpectedFile[];
  /** Where the files came from, for the report. */
  origin: string;
}

/**
 * `expect` is a directory (a checkout) or `owner/name[@ref]`; an existing directory wins, so a
 * relative path such as `api/data` is never mistaken for a repository.
 */
export async function parseExpect(text: string | undefined, cwd = process.cwd()): Promise<ExpectSource> {
  const value = text?.trim();
  if (!value) return { kind: 'none' };
  const dir = resolve(cwd, value);
  if (await isDirectory(dir)) return { kind: 'checkout', dir };
  const [name = '', ref = 'HEAD', ...extra] = value.split('@');
  const repository = parseRepository(name);
  if (repository && extra.length === 0 && ref) return { kind: 'repository', repository, ref };
  throw new Error(`input "expect": "${value}" is neither an existing directory nor owner/name[@ref]`);
}

/** A relative POSIX path inside the repository; a leading slash is dropped. */
function checkPath(path: string): string {
  const p = path.trim().replace(/^\/+/, '');
  if (!p || p.split('/').some((s) => s === '..' || s === '') || p.includes('\\')) {
    throw new Error(`input "paths": "${path}" is not a relative path inside the repository`);
  }
  return p;
}

/** Dot-segments (`.github/…`, `.gitignore`) are never served by Pages (Jekyll) nor by our server. */
const servable = (path: string) => !path.split('/').some((s) => s.startsWith('.'));

export async function loadExpected(
  source: ExpectSource,
  paths: readonly string[],
  api?: () => GitHubApi,
  log?: (line: string) => void,
): Promise<Expected> {
  const explicit = paths.map(checkPath);
  switch (source.kind) {
    case 'none':
      if (explicit.length > 0) {
        throw new Error(
          'input "paths" needs "expect" (a checkout or owner/name@ref) to know the bytes to expect',
        );
      }
      return { files: [], origin: 'nothing (freshness only)' };
    case 'checkout': {
      const { dir } = source;
      const commit = await headOf(dir);
      if (!commit && explicit.length === 0) {
        throw new Error(
          `input "expect": ${dir} is not a git checkout, so name the files to expect in "paths"`,
        );
      }
      const chosen = explicit.length > 0 ? explicit : (await changedByHead(dir, log)).filter(servable);
      const files = await Promise.all(
        chosen.map(async (path) => ({ path, text: await readCheckoutFile(dir, path) })),
      );
      return commit ? { commit, files, origin: `${dir} at ${commit.slice(0, 7)}` } : { files, origin: dir };
    }
    case 'repository': {
      if (!api) throw new Error('input "token" is required when "expect" is a repository (owner/name@ref)');
      const client = api();
      const commit = await client.commit(source.ref);
      const chosen = explicit.length > 0 ? explicit : commit.paths.filter(servable);
      const files = await Promise.all(
        chosen.map(async (path) => ({ path, text: await client.fileText(path, commit.sha) })),
      );
      return {
        commit: commit.sha,
        files,
        origin: `${source.repository.owner}/${source.repository.repo}@${source.ref} (${commit.sha.slice(0, 7)})`,
      };
    }
  }
}

/**
 * The checkout's HEAD commit; undefined for a plain directory (an export dir), including one that
 * merely sits inside some other repository's working tree.
 */
async function headOf(dir: string): Promise<string | undefined> {
  const r = await git(['rev-parse', '--show-toplevel', 'HEAD'], { cwd: dir, okCodes: [128] });
  const [top, sha] = r.stdout.trim().split('\n');
  return r.code === 0 && top && (await realpath(top)) === (await realpath(dir)) ? sha : undefined;
}

/**
 * Paths the HEAD commit added or modified (against its first parent; every file for a root commit).
 * A shallow checkout (actions/checkout's default depth 1) hides HEAD's parent: it is fetched first (one
 * commit deeper, bounded), so the cost follows what the push changed, not the size of the repository.
 * Only when that fails is every file of HEAD expected.
 */
async function changedByHead(dir: string, log?: (line: string) => void): Promise<string[]> {
  const parentsOf = async () =>
    (await git(['rev-list', '--parents', '-n', '1', 'HEAD'], { cwd: dir })).stdout.trim().split(' ');
  let parents = await parentsOf();
  if (parents.length === 1 && (await hiddenParent(dir))) {
    const deepen = await git(['fetch', '--quiet', '--no-tags', '--deepen=1'], {
      cwd: dir,
      okCodes: [1, 128],
      timeoutMs: DEEPEN_TIMEOUT_MS,
    }).catch((err: Error) => ({ code: -1, stderr: err.message }));
    if (deepen.code === 0) parents = await parentsOf();
    else
      log?.(
        `${dir} is a shallow checkout whose HEAD parent could not be fetched (${firstLine(deepen.stderr)}): expecting every file of HEAD`,
      );
  }
  const args =
    parents.length > 1
      ? ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=AM', 'HEAD^1', 'HEAD']
      : ['ls-tree', '-r', '-z', '--name-only', 'HEAD'];
  return (await git(args, { cwd: dir })).stdout.split('\0').filter(Boolean);
}

const DEEPEN_TIMEOUT_MS = 60_000;
const firstLine = (s: string) => redact(s.trim().split('\n')[0] || 'no reason given');

/** True when HEAD names a parent that the checkout does not hold (a shallow boundary). */
async function hiddenParent(dir: string): Promise<boolean> {
  const header = (await git(['cat-file', 'commit', 'HEAD'], { cwd: dir })).stdout.split('\n\n')[0] ?? '';
  return /^parent [0-9a-f]{40,64}$/m.test(header);
}

async function readCheckoutFile(dir: string, path: string): Promise<string> {
  try {
    return await readFile(join(dir, path), 'utf8');
  } catch (err) {
    throw new Error(`expected file ${path} is not in the checkout ${dir}: ${(err as Error).message}`);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
