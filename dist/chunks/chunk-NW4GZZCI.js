import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  endpointLabel,
  endpointReader,
  endpointUrlSchema,
  fetchUncached,
  retailFreshness,
  spotFreshness
} from "./chunk-EWXOWQRA.js";
import {
  external_exports,
  formatIso,
  git,
  parseJson,
  systemClock
} from "./chunk-CQKT3FJX.js";

// src/runtime/octokit.ts
function octokitClient(token, baseUrl) {
  const octokit = import("./github-2L24CVEM.js").then(({ getOctokit }) => getOctokit(token, { baseUrl }));
  return { request: async (route, params) => (await octokit).request(route, params) };
}

// src/verify/options.ts
var DEFAULTS = {
  timeoutSeconds: 600,
  intervalSeconds: 10,
  progressSeconds: 15,
  maxAgeSpotMinutes: 20,
  maxAgeRetailMinutes: 30,
  githubApiUrl: "https://api.github.com"
};
var endpointListSchema = external_exports.array(endpointUrlSchema).min(1, "name at least one endpoint base URL").refine((l) => new Set(l).size === l.length, "lists the same endpoint twice");
function parseEndpoints(list) {
  const r = endpointListSchema.safeParse(list);
  if (!r.success) throw new Error(`input "endpoints": ${r.error.issues.map((i) => i.message).join("; ")}`);
  return r.data;
}

// src/verify/expected.ts
import { readFile, realpath, stat } from "node:fs/promises";
import { join, resolve } from "node:path";

// src/verify/pages-api.ts
var NAME = /^[A-Za-z0-9_.-]+$/;
function parseRepository(text) {
  const [owner, repo, ...rest] = text.trim().split("/");
  if (rest.length > 0 || !owner || !repo || !NAME.test(owner) || !NAME.test(repo)) return void 0;
  return { owner, repo: repo.replace(/\.git$/, "") };
}
var formatRepository = (r) => `${r.owner}/${r.repo}`;
var pagesBuildShape = external_exports.object({
  status: external_exports.string(),
  commit: external_exports.string().nullish(),
  error: external_exports.object({ message: external_exports.string().nullish() }).nullish()
});
var commitShape = external_exports.object({
  sha: external_exports.string().regex(/^[0-9a-f]{40}$/, "must be a 40-hex commit id"),
  files: external_exports.array(external_exports.object({ filename: external_exports.string(), status: external_exports.string() })).default([])
});
var GitHubApiError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
    this.name = "GitHubApiError";
  }
  status;
};
var GitHubApi = class {
  constructor(client, repository) {
    this.client = client;
    this.repository = repository;
  }
  client;
  repository;
  /** The newest Pages build, or undefined when the repository has none (404: Pages off or never built). */
  async latestPagesBuild() {
    const data = await this.get("GET /repos/{owner}/{repo}/pages/builds/latest", {}, { notFound: true });
    return data === void 0 ? void 0 : toBuild(parse(pagesBuildShape, data, "pages build"));
  }
  /** Recent Pages builds, newest first. */
  async pagesBuilds() {
    const data = await this.get("GET /repos/{owner}/{repo}/pages/builds", { per_page: 30 });
    return parse(external_exports.array(pagesBuildShape), data, "pages builds").map(toBuild);
  }
  /** A commit and the paths it added or modified (GitHub lists up to 300 files). */
  async commit(ref) {
    const data = parse(
      commitShape,
      await this.get("GET /repos/{owner}/{repo}/commits/{ref}", { ref }),
      "commit"
    );
    return { sha: data.sha, paths: data.files.filter((f) => f.status !== "removed").map((f) => f.filename) };
  }
  /** The raw text of a file at a commit. */
  async fileText(path, ref) {
    const data = await this.get("GET /repos/{owner}/{repo}/contents/{path}", {
      path,
      ref,
      headers: { accept: "application/vnd.github.raw+json" }
    });
    if (typeof data === "string") return data;
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      return new TextDecoder().decode(data);
    }
    throw new GitHubApiError(`${formatRepository(this.repository)}:${path} did not come back raw`, void 0);
  }
  async get(route, params, { notFound = false } = {}) {
    try {
      const res = await this.client.request(route, { ...this.repository, ...params });
      return res.data;
    } catch (err) {
      const e = err;
      if (notFound && e.status === 404) return void 0;
      const why = e.response?.data?.message ?? e.message ?? String(err);
      throw new GitHubApiError(
        `GitHub API ${route.replace("{owner}/{repo}", formatRepository(this.repository))} failed${e.status ? ` (HTTP ${e.status})` : ""}: ${why}`,
        e.status
      );
    }
  }
};
function parse(schema, data, what) {
  const r = schema.safeParse(data);
  if (!r.success)
    throw new GitHubApiError(`GitHub API ${what} has an unexpected shape: ${external_exports.prettifyError(r.error)}`, 200);
  return r.data;
}
var toBuild = (b) => ({
  status: b.status,
  commit: b.commit ?? "",
  ...b.error?.message ? { message: b.error.message } : {}
});
async function pagesBuildFor(api, sha) {
  const latest = await api.latestPagesBuild();
  if (!latest) return { state: "unavailable", detail: "the repository has no GitHub Pages builds" };
  const build = latest.commit === sha ? latest : (await api.pagesBuilds()).find((b) => b.commit === sha);
  if (!build)
    return {
      state: "pending",
      detail: `no Pages build of ${sha.slice(0, 7)} yet (latest: ${latest.status})`
    };
  if (build.status === "built") return { state: "built", commit: sha };
  if (build.status === "errored") {
    return { state: "failed", commit: sha, message: build.message ?? "GitHub gave no error message" };
  }
  return { state: "pending", detail: `Pages build of ${sha.slice(0, 7)} is ${build.status}` };
}

