import { describe, expect, it } from 'vitest';
import * as z from '../../src/data/zod.js';

describe('src/data/zod.ts: zod/mini with compiled objects and English messages', () => {
  const shape = { price: z.number().check(z.positive()), metal: z.string() };

  it('objects strip, refuse or keep unknown keys as zod does, with its English messages', () => {
    const value = { price: 2, metal: 'Gold', extra: 1 };
    expect(z.object(shape).parse(value)).toEqual({ price: 2, metal: 'Gold' });
    expect(z.looseObject(shape).parse(value)).toEqual(value);
    const strict = z.strictObject(shape).safeParse(value);
    expect(strict.success).toBe(false);
    expect(z.prettifyError(strict.error!)).toBe('✖ Unrecognized key: "extra"');
    const bad = z.object(shape).safeParse({ price: -1, metal: 3 });
    expect(z.prettifyError(bad.error!)).toBe(
      '✖ Too small: expected number to be >0\n  → at price\n✖ Invalid input: expected string, received number\n  → at metal',
    );
    // A copy with a check is still the compiled object, and still checks.
    const checked = z.object(shape).check(z.refine((o) => o.metal !== 'Lead', 'not a precious metal'));
    expect(checked.safeParse({ price: 1, metal: 'Lead' }).error?.issues[0]?.message).toBe(
      'not a precious metal',
    );
    expect(
      z.strictObject(shape, { error: 'a custom message' }).safeParse(value).error?.issues[0]?.message,
    ).toBe('a custom message');
  });

  it('z.fail rejects the value a transform reads, with the message and parameters given', () => {
    const even = z.pipe(
      z.number(),
      z.transform((n: number, ctx) => (n % 2 === 0 ? n : z.fail(ctx, 'must be even', { noEcho: true }))),
    );
    expect(even.parse(4)).toBe(4);
    const r = even.safeParse(3);
    expect(r.error?.issues).toMatchObject([
      { code: 'custom', message: 'must be even', params: { noEcho: true } },
    ]);
  });
});
