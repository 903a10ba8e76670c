/**
 * zod/mini, the validation library of every schema we own (import `* as z` from here). Its checks are
 * plain functions that bundles tree-shake, and a schema gets no table of bound methods when it is
 * built, so a command starts sooner: a spot poll loads its schemas in a third of classic zod's time.
 * English messages are registered here, once, before any schema can parse. (The browser client
 * imports zod/mini itself: it shows no messages and stays small.)
 */
import {
  config,
  core,
  looseObject as miniLooseObject,
  object as miniObject,
  strictObject as miniStrictObject,
  NEVER,
  ZodMiniObject,
} from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/** Rejects the value a transform is reading with `message` (what classic zod's `ctx.addIssue` did). */
export function fail(ctx: core.ParsePayload, message: string, params?: Record<string, unknown>): never {
  ctx.issues.push({ code: 'custom', message, input: ctx.value, ...(params && { params }) });
  return NEVER;
}

/**
 * mini's object, parsed by the code zod compiles for its shape on first use, as classic zod's objects
 * are: mini's own walks the shape generically, and reads a fact file 2.5 times slower. Copies made
 * with `.check()`, `z.extend` or `z.partial` keep it. Same issues, same output.
 */
const ZodMiniObjectJIT: core.$constructor<ZodMiniObject> = core.$constructor(
  'ZodMiniObjectJIT',
  (inst, def) => {
    core.$ZodObjectJIT.init(inst, def);
    ZodMiniObject.init(inst, def);
  },
);
const compiled = <S extends ZodMiniObject>(schema: S) => new ZodMiniObjectJIT(schema._zod.def) as S;

// These shadow the three of `export *` above.
export const object: typeof miniObject = (shape, params) => compiled(miniObject(shape, params));
export const strictObject: typeof miniStrictObject = (shape, params) =>
  compiled(miniStrictObject(shape, params));
export const looseObject: typeof miniLooseObject = (shape, params) =>
  compiled(miniLooseObject(shape, params));
