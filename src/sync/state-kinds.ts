/**
 * State snapshots and daily logs (the Goldback rate and files like it).
 * - A state snapshot (`data/api/goldback-spot.json`) holds one current value: of two versions, the
 *   newer by its own timestamp (`scraped_at`, else `generated_at`) is what both sides keep.
 * - A daily log (`data/goldback-YYYY.json`, `[{date, g1_usd, scraped_at}]`, newest date first) is a
 *   fact collection keyed by date: union; a date both hold with two values keeps the later scrape.
 */
import { GOLDBACK_SPOT_PATH } from '../data/goldback.js';
import { formatPretty, parseJson } from '../data/json.js';
import { choose, type FileKind, leaveAlone, stampOf, type Version } from './kinds.js';
import { type Item, unionKeyed } from './union.js';

/** Files holding one current value with its own timestamp. */
const STATE_SNAPSHOTS: readonly string[] = [GOLDBACK_SPOT_PATH];
const STAMPS = ['scraped_at', 'generated_at'];

const describeStamp = (bytes: Buffer) => {
  const field = STAMPS.find((f) => stampOf(bytes, [f]) !== undefined);
  return field ? `${field} ${new Date(stampOf(bytes, [field])!).toISOString()}` : 'no readable timestamp';
};

export const stateSnapshotKind: FileKind = {
  name: 'state snapshot',
  matches: (path) => STATE_SNAPSHOTS.includes(path),
  merge: (path, a, b) => {
    const [ta, tb] = [stampOf(a.bytes, STAMPS), stampOf(b.bytes, STAMPS)];
    const describe = (v: { bytes: Buffer }) => describeStamp(v.bytes);
    if (ta === tb)
      return leaveAlone(
        path,
        a,
        b,
        'state snapshot: no newer version by its own timestamp: each side keeps its own',
        describe,
      );
    if (ta === undefined || tb === undefined)
      return choose(
        path,
        a,
        b,
        ta === undefined ? 'b' : 'a',
        'state snapshot: the version with a readable timestamp kept',
        describe,
      );
    return choose(
      path,
      a,
      b,
      ta > tb ? 'a' : 'b',
      'state snapshot: the newer by its own timestamp kept',
      describe,
    );
  },
};

const DAILY_LOG_RE = /^data\/goldback-\d{4}\.json$/;

function logItems(bytes: Buffer): Item[] | undefined {
  const parsed = parseJson(bytes.toString('utf8'));
  if (!parsed.ok || !Array.isArray(parsed.value)) return undefined;
  return parsed.value.map((value) => {
    const json = JSON.stringify(value);
    const date = (value as { date?: unknown })?.date;
    const ok = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date);
    return { key: ok ? date : `raw:${json}`, value, json };
  });
}

const scrapedAt = (item: Item) => {
  const t = Date.parse(String((item.value as { scraped_at?: unknown }).scraped_at));
  return Number.isFinite(t) ? t : undefined;
};

export const dailyLogKind: FileKind = {
  name: 'daily log',
  matches: (path) => DAILY_LOG_RE.test(path),
  merge: (path, a, b) =>
    unionKeyed(path, a, b, {
      items: logItems,
      // Newest date first, as the original wrote it; unreadable entries kept verbatim at the end.
      format: (items) => {
        const dated = items.filter((i) => !i.key.startsWith('raw:')).sort((x, y) => (x.key < y.key ? 1 : -1));
        const raw = items.filter((i) => i.key.startsWith('raw:')).sort((x, y) => (x.json < y.json ? -1 : 1));
        return formatPretty([...dated, ...raw].map((i) => i.value));
      },
      prefer: (x, y) => {
        const [tx, ty] = [scrapedAt(x), scrapedAt(y)];
        if (tx === undefined || ty === undefined || tx === ty) return undefined;
        return { side: tx > ty ? 'a' : 'b', rule: 'daily log: the later scrape of a date kept' };
      },
      describe: (i) => {
        const v = i.value as { g1_usd?: unknown; scraped_at?: unknown };
        return `g1_usd ${String(v.g1_usd)} scraped_at ${String(v.scraped_at)}`;
      },
    }) ?? readableOrLeft(path, a, b),
};

function readableOrLeft(path: string, a: Version, b: Version) {
  const [ra, rb] = [logItems(a.bytes) !== undefined, logItems(b.bytes) !== undefined];
  if (ra === rb) return leaveAlone(path, a, b, 'both versions unreadable: each side keeps its own');
  return choose(path, a, b, ra ? 'a' : 'b', 'readable version beats a torn one');
}
