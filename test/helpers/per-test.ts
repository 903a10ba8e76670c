import { afterEach } from 'vitest';
import { tempDir } from './git.js';

/**
 * What a test starts and must release after it, whether it passed or not: servers are closed first
 * (in the order they were started), then the temporary directories are removed.
 */
export function perTest() {
  const closers: Array<() => unknown> = [];
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    for (const dir of dirs.splice(0)) dir.remove();
  });
  return {
    /** Runs `close` after the test. */
    defer(close: () => unknown): void {
      closers.push(close);
    },
    /** A temporary directory removed after the test. */
    tempDir(): ReturnType<typeof tempDir> {
      const dir = tempDir();
      dirs.push(dir);
      return dir;
    },
  };
}
