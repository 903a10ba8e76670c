/**
 * The server against hostile clients: headers on every answer, active content never inline,
 * proxy-form requests refused, clients that stop reading closed, a huge fact file that cannot
 * stall other requests, bounded rate-limit keys, and `/status`/`/health` shared and rate limited.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/http/rate-limit.js';
import { accessLogMode } from '../../src/serve/access-log.js';
import { linesOutput } from '../../src/serve/log-output.js';
import {
  fixedClock,
  httpGet,
  METALS,
  put,
  rawGet,
  removeDir,
  startServer,
  tempDir,
  writeManifest,
  writeSlot,
} from './fixture.js';

const NOW = new Date('2026-03-15T20:41:30Z');
const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

let root: string;
let server: Awaited<ReturnType<typeof startServer>>;
const LARGE = JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ spot: 2000 + i, metal: 'Gold' })));

const get = httpGet;

beforeAll(async () => {
  root = await tempDir();
  await put(root, 'data/x.json', '{"ok":true}');
  await put(root, 'data/large.json', LARGE);
  await put(root, 'data/notes.txt', 'plain text');
  for (const [name, content] of Object.entries({
    'page.html': '<script>alert(1)</script>',
    'image.svg': '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    'app.js': 'alert(1)',
    'style.css': 'body{}',
    'page.HTM': '<script>alert(1)</script>',
    'data.xml': '<x/>',
    'no-extension': '<script>alert(1)</script>',
  })) {
    await put(root, `data/active/${name}`, content);
  }
  const t = NOW.getTime() - 11 * 60_000 - 30_000;
  await writeSlot(
    root,
    t,
    METALS.map((metal, i) => ({ t, metal, spot: 100 * (i + 1), provider: 'p' })),
  );
  await writeManifest(root, NOW);
  server = await startServer({ dir: root, clock: fixedClock(NOW), timeouts: { writeStallMs: 500 } });
});

afterAll(async () => {
  await server?.close(500);
  await removeDir(root);
});

describe('headers on every answer', () => {
  it('carries nosniff and a strict CSP on data, errors, 304s, the API, /health, /status and /', async () => {
    const etag = String((await get(server.url, '/data/x.json')).headers.etag);
    const cases: Array<[string, Record<string, string>, string, number]> = [
      ['/data/x.json', {}, 'GET', 200],
      ['/data/large.json', { 'Accept-Encoding': 'br' }, 'GET', 200],
      ['/data/x.json', {}, 'HEAD', 200],
      ['/data/x.json', { 'If-None-Match': etag }, 'GET', 304],
      ['/data/missing.json', {}, 'GET', 404],
      ['/data/%zz', {}, 'GET', 400],
      ['/data/x.json', {}, 'POST', 405],
      ['/data/x.json', {}, 'OPTIONS', 204],
      ['/api/prices?metal=gold', {}, 'GET', 200],
      ['/api/prices?metal=lead', {}, 'GET', 400],
      ['/api/config', {}, 'GET', 200],
      ['/health', {}, 'GET', 200],
      ['/status', {}, 'GET', 200],
      ['/status/status.js', {}, 'GET', 200],
      ['/', {}, 'GET', 200],
      ['/nothing', {}, 'GET', 404],
    ];
    for (const [path, headers, method, status] of cases) {
      const r = await get(server.url, path, headers, method);
      const what = `${method} ${path}`;
      expect(r.status, what).toBe(status);
      expect(r.headers['x-content-type-options'], what).toBe('nosniff');
      expect(r.headers['access-control-allow-origin'], what).toBe('*');
      const csp = r.headers['content-security-policy'];
      if (path === '/status') expect(csp, what).toMatch(/^default-src 'self';.*frame-ancestors 'none'/);
      else expect(csp, what).toBe(DATA_CSP);
    }
  });

  it('carries them on answers to requests the parser refuses', async () => {
    const r = await rawGet(server.port, '/data/x.json HTTP/1.1\r\nBad Header\r\n\r\n');
    expect(r.status).toBe(400);
    expect(r.head).toMatch(/x-content-type-options: nosniff/i);
    expect(r.head).toContain(DATA_CSP);
  });
});

describe('active content', () => {
  it('is never served inline: only JSON and plain text are, anything else is a download', async () => {
    expect((await get(server.url, '/data/x.json')).headers['content-type']).toBe(
      'application/json; charset=utf-8',
    );
    expect((await get(server.url, '/data/notes.txt')).headers['content-type']).toBe(
      'text/plain; charset=utf-8',
    );
    for (const name of [
      'page.html',
      'image.svg',
      'app.js',
      'style.css',
      'page.HTM',
      'data.xml',
      'no-extension',
    ]) {
      for (const method of ['GET', 'HEAD']) {
        const r = await get(server.url, `/data/active/${name}`, { 'Accept-Encoding': 'gzip, br' }, method);
        expect(r.status, name).toBe(200);
        expect(r.headers['content-type'], name).toBe('application/octet-stream');
        expect(r.headers['content-disposition'], name).toBe('attachment');
        expect(r.headers['x-content-type-options'], name).toBe('nosniff');
        expect(r.headers['content-security-policy'], name).toBe(DATA_CSP);
      }
    }
  });
});

describe('proxy-form requests', () => {
  it('answers CONNECT with 405 and closes', async () => {
    const r = await rawGet(server.port, 'example.com:443', 'CONNECT');
    expect(r.status).toBe(405);
    expect(r.head).toMatch(/x-content-type-options: nosniff/i);
    expect(r.head).toMatch(/allow: GET, HEAD, OPTIONS/i);
  });

  it('answers absolute-form and asterisk-form targets with 400', async () => {
    for (const [method, target] of [
      ['GET', `http://127.0.0.1:${server.port}/data/x.json`],
      ['GET', 'https://example.com/data/x.json'],
      ['OPTIONS', '*'],
      ['GET', '*'],
    ] as const) {
      const r = await rawGet(server.port, target, method);
      expect(r.status, `${method} ${target}`).toBe(400);
      expect(r.body.toString(), `${method} ${target}`).not.toContain('"ok"');
      expect(r.head).toMatch(/x-content-type-options: nosniff/i);
    }
  });
});

describe('clients that stop reading', () => {
  it('closes a connection that pipelines 200 requests and never reads, and keeps serving others', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.pause();
    socket.on('error', () => undefined);
    const request = 'GET /data/large.json HTTP/1.1\r\nHost: x\r\n\r\n';
    socket.write(request.repeat(200));
    // Past the configured write-stall bound (500 ms) and far below the idle timeout (30 s).
    await new Promise((ok) => setTimeout(ok, 3_000));
    // Now read what the server sent before giving up: a server still holding the connection
    // would go on to answer all 200 requests.
    let received = Buffer.alloc(0);
    socket.on('data', (c: Buffer) => {
      received = Buffer.concat([received, c]);
    });
    socket.resume();
    const closed = await new Promise<boolean>((ok) => {
      socket.on('close', () => ok(true));
      setTimeout(() => ok(false), 4_000);
    });
    socket.destroy();
    const answers = received.toString('latin1').split('HTTP/1.1 200 OK').length - 1;
    expect(closed, 'the server still holds the connection').toBe(true);
    expect(answers).toBeGreaterThan(0);
    expect(answers).toBeLessThan(200);
    expect((await get(server.url, '/data/x.json')).status).toBe(200);
  });
});

describe('a huge fact file', () => {
  it('neither blocks /data while the index loads nor grows memory by its size', async () => {
    const day = '2026/03/15';
    const huge = join(root, `data/15min/${day}/2000.json`);
    // 80 MB of valid slot entries, written in chunks so the test itself holds little of it.
    const out = createWriteStream(huge);
    const entry = JSON.stringify({
      spot: 1,
      metal: 'Gold',
      source: 'x',
      provider: 'p',
      timestamp: '2026-03-15 20:00:00',
    });
    const chunk = `${Array.from({ length: 10_000 }, () => entry).join(',')},`;
    out.write('[');
    let written = 1;
    while (written < 80 * 1024 * 1024) {
      if (!out.write(chunk)) await once(out, 'drain');
      written += chunk.length;
    }
    out.end(`${entry}]`);
    await once(out, 'finish');

    await get(server.url, '/data/x.json'); // cached
    global.gc?.();
    const before = process.memoryUsage().rss;
    const order: string[] = [];
    const prices = get(server.url, '/api/prices?metal=gold&window=1h').then((r) => {
      order.push('prices');
      return r;
    });
    const data = get(server.url, '/data/x.json').then((r) => {
      order.push('data');
      return r;
    });
    const [p, d] = await Promise.all([prices, data]);
    expect(d.status).toBe(200);
    expect(order[0]).toBe('data');
    expect(p.status).toBe(200);
    // The facts beside it still count.
    expect(JSON.parse(p.body.toString()).latest).toMatchObject({ price: 100 });
    expect(server.logs.join('\n')).toMatch(/index: skipped .*2000\.json.*bytes, over the/);

    // Downloading it streams: memory does not grow by the file's 80 MB.
    let received = 0;
    await new Promise<void>((ok, fail) => {
      request(`${server.url}/data/15min/${day}/2000.json`, (res) => {
        res.on('data', (c: Buffer) => {
          received += c.length;
        });
        res.on('end', ok);
        res.on('error', fail);
      })
        .on('error', fail)
        .end();
    });
    expect(received).toBe(written + entry.length + 1);
    const grown = (process.memoryUsage().rss - before) / 1024 / 1024;
    expect(grown, `rss grew ${grown.toFixed(0)} MiB`).toBeLessThan(60);
  }, 60_000);
});

describe('rate limiting', () => {
  it('keeps at most the configured number of keys, each bounded in length', () => {
    const limiter = new RateLimiter(5, fixedClock(NOW), 1_000);
    for (let i = 0; i < 5_000; i++) limiter.take(`${i}-${'x'.repeat(4096)}`);
    expect(limiter.size).toBe(1_000);
    // Keys are cut to 64 characters: two clients with the same long prefix share a bucket.
    const prefix = 'k'.repeat(64);
    for (let i = 0; i < 5; i++) expect(limiter.take(`${prefix}${i}`).ok).toBe(true);
    expect(limiter.take(`${prefix}-another`).ok).toBe(false);
    // The oldest key was forgotten first: the first client starts again with a full bucket.
    expect(limiter.take(`0-${'x'.repeat(4096)}`).ok).toBe(true);
  });

  it('keys by the socket address unless a trusted proxy header is configured', async () => {
    const limited = await startServer({ dir: root, clock: fixedClock(NOW), rateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await get(limited.url, '/api/config', { 'fly-client-ip': `10.0.0.${i}` })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await limited.close(500);
    }
  });

  it('computes /health and /status at most once a second for everyone, and limits them like /api', async () => {
    const clock = fixedClock(NOW);
    let computed = 0;
    const shared = await startServer({
      dir: root,
      clock,
      rateLimitPerMinute: 1_000,
      clientIpHeader: 'x-client',
      extraHealth: async () => {
        computed++;
        return { job: { ok: true } };
      },
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          get(shared.url, i % 2 ? '/health' : '/status', { 'x-client': `c${i}` }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(computed).toBe(1);
      clock.advance(1_000);
      await get(shared.url, '/status', { 'x-client': 'c0' });
      await get(shared.url, '/health', { 'x-client': 'c0' });
      expect(computed).toBe(2);
    } finally {
      await shared.close(500);
    }
    const strict = await startServer({ dir: root, clock: fixedClock(NOW), rateLimitPerMinute: 2 });
    try {
      for (const path of ['/health', '/status']) {
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await get(strict.url, path)).status);
        expect(statuses.at(-1), path).toBe(429);
      }
    } finally {
      await strict.close(500);
    }
  });
});

describe('access log', () => {
  it('logs every request, one in N, or none, and names a bad mode', async () => {
    expect(accessLogMode.safeParse('sample:0').success).toBe(false);
    expect(accessLogMode.safeParse('sometimes').error?.issues[0]?.message).toMatch(/on, off or sample:N/);
    for (const [mode, lines] of [
      ['on', 10],
      ['sample:5', 2],
      ['off', 0],
    ] as const) {
      const s = await startServer({ dir: root, accessLog: accessLogMode.parse(mode) });
      try {
        for (let i = 0; i < 10; i++) await get(s.url, '/data/x.json');
      } finally {
        // Stopping writes what the batch still holds.
        await s.close(500);
      }
      const logged = s.logs.flatMap((l) => l.split('\n')).filter((l) => / GET \/data\/x\.json 200 /.test(l));
      expect(logged, mode).toHaveLength(lines);
    }
  });

  it('writes a flood of requests in a few batches, not one write per request', async () => {
    const batches: string[] = [];
    const flood = await startServer({
      dir: root,
      accessLogOutput: linesOutput((lines) => batches.push(lines)),
    });
    try {
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let i = 0; i < 50; i++) await get(flood.url, '/data/x.json');
        }),
      );
      await vi.waitFor(() => expect(batches.join('\n').split('\n')).toHaveLength(400), { timeout: 5_000 });
      // 400 answers in (far) less than the time 40 flushes take.
      expect(batches.length).toBeLessThan(40);
    } finally {
      await flood.close(500);
    }
  });
});
