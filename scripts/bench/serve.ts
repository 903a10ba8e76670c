/**
 * `npm run bench -- serve`: wrk against our server, nginx and a baseline that behaves like the
 * original serve.js (reads the file on every request, no ETag, no compression), on the same few
 * hundred real data paths, alternating servers round by round. Bounded: ~2 minutes.
 * Access logging is off on all three (ours gets a no-op log) so the figure is the serving path.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from '../../src/serve/server.js';

const run = promisify(execFile);
const REAL = join(import.meta.dirname, '../../../shared/real-data/staktrakr-api');
const SECONDS = 5;
const ROUNDS = 3;
const CONNECTIONS = 32;

if (!existsSync(REAL)) {
  console.log(`serve bench skipped: ${REAL} is absent`);
  process.exit(0);
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.name.endsWith('.json')) out.push(`/${relative(REAL, path)}`);
  }
  return out;
}

const all = (await listFiles(join(REAL, 'data'))).sort();
const step = Math.max(1, Math.floor(all.length / 300));
const paths = all.filter((_, i) => i % step === 0).slice(0, 300);

const work = join(tmpdir(), `staktrakr-bench-serve-${process.pid}`);
await mkdir(work, { recursive: true });

/** Each wrk thread walks the path list; done() prints req/s and p99 in ms. */
async function luaScript(acceptEncoding: string | undefined): Promise<string> {
  const file = join(work, `paths-${acceptEncoding ?? 'identity'}.lua`);
  await writeFile(
    file,
    `local paths = {${paths.map((p) => JSON.stringify(p)).join(',')}}
local i = 0
${acceptEncoding ? `wrk.headers["Accept-Encoding"] = "${acceptEncoding}"` : ''}
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %d\\n", summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000, summary.errors.status))
end
`,
  );
  return file;
}

// The original: read the file on every request, no validators, no compression.
const baseline = createHttpServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  readFile(join(REAL, path)).then(
    (body) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
      res.end(body);
    },
    () => {
      res.writeHead(404);
      res.end('Not found');
    },
  );
});
await new Promise<void>((ok) => baseline.listen(0, '127.0.0.1', ok));

const ours = await createServer({ dir: REAL, host: '127.0.0.1', port: 0, log: () => {} });

const nginxPort = await new Promise<number>((ok) => {
  const probe = createHttpServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as AddressInfo;
    probe.close(() => ok(port));
  });
});
await writeFile(
  join(work, 'nginx.conf'),
  `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 2;
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/json json; }
  default_type application/octet-stream;
  sendfile on;
  etag on;
  gzip on;
  gzip_types application/json;
  gzip_min_length 256;
  client_body_temp_path ${work}/body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  server {
    listen 127.0.0.1:${nginxPort};
    root ${REAL};
    location /data/ { add_header Access-Control-Allow-Origin *; }
  }
}
`,
);
const nginx = spawn('nginx', ['-p', work, '-c', join(work, 'nginx.conf')], { stdio: 'ignore' });
for (let i = 0; i < 50; i++) {
  const up = await fetch(`http://127.0.0.1:${nginxPort}${paths[0]}`).then(
    (r) => r.ok,
    () => false,
  );
  if (up) break;
  await new Promise((ok) => setTimeout(ok, 100));
}

const servers = {
  staktrakr: ours.url,
  nginx: `http://127.0.0.1:${nginxPort}`,
  'original-like': `http://127.0.0.1:${(baseline.address() as AddressInfo).port}`,
};
type Name = keyof typeof servers;

async function wrk(url: string, script: string): Promise<{ rps: number; p99: number; errors: number }> {
  const { stdout } = await run(
    'wrk',
    ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', '-s', script, url],
    {
      maxBuffer: 1 << 24,
    },
  );
  const m = /RESULT ([\d.]+) ([\d.]+) (\d+)/.exec(stdout);
  if (!m) throw new Error(`wrk printed no result: ${stdout.slice(0, 300)}`);
  return { rps: Number(m[1]), p99: Number(m[2]), errors: Number(m[3]) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  console.log(
    `serve bench: ${paths.length} real paths, ${ROUNDS} alternating rounds × ${SECONDS} s, ${CONNECTIONS} connections`,
  );
  for (const encoding of [undefined, 'gzip, br']) {
    const script = await luaScript(encoding);
    const results: Record<Name, Array<{ rps: number; p99: number; errors: number }>> = {
      staktrakr: [],
      nginx: [],
      'original-like': [],
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(servers) as Name[]) results[name].push(await wrk(servers[name], script));
    }
    const label = encoding ? `accept-encoding "${encoding}"` : 'no accept-encoding';
    const rps = (n: Name) => median(results[n].map((r) => r.rps));
    const p99 = (n: Name) => median(results[n].map((r) => r.p99));
    for (const base of ['nginx', 'original-like'] as const) {
      console.log(
        `req/s (${label}): staktrakr ${rps('staktrakr').toFixed(0)} vs ${base} ${rps(base).toFixed(0)} → ratio ${(rps('staktrakr') / rps(base)).toFixed(2)}`,
      );
      console.log(
        `p99 ms (${label}): staktrakr ${p99('staktrakr').toFixed(2)} vs ${base} ${p99(base).toFixed(2)} → ratio ${(p99('staktrakr') / p99(base)).toFixed(2)}`,
      );
    }
    const errors = Object.entries(results).map(([n, rs]) => `${n} ${rs.reduce((s, r) => s + r.errors, 0)}`);
    console.log(`non-2xx answers (${label}): ${errors.join(', ')}`);
  }
} finally {
  nginx.kill('SIGTERM');
  await ours.close(1_000);
  baseline.closeAllConnections();
  baseline.close();
  await rm(work, { recursive: true, force: true });
}
