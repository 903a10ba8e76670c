/**
 * Numbers as en-US writes them (`12,345.68`), for logs and summaries, computed: `toLocaleString`
 * would load ICU's number formatting, which costs a short run (one spot poll) milliseconds.
 */

/**
 * `n` with `decimals` digits and comma groups, as toLocaleString('en-US') writes it: rounded half
 * away from zero on the shortest decimal that reads back as `n` (2345.665 → 2,345.67, where
 * toFixed rounds the binary value, 2345.66499…, down).
 */
export function grouped(n: number, decimals = 0): string {
  const shortest = String(Math.abs(n));
  // Exponent forms: below 1e-6 (rounds to zero) or from 1e21 on (not a price or a count).
  if (!Number.isFinite(n) || shortest.includes('e'))
    return n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  const [whole, fraction = ''] = shortest.split('.') as [string, string?];
  let digits = BigInt(whole + fraction.slice(0, decimals).padEnd(decimals, '0'));
  if ((fraction[decimals] ?? '0') >= '5') digits += 1n;
  const text = digits.toString().padStart(decimals + 1, '0');
  const int = text.slice(0, text.length - decimals);
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return `${sign}${int.replace(/\B(?=(\d{3})+$)/g, ',')}${decimals > 0 ? `.${text.slice(-decimals)}` : ''}`;
}
