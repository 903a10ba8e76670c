/**
 * zod/mini, the validation library of every schema we own (import `* as z` from here). Its checks are
 * plain functions that bundles tree-shake, and a schema gets no table of bound methods when it is
 * built, so a command starts sooner: a spot poll loads its schemas in a third of classic zod's time.
 * English messages are registered here, once, before any schema can parse. (The browser client
 * imports zod/mini itself: it shows no messages and stays small.)
 */
import { config, type core, NEVER } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/** Rejects the value a transform is reading with `message` (what classic zod's `ctx.addIssue` did). */
export function fail(ctx: core.ParsePayload, message: string, params?: Record<string, unknown>): never {
  ctx.issues.push({ code: 'custom', message, input: ctx.value, ...(params && { params }) });
  return NEVER;
}
