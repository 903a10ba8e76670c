/** Loopback peers of the soak besides MetalPriceAPI: a Firecrawl API, a git remote that never answers, a remote that can fall silent. */
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';

export interface Peer {
  url: string;
  close(): Promise<void>;
}

const body = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
};

/** Firecrawl's `/v1/scrape`: fetches the page it is asked for and answers its raw HTML. */
export async function firecrawlPeer(): Promise<Peer> {
  const server = createHttpServer(async (req, res) => {
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (req.method !== 'POST' || req.url !== '/v1/scrape')
      return json(404, { success: false, error: 'Not found' });
    const { url } = JSON.parse((await body(req)) || '{}') as { url?: string };
    if (!url) return json(400, { success: false, error: 'url is required' });
    const page = await fetch(url, { signal: AbortSignal.timeout(10_000) })
      .then(async (r) => ({ status: r.status, text: await r.text() }))
      .catch((e: Error) => ({ status: 502, text: e.message }));
    json(200, {
      success: true,
      data: { rawHtml: page.text, metadata: { sourceURL: url, url, statusCode: page.status } },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A TCP server that accepts every connection and never says a word; `hangUp` drops the connections
 * it holds (a run that gave up), `close` also stops listening.
 */
export async function silentPeer(): Promise<Peer & { connections: () => number; hangUp: () => void }> {
  const sockets = new Set<Socket>();
  let count = 0;
  let closed = false;
  const server = createServer((socket) => {
    if (closed) return socket.destroy();
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => count,
    hangUp: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        closed = true;
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/**
 * A TCP front for another loopback server: it forwards every connection, or — while `silent` —
 * accepts it and never says a word (`hangUp` drops the connections it holds so).
 */
export async function gatedProxy(
  targetPort: number,
): Promise<Peer & { silent: boolean; hangUp: () => void }> {
  const held = new Set<Socket>();
  const open = new Set<Socket>();
  const gate = { silent: false };
  const track = (set: Set<Socket>, s: Socket) => {
    set.add(s);
    s.on('close', () => set.delete(s));
    s.on('error', () => undefined);
  };
  const server = createServer((socket) => {
    if (gate.silent) return track(held, socket);
    track(open, socket);
    const upstream = connect(targetPort, '127.0.0.1');
    track(open, upstream);
    socket.pipe(upstream).pipe(socket);
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get silent() {
      return gate.silent;
    },
    set silent(value: boolean) {
      gate.silent = value;
    },
    hangUp: () => {
      for (const s of held) s.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of [...held, ...open]) s.destroy();
      }),
  };
}
