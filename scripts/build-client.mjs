#!/usr/bin/env node
/**
 * Builds the browser client: src/client/index.ts → <outdir>/index.js (ESM, minified, browser
 * platform, so any Node API would fail the build) plus .d.ts types.
 * Usage: node scripts/build-client.mjs [outdir]   (default dist/client)
 */
import { execFileSync } from 'node:child_process';
import { rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(root, process.argv[2] ?? 'dist/client');

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src/client/index.ts')],
  outfile: join(outdir, 'index.js'),
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  legalComments: 'none',
  logLevel: 'warning',
});
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules/typescript/bin/tsc'),
    '-p',
    join(root, 'src/client/tsconfig.json'),
    '--outDir',
    join(outdir, 'types'),
  ],
  { stdio: 'inherit' },
);
await writeFile(join(outdir, 'index.d.ts'), "export * from './types/client/index.js';\n");
const { size } = await stat(join(outdir, 'index.js'));
console.log(`client: ${join(outdir, 'index.js')} (${size} bytes), types in ${join(outdir, 'index.d.ts')}`);
