/** The few git reads and writes the harness does itself (outside the commands under test). */
import { type ChildProcess, execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' };

export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: ENV, maxBuffer: 1 << 30, timeout: 120_000 }).trim();

/**
 * `git` without blocking this process: its event loop also serves B's remote, the upstreams and the
 * Pages host, which a blocked loop would stall (git's low-speed limit would see a silent remote).
 */
export const gitAsync = (cwd: string, ...args: string[]) =>
  new Promise<string>((resolve, reject) =>
    execFile(
      'git',
      args,
      { cwd, encoding: 'utf8', env: ENV, maxBuffer: 1 << 30, timeout: 120_000 },
      (e, out) => (e ? reject(e) : resolve(out.trim())),
    ),
  );

/** The branch's tip, read from the ref files (no process: the harness asks after every tick). */
export function tip(bare: string, branch = 'main'): string | undefined {
  const ref = `refs/heads/${branch}`;
  try {
    return readFileSync(join(bare, ref), 'utf8').trim();
  } catch {}
  try {
    const line = readFileSync(join(bare, 'packed-refs'), 'utf8')
      .split('\n')
      .find((l) => l.endsWith(` ${ref}`));
    return line?.split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Names in a tree directory at a revision (empty when it does not exist). */
export function listDir(bare: string, rev: string, dir: string): string[] {
  const r = spawnSync('git', ['ls-tree', '--name-only', rev, `${dir}/`], {
    cwd: bare,
    encoding: 'utf8',
    env: ENV,
  });
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

/** Blob contents by id, in one `git cat-file --batch` call. */
export function readBlobs(bare: string, ids: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const raw = execFileSync('git', ['cat-file', '--batch'], {
    cwd: bare,
    input: `${ids.join('\n')}\n`,
    env: ENV,
    maxBuffer: 2 ** 31 - 1,
  });
  let pos = 0;
  for (const id of ids) {
    const eol = raw.indexOf(10, pos);
    const header = raw.subarray(pos, eol).toString();
    const size = Number(header.split(' ')[2]);
    if (header.endsWith('missing')) {
      pos = eol + 1;
      continue;
    }
    out.set(id, raw.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    pos = eol + 1 + size + 1;
  }
  return out;
}

/**
 * Objects read through one long-lived `git cat-file --batch` (a process per read costs a spawn):
 * requests answered in order, a process that dies or stops answering is stopped, its pending reads
 * answered with undefined, and the next read starts another.
 */
export class ObjectReader {
  private proc: ChildProcess | undefined;
  private buffered = Buffer.alloc(0);
  private readonly pending: Array<(blob: Buffer | null | undefined) => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly gitDir: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** The blob named `rev:path` (or by id); null when there is none, undefined when git did not answer. */
  blob(name: string): Promise<Buffer | null | undefined> {
    // One name a line: a name with a line break in it names nothing.
    if (/[\r\n]/.test(name)) return Promise.resolve(null);
    const proc = this.proc ?? this.spawn();
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.timer ??= setTimeout(() => this.stop(), this.timeoutMs);
      proc.stdin!.write(`${name}\n`);
    });
  }

  close(): void {
    this.stop();
  }

  private spawn(): ChildProcess {
    const proc = spawn('git', ['--git-dir', this.gitDir, 'cat-file', '--batch'], {
      env: ENV,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.proc = proc;
    this.buffered = Buffer.alloc(0);
    proc.stdout!.on('data', (chunk: Buffer) => {
      if (proc !== this.proc) return;
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.answer();
    });
    proc.stdin!.on('error', () => undefined); // a dead process: its exit answers what is pending
    const gone = () => {
      if (proc === this.proc) this.stop();
    };
    proc.on('exit', gone);
    proc.on('error', gone);
    return proc;
  }

  /** Answers each complete reply in the buffer: `<oid> <type> <size>\n<bytes>\n`, or `<name> missing\n`. */
  private answer() {
    for (;;) {
      const eol = this.buffered.indexOf(10);
      if (eol < 0 || this.pending.length === 0) return;
      const header = this.buffered.subarray(0, eol).toString().split(' ');
      const size = header.length === 3 ? Number(header[2]) : -1;
      if (size >= 0 && this.buffered.length < eol + 1 + size + 1) return;
      const body = size >= 0 ? Buffer.from(this.buffered.subarray(eol + 1, eol + 1 + size)) : undefined;
      this.buffered = this.buffered.subarray(size >= 0 ? eol + 1 + size + 1 : eol + 1);
      this.pending.shift()!(header[1] === 'blob' && body ? body : null);
      clearTimeout(this.timer);
      this.timer = this.pending.length > 0 ? setTimeout(() => this.stop(), this.timeoutMs) : undefined;
    }
  }

  private stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const proc = this.proc;
    this.proc = undefined;
    proc?.kill();
    for (const resolve of this.pending.splice(0)) resolve(undefined);
  }
}
