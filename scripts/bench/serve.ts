/**
 * `npm run bench -- serve`: wrk against nginx, a naive baseline that behaves like the original
 * serve.js (reads the file on every request, no ETag, no compression) and `staktrakr serve` started
 * as users start it — its own process, default workers (one per CPU) and access log on (to a file),
 * from the sources (`node --import tsx src/main.ts serve`; `SERVE_BENCH_BUNDLE=1` runs
 * dist/cli/index.js instead; `SERVE_BENCH_LOG=pipe` gives it a pipe for stdout, as in a container),
 * and again with its access log off. nginx gets as many worker processes as staktrakr has workers. A
 * fourth server shows the floor of node:http itself: the same workers answering one precomputed
 * buffer with the same headers, no file, no logic, no log (what any node:http server pays per
 * request). Same few hundred real data paths, servers alternating round by round.
 * Prints req/s, p50/p99 and CPU time per request (all processes of the server, from /proc) with
 * ratios, then static latency with and without 16 connections flooding /status. Bounded: ~3 min.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const REAL =
  [
    process.env.STAKTRAKR_REAL_DATA,
    join(ROOT, '../shared/real-data/staktrakr-api'),
    '/work/shared/real-data/staktrakr-api',
  ]
    .filter((p): p is string => !!p)
    .find((p) => existsSync(p)) ?? '';
const SECONDS = 5;
const ROUNDS = 3;
const CONNECTIONS = 64;
const BUNDLE = process.env.SERVE_BENCH_BUNDLE === '1';
/** `SERVE_BENCH_LOG=pipe`: staktrakr's stdout is a pipe this process drains, not a file. */
const LOG_PIPE = process.env.SERVE_BENCH_LOG === 'pipe';
/** What `--workers auto` picks: one per CPU this process may use. */
const WORKERS = availableParallelism();

if (!REAL) {
  console.log('serve bench skipped: the real data snapshot is absent (set STAKTRAKR_REAL_DATA)');
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
const step = Math.max(1, Math.floor(all.length / 200));
const paths = all.filter((_, i) => i % step === 0).slice(0, 200);

const work = join(tmpdir(), `staktrakr-bench-serve-${process.pid}`);
await mkdir(work, { recursive: true });

/** wrk script: walks `list` per request; done() prints req/s, p50/p90/p99 (ms), requests, non-2xx. */
async function luaScript(name: string, list: string[], acceptEncoding?: string): Promise<string> {
  const file = join(work, `${name}.lua`);
  await writeFile(
    file,
    `local paths = {${list.map((p) => JSON.stringify(p)).join(',')}}
local i = 0
${acceptEncoding ? `wrk.headers["Accept-Encoding"] = "${acceptEncoding}"` : ''}
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %f %f %d %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status))
end
`,
  );
  return file;
}

const freePort = () =>
  new Promise<number>((ok) => {
    const probe = createHttpServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => ok(port));
    });
  });

async function waitUp(url: string) {
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`${url} never answered`);
}

/** CPU seconds (user + system) of `pid` and all its descendants, from /proc. */
function cpuSeconds(pid: number): number {
  const tick = 100;
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick;
      for (const t of readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/)) {
        if (t) stack.push(Number(t));
      }
    } catch {
      // Gone.
    }
  }
  return total;
}

// The original: read the file on every request, no validators, no compression.
const NAIVE = `
const http = require('node:http'); const fs = require('node:fs/promises'); const path = require('node:path');
http.createServer((req, res) => {
  const p = (req.url || '/').split('?')[0];
  fs.readFile(path.join(${JSON.stringify(REAL)}, p)).then(
    (body) => { res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' }); res.end(body); },
    () => { res.writeHead(404); res.end('Not found'); });
}).listen(Number(process.env.PORT), '127.0.0.1');`;

