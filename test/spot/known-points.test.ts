/**
 * The facts a live quote is checked against are read back from the newest day only (a live
 * repository holds 96 slot files a day, and a poll used to read six days of them): the checks must
 * come out exactly as they did with every day read — the same nearest earlier neighbour, the same
 * quotes of the same moment, the same verdict on a jumped quote — on a layout with empty days, a
 * weekend, implausible facts and quarters just after midnight.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seeded } from '../../scripts/soak/random.js';
import type { Metal } from '../../src/data/metals.js';
import { mergeSpotHistory, missingSlots, readSpotFile, writeSlot } from '../../src/data/spot-store.js';
import { checkAgainstNeighbours, type PricePoint, SAME_MOMENT } from '../../src/data/spot-validate.js';
import { entriesFor, knownPoints } from '../../src/spot/poll-run.js';
import type { SeedTime } from '../../src/spot/seed-time.js';
import { tempDir } from '../helpers/git.js';
import { hasRealData, REAL_DATA } from '../helpers/real-data.js';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

const QUARTER = 15 * 60_000;
const DAY = 86_400_000;
const seed: SeedTime = { hour: 12, minute: 0, timeZone: 'America/New_York' };
const pricesAt = (t: number, scale = 1): Record<Metal, number> => {
  const wave = 1 + 0.01 * Math.sin(t / 3_600_000);
  return {
    Gold: Math.round(3000 * wave * scale * 100) / 100,
    Silver: Math.round(33 * wave * 100) / 100,
    Platinum: Math.round(1000 * wave * 100) / 100,
    Palladium: Math.round(950 * wave * 100) / 100,
  };
};

/**
 * Slot files over [start, end): busy days, a sparse day, a day without a file, $1 gold now and then;
 * and the reference days (the yearly history files) of every weekday from 1 December 2025 to `end`.
 */
async function layout(
  root: string,
  start: string,
  end: string,
  empty: number,
  sparse: number,
): Promise<void> {
  const random = seeded(7);
  for (let t = Date.parse(start); t < Date.parse(end); t += QUARTER) {
    const day = new Date(t).getUTCDate();
    if (day === empty) continue;
    if (day === sparse && random() < 0.8) continue;
    if (random() < 0.15) continue; // missed slots
    const prices = pricesAt(t);
    if (random() < 0.05) prices.Gold = 1; // an upstream's $1 gold, kept as it was written
    await writeSlot(root, new Date(t), entriesFor(new Date(t), prices, 'latest', 'MetalPriceAPI'));
  }
  for (let t = Date.parse('2025-12-01T12:00:00Z'); t < Date.parse(end); t += DAY) {
    if ([0, 6].includes(new Date(t).getUTCDay())) continue;
    const entries = entriesFor(new Date(t), pricesAt(t), 'seed', 'MetalPriceAPI');
    await mergeSpotHistory(root, new Date(t).getUTCFullYear(), entries);
  }
}

/** knownPoints both ways for every `step` quarters in [first, last]: the checks of a quote there must agree. */
async function compare(root: string, first: string, last: string, seed: SeedTime, step = 1) {
  let fewer = 0;
  let compared = 0;
  for (let to = Date.parse(first); to <= Date.parse(last); to += step * QUARTER) {
    // As collectSpotFacts asks: backfill-hours 24, and a day before it.
    const from = new Date(to - 2 * DAY);
    const all = await knownPoints(root, from, new Date(to), seed);
    const newest = await knownPoints(root, from, new Date(to), seed, true);
    const allKeys = new Set(all.map(key));
    expect(newest.every((p) => allKeys.has(key(p)))).toBe(true);
    expect(latestBefore(newest, to)).toEqual(latestBefore(all, to));
    const sameMoment = (points: PricePoint[]) =>
      points.filter((p) => Math.abs(p.at - to) <= SAME_MOMENT).map(key);
    expect(sameMoment(newest)).toEqual(sameMoment(all));
    for (const scale of [1, 1.3, 0.6]) {
      const quote = [{ at: to, prices: pricesAt(to, scale), what: 'live', source: 'Other latest' }];
      expect(checkAgainstNeighbours(quote, newest, false)).toEqual(checkAgainstNeighbours(quote, all, false));
    }
    compared++;
    if (newest.length < all.length) fewer++;
  }
  return { compared, fewer };
}

const key = (p: PricePoint) => `${p.what} ${p.at}`;
const latestBefore = (points: PricePoint[], t: number) =>
  points
    .filter((p) => p.at < t)
    .sort((a, b) => a.at - b.at)
    .at(-1);

