/**
 * Apply → commit (only when something changed) → push, never forced. A rejected push is retried by
 * moving to the new remote tip and applying this run's facts again (views are rebuilt by `apply`),
 * with jittered backoff and a bounded number of attempts.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../data/logger.js';
import type { Clock } from '../data/time.js';
import { advanceHead, commitOfIndex } from './commit.js';
import { together } from './exec.js';
import { keepBackup, safeRemote, type Workspace } from './workspace.js';

export interface PublishOptions<R> {
  /** Writes this run's facts and rebuilds the views they touch. Must be idempotent. */
  apply(dir: string, attempt: number): Promise<R>;
  /** Commit message for what `apply` produced; `changed` lists the staged paths. */
  message(result: R, changed: string[]): string;
  push: boolean;
  clock: Clock;
  random?: () => number;
  maxAttempts?: number;
  backoffMs?: number;
  logger: Logger;
}

export interface PublishResult<R> {
  result: R;
  /** Paths changed by this run's commit (empty when nothing changed). */
  changed: string[];
  /** The commit this run made, if any. */
  commit?: string;
  pushed: boolean;
  attempts: number;
}

export class PushError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushError';
  }
}

export const AUTH_FAILURE =
  /authentication failed|could not read username|permission to .* denied|returned error: 40[13]\b|invalid credentials/i;

export async function publish<R>(ws: Workspace, o: PublishOptions<R>): Promise<PublishResult<R>> {
  // Generous: with several writers on one branch, a run can lose a few races in a row.
  const maxAttempts = o.maxAttempts ?? 12;
  const random = o.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    const { head: startHead, remote: startRemote } = await ws.tips();
    const result = await o.apply(ws.dir, attempt);
    if (existsSync(join(ws.dir, 'data'))) {
      // A write's temporary files are left out by the clone's exclude file (src/git/workspace.ts).
      await ws.git(['add', '-A', '--', 'data']);
    }
    // Through the commit guard: nothing under data/ deleted, no fact file losing an entry.
    const { commit, changed: staged } = await commitOfIndex(ws.git, startHead, (changed) =>
      o.message(result, changed),
    );
    const head = commit ?? startHead;
    const ahead = head !== undefined && head !== startRemote;
    if (!o.push || !ahead) {
      if (commit) await advanceHead(ws.git, commit, startHead);
      return { result, changed: staged, commit, pushed: false, attempts: attempt };
    }
    // The branch moves while the commit travels: the push names the commit, not HEAD.
    const [, push] = await together(
      commit ? advanceHead(ws.git, commit, startHead) : Promise.resolve(),
      ws.git(['push', '--quiet', '--porcelain', '--', 'origin', `${head}:refs/heads/${ws.branch}`], {
        okCodes: [1, 128],
      }),
    );
    if (push.code === 0) {
      // git itself moved refs/remotes/origin/<branch> to what it pushed (the remote's fetch refspec).
      o.logger.info(`Pushed ${head.slice(0, 12)} to ${safeRemote(ws.remoteUrl)} ${ws.branch}`);
      return { result, changed: staged, commit, pushed: true, attempts: attempt };
    }
    const why = `${push.stderr}\n${push.stdout}`.trim();
    if (AUTH_FAILURE.test(why)) {
      throw new PushError(
        `push to ${safeRemote(ws.remoteUrl)} was refused: check that the token may write to it (${firstLine(why)})`,
      );
    }
    if (attempt >= maxAttempts) {
      throw new PushError(
        `push to ${safeRemote(ws.remoteUrl)} still rejected after ${attempt} attempts: ${firstLine(why)}`,
      );
    }
    const wait = Math.round((o.backoffMs ?? 400) * 2 ** Math.min(attempt - 1, 4) * (0.5 + random()));
    o.logger.warning(
      `Push rejected (attempt ${attempt}/${maxAttempts}: ${firstLine(why)}); re-applying on the new tip in ${wait} ms`,
    );
    await o.clock.sleep(wait);
    const remote = await ws.fetch();
    // Commits older than this run that never reached the remote are kept under a backup ref.
    if (startHead && startHead !== startRemote) {
      o.logger.warning(`Kept earlier unpushed commits as ${await keepBackup(ws, o.clock)}`);
    }
    if (remote) await ws.git(['checkout', '--quiet', '-B', ws.branch, remote, '--']);
  }
}

export const firstLine = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('To ')) ?? 'no reason given';
