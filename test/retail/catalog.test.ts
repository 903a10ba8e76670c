/** The catalog: the real providers.json validates; bad ones name the coin and the field; filters and shards. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Catalog, parseCatalog, parseCatalogText } from '../../src/data/retail-catalog.js';
import { parseShard, targets } from '../../src/retail/catalog.js';

const REAL = resolve(
  import.meta.dirname,
  '../../../shared/real-data/staktrakr-api/data/retail/providers.json',
);
const hasReal = existsSync(REAL);
if (!hasReal)
  console.log(`skipping real providers.json checks: ${REAL} is absent (no ../shared beside this clone)`);

const small = (): Catalog => ({
  coins: {
    age: {
      name: 'American Gold Eagle 1 oz',
      metal: 'gold',
      weight_oz: 1,
      providers: [
        { id: 'apmex', name: 'APMEX', enabled: true, url: 'https://example.com/age' },
        { id: 'sdbullion', name: 'SD Bullion', enabled: false },
        {
          id: 'jmbullion',
          name: 'JM',
          enabled: true,
          urls: ['https://example.com/a', 'https://example.com/b'],
        },
      ],
    },
    ase: {
      name: 'American Silver Eagle 1 oz',
      metal: 'silver',
      weight_oz: 1,
      providers: [{ id: 'apmex', name: 'APMEX', enabled: true, url: 'https://example.com/ase' }],
    },
  },
});

describe.skipIf(!hasReal)('the real providers.json', () => {
  const catalog = hasReal ? parseCatalogText(readFileSync(REAL, 'utf8'), REAL) : small();
  it('validates: 23 coins, 9 dealers, 166 enabled pages', () => {
    expect(Object.keys(catalog.coins)).toHaveLength(23);
    const dealers = new Set(Object.values(catalog.coins).flatMap((c) => c.providers.map((p) => p.id)));
    expect(dealers.size).toBe(9);
    expect(targets(catalog)).toHaveLength(166);
  });

  it('splits into shards whose union is the whole list, each page in exactly one shard', () => {
    const all = targets(catalog);
    const shards = [1, 2, 3, 4].map((i) => targets(catalog, { shard: `${i}/4` }));
    expect(
      shards.flat().sort((a, b) => `${a.coin}/${a.vendor}`.localeCompare(`${b.coin}/${b.vendor}`)),
    ).toEqual(all);
    for (const s of shards) expect(s.length).toBeGreaterThan(20);
  });
});

describe('catalog validation', () => {
  it('accepts url or urls and skips disabled dealers', () => {
    expect(targets(parseCatalog(small()))).toEqual([
      { coin: 'age', vendor: 'apmex', urls: ['https://example.com/age'] },
      { coin: 'age', vendor: 'jmbullion', urls: ['https://example.com/a', 'https://example.com/b'] },
      { coin: 'ase', vendor: 'apmex', urls: ['https://example.com/ase'] },
    ]);
  });

  it('names the coin, the dealer and the field of every problem', () => {
    const bad = small() as unknown as { coins: Record<string, Record<string, unknown>> };
    bad.coins.age!.weight_oz = -1;
    (bad.coins.age!.providers as Record<string, unknown>[])[0]!.url = 'not a url';
    (bad.coins.ase!.providers as Record<string, unknown>[])[0]!.url = undefined;
    bad.coins.ase!.metal = 'copper';
    let message = '';
    try {
      parseCatalog(bad, 'providers.json');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^providers\.json is invalid:/);
    expect(message).toMatch(/coin "age": weight_oz: .*/);
    expect(message).toMatch(/coin "age", provider "apmex" \(#1\): url: /);
    expect(message).toMatch(/coin "ase", provider "apmex" \(#1\): is enabled but has no "url"/);
    expect(message).toMatch(/coin "ase": metal: /);
  });

  it.each([
    'https://buyer:hunter2@example.com/age',
    'HTTPS://buyer@example.com/age',
    'http://:hunter2@example.com/age',
  ])('refuses a dealer URL with credentials (%s), naming coin and dealer, never echoing them', (url) => {
    const withUrl = small();
    withUrl.coins.age!.providers[0]!.url = url;
    const withUrls = small();
    withUrls.coins.age!.providers[2]!.urls = ['https://example.com/a', url];
    expect(() => parseCatalog(withUrl)).toThrow(
      /coin "age", provider "apmex" \(#1\): url: must not carry credentials/,
    );
    expect(() => parseCatalog(withUrls)).toThrow(
      /coin "age", provider "jmbullion" \(#3\): urls\.1: must not carry credentials/,
    );
    for (const bad of [withUrl, withUrls]) {
      expect(() => parseCatalog(bad)).toThrow(
        expect.objectContaining({ message: expect.not.stringMatching(/hunter2|buyer/) }),
      );
    }
  });

  it('rejects a dealer listed twice and text that is not JSON', () => {
    const dup = small();
    dup.coins.ase!.providers.push({ ...dup.coins.ase!.providers[0]! });
    expect(() => parseCatalog(dup)).toThrow(
      /coin "ase", provider "apmex" \(#2\): id: dealer "apmex" listed twice/,
    );
    expect(() => parseCatalogText('{"coins": ')).toThrow(/providers\.json is not JSON/);
  });

  it('filters by coins and vendors, refusing names it does not know', () => {
    const c = parseCatalog(small());
    expect(targets(c, { coins: ['ase'] }).map((t) => t.vendor)).toEqual(['apmex']);
    expect(targets(c, { vendors: ['jmbullion'] }).map((t) => t.coin)).toEqual(['age']);
    expect(() => targets(c, { coins: ['agee'] })).toThrow(/coins not in the catalog: agee/);
    expect(() => targets(c, { vendors: ['apmx'] })).toThrow(/vendors not in the catalog: apmx/);
  });

  it('parses shards strictly', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1'])
      expect(() => parseShard(bad)).toThrow(/shard must look like "i\/n"/);
  });
});
