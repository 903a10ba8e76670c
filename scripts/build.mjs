#!/usr/bin/env node
/**
 * Builds the bundles into dist/: the CLI (dist/cli/index.js) and one entry per action or container
 * command (dist/<name>/index.js, from src/entries/<name>.ts). esbuild splits the code they share into
 * dist/chunks/, so each entry loads only what its command needs; an entry built alone (spot-poll)
 * has its own chunks in dist/<name>/chunks/. Each entry folder gets the licenses of
 * exactly the third-party packages its code reaches. playwright-core stays external: it ships its own
 * driver files and is resolved at run time (src/retail/playwright-loader.ts). Options in
 * scripts/bundle-options.mjs. Then the browser client.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { allBuilds, ENTRIES } from './bundle-options.mjs';

await rm('dist', { recursive: true, force: true });
const metafile = { outputs: {} };
for (const options of allBuilds) Object.assign(metafile.outputs, (await build(options)).metafile.outputs);
// Actions run dist/<name>/index.js wherever the repository is checked out: make it ESM on its own.
await writeFile('dist/package.json', '{ "type": "module" }\n');

/** The npm package a bundled input file belongs to, or undefined for our own sources. */
function packageOf(input) {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** Every package whose code an output file reaches, through static and dynamic imports. */
function packagesReached(output, seen = new Set(), packages = new Set()) {
  if (seen.has(output)) return packages;
  seen.add(output);
  const meta = metafile.outputs[output];
  for (const input of Object.keys(meta.inputs)) {
    const pkg = packageOf(input);
    if (pkg) packages.add(pkg);
  }
  for (const imp of meta.imports) if (metafile.outputs[imp.path]) packagesReached(imp.path, seen, packages);
  return packages;
}

function licenseText(pkg) {
  const dir = join('node_modules', pkg);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  if (!file) throw new Error(`${pkg} ships no license file: add its text by hand before bundling it`);
  return `${pkg}@${manifest.version}\n${manifest.license ?? ''}\n${readFileSync(join(dir, file), 'utf8').trim()}\n`;
}

for (const name of ['cli', ...ENTRIES]) {
  const packages = [...packagesReached(`dist/${name}/index.js`)].sort();
  await mkdir(`dist/${name}`, { recursive: true });
  await writeFile(`dist/${name}/licenses.txt`, packages.map(licenseText).join('\n'));
  console.log(`built dist/${name}/index.js (${packages.length} third-party packages)`);
}

if (existsSync('scripts/build-client.mjs')) {
  execFileSync(process.execPath, ['scripts/build-client.mjs'], { stdio: 'inherit' });
}
