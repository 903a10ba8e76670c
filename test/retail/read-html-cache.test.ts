import { describe, expect, it } from 'vitest';
import { READING_CACHE_SIZE, readHtml } from '../../src/retail/read-html.js';

const page = (price: string, extra = '') =>
  `<html><head><title>Eagle</title></head><body><main><h1>1 oz Gold Eagle</h1>${extra}<span class="price">${price}</span></main></body></html>`;
const URL_A = 'http://dealer.test/eagle';

describe('readHtml: readings of unchanged pages come from a cache', () => {
  it('reads a page again unchanged to the same reading, and a changed page afresh', async () => {
    const first = await readHtml(page('$2,650.00'), URL_A);
    const again = await readHtml(page('$2,650.00'), URL_A);
    expect(again).toEqual(first);
    expect(first.prices.map((p) => p.text)).toEqual(['$2,650.00']);
    const moved = await readHtml(page('$2,651.00'), URL_A);
    expect(moved.prices.map((p) => p.text)).toEqual(['$2,651.00']);
    // The same HTML at another address is read for that address (the key holds both).
    const elsewhere = await readHtml(page('$2,650.00'), 'http://other.test/eagle');
    expect(elsewhere.prices.map((p) => p.text)).toEqual(['$2,650.00']);
  });

  it('gives every caller its own copy: changing one reading does not change the next', async () => {
    const html = page('$99.50', '<p>In stock</p>');
    const first = await readHtml(html, URL_A);
    first.prices[0]!.text = '$0.00';
    first.tiers.push({ headers: ['x'], rows: [] });
    const second = await readHtml(html, URL_A);
    expect(second.prices.map((p) => p.text)).toEqual(['$99.50']);
    expect(second.tiers).toEqual([]);
    second.prices.length = 0;
    expect((await readHtml(html, URL_A)).prices.map((p) => p.text)).toEqual(['$99.50']);
  });

  it('still reads right after more distinct pages than it keeps', async () => {
    const n = READING_CACHE_SIZE + 5;
    for (let i = 0; i < n; i++) await readHtml(page(`$${100 + i}.00`), `${URL_A}/${i}`);
    for (const i of [0, n - 1])
      expect((await readHtml(page(`$${100 + i}.00`), `${URL_A}/${i}`)).prices.map((p) => p.text)).toEqual([
        `$${100 + i}.00`,
      ]);
  });
});
