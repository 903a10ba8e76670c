/** CPU seconds of this process and of the children it waited for, apart (Linux /proc; undefined elsewhere). */
import { readFileSync } from 'node:fs';

export interface CpuTimes {
  /** utime + stime of this process (every thread). */
  self: number;
  /** cutime + cstime: git, child runs, `serve` — every child waited for. */
  children: number;
}

export function cpuTimes(): CpuTimes | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // Fields 14–17 of proc(5), counted here from field 3; clock ticks of 1/100 s on Linux.
    return { self: (f[11]! + f[12]!) / 100, children: (f[13]! + f[14]!) / 100 };
  } catch {
    return undefined;
  }
}

/** `a − b` as `self + children = total` CPU seconds, for a line of the run's cost. */
export function cpuSpent(after: CpuTimes | undefined, before: CpuTimes | undefined): string {
  if (!after || !before) return 'CPU unknown (no /proc)';
  const self = after.self - before.self;
  const children = after.children - before.children;
  return `${(self + children).toFixed(1)} CPU s (this process ${self.toFixed(1)}, children ${children.toFixed(1)})`;
}

/** CPU seconds of a live process (ours or a child) and of the children it waited for; undefined when gone. */
export function processCpu(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return (f[11]! + f[12]! + f[13]! + f[14]!) / 100;
  } catch {
    return undefined;
  }
}
