/**
 * The GitHub REST calls pages-verify makes: the Pages build of the pushed commit, and (when the
 * expected files come from a repository rather than a checkout) a commit's changed files and their
 * contents. The client is built by a factory the command passes in — `getOctokit(token, {baseUrl})`
 * in production — so this domain module never imports `@actions/*`, and every answer is checked
 * with zod before it is trusted.
 */
import * as z from '../data/zod.js';

/** The one Octokit method used here (`octokit.request`). */
export interface GitHubRequester {
  request(route: string, params?: Record<string, unknown>): Promise<{ status: number; data: unknown }>;
}

/** Builds an authenticated client for the API at `baseUrl` (https://api.github.com or a GHES/loopback URL). */
export type GitHubClientFactory = (token: string, baseUrl: string) => GitHubRequester;

export interface Repository {
  owner: string;
  repo: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** "owner/name" → parts; undefined when the text is not of that form. */
export function parseRepository(text: string): Repository | undefined {
  const [owner, repo, ...rest] = text.trim().split('/');
  if (rest.length > 0 || !owner || !repo || !NAME.test(owner) || !NAME.test(repo)) return undefined;
  return { owner, repo: repo.replace(/\.git$/, '') };
}

export const formatRepository = (r: Repository) => `${r.owner}/${r.repo}`;

export interface PagesBuild {
  /** GitHub's words: built, building, queued, errored. */
  status: string;
  commit: string;
  /** GitHub's error message of a failed build. */
  message?: string;
}

const pagesBuildShape = z.object({
  status: z.string(),
  commit: z.nullish(z.string()),
  error: z.nullish(z.object({ message: z.nullish(z.string()) })),
});

const commitShape = z.object({
  sha: z.string().check(z.regex(/^[0-9a-f]{40}$/, 'must be a 40-hex commit id')),
  files: z._default(z.array(z.object({ filename: z.string(), status: z.string() })), []),
});

class GitHubApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'GitHubApiError';
  }
}

/** Typed, validated access to the few endpoints verify needs. Messages name the route, never the token. */
export class GitHubApi {
  constructor(
    private readonly client: GitHubRequester,
    readonly repository: Repository,
  ) {}

  /** The newest Pages build, or undefined when the repository has none (404: Pages off or never built). */
  async latestPagesBuild(): Promise<PagesBuild | undefined> {
    const data = await this.get('GET /repos/{owner}/{repo}/pages/builds/latest', {}, { notFound: true });
    return data === undefined ? undefined : toBuild(parse(pagesBuildShape, data, 'pages build'));
  }

  /** Recent Pages builds, newest first. */
  async pagesBuilds(): Promise<PagesBuild[]> {
    const data = await this.get('GET /repos/{owner}/{repo}/pages/builds', { per_page: 30 });
    return parse(z.array(pagesBuildShape), data, 'pages builds').map(toBuild);
  }

  /** A commit and the paths it added or modified (GitHub lists up to 300 files). */
  async commit(ref: string): Promise<{ sha: string; paths: string[] }> {
    const data = parse(
      commitShape,
      await this.get('GET /repos/{owner}/{repo}/commits/{ref}', { ref }),
      'commit',
    );
    return { sha: data.sha, paths: data.files.filter((f) => f.status !== 'removed').map((f) => f.filename) };
  }

  /** The raw text of a file at a commit. */
  async fileText(path: string, ref: string): Promise<string> {
    const data = await this.get('GET /repos/{owner}/{repo}/contents/{path}', {
      path,
      ref,
      headers: { accept: 'application/vnd.github.raw+json' },
    });
    // Octokit hands a raw body over as text or bytes, depending on the content type GitHub sends.
    if (typeof data === 'string') return data;
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      return new TextDecoder().decode(data as ArrayBuffer | ArrayBufferView);
    }
    throw new GitHubApiError(`${formatRepository(this.repository)}:${path} did not come back raw`, undefined);
  }

  private async get(
    route: string,
    params: Record<string, unknown>,
    { notFound = false } = {},
  ): Promise<unknown> {
    try {
      const res = await this.client.request(route, { ...this.repository, ...params });
      return res.data;
    } catch (err) {
      const e = err as { status?: number; message?: string; response?: { data?: { message?: string } } };
      if (notFound && e.status === 404) return undefined;
      const why = e.response?.data?.message ?? e.message ?? String(err);
      throw new GitHubApiError(
        `GitHub API ${route.replace('{owner}/{repo}', formatRepository(this.repository))} failed${
          e.status ? ` (HTTP ${e.status})` : ''
        }: ${why}`,
        e.status,
      );
    }
  }
}

function parse<T>(schema: z.ZodMiniType<T>, data: unknown, what: string): T {
  const r = schema.safeParse(data);
  if (!r.success)
    throw new GitHubApiError(`GitHub API ${what} has an unexpected shape: ${z.prettifyError(r.error)}`, 200);
  return r.data;
}

const toBuild = (b: z.infer<typeof pagesBuildShape>): PagesBuild => ({
  status: b.status,
  commit: b.commit ?? '',
  ...(b.error?.message ? { message: b.error.message } : {}),
});

export type PagesBuildState =
  | { state: 'built'; commit: string }
  | { state: 'failed'; commit: string; message: string }
  | { state: 'pending'; detail: string }
  | { state: 'unavailable'; detail: string };

/**
 * Where the Pages build of `sha` stands. Only an `errored` build of that very commit is a failure;
 * a build of another commit, or none yet, is pending (Pages may coalesce pushes into one build).
 */
export async function pagesBuildFor(api: GitHubApi, sha: string): Promise<PagesBuildState> {
  const latest = await api.latestPagesBuild();
  if (!latest) return { state: 'unavailable', detail: 'the repository has no GitHub Pages builds' };
  const build = latest.commit === sha ? latest : (await api.pagesBuilds()).find((b) => b.commit === sha);
  if (!build)
    return {
      state: 'pending',
      detail: `no Pages build of ${sha.slice(0, 7)} yet (latest: ${latest.status})`,
    };
  if (build.status === 'built') return { state: 'built', commit: sha };
  if (build.status === 'errored') {
    return { state: 'failed', commit: sha, message: build.message ?? 'GitHub gave no error message' };
  }
  return { state: 'pending', detail: `Pages build of ${sha.slice(0, 7)} is ${build.status}` };
}
