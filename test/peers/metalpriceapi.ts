/**
 * A MetalPriceAPI peer on 127.0.0.1 speaking the documented shapes: /latest, /timeframe, /hourly
 * (Unix `start`/`end` and `start_date`/`end_date`), /usage (free: not counted against the plan);
 * the key in the X-API-KEY header or api_key parameter; error bodies (105 plan), 429 with
 * Retry-After, 500, hangs, HTML pages, empty answers, zero/negative/absurd rates, a closed market,
 * and a 302 to another origin on demand. Counts every call.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const GOOD_KEY = 'test-key-0123456789';
const SYMBOLS = ['XAU', 'XAG', 'XPT', 'XPD'] as const;
const BASE: Record<string, number> = { XAU: 5000, XAG: 80, XPT: 2000, XPD: 1500 };

export type Fault =
  | 'bad-key'
  | 'quota'
  | 'plan'
  | 'rate-limit'
  | 'server-error'
  | 'hang'
  | 'html'
  | 'zero'
  | 'negative'
  | 'empty'
  | 'plain-only'
  | 'redirect';

export interface MockOptions {
  /** USD per ounce for a metal at a time; default: a gentle deterministic wave. */
  price?: (symbol: string, at: Date) => number;
  /** Faults applied to the next requests of an endpoint, consumed one per request ('*' = every endpoint but /usage). */
  faults?: Partial<Record<'/latest' | '/timeframe' | '/hourly' | '*', Fault[]>>;
  /** Plan without /hourly. */
  noHourly?: boolean;
  /** Timestamp /latest reports. */
  now?: () => Date;
  /** Which /hourly forms the plan serves; the other answers an empty list (default: both). */
  hourlyForms?: Array<'unix' | 'dates'>;
  /** /timeframe's own prices (default: `price`), e.g. an upstream gone mad. */
  timeframePrice?: (symbol: string, at: Date) => number;
  /** Hours with no prices (weekend, holiday): /latest answers no rates, history has no rows. */
  closed?: (at: Date) => boolean;
  /** Where a 'redirect' fault sends the request: another origin, or '' for the same one. */
  redirectTo?: string;
  /** Calls a month the plan allows, for /usage (which counts the calls of the peer's current UTC month). */
  planCalls?: number;
  /** /latest also answers bid and ask (`USDXAU-BID`, `USDXAU-ASK` and inverses), this far either side of the price. */
  spread?: number;
}

export interface MockServer {
  url: string;
  requests: Array<{
    path: string;
    params: URLSearchParams;
    headers: IncomingMessage['headers'];
    rawUrl: string;
    /** The peer's time when the request came. */
    at: Date;
  }>;
  close(): Promise<void>;
  calls(path: string): number;
  /** Calls that count against the plan (all but /usage). */
  counted(): number;
}

export const defaultPrice = (symbol: string, at: Date) =>
  Math.round(BASE[symbol]! * (1 + 0.01 * Math.sin(at.getTime() / 3_600_000 / 5)) * 100) / 100;

function ratesAt(price: (s: string, at: Date) => number, at: Date, fault?: Fault): Record<string, number> {
  const r: Record<string, number> = {};
  for (const s of SYMBOLS) {
    let p = price(s, at);
    if (fault === 'zero' && s === 'XAU') p = 0;
    if (fault === 'negative' && s === 'XAG') p = -5;
    if (fault !== 'plain-only') r[`USD${s}`] = p;
    r[s] = p === 0 ? 0 : 1 / p;
  }
  return r;
}

