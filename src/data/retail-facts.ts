/**
 * Retail facts: every dealer page looked at, kept forever, compactly (DESIGN §2.1).
 *
 * Layout: one collection file per (UTC day, coin), `data/retail/facts/YYYY/MM/DD/<coin>.json`, a JSON
 * array with one observation per line, sorted by (observedAt, vendor). The coin and day are in the path,
 * so an entry is only `{observedAt, vendor, price, inStock, method, reason?, visionAgrees?}`.
 *
 * Why this shape:
 * - append-only and union-mergeable: a file only ever gains entries; two versions of it merge by set
 *   union (`mergeRetailFactFiles`), which is commutative, associative and idempotent, so two pollers,
 *   shards, and the two data repositories converge with no textual merge;
 * - batching does not matter: the same observations written in one run or in several shards, in any
 *   order, give byte-identical files; writing them twice changes nothing;
 * - small in git: each 15-minute run adds a few lines at the end of ~23 files, which packs as tiny deltas.
 * Failed pages are facts too (price null, with the reason): they say when we last looked.
 * Older pollers' files elsewhere under `data/retail/` (per-coin daily summaries, manifest) are legacy:
 * this module neither reads nor touches them.
 */
import { join } from 'node:path';
import { readDirNames, readTextIfExists, writeFileAtomic } from './atomic.js';
import { formatLines, parseJson } from './json.js';
import { RETAIL_FACTS_DIR } from './paths.js';
import { EXTRACTION_METHODS, type Observation, observation } from './retail-observation.js';
import { formatDate, formatIso, parseDate } from './time.js';
import * as z from './zod.js';

const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
const FACT_PATH_RE = /^data\/retail\/facts\/(\d{4})\/(\d{2})\/(\d{2})\/([a-z0-9][a-z0-9_-]*)\.json$/;
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** One stored observation; the coin and the day are in the file's path. */
export const factEntry = z.looseObject({
  observedAt: z
    .string()
    .check(z.regex(ISO_SECONDS, 'must be ISO-8601 UTC to the second, e.g. 2026-03-15T20:01:02Z')),
  vendor: z.string().check(z.regex(SLUG, 'must be a lowercase dealer id')),
  price: z.nullable(z.number().check(z.positive(), z.multipleOf(0.01))),
  inStock: z.boolean(),
  method: z.nullable(z.enum(EXTRACTION_METHODS)),
  reason: z.optional(z.string().check(z.minLength(1))),
  visionAgrees: z.optional(z.boolean()),
});
export type FactEntry = z.infer<typeof factEntry>;

/** A fact with its coin and its time in ms: what the view builders work on. */
export type Fact = FactEntry & { coin: string; time: number };

/** A page that produced neither a price nor a stock answer (timeout, bot check, no price found). */
export const isFailure = (f: Pick<FactEntry, 'price' | 'inStock'>) => f.price === null && f.inStock;

/** Byte-order comparison (not locale): the same order on every machine. */
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `data/retail/facts/YYYY/MM/DD` for the UTC day containing `day`. */
export const retailFactDayDir = (day: Date) => `${RETAIL_FACTS_DIR}/${formatDate(day).replaceAll('-', '/')}`;

export const retailFactPath = (day: Date, coin: string) => `${retailFactDayDir(day)}/${coin}.json`;

/** True for the fact collection files of this layout (what sync unions with `mergeRetailFactFiles`). */
export const isRetailFactPath = (path: string) => FACT_PATH_RE.test(path);

/** Day (midnight UTC) and coin a fact path is named for. */
export function parseRetailFactPath(path: string): { day: Date; coin: string } | undefined {
  const m = FACT_PATH_RE.exec(path);
  const day = m && parseDate(`${m[1]}-${m[2]}-${m[3]}`);
  return day ? { day, coin: m[4]! } : undefined;
}

const KNOWN_KEYS = ['observedAt', 'vendor', 'price', 'inStock', 'method', 'reason', 'visionAgrees'];

/** Fixed key order; keys a newer writer added are kept, sorted, after the known ones. */
function canonical(e: FactEntry): FactEntry {
  const out: Record<string, unknown> = {
    observedAt: e.observedAt,
    vendor: e.vendor,
    price: e.price,
    inStock: e.inStock,
    method: e.method,
  };
  if (e.reason !== undefined) out.reason = e.reason;
  if (e.visionAgrees !== undefined) out.visionAgrees = e.visionAgrees;
  for (const key of Object.keys(e).sort()) if (!KNOWN_KEYS.includes(key)) out[key] = e[key];
  return out as FactEntry;
}

export function toFactEntry(o: Observation): FactEntry {
  const entry: FactEntry = {
    observedAt: formatIso(new Date(o.observedAt)),
    vendor: o.vendor,
    price: o.price,
    inStock: o.inStock,
    method: o.method,
  };
  if (o.reason) entry.reason = o.reason;
  if (o.visionAgrees !== undefined) entry.visionAgrees = o.visionAgrees;
  return entry;
}

export class FactFileError extends Error {
  override name = 'FactFileError';
}

/**
 * Parses a fact file. A torn file (empty, NUL bytes, truncated — never a completed atomic write) holds
 * no facts and reads as empty; a readable file with an invalid entry is an error, never silently dropped.
 */
