/**
 * Every command refuses hostile input at the door: exit code 2, a message naming the input and
 * saying what was expected, no request made and nothing written — and a canary token given in any
 * spelling of a credential never appears in what the user sees.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import daemon from '../../src/commands/daemon.js';
import demo from '../../src/commands/demo.js';
import pagesVerify from '../../src/commands/pages-verify.js';
import retailPoll from '../../src/commands/retail-poll.js';
import serve from '../../src/commands/serve.js';
import spotPoll from '../../src/commands/spot-poll.js';
import syncRepos from '../../src/commands/sync-repos.js';
import type { Command } from '../../src/runtime/command.js';
import { tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run.js';

const CANARY = 'ghp_CANARY123';

let dir: ReturnType<typeof tempDir>;
let peer: Server;
let peerUrl = '';
let hits = 0;

beforeAll(async () => {
  dir = tempDir();
  // A peer that would see any request a refused run made.
  peer = createServer((_req, res) => {
    hits++;
    res.end('{}');
  });
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => peer.close(resolve));
  dir.remove();
});

// biome-ignore lint/suspicious/noExplicitAny: any command
type AnyCommand = Command<any>;
interface Case {
  command: AnyCommand;
  /** The hostile part; a valid base is put before it. */
  args: string[];
  env?: Record<string, string>;
  input: string;
  expected: RegExp;
}

const repo = () => join(dir.path, 'absent.git');
const workdir = () => join(dir.path, 'workdir');
/** Arguments that would make each command work, so only the hostile input can stop it. */
const base = (c: Case): string[] => {
  const args = baseArgs(c.command);
  // An input given through the environment must not be overridden by its flag.
  const i = c.env ? args.indexOf(`--${c.input}`) : -1;
  return i < 0 ? args : [...args.slice(0, i), ...args.slice(i + 2)];
};
const baseArgs = (command: AnyCommand): string[] => {
  switch (command) {
    case spotPoll:
      return ['--repo', repo(), '--workdir', workdir(), '--api-base-url', peerUrl, '--api-key', 'k'];
    case retailPoll:
      return ['--repo', repo(), '--workdir', workdir(), '--firecrawl-url', peerUrl];
    case syncRepos:
      return ['--repo-a', repo(), '--repo-b', repo()];
    case pagesVerify:
      return ['--endpoints', peerUrl, '--timeout', '1'];
    case serve:
      return ['--dir', dir.path, '--port', '0', '--host', '127.0.0.1'];
    default:
      return [];
  }
};

const BRANCH = /must be a branch name/;
const REPO_CREDENTIALS = /must not contain credentials|must not have a \?query/;
const URL_CREDENTIALS = /must not hold credentials|must not carry a credential/;
const publishers = [spotPoll, retailPoll];

