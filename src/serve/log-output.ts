/**
 * Outputs for the access log (`access-log.ts`). On stdout, no write blocks the event loop:
 * - a pipe or socket (Docker, Fly): through `process.stdout`, which writes without blocking and
 *   keeps what the pipe cannot take yet; one chunk of whole lines (≤ PIPE_BUF) a write, and only
 *   when the stream holds nothing else, so the kernel writes each chunk in one piece and the lines
 *   of the cluster's workers never interleave;
 * - a file or a terminal, where `process.stdout` writes synchronously: `fs.writev` on the
 *   descriptor, in the libuv thread pool, several chunks a write (one write to a file is not
 *   interleaved with another process's).
 */
import { fstatSync, writev } from 'node:fs';
import type { LogOutput } from './access-log.js';

/** Chunks a file or terminal takes in one write (64 KiB). */
const FILE_CHUNKS = 16;

export function stdoutOutput(): LogOutput {
  if (!isPipe(1)) {
    return {
      stamped: true,
      chunksPerWrite: FILE_CHUNKS,
      write: (chunks, done) => writev(1, chunks, (error, bytes) => done(error, bytes ?? 0)),
    };
  }
  const stream = process.stdout;
  return {
    stamped: true,
    chunksPerWrite: 1,
    write: (chunks, done) => {
      // Another line of this process still waiting in the stream: Node would join ours to it in
      // one write bigger than PIPE_BUF. Tried again shortly.
      if (stream.writableLength > 0) {
        done(Object.assign(new Error('stdout busy'), { code: 'EAGAIN' }), 0);
        return;
      }
      const bytes = chunks[0]!.length;
      stream.write(chunks[0]!, (error) => done(error ?? null, error ? 0 : bytes));
    },
  };
}

/** Hands each batch of lines (newline-separated, not stamped) to `write`: the logger, a test. */
export function linesOutput(write: (lines: string) => void): LogOutput {
  return {
    stamped: false,
    chunksPerWrite: Number.POSITIVE_INFINITY,
    write: (chunks, done) => {
      const text = Buffer.concat(chunks).toString('utf8');
      write(text.slice(0, -1));
      done(null, Buffer.byteLength(text));
    },
  };
}

/** A pipe or socket; also when unknown (a closed stdout): `process.stdout` decides then, as for any line. */
function isPipe(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return true;
  }
}