export function parseFactFile(text: string, source = 'fact file'): FactEntry[] {
  return validEntries(text, source).map(canonical);
}

function validEntries(text: string, source: string): FactEntry[] {
  const parsed = parseJson(text);
  if (!parsed.ok) return [];
  if (!Array.isArray(parsed.value)) throw new FactFileError(`${source}: not a JSON array`);
  return parsed.value.map((item, i) => {
    const r = factEntry.safeParse(item);
    if (!r.success) throw new FactFileError(`${source}, entry ${i}: ${z.prettifyError(r.error)}`);
    return r.data;
  });
}

/** Deterministic bytes of a set of entries: deduplicated, sorted by (observedAt, vendor, content). */
export function formatFactFile(entries: readonly FactEntry[]): string {
  const lines = new Map<string, FactEntry>();
  for (const e of entries) {
    const c = canonical(e);
    lines.set(JSON.stringify(c), c);
  }
  const sorted = [...lines.entries()].sort(
    ([ka, a], [kb, b]) =>
      compareText(a.observedAt, b.observedAt) || compareText(a.vendor, b.vendor) || compareText(ka, kb),
  );
  return formatLines(sorted.map(([, e]) => e));
}

/** Union of two versions of the same fact file: commutative, idempotent, deterministic bytes. */
export function mergeRetailFactFiles(a: string, b: string): string {
  return formatFactFile([...parseFactFile(a, 'first version'), ...parseFactFile(b, 'second version')]);
}

/**
 * Records observations as facts. Each is validated first (nothing invalid reaches disk); files are
 * rewritten atomically and only when their bytes change, so the same observations twice change nothing.
 * Returns the repository-relative paths written.
 */
export async function appendObservations(
  root: string,
  observations: readonly Observation[],
): Promise<string[]> {
  const byPath = new Map<string, FactEntry[]>();
  observations.forEach((o, i) => {
    const r = observation.safeParse(o);
    if (!r.success) {
      const who = typeof o?.coin === 'string' ? ` (${o.coin}/${o.vendor})` : '';
      throw new FactFileError(`observation ${i}${who} is invalid: ${z.prettifyError(r.error)}`);
    }
    if (!SLUG.test(r.data.coin))
      throw new FactFileError(`observation ${i}: coin "${r.data.coin}" is not a slug`);
    const entry = factEntry.parse(toFactEntry(r.data));
    const path = retailFactPath(new Date(entry.observedAt), r.data.coin);
    const list = byPath.get(path);
    if (list) list.push(entry);
    else byPath.set(path, [entry]);
  });
  const written: string[] = [];
  for (const [path, entries] of [...byPath.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const full = join(root, path);
    const before = await readTextIfExists(full, root);
    const after = formatFactFile([...parseFactFile(before ?? '', path), ...entries]);
    if (after === before) continue;
    await writeFileAtomic(full, after);
    written.push(path);
  }
  return written;
}

async function listDir(path: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await readDirNames(path)).filter((n) => pattern.test(n)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Days (midnight UTC, ascending) that have a fact directory. */
export async function listFactDays(root: string): Promise<Date[]> {
  const days: Date[] = [];
  const base = join(root, RETAIL_FACTS_DIR);
  for (const y of await listDir(base, /^\d{4}$/))
    for (const m of await listDir(join(base, y), /^\d{2}$/))
      for (const d of await listDir(join(base, y, m), /^\d{2}$/)) {
        const day = parseDate(`${y}-${m}-${d}`);
        if (day) days.push(day);
      }
  return days;
}

/** The facts of one coin's fact file (none when it is missing or torn), in file order, annotated. */
export async function readFactFile(root: string, path: string, coin: string): Promise<Fact[]> {
  const entries = validEntries((await readTextIfExists(join(root, path), root)) ?? '', path);
  // Half a million facts for 30 days: annotate the parsed objects rather than copy them.
  return entries.map((e) => Object.assign(e, { coin, time: Date.parse(e.observedAt) }));
}

/** Fact files of one day: the coins that have one. */
export const listFactCoins = async (root: string, day: Date) =>
  (await listDir(join(root, retailFactDayDir(day)), /^[a-z0-9][a-z0-9_-]*\.json$/)).map((n) =>
    n.slice(0, -'.json'.length),
  );

/** Time order of one coin's facts: (time, vendor); ties keep their order (the sort is stable). */
export const compareFacts = (a: Fact, b: Fact) => a.time - b.time || compareText(a.vendor, b.vendor);

/** All facts of the given days, every coin, sorted by (observedAt, coin, vendor). */
export async function readFacts(root: string, days: readonly Date[]): Promise<Fact[]> {
  const perDay = await Promise.all(
    days.map(async (day) => {
      const files = await Promise.all(
        (await listFactCoins(root, day)).map((coin) =>
          readFactFile(root, `${retailFactDayDir(day)}/${coin}.json`, coin),
        ),
      );
      return files.flat();
    }),
  );
  return perDay
    .flat()
    .sort((a, b) => a.time - b.time || compareText(a.coin, b.coin) || compareText(a.vendor, b.vendor));
}
