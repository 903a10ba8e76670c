/**
 * A forward proxy on 127.0.0.1 that applies the outbound policy to every connection a local
 * Chromium opens: each redirect hop (which Playwright's route interception never sees), subresources,
 * WebSockets, preconnects. It connects to the very address it vetted, so a DNS answer that changes
 * between the check and the connection (rebinding) cannot reach an internal host. HTTPS passes as an
 * opaque CONNECT tunnel, so the browser's own TLS is what the dealer sees.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { OutboundPolicy } from './outbound.js';

export interface PolicyProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** URLs refused so far (bounded; for logs and tests). */
  refused: string[];
  close(): Promise<void>;
}

const IDLE_MS = 60_000;
const MAX_CONNECTIONS = 512;
const MAX_REFUSED = 200;
const HOP_BY_HOP = ['proxy-connection', 'proxy-authorization', 'keep-alive', 'connection'];

export async function startPolicyProxy(policy: OutboundPolicy): Promise<PolicyProxy> {
  const refused: string[] = [];
  const refuse = (url: string) => {
    if (refused.length < MAX_REFUSED) refused.push(url);
  };
  const sockets = new Set<Duplex>();
  const track = (s: Duplex) => {
    if (sockets.has(s)) return; // a kept-alive socket carries many requests
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    (s as Socket).setTimeout?.(IDLE_MS, () => s.destroy());
    s.on('error', () => s.destroy());
  };
  /** Opens a TCP connection to the vetted address of `url`, or undefined when the policy refuses it. */
  const open = async (url: string, port: number): Promise<Socket | undefined> => {
    const verdict = await policy.vet(url);
    if (!verdict.allowed) {
      refuse(url);
      return undefined;
    }
    const host = verdict.address ?? new URL(url).hostname.replace(/^\[|\]$/g, '');
    const upstream = connect({ host, port, timeout: IDLE_MS });
    track(upstream);
    return upstream;
  };

  const server = createServer(async (req: IncomingMessage, res) => {
    track(req.socket);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const port = Number(target.port || 80);
    const verdict = await policy.vet(target.href);
    if (!verdict.allowed || target.protocol !== 'http:') {
      refuse(target.href);
      res.writeHead(403, { 'content-type': 'text/plain' }).end('refused by the outbound policy');
      return;
    }
    const headers = { ...req.headers };
    for (const h of HOP_BY_HOP) delete headers[h];
    const upstream = httpRequest({
      host: verdict.address ?? target.hostname.replace(/^\[|\]$/g, ''),
      port,
      method: req.method,
      path: `${target.pathname}${target.search}`,
      headers,
      timeout: IDLE_MS,
    });
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });

  // HTTPS and WebSockets: `CONNECT host:port`, then bytes both ways.
  server.on('connect', async (req: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(req.url ?? '');
    const port = Number(m?.[2]);
    const upstream = m && port > 0 && port < 65536 ? await open(`http://${m[1]}:${port}/`, port) : undefined;
    if (!upstream) {
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n'));
    upstream.once('timeout', () => upstream.destroy());
  });
  // Plain `ws://` through the proxy arrives as an upgrade request: refuse unless vetted, then tunnel.
  server.on('upgrade', async (req: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    let target: URL | undefined;
    try {
      target = new URL(req.url ?? '');
    } catch {}
    const port = Number(target?.port || 80);
    const upstream = target ? await open(target.href, port) : undefined;
    if (!upstream || !target) {
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    upstream.once('connect', () => {
      const lines = [`${req.method} ${target.pathname}${target.search} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP.slice(0, 2).includes(req.rawHeaders[i]!.toLowerCase()))
          lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => client.destroy());
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.keepAliveTimeout = IDLE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
