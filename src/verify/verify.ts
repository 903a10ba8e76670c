/**
 * pages-verify: for each endpoint, (1) is what we pushed being served, and how long did it take?
 * (2) is the endpoint fresh? When a token is given, the GitHub Pages build of the pushed commit is
 * watched alongside, so an errored build fails its Pages endpoints at once with GitHub's message.
 */

import { retailFreshness, spotFreshness } from '../data/freshness.js';
import { formatIso, systemClock } from '../data/time.js';
import { type EndpointContext, endpointLabel, endpointReader } from '../http/endpoint.js';
import { type Expected, loadExpected, parseExpect } from './expected.js';
import { DEFAULTS, parseEndpoints, type VerifyDeps, type VerifyOptions } from './options.js';
import {
  GitHubApi,
  type PagesBuildState,
  pagesBuildFor,
  parseRepository,
  type Repository,
} from './pages-api.js';
import {
  drift,
  type EndpointReport,
  freshnessFailure,
  servedFailures,
  summaryMarkdown,
  type VerifyReport,
  type VerifyResult,
} from './report.js';
import { pollServed } from './served.js';

export type { VerifyResult } from './report.js';

/** Runs both checks on every endpoint. Throws only on bad input; endpoint failures are in the result. */
export async function verifyEndpoints(options: VerifyOptions, deps: VerifyDeps = {}): Promise<VerifyResult> {
  const clock = deps.clock ?? systemClock;
  const log = (line: string) => deps.logger?.info(line);
  const endpoints = parseEndpoints(options.endpoints);
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULTS.timeoutSeconds;
  const intervalMs = (options.intervalSeconds ?? DEFAULTS.intervalSeconds) * 1000;
  const source = await parseExpect(options.expect, deps.cwd);
  const pagesRepo = pagesRepository(
    options.repository,
    source.kind === 'repository' ? source.repository : undefined,
  );
  const api = githubApi(options, deps, pagesRepo);
  if (options.token?.trim() && !pagesRepo)
    log('no "repository" given: the GitHub Pages build is not checked');

  const expected = await loadExpected(source, options.paths ?? [], api, log);
  log(`expecting ${expected.files.length} file(s) from ${expected.origin}`);

  const startedAt = clock.now().getTime();
  const deadline = startedAt + timeoutSeconds * 1000;
  const stopPages = new AbortController();
  const pages = new PagesWatch();
  const watching =
    api && expected.commit && expected.files.length > 0
      ? watchPagesBuild(
          api(),
          expected.commit,
          { clock, intervalMs, deadline, signal: stopPages.signal },
          (s) => {
            if (s.state === 'failed')
              log(`GitHub Pages build of ${s.commit.slice(0, 7)} errored: ${s.message}`);
            pages.settle(s);
          },
        )
      : undefined;

  const reports = await Promise.all(
    endpoints.map((endpoint) =>
      verifyOne(endpoint, expected, pages, {
        ctx: { fetch: deps.fetch, clock },
        startedAt,
        deadline,
        intervalMs,
        progressMs: (options.progressSeconds ?? DEFAULTS.progressSeconds) * 1000,
        timeoutSeconds,
        maxAgeSpot: options.maxAgeSpotMinutes ?? DEFAULTS.maxAgeSpotMinutes,
        maxAgeRetail: options.maxAgeRetailMinutes ?? DEFAULTS.maxAgeRetailMinutes,
        log,
      }),
    ),
  );
  stopPages.abort(new Error('endpoints done'));
  const pagesBuild = (await watching) ?? null;

  const report: VerifyReport = {
    ok: reports.every((r) => r.ok),
    checkedAt: formatIso(clock.now()),
    commit: expected.commit ?? null,
    origin: expected.origin,
    pagesBuild,
    endpoints: reports,
    driftMinutes: {
      spot: drift(reports.map((r) => r.spot.at)),
      retail: drift(reports.map((r) => r.retail.at)),
    },
  };
  const failures = reports.flatMap((r) => r.failures.map((f) => `${r.endpoint}: ${f}`));
  return { ok: report.ok, report, summaryMarkdown: summaryMarkdown(report, failures), failures };
}

/**
 * For publish commands (`verify: true`): after pushing `checkoutDir`, verify the endpoints serve its
 * last commit. Same options as the command, with `expect` set to the checkout.
 */
export function verifyPublished(
  checkoutDir: string,
  options: Omit<VerifyOptions, 'expect'>,
  deps: VerifyDeps = {},
): Promise<VerifyResult> {
  return verifyEndpoints({ ...options, expect: checkoutDir }, deps);
}

