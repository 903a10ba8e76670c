/**
 * Test fixtures for the server: a data checkout written with plain fs and JSON (not through the
 * code under test), a quiet server on loopback, and raw HTTP requests whose bytes are sent as
 * given (fetch would normalise `..` and escapes away).
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { systemClock } from '../../src/data/time.js';
import { createServer, type RunningServer, type ServeOptions } from '../../src/serve/server.js';
import { SpotProxy } from '../../src/spot/proxy.js';
import { collectingLogger } from '../helpers/logger.js';

export const METALS = ['Gold', 'Silver', 'Platinum', 'Palladium'] as const;

const pad = (n: number) => String(n).padStart(2, '0');
export const naive = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
const dayDir = (t: number) => {
  const d = new Date(t);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
};

export async function put(root: string, rel: string, content: string | Buffer) {
  await mkdir(dirname(join(root, rel)), { recursive: true });
  await writeFile(join(root, rel), content);
}

export interface Fact {
  t: number;
  metal: (typeof METALS)[number];
  spot: number;
  provider: string;
}

/** Writes one 15-minute slot file (the form older pollers wrote). */
export async function writeSlot(root: string, t: number, facts: Fact[]) {
  const d = new Date(t);
  const rel = `data/15min/${dayDir(t)}/${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}.json`;
  const entries = facts.map((f) => ({
    spot: f.spot,
    metal: f.metal,
    source: 'latest',
    provider: f.provider,
    timestamp: naive(f.t),
  }));
  await put(root, rel, `${JSON.stringify(entries, null, 2)}\n`);
}

export async function writeHourly(root: string, hour: number, facts: Fact[]) {
  const rel = `data/hourly/${dayDir(hour)}/${pad(new Date(hour).getUTCHours())}.json`;
  const entries = facts.map((f) => ({
    spot: f.spot,
    metal: f.metal,
    source: 'hourly',
    provider: f.provider,
    timestamp: naive(f.t),
  }));
  await put(root, rel, `${JSON.stringify(entries, null, 2)}\n`);
}

export async function writeFx(root: string, t: number, rates: Record<string, number>) {
  const d = new Date(t);
  const rel = `data/fx/${dayDir(t)}/${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}.json`;
  await put(root, rel, JSON.stringify({ timestamp: naive(t), base: 'USD', provider: 'test-fx', rates }));
}

export async function writeManifest(root: string, generatedAt: Date, extra: Record<string, unknown> = {}) {
  await put(
    root,
    'data/api/manifest.json',
    JSON.stringify({ generated_at: generatedAt.toISOString(), updated: generatedAt.toISOString(), ...extra }),
  );
}

export async function tempDir(prefix = 'staktrakr-serve-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

export const fixedClock = (at: Date) => {
  let now = at.getTime();
  return {
    now: () => new Date(now),
    sleep: async () => {},
    advance: (ms: number) => {
      now += ms;
    },
  };
};

/**
 * A server on 127.0.0.1:0 that collects its log lines instead of printing them. With `proxyEnv`, it
 * has the `/api/proxy` route with those provider keys, as the serve command builds it.
 */
export async function startServer(
  options: Omit<ServeOptions, 'logger' | 'proxy'> & { proxyEnv?: NodeJS.ProcessEnv },
): Promise<RunningServer & { logs: string[] }> {
  const logger = collectingLogger();
  const { proxyEnv, ...rest } = options;
  const proxy = proxyEnv && new SpotProxy(proxyEnv, options.clock ?? systemClock, logger);
  const server = await createServer({ host: '127.0.0.1', port: 0, logger, proxy, ...rest });
  return Object.assign(server, { logs: logger.lines });
}

export interface RawResponse {
  status: number;
  head: string;
  body: Buffer;
}

/** Sends `GET <target>` byte for byte over a fresh socket and reads the whole answer. */
export function rawGet(port: number, target: Buffer | string, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('connect', () => {
      socket.write(
        Buffer.concat([
          Buffer.from(`${method} `),
          Buffer.isBuffer(target) ? target : Buffer.from(target, 'latin1'),
          Buffer.from(' HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'),
        ]),
      );
    });
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split < 0 ? all.length : split).toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (!m)
        return reject(
          new Error(`no HTTP answer for ${JSON.stringify(String(target))}: ${head.slice(0, 80)}`),
        );
      resolve({ status: Number(m[1]), head, body: split < 0 ? Buffer.alloc(0) : all.subarray(split + 4) });
    });
  });
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request through node:http: unlike fetch it neither decompresses nor hides Content-Encoding. */
export function httpGet(
  base: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
