/**
 * The fast path: cached data files answered straight on the socket, in front of node:http.
 * node:http spends most of a small answer's CPU on its own machinery (request and response
 * objects, header validation, the parser's callbacks); a plain `GET /data/…` whose answer is
 * precomputed (file-cache.ts) needs none of it.
 *
 * Every new connection starts here. Each complete request it receives is read strictly
 * (strict-request.ts); while requests are plain and their answer is cached and current, the
 * answer — the very bytes node:http would send for it: the precomputed headers, then `Date`,
 * `Connection` and `Keep-Alive` as node:http adds them — is written at once, in order (pipelining
 * included); a compressed form still being made (a file's new version) is waited for, reading
 * nothing more meanwhile. At the first anything else (another path, a miss, an unknown or
 * repeated header, an incomplete request, any doubt) the connection is handed to
 * node:http for good, unread bytes first: node:http then answers, refuses or times out exactly as
 * it did before this existed. So hostile input never meets this code's judgement, only its
 * refusal to judge.
 *
 * Bounds kept on the fast path: a connection that has sent nothing for a sweep is handed over
 * (node:http's header timeout applies); a kept-alive connection idle past `keepAliveMs` is closed
 * (as node:http does); answers wait while the socket's buffer is full (a client that stops reading
 * gets no more written for it; write-guard.ts closes it); the listening server's connection limit
 * and the write guard see every connection, since they are accepted by the same server.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { AccessLog } from './access-log.js';
import { clientAddress, safePath } from './access-log.js';
import type { CachedFile, Variant } from './file-cache.js';
import { notModified, type StaticFiles, variantFor } from './static.js';
import { type PlainRequest, readPlainRequest } from './strict-request.js';

export interface FastPathOptions {
  files: StaticFiles;
  accessLog: AccessLog;
  /** node:http's `keepAliveTimeout`: announced in `Keep-Alive`, and the idle bound between requests. */
  keepAliveMs: number;
  /** The trusted proxy's client-address header, lower case. */
  ipHeader?: string;
}

export interface FastPath {
  /** Answers written by the fast path so far (the tests check that it did answer). */
  readonly answered: number;
  /** Ends every connection still on the fast path (after what is written), or destroys them. */
  close(force?: boolean): void;
}

interface Connection {
  socket: Socket;
  onData: (chunk: Buffer) => void;
  onError: () => void;
  /** Date.now() of the last answer, or of the accept. */
  lastAt: number;
  answered: boolean;
  /** Seen by a sweep before its first request. */
  quiet: boolean;
  /** Requests not yet answered while the socket drains. */
  rest?: Buffer;
  closing: boolean;
}

/** Above this, a body is written after its headers instead of copied behind them. */
const COPY_BODY_BYTES = 16 * 1024;
/** Never less often than this, idle connections are looked at. */
const SWEEP_MS = 1_000;

/**
 * Puts the fast path in front of `server`: takes over its `connection` listener (node:http's own,
 * which the fast path hands connections to). Call before the server listens.
 */
