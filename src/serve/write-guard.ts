/**
 * Closes connections that stop reading. A client can pipeline many requests and never read the
 * answers: the server's answers pile up in the socket's buffer and, without this, the connection
 * is held for good (no inbound traffic is expected while an answer is pending, so no read
 * timeout fires). Every `checkMs` each socket with unsent bytes is checked: if nothing was
 * written for `stallMs`, it is destroyed. Slow but progressing downloads are left alone.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

interface Watch {
  written: number;
  since: number;
}

export function guardWrites(server: Server, stallMs: number, now: () => number = Date.now): () => void {
  const sockets = new Map<Socket, Watch>();
  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { written: socket.bytesWritten, since: now() });
    socket.once('close', () => sockets.delete(socket));
  });
  const timer = setInterval(
    () => {
      const t = now();
      for (const [socket, w] of sockets) {
        if (socket.writableLength === 0 || socket.bytesWritten !== w.written) {
          w.written = socket.bytesWritten;
          w.since = t;
        } else if (t - w.since >= stallMs) {
          socket.destroy();
        }
      }
    },
    Math.max(50, Math.min(1_000, stallMs / 4)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
