/**
 * A retail run re-reads only the fact files that changed (coin-days.ts keeps each past day's part in a
 * cache outside the data tree). Whatever the cache holds, the views must be the bytes a full rebuild
 * from the facts gives: checked run after run over days, a dealer retired, a layout change, late facts
 * (a lost push race re-applied), a foreign file, a fact file rewritten in place, a damaged cache, and
 * the real snapshot.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalogText } from '../../src/data/retail-catalog.js';
import { appendObservations, retailFactPath } from '../../src/data/retail-facts.js';
import type { Observation } from '../../src/data/retail-observation.js';
import { rebuildRetailViews } from '../../src/data/retail-views/rebuild.js';
import { hasRealData, REAL_DATA } from '../helpers/real-data.js';
import { catalogOf, obs, oos, prng, snapshot, useTempRoots } from './views-fixtures.js';

const tempRoot = useTempRoots();
const COINS = ['ase', 'maple', 'krugerrand'];
const DEALERS = ['apmex', 'jm', 'sd', 'summit'];
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Two repositories fed the same facts: one rebuilt with the cache, one without. */
async function pair() {
  const cached = await tempRoot();
  const full = await tempRoot();
  const cacheDir = join(cached, '.git', 'staktrakr-retail-days');
  return { cached, full, cacheDir };
}

/** The cached repository's views equal the uncached one's, and a full rebuild of its state writes nothing. */
async function expectSameAsFull(
  p: Awaited<ReturnType<typeof pair>>,
  o: Omit<Parameters<typeof rebuildRetailViews>[0], 'root'>,
) {
  const a = await rebuildRetailViews({ ...o, root: p.cached, cacheDir: p.cacheDir });
  const b = await rebuildRetailViews({ ...o, root: p.full });
  expect(a.written).toEqual(b.written);
  expect(await snapshot(p.cached)).toEqual(await snapshot(p.full));
  const again = await tempRoot();
  await cp(join(p.cached, 'data'), join(again, 'data'), { recursive: true });
  expect((await rebuildRetailViews({ ...o, root: again })).written).toEqual([]);
}