export function installFastPath(server: Server, options: FastPathOptions): FastPath {
  const listeners = server.listeners('connection');
  if (listeners.length !== 1)
    throw new Error(`expected node:http's one connection listener, found ${listeners.length}`);
  const nodeHttp = listeners[0] as (socket: Socket) => void;
  server.removeListener('connection', nodeHttp);
  const connections = new Set<Connection>();
  const tails = new Tails(options.keepAliveMs);
  let answered = 0;

  function accept(socket: Socket) {
    const conn: Connection = {
      socket,
      onData: (chunk) => run(conn, chunk),
      onError: () => socket.destroy(),
      lastAt: Date.now(),
      answered: false,
      quiet: false,
      closing: false,
    };
    connections.add(conn);
    socket.on('data', conn.onData);
    socket.on('error', conn.onError);
    socket.once('close', () => connections.delete(conn));
  }

  /** Answers the plain requests in `buf` from `at`; hands the connection over at the first other. */
  function run(conn: Connection, buf: Buffer, at = 0) {
    const { socket } = conn;
    while (at < buf.length) {
      const request = readPlainRequest(buf, at, options.ipHeader);
      const file = request && options.files.fresh(request.target);
      const variant = file && variantFor(file, request.acceptEncoding);
      // Bytes after a `Connection: close` request are node:http's to refuse.
      const after = request?.close && request.end < buf.length;
      if (!variant || after) return handOver(conn, buf.subarray(at));
      if (variant instanceof Promise) {
        // The compressed form is being made (a new version): this connection waits for it, in order.
        wait(conn, buf.subarray(at), variant);
        return;
      }
      const started = options.accessLog.wants() ? performance.now() : -1;
      const [status, bytes] = write(socket, request, file, variant);
      if (started >= 0) {
        const client = clientAddress(request.clientIp, socket);
        const method = request.head ? 'HEAD' : 'GET';
        options.accessLog.add(
          client,
          method,
          safePath(request.target),
          status,
          bytes,
          performance.now() - started,
        );
      }
      at = request.end;
      conn.answered = true;
      answered++;
      if (request.close) return finish(conn);
      if (socket.writableNeedDrain && at < buf.length) {
        // The client is not reading: read no more of its requests until it does.
        wait(conn, buf.subarray(at), new Promise((ok) => socket.once('drain', ok)));
        return;
      }
    }
    conn.lastAt = Date.now();
    if (conn.closing) finish(conn);
  }

  /** Reads nothing more from the connection until `until` settles, then goes on with `rest`. */
  function wait(conn: Connection, rest: Buffer, until: Promise<unknown>) {
    conn.rest = rest;
    conn.socket.pause();
    const resume = () => {
      conn.rest = undefined;
      if (conn.socket.destroyed || !connections.has(conn)) return;
      conn.socket.resume();
      run(conn, rest);
    };
    until.then(resume, () => {
      conn.rest = undefined;
      if (!conn.socket.destroyed && connections.has(conn)) handOver(conn, rest);
    });
  }

  function write(
    socket: Socket,
    request: PlainRequest,
    file: CachedFile,
    variant: Variant,
  ): [number, number] {
    const tail = tails.get(request.close);
    if (notModified(request.ifNoneMatch, request.ifModifiedSince, file.etag, file.mtimeMs)) {
      socket.write(joined(rawHead(file.notModified, 304), tail));
      return [304, 0];
    }
    const head = rawHead(variant.head, 200);
    if (request.head) socket.write(joined(head, tail));
    else if (variant.body.length > COPY_BODY_BYTES) {
      socket.cork();
      socket.write(joined(head, tail));
      socket.write(variant.body);
      socket.uncork();
    } else socket.write(wholeAnswer(variant, head, tail));
    return [200, request.head ? 0 : variant.body.length];
  }

  function detach(conn: Connection) {
    connections.delete(conn);
    conn.socket.removeListener('data', conn.onData);
    conn.socket.removeListener('error', conn.onError);
  }

  /** From now on node:http has this connection, `unread` bytes first. */
  function handOver(conn: Connection, unread: Buffer) {
    detach(conn);
    const { socket } = conn;
    socket.pause();
    if (unread.length) socket.unshift(unread);
    nodeHttp.call(server, socket);
    process.nextTick(() => socket.resume());
  }

  /** Ends the connection once what is written is sent (`Connection: close`, or the server stopping). */
  function finish(conn: Connection) {
    detach(conn);
    conn.socket.on('error', () => undefined);
    conn.socket.end();
  }

  server.on('connection', accept);
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const conn of connections) {
        if (conn.rest || conn.socket.writableLength > 0) continue;
        // Silent for a whole sweep since the accept: node:http's header timeout takes it from here.
        if (!conn.answered) {
          if (conn.quiet) handOver(conn, Buffer.alloc(0));
          conn.quiet = true;
        } else if (now - conn.lastAt >= options.keepAliveMs) conn.socket.destroy();
      }
    },
    Math.max(50, Math.min(SWEEP_MS, options.keepAliveMs / 4)),
  );
  sweep.unref();

  return {
    get answered() {
      return answered;
    },
    close(force = false) {
      clearInterval(sweep);
      for (const conn of connections) {
        if (force) conn.socket.destroy();
        else if (conn.rest) conn.closing = true;
        else finish(conn);
      }
    },
  };
}

/** `HTTP/1.1 <status>` and the precomputed headers, as bytes, built once per header list. */
const heads = new WeakMap<readonly string[], Buffer>();
function rawHead(flat: readonly string[], status: 200 | 304): Buffer {
  let head = heads.get(flat);
  if (!head) {
    let text = status === 200 ? 'HTTP/1.1 200 OK\r\n' : 'HTTP/1.1 304 Not Modified\r\n';
    for (let i = 0; i < flat.length; i += 2) text += `${flat[i]}: ${flat[i + 1]}\r\n`;
    head = Buffer.from(text, 'latin1');
    heads.set(flat, head);
  }
  return head;
}

/**
 * A small answer's bytes, whole, made again only when its tail changes (each second, for `Date`):
 * one write of a shared buffer per request, and no copy of the body — at tens of thousands of
 * answers a second, the copies were the young generation's garbage and the tail latency's pauses.
 * Held as long as the variant is (the file cache's bound), at most twice its small bodies.
 */
const answers = new WeakMap<Variant, { tail: Buffer; bytes: Buffer }>();
function wholeAnswer(variant: Variant, head: Buffer, tail: Buffer): Buffer {
  let answer = answers.get(variant);
  if (answer?.tail !== tail) {
    answer = { tail, bytes: joined(head, tail, variant.body) };
    answers.set(variant, answer);
  }
  return answer.bytes;
}

function joined(...parts: Buffer[]): Buffer {
  return Buffer.concat(parts);
}

/**
 * What node:http appends to every answer's headers: `Date` (the same per-second cache it keeps),
 * then `Connection: keep-alive` with `Keep-Alive: timeout=<s>`, or `Connection: close`.
 */
class Tails {
  private until = 0;
  private keep = Buffer.alloc(0);
  private close = Buffer.alloc(0);

  constructor(private readonly keepAliveMs: number) {}

  get(close: boolean): Buffer {
    const now = Date.now();
    if (now >= this.until) {
      this.until = now - (now % 1000) + 1000;
      const date = `Date: ${new Date(now).toUTCString()}\r\n`;
      const keepAlive = this.keepAliveMs
        ? `Keep-Alive: timeout=${Math.floor(this.keepAliveMs / 1000)}\r\n`
        : '';
      this.keep = Buffer.from(`${date}Connection: keep-alive\r\n${keepAlive}\r\n`, 'latin1');
      this.close = Buffer.from(`${date}Connection: close\r\n\r\n`, 'latin1');
    }
    return close ? this.close : this.keep;
  }
}
