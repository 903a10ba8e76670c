/** The knobs of pages-verify with their defaults, shared by the command and by publish commands that chain it. */
import { InputError } from '../data/errors.js';
import type { Logger } from '../data/logger.js';
import type { Clock } from '../data/time.js';
import * as z from '../data/zod.js';
import { endpointUrlSchema } from '../http/endpoint.js';
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
  /** Progress and per-endpoint verdicts (info); none when absent. */
  logger?: Logger;
  /** Directory a relative `expect` is resolved against. */
  cwd?: string;
}

export const endpointListSchema = z.array(endpointUrlSchema).check(
  z.minLength(1, 'name at least one endpoint base URL'),
  z.refine((l) => new Set(l).size === l.length, 'lists the same endpoint twice'),
);

/** Validates the endpoint list; the error names the input. */
export function parseEndpoints(list: readonly string[]): string[] {
  const r = endpointListSchema.safeParse(list);
  if (!r.success) throw new Error(`input "endpoints": ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}

/**
 * The endpoints of a chained verify (`verify: true` on a publish command), checked at the start of
 * the command, before any network or disk work; [] when verify is off.
 */
export function chainedEndpoints(verify: boolean, endpoints: readonly string[]): string[] {
  if (!verify) return [];
  if (endpoints.length === 0)
    throw new InputError('input "verify-endpoints" is required when verify is true');
  try {
    return parseEndpoints(endpoints);
  } catch (err) {
    throw new InputError((err as Error).message.replace('input "endpoints"', 'input "verify-endpoints"'));
  }
}