// node:http and nothing else: the cost per request no node:http server can go below.
const FLOOR = `
const cluster = require('node:cluster'); const http = require('node:http');
if (cluster.isPrimary) { for (let i = 0; i < ${WORKERS}; i++) cluster.fork(); } else {
  const body = Buffer.alloc(2300, 32);
  const head = ['Access-Control-Allow-Origin', '*', 'Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS',
    'Access-Control-Allow-Headers', 'Content-Type, Cache-Control, If-None-Match, If-Modified-Since',
    'Access-Control-Expose-Headers', 'ETag, Last-Modified, Retry-After', 'X-Content-Type-Options', 'nosniff',
    'Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'", 'Content-Type', 'application/json; charset=utf-8',
    'ETag', '"0123456789abcdefghijkl"', 'Last-Modified', new Date().toUTCString(), 'Cache-Control', 'public, max-age=60',
    'Vary', 'Accept-Encoding', 'Content-Length', String(body.length)];
  http.createServer((req, res) => { res.writeHead(200, head); res.end(body); }).listen(Number(process.env.PORT), '127.0.0.1');
}`;

const [oursPort, quietPort, nginxPort, naivePort, floorPort] = [
  await freePort(),
  await freePort(),
  await freePort(),
  await freePort(),
  await freePort(),
];
const log = openSync(join(work, 'access.log'), 'a');
const oursCmd = BUNDLE
  ? [process.execPath, join(ROOT, 'dist/cli/index.js'), 'serve']
  : [process.execPath, '--import', 'tsx', join(ROOT, 'src/main.ts'), 'serve'];
/** `staktrakr serve` as users start it, its output to the log file, with the access log `accessLog`. */
const startOurs = (port: number, accessLog: string) => {
  const child = spawn(
    oursCmd[0]!,
    [...oursCmd.slice(1), '--dir', REAL, '--host', '127.0.0.1', '--port', String(port)],
    {
      cwd: ROOT,
      env: { ...process.env, ACCESS_LOG: accessLog },
      stdio: ['ignore', LOG_PIPE ? 'pipe' : log, log],
    },
  );
  // Read and dropped, as a log collector (Docker, Fly) reads a container's stdout.
  child.stdout?.resume();
  return child;
};
const ours = startOurs(oursPort, 'on');
// The same with its access log off: what the log costs, measured in the same rounds.
const quiet = startOurs(quietPort, 'off');
const naive = spawn(process.execPath, ['-e', NAIVE], {
  env: { ...process.env, PORT: String(naivePort) },
  stdio: 'ignore',
});
// A file, not `-e`: cluster workers re-run the primary's script.
await writeFile(join(work, 'floor.cjs'), FLOOR);
const floor = spawn(process.execPath, [join(work, 'floor.cjs')], {
  env: { ...process.env, PORT: String(floorPort) },
  stdio: 'ignore',
});

await writeFile(
  join(work, 'nginx.conf'),
  `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes ${WORKERS};
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log ${work}/nginx-access.log;
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
    location /data/ {
      add_header Access-Control-Allow-Origin *;
      add_header X-Content-Type-Options nosniff;
    }
  }
}
`,
);
const nginx = spawn('nginx', ['-p', work, '-c', join(work, 'nginx.conf')], { stdio: 'ignore' });

const servers = {
  staktrakr: { url: `http://127.0.0.1:${oursPort}`, pid: ours.pid! },
  'staktrakr, no log': { url: `http://127.0.0.1:${quietPort}`, pid: quiet.pid! },
  nginx: { url: `http://127.0.0.1:${nginxPort}`, pid: nginx.pid! },
  naive: { url: `http://127.0.0.1:${naivePort}`, pid: naive.pid! },
  'node:http floor': { url: `http://127.0.0.1:${floorPort}`, pid: floor.pid! },
};
type Name = keyof typeof servers;

interface Result {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  requests: number;
  errors: number;
  cpuUs: number;
}

