/**
 * Inputs are declared once — kebab-case name, description, default, environment aliases — and
 * read the same way as an action input (`with: api-key:`), a CLI flag (`--api-key`) or an
 * environment alias (`METAL_PRICE_API_KEY`). Values are validated with zod before any work starts.
 */

import { InputError } from '../data/errors.js';
import * as z from '../data/zod.js';
import { repoProblem } from '../git/repo-url.js';
import { redact } from '../http/redact.js';
import { NO_ECHO, urlSchema } from '../http/url-policy.js';
import { didYouMean } from './suggest.js';

export interface InputSpec<T = unknown> {
  description: string;
  /** Default as the user would type it; absent means "not set". */
  default?: string;
  /** Environment variables read when the input is not given (first set one wins). */
  env?: readonly string[];
  /** Masked in logs and never echoed. */
  secret?: boolean;
  schema: z.ZodMiniType<T>;
}

export type InputSpecs = Record<string, InputSpec>;
export type InputValues<S extends InputSpecs> = { [K in keyof S]: z.output<S[K]['schema']> };

// Domain code throws it too, and may not import the runtime: it lives in src/data.
export { InputError };

/** Parses raw strings (undefined or empty = not given) into typed values; the first bad input throws, named. */
export function parseInputs<S extends InputSpecs>(
  specs: S,
  raw: (name: string, spec: InputSpec) => string | undefined,
): InputValues<S> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const given = raw(name, spec);
    const value = given === undefined || given === '' ? spec.default : given;
    const result = spec.schema.safeParse(value);
    if (!result.success) {
      // The value is echoed only when it is not secret and the schema did not say it must not be.
      const quiet =
        spec.secret ||
        value === undefined ||
        result.error.issues.some((i) => i.code === 'custom' && i.params?.noEcho);
      const shown = quiet ? '' : ` (got ${JSON.stringify(redact(value).slice(0, 120))})`;
      const why = result.error.issues.map((i) => i.message).join('; ');
      throw new InputError(`input "${name}"${shown}: ${why}`);
    }
    out[name] = result.data;
  }
  return out as InputValues<S>;
}

// Specs for the shapes many inputs share.

/** An optional secret (a key, a token): masked, never echoed, read from its environment aliases too. */
export const secretInput = (description: string, ...env: string[]) => ({
  description,
  env,
  secret: true,
  schema: optional(),
});

/** A true/false switch. */
export const flag = (description: string, dflt: boolean) => ({
  description,
  default: String(dflt),
  schema: boolean(),
});

// Schemas for the kinds of input every command uses. Each takes the raw string (or undefined).

const text = z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') });
/** The given text, read by `read` (which rejects it through `z.fail`). */
const textThen = <T>(read: (s: string, ctx: z.core.ParsePayload) => T) => z.pipe(text, z.transform(read));

export const required = () => text.check(z.trim(), z.minLength(1, 'is required'));
export const optional = () => z.optional(z.string().check(z.trim()));

export const boolean = () =>
  textThen((s, ctx) => {
    const v = s.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    return z.fail(ctx, 'must be true or false');
  });

export const integer = (min: number, max: number) =>
  textThen((s, ctx) => {
    const n = Number(s.trim());
    if (!Number.isInteger(n) || n < min || n > max)
      return z.fail(ctx, `must be a whole number from ${min} to ${max}`);
    return n;
  });

export const number = (min: number, max: number) =>
  textThen((s, ctx) => {
    const n = Number(s.trim());
    if (!Number.isFinite(n) || n < min || n > max)
      return z.fail(ctx, `must be a number from ${min} to ${max}`);
    return n;
  });

