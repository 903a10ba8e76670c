/** The knobs of pages-verify with their defaults, shared by the command and by publish commands that chain it. */
import { z } from 'zod';
import type { Clock } from '../data/time.js';
import type { FetchLike } from '../http/fetch.js';
import type { GitHubClientFactory } from './pages-api.js';

export const DEFAULTS = {
  timeoutSeconds: 600,
  intervalSeconds: 10,
  progressSeconds: 15,
  maxAgeSpotMinutes: 20,
  maxAgeRetailMinutes: 30,
  githubApiUrl: 'https://api.github.com',
} as const;

export interface VerifyOptions {
  /** Base URLs, e.g. https://api.staktrakr.com and https://api1.staktrakr.com. */
  endpoints: readonly string[];
  /** A data checkout directory or `owner/name[@ref]`; absent: freshness checks only. */
  expect?: string;
  /** Explicit paths instead of the files changed by the last commit. */
  paths?: readonly string[];
  timeoutSeconds?: number;
  intervalSeconds?: number;
  /** While waiting, a progress line per endpoint this often. */
  progressSeconds?: number;
  /** Minutes since the newest spot entry; 0 skips the check. */
  maxAgeSpotMinutes?: number;
  /** Minutes since the manifest's generated_at; 0 skips the check. */
  maxAgeRetailMinutes?: number;
  /** Enables the GitHub Pages build check (and `expect: owner/name@ref`). */
  token?: string;
  /** owner/name of the repository GitHub Pages builds; defaults to the repository of `expect`. */
  repository?: string;
  githubApiUrl?: string;
}

export interface VerifyDeps {
  fetch?: FetchLike;
  clock?: Clock;
  /** Builds the GitHub REST client; needed only when a token is given. */
  githubClient?: GitHubClientFactory;
  log?: (line: string) => void;
  /** Directory a relative `expect` is resolved against. */
  cwd?: string;
}

/** An http(s) base URL without credentials or query: it appears in reports. */
export const endpointUrlSchema = z.string().transform((s, ctx) => {
  let url: URL;
  try {
    url = new URL(s.trim());
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a URL` });
    return z.NEVER;
  }
  if (!/^https?:$/.test(url.protocol)) ctx.addIssue({ code: 'custom', message: `"${s}" is not http(s)` });
  else if (url.username || url.password)
    ctx.addIssue({ code: 'custom', message: 'an endpoint URL must not hold credentials' });
  else if (url.search || url.hash)
    ctx.addIssue({ code: 'custom', message: `"${s}" must be a base URL without ?query or #fragment` });
  return url.toString();
});

export const endpointListSchema = z
  .array(endpointUrlSchema)
  .min(1, 'name at least one endpoint base URL')
  .refine((l) => new Set(l).size === l.length, 'lists the same endpoint twice');

/** Validates the endpoint list; the error names the input. */
export function parseEndpoints(list: readonly string[]): string[] {
  const r = endpointListSchema.safeParse(list);
  if (!r.success) throw new Error(`input "endpoints": ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}
