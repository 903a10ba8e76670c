/**
 * The scheduler on a virtual clock: one page at a time per dealer, the random pause between a
 * dealer's pages, the global cap, the busiest dealer served first, input validation.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/data/time.js';
import { parseConcurrency, parseDelay, schedule } from '../../src/retail/schedule.js';

/** A clock whose time only moves when every task is waiting on it. */
function virtualClock() {
  let now = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const clock: Clock = {
    now: () => new Date(now),
    sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })),
  };
  const drive = async <T>(work: Promise<T>): Promise<T> => {
    let done = false;
    void work.then(
      () => (done = true),
      () => (done = true),
    );
    while (!done) {
      for (let i = 0; i < 10 && !done; i++) await new Promise((r) => setImmediate(r));
      if (done || timers.length === 0) continue;
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift()!;
      now = next.at;
      next.resolve();
    }
    return work;
  };
  return { clock, drive, now: () => now };
}

interface Page {
  vendor: string;
  id: number;
}
const pagesOf = (counts: Record<string, number>): Page[] => {
  const out: Page[] = [];
  let id = 0;
  for (const [vendor, n] of Object.entries(counts))
    for (let i = 0; i < n; i++) out.push({ vendor, id: id++ });
  return out;
};

async function simulate(counts: Record<string, number>, concurrency: number, delay = '100-300', workMs = 50) {
  const { clock, drive, now } = virtualClock();
  const events: { vendor: string; start: number; end: number }[] = [];
  let open = 0;
  let maxOpen = 0;
  const items = pagesOf(counts);
  let r = 0;
  const random = () => {
    r = (r * 9301 + 49297) % 233280;
    return r / 233280;
  };
  const results = await drive(
    schedule({
      items,
      key: (p) => p.vendor,
      concurrency,
      delay: parseDelay(delay),
      clock,
      random,
      run: async (p) => {
        const start = now();
        maxOpen = Math.max(maxOpen, ++open);
        await clock.sleep(workMs);
        open--;
        events.push({ vendor: p.vendor, start, end: now() });
        return p.id;
      },
    }),
  );
  return { results, events, maxOpen, total: now(), items };
}

describe('schedule', () => {
  it('keeps one page at a time per dealer with the pause between, under the global cap', async () => {
    const { results, events, maxOpen, items } = await simulate({ a: 6, b: 4, c: 3, d: 3, e: 2, f: 1 }, 3);
    expect(results).toEqual(items.map((p) => p.id));
    expect(maxOpen).toBe(3);
    for (const vendor of 'abcdef') {
      const mine = events.filter((e) => e.vendor === vendor).sort((x, y) => x.start - y.start);
      for (let i = 1; i < mine.length; i++) {
        const gap = mine[i]!.start - mine[i - 1]!.end;
        expect(gap).toBeGreaterThanOrEqual(100);
        expect(gap).toBeLessThanOrEqual(300 + 50 * 6);
      }
    }
  });

  it('finishes in about the busiest dealer’s serial time, not the sum of all pages', async () => {
    const counts = { a: 10, b: 5, c: 5, d: 5, e: 5, f: 5, g: 5, h: 5, i: 5 };
    const { total } = await simulate(counts, 4, '200', 50);
    const busiest = 10 * 50 + 9 * 200;
    const sum = 55 * 50 + 54 * 200;
    expect(total).toBeLessThan(busiest * 1.5);
    expect(total).toBeLessThan(sum / 4);
  });

  it('gives a free slot to the dealer with the most pages left', async () => {
    // `mid` asked first, but `big` has more pages left.
    const { events } = await simulate({ small: 1, mid: 2, big: 4 }, 1, '0');
    expect(events.slice(0, 2).map((e) => e.vendor)).toEqual(['small', 'big']);
  });

  it('parses and validates per-vendor-delay and concurrency', () => {
    expect(parseDelay('2000-8000')).toEqual({ minMs: 2000, maxMs: 8000 });
    expect(parseDelay('3000')).toEqual({ minMs: 3000, maxMs: 3000 });
    expect(() => parseDelay('8000-2000')).toThrow(/per-vendor-delay must be .* got "8000-2000"/);
    expect(() => parseDelay('fast')).toThrow(/per-vendor-delay/);
    expect(parseConcurrency('4')).toBe(4);
    expect(() => parseConcurrency('0')).toThrow(/concurrency must be a whole number from 1 to 64, got "0"/);
  });
});