describe('incremental retail views', () => {
  it('equal a full rebuild run after run: days, a retired dealer, a layout change, late and foreign facts', async () => {
    const p = await pair();
    const rand = prng(13);
    const start = Date.parse('2026-03-01T20:00:00Z');
    const held: Observation[] = [];
    for (let n = 0; n < 120; n++) {
      const t = start + n * 30 * 60_000;
      const retired = n >= 70;
      const catalog = catalogOf(Object.fromEntries(COINS.map((c) => [c, DEALERS])));
      if (retired)
        for (const c of COINS) catalog.coins[c]!.providers.find((x) => x.id === 'summit')!.enabled = false;
      const run: Observation[] = [];
      for (const coin of COINS)
        for (const [i, dealer] of DEALERS.entries()) {
          if (retired && dealer === 'summit') continue;
          const at = iso(t + 5_000 + i * 2_000);
          const r = rand();
          // From run 50 on, jm's pages changed layout: no price found.
          if (dealer === 'jm' && n >= 50 && n < 90) run.push(obs(coin, dealer, at, null));
          else if (r < 0.08) run.push(obs(coin, dealer, at, null));
          else if (r < 0.14) run.push(oos(coin, dealer, at));
          else run.push(obs(coin, dealer, at, Math.round((31 + i + rand() * 3) * 100) / 100));
        }
      // A lost push race: some runs' facts land only with a later run, after midnight included.
      if (n % 11 === 3) held.push(...run.splice(0, 4));
      if (n % 11 === 9) run.push(...held.splice(0));
      for (const root of [p.cached, p.full]) await appendObservations(root, run);
      if (n === 40 || n === 95) {
        // A foreign writer filed a fact under another day, and someone rewrote a past file in place.
        const day = new Date(t - 26 * 3600_000);
        const line = `${JSON.stringify({ observedAt: iso(t - 2 * 3600_000), vendor: 'sd', price: 33.33, inStock: true, method: 'tier-table' })}`;
        for (const root of [p.cached, p.full]) {
          const path = join(root, retailFactPath(day, 'maple'));
          const text = await readFile(path, 'utf8');
          const foreign = text.replace(/\n\]\n$/, `,\n${line}\n]\n`);
          expect(foreign).not.toBe(text);
          await writeFile(path, foreign);
          // Same size, same inode, other bytes: a price changed in place.
          const other = join(root, retailFactPath(day, 'ase'));
          const body = await readFile(other, 'utf8');
          await writeFile(
            other,
            body.replace(/"price":3(\d)/, (_, d) => `"price":3${(Number(d) + 1) % 10}`),
          );
        }
      }
      if (n === 80) {
        // A person (or an older poller) rewrites a history in place: other key order, an extra field.
        for (const root of [p.cached, p.full]) {
          const path = join(root, 'data/api/ase/history.json');
          const entries = JSON.parse(await readFile(path, 'utf8')) as Array<Record<string, unknown>>;
          const old = { ...entries[0]!, date: '2026-01-15' };
          const edited = [old, ...entries].map(({ date, ...rest }) => ({ note: 'by hand', ...rest, date }));
          await writeFile(path, JSON.stringify(edited));
        }
      }
      if (n === 60) {
        // A damaged cache: cut files, and one of another version.
        const names = await readdir(p.cacheDir);
        await writeFile(join(p.cacheDir, names[0]!), '{"version":1,"coins":{"ase":');
        await writeFile(join(p.cacheDir, names[2]!), '{"version":999,"coins":{}}');
        await appendFile(join(p.cacheDir, names.find((x) => x.endsWith('.windows.json'))!), 'garbage');
      }
      await expectSameAsFull(p, { catalog, now: new Date(t + 20 * 60_000), retireAfterDays: 1 });
    }
    // The cache holds past days only, and no more of them than the rebuild reads.
    const cacheFiles = await readdir(p.cacheDir);
    expect(cacheFiles.length).toBeGreaterThan(0);
    expect(cacheFiles.length).toBeLessThanOrEqual(2 * 31);
  });

  it('reads a past day again when a fact of it arrives late, and when its day before changes', async () => {
    const p = await pair();
    const catalog = catalogOf({ ase: ['apmex', 'jm', 'sd'] });
    const feed = (list: Observation[]) =>
      Promise.all([p.cached, p.full].map((r) => appendObservations(r, list)));
    await feed([
      obs('ase', 'apmex', '2026-03-01T23:50:00Z', 30),
      obs('ase', 'jm', '2026-03-02T00:05:00Z', 31),
    ]);
    await expectSameAsFull(p, { catalog, now: new Date('2026-03-02T00:10:00Z') });
    await feed([
      obs('ase', 'apmex', '2026-03-02T12:00:00Z', 32),
      obs('ase', 'jm', '2026-03-03T00:05:00Z', 33),
    ]);
    await expectSameAsFull(p, { catalog, now: new Date('2026-03-03T00:10:00Z') });
    const before = await readFile(join(p.cached, 'data/api/ase/history.json'), 'utf8');
    // Late: a price read just before midnight of the 1st is fresh in the 2nd's first window.
    await feed([obs('ase', 'sd', '2026-03-01T23:58:00Z', 40)]);
    await expectSameAsFull(p, { catalog, now: new Date('2026-03-03T00:20:00Z') });
    const after = await readFile(join(p.cached, 'data/api/ase/history.json'), 'utf8');
    const dates = (text: string) => JSON.parse(text).map((e: { date: string }) => e.date);
    expect(dates(after)).toEqual(['2026-03-01', '2026-03-02']);
    // The 2nd's line changed too, though none of its own facts did.
    expect(after.split('\n')[2]).not.toBe(before.split('\n')[2]);
  });
});

describe.skipIf(!hasRealData)('incremental retail views over the real snapshot', () => {
  it('equal a full rebuild over several runs and a day boundary', async () => {
    const p = await pair();
    for (const root of [p.cached, p.full]) {
      execFileSync('cp', ['-R', join(REAL_DATA, 'data'), root]);
      execFileSync('chmod', ['-R', 'u+w', root]);
    }
    const catalog = parseCatalogText(await readFile(join(p.full, 'data/retail/providers.json'), 'utf8'));
    const rand = prng(5);
    const start = Date.parse('2026-03-16T23:15:00Z');
    for (let n = 0; n < 6; n++) {
      const t = start + n * 15 * 60_000;
      const run: Observation[] = [];
      for (const [coin, c] of Object.entries(catalog.coins))
        for (const d of c.providers.filter((x) => x.enabled)) {
          const latest = join(p.full, `data/api/${coin}/latest.json`);
          const base = existsSync(latest) ? JSON.parse(await readFile(latest, 'utf8')).median_price : null;
          const at = iso(t + 10_000);
          run.push(base && rand() > 0.1 ? obs(coin, d.id, at, base) : obs(coin, d.id, at, null));
        }
      for (const root of [p.cached, p.full]) await appendObservations(root, run);
      await expectSameAsFull(p, { catalog, now: new Date(t + 14 * 60_000) });
    }
  });
});
