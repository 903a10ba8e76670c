/**
 * The fast path (src/serve/fast-path.ts) against node:http alone: two servers on the same checkout,
 * one with the fast path and one without, are sent the same raw bytes over real sockets. Plain
 * requests for cached files must get byte-for-byte the same answers (Date aside) and the same
 * access-log lines, and be answered by the fast path; hostile and odd requests (smuggling, bad
 * framing, traversal, control bytes, …) must get exactly what node:http gives them. Then the
 * fast path's own bounds: slow and oversized headers after a fast answer, idle keep-alive
 * connections, and a client that pipelines without reading.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { put, removeDir, startServer, tempDir } from './fixture.js';

let root: string;
let fast: Awaited<ReturnType<typeof startServer>>;
let plain: Awaited<ReturnType<typeof startServer>>;
const BIG = JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ spot: 2000 + i, metal: 'Gold', i })));
const LARGE = 'x'.repeat(40_000);
const timeouts = { headersMs: 500, keepAliveMs: 2_000, writeStallMs: 500, idleMs: 5_000 };

interface Exchange {
  bytes: string;
  /** The server closed the connection before the client gave up. */
  closed: boolean;
}

/**
 * Sends `parts` (each written `gapMs` apart) and reads until the server closes, or `quietMs` pass
 * after its last byte (3 s when it sends none: a loaded machine may take a while to answer).
 */
function exchange(port: number, parts: (string | Buffer)[], quietMs = 500, gapMs = 0): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const bytes = Buffer.concat(chunks)
        .toString('latin1')
        .replace(/\r\nDate: [^\r]*\r\n/g, '\r\nDate: -\r\n');
      resolve({ bytes, closed });
    };
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(() => done(false), chunks.length ? quietMs : Math.max(quietMs, 3_000));
    };
    socket.on('connect', async () => {
      for (const part of parts) {
        if (socket.destroyed) return;
        socket.write(typeof part === 'string' ? Buffer.from(part, 'latin1') : part);
        if (gapMs) await new Promise((ok) => setTimeout(ok, gapMs));
      }
      quiet();
    });
    socket.on('data', (c) => {
      chunks.push(c);
      quiet();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => done(true));
    socket.setTimeout(20_000, () => reject(new Error('no end')));
  });
}

const get = (target: string, headers = '', method = 'GET') =>
  `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`;

/** Both servers' answers to the same bytes. */
async function both(parts: (string | Buffer)[], quietMs?: number) {
  const [a, b] = await Promise.all([
    exchange(fast.port, parts, quietMs),
    exchange(plain.port, parts, quietMs),
  ]);
  return { fast: a, plain: b };
}

let etag = '';

