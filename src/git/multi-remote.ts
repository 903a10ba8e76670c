/**
 * One bare-bones clone that fetches several repositories as remotes, blob-less where the host
 * supports it (`--filter=blob:none`; hosts that do not simply send everything). Nothing is checked
 * out: callers work on objects (see objects.ts) and push commits they built.
 *
 * Each remote may have its own token; each reaches git as an HTTP header scoped to that remote's
 * URL through GIT_CONFIG_* environment variables — never in a URL, argv or `.git/config`.
 */
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../data/time.js';
import { git } from './exec.js';
import type { RunGit } from './objects.js';
import { AUTH_FAILURE, firstLine, PushError } from './publish.js';
import { assertRefName } from './refs.js';
import { resolveRepoUrl } from './repo-url.js';
import { safeRemote } from './workspace.js';

export interface RemoteSpec {
  /** Remote name in the clone (`a`, `b`). */
  name: string;
  repo: string;
  branch: string;
  token?: string;
}

export interface Remote {
  name: string;
  url: string;
  branch: string;
}

export interface MultiRemoteOptions {
  remotes: readonly RemoteSpec[];
  pollerId: string;
  clock: Clock;
  serverUrl?: string;
}

export type PushOutcome = { pushed: true } | { pushed: false; reason: string };

export interface MultiRemoteClone {
  dir: string;
  /** Credentials and identity, for git processes the caller spawns itself. */
  env: NodeJS.ProcessEnv;
  git: RunGit;
  remote(name: string): Remote;
  /**
   * Fetches the remote's branch tip: its commit and trees, without history (blobs only where
   * filtering is unsupported). Returns the tip, or undefined when the branch does not exist.
   */
  fetch(name: string): Promise<string | undefined>;
  /** Fetches the history behind `commit` (commits and trees), which `fetch` leaves out. */
  fetchHistory(name: string, commit: string): Promise<void>;
  /** Fetches the named objects from one remote in a single request (the partial clone's batch fetch). */
  fetchObjects(name: string, oids: readonly string[]): Promise<void>;
  /** Pushes `commit` as the remote's branch, never forced: a moved branch is a rejection, not an overwrite. */
  push(name: string, commit: string): Promise<PushOutcome>;
  release(): Promise<void>;
}

/** One extra-header per remote with a token, scoped to that remote's URL (git matches URL prefixes). */
export function scopedCredentialEnv(
  remotes: ReadonlyArray<{ url: string; token?: string }>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  let n = 0;
  for (const { url, token } of remotes) {
    if (!token || !/^https?:\/\//.test(url)) continue;
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    env[`GIT_CONFIG_KEY_${n}`] = `http.${url}.extraheader`;
    env[`GIT_CONFIG_VALUE_${n}`] = `AUTHORIZATION: basic ${basic}`;
    n++;
  }
  if (n > 0) env.GIT_CONFIG_COUNT = String(n);
  return env;
}

/** A git config value in double quotes (so `#`, `;` and spaces in paths survive). */
const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export async function openMultiRemoteClone(o: MultiRemoteOptions): Promise<MultiRemoteClone> {
  const remotes = new Map<string, Remote>(
    o.remotes.map((r) => [
      r.name,
      { name: r.name, url: resolveRepoUrl(r.repo, o.serverUrl), branch: assertRefName(r.branch) },
    ]),
  );
  const dir = await mkdtemp(join(tmpdir(), 'staktrakr-sync-'));
  const env: NodeJS.ProcessEnv = {
    ...scopedCredentialEnv(o.remotes.map((r) => ({ url: remotes.get(r.name)!.url, token: r.token }))),
    GIT_AUTHOR_NAME: `staktrakr (${o.pollerId})`,
    GIT_AUTHOR_EMAIL: 'staktrakr-bot@users.noreply.github.com',
    GIT_COMMITTER_NAME: `staktrakr (${o.pollerId})`,
    GIT_COMMITTER_EMAIL: 'staktrakr-bot@users.noreply.github.com',
  };
  const run: RunGit = (args, options = {}) => git(args, { ...options, cwd: dir, env });
  const remote = (name: string) => {
    const r = remotes.get(name);
    if (!r) throw new Error(`unknown remote ${name}`);
    return r;
  };

  try {
    await run(['init', '--quiet', '--bare']);
    // Written in one go rather than one `git config` process per key. No background maintenance or
    // auto-gc in a throw-away clone.
    const config = [
      '[gc]\n\tauto = 0',
      '[maintenance]\n\tauto = false',
      ...[...remotes.values()].map(
        (r) =>
          `[remote ${JSON.stringify(r.name)}]\n\turl = ${quote(r.url)}\n\tpromisor = true\n\tpartialclonefilter = blob:none`,
      ),
    ];
    await appendFile(join(dir, 'config'), `${config.join('\n')}\n`);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  return {
    dir,
    env,
    git: run,
    remote,
    fetch: async (name) => {
      const r = remote(name);
      const tracking = `refs/remotes/${r.name}/${r.branch}`;
      // One commit deep: what a sync reads is the two tips' trees, and the history grows every run.
      const f = await run(
        [
          'fetch',
          '--quiet',
          '--no-tags',
          '--filter=blob:none',
          '--depth=1',
          '--',
          r.name,
          `+refs/heads/${r.branch}:${tracking}`,
        ],
        { okCodes: [128] },
      );
      if (f.code === 128) {
        if (/couldn't find remote ref|no such ref/i.test(f.stderr)) return undefined;
        throw new Error(`git fetch from ${safeRemote(r.url)} failed: ${firstLine(f.stderr)}`);
      }
      return (await run(['rev-parse', '--verify', '-q', tracking])).stdout.trim();
    },
    fetchHistory: async (name, commit) => {
      // By the commit's name, not the branch: the tracking ref stays on the tip the caller read.
      await run([
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-write-fetch-head',
        '--filter=blob:none',
        '--depth=2147483647',
        '--',
        remote(name).name,
        commit,
      ]);
    },
    fetchObjects: async (name, oids) => {
      if (oids.length === 0) return;
      // The same request git makes when a partial clone lazily needs objects, but one for all of them.
      await run(
        [
          '-c',
          'fetch.negotiationAlgorithm=noop',
          'fetch',
          '--quiet',
          '--no-tags',
          '--no-write-fetch-head',
          '--recurse-submodules=no',
          '--filter=blob:none',
          '--stdin',
          '--',
          remote(name).name,
        ],
        { input: `${[...new Set(oids)].join('\n')}\n` },
      );
    },
    push: async (name, commit) => {
      const r = remote(name);
      const p = await run(
        ['push', '--quiet', '--porcelain', '--', r.name, `${commit}:refs/heads/${r.branch}`],
        {
          okCodes: [1, 128],
        },
      );
      if (p.code === 0) return { pushed: true };
      const why = `${p.stderr}\n${p.stdout}`.trim();
      if (AUTH_FAILURE.test(why)) {
        throw new PushError(
          `push to ${safeRemote(r.url)} was refused: check that the token may write to it (${firstLine(why)})`,
        );
      }
      return { pushed: false, reason: firstLine(why) };
    },
    // A private temporary clone: no other process knows it, so it needs no lock.
    release: () => rm(dir, { recursive: true, force: true }),
  };
}
