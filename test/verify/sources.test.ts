import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/data/atomic.js';
import { type Clock, systemClock } from '../../src/data/time.js';
import { git } from '../../src/git/exec.js';
import { loadExpected, parseExpect } from '../../src/verify/expected.js';
import { GitHubApi, type GitHubRequester, pagesBuildFor } from '../../src/verify/pages-api.js';
import { verifyEndpoints } from '../../src/verify/verify.js';
import { StaticSite } from '../peers/pages-sites.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'verify-src-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const run = (dir: string, args: string[]) =>
  git(['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd: dir });

async function commitFiles(dir: string, files: Record<string, string>, message: string) {
  for (const [p, t] of Object.entries(files)) await writeFileAtomic(join(dir, p), t);
  await run(dir, ['add', '-A']);
  await run(dir, ['commit', '-q', '-m', message]);
}

const at = (iso: string): Clock => ({ now: () => new Date(iso), sleep: systemClock.sleep });

describe('what the endpoints must serve', () => {
  it('takes what the merge at HEAD brought in against its first parent', async () => {
    const dir = await tempDir();
    await run(dir, ['init', '-q', '-b', 'main']);
    await commitFiles(dir, { 'data/a.json': '[1]\n', 'data/b.json': '[2]\n' }, 'base');
    await run(dir, ['checkout', '-q', '-b', 'side']);
    await commitFiles(dir, { 'data/b.json': '[2,3]\n', 'data/c.json': '[4]\n' }, 'side');
    await run(dir, ['checkout', '-q', 'main']);
    await commitFiles(dir, { 'data/d.json': '[5]\n' }, 'main moves on');
    await run(dir, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side']);

    const expected = await loadExpected(await parseExpect(dir), []);

    expect(expected.files).toEqual([
      { path: 'data/b.json', text: '[2,3]\n' },
      { path: 'data/c.json', text: '[4]\n' },
    ]);
    expect(expected.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('expects what the push changed from a shallow (depth 1) checkout too, not every file', async () => {
    const origin = await tempDir();
    await run(origin, ['init', '-q', '-b', 'main']);
    const many = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`data/15min/f${i}.json`, `[${i}]\n`]),
    );
    await commitFiles(origin, many, 'history');
    await commitFiles(origin, { 'data/15min/f7.json': '[7,8]\n', 'data/new.json': '[9]\n' }, 'the push');
    // As actions/checkout checks out by default (file:// so that --depth applies to a local path).
    const parent = await tempDir();
    await git(['clone', '-q', '--depth', '1', `file://${origin}`, 'shallow'], { cwd: parent });
    const dir = join(parent, 'shallow');
    expect((await git(['rev-parse', '--is-shallow-repository'], { cwd: dir })).stdout.trim()).toBe('true');
    const lines: string[] = [];

    const expected = await loadExpected(await parseExpect(dir), [], undefined, (l) => lines.push(l));

    expect(expected.files).toEqual([
      { path: 'data/15min/f7.json', text: '[7,8]\n' },
      { path: 'data/new.json', text: '[9]\n' },
    ]);
    expect(lines).toEqual([]);

    // The parent cannot be fetched (the remote is gone): every file of HEAD is expected, and said so.
    const gone = await tempDir();
    await git(['clone', '-q', '--depth', '1', `file://${origin}`, 'c'], { cwd: gone });
    await rm(origin, { recursive: true, force: true });
    const all = await loadExpected(await parseExpect(join(gone, 'c')), [], undefined, (l) => lines.push(l));
    expect(all.files).toHaveLength(301);
    expect(lines.join('\n')).toMatch(/shallow checkout whose HEAD parent could not be fetched/);
  });

  it('reads explicit paths from a plain export directory, and refuses to guess without them', async () => {
    const outer = await tempDir();
    await run(outer, ['init', '-q', '-b', 'main']);
    await commitFiles(outer, { 'README.md': 'code repo\n' }, 'code');
    // An export directory that happens to sit inside another repository's working tree.
    const exportDir = join(outer, 'export');
    await mkdir(join(exportDir, 'data'), { recursive: true });
    await writeFileAtomic(join(exportDir, 'data/x.json'), '{"x":1}\n');

    const source = await parseExpect('export', outer);
    expect(source).toEqual({ kind: 'checkout', dir: exportDir });
    const expected = await loadExpected(source, ['/data/x.json']);
    expect(expected).toEqual({ files: [{ path: 'data/x.json', text: '{"x":1}\n' }], origin: exportDir });
    await expect(loadExpected(source, [])).rejects.toThrow(
      /input "expect": .* is not a git checkout.*"paths"/,
    );
    await expect(loadExpected(source, ['../secrets.json'])).rejects.toThrow(
      /input "paths": "..\/secrets.json"/,
    );
    await expect(loadExpected(source, ['data/absent.json'])).rejects.toThrow(
      /data\/absent.json is not in the checkout/,
    );
  });

  it('names the input that is wrong before touching the network', async () => {
    await expect(parseExpect('no/such/dir')).rejects.toThrow(/input "expect": "no\/such\/dir" is neither/);
    expect(await parseExpect('staktrakr/api1@main', await tempDir())).toEqual({
      kind: 'repository',
      repository: { owner: 'staktrakr', repo: 'api1' },
      ref: 'main',
    });
    await expect(loadExpected({ kind: 'none' }, ['data/x.json'])).rejects.toThrow(
      /input "paths" needs "expect"/,
    );
    const verify = (endpoints: string[], more = {}) => verifyEndpoints({ endpoints, ...more });
    await expect(verify([])).rejects.toThrow(/input "endpoints": name at least one/);
    await expect(verify(['ftp://example.com/'])).rejects.toThrow(
      /input "endpoints": "ftp:\/\/example.com\/" is not http/,
    );
    await expect(verify(['https://user:pw@example.com/'])).rejects.toThrow(/must not hold credentials/);
    await expect(verify(['https://a.example/', 'https://a.example'])).rejects.toThrow(/same endpoint twice/);
    await expect(
      verify(['https://a.example/'], { repository: 'not a repo', token: 't0ken' }),
    ).rejects.toThrow(/input "repository": "not a repo" is not owner\/name/);
    await expect(verify(['https://a.example/'], { expect: 'o/r@main' })).rejects.toThrow(
      /input "token" is required when "expect" is a repository/,
    );
  });
});

describe('GitHub Pages build state, through an injected client', () => {
  const sha = '1'.repeat(40);
  const newer = '2'.repeat(40);
  /** A stand-in for Octokit's `request`: routes to canned REST bodies; 404 thrown the way Octokit throws it. */
  const client = (routes: Record<string, unknown>): GitHubRequester => ({
    async request(route) {
      if (!(route in routes)) throw Object.assign(new Error('Not Found'), { status: 404 });
      return { status: 200, data: routes[route] };
    },
  });
  const api = (routes: Record<string, unknown>) => new GitHubApi(client(routes), { owner: 'o', repo: 'r' });
  const LATEST = 'GET /repos/{owner}/{repo}/pages/builds/latest';
  const LIST = 'GET /repos/{owner}/{repo}/pages/builds';

  it('finds an errored build of our commit behind a newer one and gives GitHub’s message', async () => {
    const state = await pagesBuildFor(
      api({
        [LATEST]: { status: 'built', commit: newer, error: { message: null } },
        [LIST]: [
          { status: 'built', commit: newer, error: { message: null } },
          { status: 'errored', commit: sha, error: { message: 'Page build timed out.' } },
        ],
      }),
      sha,
    );
    expect(state).toEqual({ state: 'failed', commit: sha, message: 'Page build timed out.' });
  });

  it('waits while there is no build of our commit, and says when Pages is off', async () => {
    const queued = await pagesBuildFor(
      api({ [LATEST]: { status: 'building', commit: newer, error: null }, [LIST]: [] }),
      sha,
    );
    expect(queued).toEqual({ state: 'pending', detail: `no Pages build of 1111111 yet (latest: building)` });
    expect(await pagesBuildFor(api({}), sha)).toEqual({
      state: 'unavailable',
      detail: 'the repository has no GitHub Pages builds',
    });
  });

  it('rejects an answer of the wrong shape, naming the field', async () => {
    await expect(pagesBuildFor(api({ [LATEST]: { commit: sha } }), sha)).rejects.toThrow(
      /pages build has an unexpected shape:[\s\S]*status/,
    );
  });
});

const realData = resolve(process.cwd(), '../shared/real-data/staktrakr-api');

describe('the real data snapshot', () => {
  it('reads the real hourly file and manifest as fresh or stale depending on the time', async (ctx) => {
    let manifest: string;
    try {
      manifest = await readFile(join(realData, 'data/api/manifest.json'), 'utf8');
    } catch {
      console.log(`skipped: ${realData} is absent (a user's clone has no ../shared)`);
      ctx.skip();
      return;
    }
    const hourly = 'data/hourly/2026/03/15/20.json';
    const site = await new StaticSite({
      [hourly]: await readFile(join(realData, hourly), 'utf8'),
      'data/api/manifest.json': manifest,
    }).start();
    cleanups.push(() => site.close());

    // 20:30: the current hour's file holds 20:15; the manifest is of 20:23:02.
    const fresh = await verifyEndpoints({ endpoints: [site.url] }, { clock: at('2026-03-15T20:30:00Z') });
    expect(fresh.failures).toEqual([]);
    expect(fresh.report.endpoints[0]).toMatchObject({
      spot: { status: 'fresh', at: '2026-03-15T20:15:00Z', ageMinutes: 15, path: hourly },
      retail: { status: 'fresh', at: '2026-03-15T20:23:02Z', ageMinutes: 7 },
    });

    // 21:05: the 21 file is not there yet, so the previous hour's answers — 50 minutes old.
    const late = await verifyEndpoints({ endpoints: [site.url] }, { clock: at('2026-03-15T21:05:00Z') });
    expect(late.report.endpoints[0]!.spot).toMatchObject({ status: 'stale', ageMinutes: 50, path: hourly });
    expect(late.failures).toEqual([
      `${site.url}: spot: newest spot entry 2026-03-15T20:15:00Z is 50 min old (limit 20 min, ${hourly})`,
      `${site.url}: retail: retail manifest generated_at 2026-03-15T20:23:02Z is 42 min old (limit 30 min, data/api/manifest.json)`,
    ]);
  });
});
