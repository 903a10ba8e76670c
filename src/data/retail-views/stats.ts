/** The few statistics the retail views need, rounded to cents the same way everywhere. */

/** Rounds to cents; the epsilon keeps 1.005 from becoming 1.00 through binary representation. */
export const cents = (n: number) => Math.round((n + Math.sign(n) * Number.EPSILON * Math.abs(n)) * 100) / 100;

/** True median: the middle value, or the mean of the two middle values for an even count; null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

export const centsOrNull = (n: number | null) => (n === null ? null : cents(n));