/** Comma- or newline-separated list; empty items dropped. */
export const list = () =>
  z.pipe(
    z.optional(z.string()),
    z.transform((s: string | undefined) =>
      (s ?? '')
        .split(/[,\n]/)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  );

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  textThen((s, ctx) => {
    const v = s.trim().toLowerCase();
    if (!(values as readonly string[]).includes(v)) return z.fail(ctx, `must be one of ${values.join(', ')}`);
    return v as T[number];
  });

/** A text schema whose check returns a problem (shown without the value) or undefined. */
const checked = (problem: (s: string) => string | undefined) =>
  textThen((raw, ctx) => {
    const s = raw.trim();
    const why = problem(s);
    return why === undefined ? s : z.fail(ctx, why, NO_ECHO);
  });

/** Control characters (newline, NUL, ESC…) and invisible format characters (bidi overrides…). */
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/**
 * A branch name as git's check-ref-format accepts it, and never one git could read as an option, a
 * forced refspec or a revision expression: no leading - or +, not HEAD.
 */
export function refNameProblem(name: string): string | undefined {
  const expected = 'must be a branch name like main or data/live';
  if (!name) return 'is required';
  if (name.length > 200) return `${expected} (at most 200 characters)`;
  if (/^[-+]/.test(name)) return `${expected}, not starting with "${name[0]}"`;
  if (name === 'HEAD' || name === '@') return `${expected}, not "${name}"`;
  if (CONTROL.test(name) || /[\s~^:?*[\\]/.test(name))
    return `${expected}, without spaces, control characters or any of ~ ^ : ? * [ \\`;
  if (name.includes('..') || name.includes('@{')) return `${expected}, without ".." or "@{"`;
  if (name.includes('//') || name.startsWith('/') || name.endsWith('/'))
    return `${expected}, without empty path components ("//", leading or trailing "/")`;
  if (name.endsWith('.') || name.split('/').some((c) => c.startsWith('.') || c.endsWith('.lock')))
    return `${expected}, no component starting with "." or ending with ".lock", not ending with "."`;
  return undefined;
}

export const refName = () => checked(refNameProblem);

/** One line of text naming something (a poller id in commit messages, a coin slug): bounded, printable. */
export const identifier = (max = 64) =>
  checked((s) => {
    if (!s) return 'is required';
    if (CONTROL.test(s)) return 'must be one line without control characters';
    if (s.length > max) return `must be at most ${max} characters`;
    return undefined;
  });

/** A file-system path: one line, not read as an option. */
export const path = () =>
  checked((s) => {
    if (CONTROL.test(s)) return 'must be one line without control characters';
    if (s.startsWith('-')) return 'must not start with "-" (write ./-name)';
    if (s.length > 4096) return 'must be at most 4096 characters';
    return undefined;
  });
export const optionalPath = () => z.optional(path());

/** Comma- or newline-separated list whose items each pass `item`. */
export const listOf = <T>(item: z.ZodMiniType<T, string>) => z.pipe(list(), z.array(item));

/** Names from an explicit set: a Set lookup, so __proto__, toString or constructor are just unknown. */
export const namesFrom = (known: readonly string[]) => {
  const set = new Set(known);
  return listOf(
    checked((s) =>
      set.has(s)
        ? undefined
        : `"${CONTROL.test(s) ? '?' : s.slice(0, 40)}" is not one of ${known.join(', ')}${didYouMean(s, known)}`,
    ),
  );
};

/** An http(s) base URL (an API, a self-hosted service): no credentials, no query. */
export const baseUrl = () => urlSchema({ schemes: ['http', 'https'], base: true });
export const optionalBaseUrl = () => z.optional(baseUrl());
/** An http(s) page address (a path and query allowed; no credentials). */
export const optionalWebUrl = () => z.optional(urlSchema({ schemes: ['http', 'https'] }));
/** A list of http(s) base URLs. */
export const baseUrls = () => listOf(baseUrl());
/**
 * A remote browser: a WebSocket endpoint, or the http(s) address CDP discovers it from. The input is
 * secret, so a token in its query (browserless' ?token=) is allowed.
 */
export const optionalWsUrl = () =>
  z.optional(urlSchema({ schemes: ['ws', 'wss', 'http', 'https'], secretQuery: true }));

/** A data repository: owner/name, https URL, local path or file:// URL; a credential in it is refused. */
export const repository = () => checked(repoProblem);

/** owner/name on GitHub. */
export const ownerName = () =>
  checked((s) =>
    /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/.test(s) && !s.split('/').includes('..')
      ? undefined
      : 'must be owner/name',
  );

/** An HTTP header name (RFC 9110 token). */
export const headerName = () =>
  checked((s) =>
    /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/.test(s)
      ? undefined
      : 'must be an HTTP header name like fly-client-ip',
  );

/** ISO 4217 codes: EUR,GBP. */
export const currencyCodes = () =>
  z.pipe(
    listOf(checked((s) => (/^[A-Za-z]{3}$/.test(s) ? undefined : 'must be a three-letter currency code'))),
    z.transform((l: string[]) => l.map((c) => c.toUpperCase())),
  );

/**
 * A text input read by a domain parser that throws (a shard, a delay range): the parser's message
 * becomes the input's, so the input is rejected with the others, before any work.
 */
export const parsedBy = <I, T>(base: z.ZodMiniType<I>, parse: (value: I) => T) =>
  z.pipe(
    base,
    z.transform((value: I, ctx) => {
      try {
        return parse(value);
      } catch (err) {
        return z.fail(ctx, err instanceof Error ? err.message : String(err));
      }
    }),
  );
