/**
 * Freshness rules of a data repository, shared by pages-verify and the server's status page. The
 * current hour's spot file (or the previous hour's, early in an hour) must exist and its newest entry
 * be recent; the retail manifest's `generated_at` (older files: `updated`) must be recent. Files are
 * read leniently, as the app reads them. How a file is fetched is the caller's: it passes a reader.
 */
import { parseJson } from './json.js';
import { hourlyPath, MANIFEST_PATH } from './paths.js';
import { manifestInstant } from './retail-manifest.js';
import { parseSpotText } from './spot-store.js';
import { type Clock, formatIso, HOUR, MINUTE, parseNaive } from './time.js';

export interface Freshness {
  status: 'fresh' | 'stale' | 'missing' | 'garbage' | 'error' | 'skipped';
  /** The file that answered. */
  path?: string;
  /** The instant the data is of (ISO-8601 UTC). */
  at?: string;
  ageMinutes?: number;
  /** Limit in minutes the age was held to. */
  maxAgeMinutes?: number;
  detail?: string;
}

/** What reading one file of the repository gave: its text, or why there is none. */
export type FileAnswer =
  | { ok: true; text: string }
  | { ok: false; status: 'missing' | 'error'; detail: string };

export type FileReader = (path: string) => Promise<FileAnswer>;

type Read = { ok: true; at: Date; path: string } | { ok: false; result: Freshness };

/** `maxAgeMinutes` 0 skips the check (a repository without retail data, say). */
export async function spotFreshness(
  read: FileReader,
  clock: Clock,
  maxAgeMinutes: number,
): Promise<Freshness> {
  if (maxAgeMinutes === 0) return { status: 'skipped' };
  const now = clock.now();
  let got: Read | undefined;
  for (const hour of [now, new Date(now.getTime() - HOUR)]) {
    got = await readDated(read, hourlyPath(hour), newestSpotEntry);
    if (got.ok || got.result.status !== 'missing') break;
  }
  return judge(got!, now, maxAgeMinutes);
}

export async function retailFreshness(
  read: FileReader,
  clock: Clock,
  maxAgeMinutes: number,
): Promise<Freshness> {
  if (maxAgeMinutes === 0) return { status: 'skipped' };
  const got = await readDated(read, MANIFEST_PATH, manifestTime);
  return judge(got, clock.now(), maxAgeMinutes);
}

async function readDated(
  read: FileReader,
  path: string,
  dateOf: (text: string) => Date | string,
): Promise<Read> {
  const got = await read(path);
  if (!got.ok) return { ok: false, result: { status: got.status, path, detail: got.detail } };
  const at = dateOf(got.text);
  return typeof at === 'string'
    ? { ok: false, result: { status: 'garbage', path, detail: `${path}: ${at}` } }
    : { ok: true, at, path };
}

function judge(read: Read, now: Date, maxAgeMinutes: number): Freshness {
  if (!read.ok) return read.result;
  const ageMinutes = Math.round(((now.getTime() - read.at.getTime()) / MINUTE) * 10) / 10;
  return {
    status: ageMinutes <= maxAgeMinutes ? 'fresh' : 'stale',
    path: read.path,
    at: formatIso(read.at),
    ageMinutes,
    maxAgeMinutes,
  };
}

/** The newest entry's time, or why there is none. */
function newestSpotEntry(text: string): Date | string {
  const read = parseSpotText(text);
  if (read.status === 'missing') return 'is missing';
  if (read.status === 'corrupt') return read.error;
  const newest = read.entries
    .map((e) => e.timestamp)
    .sort()
    .at(-1);
  return (newest && parseNaive(newest)) || 'holds no readable entry';
}

/** The instant a retail manifest's text is of (`generated_at`, older files `updated`), or why there is none. */
export function manifestTime(text: string): Date | string {
  const parsed = parseJson(text);
  return parsed.ok ? manifestInstant(parsed.value) : parsed.error;
}
