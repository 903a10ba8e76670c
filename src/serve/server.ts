/**
 * The data endpoint (what Fly's `serve.js` was): a data checkout over HTTP plus the seed's query
 * API. Exposed: `GET|HEAD /data/**` (files; never dotfiles, never outside `data/`), `/api/prices`,
 * `/api/config`, `/health`, `/status` (an HTML dashboard, src/serve/status/) and `/` (a JSON index of
 * these). Everything else is a 404.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Clock, systemClock } from '../data/time.js';
import { FileCache } from './file-cache.js';
import { type Follower, startFollow } from './follow.js';
import { DEFAULT_THRESHOLDS, type ExtraHealth, Health, type HealthThresholds, LIVENESS } from './health.js';
import { answerPrices, GRAMS_PER_TROY_OUNCE, WINDOWS } from './prices.js';
import { SpotProxy } from './proxy.js';
import { RateLimiter } from './rate-limit.js';
import { resolveRequestPath } from './request-path.js';
import { SpotIndex } from './spot-index.js';
import { StaticFiles, type StaticResult, sendText } from './static.js';
import { EndpointMonitor, parseStatusEndpoints } from './status/endpoints.js';
import type { JobStatus } from './status/jobs.js';
import { StatusPage } from './status/status-page.js';

export interface ServeTimeouts {
  /** Time allowed to receive the request headers. */
  headersMs: number;
  /** Time allowed to receive the whole request. */
  requestMs: number;
  /** A socket with no traffic for this long is closed. */
  idleMs: number;
  /** How long an idle keep-alive connection is kept. */
  keepAliveMs: number;
}

export interface ServeOptions {
  /** The data checkout (its `data/` directory is served). */
  dir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  cacheControl?: string;
  rateLimitPerMinute?: number;
  /** Fetch + fast-forward the checkout every this many seconds; 0 disables. */
  followSeconds?: number;
  thresholds?: Partial<HealthThresholds>;
  /** Header carrying the client address set by a trusted proxy (e.g. `fly-client-ip`); default: the socket peer. */
  clientIpHeader?: string;
  timeouts?: Partial<ServeTimeouts>;
  clock?: Clock;
  log?: (line: string) => void;
  /** Extra `/health` checks (the daemon's job status). */
  extraHealth?: ExtraHealth;
  /** Environment for git when following (credentials). */
  gitEnv?: NodeJS.ProcessEnv;
  /** Other endpoints (base URLs) whose freshness `/status` shows, checked from this server. */
  statusEndpoints?: readonly string[];
  /** The daemon's jobs for `/status` (last run, last success, last error, next run); called per page view. */
  statusJobs?: () => JobStatus[] | Promise<JobStatus[]>;
  /** Where `/api/proxy` finds provider keys (default: process.env); see src/serve/proxy.ts. */
  proxyEnv?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then closes what is left. */
  close(graceMs?: number): Promise<void>;
}

export const SERVE_DEFAULTS = {
  host: '0.0.0.0',
  port: 8080,
  cacheControl: 'public, max-age=60',
  rateLimitPerMinute: 60,
  followSeconds: 0,
  timeouts: { headersMs: 10_000, requestMs: 30_000, idleMs: 30_000, keepAliveMs: 5_000 } as ServeTimeouts,
};

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Cache-Control, If-None-Match, If-Modified-Since',
  'Access-Control-Expose-Headers': 'ETag, Last-Modified, Retry-After',
};

