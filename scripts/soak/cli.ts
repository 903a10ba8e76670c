/**
 * The CLI the soak's child processes run (the daemon, `serve`): bundled from src/ at the start of
 * each soak, with the shipped bundle's options, so it is always the code under test — never a stale
 * dist/ — and runs as the container runs it, without tsx's loader, its per-start compile and its
 * source-mapped stack traces (about a tenth of the daemon's CPU).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from '../bundle-options.mjs';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** Bundles src/main.ts into `dir`; returns the argv that runs it. */
export async function bundleCli(dir: string): Promise<string[]> {
  await build({
    ...bundleOptions,
    absWorkingDir: REPO_ROOT,
    entryPoints: { index: 'src/main.ts' },
    outdir: dir,
    metafile: false,
  });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return [process.execPath, join(dir, 'index.js')];
}
