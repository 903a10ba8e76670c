/**
 * The retry hook of src/http/fetch.ts against a real loopback server: every attempt is announced
 * (each is a request the upstream may charge), and `mayRetry` — the caller's budget and deadline —
 * can end the retries before `retries` does.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RetryInfo, request } from '../../src/http/fetch.js';

let url: string;
let hits = 0;
const server = createServer((req, res) => {
  hits++;
  if (req.url === '/busy') res.writeHead(429, { 'retry-after': '0' }).end('{}');
  else res.writeHead(500).end('{"message":"internal error"}');
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('request: retries the caller pays for', () => {
  it('stops when mayRetry says no: the last answer comes back, every attempt counted', async () => {
    hits = 0;
    const attempts: number[] = [];
    const asked: RetryInfo[] = [];
    let allowed = 1;
    const res = await request(`${url}/down`, {
      retries: 3,
      backoffMs: 1,
      onAttempt: (n) => attempts.push(n),
      mayRetry: (i) => {
        asked.push(i);
        return allowed-- > 0;
      },
    });
    expect(res.status).toBe(500);
    expect(res.attempts).toBe(2);
    expect(attempts).toEqual([1, 2]);
    expect(hits).toBe(2);
    expect(asked.map((i) => [i.attempt, i.status, i.reason])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 500, 'HTTP 500'],
    ]);
  });

  it('tells the Retry-After a 429 asked for', async () => {
    const asked: RetryInfo[] = [];
    const res = await request(`${url}/busy`, { retries: 1, mayRetry: (i) => asked.push(i) > 0 });
    expect(res.status).toBe(429);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ status: 429, retryAfterMs: 0 });
  });

  it('a network error with no retry allowed throws after one attempt', async () => {
    const attempts: number[] = [];
    const dead = `http://127.0.0.1:1/`;
    await expect(
      request(dead, { retries: 3, onAttempt: (n) => attempts.push(n), mayRetry: () => false }),
    ).rejects.toThrow(/after 1 attempt\)/);
    expect(attempts).toEqual([1]);
  });
});
