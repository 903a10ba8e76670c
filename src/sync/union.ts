/**
 * Union of two keyed collections (fact collections, logs, hourly views). A key on one side is added
 * to the other; a key with two values is settled by the family's `prefer` rule when it has one (a
 * decision, reported), otherwise each side keeps its own value there (a true conflict, reported)
 * while still gaining every other key.
 */
import type { Conflict, Decision, MergeOutcome, SideName, Version } from './kinds.js';

export interface Item {
  key: string;
  value: unknown;
  /** Canonical text of the value: equal text, equal value. */
  json: string;
}

export interface UnionRule {
  /** Reads a file's items; undefined when the file is unreadable as a whole. */
  items(bytes: Buffer): Item[] | undefined;
  format(items: readonly Item[]): string;
  /** Which of two values for one key both sides keep, with the reason; undefined: a true conflict. */
  prefer?(a: Item, b: Item): { side: SideName; rule: string } | undefined;
  describe(item: Item): string;
}

/** Returns undefined when either file is unreadable (the caller decides what a torn file means). */
export function unionKeyed(path: string, a: Version, b: Version, rule: UnionRule): MergeOutcome | undefined {
  const [ia, ib] = [rule.items(a.bytes), rule.items(b.bytes)];
  if (!ia || !ib) return undefined;
  const byKey = new Map<string, { a?: Item; b?: Item }>();
  for (const item of ia) byKey.set(item.key, { ...byKey.get(item.key), a: item });
  for (const item of ib) byKey.set(item.key, { ...byKey.get(item.key), b: item });
  const outA: Item[] = [];
  const outB: Item[] = [];
  const decisions: Decision[] = [];
  const conflicts: Conflict[] = [];
  for (const [key, { a: x, b: y }] of byKey) {
    if (!x || !y || x.json === y.json) {
      outA.push((x ?? y)!);
      outB.push((x ?? y)!);
      continue;
    }
    const pick = rule.prefer?.(x, y);
    if (pick) {
      const [kept, dropped] = pick.side === 'a' ? [x, y] : [y, x];
      outA.push(kept);
      outB.push(kept);
      const desc = { kept: rule.describe(kept), other: rule.describe(dropped) };
      decisions.push({ path, key, from: pick.side, ...desc, rule: pick.rule });
      continue;
    }
    outA.push(x);
    outB.push(y);
    conflicts.push({
      path,
      key,
      a: rule.describe(x),
      b: rule.describe(y),
      rule: 'one key, two values, no rule to choose: each side keeps its own',
    });
  }
  const bytesA = Buffer.from(rule.format(outA));
  const bytesB = conflicts.length ? Buffer.from(rule.format(outB)) : bytesA;
  // A side whose file already is the union keeps its blob as it is.
  return {
    a: bytesA.equals(a.bytes) ? a : bytesA,
    b: bytesB.equals(b.bytes) ? b : bytesB,
    decisions,
    conflicts,
  };
}
