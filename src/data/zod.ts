/**
 * zod/mini, the validation library of every schema we own (import `* as z` from here). Its checks are
 * plain functions that bundles tree-shake, and a schema gets no table of bound methods when it is
 * built, so a command starts sooner: a spot poll loads its schemas in a third of classic zod's time.
 * English messages are registered here, once, before any schema can parse. (The browser client
 * imports zod/mini itself: it shows no messages and stays small.)
 */

import {
  config,
  looseObject as miniLooseObject,
  object as miniObject,
  strictObject as miniStrictObject,
  NEVER,
  ZodMiniObject,
} from 'zod/mini';
import { $constructor, $ZodObjectJIT, type ParsePayload } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/** Rejects the value a transform is reading with `message` (what classic zod's `ctx.addIssue` did). */
export function fail(ctx: ParsePayload, message: string, params?: Record<string, unknown>): never {
  ctx.issues.push({ code: 'custom', message, input: ctx.value, ...(params && { params }) });
  return NEVER;
}

/**
 * mini's objects, parsed by code zod compiles for their shape, as classic zod's objects are: mini's own
 * walk the shape generically, and read a fact file 2.5 times slower. Compiling costs about a
 * millisecond, which a schema that parses a few values (a command's inputs, a state file, one
 * upstream answer) never earns back: an object is compiled at its 65th value, the ones before walk
 * its shape. Copies made with `.check()`, `z.extend` or `z.partial` keep it. Same issues, same output.
 */
export const COMPILE_AFTER = 64;
const ZodMiniObjectJIT: $constructor<ZodMiniObject> = /* @__PURE__ */ $constructor(
  'ZodMiniObjectJIT',
  (inst, def) => {
    $ZodObjectJIT.init(inst, def);
    ZodMiniObject.init(inst, def);
    const compiledParse = inst._zod.parse;
    let parsed = 0;
    // zod's own switch: a context with `jitless` takes the generic walk (nested objects too).
    inst._zod.parse = (payload, ctx) => {
      if (parsed >= COMPILE_AFTER || ctx?.jitless) return compiledParse(payload, ctx);
      parsed++;
      return compiledParse(payload, { ...ctx, jitless: true });
    };
  },
);
/** The object `mini` builds, made compiled: its definition (shape, catch-all, params) is kept as built. */
const compiled = <F extends typeof miniObject | typeof miniStrictObject | typeof miniLooseObject>(mini: F) =>
  ((shape: Parameters<F>[0], params: Parameters<F>[1]) =>
    new ZodMiniObjectJIT((mini as typeof miniObject)(shape, params)._zod.def)) as F;

// These shadow the three of `export *` above.
export const object = compiled(miniObject);
export const strictObject = compiled(miniStrictObject);
export const looseObject = compiled(miniLooseObject);
