import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendObservations,
  formatFactFile,
  isRetailFactPath,
  mergeRetailFactFiles,
  parseFactFile,
  readFacts,
  retailFactPath,
  toFactEntry,
} from '../../src/data/retail-facts.js';
import type { Observation } from '../../src/data/retail-observation.js';
import { obs, oos, prng, snapshot, useTempRoots } from './views-fixtures.js';

const tempRoot = useTempRoots();

const sample = [
  obs('ase', 'apmex', '2026-03-15T20:01:02Z', 93.33),
  obs('ase', 'jmbullion', '2026-03-15T20:00:40.250Z', 95.3, {
    method: 'structured-data',
    visionAgrees: true,
  }),
  obs('ase', 'sdbullion', '2026-03-15T20:02:00Z', null, { reason: 'bot check page' }),
  oos('age', 'apmex', '2026-03-15T20:03:00Z', 5230.31),
  obs('age', 'apmex', '2026-03-16T00:01:00Z', 5240.5),
];

describe('appendObservations', () => {
  it('files observations by UTC day and coin, one sorted line each, without repeating coin or day', async () => {
    const root = await tempRoot();
    const written = await appendObservations(root, sample);
    expect(written).toEqual([
      'data/retail/facts/2026/03/15/age.json',
      'data/retail/facts/2026/03/15/ase.json',
      'data/retail/facts/2026/03/16/age.json',
    ]);
    const ase = await readFile(join(root, 'data/retail/facts/2026/03/15/ase.json'), 'utf8');
    expect(ase).toBe(
      [
        '[',
        '{"observedAt":"2026-03-15T20:00:40Z","vendor":"jmbullion","price":95.3,"inStock":true,"method":"structured-data","visionAgrees":true},',
        '{"observedAt":"2026-03-15T20:01:02Z","vendor":"apmex","price":93.33,"inStock":true,"method":"tier-table"},',
        '{"observedAt":"2026-03-15T20:02:00Z","vendor":"sdbullion","price":null,"inStock":true,"method":null,"reason":"bot check page"}',
        ']',
        '',
      ].join('\n'),
    );
  });

  it('is idempotent: the same observations again write nothing', async () => {
    const root = await tempRoot();
    await appendObservations(root, sample);
    const before = await snapshot(root);
    expect(await appendObservations(root, sample)).toEqual([]);
    expect(await appendObservations(root, [sample[1]!])).toEqual([]);
    expect(await snapshot(root)).toEqual(before);
  });

  it('gives the same bytes whether observations arrive at once or in batches, in any order', async () => {
    const once = await tempRoot();
    await appendObservations(once, sample);
    const split = await tempRoot();
    await appendObservations(split, sample.slice(3));
    await appendObservations(split, sample.slice(0, 3).reverse());
    expect(await snapshot(split)).toEqual(await snapshot(once));
  });

  it('rejects an invalid observation naming the field, and writes nothing at all', async () => {
    const root = await tempRoot();
    const bad = { ...obs('ase', 'apmex', '2026-03-15T20:01:02Z', 93.333) } as Observation;
    await expect(appendObservations(root, [sample[0]!, bad])).rejects.toThrow(
      /observation 1 \(ase\/apmex\).*price/s,
    );
    const zero = obs('ase', 'apmex', '2026-03-15T20:01:02Z', 0);
    await expect(appendObservations(root, [zero])).rejects.toThrow(/price/);
    const naive = obs('ase', 'apmex', '2026-03-15 20:01:02', 90);
    await expect(appendObservations(root, [naive])).rejects.toThrow(/observedAt/);
    expect(await snapshot(root)).toEqual({});
  });

  it('never touches the legacy files older pollers left under data/retail/', async () => {
    const root = await tempRoot();
    const legacy = {
      'data/retail/ase/2026-03-15.json': '{"date":"2026-03-15","prices_by_site":{"apmex":93.17}}\n',
      'data/retail/manifest.json': '{"latestDate":"2026-03-15"}\n',
    };
    for (const [path, text] of Object.entries(legacy)) {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), text);
    }
    await appendObservations(root, sample);
    const after = await snapshot(root, 'data/retail');
    for (const [path, text] of Object.entries(legacy)) expect(after[path]).toBe(text);
    expect(Object.keys(after).filter(isRetailFactPath)).toHaveLength(3);
  });

  it('treats a torn fact file as holding nothing, but refuses to drop an entry it cannot read', async () => {
    const root = await tempRoot();
    const path = retailFactPath(new Date('2026-03-15T00:00:00Z'), 'ase');
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), '[\n{"observedAt":"2026-03-15T20:0');
    await appendObservations(root, [sample[0]!]);
    expect(parseFactFile(await readFile(join(root, path), 'utf8'))).toEqual([toFactEntry(sample[0]!)]);
    await writeFile(join(root, path), '[{"observedAt":"yesterday","vendor":"apmex"}]\n');
    await expect(appendObservations(root, [sample[1]!])).rejects.toThrow(/entry 0.*observedAt/s);
  });

  it('reads back every fact with its coin, in time order', async () => {
    const root = await tempRoot();
    await appendObservations(root, sample);
    const facts = await readFacts(root, [new Date('2026-03-15T00:00:00Z'), new Date('2026-03-16T00:00:00Z')]);
    expect(facts.map((f) => `${f.observedAt} ${f.coin} ${f.vendor}`)).toEqual([
      '2026-03-15T20:00:40Z ase jmbullion',
      '2026-03-15T20:01:02Z ase apmex',
      '2026-03-15T20:02:00Z ase sdbullion',
      '2026-03-15T20:03:00Z age apmex',
      '2026-03-16T00:01:00Z age apmex',
    ]);
  });
});

