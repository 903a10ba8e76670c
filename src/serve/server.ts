/**
 * The data endpoint (what Fly's `serve.js` was): a data checkout over HTTP plus the seed's query
 * API. Exposed: `GET|HEAD /data/**` (files; never dotfiles, never outside `data/`), `/api/prices`,
 * `/api/config`, `/health`, `/status` (an HTML dashboard, src/serve/status/) and `/` (a JSON index of
 * these). Everything else is a 404.
 *
 * Hardening (every answer, errors and 304s included, carries `nosniff` and a deny-all CSP — see
 * headers.ts): CONNECT and request targets that are not origin-form (`http://host/x`, `*`) get a
 * 400/405; a write-side deadline closes connections that stop reading (write-guard.ts); `/status`
 * and `/health` are computed at most once a second, shared, and rate limited like `/api`.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../data/logger.js';
import { type Clock, systemClock } from '../data/time.js';
import { RateLimiter } from '../http/rate-limit.js';
import { AccessLog, type AccessLogMode, clientAddress, type LogOutput, safePath } from './access-log.js';
import { installFastPath } from './fast-path.js';
import { type Follower, startFollow } from './follow.js';
import { COMMON_HEADERS, rawAnswer } from './headers.js';
import { DEFAULT_THRESHOLDS, type ExtraHealth, Health, type HealthThresholds, LIVENESS } from './health.js';
import { linesOutput } from './log-output.js';
import { answerPrices, GRAMS_PER_TROY_OUNCE, WINDOWS } from './prices.js';
import { resolveRequestPath } from './request-path.js';
import { Shared } from './shared.js';
import { SpotIndex } from './spot-index.js';
import { StaticFiles, type StaticResult, sendText } from './static.js';
import { EndpointMonitor, parseStatusEndpoints } from './status/endpoints.js';
import type { JobStatus } from './status/jobs.js';
import { StatusPage } from './status/status-page.js';
import { guardWrites } from './write-guard.js';

export interface ServeTimeouts {
  /** Time allowed to receive the request headers. */
  headersMs: number;
  /** Time allowed to receive the whole request. */
  requestMs: number;
  /** A socket with no traffic for this long is closed. */
  idleMs: number;
  /** How long an idle keep-alive connection is kept. */
  keepAliveMs: number;
  /** A connection whose unsent answers make no progress for this long is closed. */
  writeStallMs: number;
}

/** The `/api/proxy` route's answers (src/spot/proxy.ts implements it). */
export interface ProxyRoute {
  answer(
    path: string,
    query: URLSearchParams,
    client: string,
  ): Promise<{ status: number; body: unknown; retryAfterSeconds?: number }>;
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
  /** Rate-limit buckets kept (least recently seen forgotten first). */
  rateLimitKeys?: number;
  /** Access log: every request, none, or one in N (default: every request). */
  accessLog?: AccessLogMode;
  /** Where access-log lines go; default: `logger.info`, a batch of lines at a time. */
  accessLogOutput?: LogOutput;
  /** Bytes of precomputed file answers kept in memory; larger single files are streamed. */
  cacheBytes?: number;
  /** A cached file answer is confirmed by `stat` at most this often (ms), in case a file event was lost. */
  revalidateMs?: number;
  /** Directories watched for changes at most; files beyond are checked by `stat` per request. */
  maxWatchedDirs?: number;
  timeouts?: Partial<ServeTimeouts>;
  clock?: Clock;
  logger: Logger;
  /** Extra `/health` checks (the daemon's job status). */
  extraHealth?: ExtraHealth;
  /** Environment for git when following (credentials). */
  gitEnv?: NodeJS.ProcessEnv;
  /** Other endpoints (base URLs) whose freshness `/status` shows, checked from this server. */
  statusEndpoints?: readonly string[];
  /** The daemon's jobs for `/status` (last run, last success, last error, next run); called per page view. */
  statusJobs?: () => JobStatus[] | Promise<JobStatus[]>;
  /**
   * `/api/proxy/:provider/latest` (the serverless seed's proxy, src/spot/proxy.ts), handed in by the
   * serve command: the server does not know the spot providers. Without it the route answers 404.
   */
  proxy?: ProxyRoute;
  /**
   * Cached data files answered on a strict HTTP/1.1 fast path in front of node:http (fast-path.ts);
   * default on. Off: node:http alone (the tests compare the two).
   */
  fastPath?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Answers the fast path wrote (fast-path.ts; 0 when it is off). */
  fastPathAnswers(): number;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then closes what is left. */
  close(graceMs?: number): Promise<void>;
}

