/**
 * One contender of the lock test, a real process: takes the lock `count` times, and for each hold
 * records its interval and proves it is alone (an exclusive marker file no other holder may have).
 * With `abandon`, it exits holding its last lock, as a process killed mid-run does.
 * argv: lockPath marker count abandon(0|1)
 */
import { appendFileSync, closeSync, openSync, unlinkSync } from 'node:fs';
import { systemClock } from '../../src/data/time.js';
import { acquireLock } from '../../src/git/lock.js';

const [lockPath, marker, count, abandon] = process.argv.slice(2) as [string, string, string, string];
const now = () => performance.timeOrigin + performance.now();

for (let i = 0; i < Number(count); i++) {
  const lock = await acquireLock(lockPath, `contender ${process.pid}`, systemClock, { waitMs: 120_000 });
  const start = now();
  let alone = true;
  try {
    closeSync(openSync(marker, 'wx'));
  } catch {
    alone = false;
  }
  await new Promise((r) => setTimeout(r, 2 + Math.random() * 5));
  if (alone) unlinkSync(marker);
  const end = now();
  appendFileSync(`${marker}.log`, `${JSON.stringify({ pid: process.pid, start, end, alone })}\n`);
  if (abandon === '1' && i === Number(count) - 1) process.exit(0);
  await lock.release();
}
