/**
 * Serves examples/client.html and the built browser client (dist/client/index.js as
 * /client/index.js) on loopback, so the demo can show the client at work against its two endpoints.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ExamplePage {
  /** The page's URL with the endpoints in its query string. */
  url: string;
  close(): Promise<void>;
}

/** The repository root: the nearest folder above this code that holds examples/client.html. */
function root(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'examples/client.html'))) return dir;
  throw new Error('examples/client.html not found above the running code');
}

export async function serveExamplePage(
  endpoints: readonly string[],
  options: { clientJs?: string; query?: Record<string, string> } = {},
): Promise<ExamplePage> {
  const base = root();
  const files: Record<string, [string, string]> = {
    '/client.html': [join(base, 'examples/client.html'), 'text/html; charset=utf-8'],
    '/client/index.js': [
      options.clientJs ?? join(base, 'dist/client/index.js'),
      'text/javascript; charset=utf-8',
    ],
  };
  const server = createServer(async (req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return res.writeHead(404).end('not found');
    try {
      const body = await readFile(file[0]);
      res.writeHead(200, {
        'content-type': file[1],
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404).end('not built: run npm run build');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const query = new URLSearchParams({ endpoints: endpoints.join(','), ...options.query });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/client.html?${query}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
