/**
 * Human-edited configuration (`data/retail/providers.json`): a key-wise three-way merge against the
 * merge base of the two branches. A key one side edited (added, changed, removed) and the other left
 * as in the base takes the edit; a key both edited differently is a true conflict: each side keeps
 * its own value there and still takes every other edit. Lists of objects with a unique `id` (the
 * providers of a coin) merge by id. Without common history, keys are united and a key with two
 * values is a conflict.
 */
import { parseJson } from '../data/json.js';
import { RETAIL_CATALOG_PATH } from '../data/paths.js';
import {
  type Conflict,
  type Decision,
  type FileKind,
  leaveAlone,
  type MergeOutcome,
  type SideName,
  type Version,
} from './kinds.js';

const CONFIG_FILES: readonly string[] = [RETAIL_CATALOG_PATH];

const ABSENT = Symbol('absent');
type Value = unknown;

const isObject = (v: Value): v is Record<string, Value> => !!v && typeof v === 'object' && !Array.isArray(v);
const canon = (v: Value): string =>
  v === ABSENT
    ? '(absent)'
    : isObject(v)
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canon(v[k])}`)
          .join(',')}}`
      : Array.isArray(v)
        ? `[${v.map(canon).join(',')}]`
        : JSON.stringify(v);
const eq = (x: Value, y: Value) => canon(x) === canon(y);
const show = (v: Value) => {
  const s = v === ABSENT ? '(absent)' : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
};

/** A list whose items are objects with unique string ids merges by id. */
const idList = (v: Value): Map<string, Value> | undefined => {
  if (!Array.isArray(v) || !v.every((x) => isObject(x) && typeof x.id === 'string')) return undefined;
  const m = new Map(v.map((x) => [(x as { id: string }).id, x as Value]));
  return m.size === v.length ? m : undefined;
};

interface Merged {
  a: Value;
  b: Value;
}

class ThreeWay {
  readonly decisions: Omit<Decision, 'path'>[] = [];
  readonly conflicts: Omit<Conflict, 'path' | 'rule'>[] = [];
  constructor(private readonly hasBase: boolean) {}

  merge(key: string, base: Value, a: Value, b: Value): Merged {
    if (eq(a, b)) return { a, b: a };
    // Objects and id lists are merged member by member, so a decision names the deepest key edited.
    if (isObject(a) && isObject(b)) return this.objects(key, isObject(base) ? base : {}, a, b);
    const [la, lb] = [idList(a), idList(b)];
    if (la && lb) return this.lists(key, idList(base) ?? new Map(), la, lb);
    if (this.hasBase && eq(a, base)) return this.take('b', key, b, a);
    if (this.hasBase && eq(b, base)) return this.take('a', key, a, b);
    if (!this.hasBase && (a === ABSENT || b === ABSENT)) {
      const v = a === ABSENT ? b : a;
      return { a: v, b: v };
    }
    this.conflicts.push({ key, a: show(a), b: show(b) });
    return { a, b };
  }

  private take(from: SideName, key: string, kept: Value, other: Value): Merged {
    this.decisions.push({
      key,
      from,
      kept: show(kept),
      other: show(other),
      rule: "configuration: one side's edit since the merge base kept",
    });
    return { a: kept, b: kept };
  }

  private objects(
    key: string,
    base: Record<string, Value>,
    a: Record<string, Value>,
    b: Record<string, Value>,
  ): Merged {
    const out: Merged = { a: {}, b: {} };
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const at = (o: Record<string, Value>) => (Object.hasOwn(o, k) ? o[k] : ABSENT);
      const m = this.merge(key ? `${key}.${k}` : k, at(base), at(a), at(b));
      if (m.a !== ABSENT) (out.a as Record<string, Value>)[k] = m.a;
      if (m.b !== ABSENT) (out.b as Record<string, Value>)[k] = m.b;
    }
    return out;
  }

  private lists(key: string, base: Map<string, Value>, a: Map<string, Value>, b: Map<string, Value>): Merged {
    const out = { a: [] as Value[], b: [] as Value[] };
    for (const id of new Set([...a.keys(), ...b.keys()])) {
      const at = (m: Map<string, Value>) => (m.has(id) ? m.get(id) : ABSENT);
      const m = this.merge(`${key}[id=${id}]`, at(base), at(a), at(b));
      if (m.a !== ABSENT) out.a.push(m.a);
      if (m.b !== ABSENT) out.b.push(m.b);
    }
    return out;
  }
}

const format = (v: Value) => Buffer.from(`${JSON.stringify(v, null, 2)}\n`);

export const configKind: FileKind = {
  name: 'configuration',
  matches: (path) => CONFIG_FILES.includes(path),
  merge: async (path, a, b, ctx): Promise<MergeOutcome> => {
    const read = (bytes: Buffer) => {
      const p = parseJson(bytes.toString('utf8'));
      return p.ok ? p.value : undefined;
    };
    const [va, vb] = [read(a.bytes), read(b.bytes)];
    if (va === undefined || vb === undefined)
      return leaveAlone(path, a, b, 'configuration unreadable on a side: each side keeps its own');
    const baseBytes = await ctx.base(path);
    const base = baseBytes ? read(baseBytes) : ABSENT;
    const merge = new ThreeWay(baseBytes !== null && base !== undefined);
    const m = merge.merge('', base ?? ABSENT, va, vb);
    const keep = (v: Version, value: Value): Version | Buffer => {
      const bytes = format(value);
      return bytes.equals(v.bytes) ? v : bytes;
    };
    const rule =
      baseBytes === null
        ? 'configuration without common history: a key with two values, each side keeps its own'
        : 'configuration: both sides edited this key since the merge base: each side keeps its own';
    const resultA = keep(a, m.a);
    return {
      a: resultA,
      b: merge.conflicts.length ? keep(b, m.b) : resultA,
      decisions: merge.decisions.map((d) => ({ path, ...d })),
      conflicts: merge.conflicts.map((c) => ({ path, ...c, rule })),
    };
  },
};
