/**
 * The GitHub REST client handed to domain modules, which never import `@actions/*` themselves:
 * `getOctokit` with a configurable base URL (GitHub Enterprise, or a loopback server in tests).
 */
import { getOctokit } from '@actions/github';

export interface OctokitRequester {
  request(route: string, params?: Record<string, unknown>): Promise<{ status: number; data: unknown }>;
}

export function octokitClient(token: string, baseUrl: string): OctokitRequester {
  const octokit = getOctokit(token, { baseUrl });
  return { request: (route, params) => octokit.request(route, params) };
}