describe('the facts a live quote is checked against', () => {
  it('read back from the newest day, give every check the same answer as all six days', async () => {
    dir = tempDir();
    // Monday 2 to Thursday 5 March; Tuesday without a file, Wednesday sparse.
    await layout(dir.path, '2026-03-02T00:00:00Z', '2026-03-06T00:00:00Z', 3, 4);
    // Every quarter from Monday noon to Saturday midnight: busy days, after the empty one, after the last file.
    const { compared, fewer } = await compare(dir.path, '2026-03-02T12:00:00Z', '2026-03-07T00:00:00Z', seed);
    expect(compared).toBe(4 * 96 + 49);
    // Reading less is the point: most quarters need only their own day (and this year's history).
    expect(fewer).toBeGreaterThan(compared / 2);
  });

  it.skipIf(!hasRealData)('on the real snapshot, every three hours of its last four days', async () => {
    const { compared, fewer } = await compare(
      REAL_DATA,
      '2026-03-12T00:00:00Z',
      '2026-03-16T00:00:00Z',
      seed,
      12,
    );
    expect(compared).toBe(33);
    expect(fewer).toBe(compared);
  });

  it("across New Year, with a seed time that moves 31 December's reference into 1 January", async () => {
    dir = tempDir();
    await layout(dir.path, '2025-12-30T00:00:00Z', '2026-01-03T00:00:00Z', 31, 2);
    const late: SeedTime = { hour: 23, minute: 0, timeZone: 'America/Los_Angeles' };
    const { compared } = await compare(dir.path, '2025-12-31T12:00:00Z', '2026-01-04T00:00:00Z', late);
    expect(compared).toBe(3 * 96 + 49);
  });

  it('right after midnight, the last half hour of the day before is read too, and no more', async () => {
    dir = tempDir();
    for (const at of ['2026-03-04T23:00:00Z', '2026-03-04T23:45:00Z', '2026-03-05T00:00:00Z']) {
      const t = new Date(at);
      await writeSlot(dir.path, t, entriesFor(t, pricesAt(t.getTime()), 'latest', 'MetalPriceAPI'));
    }
    const to = new Date('2026-03-05T00:15:00Z');
    const newest = await knownPoints(dir.path, new Date(to.getTime() - 2 * DAY), to, seed, true);
    // 00:00 would do as the neighbour; 23:45 is a quote of the same moment; 23:00 is neither.
    expect(newest.filter((p) => p.what.startsWith('slot')).map((p) => p.what)).toEqual([
      'slot 2026-03-04 23:45',
      'slot 2026-03-05 00:00',
    ]);
  });

  it('a folder where a slot file belongs is no fact and stops no poll; a write to its very path is refused by name', async () => {
    dir = tempDir();
    const good = new Date('2026-03-05T11:00:00Z');
    await writeSlot(dir.path, good, entriesFor(good, pricesAt(good.getTime()), 'latest', 'MetalPriceAPI'));
    // Another writer committed folders named like the newest slot files.
    for (const name of ['1145.json', '1130.json']) {
      mkdirSync(join(dir.path, 'data/15min/2026/03/05', name));
      writeFileSync(join(dir.path, 'data/15min/2026/03/05', name, 'x'), '');
    }
    const to = new Date('2026-03-05T12:00:00Z');
    const newest = await knownPoints(dir.path, new Date(to.getTime() - 2 * DAY), to, seed, true);
    expect(latestBefore(newest, to.getTime())?.what).toBe('slot 2026-03-05 11:00');
    expect(await readSpotFile(dir.path, 'data/15min/2026/03/05/1145.json')).toMatchObject({
      status: 'corrupt',
    });
    expect((await missingSlots(dir.path, good, to)).map((d) => d.toISOString().slice(11, 16))).toEqual([
      '11:15',
      '11:30',
      '11:45',
    ]);
    const slot = new Date('2026-03-05T11:45:00Z');
    await expect(
      writeSlot(dir.path, slot, entriesFor(slot, pricesAt(slot.getTime()), 'latest', 'MetalPriceAPI')),
    ).rejects.toThrow(
      /data\/15min\/2026\/03\/05\/1145\.json is a folder, not a file; refusing to overwrite it/,
    );
  });

  it('a day whose only fact is $1 gold is read past: the neighbour is the last plausible fact', async () => {
    dir = tempDir();
    const good = new Date('2026-03-04T10:00:00Z');
    await writeSlot(dir.path, good, entriesFor(good, pricesAt(good.getTime()), 'latest', 'MetalPriceAPI'));
    const broken = new Date('2026-03-05T09:00:00Z');
    await writeSlot(
      dir.path,
      broken,
      entriesFor(broken, { ...pricesAt(0), Gold: 1 }, 'latest', 'MetalPriceAPI'),
    );
    const to = new Date('2026-03-05T12:00:00Z');
    const newest = await knownPoints(dir.path, new Date(to.getTime() - 2 * DAY), to, seed, true);
    expect(latestBefore(newest, to.getTime())?.what).toBe('slot 2026-03-04 10:00');
    const jumped = [{ at: to.getTime(), prices: pricesAt(to.getTime(), 1.3), what: 'live', source: 'x' }];
    expect(checkAgainstNeighbours(jumped, newest, false).refused.join()).toMatch(
      /against slot 2026-03-04 10:00/,
    );
  });
});
