/** A bare data repository seeded with given files and symlinks, committed with real git. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bareRepo } from '../helpers/git.js';

export interface Seed {
  files?: Record<string, string>;
  /** path → link target, committed as git symlinks (mode 120000). */
  links?: Record<string, string>;
}

export function seededRepo(parent: string, seed: Seed): string {
  const repo = bareRepo(parent);
  const work = join(parent, 'seed');
  execFileSync('git', ['clone', '--quiet', repo, work], { stdio: 'ignore' });
  for (const [rel, text] of Object.entries(seed.files ?? {})) {
    mkdirSync(dirname(join(work, rel)), { recursive: true });
    writeFileSync(join(work, rel), text);
  }
  for (const [rel, target] of Object.entries(seed.links ?? {})) {
    mkdirSync(dirname(join(work, rel)), { recursive: true });
    symlinkSync(target, join(work, rel));
  }
  const git = (...args: string[]) => execFileSync('git', ['-C', work, ...args], { stdio: 'ignore' });
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'seed');
  git('push', '-q', 'origin', 'HEAD:main');
  return repo;
}

/** JSON text with the whitespace between tokens removed (strings untouched): the bytes of its tokens. */
export const tokensOf = (json: string) =>
  json.replace(/("(?:[^"\\]|\\.)*")|\s+/g, (_m, str: string | undefined) => str ?? '');
