/**
 * The rules behind extraction, on their own: tier labels, title weights (substitution), the tier
 * column chosen by header text, and the melt band — the last checked against the real snapshot,
 * where it accepts every current dealer price and rejects the half-ounce prices the original published.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalogText } from '../../src/data/retail-catalog.js';
import { table } from '../../src/demo/dealer-site/site.js';
import { parseMoney, substitution, tierPrice, tierStart, titleWeights } from '../../src/retail/extract.js';
import { outsideBand, priceBand } from '../../src/retail/plausibility.js';
import { readHtml } from '../../src/retail/read-html.js';
import { REAL_DATA } from '../helpers/real-data.js';

describe('reading labels', () => {
  it('reads money and tier starts', () => {
    expect(parseMoney('$5,230.31')).toBe(5230.31);
    expect(parseMoney('Price: $ 92.3 each')).toBe(92.3);
    expect(parseMoney('$0.00')).toBeNull();
    expect(parseMoney('Call for price')).toBeNull();
    expect(['1 - 19', '1-9', '20+', '100 or more', '1 to 24', '25', '$5.00'].map(tierStart)).toEqual([
      1,
      1,
      20,
      100,
      1,
      25,
      null,
    ]);
  });

  it('reads the weights a title names', () => {
    expect(titleWeights('1/2 oz American Gold Eagle')).toEqual([0.5]);
    expect(titleWeights('2026 1 oz Silver Maple Leaf')).toEqual([1]);
    expect(titleWeights('10 oz Silver Bar')).toEqual([10]);
    expect(titleWeights('1/10th oz Gold Eagle')).toEqual([0.1]);
    expect(titleWeights('¼ oz Gold Maple')).toEqual([0.25]);
    expect(titleWeights('1 Kilo Silver Bar')[0]).toBeCloseTo(32.15, 2);
    expect(titleWeights('American Gold Eagle (Random Year)')).toEqual([]);
  });

  it('flags another product on the page, and only then', () => {
    const oneOz = { name: 'American Gold Eagle 1 oz', metal: 'gold' as const, weight_oz: 1 };
    expect(substitution('1/2 oz American Gold Eagle Coin', oneOz)).toMatch(
      /shows a 1\/2 oz product .* coin is 1 oz/,
    );
    expect(substitution('1 oz American Gold Eagle Coin', oneOz)).toBeUndefined();
    expect(substitution('American Gold Eagle (Random Year)', oneOz)).toBeUndefined();
    const g1 = { name: 'G1 Utah Goldback', metal: 'goldback' as const, weight_oz: 1 };
    expect(substitution('Utah Goldback G1 - 1/1000 oz', g1)).toBeUndefined();
    expect(substitution('Utah 5 Goldback', g1)).toMatch(/5 Goldback note/);
    expect(substitution('½ Goldback Utah', g1)).toMatch(/0\.5 Goldback note/);
  });
});

describe('tier tables', () => {
  const tier = async (html: string) => {
    const reading = await readHtml(`<main>${html}</main>`, 'http://dealer.test/p');
    return tierPrice(reading.tiers[0]!);
  };
  it('chooses the check/wire column by its header wherever it is', async () => {
    expect(await tier(table(['Card', 'Qty', 'Wire'], [[105, '1-9', 100]]))).toMatchObject({ price: 100 });
    expect(
      await tier(
        table(
          ['Qty', 'Price'],
          [
            ['1-9', 100],
            ['10+', 99],
          ],
        ),
      ),
    ).toMatchObject({ price: 100 });
  });
  it('refuses a table without a check/wire column or headers', async () => {
    expect(await tier(table(['Qty', 'Card', 'PayPal'], [['1-9', 105, 106]]))).toEqual({
      miss: expect.stringMatching(/no check\/wire column/),
    });
    const headless = '<table><tr><td>1-9</td><td>$100.00</td><td>$105.00</td></tr></table>';
    expect(await tier(headless)).toEqual({ miss: expect.stringMatching(/headers: none/) });
  });
  it('notes a first tier that does not start at one unit', async () => {
    expect(await tier(table(['Qty', 'Check'], [['20+', 99]]))).toMatchObject({
      price: 99,
      note: 'first tier starts at 20 units',
    });
  });
});

const DATA = resolve(REAL_DATA, 'data');
const hasReal = existsSync(DATA);
if (!hasReal)
  console.log(`skipping real-data band checks: ${DATA} is absent (no ../shared beside this clone)`);

describe.skipIf(!hasReal)('the melt band on real data', () => {
  const read = (path: string) => JSON.parse(readFileSync(`${DATA}/${path}`, 'utf8'));
  const catalog = hasReal
    ? parseCatalogText(readFileSync(`${DATA}/retail/providers.json`, 'utf8'))
    : { coins: {} };
  const spot: Record<string, number> = {};
  if (hasReal) for (const e of read('hourly/2026/03/15/20.json')) spot[e.metal] = e.spot;
  const refs = { spot, goldbackG1Usd: hasReal ? read('goldback-2026.json')[0].g1_usd : undefined };

  it('accepts every current dealer price of every coin', () => {
    let checked = 0;
    for (const [slug, coin] of Object.entries(catalog.coins)) {
      const band = priceBand(coin, refs);
      if (typeof band === 'string') throw new Error(band);
      for (const [vendor, entry] of Object.entries<{ price: number }>(
        read(`api/${slug}/latest.json`).vendors,
      )) {
        expect([slug, vendor, outsideBand(entry.price, band)]).toEqual([slug, vendor, undefined]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('rejects the fractional-coin prices the original published for 1 oz coins', () => {
    const published = (slug: string, vendor: string) =>
      read(`api/${slug}/latest.json`).windows_24h.map(
        (w: { vendors: Record<string, number> }) => w.vendors[vendor],
      );
    const cases = [
      ['krugerrand-gold', 'jmbullion', 2668.4],
      ['ape', 'jmbullion', 1194.74],
    ] as const;
    for (const [slug, vendor, price] of cases) {
      expect(published(slug, vendor)).toContain(price);
      const band = priceBand(catalog.coins[slug]!, refs);
      expect(typeof band !== 'string' && outsideBand(price, band)).toMatch(/outside the plausible/);
    }
  });
});
