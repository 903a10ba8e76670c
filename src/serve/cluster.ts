/**
 * One server process per core (node:cluster): the primary forks `workers` copies of this command,
 * which all listen on the same port (the primary hands out connections round-robin), restarts a
 * worker that dies (bounded: too many deaths in a minute stop the whole server), and on stop asks
 * every worker to finish its requests in flight, waiting at most `graceMs`.
 */
import cluster, { type Worker } from 'node:cluster';
import { createServer as createNetServer } from 'node:net';
import type { Logger } from '../data/logger.js';

export interface ClusterOptions {
  workers: number;
  host: string;
  port: number;
  logger: Logger;
  /** Called for each new worker (e.g. to relay the daemon's job status to it). */
  onWorker?: (worker: Worker) => void;
}

export interface RunningCluster {
  url: string;
  stop(graceMs?: number): Promise<void>;
  /** Resolves when the cluster gave up (workers kept dying). */
  failed: Promise<string>;
}

const LISTENING = 'staktrakr:listening';
const MAX_DEATHS_PER_MINUTE = 10;

/** In a worker: tells the primary where it listens. */
export function reportListening(url: string): void {
  process.send?.({ type: LISTENING, url });
}

/** Fails as a single server would (`listen EADDRINUSE …`) when the address is taken, before any fork. */
async function probe(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, resolve);
  });
  await new Promise((resolve) => server.close(resolve));
}

export async function startCluster(o: ClusterOptions): Promise<RunningCluster> {
  await probe(o.host, o.port);
  let stopping = false;
  const deaths: number[] = [];
  let fail!: (why: string) => void;
  const failed = new Promise<string>((resolve) => {
    fail = resolve;
  });
  // Structured clone over IPC: the daemon's job status (relayed to workers) holds Dates.
  cluster.setupPrimary({ serialization: 'advanced' });
  const fork = () =>
    new Promise<string>((resolve, reject) => {
      const worker = cluster.fork();
      o.onWorker?.(worker);
      let listening = false;
      worker.on('message', (m: { type?: string; url?: string }) => {
        if (m?.type !== LISTENING || !m.url) return;
        listening = true;
        resolve(m.url);
      });
      worker.once('exit', (code, signal) => {
        reject(new Error(`serve worker ${worker.process.pid} exited (${signal ?? code}) before listening`));
        // A worker that never listened is a failed start (a port in use, bad inputs): not retried.
        if (stopping || !listening) return;
        const now = Date.now();
        deaths.push(now);
        while (deaths.length && deaths[0]! < now - 60_000) deaths.shift();
        if (deaths.length > MAX_DEATHS_PER_MINUTE) {
          fail(`${deaths.length} workers died within a minute; stopping`);
          return;
        }
        o.logger.warning(`serve worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
        fork().catch(() => undefined);
      });
    });
  const stop = async (graceMs = 10_000) => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            const kill = setTimeout(() => w.process.kill('SIGKILL'), graceMs + 2_000);
            w.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            w.process.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    const urls = await Promise.all(Array.from({ length: o.workers }, fork));
    return { url: urls[0]!, failed, stop };
  } catch (err) {
    await stop(0);
    throw err;
  }
}