// src/verify/expected.ts
async function parseExpect(text, cwd = process.cwd()) {
  const value = text?.trim();
  if (!value) return { kind: "none" };
  const dir = resolve(cwd, value);
  if (await isDirectory(dir)) return { kind: "checkout", dir };
  const [name = "", ref = "HEAD", ...extra] = value.split("@");
  const repository = parseRepository(name);
  if (repository && extra.length === 0 && ref) return { kind: "repository", repository, ref };
  throw new Error(`input "expect": "${value}" is neither an existing directory nor owner/name[@ref]`);
}
function checkPath(path) {
  const p = path.trim().replace(/^\/+/, "");
  if (!p || p.split("/").some((s) => s === ".." || s === "") || p.includes("\\")) {
    throw new Error(`input "paths": "${path}" is not a relative path inside the repository`);
  }
  return p;
}
var servable = (path) => !path.split("/").some((s) => s.startsWith("."));
async function loadExpected(source, paths, api) {
  const explicit = paths.map(checkPath);
  switch (source.kind) {
    case "none":
      if (explicit.length > 0) {
        throw new Error(
          'input "paths" needs "expect" (a checkout or owner/name@ref) to know the bytes to expect'
        );
      }
      return { files: [], origin: "nothing (freshness only)" };
    case "checkout": {
      const { dir } = source;
      const commit = await headOf(dir);
      if (!commit && explicit.length === 0) {
        throw new Error(
          `input "expect": ${dir} is not a git checkout, so name the files to expect in "paths"`
        );
      }
      const chosen = explicit.length > 0 ? explicit : (await changedByHead(dir)).filter(servable);
      const files = await Promise.all(
        chosen.map(async (path) => ({ path, text: await readCheckoutFile(dir, path) }))
      );
      return commit ? { commit, files, origin: `${dir} at ${commit.slice(0, 7)}` } : { files, origin: dir };
    }
    case "repository": {
      if (!api) throw new Error('input "token" is required when "expect" is a repository (owner/name@ref)');
      const client = api();
      const commit = await client.commit(source.ref);
      const chosen = explicit.length > 0 ? explicit : commit.paths.filter(servable);
      const files = await Promise.all(
        chosen.map(async (path) => ({ path, text: await client.fileText(path, commit.sha) }))
      );
      return {
        commit: commit.sha,
        files,
        origin: `${source.repository.owner}/${source.repository.repo}@${source.ref} (${commit.sha.slice(0, 7)})`
      };
    }
  }
}
async function headOf(dir) {
  const r = await git(["rev-parse", "--show-toplevel", "HEAD"], { cwd: dir, okCodes: [128] });
  const [top, sha] = r.stdout.trim().split("\n");
  return r.code === 0 && top && await realpath(top) === await realpath(dir) ? sha : void 0;
}
async function changedByHead(dir) {
  const parents = (await git(["rev-list", "--parents", "-n", "1", "HEAD"], { cwd: dir })).stdout.trim().split(" ");
  const args = parents.length > 1 ? ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=AM", "HEAD^1", "HEAD"] : ["ls-tree", "-r", "-z", "--name-only", "HEAD"];
  return (await git(args, { cwd: dir })).stdout.split("\0").filter(Boolean);
}
async function readCheckoutFile(dir, path) {
  try {
    return await readFile(join(dir, path), "utf8");
  } catch (err) {
    throw new Error(`expected file ${path} is not in the checkout ${dir}: ${err.message}`);
  }
}
async function isDirectory(path) {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

// src/verify/report.ts
var LISTED = 5;
var DESCRIBE = {
  stale: "still old content",
  missing: "missing",
  garbage: "malformed",
  error: "unreachable",
  unchecked: "not checked"
};
function servedFailures(paths, timeoutSeconds) {
  const groups = /* @__PURE__ */ new Map();
  for (const p of paths) {
    if (p.state === "served") continue;
    groups.set(p.state, [...groups.get(p.state) ?? [], p]);
  }
  return [...groups].map(([state, list]) => {
    const names = list.slice(0, LISTED).map((p) => p.path);
    const more = list.length > LISTED ? ` and ${list.length - LISTED} more` : "";
    const detail = list[0]?.detail ? ` (${list[0].detail})` : "";
    return `${list.length} pushed file${list.length > 1 ? "s" : ""} ${DESCRIBE[state]} after ${timeoutSeconds} s${detail}: ${names.join(", ")}${more}`;
  });
}
function freshnessFailure(what, f) {
  if (f.status === "fresh" || f.status === "skipped") return void 0;
  if (f.status === "stale") {
    const of = what === "spot" ? "newest spot entry" : "retail manifest generated_at";
    return `${what}: ${of} ${f.at} is ${f.ageMinutes} min old (limit ${f.maxAgeMinutes} min, ${f.path})`;
  }
  return `${what}: ${f.detail}`;
}
function drift(instants) {
  const ms = instants.filter((i) => !!i).map((i) => Date.parse(i));
  if (ms.length < 2) return null;
  return Math.round((Math.max(...ms) - Math.min(...ms)) / 6e4 * 10) / 10;
}
var cell = (s) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
function age(f) {
  if (f.status === "skipped") return "\u2014";
  if (f.ageMinutes === void 0) return `\u274C ${f.status}`;
  return `${f.status === "fresh" ? "" : "\u274C "}${f.ageMinutes} min`;
}
function pagesLine(state) {
  if (!state) return "not checked";
  switch (state.state) {
    case "built":
      return `built ${state.commit.slice(0, 7)}`;
    case "failed":
      return `\u274C errored: ${state.message}`;
    default:
      return `${state.state}: ${state.detail}`;
  }
}
function summaryMarkdown(report, failures) {
  const bad = report.endpoints.filter((e) => !e.ok).length;
  const head = report.ok ? `### \u2705 pages-verify: all ${report.endpoints.length} endpoints serve the push and are fresh` : `### \u274C pages-verify: ${bad} of ${report.endpoints.length} endpoints failed`;
  const lines = [
    head,
    "",
    `Expected: ${report.endpoints[0]?.expected ?? 0} files from ${cell(report.origin)} \xB7 GitHub Pages build: ${cell(pagesLine(report.pagesBuild))}`,
    "",
    "| Endpoint | Result | Pushed files served | Latency | Spot age | Retail age |",
    "|---|---|---|---|---|---|",
    ...report.endpoints.map(
      (e) => [
        "",
        cell(e.endpoint) + (e.githubPages ? " (GitHub Pages)" : ""),
        e.ok ? "\u2705 ok" : "\u274C failed",
        `${e.served}/${e.expected}`,
        e.latencySeconds === null ? "\u2014" : `${e.latencySeconds} s`,
        age(e.spot),
        age(e.retail),
        ""
      ].join(" | ").trim()
    ),
    "",
    `Drift between endpoints: spot ${report.driftMinutes.spot ?? "\u2014"} min, retail ${report.driftMinutes.retail ?? "\u2014"} min.`
  ];
  if (failures.length > 0) lines.push("", "**Why**", "", ...failures.map((f) => `- ${cell(f)}`));
  return `${lines.join("\n")}
`;
}

// src/verify/served.ts
async function pollServed(base, expected, ctx, timing, onFirstAnswer) {
  const tracked = expected.map((f) => ({ path: f.path, expected: f.text, state: "unchecked" }));
  let githubPages = false;
  let announced = false;
  const elapsed = () => (ctx.clock.now().getTime() - timing.startedAt) / 1e3;
  const check = async (t) => {
    const remaining = timing.deadline - ctx.clock.now().getTime();
    const got = await fetchUncached(base, t.path, ctx, {
      etag: t.etag,
      timeoutMs: Math.min(15e3, Math.max(2e3, remaining))
    });
    if (got.kind !== "failed") {
      githubPages ||= got.githubPages;
      if (!announced) {
        announced = true;
        onFirstAnswer?.(githubPages);
      }
    }
    if (got.kind === "not-modified") return;
    if (got.kind === "failed") {
      Object.assign(t, { state: "error", detail: got.detail });
      return;
    }
    t.etag = got.etag;
    if (got.status === 200 && got.text === t.expected) {
      Object.assign(t, { state: "served", seconds: round1(elapsed()), detail: void 0 });
    } else if (got.status === 404) {
      Object.assign(t, { state: "missing", detail: "HTTP 404" });
    } else if (got.status !== 200) {
      Object.assign(t, { state: "error", detail: `HTTP ${got.status}` });
    } else if (looksWellFormed(t.path, got.text, t.expected)) {
      Object.assign(t, { state: "stale", detail: "serves different bytes" });
    } else {
      Object.assign(t, {
        state: "garbage",
        detail: `serves a malformed body: ${JSON.stringify(got.text.slice(0, 60))}`
      });
    }
  };
  let reported = timing.startedAt;
  const report = (now) => {
    if (!timing.progress || now - reported < (timing.progressMs ?? 15e3)) return;
    reported = now;
    const waiting = /* @__PURE__ */ new Map();
    for (const t of tracked) if (t.state !== "served") waiting.set(t.state, (waiting.get(t.state) ?? 0) + 1);
    const why = [...waiting].map(([state, n]) => `${n} ${state}`).join(", ");
    const served2 = tracked.length - [...waiting.values()].reduce((a, b) => a + b, 0);
    const left = Math.max(0, Math.round((timing.deadline - now) / 1e3));
    timing.progress(
      `${served2}/${tracked.length} served after ${round1(elapsed())} s (${why}); ${left} s left`
    );
  };
  try {
    for (; ; ) {
      const pending = tracked.filter((t) => t.state !== "served");
      if (pending.length === 0) break;
      await eachLimited(pending, timing.concurrency ?? 6, check);
      const now = ctx.clock.now().getTime();
      if (tracked.every((t) => t.state === "served") || now >= timing.deadline) break;
      report(now);
      await ctx.clock.sleep(Math.min(timing.intervalMs, timing.deadline - now), ctx.signal);
    }
  } catch (err) {
    if (!ctx.signal?.aborted) throw err;
  }
  const paths = tracked.map(({ path, state, seconds, detail }) => ({
    path,
    state,
    ...seconds !== void 0 ? { seconds } : {},
    ...detail ? { detail } : {}
  }));
  const served = paths.every((p) => p.state === "served");
  return {
    paths,
    githubPages,
    ...served ? { latencySeconds: Math.max(0, ...paths.map((p) => p.seconds ?? 0)) } : {}
  };
}
function looksWellFormed(path, text, expected) {
  const expectJson = path.endsWith(".json") || parseJson(expected).ok;
  return expectJson ? parseJson(text).ok : true;
}
var round1 = (n) => Math.round(n * 10) / 10;
async function eachLimited(items, limit, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// src/verify/verify.ts
async function verifyEndpoints(options, deps = {}) {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? (() => {
  });
  const endpoints = parseEndpoints(options.endpoints);
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULTS.timeoutSeconds;
  const intervalMs = (options.intervalSeconds ?? DEFAULTS.intervalSeconds) * 1e3;
  const source = await parseExpect(options.expect, deps.cwd);
  const pagesRepo = pagesRepository(
    options.repository,
    source.kind === "repository" ? source.repository : void 0
  );
  const api = githubApi(options, deps, pagesRepo);
  if (options.token?.trim() && !pagesRepo)
    log('no "repository" given: the GitHub Pages build is not checked');
  const expected = await loadExpected(source, options.paths ?? [], api);
  log(`expecting ${expected.files.length} file(s) from ${expected.origin}`);
  const startedAt = clock.now().getTime();
  const deadline = startedAt + timeoutSeconds * 1e3;
  const stopPages = new AbortController();
  const pages = new PagesWatch();
  const watching = api && expected.commit && expected.files.length > 0 ? watchPagesBuild(
    api(),
    expected.commit,
    { clock, intervalMs, deadline, signal: stopPages.signal },
    (s) => {
      if (s.state === "failed")
        log(`GitHub Pages build of ${s.commit.slice(0, 7)} errored: ${s.message}`);
      pages.settle(s);
    }
  ) : void 0;
  const reports = await Promise.all(
    endpoints.map(
      (endpoint) => verifyOne(endpoint, expected, pages, {
        ctx: { fetch: deps.fetch, clock },
        startedAt,
        deadline,
        intervalMs,
        progressMs: (options.progressSeconds ?? DEFAULTS.progressSeconds) * 1e3,
        timeoutSeconds,
        maxAgeSpot: options.maxAgeSpotMinutes ?? DEFAULTS.maxAgeSpotMinutes,
        maxAgeRetail: options.maxAgeRetailMinutes ?? DEFAULTS.maxAgeRetailMinutes,
        log
      })
    )
  );
  stopPages.abort(new Error("endpoints done"));
  const pagesBuild = await watching ?? null;
  const report = {
    ok: reports.every((r) => r.ok),
    checkedAt: formatIso(clock.now()),
    commit: expected.commit ?? null,
    origin: expected.origin,
    pagesBuild,
    endpoints: reports,
    driftMinutes: {
      spot: drift(reports.map((r) => r.spot.at)),
      retail: drift(reports.map((r) => r.retail.at))
    }
  };
  const failures = reports.flatMap((r) => r.failures.map((f) => `${r.endpoint}: ${f}`));
  return { ok: report.ok, report, summaryMarkdown: summaryMarkdown(report, failures), failures };
}
function verifyPublished(checkoutDir, options, deps = {}) {
  return verifyEndpoints({ ...options, expect: checkoutDir }, deps);
}
function pagesRepository(input, fromExpect) {
  if (!input?.trim()) return fromExpect;
  const repo = parseRepository(input);
  if (!repo) throw new Error(`input "repository": "${input}" is not owner/name`);
  return repo;
}
function githubApi(options, deps, repo) {
  const token = options.token?.trim();
  if (!token || !repo) return void 0;
  const factory = deps.githubClient;
  if (!factory) throw new Error("a token was given but no GitHub client factory was passed in");
  const client = factory(token, (options.githubApiUrl ?? DEFAULTS.githubApiUrl).replace(/\/+$/, ""));
  const api = new GitHubApi(client, repo);
  return () => api;
}
var PagesWatch = class {
  failed;
  waiting = /* @__PURE__ */ new Set();
  settle(state) {
    if (state.state !== "failed") return;
    this.failed = state;
    for (const c of this.waiting) c.abort(new Error("GitHub Pages build failed"));
  }
  /** Called once an endpoint is known to be GitHub Pages; stops it now or when the build fails. */
  follow(controller) {
    if (this.failed) controller.abort(new Error("GitHub Pages build failed"));
    else this.waiting.add(controller);
  }
};
async function watchPagesBuild(api, sha, t, onSettled) {
  let state = { state: "pending", detail: "not read yet" };
  try {
    for (; ; ) {
      state = await pagesBuildFor(api, sha);
      const now = t.clock.now().getTime();
      if (state.state !== "pending" || now >= t.deadline || t.signal.aborted) break;
      await t.clock.sleep(Math.min(t.intervalMs, t.deadline - now), t.signal);
    }
  } catch (err) {
    if (!t.signal.aborted) state = { state: "unavailable", detail: err.message };
  }
  onSettled(state);
  return state;
}
var FRESHNESS_TIMEOUT_MS = 15e3;
async function verifyOne(base, expected, pages, o) {
  const endpoint = endpointLabel(base);
  const stop = new AbortController();
  let githubPages = false;
  const onAnswer = (isPages) => {
    githubPages = isPages;
    if (isPages) pages.follow(stop);
  };
  const served = await pollServed(
    base,
    expected.files,
    { ...o.ctx, signal: stop.signal },
    {
      startedAt: o.startedAt,
      deadline: o.deadline,
      intervalMs: o.intervalMs,
      progressMs: o.progressMs,
      progress: (line) => o.log(`${endpoint}: ${line}`)
    },
    onAnswer
  );
  const [spot, retail] = await Promise.all([
    spotFreshness(endpointReader(base, o.ctx, FRESHNESS_TIMEOUT_MS), o.ctx.clock, o.maxAgeSpot),
    retailFreshness(endpointReader(base, o.ctx, FRESHNESS_TIMEOUT_MS), o.ctx.clock, o.maxAgeRetail)
  ]);
  const failures = [];
  if (githubPages && pages.failed) {
    failures.push(
      `GitHub Pages build of ${pages.failed.commit.slice(0, 7)} errored: ${pages.failed.message}`
    );
  } else {
    failures.push(...servedFailures(served.paths, o.timeoutSeconds));
  }
  for (const f of [freshnessFailure("spot", spot), freshnessFailure("retail", retail)])
    if (f) failures.push(f);
  const count = served.paths.filter((p) => p.state === "served").length;
  o.log(
    `${endpoint}: ${count}/${expected.files.length} served${failures.length ? ` \u2014 ${failures.join("; ")}` : ""}`
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
    retail
  };
}

export {
  octokitClient,
  DEFAULTS,
  endpointListSchema,
  parseEndpoints,
  verifyEndpoints,
  verifyPublished
};