async function wrk(
  url: string,
  script: string,
  connections: number,
  seconds: number,
  pid?: number,
): Promise<Result> {
  const cpu0 = pid ? cpuSeconds(pid) : 0;
  const { stdout } = await run(
    'wrk',
    ['-t2', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '-s', script, url],
    { maxBuffer: 1 << 24 },
  );
  const cpu = pid ? cpuSeconds(pid) - cpu0 : 0;
  const m = /RESULT ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)/.exec(stdout);
  if (!m) throw new Error(`wrk printed no result: ${stdout.slice(0, 300)}`);
  const requests = Number(m[5]);
  return {
    rps: Number(m[1]),
    p50: Number(m[2]),
    p90: Number(m[3]),
    p99: Number(m[4]),
    requests,
    errors: Number(m[6]),
    cpuUs: requests ? (cpu / requests) * 1e6 : 0,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const f = (n: number, d = 0) => n.toFixed(d);

try {
  for (const s of Object.values(servers)) await waitUp(`${s.url}${paths[0]}`);
  console.log(
    `serve bench: ${paths.length} real paths, ${ROUNDS} alternating rounds × ${SECONDS} s, ${CONNECTIONS} connections, ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `staktrakr serve started as: ${BUNDLE ? 'node dist/cli/index.js serve' : 'node --import tsx src/main.ts serve'} (workers auto = ${WORKERS}, access log on, to ${LOG_PIPE ? 'a pipe' : 'a file'}; again with ACCESS_LOG=off); nginx worker_processes ${WORKERS}, access log on; node:http floor ${WORKERS} workers`,
  );
  for (const encoding of [undefined, 'gzip, br']) {
    const script = await luaScript(`paths-${encoding ? 'br' : 'identity'}`, paths, encoding);
    for (const s of Object.values(servers)) await wrk(s.url, script, CONNECTIONS, 1); // warm up
    const results = Object.fromEntries(Object.keys(servers).map((n) => [n, []])) as unknown as Record<
      Name,
      Result[]
    >;
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(servers) as Name[]) {
        results[name].push(await wrk(servers[name].url, script, CONNECTIONS, SECONDS, servers[name].pid));
      }
    }
    const label = encoding ? `accept-encoding "${encoding}"` : 'no accept-encoding';
    const med = (n: Name, k: keyof Result) => median(results[n].map((r) => r[k]));
    console.log(`-- ${label} (medians of ${ROUNDS} rounds)`);
    for (const name of Object.keys(servers) as Name[]) {
      console.log(
        `${name.padEnd(18)} ${f(med(name, 'rps')).padStart(7)} req/s  p50 ${f(med(name, 'p50'), 2)} ms  p99 ${f(med(name, 'p99'), 2)} ms  CPU ${f(med(name, 'cpuUs'))} µs/req  non-2xx ${results[name].reduce((a, r) => a + r.errors, 0)}`,
      );
    }
    const ratio = (ours: Name, base: Name) =>
      console.log(
        `ratio ${ours}/${base}: req/s ${f(med(ours, 'rps') / med(base, 'rps'), 2)}  p99 ${f(med(ours, 'p99') / med(base, 'p99'), 2)}  CPU/req ${f(med(ours, 'cpuUs') / med(base, 'cpuUs'), 2)}`,
      );
    for (const base of ['nginx', 'naive', 'node:http floor'] as const) ratio('staktrakr', base);
    ratio('staktrakr, no log', 'nginx');
    // Each round's own ratio to nginx (the rounds alternate): the spread a shared machine gives.
    const spread = (k: 'rps' | 'p99') =>
      results.staktrakr.map((r, i) => f(r[k] / results.nginx[i]![k], 2)).join(' ');
    console.log(`rounds staktrakr/nginx: req/s ${spread('rps')}  p99 ${spread('p99')}`);
  }

  // Static latency with and without a /status flood (16 connections, one client: rate limited).
  const staticScript = await luaScript('static', paths);
  const statusScript = await luaScript('status', ['/status']);
  const url = servers.staktrakr.url;
  const quiet = await wrk(url, staticScript, 4, SECONDS);
  const [flooded, flood] = await Promise.all([
    wrk(url, staticScript, 4, SECONDS),
    wrk(url, statusScript, 16, SECONDS + 1),
  ]);
  console.log(
    `static latency, 4 connections: p50 ${f(quiet.p50, 2)} ms p90 ${f(quiet.p90, 2)} ms quiet; p50 ${f(flooded.p50, 2)} ms p90 ${f(flooded.p90, 2)} ms while 16 connections flood /status (${f(flood.rps)} req/s, ${flood.errors} of ${flood.requests} answered 429)`,
  );
} finally {
  nginx.kill('SIGTERM');
  naive.kill('SIGTERM');
  floor.kill('SIGTERM');
  ours.kill('SIGTERM');
  quiet.kill('SIGTERM');
  await Promise.all([ours, quiet].map((p) => new Promise((ok) => p.once('exit', ok))));
  await rm(work, { recursive: true, force: true });
}