/** Access-log lines of requests, without their timing. */
const lines = (logs: string[]) =>
  logs
    .flatMap((l) => l.split('\n'))
    .filter((l) => / (GET|HEAD) \//.test(l))
    .map((l) => l.replace(/ [\d.]+ms$/, ''));

beforeAll(async () => {
  root = await tempDir();
  await put(root, 'data/x.json', '{"ok":true}');
  await put(root, 'data/big.json', BIG);
  await put(root, 'data/notes.txt', 'plain text that is long enough to be worth compressing '.repeat(10));
  await put(root, 'data/sub/a.json', BIG);
  await put(root, 'data/large.json', LARGE);
  await put(root, 'data/page.html', '<b>x</b>');
  const common = { dir: root, timeouts, clientIpHeader: 'Fly-Client-IP', cacheControl: 'public, max-age=7' };
  fast = await startServer(common);
  plain = await startServer({ ...common, fastPath: false });
  // Every file and encoding cached on both before anything is compared (a miss goes to node:http).
  for (const target of [
    '/data/x.json',
    '/data/big.json',
    '/data/notes.txt',
    '/data/sub/a.json',
    '/data/large.json',
    '/data/page.html',
  ]) {
    for (const ae of ['', 'Accept-Encoding: br\r\n', 'Accept-Encoding: gzip\r\n']) {
      await both([get(target, `${ae}Connection: close\r\n`)]);
    }
  }
  const head = (await exchange(fast.port, [get('/data/big.json', 'Connection: close\r\n')])).bytes;
  etag = /\r\nETag: ("[^"]+")/.exec(head)![1]!;
});

afterAll(async () => {
  await fast?.close(500);
  await plain?.close(500);
  await removeDir(root);
});

describe('the fast path', () => {
  it('answers plain requests for cached files with the very bytes node:http sends, and logs them alike', async () => {
    const cases: (string | Buffer)[][] = [
      [get('/data/big.json')],
      [get('/data/big.json', '', 'HEAD')],
      [get('/data/x.json')],
      [get('/data/sub/a.json', 'Accept-Encoding: br\r\n')],
      [get('/data/big.json', 'Accept-Encoding: gzip\r\n')],
      [get('/data/big.json', 'Accept-Encoding: gzip, deflate, br\r\n')],
      [get('/data/big.json', 'accept-encoding:   br;q=0, gzip;q=0.5  \r\n')],
      [get('/data/big.json', 'Accept-Encoding: *;q=0\r\n')],
      [get('/data/big.json', 'Accept-Encoding:\r\n')],
      [get('/data/notes.txt', 'Accept-Encoding: br\r\n', 'HEAD')],
      [get('/data/page.html', 'Accept-Encoding: br\r\n')],
      [get('/data/large.json')],
      [get('/data/big.json', `If-None-Match: ${etag}\r\n`)],
      [get('/data/big.json', `If-None-Match: "nope", ${etag.slice(0, -1)}-br"\r\nAccept-Encoding: br\r\n`)],
      [get('/data/big.json', 'If-None-Match: "nope"\r\n')],
      [get('/data/big.json', 'If-None-Match: *\r\n', 'HEAD')],
      [get('/data/big.json', 'If-None-Match:\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n')],
      [get('/data/big.json', 'If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n')],
      [get('/data/big.json', 'If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n')],
      [get('/data/big.json', 'If-Modified-Since: not a date\r\n')],
      [get('/data/big.json', 'Connection: close\r\n')],
      [get('/data/big.json', 'Connection: Keep-Alive\r\nUser-Agent: x\r\nAccept: */*\r\n')],
      [get('/data/big.json', 'Fly-Client-IP: 203.0.113.9, 10.0.0.1\r\n')],
      // Pipelined, fast and node:http answers interleaved, in order.
      [
        get('/data/big.json') +
          get('/healthz') +
          get('/data/x.json', '', 'HEAD') +
          get('/data/missing.json') +
          get('/data/sub/a.json', 'Accept-Encoding: gzip\r\n') +
          get('/data/x.json', '', 'HEAD') +
          get('/data/x.json', 'Connection: close\r\n'),
      ],
      // One request in two writes: node:http takes it from the first, incomplete one.
      ['GET /data/big.json HTTP/1.1\r\nHo', 'st: a\r\n\r\n'],
    ];
    const before = fast.fastPathAnswers();
    // Lines of the warm-up flushed (batches go out every 100 ms) before counting.
    await new Promise((ok) => setTimeout(ok, 300));
    const logsBefore = [lines(fast.logs).length, lines(plain.logs).length];
    for (const parts of cases) {
      const r = await both(parts);
      expect(r.fast, JSON.stringify(parts)).toEqual(r.plain);
      expect(r.fast.bytes, JSON.stringify(parts)).toMatch(/^HTTP\/1\.1 (200|304) /);
    }
    // Every case but the split one starts on the fast path.
    expect(fast.fastPathAnswers() - before).toBeGreaterThanOrEqual(cases.length - 1);
    expect(plain.fastPathAnswers()).toBe(0);
    // Both access logs flush their batches within 100 ms.
    await vi.waitFor(() => {
      const fastLines = lines(fast.logs).slice(logsBefore[0]);
      expect(fastLines).toEqual(lines(plain.logs).slice(logsBefore[1]));
      expect(fastLines).toContain(`203.0.113.9 GET /data/big.json 200 ${Buffer.byteLength(BIG)}`);
    });
  }, 60_000);

  it('waits on the connection for a compressed form still being made, and answers in order', async () => {
    const body = JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ fresh: i })));
    await put(root, 'data/fresh.json', body);
    // Cached as identity only: its brotli and gzip forms are made when first asked for.
    for (const s of [fast, plain]) await exchange(s.port, [get('/data/fresh.json', 'Connection: close\r\n')]);
    const answered = fast.fastPathAnswers();
    const parts = [
      get('/data/fresh.json') +
        get('/data/fresh.json', 'Accept-Encoding: br\r\n') +
        get('/data/fresh.json', 'Accept-Encoding: gzip\r\n') +
        get('/data/x.json', 'Connection: close\r\n'),
    ];
    const r = await both(parts);
    expect(r.fast).toEqual(r.plain);
    expect(r.fast.bytes.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(4);
    expect(r.fast.bytes).toContain('Content-Encoding: br');
    expect(fast.fastPathAnswers() - answered).toBe(4);
  });

  it('gives every hostile or unusual request exactly what node:http gives it', async () => {
    const x = '/data/x.json';
    const hostile: (string | Buffer)[][] = [
      // Smuggling: CL+TE, duplicate and odd Content-Length, bad chunking, TE variants.
      [
        `GET ${x} HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${get(x)}`,
      ],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nGET /`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nGET /${get(x)}`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n${get(x)}`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${get(x)}`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n`],
      // Line endings and folding.
      [`GET ${x} HTTP/1.1\nHost: a\n\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\rX: b\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n`],
      [`\r\n${get(x)}`],
      // Request line oddities.
      [`GET http://a${x} HTTP/1.1\r\nHost: a\r\n\r\n`],
      [`GET * HTTP/1.1\r\nHost: a\r\n\r\n`],
      [`GET ${x} HTTP/1.0\r\nHost: a\r\n\r\n`],
      [`GET ${x} HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\n`],
      [`GET ${x} HTTP/2.0\r\nHost: a\r\n\r\n`],
      [`get ${x} HTTP/1.1\r\nHost: a\r\n\r\n`],
      [`GET  ${x} HTTP/1.1\r\nHost: a\r\n\r\n`],
      [`GET\t${x} HTTP/1.1\r\nHost: a\r\n\r\n`],
      [`GET ${x}  HTTP/1.1\r\nHost: a\r\n\r\n`],
      [`POST ${x} HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n`],
      [`OPTIONS ${x} HTTP/1.1\r\nHost: a\r\n\r\n`],
      [`CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n`],
      // Paths.
      [get('/data/../data/x.json')],
      [get('/data/%2e%2e/data/x.json')],
      [get('/data%2fx.json')],
      [get('/data/sub%2fa.json')],
      [get('/data/x.json?key=SECRET')],
      [get('/data/x.json#frag')],
      [get('/data//x.json')],
      [get('/data/./x.json')],
      [get('/data/.git/config')],
      [get('/data/X.json')],
      [get('/data/')],
      [
        Buffer.concat([
          Buffer.from('GET /data/x.json'),
          Buffer.from([0]),
          Buffer.from(' HTTP/1.1\r\nHost: a\r\n\r\n'),
        ]),
      ],
      [Buffer.concat([Buffer.from('GET /data/\xe9.json HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1')])],
      // Headers.
      [`GET ${x} HTTP/1.1\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost:\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost : a\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nX: caf\xe9\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nConnection: close, TE\r\n\r\n`],
      [`${get(x, 'Connection: close\r\n')}${get(x)}`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nConnection: close\r\nConnection: keep-alive\r\n\r\n${get(x)}`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nAccept-Encoding: br\r\nAccept-Encoding: gzip\r\n\r\n`],
      [`GET /data/big.json HTTP/1.1\r\nHost: a\r\nIf-None-Match: "a"\r\nIf-None-Match: ${etag}\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`],
      [`GET ${x} HTTP/1.1\r\nHost: a\r\n${'X-Many: y\r\n'.repeat(1_000)}\r\n`],
    ];
    const first = (await exchange(plain.port, [get(x)])).bytes;
    const answered = fast.fastPathAnswers();
    for (const parts of hostile) {
      const name = JSON.stringify(parts).slice(0, 300);
      // Alone: node:http's answer, byte for byte.
      const [r, behind] = await Promise.all([both(parts), exchange(fast.port, [get(x), ...parts])]);
      expect(r.fast, name).toEqual(r.plain);
      expect(r.fast.bytes.length, name).toBeGreaterThan(0);
      // Behind a request the fast path answers on the same connection: that answer, then
      // node:http's answer to the rest as on a fresh connection.
      expect(behind, name).toEqual({ bytes: first + r.plain.bytes, closed: r.plain.closed });
    }
    // The fast path answered only the plain requests put in front.
    expect(fast.fastPathAnswers() - answered).toBe(hostile.length);
  }, 120_000);

  it('closes a connection that trickles or overflows its headers after a fast answer', async () => {
    const answered = fast.fastPathAnswers();
    // One header line every 100 ms, for far longer than the 500 ms header bound.
    const trickle = [
      get('/data/x.json'),
      'GET /data/x.json HTTP/1.1\r\n',
      ...Array(60).fill('X-Slow: y\r\n'),
    ];
    const slow = await exchange(fast.port, trickle, 2_000, 100);
    expect(slow.closed).toBe(true);
    expect(slow.bytes).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*HTTP\/1\.1 408 /);
    expect(fast.fastPathAnswers()).toBe(answered + 1);
    const big = await exchange(fast.port, [
      get('/data/x.json'),
      `GET /data/x.json HTTP/1.1\r\nX: ${'y'.repeat(40_000)}\r\n`,
    ]);
    expect(big.bytes).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*HTTP\/1\.1 431 /);
    expect(big.closed).toBe(true);
  });

  it('closes a kept-alive connection idle past the keep-alive bound, as node:http does', async () => {
    for (const s of [fast, plain]) {
      const started = Date.now();
      const r = await exchange(s.port, [get('/data/x.json')], 10_000);
      expect(r.closed).toBe(true);
      expect(r.bytes).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      // 2 s keep-alive (plus a sweep), far below the 10 s the client waits.
      expect(Date.now() - started).toBeLessThan(6_000);
    }
    // A connection that never says anything is closed too.
    const silent = await exchange(fast.port, [], 10_000);
    expect(silent.closed).toBe(true);
  });

  it('stops answering a client that pipelines without reading, closes it, and keeps serving others', async () => {
    const answered = fast.fastPathAnswers();
    const socket = connect(fast.port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((ok) => socket.on('connect', ok));
    socket.pause();
    // 2,000 answers of 40 kB (80 MB) asked for at once.
    socket.write(get('/data/large.json').repeat(2_000));
    // Past the 500 ms write-stall bound; then read what the server sent before giving up.
    await new Promise((ok) => setTimeout(ok, 2_000));
    let received = 0;
    socket.on('data', (c: Buffer) => {
      received += c.length;
    });
    socket.resume();
    const closed = await new Promise<boolean>((ok) => {
      socket.on('close', () => ok(true));
      setTimeout(() => ok(false), 5_000);
    });
    socket.destroy();
    expect(closed, 'the server still holds the connection').toBe(true);
    // Answers stopped when the socket's buffer filled: a small part of what was asked for.
    const written = fast.fastPathAnswers() - answered;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(200);
    expect(received).toBeLessThan(200 * 40_000);
    const other = await exchange(fast.port, [get('/data/x.json', 'Connection: close\r\n')]);
    expect(other.bytes).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });
});
