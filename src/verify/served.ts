/**
 * Question 1 — is what we pushed being served? Polls the expected paths of one endpoint until each
 * answers the expected bytes, the deadline passes, or the caller aborts (a failed Pages build).
 */
import { parseJson } from '../data/json.js';
import { type EndpointContext, fetchUncached } from '../http/endpoint.js';

export interface ExpectedFile {
  path: string;
  text: string;
}

/** What a path answered last: `stale` is well-formed but different content, `garbage` is not even well-formed. */
export type PathState = 'served' | 'missing' | 'stale' | 'garbage' | 'error' | 'unchecked';

export interface PathResult {
  path: string;
  state: PathState;
  /** Seconds from the start of verification until the expected bytes were served. */
  seconds?: number;
  detail?: string;
}

export interface ServedResult {
  paths: PathResult[];
  /** Seconds until every expected path was served; undefined when some never were. */
  latencySeconds?: number;
  githubPages: boolean;
}

export interface PollTiming {
  startedAt: number;
  deadline: number;
  intervalMs: number;
  /** Requests in flight at once per endpoint. */
  concurrency?: number;
  /** Called every `progressMs` while paths are still missing, so a long wait is never silent. */
  progress?: (line: string) => void;
  progressMs?: number;
}

interface Tracked extends PathResult {
  expected: string;
  etag?: string;
}

export async function pollServed(
  base: string,
  expected: readonly ExpectedFile[],
  ctx: EndpointContext,
  timing: PollTiming,
  onFirstAnswer?: (githubPages: boolean) => void,
): Promise<ServedResult> {
  const tracked: Tracked[] = expected.map((f) => ({ path: f.path, expected: f.text, state: 'unchecked' }));
  let githubPages = false;
  let announced = false;
  const elapsed = () => (ctx.clock.now().getTime() - timing.startedAt) / 1000;

  const check = async (t: Tracked) => {
    const remaining = timing.deadline - ctx.clock.now().getTime();
    const got = await fetchUncached(base, t.path, ctx, {
      etag: t.etag,
      timeoutMs: Math.min(15_000, Math.max(2_000, remaining)),
    });
    if (got.kind !== 'failed') {
      githubPages ||= got.githubPages;
      if (!announced) {
        announced = true;
        onFirstAnswer?.(githubPages);
      }
    }
    // 304: same bytes as last time, which did not match; the state stands.
    if (got.kind === 'not-modified') return;
    if (got.kind === 'failed') {
      Object.assign(t, { state: 'error', detail: got.detail });
      return;
    }
    t.etag = got.etag;
    if (got.status === 200 && got.text === t.expected) {
      Object.assign(t, { state: 'served', seconds: round1(elapsed()), detail: undefined });
    } else if (got.status === 404) {
      Object.assign(t, { state: 'missing', detail: 'HTTP 404' });
    } else if (got.status !== 200) {
      Object.assign(t, { state: 'error', detail: `HTTP ${got.status}` });
    } else if (looksWellFormed(t.path, got.text, t.expected)) {
      Object.assign(t, { state: 'stale', detail: 'serves different bytes' });
    } else {
      Object.assign(t, {
        state: 'garbage',
        detail: `serves a malformed body: ${JSON.stringify(got.text.slice(0, 60))}`,
      });
    }
  };

  let reported = timing.startedAt;
  const report = (now: number) => {
    if (!timing.progress || now - reported < (timing.progressMs ?? 15_000)) return;
    reported = now;
    const waiting = new Map<string, number>();
    for (const t of tracked) if (t.state !== 'served') waiting.set(t.state, (waiting.get(t.state) ?? 0) + 1);
    const why = [...waiting].map(([state, n]) => `${n} ${state}`).join(', ');
    const served = tracked.length - [...waiting.values()].reduce((a, b) => a + b, 0);
    const left = Math.max(0, Math.round((timing.deadline - now) / 1000));
    timing.progress(
      `${served}/${tracked.length} served after ${round1(elapsed())} s (${why}); ${left} s left`,
    );
  };

  try {
    for (;;) {
      const pending = tracked.filter((t) => t.state !== 'served');
      if (pending.length === 0) break;
      await eachLimited(pending, timing.concurrency ?? 6, check);
      const now = ctx.clock.now().getTime();
      if (tracked.every((t) => t.state === 'served') || now >= timing.deadline) break;
      report(now);
      await ctx.clock.sleep(Math.min(timing.intervalMs, timing.deadline - now), ctx.signal);
    }
  } catch (err) {
    // Stopped by the caller (a failed Pages build): report what was seen so far.
    if (!ctx.signal?.aborted) throw err;
  }

  const paths = tracked.map(({ path, state, seconds, detail }) => ({
    path,
    state,
    ...(seconds !== undefined ? { seconds } : {}),
    ...(detail ? { detail } : {}),
  }));
  const served = paths.every((p) => p.state === 'served');
  return {
    paths,
    githubPages,
    ...(served ? { latencySeconds: Math.max(0, ...paths.map((p) => p.seconds ?? 0)) } : {}),
  };
}

/** A JSON file must still parse as JSON; an HTML error page or torn body in its place is garbage. */
function looksWellFormed(path: string, text: string, expected: string): boolean {
  const expectJson = path.endsWith('.json') || parseJson(expected).ok;
  return expectJson ? parseJson(text).ok : true;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
