/**
 * The one lenient manifest reader (src/data/retail-manifest.ts) and its readers: freshness (pages-verify,
 * /health), the status grid and the browser client must agree on every manifest, including the ones
 * older pollers wrote and hostile ones.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifest, parseManifestTime } from '../../src/client/schemas.js';
import { manifestTime } from '../../src/data/freshness.js';
import { MANIFEST_PATH } from '../../src/data/paths.js';
import { manifestCoins, manifestInstant } from '../../src/data/retail-manifest.js';
import { readRetailGrid } from '../../src/serve/status/grid.js';
import { tempDir } from '../helpers/git.js';
import { hasRealData, REAL_DATA } from '../helpers/real-data.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** The instant each reader sees in one manifest text (ms), or undefined when it sees none. */
async function instants(text: string) {
  const root = join(dir.path, String(Math.random()).slice(2));
  mkdirSync(join(root, 'data/api'), { recursive: true });
  writeFileSync(join(root, MANIFEST_PATH), text);
  const fresh = manifestTime(text);
  let client: number | undefined;
  try {
    client = parseManifestTime(JSON.parse(text));
  } catch {
    client = undefined;
  }
  return {
    freshness: fresh instanceof Date ? fresh.getTime() : undefined,
    client,
    grid: (await readRetailGrid(root)).generatedAt,
  };
}

const at = Date.UTC(2026, 2, 15, 20, 1, 2);

describe('the manifest instant', () => {
  it.each([
    ['generated_at with milliseconds', { generated_at: '2026-03-15T20:01:02.000Z' }, at],
    ['generated_at without them', { generated_at: '2026-03-15T20:01:02Z' }, at],
    ['only updated (older pollers)', { updated: '2026-03-15T20:01:02.000Z' }, at],
    [
      'generated_at before updated',
      { generated_at: '2026-03-15T20:01:02Z', updated: '2020-01-01T00:00:00Z' },
      at,
    ],
    ['a naive timestamp means UTC', { generated_at: '2026-03-15 20:01:02' }, at],
    ['an explicit offset', { generated_at: '2026-03-15T22:01:02+02:00' }, at],
    ['a negative one', { generated_at: '2026-03-15T16:31:02.250-0330' }, at + 250],
    [
      'milliseconds count (endpoints are ranked by them)',
      { generated_at: '2026-03-15T20:01:02.057Z' },
      at + 57,
    ],
  ])('%s: every reader sees the same instant', async (_, manifest, expected) => {
    expect(await instants(JSON.stringify(manifest))).toEqual({
      freshness: expected,
      client: expected,
      grid: expected,
    });
  });

  it.each([
    ['no timestamp at all', { coins: [] }, /neither generated_at nor updated/],
    ['a number', { generated_at: 1773604862000 }, /not a string/],
    ['words', { generated_at: 'yesterday' }, /unreadable generated_at "yesterday"/],
    ['a date that does not exist', { generated_at: '2026-02-30T10:00:00Z' }, /unreadable/],
    ['an array', [], /not a JSON object/],
    ['null', null, /not a JSON object/],
  ])('%s: no reader invents an instant, and freshness says why', async (_, manifest, why) => {
    expect(manifestInstant(manifest)).toMatch(why);
    expect(await instants(JSON.stringify(manifest))).toEqual({
      freshness: undefined,
      client: undefined,
      grid: undefined,
    });
  });
});

describe('the manifest coins', () => {
  it('lists `coins` with what coins_meta says of each; fields of the wrong type are left out', () => {
    const coins = manifestCoins({
      coins: ['ase', 'age', 7, null],
      coins_meta: {
        ase: { name: 'American Silver Eagle', metal: 'silver', weight: 1 },
        age: { name: 42, metal: 'gold', weight: 'one' },
      },
    });
    expect(coins).toEqual([
      { slug: 'ase', name: 'American Silver Eagle', metal: 'silver', weight: 1 },
      { slug: 'age', metal: 'gold' },
    ]);
  });

  it('falls back to the keys of coins_meta when `coins` is missing', () => {
    expect(manifestCoins({ coins_meta: { ase: { name: 'ASE' } } })).toEqual([{ slug: 'ase', name: 'ASE' }]);
  });

  it("never takes a prototype's properties for a coin's meta", () => {
    const coins = manifestCoins(
      JSON.parse('{"coins":["__proto__","constructor","toString"],"coins_meta":{}}'),
    );
    expect(coins).toEqual([{ slug: '__proto__' }, { slug: 'constructor' }, { slug: 'toString' }]);
  });

  it('the client keeps only plain slugs; the grid shows the others as a problem, unread', async () => {
    const manifest = { generated_at: '2026-03-15T20:01:02Z', coins: ['ase', '../etc', 'bad slug'] };
    expect(parseManifest(manifest).coins.map((c) => c.slug)).toEqual(['ase']);
    const root = join(dir.path, 'grid');
    mkdirSync(join(root, 'data/api'), { recursive: true });
    writeFileSync(join(root, MANIFEST_PATH), JSON.stringify(manifest));
    const grid = await readRetailGrid(root);
    expect(grid.coins.map((c) => [c.slug, c.problem])).toEqual([
      ['ase', expect.stringMatching(/latest.json is missing/)],
      ['../etc', 'not a valid coin slug; not read'],
      ['bad slug', 'not a valid coin slug; not read'],
    ]);
  });

  it.skipIf(!hasRealData)('reads the real manifest: its instant and every coin it lists', () => {
    const text = readFileSync(join(REAL_DATA, MANIFEST_PATH), 'utf8');
    const value = JSON.parse(text);
    expect(manifestInstant(value)).toEqual(new Date(value.generated_at));
    expect(manifestCoins(value).map((c) => c.slug)).toEqual(value.coins);
    // The real file lists the Goldback coins without coins_meta: those have a slug only.
    const described = manifestCoins(value).filter((c) => c.slug in value.coins_meta);
    expect(described.length).toBeGreaterThan(20);
    for (const c of described) expect(c).toEqual({ slug: c.slug, ...value.coins_meta[c.slug] });
  });
});
