/** The few git reads and writes the harness does itself (outside the commands under test). */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' };

export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: ENV, maxBuffer: 1 << 30, timeout: 120_000 }).trim();

/**
 * `git` without blocking this process: its event loop also serves B's remote, the upstreams and the
 * Pages host, which a blocked loop would stall (git's low-speed limit would see a silent remote).
 */
export const gitAsync = (cwd: string, ...args: string[]) =>
  new Promise<string>((resolve, reject) =>
    execFile(
      'git',
      args,
      { cwd, encoding: 'utf8', env: ENV, maxBuffer: 1 << 30, timeout: 120_000 },
      (e, out) => (e ? reject(e) : resolve(out.trim())),
    ),
  );

/** The branch's tip, read from the ref files (no process: the harness asks after every tick). */
export function tip(bare: string, branch = 'main'): string | undefined {
  const ref = `refs/heads/${branch}`;
  try {
    return readFileSync(join(bare, ref), 'utf8').trim();
  } catch {}
  try {
    const line = readFileSync(join(bare, 'packed-refs'), 'utf8')
      .split('\n')
      .find((l) => l.endsWith(` ${ref}`));
    return line?.split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Names in a tree directory at a revision (empty when it does not exist). */
export function listDir(bare: string, rev: string, dir: string): string[] {
  const r = spawnSync('git', ['ls-tree', '--name-only', rev, `${dir}/`], {
    cwd: bare,
    encoding: 'utf8',
    env: ENV,
  });
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

/** Blob contents by id, in one `git cat-file --batch` call. */
export function readBlobs(bare: string, ids: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const raw = execFileSync('git', ['cat-file', '--batch'], {
    cwd: bare,
    input: `${ids.join('\n')}\n`,
    env: ENV,
    maxBuffer: 2 ** 31 - 1,
  });
  let pos = 0;
  for (const id of ids) {
    const eol = raw.indexOf(10, pos);
    const header = raw.subarray(pos, eol).toString();
    const size = Number(header.split(' ')[2]);
    if (header.endsWith('missing')) {
      pos = eol + 1;
      continue;
    }
    out.set(id, raw.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    pos = eol + 1 + size + 1;
  }
  return out;
}
