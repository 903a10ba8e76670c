/** Turning per-endpoint observations into reasons a person can act on, and the job summary table. */
import type { Freshness } from '../data/freshness.js';
import type { PagesBuildState } from './pages-api.js';
import type { PathResult, PathState } from './served.js';

export interface EndpointReport {
  endpoint: string;
  ok: boolean;
  /** Why the endpoint failed, one reason per entry. */
  failures: string[];
  githubPages: boolean;
  expected: number;
  served: number;
  /** Seconds until every pushed file was served; null when some never were. */
  latencySeconds: number | null;
  /** Per-path timings and states (`seconds` for served paths, `state`/`detail` for the rest). */
  paths: PathResult[];
  spot: Freshness;
  retail: Freshness;
}

export interface VerifyReport {
  ok: boolean;
  checkedAt: string;
  commit: string | null;
  origin: string;
  pagesBuild: PagesBuildState | null;
  endpoints: EndpointReport[];
  /** Spread in minutes between the freshest and the stalest endpoint; null with fewer than two readings. */
  driftMinutes: { spot: number | null; retail: number | null };
}

export interface VerifyResult {
  ok: boolean;
  report: VerifyReport;
  summaryMarkdown: string;
  /** "<endpoint>: <reason>" for every failure, in endpoint order. */
  failures: string[];
}

const LISTED = 5;

const DESCRIBE: Record<Exclude<PathState, 'served'>, string> = {
  stale: 'still old content',
  missing: 'missing',
  garbage: 'malformed',
  error: 'unreachable',
  unchecked: 'not checked',
};

/** Failed paths grouped by what they answered, each group naming a few paths. */
export function servedFailures(paths: readonly PathResult[], timeoutSeconds: number): string[] {
  const groups = new Map<Exclude<PathState, 'served'>, PathResult[]>();
  for (const p of paths) {
    if (p.state === 'served') continue;
    groups.set(p.state, [...(groups.get(p.state) ?? []), p]);
  }
  return [...groups].map(([state, list]) => {
    const names = list.slice(0, LISTED).map((p) => p.path);
    const more = list.length > LISTED ? ` and ${list.length - LISTED} more` : '';
    const detail = list[0]?.detail ? ` (${list[0].detail})` : '';
    return `${list.length} pushed file${list.length > 1 ? 's' : ''} ${DESCRIBE[state]} after ${timeoutSeconds} s${detail}: ${names.join(', ')}${more}`;
  });
}

export function freshnessFailure(what: 'spot' | 'retail', f: Freshness): string | undefined {
  if (f.status === 'fresh' || f.status === 'skipped') return undefined;
  if (f.status === 'stale') {
    const of = what === 'spot' ? 'newest spot entry' : 'retail manifest generated_at';
    return `${what}: ${of} ${f.at} is ${f.ageMinutes} min old (limit ${f.maxAgeMinutes} min, ${f.path})`;
  }
  return `${what}: ${f.detail}`;
}

/** Max minus min of the instants, in minutes. */
export function drift(instants: ReadonlyArray<string | undefined>): number | null {
  const ms = instants.filter((i): i is string => !!i).map((i) => Date.parse(i));
  if (ms.length < 2) return null;
  return Math.round(((Math.max(...ms) - Math.min(...ms)) / 60_000) * 10) / 10;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function age(f: Freshness): string {
  if (f.status === 'skipped') return '—';
  if (f.ageMinutes === undefined) return `❌ ${f.status}`;
  return `${f.status === 'fresh' ? '' : '❌ '}${f.ageMinutes} min`;
}

function pagesLine(state: PagesBuildState | null): string {
  if (!state) return 'not checked';
  switch (state.state) {
    case 'built':
      return `built ${state.commit.slice(0, 7)}`;
    case 'failed':
      return `❌ errored: ${state.message}`;
    default:
      return `${state.state}: ${state.detail}`;
  }
}

export function summaryMarkdown(report: VerifyReport, failures: readonly string[]): string {
  const bad = report.endpoints.filter((e) => !e.ok).length;
  const head = report.ok
    ? `### ✅ pages-verify: all ${report.endpoints.length} endpoints serve the push and are fresh`
    : `### ❌ pages-verify: ${bad} of ${report.endpoints.length} endpoints failed`;
  const lines = [
    head,
    '',
    `Expected: ${report.endpoints[0]?.expected ?? 0} files from ${cell(report.origin)} · GitHub Pages build: ${cell(pagesLine(report.pagesBuild))}`,
    '',
    '| Endpoint | Result | Pushed files served | Latency | Spot age | Retail age |',
    '|---|---|---|---|---|---|',
    ...report.endpoints.map((e) =>
      [
        '',
        cell(e.endpoint) + (e.githubPages ? ' (GitHub Pages)' : ''),
        e.ok ? '✅ ok' : '❌ failed',
        `${e.served}/${e.expected}`,
        e.latencySeconds === null ? '—' : `${e.latencySeconds} s`,
        age(e.spot),
        age(e.retail),
        '',
      ]
        .join(' | ')
        .trim(),
    ),
    '',
    `Drift between endpoints: spot ${report.driftMinutes.spot ?? '—'} min, retail ${report.driftMinutes.retail ?? '—'} min.`,
  ];
  if (failures.length > 0) lines.push('', '**Why**', '', ...failures.map((f) => `- ${cell(f)}`));
  return `${lines.join('\n')}\n`;
}

/** The one-line reason a failed verify gives: how many endpoints failed, and the first three reasons. */
export function failureLine(result: VerifyResult): string {
  const { endpoints } = result.report;
  const bad = endpoints.filter((e) => !e.ok).length;
  const more = result.failures.length > 3 ? `; and ${result.failures.length - 3} more` : '';
  return `${bad} of ${endpoints.length} endpoint(s) failed — ${result.failures.slice(0, 3).join('; ')}${more}`;
}
