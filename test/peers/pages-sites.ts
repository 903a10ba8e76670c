/**
 * Loopback stand-ins for the hosts pages-verify checks.
 *
 * `StaticSite` behaves like GitHub Pages behind its CDN: a push becomes visible only after a deploy
 * delay; every answer carries `Cache-Control: max-age=600` and an ETag, honours `If-None-Match`;
 * and an edge cache keyed by the full URL keeps serving what it cached for 600 s — so only a
 * request with a fresh query string sees a new deploy. `garbageSite` answers 200 with an HTML error
 * page for every path; `deadEndpoint` is a port nobody listens on.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`),
    ),
  );

const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;

export interface SiteOptions {
  /** Answer `Server: GitHub.com` like GitHub Pages. */
  githubPages?: boolean;
  /** Milliseconds between `push()` and the new files being served. */
  deployDelayMs?: number;
}

export class StaticSite {
  url = '';
  readonly stats = { requests: 0, notModified: 0, cacheHits: 0 };
  private readonly live = new Map<string, string>();
  private readonly edge = new Map<string, { body: string; status: number; until: number }>();
  private readonly server: Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    files: Record<string, string>,
    private readonly options: SiteOptions = {},
  ) {
    for (const [p, t] of Object.entries(files)) this.live.set(p, t);
    this.server = createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<this> {
    this.url = await listen(this.server);
    return this;
  }

  /** A push to the repository: served once the deploy finishes. */
  push(files: Record<string, string>): void {
    const deploy = () => {
      for (const [p, t] of Object.entries(files)) this.live.set(p, t);
    };
    if (!this.options.deployDelayMs) {
      deploy();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      deploy();
    }, this.options.deployDelayMs);
    this.timers.add(timer);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.stats.requests++;
    const url = new URL(req.url ?? '/', 'http://x');
    const key = `${url.pathname}${url.search}`;
    const cached = this.edge.get(key);
    let answer: { body: string; status: number };
    if (cached && cached.until > Date.now()) {
      this.stats.cacheHits++;
      answer = cached;
    } else {
      const body = this.live.get(decodeURIComponent(url.pathname).replace(/^\//, ''));
      answer =
        body === undefined
          ? { status: 404, body: '<html><body>404 File not found</body></html>' }
          : { status: 200, body };
      this.edge.set(key, { ...answer, until: Date.now() + 600_000 });
    }
    const headers: Record<string, string> = {
      'cache-control': 'max-age=600',
      'content-type': answer.status === 200 ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
      etag: etagOf(answer.body),
    };
    if (this.options.githubPages) headers.server = 'GitHub.com';
    if (answer.status === 200 && req.headers['if-none-match'] === headers.etag) {
      this.stats.notModified++;
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(answer.status, headers).end(answer.body);
  }
}

/** Answers every path with 200 and an HTML page, as a misconfigured proxy does. */
export async function garbageSite(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<html><body>Service temporarily unavailable</body></html>'),
  );
  const url = await listen(server);
  return {
    url,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** A base URL on a port that was just freed: connections are refused. */
export async function deadEndpoint(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await new Promise((r) => server.close(r));
  return url;
}
