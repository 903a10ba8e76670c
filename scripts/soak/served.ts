/**
 * `serve` serving B's persistent clone, as the container does, probed over real HTTP at every tick
 * of B: live when `/healthz` answers 200, and the newest spot entry it serves (from `/health`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface ServedProbe {
  at: Date;
  live: boolean;
  /** Newest spot entry `/health` reports (undefined when none or no answer). */
  newest?: Date;
  /** Why a live endpoint gave no newest entry (no answer from /health in time, an unreadable body). */
  why?: string;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const get = async (url: string, timeoutMs = 3_000) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, text: await res.text() };
};

export class ServedEndpoint {
  private proc: ChildProcess | undefined;
  private base = '';
  /** Lines of the server's stderr (the last few), for the report of a failure. */
  readonly lines: string[] = [];

  constructor(
    private readonly cli: string[],
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get running() {
    return this.proc !== undefined;
  }

  async start(): Promise<void> {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    const [file, ...args] = this.cli;
    const argv = ['serve', '--dir', this.dir, '--host', '127.0.0.1', '--port', String(port)];
    this.proc = spawn(file!, [...args, ...argv, '--access-log', 'off'], { env: this.env, stdio: 'pipe' });
    this.proc.stdout?.resume();
    this.proc.stderr?.on('data', (b: Buffer) => {
      this.lines.push(...b.toString().split('\n').filter(Boolean));
      this.lines.splice(0, Math.max(0, this.lines.length - 20));
    });
    this.proc.on('exit', () => {
      this.proc = undefined;
    });
    // Up within 15 real seconds, or the probes say it is down.
    for (let i = 0; i < 150 && this.proc; i++) {
      if ((await get(`${this.base}/healthz`).catch(() => undefined))?.status === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async probe(at: Date): Promise<ServedProbe> {
    if (!this.proc) return { at, live: false };
    const live = (await get(`${this.base}/healthz`).catch(() => undefined))?.status === 200;
    if (!live) return { at, live };
    // /health reads the checkout and asks git for HEAD: on a loaded machine that takes a while.
    const health = await get(`${this.base}/health`, 10_000).catch((e: Error) => e);
    if (health instanceof Error) return { at, live, why: `/health: ${health.message}` };
    try {
      const newest = (JSON.parse(health.text) as { checks?: { spot?: { newest?: string } } }).checks?.spot
        ?.newest;
      return {
        at,
        live,
        newest: newest ? new Date(newest) : undefined,
        why: newest ? undefined : 'no newest',
      };
    } catch {
      return { at, live, why: `/health answered ${health.status}: ${health.text.slice(0, 80)}` };
    }
  }

  /** SIGKILL (the daemon it belongs to died): resolves once the process is gone. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    const gone = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await gone;
  }
}