const cases: Case[] = [
  // Git ref names: options, forced refspecs, revision syntax.
  ...[
    '--orphan',
    '-f',
    '+main',
    'HEAD',
    'a..b',
    'main@{1}',
    'a b',
    'x.lock',
    'feat//x',
    'a:b',
    'main\nx',
  ].flatMap((b): Case[] => [
    ...publishers.map((command) => ({ command, args: [`--branch=${b}`], input: 'branch', expected: BRANCH })),
    { command: syncRepos, args: [`--branch-a=${b}`], input: 'branch-a', expected: BRANCH },
    { command: syncRepos, args: [`--branch-b=${b}`], input: 'branch-b', expected: BRANCH },
  ]),
  // Identifiers that end up in commit messages: one line, bounded.
  ...[spotPoll, retailPoll, syncRepos].flatMap((command): Case[] => [
    {
      command,
      args: ['--poller-id', 'fly\n\nSigned-off-by: Mallory <m@example.com>'],
      input: 'poller-id',
      expected: /one line/,
    },
    { command, args: [], env: { POLLER_ID: 'a\rb' }, input: 'poller-id', expected: /one line/ },
    { command, args: ['--poller-id', 'x'.repeat(65)], input: 'poller-id', expected: /at most 64/ },
    { command, args: ['--poller-id', 'evil\u202eid'], input: 'poller-id', expected: /control characters/ },
  ]),
  { command: retailPoll, args: ['--coins', 'ase,bad\u0007slug'], input: 'coins', expected: /one line/ },
  { command: retailPoll, args: ['--shard', '1/4\nx'], input: 'shard', expected: /one line/ },
  // Provider ids from an explicit set: nothing reached through the object prototype.
  ...['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'metalpriceapi,valueOf'].map(
    (p): Case => ({
      command: spotPoll,
      args: ['--providers', p],
      input: 'providers',
      expected: /is not one of metalpriceapi, metals-dev, metals-api, replay/,
    }),
  ),
  {
    command: spotPoll,
    args: ['--fx-currencies', 'EUR,GBP&x=1'],
    input: 'fx-currencies',
    expected: /three-letter/,
  },
  // Web addresses: http(s) only, parsed, no credentials.
  ...[
    ['file:///etc/passwd', /is not http\(s\)/],
    ['javascript:alert(1)', /is not http\(s\)/],
    ['not-a-url', /is not a URL/],
    ['ftp://example.com/', /is not http\(s\)/],
    ['http://exa mple.com', /one URL/],
    [`https://user:${CANARY}@api.example.com`, URL_CREDENTIALS],
    [`HTTPS://${CANARY}@api.example.com`, URL_CREDENTIALS],
    [`https://api.example.com/v1?API_KEY=${CANARY}`, URL_CREDENTIALS],
    [`https://api.example.com/v1#access_token=${CANARY}`, URL_CREDENTIALS],
  ].flatMap(([url, expected]): Case[] => [
    {
      command: spotPoll,
      args: [`--api-base-url=${url}`],
      input: 'api-base-url',
      expected: expected as RegExp,
    },
    {
      command: retailPoll,
      args: [`--firecrawl-url=${url}`],
      input: 'firecrawl-url',
      expected: expected as RegExp,
    },
    {
      command: pagesVerify,
      args: [`--github-api-url=${url}`],
      input: 'github-api-url',
      expected: expected as RegExp,
    },
    { command: pagesVerify, args: [`--endpoints=${url}`], input: 'endpoints', expected: expected as RegExp },
    {
      command: spotPoll,
      args: ['--verify', '--verify-endpoints', `${peerUrl},${url}`],
      input: 'verify-endpoints',
      expected: expected as RegExp,
    },
    {
      command: serve,
      args: [`--status-endpoints=${url}`],
      input: 'status-endpoints',
      expected: expected as RegExp,
    },
  ]),
  {
    command: spotPoll,
    args: [],
    env: { STAKTRAKR_API_BASE_URL: `http://u:${CANARY}@127.0.0.1/` },
    input: 'api-base-url',
    expected: URL_CREDENTIALS,
  },
  {
    command: retailPoll,
    args: ['--browser-ws-endpoint', `file:///run/browser?token=${CANARY}`],
    input: 'browser-ws-endpoint',
    expected: /is not ws\/wss\/http\/https/,
  },
  // A credential in a repository, in every spelling git or a user might use.
  ...[
    `HTTPS://u:${CANARY}@github.com/o/r.git`,
    `Http://x-access-token:${CANARY}@github.com/o/r.git`,
    `https://${CANARY}@github.com/o/r.git`,
    `git+https://u:${CANARY}@github.com/o/r.git`,
    `user:${CANARY}@github.com:o/r.git`,
    `https://github.com/o/r.git?access_token=${CANARY}`,
    `https://github.com/o/r.git#${CANARY}`,
    `ssh://git:${CANARY}@github.com/o/r.git`,
    `file://user:${CANARY}@/srv/r.git`,
    `https://u:${CANARY}@github.com:99999/o/r.git`,
  ].flatMap((spelling): Case[] => [
    ...publishers.map((command) => ({
      command,
      args: ['--repo', spelling],
      input: 'repo',
      expected: REPO_CREDENTIALS,
    })),
    {
      command: spotPoll,
      args: [],
      env: { API_DATA_REPO: spelling },
      input: 'repo',
      expected: REPO_CREDENTIALS,
    },
    { command: syncRepos, args: ['--repo-a', spelling], input: 'repo-a', expected: REPO_CREDENTIALS },
    { command: syncRepos, args: ['--repo-b', spelling], input: 'repo-b', expected: REPO_CREDENTIALS },
  ]),
  // Spellings that URL parsers and git read differently: refused, never quoted.
  ...[
    `https://evil.example\\u:${CANARY}@github.com/o/r`,
    `https://u:${CANARY}/x@github.com/o/r`,
    `https://github.com/o/r ${CANARY}`,
  ].map(
    (spelling): Case => ({
      command: syncRepos,
      args: ['--repo-a', spelling],
      input: 'repo-a',
      expected: /is not a valid URL/,
    }),
  ),
  // A repository or a path that git would read as an option.
  {
    command: spotPoll,
    args: ['--repo=--upload-pack=touch /tmp/pwned'],
    input: 'repo',
    expected: /must not start with "-"/,
  },
  { command: syncRepos, args: ['--repo-a=-uevil'], input: 'repo-a', expected: /must not start with "-"/ },
  {
    command: spotPoll,
    args: ['--repo', `${CANARY}@github.com/o/r`],
    input: 'repo',
    expected: /is not owner\/name/,
  },
  {
    command: retailPoll,
    args: ['--workdir=--separate-git-dir=x'],
    input: 'workdir',
    expected: /must not start with "-"/,
  },
  // The other commands.
  { command: serve, args: ['--dir', '-x'], input: 'dir', expected: /must not start with "-"/ },
  {
    command: serve,
    args: ['--client-ip-header', 'x-ip\r\nx: y'],
    input: 'client-ip-header',
    expected: /header name/,
  },
  {
    command: serve,
    args: ['--cache-control', 'no-store\nSet-Cookie: a=b'],
    input: 'cache-control',
    expected: /one line/,
  },
  { command: pagesVerify, args: ['--repository', '../../etc'], input: 'repository', expected: /owner\/name/ },
  {
    command: pagesVerify,
    args: ['--paths', 'data/a.json,data/b\u001b.json'],
    input: 'paths',
    expected: /one line/,
  },
  { command: demo, args: ['--dir', 'demo\u0000dir'], input: 'dir', expected: /one line/ },
  {
    command: daemon,
    args: ['--stop-grace-seconds', '-1'],
    input: 'stop-grace-seconds',
    expected: /whole number/,
  },
];