function pagesRepository(
  input: string | undefined,
  fromExpect: Repository | undefined,
): Repository | undefined {
  if (!input?.trim()) return fromExpect;
  const repo = parseRepository(input);
  if (!repo) throw new Error(`input "repository": "${input}" is not owner/name`);
  return repo;
}

function githubApi(options: VerifyOptions, deps: VerifyDeps, repo: Repository | undefined) {
  const token = options.token?.trim();
  if (!token || !repo) return undefined;
  const factory = deps.githubClient;
  if (!factory) throw new Error('a token was given but no GitHub client factory was passed in');
  const client = factory(token, (options.githubApiUrl ?? DEFAULTS.githubApiUrl).replace(/\/+$/, ''));
  const api = new GitHubApi(client, repo);
  return () => api;
}

/** The Pages build outcome, and the endpoints to stop when it fails. */
class PagesWatch {
  failed?: Extract<PagesBuildState, { state: 'failed' }>;
  private readonly waiting = new Set<AbortController>();

  settle(state: PagesBuildState): void {
    if (state.state !== 'failed') return;
    this.failed = state;
    for (const c of this.waiting) c.abort(new Error('GitHub Pages build failed'));
  }

  /** Called once an endpoint is known to be GitHub Pages; stops it now or when the build fails. */
  follow(controller: AbortController): void {
    if (this.failed) controller.abort(new Error('GitHub Pages build failed'));
    else this.waiting.add(controller);
  }
}

async function watchPagesBuild(
  api: GitHubApi,
  sha: string,
  timing: { clock: EndpointContext['clock']; intervalMs: number; deadline: number; signal: AbortSignal },
  onSettled: (state: PagesBuildState) => void,
): Promise<PagesBuildState> {
  let state: PagesBuildState = { state: 'pending', detail: 'not read yet' };
  try {
    for (;;) {
      state = await pagesBuildFor(api, sha);
      const now = timing.clock.now().getTime();
      if (state.state !== 'pending' || now >= timing.deadline || timing.signal.aborted) break;
      await timing.clock.sleep(Math.min(timing.intervalMs, timing.deadline - now), timing.signal);
    }
  } catch (err) {
    // The build check is a shortcut, not a verdict: an API problem leaves the byte check to decide.
    if (!timing.signal.aborted) state = { state: 'unavailable', detail: (err as Error).message };
  }
  onSettled(state);
  return state;
}

interface OneContext {
  ctx: EndpointContext;
  startedAt: number;
  deadline: number;
  intervalMs: number;
  progressMs: number;
  timeoutSeconds: number;
  maxAgeSpot: number;
  maxAgeRetail: number;
  log: (line: string) => void;
}

/** How long one freshness read may take. */
const FRESHNESS_TIMEOUT_MS = 15_000;

async function verifyOne(
  base: string,
  expected: Expected,
  pages: PagesWatch,
  one: OneContext,
): Promise<EndpointReport> {
  const endpoint = endpointLabel(base);
  const stop = new AbortController();
  let githubPages = false;
  const onAnswer = (isPages: boolean) => {
    githubPages = isPages;
    if (isPages) pages.follow(stop);
  };
  const served = await pollServed(
    base,
    expected.files,
    { ...one.ctx, signal: stop.signal },
    {
      startedAt: one.startedAt,
      deadline: one.deadline,
      intervalMs: one.intervalMs,
      progressMs: one.progressMs,
      progress: (line) => one.log(`${endpoint}: ${line}`),
    },
    onAnswer,
  );
  const [spot, retail] = await Promise.all([
    spotFreshness(endpointReader(base, one.ctx, FRESHNESS_TIMEOUT_MS), one.ctx.clock, one.maxAgeSpot),
    retailFreshness(endpointReader(base, one.ctx, FRESHNESS_TIMEOUT_MS), one.ctx.clock, one.maxAgeRetail),
  ]);

  const failures: string[] = [];
  if (githubPages && pages.failed) {
    failures.push(
      `GitHub Pages build of ${pages.failed.commit.slice(0, 7)} errored: ${pages.failed.message}`,
    );
  } else {
    failures.push(...servedFailures(served.paths, one.timeoutSeconds));
  }
  for (const f of [freshnessFailure('spot', spot), freshnessFailure('retail', retail)])
    if (f) failures.push(f);

  const count = served.paths.filter((p) => p.state === 'served').length;
  one.log(
    `${endpoint}: ${count}/${expected.files.length} served${failures.length ? ` — ${failures.join('; ')}` : ''}`,
  );
  return {
    endpoint,
    ok: failures.length === 0,
    failures,
    githubPages: githubPages || served.githubPages,
    expected: expected.files.length,
    served: count,
    latencySeconds: served.latencySeconds ?? null,
    paths: served.paths,
    spot,
    retail,
  };
}
