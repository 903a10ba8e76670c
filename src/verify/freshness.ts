/**
 * Question 2 — is the endpoint fresh? The current hour's spot file (or the previous hour's, early in
 * an hour) must exist and its newest entry be recent; the retail manifest's `generated_at` (older
 * files: `updated`) must be recent. Files are read leniently, as the app reads them.
 */
import { z } from 'zod';
import { parseJson } from '../data/json.js';
import { hourlyPath } from '../data/paths.js';
import { parseSpotText } from '../data/spot-store.js';
import { formatIso, HOUR, MINUTE, parseNaive } from '../data/time.js';
import { type EndpointContext, fetchUncached } from './endpoint.js';

export const MANIFEST_PATH = 'data/api/manifest.json';

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

type Read = { ok: true; at: Date; path: string } | { ok: false; result: Freshness };

const manifestShape = z.object({ generated_at: z.string().optional(), updated: z.string().optional() });

/** `maxAgeMinutes` 0 skips the check (a repository without retail data, say). */
export async function spotFreshness(
  base: string,
  ctx: EndpointContext,
  maxAgeMinutes: number,
): Promise<Freshness> {
  if (maxAgeMinutes === 0) return { status: 'skipped' };
  const now = ctx.clock.now();
  let read: Read | undefined;
  for (const hour of [now, new Date(now.getTime() - HOUR)]) {
    read = await readDated(base, hourlyPath(hour), ctx, newestSpotEntry);
    if (read.ok || read.result.status !== 'missing') break;
  }
  return judge(read!, now, maxAgeMinutes);
}

export async function retailFreshness(
  base: string,
  ctx: EndpointContext,
  maxAgeMinutes: number,
): Promise<Freshness> {
  if (maxAgeMinutes === 0) return { status: 'skipped' };
  const read = await readDated(base, MANIFEST_PATH, ctx, manifestTime);
  return judge(read, ctx.clock.now(), maxAgeMinutes);
}

async function readDated(
  base: string,
  path: string,
  ctx: EndpointContext,
  dateOf: (text: string) => Date | string,
): Promise<Read> {
  const got = await fetchUncached(base, path, ctx, { timeoutMs: 15_000 });
  const fail = (status: Freshness['status'], detail: string): Read => ({
    ok: false,
    result: { status, path, detail },
  });
  if (got.kind === 'failed') return fail('error', `${path}: ${got.detail}`);
  if (got.kind === 'not-modified') return fail('error', 'answered 304 to an unconditional request');
  if (got.status === 404) return fail('missing', `${path} is not served (HTTP 404)`);
  if (got.status !== 200) return fail('error', `${path} answered HTTP ${got.status}`);
  const at = dateOf(got.text);
  return typeof at === 'string' ? fail('garbage', `${path}: ${at}`) : { ok: true, at, path };
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

function manifestTime(text: string): Date | string {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed.error;
  const m = manifestShape.safeParse(parsed.value);
  if (!m.success) return z.prettifyError(m.error).replace(/\n/g, '; ');
  const stamp = m.data.generated_at ?? m.data.updated;
  if (!stamp) return 'has neither generated_at nor updated';
  const ms = Date.parse(stamp);
  return Number.isNaN(ms) ? `unreadable generated_at "${stamp.slice(0, 40)}"` : new Date(ms);
}