describe('hostile inputs are refused before any work', () => {
  it.each(
    cases.map((c) => [
      `${c.command.name} ${JSON.stringify([...c.args, ...Object.entries(c.env ?? {}).flat()])}`,
      c,
    ]),
  )('%s', async (_label, c) => {
    const r = await runCli(c.command, [...base(c), ...c.args], c.env);
    const shown = `${r.out}\n${r.err}`;
    expect(r.code, shown).toBe(2);
    expect(shown).toContain(`input "${c.input}"`);
    expect(shown).toMatch(c.expected);
    expect(shown).not.toContain(CANARY);
    expect(shown).not.toContain('CANARY');
    // Nothing was written and no request left.
    expect(existsSync(workdir())).toBe(false);
    expect(existsSync(repo())).toBe(false);
    expect(hits).toBe(0);
  });

  it('covers every command', () => {
    const covered = new Set(cases.map((c) => c.command.name));
    for (const c of [spotPoll, retailPoll, syncRepos, pagesVerify, serve, demo, daemon])
      expect(covered).toContain(c.name);
  });

  it('a secret typed into the wrong input is masked in the message about it', async () => {
    const r = await runCli(spotPoll, [...baseArgs(spotPoll), '--token', CANARY, '--backfill-hours', CANARY]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/input "backfill-hours" \(got "\*\*\*"\): must be a whole number/);
    expect(`${r.out}${r.err}`).not.toContain(CANARY);
  });

  it('a URL typed into the wrong input is echoed redacted, however long its credential', async () => {
    const long = `https://u:${'x'.repeat(150)}${CANARY}@api.example.com/`;
    const r = await runCli(spotPoll, [...baseArgs(spotPoll), '--backfill-hours', long]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('input "backfill-hours" (got "https://***@api.example.com/")');
    expect(`${r.out}${r.err}`).not.toMatch(/CANARY|xxxx/);
  });

  it('an argument in the wrong place is not quoted (it may be a token)', async () => {
    const r = await runCli(spotPoll, [...baseArgs(spotPoll), CANARY]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unexpected argument #\d+/);
    expect(`${r.out}${r.err}`).not.toContain(CANARY);
  });

  it('the temporary folder is still empty', () => {
    expect(readdirSync(dir.path)).toEqual([]);
  });
});

describe('inputs that are fine still pass', () => {
  it("browserless' documented ?token= form is accepted for the (secret) browser endpoint, and masked", async () => {
    const r = await runCli(retailPoll, [
      ...baseArgs(retailPoll),
      '--browser-ws-endpoint',
      `wss://chrome.browserless.example?token=${CANARY}`,
      '--dry-run',
    ]);
    expect(r.err).not.toMatch(/invalid input/);
    expect(r.code).toBe(1);
    expect(`${r.out}${r.err}`).not.toContain(CANARY);
  });

  it.each([
    ['data/live', 'branch'],
    ['feature/x-1', 'branch'],
  ])('branch %s', async (branch) => {
    // A dry run against a repository that does not exist fails later, at the clone, not at the door.
    const r = await runCli(spotPoll, [
      ...baseArgs(spotPoll),
      '--branch',
      branch,
      '--providers',
      'replay',
      '--dry-run',
    ]);
    expect(r.err).not.toMatch(/invalid input/);
    expect(r.code).toBe(1);
  });
});