export async function startMetalPriceApi(o: MockOptions = {}): Promise<MockServer> {
  const price = o.price ?? defaultPrice;
  const requests: MockServer['requests'] = [];
  const hanging: ServerResponse[] = [];
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, code: number, message: string) =>
    send(res, status, { success: false, error: { statusCode: code, message } });

  const counted = () => requests.filter((r) => r.path !== '/usage').length;
  const month = (d: Date) => d.toISOString().slice(0, 7);
  const countedThisMonth = (now: Date) =>
    requests.filter((r) => r.path !== '/usage' && month(r.at) === month(now)).length;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/v1/, '');
    requests.push({
      path,
      params: url.searchParams,
      headers: req.headers,
      rawUrl: req.url ?? '',
      at: o.now?.() ?? new Date(),
    });
    const key = req.headers['x-api-key'] ?? url.searchParams.get('api_key');
    const queue = o.faults?.[path as '/latest'] ?? [];
    // '*' faults go to the counted endpoints: /usage (free, read first for the budget) keeps answering.
    const fault = queue.length > 0 ? queue.shift() : path === '/usage' ? undefined : o.faults?.['*']?.shift();
    if (fault === 'hang') {
      hanging.push(res);
      return;
    }
    if (fault === 'html') {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    if (fault === 'redirect' && o.redirectTo !== undefined) {
      res.writeHead(302, { location: `${o.redirectTo}${req.url}` });
      res.end();
      return;
    }
    if (fault === 'server-error') return send(res, 500, { message: 'internal error' });
    if (fault === 'rate-limit')
      return send(
        res,
        429,
        { success: false, error: { statusCode: 429, message: 'Too many requests' } },
        { 'retry-after': '1' },
      );
    if (key !== GOOD_KEY || fault === 'bad-key') return fail(res, 200, 101, 'Invalid API Key.');
    if (fault === 'quota') return fail(res, 200, 104, 'Monthly usage limit reached.');
    if (fault === 'plan' || (path === '/hourly' && o.noHourly)) {
      return fail(res, 200, 105, 'This API Function is not supported on your current subscription plan.');
    }
    const now = o.now?.() ?? new Date();
    const closed = o.closed ?? (() => false);
    if (path === '/latest') {
      if (fault === 'empty' || closed(now))
        return send(res, 200, {
          success: true,
          base: 'USD',
          timestamp: Math.floor(now.getTime() / 1000),
          rates: {},
        });
      const rates = ratesAt(price, now, fault);
      if (o.spread !== undefined)
        for (const s of SYMBOLS)
          for (const [side, sign] of [
            ['BID', -1],
            ['ASK', 1],
          ] as const) {
            const v = Math.round(price(s, now) * (1 + sign * o.spread) * 100) / 100;
            rates[`USD${s}-${side}`] = v;
            rates[`${s}-${side}`] = 1 / v;
          }
      for (const cur of (url.searchParams.get('currencies') ?? '').split(',')) {
        if (cur === 'EUR') rates.EUR = 0.92;
        if (cur === 'GBP') rates.GBP = 0.79;
      }
      return send(res, 200, {
        success: true,
        base: 'USD',
        timestamp: Math.floor(now.getTime() / 1000),
        rates,
      });
    }
    if (path === '/timeframe') {
      const start = Date.parse(`${url.searchParams.get('start_date')}T00:00:00Z`);
      const end = Date.parse(`${url.searchParams.get('end_date')}T00:00:00Z`);
      if (Number.isNaN(start) || Number.isNaN(end) || end < start)
        return fail(res, 200, 202, 'Invalid date range.');
      if ((end - start) / 86_400_000 > 365) return fail(res, 200, 203, 'Timeframe exceeds 365 days.');
      const rates: Record<string, Record<string, number>> = {};
      for (let t = start; t <= end && fault !== 'empty'; t += 86_400_000) {
        const at = new Date(t + 17 * 3_600_000);
        if (closed(at)) continue;
        rates[new Date(t).toISOString().slice(0, 10)] = ratesAt(o.timeframePrice ?? price, at, fault);
      }
      return send(res, 200, {
        success: true,
        base: 'USD',
        start_date: url.searchParams.get('start_date'),
        end_date: url.searchParams.get('end_date'),
        rates,
      });
    }
    if (path === '/hourly') {
      const currency = url.searchParams.get('currency') ?? '';
      if (!SYMBOLS.includes(currency as 'XAU')) return fail(res, 200, 201, 'Invalid currency.');
      const unix = url.searchParams.has('start');
      const start = unix
        ? Number(url.searchParams.get('start')) * 1000
        : Date.parse(`${url.searchParams.get('start_date')}T00:00:00Z`);
      const end = unix
        ? Number(url.searchParams.get('end')) * 1000
        : Date.parse(`${url.searchParams.get('end_date')}T23:00:00Z`);
      if (Number.isNaN(start) || Number.isNaN(end)) return fail(res, 200, 202, 'Invalid date range.');
      const served = (o.hourlyForms ?? ['unix', 'dates']).includes(unix ? 'unix' : 'dates');
      const rows: unknown[] = [];
      for (let t = Math.floor(start / 3_600_000) * 3_600_000; t <= end; t += 3_600_000) {
        if (!served || fault === 'empty') break;
        if (closed(new Date(t))) continue;
        const p = price(currency, new Date(t));
        rows.push({ timestamp: t / 1000, rates: { [currency]: 1 / p, [`USD${currency}`]: p } });
      }
      return send(res, 200, { success: true, base: 'USD', rates: rows });
    }
    if (path === '/usage') {
      const used = countedThisMonth(now);
      const total = o.planCalls ?? 10_000;
      return send(res, 200, {
        success: true,
        result: { plan: 'Test', used, total, remaining: Math.max(0, total - used) },
      });
    }
    return send(res, 404, { success: false, error: { statusCode: 404, message: 'Not found' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    calls: (path) => requests.filter((r) => r.path === path).length,
    counted,
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
