/**
 * The access log of `staktrakr serve --workers 2` as a real process, stdout a pipe or a file: a
 * reader that stops reading does not stop serving, and the log then holds a bounded number of lines
 * and says how many it dropped; SIGTERM writes every line of the requests answered before it, even
 * to a slow reader; the two workers' lines are never torn or joined.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccessLog, type LogOutput, MAX_QUEUED_BYTES } from '../../src/serve/access-log.js';
import { put, removeDir, tempDir } from './fixture.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

// Long paths make long lines: megabytes of log from a few tens of thousands of requests.
const NAME = `data/${'a'.repeat(180)}.json`;
const BODY = '{"ok":true}';
const STAMP = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';
const ACCESS = new RegExp(
  `^${STAMP} 127\\.0\\.0\\.1 GET /${NAME.replace('.', '\\.')} 200 ${BODY.length} \\d+\\.\\dms$`,
);
/** The runtime's own lines on stdout (the access log is the rest). */
const OWN = new RegExp(`^(${STAMP} (serving |SIGTERM: )|url=)`);

interface Serve {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote to stderr so far. */
  err: () => string;
}

/** `staktrakr serve --workers 2` on `dir`; stdout to `stdout` (a pipe when 'pipe'). */
async function startServe(dir: string, stdout: 'pipe' | number, stdoutFile?: string): Promise<Serve> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/main.ts',
      'serve',
      '--dir',
      dir,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--workers',
      '2',
    ],
    { stdio: ['ignore', stdout, 'pipe'] },
  );
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  let err = '';
  child.stderr!.on('data', (c) => {
    err += c;
  });
  const seen = () => (child.stdout ? out : readFileSync(stdoutFile!, 'utf8'));
  let out = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${err}`);
      expect(seen()).toMatch(/ at http:\/\/\S+ \(2 worker processes\)/);
    },
    { timeout: 30_000, interval: 100 },
  );
  const url = / at (http:\/\/\S+) \(2 worker processes\)/.exec(seen())![1]!;
  // The bytes read from here on are the test's to collect.
  child.stdout?.removeAllListeners('data');
  return { child, url, err: () => err };
}

/** Collects a pipe's text from now on. */
function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout!.on('data', (c) => {
    text += c;
  });
  return () => text;
}

/**
 * `total` GETs of `path` over 8 kept-alive connections, 50 pipelined at a time (answers read as they
 * come); resolves with the number of `200 OK` answers.
 */
async function flood(url: string, path: string, total: number): Promise<number> {
  const { port } = new URL(url);
  const request = `GET ${path} HTTP/1.1\r\nHost: a\r\n\r\n`;
  const one = async (count: number) => {
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    let ok = 0;
    let tail = '';
    let sent = 0;
    const send = () => {
      const n = Math.min(50, count - sent);
      sent += n;
      socket.write(request.repeat(n));
    };
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (c: Buffer) => {
        const text = tail + c.toString('latin1');
        ok += text.split('HTTP/1.1 200 OK\r\n').length - 1;
        tail = text.slice(-20);
        if (ok === count) resolve();
        else if (ok === sent) send();
      });
      send();
    });
    socket.destroy();
    return ok;
  };
  const per = Math.ceil(total / 8);
  const counts = await Promise.all(Array.from({ length: 8 }, (_, i) => one(Math.min(per, total - i * per))));
  return counts.reduce((a, b) => a + b, 0);
}

/** Lines of `text` split into access-log lines and the runtime's own; anything else fails. */
function parse(text: string): { access: number; bytes: number } {
  const lines = text.split('\n');
  expect(lines.pop(), 'the output ends with a whole line').toBe('');
  const access = lines.filter((l) => ACCESS.test(l));
  // A torn or joined line matches neither.
  expect(lines.filter((l) => !ACCESS.test(l) && !OWN.test(l))).toEqual([]);
  return { access: access.length, bytes: access.reduce((n, l) => n + l.length + 1, 0) };
}

const dropped = (err: string) =>
  [...err.matchAll(/warning: access log: (\d+) lines dropped, the output could not keep up/g)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );

/** A folder holding the served file, removed after the test. */
async function servedDir(): Promise<string> {
  const dir = await tempDir();
  cleanup.push(() => removeDir(dir));
  await put(dir, NAME, BODY);
  return dir;
}

/** `serve` whose stdout is a pipe nobody reads yet (`text()`: what it wrote once resumed). */
async function servedToPausedPipe() {
  const serve = await startServe(await servedDir(), 'pipe');
  const text = collect(serve.child);
  serve.child.stdout!.pause();
  return { ...serve, text };
}

describe('serve access log', () => {
  it('keeps serving when stdout is not read, holds a bounded log, and counts what it dropped', async () => {
    const { child, url, err, text } = await servedToPausedPipe();
    // ~7 MiB of lines while nobody reads: every request is answered all the same.
    const requests = 30_000;
    expect(await flood(url, `/${NAME}`, requests)).toBe(requests);
    child.stdout!.resume();
    // Once the pipe drains, each worker says how many lines it could not keep.
    await vi.waitFor(() => expect(parse(text()).access + dropped(err())).toBe(requests), {
      timeout: 30_000,
      interval: 200,
    });
    const { access, bytes } = parse(text());
    expect(dropped(err())).toBeGreaterThan(0);
    // What reached the reader: at most each worker's queue, the pipe's and the reader's buffers.
    expect(bytes).toBeLessThan(2 * MAX_QUEUED_BYTES + 1024 * 1024);
    expect(access).toBeGreaterThan(0);
    // Serving goes on, and so does the log, with the reader back.
    expect(await flood(url, `/${NAME}`, 100)).toBe(100);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code, err()).toBe(0);
    expect(parse(text()).access + dropped(err())).toBe(requests + 100);
  }, 120_000);

  it('writes every line on SIGTERM, to a reader that reads slowly', async () => {
    const { child, url, err, text } = await servedToPausedPipe();
    // Less than the workers hold, more than the pipe does: the stop must wait for the reader.
    const requests = 3_000;
    expect(await flood(url, `/${NAME}`, requests)).toBe(requests);
    child.kill('SIGTERM');
    setTimeout(() => child.stdout!.resume(), 1_000);
    const [code] = await once(child, 'exit');
    expect(code, err()).toBe(0);
    expect(parse(text()).access).toBe(requests);
    expect(err()).not.toMatch(/lines dropped/);
  }, 120_000);

  it('writes every line on SIGTERM to a file, the workers’ lines whole', async () => {
    const dir = await servedDir();
    const file = join(dir, 'stdout.log');
    const fd = openSync(file, 'a');
    const { child, url, err } = await startServe(dir, fd, file);
    closeSync(fd);
    const before = readFileSync(file, 'utf8').length;
    const requests = 5_000;
    expect(await flood(url, `/${NAME}`, requests)).toBe(requests);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code, err()).toBe(0);
    expect(parse(readFileSync(file, 'utf8').slice(before)).access).toBe(requests);
  }, 120_000);
});

/** An output that takes what it is told to, when told to: a slow or full pipe, a partial write. */
function heldOutput(chunksPerWrite = 1) {
  const written: Buffer[] = [];
  const pending: { chunks: Buffer[]; done: (e: NodeJS.ErrnoException | null, n: number) => void }[] = [];
  const output: LogOutput = {
    stamped: true,
    chunksPerWrite,
    write: (chunks, done) => {
      pending.push({ chunks, done });
    },
  };
  /** Completes the oldest write: `bytes` of it taken (all by default), or EAGAIN with none. */
  const take = (bytes?: number | 'again') => {
    const { chunks, done } = pending.shift()!;
    const all = Buffer.concat(chunks);
    if (bytes === 'again') return done(Object.assign(new Error('full'), { code: 'EAGAIN' }), 0);
    written.push(all.subarray(0, bytes ?? all.length));
    done(null, bytes ?? all.length);
  };
  return { output, pending, take, text: () => Buffer.concat(written).toString('utf8') };
}

/** Takes every write until none comes for 100 ms (a retry after EAGAIN comes within 20 ms). */
async function drain(out: ReturnType<typeof heldOutput>) {
  for (;;) {
    while (out.pending.length) out.take();
    await new Promise((ok) => setTimeout(ok, 100));
    if (!out.pending.length) return;
  }
}

const unstamped = (text: string) => text.split('\n').map((l) => l.replace(new RegExp(`^${STAMP} `), ''));

describe('AccessLog', () => {
  it('keeps every line whole and in order across chunks, partial writes and a full output', async () => {
    const out = heldOutput();
    const warnings: string[] = [];
    const log = new AccessLog({ kind: 'on' }, out.output, (m) => warnings.push(m));
    // Multi-byte characters, a path longer than any real one (cut, still one line), numbers of every size.
    const fields = Array.from({ length: 300 }, (_, i) => {
      const path = `/data/é€😀${'x'.repeat(i % 7 === 0 ? 5_000 : i)}`;
      const ms = (i * 7.31) % 1500;
      return [`203.0.113.${i % 256}é`, i % 2 ? 'GET' : 'HEAD', path, 200 + (i % 300), i ** 3, ms] as const;
    });
    const lines = fields.map(
      ([client, method, path, status, bytes, ms]) =>
        `${client} ${method} ${path.slice(0, 1_000)} ${status} ${bytes} ${(Math.round(ms * 10) / 10).toFixed(1)}ms`,
    );
    for (const f of fields) log.add(...f);
    const closed = log.close();
    // A partial write, then a full pipe, then everything.
    out.take(1000);
    await vi.waitFor(() => expect(out.pending).toHaveLength(1));
    out.take('again');
    await drain(out);
    await closed;
    const got = unstamped(out.text());
    expect(got.pop()).toBe('');
    expect(got).toEqual(lines);
    expect(warnings).toEqual([]);
  });

  it('holds at most MAX_QUEUED_BYTES for an output that takes nothing, and reports the lines dropped', async () => {
    const out = heldOutput();
    const warnings: string[] = [];
    const log = new AccessLog({ kind: 'on' }, out.output, (m) => warnings.push(m));
    const line = `127.0.0.1 GET /${'a'.repeat(100)} 200 10 0.1ms`;
    const total = 50_000;
    for (let i = 0; i < total; i++) log.add('127.0.0.1', 'GET', `/${'a'.repeat(100)}`, 200, 10, 0.1);
    // One write under way, the rest queued: never more than the bound.
    expect(out.pending).toHaveLength(1);
    await drain(out);
    const kept = unstamped(out.text()).filter(Boolean);
    expect(kept.length * (line.length + 22)).toBeLessThanOrEqual(MAX_QUEUED_BYTES);
    expect(kept.every((l) => l === line)).toBe(true);
    expect(warnings).toEqual([
      `access log: ${total - kept.length} lines dropped, the output could not keep up`,
    ]);
  });

  it('gives up after the deadline on an output that takes nothing, and says how many lines were lost', async () => {
    const out = heldOutput();
    const warnings: string[] = [];
    const log = new AccessLog({ kind: 'on' }, out.output, (m) => warnings.push(m));
    const total = 200;
    for (let i = 0; i < total; i++) log.add('127.0.0.1', 'GET', `/${'b'.repeat(80)}`, 200, 10, i / 10);
    await log.close(200);
    // The write under way when it gave up may still complete; the lines queued behind it are lost.
    expect(out.pending).toHaveLength(1);
    out.take();
    const written = unstamped(out.text()).filter(Boolean).length;
    expect(written).toBeGreaterThan(0);
    expect(warnings).toEqual([`access log: ${total - written} lines dropped, the output could not keep up`]);
  });
});
