/**
 * Which URLs an input may hold: parsed with `URL`, one of the schemes the input means (a web
 * address is http or https; never file:, javascript: or data:), and no credential in the userinfo
 * or the query. Messages show the URL only in its redacted form, and never when it holds a credential.
 */
import * as z from '../data/zod.js';
import { redactUrl, SECRET_PARAM } from './redact.js';

export interface UrlPolicy {
  /** Accepted schemes, without the colon: ['http', 'https']. */
  schemes: readonly string[];
  /** A base URL: no ?query and no #fragment (paths and queries are appended to it). */
  base?: boolean;
  /**
   * Credentials may sit in the query (browserless' `?token=`): only for inputs that are themselves
   * secret, hence masked whole.
   */
  secretQuery?: boolean;
}

/** Issues that must not be followed by the input's value (parseInputs reads this). */
export const NO_ECHO = { noEcho: true } as const;

const MAX_URL = 2048;
const shown = (s: string) => JSON.stringify(redactUrl(s).slice(0, 120));
const schemeList = (p: UrlPolicy) => p.schemes.map((s) => `${s}://`).join(' or ');
/** ['http', 'https'] → http(s). */
const schemeName = ({ schemes: [a, b, ...more] }: UrlPolicy) =>
  b === `${a}s` && more.length === 0 ? `${a}(s)` : [a, b, ...more].filter(Boolean).join('/');

/** The problem with `raw` under the policy, or the parsed URL. */
export function checkUrl(raw: string, policy: UrlPolicy): { url: URL } | { problem: string } {
  const s = raw.trim();
  if (s.length > MAX_URL) return { problem: `is longer than ${MAX_URL} characters` };
  // URL() silently drops tabs and newlines; a value holding them is not one URL.
  if (/[\p{Cc}\s]/u.test(s)) return { problem: 'must be one URL, without spaces or control characters' };
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return { problem: `${shown(s)} is not a URL (expected ${schemeList(policy)}…)` };
  }
  const scheme = url.protocol.slice(0, -1);
  if (url.username || url.password)
    return {
      problem: `must not hold credentials (user:password@): a token goes in its own secret input`,
    };
  const params = [...url.searchParams.keys(), ...new URLSearchParams(url.hash.slice(1)).keys()];
  if (!policy.secretQuery && params.some((k) => SECRET_PARAM.test(k)))
    return {
      problem:
        'must not carry a credential in its query (token=, key=, …): a token goes in its own secret input',
    };
  if (!policy.schemes.includes(scheme))
    return { problem: `${shown(s)} is not ${schemeName(policy)} (expected ${schemeList(policy)}…)` };
  if (policy.base && (url.search || url.hash))
    return { problem: `${shown(s)} must be a base URL without ?query or #fragment` };
  return { url };
}

/** A zod schema for one URL under the policy; the result is the normalised URL text. */
export const urlSchema = (policy: UrlPolicy) =>
  z.pipe(
    z.string(),
    z.transform((s: string, ctx) => {
      const r = checkUrl(s, policy);
      return 'problem' in r ? z.fail(ctx, r.problem, NO_ECHO) : r.url.href;
    }),
  );
