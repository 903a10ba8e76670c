/** The one median of the retail code (src/data/retail-views/stats.ts): a true median, as DESIGN §2.2 requires. */
import { describe, expect, it } from 'vitest';
import { cents, median } from '../../src/data/retail-views/stats.js';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([35.2, 31.9, 40.1])).toBe(35.2);
    expect(median([5])).toBe(5);
  });

  it('averages the two middle values of an even count (the original took one of them)', () => {
    expect(median([10, 40, 20, 30])).toBe(25);
    expect(median([31.5, 32.5])).toBe(32);
  });

  it('sorts numerically, not as text', () => {
    // Sorted as text ('100' < '1000' < '25' < '9') the middle two would be 1000 and 25.
    expect(median([100, 9, 25, 1000])).toBe(62.5);
  });

  it('leaves its input as it was, and has no median of nothing', () => {
    const prices = [3, 1, 2];
    median(prices);
    expect(prices).toEqual([3, 1, 2]);
    expect(median([])).toBeNull();
  });

  it('rounds to cents the same way everywhere', () => {
    expect(cents(1.005)).toBe(1.01);
    expect(cents(median([2345.675, 2345.685])!)).toBe(2345.68);
  });
});
