/**
 * Property: from a shared past, random edits to every file family on both sides (slot facts, spot
 * history, hourly views, the Goldback snapshot and log, the catalog, unknown files) → after one sync
 * both sides are byte-identical except the reported true conflicts, no newer value is lost, every
 * replacement of one side's value is reported, and swapping A and B swaps the outcome.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatPretty } from '../../src/data/json.js';
import { slotPath } from '../../src/data/paths.js';
import { systemClock } from '../../src/data/time.js';
import type { Conflict, Decision } from '../../src/sync/kinds.js';
import { type SyncOptions, syncRepos } from '../../src/sync/sync.js';
import { type Files, tempDir } from '../helpers/git.js';
import { collectingLogger } from '../helpers/logger.js';
import { bare, dataFiles, historyFile, importCommit, show, spotEntries } from './repos.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('sync-property-');
}, 120_000);
afterAll(() => tmp.remove());

/** Small seeded PRNG (mulberry32), so a failing case can be replayed from its seed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Where = 'none' | 'a' | 'b' | 'same' | 'differ';
const WHERE: Where[] = ['none', 'a', 'b', 'same', 'differ'];

const options = (a: string, b: string): SyncOptions => ({
  a: { repo: a, branch: 'main' },
  b: { repo: b, branch: 'main' },
  push: true,
  dryRun: false,
  pollerId: 'property',
  clock: systemClock,
  logger: collectingLogger(),
});

const copyRepo = (from: string, name: string) => bare(tmp.path, name, from);

const SPOT = 'data/api/goldback-spot.json';
const LOG = 'data/goldback-2026.json';
const CATALOG = 'data/retail/providers.json';
const UNKNOWN = 'data/misc/notes.txt';

const stamp = (minute: number) => new Date(Date.UTC(2026, 2, 15, 0, minute)).toISOString();
const goldbackSpot = (minute: number, g1: number) =>
  formatPretty({ date: '2026-03-15', scraped_at: stamp(minute), g1_usd: g1, source: 'goldback.com' });
const goldbackLog = (rows: Array<{ date: string; g1_usd: number; scraped_at: string }>) =>
  formatPretty([...rows].sort((x, y) => (x.date < y.date ? 1 : -1)));

type Catalog = Record<string, Record<string, string>>;
const COINS = ['age', 'ase', 'buffalo'];
const FIELDS = ['url', 'name'];
const baseCatalog = (): Catalog =>
  Object.fromEntries(COINS.map((c) => [c, Object.fromEntries(FIELDS.map((f) => [f, `${c}-${f}-0`]))]));
const catalogFile = (c: Catalog) =>
  `${JSON.stringify(
    {
      coins: Object.fromEntries(
        Object.entries(c).map(([coin, f]) => [coin, { providers: [{ id: 'apmex', enabled: true, ...f }] }]),
      ),
    },
    null,
    2,
  )}\n`;
const readCatalog = (text: string): Catalog =>
  Object.fromEntries(
    Object.entries(
      JSON.parse(text).coins as Record<string, { providers: Array<Record<string, string>> }>,
    ).map(([coin, v]) => [coin, Object.fromEntries(FIELDS.map((f) => [f, v.providers[0]![f]!]))]),
  );

const swapSide = <T extends { from: 'a' | 'b' }>(d: T): T => ({ ...d, from: d.from === 'a' ? 'b' : 'a' });
const swapConflict = (c: Conflict): Conflict => ({ ...c, a: c.b, b: c.a });

it('random edits to every family on both sides converge, newer values kept, every decision reported', async () => {
  for (let seed = 1; seed <= 6; seed++) {
    const random = prng(seed);
    const pick = () => WHERE[Math.floor(random() * WHERE.length)]!;
    const context = `seed ${seed}`;
    const base: Files = {};
    const filesA: Files = {};
    const filesB: Files = {};
    const put = (where: Where, path: string, one: string, other: string) => {
      if (where === 'a' || where === 'same' || where === 'differ') filesA[path] = one;
      if (where === 'b' || where === 'same') filesB[path] = one;
      if (where === 'differ') filesB[path] = other;
    };
    // Slot facts (hourly views are rebuilt from them) and spot history: union, two values a conflict.
    const slots = Array.from({ length: 8 }, (_, i) => new Date(Date.UTC(2026, 2, 10, 10, i * 15)));
    const slotWhere = new Map(slots.map((s) => [slotPath(s), pick()]));
    for (const s of slots)
      put(
        slotWhere.get(slotPath(s))!,
        slotPath(s),
        formatPretty(spotEntries(s)),
        formatPretty(spotEntries(s, 1)),
      );
    const dates = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'];
    const histA: Array<[string, string, number]> = [];
    const histB: Array<[string, string, number]> = [];
    const historyWhere = new Map(dates.map((d) => [d, pick()]));
    for (const [d, where] of historyWhere) {
      if (where === 'a' || where === 'same' || where === 'differ') histA.push([d, 'Gold', 2900]);
      if (where === 'b' || where === 'same') histB.push([d, 'Gold', 2900]);
      if (where === 'differ') histB.push([d, 'Gold', 2901]);
    }
    if (histA.length) filesA['data/spot-history-2026.json'] = historyFile(histA);
    if (histB.length) filesB['data/spot-history-2026.json'] = historyFile(histB);
    // Goldback snapshot: a shared one, each side maybe scraping again (minutes may collide).
    base[SPOT] = goldbackSpot(0, 10);
    const minute = {
      a: random() < 0.6 ? 1 + Math.floor(random() * 4) : 0,
      b: random() < 0.6 ? 1 + Math.floor(random() * 4) : 0,
    };
    if (minute.a) filesA[SPOT] = goldbackSpot(minute.a, 10 + minute.a / 100);
    if (minute.b) filesB[SPOT] = goldbackSpot(minute.b, 10 + minute.b / 100 + 0.005);
    // Goldback log: each side records some dates, at random scrape minutes.
    type Row = { date: string; g1_usd: number; scraped_at: string };
    const logRows = { a: [] as Row[], b: [] as Row[] };
    for (const date of ['2026-03-12', '2026-03-13', '2026-03-14'])
      for (const side of ['a', 'b'] as const)
        if (random() < 0.6) {
          const m = Math.floor(random() * 3);
          logRows[side].push({ date, g1_usd: 10 + m / 10 + (side === 'b' ? 0.01 : 0), scraped_at: stamp(m) });
        }
    if (logRows.a.length) filesA[LOG] = goldbackLog(logRows.a);
    if (logRows.b.length) filesB[LOG] = goldbackLog(logRows.b);
    // Catalog: a shared base, then each side edits random fields.
    base[CATALOG] = catalogFile(baseCatalog());
    const edits = { a: baseCatalog(), b: baseCatalog() };
    for (const coin of COINS)
      for (const f of FIELDS)
        for (const side of ['a', 'b'] as const)
          if (random() < 0.3) edits[side][coin]![f] = `${coin}-${f}-${random() < 0.5 ? 1 : `${side}`}`;
    filesA[CATALOG] = catalogFile(edits.a);
    filesB[CATALOG] = catalogFile(edits.b);
    put(pick(), UNKNOWN, 'one\n', 'two\n');

    const a = bare(tmp.path, `a${seed}.git`);
    importCommit(a, base, 'shared past');
    const b = copyRepo(a, `b${seed}.git`);
    importCommit(a, filesA, 'A');
    importCommit(b, filesB, 'B');
    const [swappedA, swappedB] = [copyRepo(b, `sa${seed}.git`), copyRepo(a, `sb${seed}.git`)];
    const [beforeA, beforeB] = [dataFiles(a), dataFiles(b)];

    const result = await syncRepos(options(a, b));
    const [afterA, afterB] = [dataFiles(a), dataFiles(b)];
    const conflicted = new Set(result.conflicts.map((c) => c.path));
    // Byte-identical except the true conflicts, which each side keeps as it was.
    for (const path of new Set([...afterA.keys(), ...afterB.keys()]))
      if (!conflicted.has(path)) expect(afterA.get(path), `${context}: ${path}`).toBe(afterB.get(path));
    // Nothing lost.
    for (const path of new Set([...beforeA.keys(), ...beforeB.keys()])) {
      expect(afterA.has(path), `${context}: ${path}`).toBe(true);
      expect(afterB.has(path), `${context}: ${path}`).toBe(true);
    }
    for (const [path, where] of slotWhere) {
      if (where === 'differ') {
        expect(conflicted.has(path), `${context}: ${path}`).toBe(true);
        expect([afterA.get(path), afterB.get(path)]).toEqual([beforeA.get(path), beforeB.get(path)]);
      } else if (where !== 'none')
        expect(afterA.get(path), context).toBe((beforeA.get(path) ?? beforeB.get(path))!);
    }
    const history = (repo: string) =>
      histA.length + histB.length ? JSON.parse(show(repo, 'data/spot-history-2026.json')) : [];
    const wanted = [...historyWhere].filter(([, w]) => w !== 'none').map(([d]) => `${d} 12:00:00`);
    for (const repo of [a, b])
      expect(
        history(repo).map((e: { timestamp: string }) => e.timestamp),
        context,
      ).toEqual(wanted);
    const disputed = [...historyWhere].filter(([, w]) => w === 'differ').map(([d]) => `${d} 12:00:00|Gold`);
    expect(
      result.conflicts.filter((c) => c.path === 'data/spot-history-2026.json').map((c) => c.key),
      context,
    ).toEqual(disputed);

    // The newer Goldback rate on both sides (a tie between two different scrapes is a conflict).
    const newest = Math.max(minute.a, minute.b);
    if (minute.a === minute.b && minute.a > 0) expect(conflicted.has(SPOT), context).toBe(true);
    else
      for (const repo of [a, b]) expect(JSON.parse(show(repo, SPOT)).scraped_at, context).toBe(stamp(newest));
    // The log: every date either side recorded, with its latest scrape.
    const rows = [...logRows.a, ...logRows.b];
    if (rows.length) {
      const latest = new Map<string, string>();
      for (const r of rows) if ((latest.get(r.date) ?? '') < r.scraped_at) latest.set(r.date, r.scraped_at);
      const logConflicts = result.conflicts.filter((c) => c.path === LOG).map((c) => c.key);
      for (const repo of [a, b]) {
        const log = JSON.parse(show(repo, LOG)) as Array<{ date: string; scraped_at: string }>;
        expect(log.map((r) => r.date).sort(), context).toEqual([...latest.keys()].sort());
        for (const r of log) expect(r.scraped_at, `${context}: ${r.date}`).toBe(latest.get(r.date));
      }
      // A date both hold: the later scrape replaces the other, reported; the same minute: a conflict.
      const logDecisions = result.decisions.filter((d) => d.path === LOG).map((d) => d.key);
      for (const r of logRows.a) {
        const other = logRows.b.find((x) => x.date === r.date);
        if (!other) continue;
        if (other.scraped_at === r.scraped_at) expect(logConflicts, context).toContain(r.date);
        else expect(logDecisions, context).toContain(r.date);
      }
    }

    // Catalog: one side's edit kept and reported; both edited differently: a conflict, each keeps its own.
    const [catA, catB] = [readCatalog(show(a, CATALOG)), readCatalog(show(b, CATALOG))];
    for (const coin of COINS)
      for (const f of FIELDS) {
        const key = `coins.${coin}.providers[id=apmex].${f}`;
        const [va, vb, v0] = [edits.a[coin]![f]!, edits.b[coin]![f]!, baseCatalog()[coin]![f]!];
        const decision = result.decisions.find((d) => d.path === CATALOG && d.key === key);
        const conflict = result.conflicts.find((c) => c.path === CATALOG && c.key === key);
        if (va === vb) {
          expect([catA[coin]![f], catB[coin]![f], decision, conflict], `${context}: ${key}`).toEqual([
            va,
            va,
            undefined,
            undefined,
          ]);
        } else if (va === v0 || vb === v0) {
          const [edited, from] = va === v0 ? [vb, 'b'] : [va, 'a'];
          expect([catA[coin]![f], catB[coin]![f], decision?.from], `${context}: ${key}`).toEqual([
            edited,
            edited,
            from,
          ]);
        } else {
          expect([catA[coin]![f], catB[coin]![f], conflict?.key], `${context}: ${key}`).toEqual([
            va,
            vb,
            key,
          ]);
        }
      }
    // Every whole-file replacement of one side's bytes by the other's is reported (collections are
    // checked key by key above: a side gaining the other's entries is a union, not a replacement).
    for (const [path, oid] of beforeA) {
      const theirs = beforeB.get(path);
      if (!theirs || theirs === oid || !(path === SPOT || path === UNKNOWN || path.startsWith('data/15min/')))
        continue;
      if (afterA.get(path) === theirs || afterB.get(path) === oid)
        expect(
          result.decisions.some((d: Decision) => d.path === path),
          `${context}: ${path} replaced without a decision`,
        ).toBe(true);
    }

    const swapped = await syncRepos(options(swappedA, swappedB));
    expect(swapped.trees, `${context}: the merge must not depend on which side is A`).toEqual({
      a: result.trees.b,
      b: result.trees.a,
    });
    expect(swapped.conflicts, context).toEqual(result.conflicts.map(swapConflict));
    expect(swapped.decisions, context).toEqual(result.decisions.map(swapSide));
  }
}, 480_000);