describe('isRetailFactPath', () => {
  it('matches our fact files only', () => {
    expect(isRetailFactPath('data/retail/facts/2026/03/15/ase.json')).toBe(true);
    expect(isRetailFactPath('data/retail/facts/2026/03/15/goldback-dc-g1.json')).toBe(true);
    for (const p of [
      'data/retail/ase/2026-02-19.json',
      'data/retail/ase/2026-02-19-final.json',
      'data/retail/providers.json',
      'data/retail/manifest.json',
      'data/api/ase/latest.json',
      'data/retail/facts/2026/03/15/ase.json.tmp',
      'data/retail/facts/2026/3/15/ase.json',
      'data/retail/facts/2026/03/15/../ase.json',
    ])
      expect(isRetailFactPath(p), p).toBe(false);
  });
});

describe('mergeRetailFactFiles', () => {
  const vendors = ['apmex', 'jmbullion', 'sdbullion', 'herobullion'];
  const randomEntries = (rand: () => number, n: number) =>
    Array.from({ length: n }, () => {
      const at = `2026-03-15T${String(Math.floor(rand() * 24)).padStart(2, '0')}:${String(Math.floor(rand() * 4) * 15).padStart(2, '0')}:0${Math.floor(rand() * 3)}Z`;
      const vendor = vendors[Math.floor(rand() * vendors.length)]!;
      const r = rand();
      if (r < 0.15) return toFactEntry(obs('ase', vendor, at, null, { reason: 'timeout' }));
      if (r < 0.25) return toFactEntry(oos('ase', vendor, at));
      return toFactEntry(obs('ase', vendor, at, Math.round(8000 + rand() * 2000) / 100));
    });

  it('is a set union: commutative, idempotent, associative, and keeps every entry of both sides', () => {
    const rand = prng(20260315);
    for (let round = 0; round < 200; round++) {
      const [a, b, c] = [0, 1, 2].map(() => randomEntries(rand, Math.floor(rand() * 12)));
      const [ta, tb, tc] = [a!, b!, c!].map((e) => formatFactFile(e));
      const ab = mergeRetailFactFiles(ta!, tb!);
      expect(ab).toBe(mergeRetailFactFiles(tb!, ta!));
      expect(mergeRetailFactFiles(ab, ab)).toBe(ab);
      expect(mergeRetailFactFiles(ab, ta!)).toBe(ab);
      expect(mergeRetailFactFiles(ab, tc!)).toBe(mergeRetailFactFiles(ta!, mergeRetailFactFiles(tb!, tc!)));
      const kept = new Set(parseFactFile(ab).map((e) => JSON.stringify(e)));
      for (const e of [...a!, ...b!])
        expect(kept.has(JSON.stringify(parseFactFile(formatFactFile([e]))[0]))).toBe(true);
    }
  });

  it('keeps two different reads at the same instant side by side rather than choosing one', () => {
    const x = formatFactFile([toFactEntry(obs('ase', 'apmex', '2026-03-15T20:00:00Z', 90))]);
    const y = formatFactFile([toFactEntry(obs('ase', 'apmex', '2026-03-15T20:00:00Z', 91))]);
    expect(parseFactFile(mergeRetailFactFiles(x, y)).map((e) => e.price)).toEqual([90, 91]);
  });

  it('unions a torn version as empty and keeps entries written by a newer writer with extra fields', () => {
    const ours = formatFactFile([toFactEntry(obs('ase', 'apmex', '2026-03-15T20:00:00Z', 90))]);
    expect(mergeRetailFactFiles(ours, '')).toBe(ours);
    const newer =
      '[\n{"observedAt":"2026-03-15T20:05:00Z","vendor":"apmex","price":91,"inStock":true,"method":"text","zeta":1,"alpha":"x"}\n]\n';
    const merged = mergeRetailFactFiles(ours, newer);
    expect(merged).toContain('"method":"text","alpha":"x","zeta":1}');
  });
});
