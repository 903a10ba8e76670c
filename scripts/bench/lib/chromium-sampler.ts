/**
 * Samples the Chromium processes below a given process (the benchmark's own) from a process of its
 * own, so reading `/proc/<pid>/smaps_rollup` of gigabyte-sized renderers never blocks the event loop
 * being measured. Peak RSS and PSS of the tree, and the CPU seconds of each Chromium process by kind.
 * Started with `fork(<this file>, [rootPid, intervalMs])`; answers the message `stop` with a Sample.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Sample {
  /** Peak MiB of the Chromium tree. */
  rss: number;
  pss: number;
  /** CPU seconds by process kind (`browser`, `renderer`, `gpu-process`, `utility`, `zygote`). */
  cpu: Record<string, number>;
}

interface Proc {
  pid: number;
  ppid: number;
  rss: number;
  comm: string;
}

/** The Chromium processes descending from `root`. */
function browserTree(root: number): Proc[] {
  const rows: Proc[] = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => {
      const [pid, ppid, rss, ...comm] = l.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), rss: Number(rss), comm: comm.join(' ') };
    });
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) {
      if (tree.has(r.ppid) && !tree.has(r.pid)) {
        tree.add(r.pid);
        grew = true;
      }
    }
  }
  return rows.filter((r) => tree.has(r.pid) && /chrom/i.test(r.comm));
}

const TICKS_PER_SECOND = 100;
/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Chromium's process kind, from its `--type=` argument (none: the browser process). */
function kindOf(pid: number): string {
  try {
    return /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
  } catch {
    return 'gone';
  }
}

function pssOf(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0; // The process ended between ps and the read.
  }
}

if (process.send) {
  const root = Number(process.argv[2]);
  const intervalMs = Number(process.argv[3] ?? 500);
  const peak = { rss: 0, pss: 0 };
  // Per process, the most CPU seen: a process that ends loses at most one interval's worth.
  const seen = new Map<number, { kind: string; seconds: number }>();
  const sample = () => {
    let rss = 0;
    let pss = 0;
    for (const p of browserTree(root)) {
      const s = seen.get(p.pid) ?? { kind: kindOf(p.pid), seconds: 0 };
      s.seconds = Math.max(s.seconds, cpuSeconds(p.pid));
      seen.set(p.pid, s);
      rss += p.rss / 1024;
      pss += pssOf(p.pid) / 1024;
    }
    peak.rss = Math.max(peak.rss, rss);
    peak.pss = Math.max(peak.pss, pss);
  };
  const timer = setInterval(sample, intervalMs);
  process.on('message', (m) => {
    if (m !== 'stop') return;
    clearInterval(timer);
    sample();
    const cpu: Record<string, number> = {};
    for (const { kind, seconds } of seen.values()) cpu[kind] = (cpu[kind] ?? 0) + seconds;
    process.send!({ ...peak, cpu } satisfies Sample, () => process.exit(0));
  });
}