export async function createServer(options: ServeOptions): Promise<RunningServer> {
  const root = resolve(options.dir);
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const timeouts = { ...SERVE_DEFAULTS.timeouts, ...options.timeouts };
  const cacheControl = options.cacheControl ?? SERVE_DEFAULTS.cacheControl;
  const rateLimitPerMinute = options.rateLimitPerMinute ?? SERVE_DEFAULTS.rateLimitPerMinute;
  const followSeconds = options.followSeconds ?? SERVE_DEFAULTS.followSeconds;
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const index = new SpotIndex(root, clock);
  const files = new StaticFiles({ root, cache: new FileCache(), cacheControl });
  const limiter = new RateLimiter(rateLimitPerMinute, clock);
  const proxy = new SpotProxy(options.proxyEnv ?? process.env, clock, log);
  const health = new Health({
    root,
    index,
    clock,
    startedAt: clock.now(),
    thresholds,
    extraHealth: options.extraHealth,
  });
  const statusEndpoints = parseStatusEndpoints(options.statusEndpoints ?? []);
  const status = new StatusPage({
    root,
    index,
    health,
    clock,
    manifestMaxAgeSeconds: thresholds.manifestMaxAgeSeconds,
    jobs: options.statusJobs,
    endpoints: statusEndpoints.length
      ? new EndpointMonitor({
          endpoints: statusEndpoints,
          clock,
          spotMaxAgeMinutes: thresholds.spotMaxAgeSeconds / 60,
          retailMaxAgeMinutes: thresholds.manifestMaxAgeSeconds / 60,
        })
      : undefined,
  });
  const ipHeader = options.clientIpHeader?.toLowerCase();
  const clientOf = (req: IncomingMessage) => {
    const forwarded = ipHeader ? req.headers[ipHeader] : undefined;
    return (typeof forwarded === 'string' && forwarded.trim()) || req.socket.remoteAddress || 'unknown';
  };

  const publicConfig = {
    cache_control: cacheControl,
    rate_limit_per_minute: rateLimitPerMinute,
    follow_seconds: followSeconds,
    health_thresholds: {
      spot_max_age_seconds: thresholds.spotMaxAgeSeconds,
      manifest_max_age_seconds: thresholds.manifestMaxAgeSeconds,
    },
    prices: {
      metals: ['gold', 'silver', 'platinum', 'palladium'],
      units: { toz: 1, g: 1 / GRAMS_PER_TROY_OUNCE },
      windows: Object.keys(WINDOWS),
    },
    exposed: [
      '/data/**',
      '/api/prices',
      '/api/config',
      '/api/proxy/:provider/latest',
      '/health',
      '/healthz',
      '/status',
    ],
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<StaticResult> {
    for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Max-Age', '86400');
      res.statusCode = 204;
      res.end();
      return { status: 204, bytes: 0 };
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD, OPTIONS');
      return sendText(res, 405, 'method not allowed');
    }
    const target = resolveRequestPath(req.url ?? '');
    if (!target.ok) return sendText(res, target.status, target.reason);
    const path = target.path;
    if (path === '/healthz') return sendJson(res, 200, LIVENESS);
    if (path.startsWith('/data/')) return files.serve(req, res, path);
    if (path === '/health') {
      const report = await health.report();
      return sendJson(res, report.ok ? 200 : 503, report.body);
    }
    if (path === '/') return sendJson(res, 200, { name: 'staktrakr', exposed: publicConfig.exposed });
    if (path === '/status' || path.startsWith('/status/'))
      return (await status.serve(res, path)) ?? sendText(res, 404, 'not found');
    if (!path.startsWith('/api/')) return sendText(res, 404, 'not found');

    const decision = limiter.take(clientOf(req));
    if (!decision.ok) {
      res.setHeader('Retry-After', String(decision.retryAfterSeconds));
      return sendJson(res, 429, {
        error: `rate limit of ${rateLimitPerMinute} requests per minute exceeded; retry in ${decision.retryAfterSeconds} s`,
      });
    }
    if (path === '/api/config' || path === '/api/prices') await index.refresh();
    if (path === '/api/config')
      return sendJson(res, 200, { ...publicConfig, currencies: index.currencies() });
    if (path === '/api/prices') {
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const answer = answerPrices(index, query, clock.now());
      return sendJson(res, answer.status, answer.body);
    }
    if (path.startsWith('/api/proxy/')) {
      const a = await proxy.answer(
        path,
        new URL(req.url ?? '/', 'http://localhost').searchParams,
        clientOf(req),
      );
      if (a.retryAfterSeconds) res.setHeader('Retry-After', String(a.retryAfterSeconds));
      return sendJson(res, a.status, a.body);
    }
    return sendText(res, 404, 'not found');
  }

  const server = createHttpServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
    },
    (req, res) => {
      const started = performance.now();
      route(req, res)
        .catch((err: unknown): StaticResult => {
          log(`error ${safePath(req.url)}: ${(err as Error).message}`);
          if (res.headersSent) {
            res.destroy();
            return { status: 500, bytes: 0 };
          }
          return sendText(res, 500, 'internal error');
        })
        .then(({ status, bytes }) => {
          const ms = (performance.now() - started).toFixed(1);
          log(`${clientOf(req)} ${req.method} ${safePath(req.url)} ${status} ${bytes} ${ms}ms`);
        });
    },
  );
  server.setTimeout(timeouts.idleMs);

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? SERVE_DEFAULTS.port, options.host ?? SERVE_DEFAULTS.host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const { port, address, family } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;

  let follower: Follower | undefined;
  if (followSeconds > 0) {
    follower = startFollow({ dir: root, intervalMs: followSeconds * 1000, clock, log, env: options.gitEnv });
  }

  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    close: async (graceMs = 10_000) => {
      const stopping = follower?.stop();
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      await stopping;
    },
  };
}

function sendJson(res: ServerResponse, status: number, value: unknown): StaticResult {
  const body = Buffer.from(`${JSON.stringify(value)}\n`);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Content-Length', body.length);
  res.end(res.req.method === 'HEAD' ? undefined : body);
  return { status, bytes: body.length };
}

/** Path for the access log: no query string (it could hold a key), no control bytes, bounded length. */
function safePath(url: string | undefined): string {
  const path = (url ?? '').split('?', 1)[0]!.slice(0, 200);
  return path.replace(/[^\x21-\x7e]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
