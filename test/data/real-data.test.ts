import { cpSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHourlyPath } from '../../src/data/paths.js';
import { entryKey } from '../../src/data/spot.js';
import { readSpotFile, readSpotHistory, rebuildHourly } from '../../src/data/spot-store.js';
import { tempDir } from '../helpers/git.js';
import { hasRealData, REAL_DATA } from '../helpers/real-data.js';

const walk = (d: string): string[] =>
  readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));

describe.skipIf(!hasRealData)('the real data repository snapshot', () => {
  const scratch = tempDir();
  afterAll(() => scratch.remove());

  it('every spot file parses leniently; the one torn file is reported, not crashed on', async () => {
    const files = walk(join(REAL_DATA, 'data')).filter((f) =>
      /\/(15min|hourly)\/.*\.json$|spot-history-\d{4}\.json$/.test(f),
    );
    expect(files.length).toBeGreaterThan(2500);
    const corrupt: string[] = [];
    let entries = 0;
    for (const f of files) {
      const r = await readSpotFile(REAL_DATA, relative(REAL_DATA, f));
      if (r.status === 'corrupt') corrupt.push(relative(REAL_DATA, f));
      else if (r.status === 'ok') {
        expect(r.rejected, f).toEqual([]);
        // Every real entry is one this toolkit writes as is: none is held as foreign text.
        expect(
          r.items.filter((i) => !i.known).map((i) => i.raw),
          f,
        ).toEqual([]);
        entries += r.entries.length;
      }
    }
    expect(corrupt).toEqual(['data/15min/2026/02/25/2220.json']);
    expect(entries).toBeGreaterThan(60_000);
    expect((await readSpotHistory(REAL_DATA, 1968)).length).toBeGreaterThan(100);
  });

  it('rebuilding every real hourly file from the real facts keeps all of its entries', async () => {
    const root = scratch.path;
    cpSync(join(REAL_DATA, 'data/15min'), join(root, 'data/15min'), { recursive: true });
    cpSync(join(REAL_DATA, 'data/hourly'), join(root, 'data/hourly'), { recursive: true });
    const hourly = walk(join(root, 'data/hourly')).map((f) => relative(root, f));
    let grown = 0;
    for (const rel of hourly) {
      const before = await readSpotFile(root, rel);
      if (before.status !== 'ok') throw new Error(`${rel} unreadable`);
      await rebuildHourly(root, parseHourlyPath(rel)!);
      const after = await readSpotFile(root, rel);
      if (after.status !== 'ok') throw new Error(`${rel} unreadable after rebuild`);
      const keys = new Set(after.entries.map(entryKey));
      for (const e of before.entries) expect(keys.has(entryKey(e)), `${rel} lost ${entryKey(e)}`).toBe(true);
      if (after.entries.length > before.entries.length) grown++;
      // Sorted by (timestamp, metal): the last entry per metal is the latest price.
      const stamps = after.entries.map((e) => e.timestamp);
      expect([...stamps].sort()).toEqual(stamps);
    }
    // Many real hourly files were frozen half-complete; the facts complete them.
    expect(grown).toBeGreaterThan(100);
  });
});
