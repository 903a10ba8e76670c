/**
 * Every git invocation is bounded: low-speed limits reach git through its environment (never argv),
 * and a deadline or an abort kills git together with the processes it started.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { GitTimeoutError, git, LOW_SPEED_LIMIT, LOW_SPEED_TIME_S, withGitAbort } from '../../src/git/exec.js';

const running = (marker: string) =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(marker) && !l.includes('ps -eo'));

describe('git, bounded', () => {
  it('git sees the low-speed limits, set through GIT_CONFIG_* after the caller’s own entries', async () => {
    const env = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'kept' };
    const get = async (key: string) => (await git(['config', '--get', key], { cwd: '/', env })).stdout.trim();
    expect(await get('http.lowSpeedLimit')).toBe(String(LOW_SPEED_LIMIT));
    expect(await get('http.lowSpeedTime')).toBe(String(LOW_SPEED_TIME_S));
    expect(await get('user.name')).toBe('kept');
  });

  it('a deadline kills git and what it started, with an error naming the operation', async () => {
    const marker = '31.4159';
    const t0 = Date.now();
    const err = await git(['-c', `alias.hang=!sleep ${marker}`, 'hang'], { cwd: '/', timeoutMs: 500 }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(GitTimeoutError);
    expect(err.message).toBe('git hang timed out after 0.5 s');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(running(`sleep ${marker}`)).toEqual([]);
  });

  it('an abort of the surrounding work stops git at once, and refuses to start more', async () => {
    const marker = '27.1828';
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('the job timed out after 2 s')), 300);
    const err = await withGitAbort(controller.signal, () =>
      git(['-c', `alias.hang=!sleep ${marker}`, 'hang'], { cwd: '/' }),
    ).catch((e) => e);
    expect(err.message).toBe('git hang stopped: the job timed out after 2 s');
    expect(running(`sleep ${marker}`)).toEqual([]);
    const late = await withGitAbort(controller.signal, () => git(['version'], { cwd: '/' })).catch((e) => e);
    expect(late.message).toMatch(/git version not started: the job timed out/);
  });
});
