import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hourlyPath, slotPath } from '../../src/data/paths.js';
import type { SpotEntry } from '../../src/data/spot.js';
import {
  mergeSpotHistory,
  missingSlots,
  readSpotFile,
  rebuildHourly,
  writeSlot,
} from '../../src/data/spot-store.js';
import { tempDir } from '../helpers/git.js';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

const slotEntries = (at: string, gold = 5000): SpotEntry[] =>
  (['Gold', 'Silver', 'Platinum', 'Palladium'] as const).map((metal, i) => ({
    spot: [gold, 80, 2000, 1500][i]!,
    metal,
    source: 'latest',
    provider: 'Test',
    timestamp: at,
  }));

describe('slot facts are create-only', () => {
  it('never changes a readable slot; repairs a torn one', async () => {
    dir = tempDir();
    const slot = new Date('2026-03-10T14:15:00Z');
    expect(await writeSlot(dir.path, slot, slotEntries('2026-03-10 14:15:00'))).toBe('created');
    const first = readFileSync(join(dir.path, slotPath(slot)), 'utf8');
    expect(await writeSlot(dir.path, slot, slotEntries('2026-03-10 14:15:00', 6000))).toBe('exists');
    expect(readFileSync(join(dir.path, slotPath(slot)), 'utf8')).toBe(first);
    writeFileSync(join(dir.path, slotPath(slot)), Buffer.alloc(300));
    expect(await writeSlot(dir.path, slot, slotEntries('2026-03-10 14:15:00'))).toBe('repaired');
    expect(readFileSync(join(dir.path, slotPath(slot)), 'utf8')).toBe(first);
  });

  it('refuses to write an invalid slot (zero price, missing metal, three decimals)', async () => {
    dir = tempDir();
    const slot = new Date('2026-03-10T14:15:00Z');
    // Each refusal names the file, the entry, the field and the rule it broke, and leaves no file behind.
    const file = 'refusing to write data/15min/2026/03/10/1415.json: ';
    const withSpread = slotEntries('2026-03-10 14:15:00').map((e, i) =>
      i === 1 ? { ...e, bid: 80.5, ask: 79.5 } : e,
    );
    const refused: Array<[SpotEntry[], string]> = [
      [
        slotEntries('2026-03-10 14:15:00', 0),
        `${file}entry 0 (Gold) field "spot": Too small: expected number to be >0`,
      ],
      [
        slotEntries('2026-03-10 14:15:00').slice(1),
        `${file}the file: Too small: expected array to have exactly 4 items; the file: must hold each of the four metals once`,
      ],
      [
        slotEntries('2026-03-10 14:15:00', 5000.123),
        `${file}entry 0 (Gold) field "spot": must have at most 2 decimal places`,
      ],
      [
        slotEntries('2026-03-10T14:15'),
        `${file}entry 0 (Gold) field "timestamp": must be "YYYY-MM-DD HH:MM:SS"`,
      ],
      [withSpread, `${file}entry 1 (Silver) field "bid": bid must not be above ask`],
    ];
    for (const [entries, message] of refused) {
      await expect(writeSlot(dir.path, slot, entries)).rejects.toThrow(message);
      await expect(writeSlot(dir.path, slot, entries)).rejects.not.toThrow(/ZodError|^\[/);
      expect(existsSync(join(dir.path, slotPath(slot)))).toBe(false);
    }
    expect(await missingSlots(dir.path, slot, new Date(slot.getTime() + 15 * 60_000))).toHaveLength(1);
  });
});

describe('hourly view', () => {
  it("is the union of the hour's facts and the entries it already holds, sorted by (timestamp, metal), byte-stable", async () => {
    dir = tempDir();
    const hour = new Date('2026-02-16T19:00:00Z');
    // A legacy hourly file with an odd 12:00:00 entry (seen in real data) must survive.
    mkdirSync(join(dir.path, 'data/hourly/2026/02/16'), { recursive: true });
    writeFileSync(
      join(dir.path, hourlyPath(hour)),
      JSON.stringify(slotEntries('2026-02-16 12:00:00').map((e) => ({ ...e, source: 'hourly' }))),
    );
    await writeSlot(dir.path, new Date('2026-02-16T19:30:00Z'), slotEntries('2026-02-16 19:30:00'));
    await writeSlot(dir.path, new Date('2026-02-16T19:15:00Z'), slotEntries('2026-02-16 19:15:00'));
    expect(await rebuildHourly(dir.path, hour)).toBe(true);
    const view = JSON.parse(readFileSync(join(dir.path, hourlyPath(hour)), 'utf8'));
    expect(view).toHaveLength(12);
    expect(view.map((e: SpotEntry) => `${e.timestamp.slice(11, 16)} ${e.metal}`).slice(0, 5)).toEqual([
      '12:00 Gold',
      '12:00 Silver',
      '12:00 Platinum',
      '12:00 Palladium',
      '19:15 Gold',
    ]);
    expect(await rebuildHourly(dir.path, hour)).toBe(false);
  });
});

describe('spot history', () => {
  it('unions by (timestamp, metal); an existing value wins and the difference is reported', async () => {
    dir = tempDir();
    const day1 = slotEntries('2026-03-09 12:00:00').map((e) => ({ ...e, source: 'seed' }));
    const day2 = slotEntries('2026-03-10 12:00:00').map((e) => ({ ...e, source: 'seed' }));
    expect((await mergeSpotHistory(dir.path, 2026, day2)).added).toHaveLength(4);
    const r = await mergeSpotHistory(dir.path, 2026, [
      ...day1,
      ...day2.map((e) => ({ ...e, spot: e.spot + 1 })),
    ]);
    expect(r.added).toHaveLength(4);
    expect(r.conflicts).toHaveLength(4);
    const text = readFileSync(join(dir.path, 'data/spot-history-2026.json'), 'utf8');
    const all = JSON.parse(text);
    expect(all.map((e: SpotEntry) => e.timestamp)).toEqual([
      ...Array(4).fill('2026-03-09 12:00:00'),
      ...Array(4).fill('2026-03-10 12:00:00'),
    ]);
    expect(all[4].spot).toBe(5000);
    expect(text.split('\n')).toHaveLength(11); // one entry per line: a new day is a small diff
  });
});

describe('reading spot files', () => {
  it('a file read again is answered from its text: changed bytes are read anew, and what is shared cannot be changed', async () => {
    dir = tempDir();
    const slot = new Date('2026-03-10T14:15:00Z');
    await writeSlot(dir.path, slot, slotEntries('2026-03-10 14:15:00'));
    const first = await readSpotFile(dir.path, slotPath(slot));
    expect(await readSpotFile(dir.path, slotPath(slot))).toBe(first); // same text: not parsed again
    if (first.status !== 'ok') throw new Error('unreadable');
    expect(() => first.entries.push(first.entries[0]!)).toThrow(TypeError);
    // Another writer's bytes (same size, other price) are what the next read gives.
    const path = join(dir.path, slotPath(slot));
    writeFileSync(path, readFileSync(path, 'utf8').replace('5000', '5001'));
    const again = await readSpotFile(dir.path, slotPath(slot));
    expect(again.status === 'ok' && again.entries[0]!.spot).toBe(5001);
  });
});
