/**
 * Data repositories for sync tests: real bare repositories (blob filtering allowed, like GitHub),
 * filled from directories written with the pollers' own data functions.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPretty } from '../../src/data/json.js';
import { METALS, type SpotEntry } from '../../src/data/spot.js';
import { hoursOf, rebuildHourly, writeSlot } from '../../src/data/spot-store.js';
import { formatNaive } from '../../src/data/time.js';
import { bareRepo, type Files } from '../helpers/git.js';

const ENV = {
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'fixture',
  GIT_AUTHOR_EMAIL: 'fixture@example.com',
  GIT_COMMITTER_NAME: 'fixture',
  GIT_COMMITTER_EMAIL: 'fixture@example.com',
};

export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: ENV, maxBuffer: 1 << 28 }).trim();

/** A bare repository (empty, or a copy of `from`) that, like GitHub, lets clients ask for partial clones. */
export const bare = (parent: string, name: string, from?: string) =>
  bareRepo(parent, name, { allowFilter: true, from });

/** path → blob hash of everything under data/ at the branch tip. */
export function dataFiles(repo: string, branch = 'main'): Map<string, string> {
  const out = git(repo, 'ls-tree', '-r', branch, 'data');
  return new Map(
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [meta, path] = l.split('\t');
        return [path!, meta!.split(' ')[2]!];
      }),
  );
}

export const dataTree = (repo: string, branch = 'main') => git(repo, 'rev-parse', `${branch}:data`);
export const show = (repo: string, path: string, branch = 'main') => git(repo, 'show', `${branch}:${path}`);

/** Deterministic plausible spot prices for a slot; `bump` shifts them (a second opinion on the same slot). */
export function spotEntries(slot: Date, bump = 0): SpotEntry[] {
  const base = { Gold: 2900, Silver: 32, Platinum: 980, Palladium: 950 };
  const wobble = (slot.getTime() / 900_000) % 97;
  return METALS.map((metal) => ({
    spot: Math.round((base[metal] + wobble / 10 + bump) * 100) / 100,
    metal,
    source: 'latest',
    provider: 'metalpriceapi',
    timestamp: formatNaive(slot),
  }));
}

/** A directory of slot facts and their hourly views, written by the pollers' own functions. */
export async function spotTree(slots: readonly Date[], bump = 0): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'sync-spot-'));
  for (const s of slots) await writeSlot(root, s, spotEntries(s, bump));
  for (const h of hoursOf([...slots])) await rebuildHourly(root, h);
  return root;
}

/** `count` consecutive 15-minute slots from `from`. */
export const slotsFrom = (from: Date, count: number) =>
  Array.from({ length: count }, (_, i) => new Date(from.getTime() + i * 900_000));

export const historyFile = (entries: Array<[string, string, number]>) =>
  `[\n${entries
    .map(([date, metal, spot]) =>
      JSON.stringify({ spot, metal, source: 'seed', provider: 'LBMA', timestamp: `${date} 12:00:00` }),
    )
    .join(',\n')}\n]\n`;

export const pretty = formatPretty;

/**
 * Adds one commit on top of the branch with `git fast-import` (one process, no working tree): fast
 * enough to build repositories of tens of thousands of files.
 */
export function importCommit(repo: string, files: Files, message: string, branch = 'main'): string {
  const parent = (() => {
    try {
      return git(repo, 'rev-parse', '--verify', '-q', `refs/heads/${branch}`);
    } catch {
      return undefined;
    }
  })();
  const chunks: Buffer[] = [];
  const put = (s: string | Buffer) => chunks.push(Buffer.isBuffer(s) ? s : Buffer.from(s));
  const msg = Buffer.from(message);
  put(
    `commit refs/heads/${branch}\ncommitter fixture <fixture@example.com> 1773100000 +0000\ndata ${msg.length}\n`,
  );
  put(msg);
  put('\n');
  if (parent) put(`from ${parent}\n`);
  for (const [path, content] of Object.entries(files)) {
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
    put(`M 100644 inline ${path}\ndata ${bytes.length}\n`);
    put(bytes);
    put('\n');
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, input: Buffer.concat(chunks), env: ENV });
  return git(repo, 'rev-parse', `refs/heads/${branch}`);
}
