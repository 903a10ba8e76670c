/**
 * The transport under `request` (src/http/transport.ts, node:http/https instead of undici) against
 * real loopback servers: it must keep what fetch gave the callers — redirects by the fetch rules,
 * credentials dropped when a redirect leaves the origin, decoded bodies, UTF-8 text — and add the
 * bound on the body, with timeouts and errors that name no secret.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, request } from '../../src/http/fetch.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const seen: Array<{ path: string; method: string; body: string; auth?: string; encoding?: string }> = [];
const TEXT = 'Gold — 2 345,67 € ✓ 金\n'.repeat(50);
let main: { url: string; server: Server };
let other: { url: string; server: Server };

beforeAll(async () => {
  other = await serve((req, body, res) => {
    seen.push({ path: req.url!, method: req.method!, body, auth: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"other":true}');
  });
  main = await serve((req, body, res) => {
    const path = req.url!.split('?')[0]!;
    seen.push({
      path,
      method: req.method!,
      body,
      auth: req.headers.authorization,
      encoding: req.headers['accept-encoding'],
    });
    const redirect = /^\/(30[12378])\/(.*)$/.exec(path);
    if (redirect) res.writeHead(Number(redirect[1]), { location: `/${redirect[2]}` }).end('moved');
    else if (path === '/away') res.writeHead(302, { location: `${other.url}/landed` }).end();
    else if (path === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (path === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(TEXT));
    else if (path === '/br') res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(TEXT));
    else if (path === '/deflate')
      res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(TEXT));
    else if (path === '/bom')
      res.writeHead(200).end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]));
    else if (path === '/big') res.writeHead(200).end('x'.repeat(200_000));
    else if (path === '/bomb')
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(5_000_000)));
    else if (path === '/stall') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
    } else if (path === '/cut') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":', () => res.socket?.destroy());
    } else if (path === '/repeated') {
      res.setHeader('x-many', ['a', 'b']);
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    } else res.writeHead(200).end(`${req.method} ${path} ${body}`);
  });
});
afterAll(async () => {
  for (const s of [main.server, other.server]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

describe('request over node:http', () => {
  it('follows redirects by the fetch rules and reports the URL that answered', async () => {
    seen.length = 0;
    const posted = await request(`${main.url}/302/target`, { method: 'POST', body: 'payload', retries: 0 });
    expect(posted.text).toBe('GET /target ');
    expect(posted.url).toBe(`${main.url}/target`);
    const kept = await request(`${main.url}/307/target`, { method: 'POST', body: 'payload', retries: 0 });
    expect(kept.text).toBe('POST /target payload');
    const seeOther = await request(`${main.url}/303/target`, { method: 'PUT', body: 'payload', retries: 0 });
    expect(seeOther.text).toBe('GET /target ');
    expect((await request(`${main.url}/308/301/target`, { retries: 0 })).text).toBe('GET /target ');
  });

  it('keeps credentials on their origin: a redirect elsewhere loses Authorization', async () => {
    seen.length = 0;
    const same = await request(`${main.url}/301/echo`, { headers: { Authorization: 'Bearer canary-1' } });
    expect(same.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ path: '/echo', auth: 'Bearer canary-1' });
    const away = await request(`${main.url}/away`, { headers: { Authorization: 'Bearer canary-1' } });
    expect(away.text).toBe('{"other":true}');
    expect(away.url).toBe(`${other.url}/landed`);
    expect(seen.at(-1)).toMatchObject({ path: '/landed', auth: undefined });
  });

  it("hands 3xx back untouched with redirect 'manual'", async () => {
    const res = await request(`${main.url}/away`, { redirect: 'manual', retries: 0 });
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toBe(`${other.url}/landed`);
  });

  it('gives up on a redirect loop after 20 hops', async () => {
    seen.length = 0;
    await expect(request(`${main.url}/loop`, { retries: 0 })).rejects.toThrow(/more than 20 redirects/);
    expect(seen).toHaveLength(21);
  });

  it('decodes gzip, br and deflate bodies as UTF-8 (asking for them, as fetch did), without a BOM', async () => {
    for (const coding of ['gzip', 'br', 'deflate']) {
      const res = await request(`${main.url}/${coding}`, { retries: 0 });
      expect(res.text).toBe(TEXT);
    }
    expect(seen.at(-1)?.encoding).toBe('gzip, deflate, br');
    expect((await request(`${main.url}/bom`, { retries: 0 })).text).toBe('{}');
  });

  it('joins repeated headers and reads them by any case', async () => {
    const res = await request(`${main.url}/repeated`, { retries: 0 });
    expect(res.headers.get('X-Many')).toBe('a, b');
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.headers.get('absent')).toBeNull();
  });

  it('refuses a body over the bound, decoded bombs included, once and without the query string', async () => {
    seen.length = 0;
    const big = request(`${main.url}/big?api_key=canary-2`, { maxBytes: 100_000, retries: 3, backoffMs: 1 });
    await expect(big).rejects.toThrow(HttpError);
    await expect(big).rejects.toThrow(
      /^http:\/\/127\.0\.0\.1:\d+\/big: answered a body larger than 100000 bytes$/,
    );
    const bomb = request(`${main.url}/bomb`, { maxBytes: 1_000_000, retries: 3, backoffMs: 1 });
    await expect(bomb).rejects.toThrow(/larger than 1000000 bytes/);
    expect(seen.map((s) => s.path)).toEqual(['/big', '/bomb']);
    // Under the bound it is read whole.
    expect((await request(`${main.url}/big`, { retries: 0 })).text).toHaveLength(200_000);
  });

  it('times out on a body that stalls, and fails on one cut short', async () => {
    const started = Date.now();
    await expect(request(`${main.url}/stall?token=canary-3`, { timeoutMs: 300, retries: 0 })).rejects.toThrow(
      /^http:\/\/127\.0\.0\.1:\d+\/stall: timed out after 300 ms \(after 1 attempt\)$/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(request(`${main.url}/cut`, { retries: 0 })).rejects.toThrow(/\/cut: /);
  });

  it('names a refused connection by its code', async () => {
    await expect(request('http://127.0.0.1:1/x?key=canary-4', { retries: 0 })).rejects.toThrow(
      /^http:\/\/127\.0\.0\.1:1\/x: ECONNREFUSED \(after 1 attempt\)$/,
    );
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run deadline')), 100);
    await expect(
      request(`${main.url}/stall`, { signal: controller.signal, timeoutMs: 10_000, retries: 0 }),
    ).rejects.toThrow('run deadline');
  });
});
