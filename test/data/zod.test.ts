import { describe, expect, it, vi } from 'vitest';
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

  it(`an object walks its shape for its first ${z.COMPILE_AFTER} values, then compiles it: same output, same issues`, () => {
    // zod compiles an object's parser with \`new Function(<its code>)\` (and probes \`new Function('')\` once).
    const spy = vi.spyOn(globalThis, 'Function');
    const compiled = () => spy.mock.calls.filter((args) => String(args.at(-1)).trim() !== '').length;
    try {
      const entry = z.object({ ...shape, at: z.object({ day: z.string() }) });
      const good = { price: 2, metal: 'Gold', at: { day: '2026-03-03' }, extra: true };
      const bad = { price: 0, metal: 'Gold', at: { day: 3 } };
      const issues = () => z.prettifyError(entry.safeParse(bad).error!);
      const before = issues(); // the first value parsed
      const outputs = Array.from({ length: z.COMPILE_AFTER - 1 }, () => JSON.stringify(entry.parse(good)));
      expect(compiled()).toBe(0);
      outputs.push(JSON.stringify(entry.parse(good))); // the 65th: compiled now
      expect(compiled()).toBe(1);
      expect(issues()).toBe(before);
      expect(new Set(outputs)).toEqual(
        new Set([JSON.stringify({ price: 2, metal: 'Gold', at: { day: '2026-03-03' } })]),
      );
      expect(before).toBe(
        '✖ Too small: expected number to be >0\n  → at price\n✖ Invalid input: expected string, received number\n  → at at.day',
      );
    } finally {
      spy.mockRestore();
    }
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
