/** "Did you mean …?" for a mistyped command or flag: the closest known name by edit distance. */

/** Levenshtein distance (insert, delete, substitute; an adjacent swap counts as one). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known name closest to `typed`, when it is close enough to be a typo (or `typed` is its prefix). */
export function closest(typed: string, known: Iterable<string>): string | undefined {
  const t = typed.toLowerCase().slice(0, 64);
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.startsWith(t) && t.length >= 3 ? 1 : editDistance(t, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(t.length / 3)));
  return best && best.distance <= allowed ? best.name : undefined;
}

export const didYouMean = (typed: string, known: Iterable<string>, prefix = '') => {
  const match = closest(typed, known);
  return match ? `; did you mean ${prefix}${match}?` : '';
};
