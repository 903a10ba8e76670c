/**
 * The README's first command: a bare repository on disk stands in for the data repository, and the
 * spot poller fills it from the offline replay provider — through the very same command a workflow runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import spotPoll from '../commands/spot-poll.js';
import { runCommand } from '../runtime/command.js';

export interface DemoOptions {
  dir?: string;
  log: (message: string) => void;
}

export async function runDemo(o: DemoOptions): Promise<{ repo: string }> {
  const dir = o.dir ?? (await mkdtemp(join(tmpdir(), 'staktrakr-demo-')));
  await mkdir(dir, { recursive: true });
  const repo = join(dir, 'api-a.git');
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', repo]);
  o.log(`Demo data repository: ${repo}`);
  const workdir = join(dir, 'checkout-a');
  const code = await runCommand(spotPoll, {
    argv: [
      '--repo',
      repo,
      '--workdir',
      workdir,
      '--providers',
      'replay',
      '--poller-id',
      'demo',
      '--backfill-hours',
      '6',
    ],
    env: { ...process.env, GITHUB_ACTIONS: '' },
    out: (l) => o.log(l),
    err: (l) => o.log(l),
  });
  if (code !== 0) throw new Error(`spot-poll failed with exit code ${code}`);
  const files = execFileSync('git', ['-C', workdir, 'ls-files', 'data'], { encoding: 'utf8' })
    .trim()
    .split('\n');
  o.log(`The repository now holds ${files.length} files, among them:`);
  for (const f of files.slice(-6)) o.log(`  ${f}`);
  return { repo };
}
