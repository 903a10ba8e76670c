/**
 * Inputs are declared once — kebab-case name, description, default, environment aliases — and
 * read the same way as an action input (`with: api-key:`), a CLI flag (`--api-key`) or an
 * environment alias (`METAL_PRICE_API_KEY`). Values are validated with zod before any work starts.
 */
import { z } from 'zod';

export interface InputSpec<T = unknown> {
  description: string;
  /** Default as the user would type it; absent means "not set". */
  default?: string;
  /** Environment variables read when the input is not given (first set one wins). */
  env?: readonly string[];
  /** Masked in logs and never echoed. */
  secret?: boolean;
  schema: z.ZodType<T>;
}

export type InputSpecs = Record<string, InputSpec>;
export type InputValues<S extends InputSpecs> = {
  [K in keyof S]: S[K] extends InputSpec<infer T> ? T : never;
};

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

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
      const shown = spec.secret || value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
      const why = result.error.issues.map((i) => i.message).join('; ');
      throw new InputError(`input "${name}"${shown}: ${why}`);
    }
    out[name] = result.data;
  }
  return out as InputValues<S>;
}

// Schemas for the kinds of input every command uses. Each takes the raw string (or undefined).

const text = z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') });

export const required = () => text.trim().min(1, 'is required');
export const optional = () => z.string().trim().optional();

export const boolean = () =>
  text.transform((s, ctx) => {
    const v = s.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return z.NEVER;
  });

export const integer = (min: number, max: number) =>
  text.transform((s, ctx) => {
    const n = Number(s.trim());
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });

export const number = (min: number, max: number) =>
  text.transform((s, ctx) => {
    const n = Number(s.trim());
    if (!Number.isFinite(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be a number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });

/** Comma- or newline-separated list; empty items dropped. */
export const list = () =>
  z
    .string()
    .optional()
    .transform((s) =>
      (s ?? '')
        .split(/[,\n]/)
        .map((x) => x.trim())
        .filter(Boolean),
    );

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  text.transform((s, ctx) => {
    const v = s.trim().toLowerCase();
    if (!(values as readonly string[]).includes(v)) {
      ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
      return z.NEVER;
    }
    return v as T[number];
  });
