/**
 * metals.dev and Metals-API on loopback, one server: `/dev/latest` and `/dev/timeseries` speak
 * metals.dev (`api_key` parameter, `{status: "success"|"failure"}` bodies, 401 on a bad key);
 * `/api/latest` and `/api/timeseries` speak Metals-API (`access_key` parameter, inverse `XAU`
 * rates, apilayer's 200 `{success: false, error}` bodies).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export const PEER_KEY = 'peer-key-42';

export async function startProviderPeers(): Promise<{
  url: string;
  seen: IncomingMessage[];
  close(): Promise<void>;
}> {
  const KEY = PEER_KEY;
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    const u = new URL(req.url!, 'http://x');
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    // metals.dev: api_key parameter; {status: "success"|"failure", ...}
    if (u.pathname.startsWith('/dev/')) {
      if (u.searchParams.get('api_key') !== KEY)
        return json(401, { status: 'failure', error_code: 1101, error_message: 'Invalid API key' });
      if (u.pathname === '/dev/latest') {
        return json(200, {
          status: 'success',
          currency: 'USD',
          unit: 'toz',
          metals: { gold: 4990.12, silver: 79.9, platinum: 2011.5, palladium: 1555.25, copper: 0.3 },
          currencies: { EUR: 1.087 },
          timestamps: { metal: '2026-03-10T14:14:00.000Z' },
        });
      }
      if (u.pathname === '/dev/timeseries') {
        return json(200, {
          status: 'success',
          rates: { '2026-03-09': { metals: { gold: 4980, silver: 79, platinum: 2000, palladium: 1550 } } },
        });
      }
    }
    // Metals-API: access_key parameter; apilayer errors with success:false.
    if (u.pathname.startsWith('/api/')) {
      if (u.searchParams.get('access_key') !== KEY)
        return json(200, {
          success: false,
          error: {
            code: 101,
            type: 'invalid_access_key',
            info: 'You have not supplied a valid API Access Key.',
          },
        });
      if (u.pathname === '/api/latest') {
        return json(200, {
          success: true,
          timestamp: 1773152040,
          base: 'USD',
          rates: { XAU: 1 / 4990.12, XAG: 1 / 79.9, XPT: 1 / 2011.5, XPD: 1 / 1555.25, EUR: 0.92 },
        });
      }
      if (u.pathname === '/api/timeseries') {
        return json(200, {
          success: true,
          timeseries: true,
          rates: { '2026-03-09': { USDXAU: 4980, USDXAG: 79, USDXPT: 2000, USDXPD: 1550 } },
        });
      }
    }
    json(404, { message: 'not found' });
  });

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
