/** The same door under the GitHub Actions adapter: INPUT_<NAME>, annotations, the runner's masking. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CANARY = 'ghp_CANARY123';

/** Runs a command as the runner does: no arguments, GITHUB_ACTIONS=true, inputs in INPUT_<NAME>. */
async function action(command: string, inputs: Record<string, string>) {
  const script = `import { runCommand } from './src/runtime/command.ts';
import { commands } from './src/commands/index.ts';
process.exitCode = await runCommand(commands[${JSON.stringify(command)}], { argv: [], env: process.env });`;
  const env: Record<string, string> = {
    PATH: process.env.PATH!,
    HOME: process.env.HOME!,
    GITHUB_ACTIONS: 'true',
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  try {
    const r = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: ROOT, env, timeout: 60_000 },
    );
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout + x.stderr };
  }
}

describe('Actions adapter', () => {
  it('refuses a credentialed repository and a hostile branch with exit 2 and an annotation, canary never shown', async () => {
    const [repo, branch] = await Promise.all([
      action('sync-repos', { 'repo-a': `HTTPS://u:${CANARY}@github.com/o/r.git`, 'repo-b': 'o/r' }),
      action('spot-poll', { repo: 'o/r', branch: '--orphan', token: CANARY, 'backfill-hours': CANARY }),
    ]);
    expect(repo.code).toBe(2);
    expect(repo.out).toMatch(
      /^::error title=sync-repos%3A invalid input::input "repo-a": must not contain credentials/m,
    );
    expect(repo.out).not.toContain(CANARY);
    expect(branch.code).toBe(2);
    expect(branch.out).toMatch(
      /::error title=spot-poll%3A invalid input::input "branch": must be a branch name/,
    );
    // The runner is told to mask the token (that line is consumed by the runner, never shown) …
    expect(branch.out).toContain(`::add-mask::${CANARY}`);
    // … and nothing else carries it.
    expect(branch.out.replace(`::add-mask::${CANARY}`, '')).not.toContain(CANARY);
  });
});
