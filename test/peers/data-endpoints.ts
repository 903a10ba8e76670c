/**
 * Data endpoints as the StakTrakr app sees them: our own server on a generated data checkout
 * (`data/hourly/…/HH.json`, `data/api/manifest.json`, `/api/prices`), behind a small proxy whose
 * fault mode the test switches (down, hang, slow, garbage, 500, static-only — a Pages-like host
 * without the query API).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  fixedClock,
  METALS,
  put,
  removeDir,
  startServer,
  tempDir,
  writeHourly,
  writeManifest,
} from '../serve/fixture.js';

export type Mode = 'ok' | 'down' | 'hang' | 'slow' | 'garbage' | 'error' | 'static-only';

export const NOW = new Date('2026-03-15T20:40:00Z');
const HOUR = 3_600_000;

export interface Endpoint {
  url: string;
  mode: Mode;
  /** Requests the proxy saw, and those whose client went away before an answer. */
  seen: string[];
  abandoned: string[];
  prices: Record<string, number>;
  /** Added before every answer (a network round trip, for benchmarks). */
  latencyMs: number;
  close(): Promise<void>;
}

/** Prices for the current hour (`factor` makes each endpoint's data distinguishable). */
export async function startEndpoint(
  factor: number,
  manifestAgeMinutes: number,
  now = NOW,
): Promise<Endpoint> {
  const root = await tempDir('staktrakr-endpoint-');
  const base = { Gold: 5000, Silver: 80, Platinum: 2000, Palladium: 1500 };
  const prices: Record<string, number> = {};
  const hourStart = Math.floor(now.getTime() / HOUR) * HOUR;
  for (let h = 0; h < 30; h++) {
    const hour = hourStart - h * HOUR;
    const facts = [0, 15, 30].flatMap((m) =>
      METALS.map((metal) => {
        const spot = Math.round(base[metal] * factor * (1 + h / 1000 + m / 100000) * 100) / 100;
        return { t: hour + m * 60_000, metal, spot, provider: `p${factor}` };
      }),
    );
    // The current hour holds 20:00–20:30; older hours the same pattern.
    if (h === 0) for (const f of facts.slice(-4)) prices[f.metal] = f.spot;
    await writeHourly(root, hour, facts);
  }
  await writeManifest(root, new Date(now.getTime() - manifestAgeMinutes * 60_000), {
    coins: ['ase'],
    coins_meta: { ase: { name: 'American Silver Eagle 1 oz', metal: 'silver', weight: 1 } },
  });
  await put(
    root,
    'data/api/ase/latest.json',
    JSON.stringify({ slug: 'ase', median_price: 90 * factor, vendors: {} }),
  );
  await put(
    root,
    'data/api/ase/history-30d.json',
    JSON.stringify([{ date: '2026-03-14', avg_median: 90 * factor }]),
  );
  const server = await startServer({ dir: root, clock: fixedClock(now), rateLimitPerMinute: 100_000 });

  const endpoint: Endpoint = {
    url: '',
    mode: 'ok',
    seen: [],
    abandoned: [],
    prices,
    latencyMs: 0,
    close: async () => {},
  };
  const forward = async (req: IncomingMessage) => {
    const res = await fetch(`${server.url}${req.url}`);
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? 'text/plain',
      body: await res.text(),
    };
  };
  const proxy: Server = createServer(async (req, res) => {
    const path = req.url ?? '';
    endpoint.seen.push(path);
    res.on('close', () => {
      if (!res.writableFinished) endpoint.abandoned.push(path);
    });
    const mode = endpoint.mode;
    if (mode === 'down') return req.socket.destroy();
    if (mode === 'hang') return;
    if (mode === 'garbage')
      return res.writeHead(200, { 'content-type': 'application/json' }).end('<html>oops');
    if (mode === 'error') return res.writeHead(500).end('upstream broke');
    if (mode === 'static-only' && path.startsWith('/api/')) return res.writeHead(404).end('not found');
    const delay = (mode === 'slow' ? 300 : 0) + endpoint.latencyMs;
    if (delay) await new Promise((ok) => setTimeout(ok, delay));
    const answer = await forward(req);
    res
      .writeHead(answer.status, { 'content-type': answer.type, 'access-control-allow-origin': '*' })
      .end(answer.body);
  });
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
  endpoint.url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  endpoint.close = async () => {
    proxy.closeAllConnections();
    await new Promise((ok) => proxy.close(ok));
    await server.close();
    await removeDir(root);
  };
  return endpoint;
}

/** A base URL where nothing listens. */
export async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  await new Promise((ok) => s.close(ok));
  return url;
}