export const SERVE_DEFAULTS = {
  host: '0.0.0.0',
  port: 8080,
  cacheControl: 'public, max-age=60',
  rateLimitPerMinute: 60,
  followSeconds: 0,
  timeouts: {
    headersMs: 10_000,
    requestMs: 30_000,
    idleMs: 30_000,
    keepAliveMs: 5_000,
    writeStallMs: 15_000,
  } as ServeTimeouts,
};

/** `/status` and `/health` are recomputed at most this often. */
const SHARED_MS = 1_000;

export async function createServer(options: ServeOptions): Promise<RunningServer> {
  const root = resolve(options.dir);
  const clock = options.clock ?? systemClock;
  const { logger } = options;
  const timeouts = { ...SERVE_DEFAULTS.timeouts, ...options.timeouts };
  const cacheControl = options.cacheControl ?? SERVE_DEFAULTS.cacheControl;
  const rateLimitPerMinute = options.rateLimitPerMinute ?? SERVE_DEFAULTS.rateLimitPerMinute;
  const followSeconds = options.followSeconds ?? SERVE_DEFAULTS.followSeconds;
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const accessLog = new AccessLog(
    options.accessLog ?? { kind: 'on' },
    options.accessLogOutput ?? linesOutput((lines) => logger.info(lines)),
    (message) => logger.warning(message),
  );
  const index = new SpotIndex(root, clock, undefined, logger);
  const files = new StaticFiles({
    root,
    cacheControl,
    cacheBytes: options.cacheBytes,
    revalidateMs: options.revalidateMs,
    maxWatchedDirs: options.maxWatchedDirs,
  });
  const limiter = new RateLimiter(rateLimitPerMinute, clock, options.rateLimitKeys);
  const proxy = options.proxy;
  const health = new Health({
    root,
    index,
    clock,
    startedAt: clock.now(),
    thresholds,
    extraHealth: options.extraHealth,
  });
  const healthReport = new Shared(() => health.report(), clock, SHARED_MS);
  const statusEndpoints = parseStatusEndpoints(options.statusEndpoints ?? []);
  const status = new StatusPage({
    root,
    index,
    health: { report: () => healthReport.get() },
    clock,
    sharedMs: SHARED_MS,
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
  /** The socket peer, or — only when configured — the first address of the trusted proxy's header. */
  const clientOf = (req: IncomingMessage) => {
    const forwarded = ipHeader ? req.headers[ipHeader] : undefined;
    return clientAddress(typeof forwarded === 'string' ? forwarded : undefined, req.socket);
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

  /** 429 when `req`'s client is past its budget; undefined when it may go on. */
  function limited(req: IncomingMessage, res: ServerResponse): StaticResult | undefined {
    const decision = limiter.take(clientOf(req));
    if (decision.ok) return undefined;
    res.setHeader('Retry-After', String(decision.retryAfterSeconds));
    return sendJson(res, 429, {
      error: `rate limit of ${rateLimitPerMinute} requests per minute exceeded; retry in ${decision.retryAfterSeconds} s`,
    });
  }

  /** Data files are answered synchronously when cached; everything else goes through `dynamic`. */
  function route(req: IncomingMessage, res: ServerResponse): StaticResult | Promise<StaticResult> {
    // The hot path: a data file asked for by a target already checked, answered from memory.
    if (req.method === 'GET' || req.method === 'HEAD') {
      const file = files.fresh(req.url ?? '');
      if (file) return files.answer(req, res, file);
    }
    // Origin-form only: an absolute-form (`GET http://host/x`) or asterisk-form (`OPTIONS *`)
    // target is a proxy's request, and this is not a proxy.
    const target = resolveRequestPath(req.url ?? '');
    // The data files carry these headers in their precomputed answers.
    if (!(target.ok && target.path.startsWith('/data/') && (req.method === 'GET' || req.method === 'HEAD'))) {
      for (const k in COMMON_HEADERS) res.setHeader(k, COMMON_HEADERS[k]!);
    }
    if (!target.ok) return sendText(res, target.status, target.reason);
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
    const path = target.path;
    if (path === '/healthz') return sendJson(res, 200, LIVENESS);
    if (path.startsWith('/data/')) return files.serve(req, res, path);
    return dynamic(req, res, path);
  }

  async function dynamic(req: IncomingMessage, res: ServerResponse, path: string): Promise<StaticResult> {
    if (path === '/') return sendJson(res, 200, { name: 'staktrakr', exposed: publicConfig.exposed });
    if (path === '/health') {
      const refused = limited(req, res);
      if (refused) return refused;
      const report = await healthReport.get();
      return sendJson(res, report.ok ? 200 : 503, report.body);
    }
    if (path === '/status' || path.startsWith('/status/')) {
      // The page is work; its assets are constant and not limited.
      const refused = path === '/status' ? limited(req, res) : undefined;
      return refused ?? (await status.serve(res, path)) ?? sendText(res, 404, 'not found');
    }
    if (!path.startsWith('/api/')) return sendText(res, 404, 'not found');

    const refused = limited(req, res);
    if (refused) return refused;
    if (path === '/api/config' || path === '/api/prices') await index.refresh();
    if (path === '/api/config')
      return sendJson(res, 200, { ...publicConfig, currencies: index.currencies() });
    if (path === '/api/prices') {
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const answer = answerPrices(index, query, clock.now());
      return sendJson(res, answer.status, answer.body);
    }
    if (path.startsWith('/api/proxy/')) {
      if (!proxy) return sendJson(res, 404, { error: 'no spot provider is configured on this server' });
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

  /** Any failure becomes a 500 (or a cut connection when the answer was under way). */
  function failed(req: IncomingMessage, res: ServerResponse, err: unknown): StaticResult {
    logger.error(`error ${safePath(req.url)}: ${(err as Error).message}`);
    if (res.headersSent) {
      res.destroy();
      return { status: 500, bytes: 0 };
    }
    for (const k in COMMON_HEADERS) res.setHeader(k, COMMON_HEADERS[k]!);
    return sendText(res, 500, 'internal error');
  }

  function handle(req: IncomingMessage, res: ServerResponse): StaticResult | Promise<StaticResult> {
    try {
      const result = route(req, res);
      return result instanceof Promise ? result.catch((err) => failed(req, res, err)) : result;
    } catch (err) {
      return failed(req, res, err);
    }
  }

  function logLine(req: IncomingMessage, { status, bytes }: StaticResult, started: number) {
    accessLog.add(
      clientOf(req),
      req.method ?? '',
      safePath(req.url),
      status,
      bytes,
      performance.now() - started,
    );
  }

  function onRequest(req: IncomingMessage, res: ServerResponse) {
    if (!accessLog.wants()) {
      handle(req, res);
      return;
    }
    const started = performance.now();
    const result = handle(req, res);
    if (result instanceof Promise) result.then((r) => logLine(req, r, started));
    else logLine(req, result, started);
  }

  const server = createHttpServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
    },
    onRequest,
  );
  // CONNECT is a proxy's method: answered, then closed.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    socket.on('error', () => undefined);
    socket.end(rawAnswer(405, 'Method Not Allowed', 'method not allowed', { Allow: 'GET, HEAD, OPTIONS' }));
  });
  // Requests the parser refuses get an answer with the same headers as every other.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // Only when no answer is under way on this socket (the same test Node's default handler makes).
    const busy = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === 'ECONNRESET' || !socket.writable || busy) {
      socket.destroy();
      return;
    }
    const [status, reason] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout']
          : [400, 'Bad Request'];
    socket.end(rawAnswer(status as number, reason as string, (reason as string).toLowerCase()));
  });
  const fast =
    options.fastPath === false
      ? undefined
      : installFastPath(server, { files, accessLog, keepAliveMs: timeouts.keepAliveMs, ipHeader });
  const stopGuard = guardWrites(server, timeouts.writeStallMs, timeouts.idleMs);

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
    follower = startFollow({
      dir: root,
      intervalMs: followSeconds * 1000,
      clock,
      logger,
      env: options.gitEnv,
    });
  }

  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    fastPathAnswers: () => fast?.answered ?? 0,
    close: async (graceMs = 10_000) => {
      const stopping = follower?.stop();
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      server.closeIdleConnections();
      fast?.close();
      const timer = setTimeout(() => {
        server.closeAllConnections();
        fast?.close(true);
      }, graceMs);
      await closed;
      clearTimeout(timer);
      stopGuard();
      files.close();
      await Promise.all([accessLog.close(), stopping]);
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
