/**
 * The one lenient reader of a retail manifest (`data/api/manifest.json`), for everyone who reads one:
 * freshness (pages-verify, /health, /status), the status page's grid and the browser client. Every
 * manifest older pollers wrote must read: `generated_at` falls back to `updated` (the older name), the
 * coin list to the keys of `coins_meta`, and a field of the wrong type is ignored rather than fatal.
 *
 * No zod and nothing of Node: the browser client bundles this module. The strict write schema is
 * `manifestWrite` in retail-views/schemas.ts.
 */
import { MINUTE, parseNaive } from './time.js';

export interface ManifestCoin {
  /** As listed: a caller that puts it in a path or a URL checks it is a plain slug first. */
  slug: string;
  name?: string;
  metal?: string;
  weight?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const OFFSET = /([zZ]|([+-])(\d{2}):?(\d{2}))$/;

/**
 * An instant as manifests write it, to the millisecond (endpoints are ranked by it): naive means UTC,
 * an explicit offset is honoured, and a date that does not exist (2026-02-30) is no instant.
 */
function instant(text: string): Date | undefined {
  const t = text.trim();
  const offset = OFFSET.exec(t);
  const local = offset ? t.slice(0, -offset[0].length) : t;
  const wall = parseNaive(local);
  if (!wall) return undefined;
  const fraction = /\.(\d+)$/.exec(local)?.[1] ?? '';
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const shift = offset?.[2] ? (offset[2] === '-' ? -1 : 1) * (Number(offset[3]) * 60 + Number(offset[4])) : 0;
  return new Date(wall.getTime() + ms - shift * MINUTE);
}

/** The instant a manifest (parsed JSON) is of — `generated_at`, older files `updated` — or why there is none. */
export function manifestInstant(value: unknown): Date | string {
  if (!isRecord(value)) return 'is not a JSON object';
  const stamp = [value.generated_at, value.updated].find((s) => s !== undefined && s !== null);
  if (stamp === undefined) return 'has neither generated_at nor updated';
  if (typeof stamp !== 'string') return `generated_at is not a string (${JSON.stringify(stamp)})`;
  return instant(stamp) ?? `unreadable generated_at "${stamp.slice(0, 40)}"`;
}

/** The coins a manifest lists (`coins`, else the keys of `coins_meta`), with what `coins_meta` says of each. */
export function manifestCoins(value: unknown): ManifestCoin[] {
  if (!isRecord(value)) return [];
  const meta = isRecord(value.coins_meta) ? value.coins_meta : {};
  const listed = Array.isArray(value.coins) ? value.coins : Object.keys(meta);
  return listed
    .filter((slug): slug is string => typeof slug === 'string')
    .map((slug) => {
      const m = Object.hasOwn(meta, slug) && isRecord(meta[slug]) ? meta[slug] : {};
      return {
        slug,
        ...(typeof m.name === 'string' && { name: m.name }),
        ...(typeof m.metal === 'string' && { metal: m.metal }),
        ...(typeof m.weight === 'number' && Number.isFinite(m.weight) && { weight: m.weight }),
      };
    });
}
