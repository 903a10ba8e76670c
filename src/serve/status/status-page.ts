/**
 * `/status`: the operator's dashboard (HTML), and its assets `/status/status.js`, `/status/status.css`
 * (bundled into assets.generated.ts, so the page works offline, from dist/, with no CDN) and
 * `/status/icon.svg`. The page is served with a Content-Security-Policy that allows only this origin:
 * no inline script or style runs, even if escaping were ever missed.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Freshness } from '../../data/freshness.js';
import { MANIFEST_PATH } from '../../data/paths.js';
import { type Clock, DAY } from '../../data/time.js';
import type { Health, HealthCheck } from '../health.js';
import { Shared } from '../shared.js';
import { SpotIndex } from '../spot-index.js';
import type { StaticResult } from '../static.js';
import { STATUS_SCRIPT_BASE64, STATUS_STYLE_BASE64 } from './assets.generated.js';
import type { EndpointMonitor } from './endpoints.js';
import { readRetailGrid } from './grid.js';
import type { JobStatus } from './jobs.js';
import { type EndpointRow, renderStatusPage, type StatusModel } from './page.js';
import { type SpotCharts, spotCharts } from './spot-chart.js';

export const STATUS_CSP =
  "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'none'";

interface Asset {
  path: string;
  type: string;
  body: Buffer;
  /** Versioned URL the page links to, so the asset can be cached for good. */
  url: string;
}

function asset(path: string, type: string, body: Buffer): Asset {
  const version = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { path, type, body, url: `${path}?v=${version}` };
}

const fromBase64 = (text: string) => Buffer.from(text, 'base64');
const SCRIPT = asset('/status/status.js', 'text/javascript; charset=utf-8', fromBase64(STATUS_SCRIPT_BASE64));
const STYLE = asset('/status/status.css', 'text/css; charset=utf-8', fromBase64(STATUS_STYLE_BASE64));
// A gold coin, so browsers find an icon here instead of asking for a missing /favicon.ico.
const ICON = asset(
  '/status/icon.svg',
  'image/svg+xml',
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#c8961e"/><circle cx="8" cy="8" r="4.5" fill="none" stroke="#8a6410" stroke-width="1.2"/></svg>',
  ),
);
const ASSETS = [SCRIPT, STYLE, ICON];

export interface StatusPageDeps {
  root: string;
  index: SpotIndex;
  health: Pick<Health, 'report'>;
  clock: Clock;
  /** The page is rendered at most this often, and shared by the requests meanwhile (default 1 s). */
  sharedMs?: number;
  /** Coins whose `window_start` is older are shown stale (seconds; 0: never). */
  manifestMaxAgeSeconds: number;
  endpoints?: EndpointMonitor;
  jobs?: () => JobStatus[] | Promise<JobStatus[]>;
}

/** This server's own data, as a row of the endpoint table. */
function localFreshness(check: HealthCheck | undefined, field: string, path: string): Freshness {
  const at = typeof check?.[field] === 'string' ? (check[field] as string) : undefined;
  const max = Number(check?.max_age_seconds ?? 0);
  return {
    status: !at ? 'missing' : check?.ok ? 'fresh' : 'stale',
    path,
    ...(at && { at, ageMinutes: Number(check?.age_seconds) / 60 }),
    ...(max > 0 && { maxAgeMinutes: max / 60 }),
    ...(!at && { detail: `no readable ${path} in the checkout` }),
  };
}

export class StatusPage {
  /** An index anchored at the newest spot data, for a checkout whose data stopped more than a day ago. */
  private archive: { newest: number; index: SpotIndex } | undefined;
  private readonly page: Shared<Buffer>;

  constructor(private readonly deps: StatusPageDeps) {
    this.page = new Shared(
      async () => Buffer.from(renderStatusPage(await this.model())),
      deps.clock,
      deps.sharedMs ?? 1_000,
    );
  }

  /**
   * The spot cards and charts. When the newest data is more than a day old, the last available
   * 24 hours and 7 days are shown instead of empty charts, marked stale.
   */
  private async spot(now: Date): Promise<SpotCharts> {
    const { index, root, clock } = this.deps;
    const newest = await index.newest();
    if (newest === undefined || newest >= now.getTime() - DAY) return spotCharts(index, now);
    if (this.archive?.newest !== newest)
      this.archive = {
        newest,
        index: new SpotIndex(root, { now: () => new Date(newest), sleep: clock.sleep }),
      };
    await this.archive.index.refresh();
    return { ...spotCharts(this.archive.index, new Date(newest)), endedAt: newest };
  }

  /** Answers a `/status` path; undefined for any other path. */
  async serve(res: ServerResponse, path: string): Promise<StaticResult | undefined> {
    if (path === '/status') {
      const body = await this.page.get();
      return send(res, 'text/html; charset=utf-8', body, 'no-cache', {
        'Content-Security-Policy': STATUS_CSP,
      });
    }
    const a = ASSETS.find((x) => x.path === path);
    return a && send(res, a.type, a.body, 'public, max-age=31536000, immutable');
  }

  private async model(): Promise<StatusModel> {
    const { clock, health, root } = this.deps;
    const report = await health.report();
    const now = clock.now();
    const local: EndpointRow = {
      label: 'this server',
      note: '(its checkout)',
      spot: localFreshness(report.body.checks.spot, 'newest', 'data/15min, data/hourly'),
      retail: localFreshness(report.body.checks.manifest, 'generated_at', MANIFEST_PATH),
    };
    const [remote, jobs, retail] = await Promise.all([
      this.deps.endpoints?.current() ?? [],
      this.readJobs(),
      readRetailGrid(root),
    ]);
    return {
      now,
      commit: report.body.commit,
      uptimeSeconds: report.body.uptime_seconds,
      endpoints: [local, ...remote],
      ...jobs,
      spot: await this.spot(now),
      retail,
      retailMaxAgeMs: this.deps.manifestMaxAgeSeconds * 1000,
      assets: { script: SCRIPT.url, style: STYLE.url, icon: ICON.url },
    };
  }

  private async readJobs(): Promise<{ jobs?: JobStatus[]; jobsError?: string }> {
    if (!this.deps.jobs) return {};
    try {
      return { jobs: await this.deps.jobs() };
    } catch (err) {
      return { jobsError: (err as Error).message };
    }
  }
}

function send(
  res: ServerResponse,
  type: string,
  body: Buffer,
  cacheControl: string,
  headers: Record<string, string> = {},
): StaticResult {
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Length', body.length);
  const head = res.req.method === 'HEAD';
  res.end(head ? undefined : body);
  return { status: 200, bytes: head ? 0 : body.length };
}
