/**
 * `serve` serving B's persistent clone, as the container does, probed over real HTTP at every tick
 * of B: live when `/healthz` answers 200, and the newest 15-minute slot file it serves.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface ServedProbe {
  at: Date;
  live: boolean;
  /** Newest 15-minute slot file it serves, looking back 3 h (undefined when none or no answer). */
  newest?: Date;
  /** Why a live endpoint gave no newest slot (no answer in time, no slot in the last 3 h). */
  why?: string;
}

const SLOT = 15 * 60_000;
const LOOK_BACK_SLOTS = 12;
const slotPath = (d: Date) => {
  const iso = d.toISOString();
  return `data/15min/${iso.slice(0, 10).replaceAll('-', '/')}/${iso.slice(11, 13)}${iso.slice(14, 16)}.json`;
};

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

  get pid() {
    return this.proc?.pid;
  }

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

  /**
   * `unchanged`: the previous probe, when nothing has written to the clone since (no run of the
   * daemon): no slot newer than the one it found can have appeared, so the look starts there (and a
   * look that found no slot at all finds none again). Files may only have gone: they are asked for.
   */
  async probe(at: Date, unchanged?: ServedProbe): Promise<ServedProbe> {
    if (!this.proc) return { at, live: false };
    const live = (await get(`${this.base}/healthz`).catch(() => undefined))?.status === 200;
    if (!live) return { at, live };
    const top = Math.floor(at.getTime() / SLOT) * SLOT;
    const bottom = top - (LOOK_BACK_SLOTS - 1) * SLOT;
    const before = unchanged?.live ? unchanged : undefined;
    if (before?.why?.startsWith('no slot file')) return { at, live, why: before.why };
    const from = before?.newest ? Math.max(bottom, Math.min(top, before.newest.getTime())) : top;
    // The newest slot file it serves, as a client fetches it: /health's own figure is shared for a
    // real second, a dozen simulated ticks at the soak's speed.
    for (let t = from; t >= bottom; t -= SLOT) {
      const slot = new Date(t);
      const res = await get(`${this.base}/${slotPath(slot)}`, 10_000).catch((e: Error) => e);
      if (res instanceof Error) return { at, live, why: `${slotPath(slot)}: ${res.message}` };
      if (res.status === 200) return { at, live, newest: slot };
    }
    return { at, live, why: `no slot file in the last ${(LOOK_BACK_SLOTS * SLOT) / 3_600_000} h` };
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
