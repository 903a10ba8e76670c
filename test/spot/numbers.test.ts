/** The en-US number formatting of logs and summaries, computed without ICU, must read as toLocaleString's. */
import { describe, expect, it } from 'vitest';
import { grouped } from '../../src/spot/numbers.js';

describe('grouped', () => {
  it('matches toLocaleString("en-US") on prices, counts, halves and signs', () => {
    const values = [
      0, -0, 1, 999, 1000, 1234.5, 2345.675, 2345.665, 0.005, 0.015, 1.005, -1.005, -0.001, 1e6,
      123456789.999, 4e20, 32.125,
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 2000; i++) values.push((random() - 0.2) * 10 ** Math.floor(random() * 9));
    for (let i = 0; i < 500; i++) values.push(Math.round(random() * 1e6) / 1000); // exact thousandths: halves at 2 digits
    for (const v of values) {
      expect(grouped(v, 2), String(v)).toBe(
        v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      );
      expect(grouped(Math.round(v)), String(v)).toBe(Math.round(v).toLocaleString('en-US'));
    }
  });
});
