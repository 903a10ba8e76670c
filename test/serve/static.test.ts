import { rename, utimes, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpGet, put, removeDir, startServer, tempDir } from './fixture.js';

let root: string;
let server: Awaited<ReturnType<typeof startServer>>;
const big = JSON.stringify(
  Array.from({ length: 200 }, (_, i) => ({ spot: 2000 + i, metal: 'Gold', i })),
  null,
  2,
);

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  httpGet(server.url, path, headers, method);

beforeAll(async () => {
  root = await tempDir();
  await put(root, 'data/api/manifest.json', big);
  await put(root, 'data/small.json', '[]');
  server = await startServer({
    dir: root,
    cacheControl: 'public, max-age=123',
    timeouts: { headersMs: 400, idleMs: 600 },
  });
});

afterAll(async () => {
  await server?.close();
  await removeDir(root);
});

describe('static files', () => {
  it('answers with content type, CORS, validators and the configured Cache-Control', async () => {
    const r = await get('/data/api/manifest.json');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(big);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.headers['cache-control']).toBe('public, max-age=123');
    expect(r.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(String(r.headers['last-modified'])).getTime()).toBeGreaterThan(0);
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since, 200 when the file changed', async () => {
    const first = await get('/data/api/manifest.json');
    const etag = String(first.headers.etag);
    const notModified = await get('/data/api/manifest.json', { 'If-None-Match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect((await get('/data/api/manifest.json', { 'If-None-Match': `W/${etag}` })).status).toBe(304);
    expect((await get('/data/api/manifest.json', { 'If-None-Match': '"other"' })).status).toBe(200);
    const since = String(first.headers['last-modified']);
    expect((await get('/data/api/manifest.json', { 'If-Modified-Since': since })).status).toBe(304);
    // The tag of the compressed form also validates (a cache may hold either).
    const br = await get('/data/api/manifest.json', { 'Accept-Encoding': 'br' });
    expect((await get('/data/api/manifest.json', { 'If-None-Match': String(br.headers.etag) })).status).toBe(
      304,
    );

    await put(root, 'data/api/manifest.json', `${big} `);
    const changed = await get('/data/api/manifest.json', { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.body.toString()).toBe(`${big} `);
    expect(changed.headers.etag).not.toBe(etag);
    await put(root, 'data/api/manifest.json', big);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await get('/data/api/manifest.json', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength(big));
    expect((await get('/data/missing.json', {}, 'HEAD')).status).toBe(404);
  });

  it('negotiates brotli and gzip, and sends identity when neither is acceptable', async () => {
    const br = await get('/data/api/manifest.json', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).toString()).toBe(big);
    expect(br.body.length).toBeLessThan(Buffer.byteLength(big) / 3);

    const gz = await get('/data/api/manifest.json', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(big);

    const noBr = await get('/data/api/manifest.json', { 'Accept-Encoding': 'br;q=0, gzip;q=0.5' });
    expect(noBr.headers['content-encoding']).toBe('gzip');
    const star = await get('/data/api/manifest.json', { 'Accept-Encoding': '*' });
    expect(star.headers['content-encoding']).toBe('br');
    for (const header of ['identity', 'gzip;q=0, br;q=0', 'compress']) {
      const plain = await get('/data/api/manifest.json', { 'Accept-Encoding': header });
      expect(plain.headers['content-encoding'], header).toBeUndefined();
      expect(plain.body.toString()).toBe(big);
    }
    // Tiny files are not worth compressing.
    expect(
      (await get('/data/small.json', { 'Accept-Encoding': 'br' })).headers['content-encoding'],
    ).toBeUndefined();
  });

  it('serves a file written into the checkout at once, and its replacement too', async () => {
    expect((await get('/data/15min/2026/03/15/2030.json')).status).toBe(404);
    await put(root, 'data/15min/2026/03/15/2030.json', '[{"spot": 1}]');
    const fresh = await get('/data/15min/2026/03/15/2030.json');
    expect(fresh.status).toBe(200);
    expect(fresh.body.toString()).toBe('[{"spot": 1}]');
    // Replaced by rename (how writers publish), with the same size and an old mtime.
    const tmp = join(root, 'data/15min/2026/03/15/.tmp');
    await writeFile(tmp, '[{"spot": 2}]');
    await utimes(tmp, new Date(0), new Date(0));
    await rename(tmp, join(root, 'data/15min/2026/03/15/2030.json'));
    expect((await get('/data/15min/2026/03/15/2030.json')).body.toString()).toBe('[{"spot": 2}]');
  });

  it('answers OPTIONS with CORS, other methods with 405, directories with 404', async () => {
    const options = await get('/data/api/manifest.json', { Origin: 'https://www.staktrakr.com' }, 'OPTIONS');
    expect(options.status).toBe(204);
    expect(options.headers['access-control-allow-origin']).toBe('*');
    expect(options.headers['access-control-allow-methods']).toContain('GET');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await get('/data/api/manifest.json', {}, method);
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD, OPTIONS');
    }
    expect((await get('/data/api')).status).toBe(404);
  });

  it('logs one line per request without the query string', async () => {
    const own = await startServer({ dir: root });
    try {
      await httpGet(own.url, '/api/prices?metal=gold&api_key=SUPERSECRET');
      await httpGet(own.url, '/data/small.json?token=SUPERSECRET');
      const lines = () => own.logs.flatMap((l) => l.split('\n')).filter(Boolean);
      // Lines are written in batches, a moment later.
      await vi.waitFor(() => expect(lines()).toHaveLength(2));
      // The path alone, without "?" or anything after it.
      expect(lines()[0]).toMatch(/ GET \/api\/prices 200 /);
      expect(lines()[1]).toMatch(/ GET \/data\/small\.json 200 /);
      expect(lines().join('\n')).not.toMatch(/SUPERSECRET|\?/);
    } finally {
      await own.close();
    }
  });

  it('closes a connection that never finishes its headers, and keeps serving others', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((ok) => socket.on('connect', ok));
    // Read whatever comes (a 408 answer): a paused socket would never see the server's end.
    socket.resume();
    socket.write('GET /data/small.json HTTP/1.1\r\nHost: x\r\n');
    const closed = await new Promise<boolean>((ok) => {
      socket.on('close', () => ok(true));
      socket.on('error', () => undefined);
      // Far beyond the configured 400 ms header timeout: only a server that never closes misses it.
      setTimeout(() => ok(false), 15_000);
    });
    expect(closed).toBe(true);
    expect((await get('/data/small.json')).status).toBe(200);
  });

  it('closes a connection that sends nothing for the idle bound, and keeps one that talks', async () => {
    const quiet = await startServer({ dir: root, timeouts: { headersMs: 20_000, idleMs: 300 } });
    try {
      const silent = connect(quiet.port, '127.0.0.1');
      silent.on('error', () => undefined);
      const closed = new Promise<boolean>((ok) => {
        silent.on('close', () => ok(true));
        setTimeout(() => ok(false), 15_000);
      });
      // A keep-alive client asking every 100 ms is never idle for 300 ms.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const used = new Set<unknown>();
      for (let i = 0; i < 8; i++) {
        const status = await new Promise<number>((ok, fail) =>
          request(`${quiet.url}/data/small.json`, { agent }, (res) => {
            used.add(res.socket);
            res.resume();
            res.on('end', () => ok(res.statusCode!));
          })
            .on('error', fail)
            .end(),
        );
        expect(status).toBe(200);
        await new Promise((ok) => setTimeout(ok, 100));
      }
      expect(used.size).toBe(1);
      expect(await closed).toBe(true);
      agent.destroy();
    } finally {
      await quiet.close(500);
    }
  });
});
