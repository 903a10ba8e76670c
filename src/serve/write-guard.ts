/**
 * Closes connections that stop reading, and connections with no traffic at all. A client can
 * pipeline many requests and never read the answers: the server's answers pile up in the socket's
 * buffer and, without this, the connection is held for good (no inbound traffic is expected while
 * an answer is pending, so no read timeout fires). Every `checkMs` each socket is checked: one
 * with unsent bytes and nothing written for `stallMs` is destroyed, and so is one with nothing
 * read or written for `idleMs`. Slow but progressing downloads are left alone.
 *
 * The idle bound is here rather than a socket timeout because a socket timeout is re-armed on
 * every read and write (per request, on the hot path); this sweep costs nothing per request.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

interface Watch {
  written: number;
  read: number;
  since: number;
}

export function guardWrites(
  server: Server,
  stallMs: number,
  idleMs = Number.POSITIVE_INFINITY,
  now: () => number = Date.now,
): () => void {
  const sockets = new Map<Socket, Watch>();
  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { written: socket.bytesWritten, read: socket.bytesRead, since: now() });
    socket.once('close', () => sockets.delete(socket));
  });
  const timer = setInterval(
    () => {
      const t = now();
      for (const [socket, w] of sockets) {
        if (socket.bytesWritten !== w.written || socket.bytesRead !== w.read) {
          w.written = socket.bytesWritten;
          w.read = socket.bytesRead;
          w.since = t;
        } else if (t - w.since >= (socket.writableLength > 0 ? stallMs : idleMs)) {
          socket.destroy();
        }
      }
    },
    Math.max(50, Math.min(1_000, stallMs / 4, idleMs / 4)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
