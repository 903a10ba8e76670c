import { afterEach, describe, expect, it } from 'vitest';
import { octokitClient } from '../../src/runtime/octokit.js';
import { verifyEndpoints, verifyPublished } from '../../src/verify/verify.js';
import { collectingLogger } from '../helpers/logger.js';
import { GitHubApiServer } from '../peers/github-api.js';
import { deadEndpoint, garbageSite, StaticSite } from '../peers/pages-sites.js';
import { type Checkout, checkoutOf, clockAtMinute, dataSet } from './fixtures.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function site(
  files: Record<string, string>,
  options: ConstructorParameters<typeof StaticSite>[1] = {},
) {
  const s = await new StaticSite(files, options).start();
  cleanups.push(() => s.close());
  return s;
}

async function checkout(data: ReturnType<typeof dataSet>): Promise<Checkout> {
  const c = await checkoutOf(data);
  cleanups.push(c.cleanup);
  return c;
}

/** Requests a path the way a browser would: no cache-busting. */
const plainGet = async (base: string, path: string) => (await fetch(new URL(path, base))).text();

describe('pages-verify', () => {
  it('waits for a delayed deploy behind a 10-minute CDN cache and reports how long each endpoint took', async () => {
    const clock = clockAtMinute(40);
    const data = dataSet(clock);
    const repo = await checkout(data);
    const pages = await site(data.old, { githubPages: true, deployDelayMs: 800 });
    const fly = await site(data.old);
    // Browsers have already pulled the old files through the edge cache.
    for (const p of Object.keys(data.pushed)) await plainGet(pages.url, p);

    pages.push(data.pushed);
    fly.push(data.pushed);
    const logger = collectingLogger();
    const result = await verifyEndpoints(
      {
        endpoints: [pages.url, fly.url],
        expect: repo.dir,
        timeoutSeconds: 20,
        intervalSeconds: 0.1,
        progressSeconds: 0.3,
      },
      { clock, logger },
    );
    // The wait is never silent: the delayed endpoint said how far it got while waiting.
    expect(
      logger.lines.some((l) => /: 0\/3 served after [\d.]+ s \(\d+ (missing|stale).*\); \d+ s left$/.test(l)),
    ).toBe(true);

    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    const [p, f] = result.report.endpoints;
    expect(p).toMatchObject({ ok: true, githubPages: true, expected: 3, served: 3 });
    expect(f).toMatchObject({ ok: true, githubPages: false, served: 3 });
    // The workflow file in the same commit is not something a site serves.
    expect(p!.paths.map((x) => x.path).sort()).toEqual(Object.keys(data.pushed).sort());
    // The delayed deploy shows in the latency: the Pages endpoint took longer than the immediate one.
    expect(p!.latencySeconds).toBeGreaterThan(f!.latencySeconds!);
    expect(p!.paths.every((x) => x.state === 'served' && x.seconds !== undefined)).toBe(true);
    // Polling re-validated with If-None-Match instead of downloading the old files again.
    expect(pages.stats.notModified).toBeGreaterThan(0);
    // The edge cache is real: a plain request still gets the old bytes; verify looked past it.
    const hourly = Object.keys(data.pushed).find((k) => k.startsWith('data/hourly/'))!;
    expect(await plainGet(pages.url, hourly)).toBe(data.old[hourly]);
    // Both are fresh after the push: spot 10 min, retail 5 min.
    expect(p!.spot).toMatchObject({ status: 'fresh', ageMinutes: 10, path: hourly });
    expect(p!.retail).toMatchObject({ status: 'fresh', ageMinutes: 5 });
    expect(result.report.driftMinutes).toEqual({ spot: 0, retail: 0 });
    expect(result.report.commit).toBe(repo.head);
    expect(result.summaryMarkdown).toContain('✅ pages-verify: all 2 endpoints');
    expect(result.summaryMarkdown).toMatch(
      /\| .* \(GitHub Pages\) \| ✅ ok \| 3\/3 \| [\d.]+ s \| 10 min \| 5 min \|/,
    );
  });

  it('names the endpoint that is down, the one left stale and the one serving garbage, and why', async () => {
    const clock = clockAtMinute(40);
    const data = dataSet(clock);
    const repo = await checkout(data);
    const good = await site(data.old);
    const stale = await site(data.old, { githubPages: true });
    const garbage = await garbageSite();
    cleanups.push(garbage.close);
    const down = await deadEndpoint();
    good.push(data.pushed);

    const result = await verifyPublished(
      repo.dir,
      { endpoints: [good.url, stale.url, garbage.url, down], timeoutSeconds: 1.5, intervalSeconds: 0.2 },
      { clock },
    );

    expect(result.ok).toBe(false);
    const byUrl = new Map(result.report.endpoints.map((e) => [e.endpoint, e]));
    expect(byUrl.get(good.url)).toMatchObject({ ok: true, failures: [] });

    const s = byUrl.get(stale.url)!;
    expect(s.ok).toBe(false);
    expect(s.latencySeconds).toBeNull();
    expect(s.paths.find((p) => p.path.startsWith('data/15min/'))).toMatchObject({ state: 'missing' });
    expect(s.paths.find((p) => p.path.startsWith('data/hourly/'))).toMatchObject({ state: 'stale' });
    // Ages run on the real clock from minute 40: a loaded machine adds seconds, never minutes.
    expect(s.spot).toMatchObject({ status: 'stale', ageMinutes: expect.closeTo(25, 0), maxAgeMinutes: 20 });
    expect(s.retail).toMatchObject({ status: 'stale', ageMinutes: expect.closeTo(60, 0), maxAgeMinutes: 30 });

    const g = byUrl.get(garbage.url)!;
    expect(g.paths.every((p) => p.state === 'garbage')).toBe(true);
    expect(g.spot.status).toBe('garbage');

    const d = byUrl.get(down)!;
    expect(d.paths.every((p) => p.state === 'error')).toBe(true);
    expect(d.spot.status).toBe('error');

    // The reasons, as the log and the step's error show them.
    const reasons = (url: string) => result.failures.filter((f) => f.startsWith(`${url}: `)).join('\n');
    expect(reasons(good.url)).toBe('');
    expect(reasons(stale.url)).toMatch(
      /2 pushed files still old content after 1.5 s \(serves different bytes\)/,
    );
    expect(reasons(stale.url)).toMatch(/1 pushed file missing after 1.5 s \(HTTP 404\): data\/15min\//);
    expect(reasons(stale.url)).toMatch(/spot: newest spot entry .* is 25 min old \(limit 20 min/);
    expect(reasons(stale.url)).toMatch(
      /retail: retail manifest generated_at .* is 60 min old \(limit 30 min/,
    );
    expect(reasons(garbage.url)).toMatch(/3 pushed files malformed .*Service temporarily unavailable/);
    expect(reasons(garbage.url)).toMatch(/spot: data\/hourly\/.*\.json: Unexpected token/);
    expect(reasons(down)).toMatch(/3 pushed files unreachable after 1.5 s \(ECONNREFUSED\): data\//);
    expect(reasons(down)).toMatch(/spot: data\/hourly\/.*\.json: ECONNREFUSED/);

    expect(result.report.driftMinutes).toEqual({ spot: 15, retail: 55 });
    expect(result.summaryMarkdown).toContain('❌ pages-verify: 3 of 4 endpoints failed');
    expect(result.summaryMarkdown).toContain(
      `| ${stale.url} (GitHub Pages) | ❌ failed | 0/3 | — | ❌ 25 min | ❌ 60 min |`,
    );
    expect(result.summaryMarkdown).toContain(`| ${down} | ❌ failed | 0/3 | — | ❌ error | ❌ error |`);
  });

  it('fails a Pages endpoint at once with GitHub’s message when the Pages build errored', async () => {
    const clock = clockAtMinute(40);
    const data = dataSet(clock);
    const repo = await checkout(data);
    const token = 'ghs_verifyTestToken0123456789';
    const message = 'The tag `endraw` on line 3 in `data/README.md` is not a recognized Liquid tag.';
    const api = await new GitHubApiServer(token, {
      'staktrakr/api1': { builds: () => [{ status: 'errored', commit: repo.head, message }] },
    }).start();
    cleanups.push(() => api.close());
    const pages = await site(data.old, { githubPages: true });
    const fly = await site(data.old);
    fly.push(data.pushed);

    const started = Date.now();
    const result = await verifyEndpoints(
      {
        endpoints: [pages.url, fly.url],
        expect: repo.dir,
        timeoutSeconds: 300,
        intervalSeconds: 0.2,
        token,
        repository: 'staktrakr/api1',
        githubApiUrl: api.url,
      },
      { clock, githubClient: octokitClient },
    );

    // Well before the 300 s timeout.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.ok).toBe(false);
    expect(result.report.pagesBuild).toEqual({ state: 'failed', commit: repo.head, message });
    expect(result.failures).toContain(
      `${pages.url}: GitHub Pages build of ${repo.head.slice(0, 7)} errored: ${message}`,
    );
    expect(result.report.endpoints[1]).toMatchObject({ ok: true, served: 3 });
    expect(api.requests).toContain('GET /repos/staktrakr/api1/pages/builds/latest');
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('follows a queued Pages build until it is built, and reads the expected files from the repository', async () => {
    const clock = clockAtMinute(40);
    const data = dataSet(clock);
    const token = 'ghs_anotherTestToken987654321';
    const sha = 'a'.repeat(40);
    const older = 'b'.repeat(40);
    let calls = 0;
    const api = await new GitHubApiServer(token, {
      'staktrakr/api1': {
        // Two reads while our build is queued behind an older one, then it is built.
        builds: () =>
          ++calls <= 2
            ? [{ status: 'building', commit: older }]
            : [
                { status: 'built', commit: sha },
                { status: 'built', commit: older },
              ],
        commits: {
          main: {
            sha,
            files: [
              ...Object.keys(data.pushed).map((filename) => ({ filename, status: 'modified' })),
              { filename: 'data/old.json', status: 'removed' },
            ],
          },
        },
        contents: { [sha]: data.pushed },
      },
    }).start();
    cleanups.push(() => api.close());
    const pages = await site(data.old, { githubPages: true, deployDelayMs: 300 });
    pages.push(data.pushed);

    const result = await verifyEndpoints(
      {
        endpoints: [pages.url],
        expect: 'staktrakr/api1@main',
        timeoutSeconds: 20,
        intervalSeconds: 0.1,
        token,
        githubApiUrl: api.url,
      },
      { clock, githubClient: octokitClient },
    );

    expect(result.failures).toEqual([]);
    expect(result.report.pagesBuild).toEqual({ state: 'built', commit: sha });
    expect(result.report.commit).toBe(sha);
    expect(result.report.origin).toBe(`staktrakr/api1@main (${sha.slice(0, 7)})`);
    expect(result.report.endpoints[0]).toMatchObject({ ok: true, expected: 3, served: 3 });
    expect(api.requests).toContain('GET /repos/staktrakr/api1/pages/builds');
  });

  it('keeps verifying by bytes when the Pages API refuses the token, and says so', async () => {
    const clock = clockAtMinute(40);
    const data = dataSet(clock);
    const repo = await checkout(data);
    const api = await new GitHubApiServer('the-right-token', {
      'staktrakr/api1': { builds: () => [] },
    }).start();
    cleanups.push(() => api.close());
    const pages = await site(data.old, { githubPages: true });
    pages.push(data.pushed);

    const result = await verifyEndpoints(
      {
        endpoints: [pages.url],
        expect: repo.dir,
        timeoutSeconds: 10,
        intervalSeconds: 0.1,
        token: 'ghs_wrongTokenValue1234',
        repository: 'staktrakr/api1',
        githubApiUrl: api.url,
      },
      { clock, githubClient: octokitClient },
    );

    expect(result.ok).toBe(true);
    expect(result.report.pagesBuild).toMatchObject({ state: 'unavailable' });
    expect((result.report.pagesBuild as { detail: string }).detail).toMatch(
      /pages\/builds\/latest failed \(HTTP 401\): Bad credentials/,
    );
    expect(result.summaryMarkdown).toContain('GitHub Pages build: unavailable');
    expect(JSON.stringify(result)).not.toContain('ghs_wrongTokenValue1234');
  });
});
