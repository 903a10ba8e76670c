/**
 * The GitHub REST client handed to domain modules, which never import `@actions/*` themselves:
 * `getOctokit` with a configurable base URL (GitHub Enterprise, or a loopback server in tests).
 */

export interface OctokitRequester {
  request(route: string, params?: Record<string, unknown>): Promise<{ status: number; data: unknown }>;
}

export function octokitClient(token: string, baseUrl: string): OctokitRequester {
  // Loaded on first use: most runs never call the GitHub API, and @actions/github is most of a
  // bundle's start-up time.
  const octokit = import('@actions/github').then(({ getOctokit }) => getOctokit(token, { baseUrl }));
  return { request: async (route, params) => (await octokit).request(route, params) };
}
