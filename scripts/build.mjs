#!/usr/bin/env node
// Builds one ncc bundle per entrypoint into dist/<name>/ (with third-party licenses) and the browser
// client into dist/client/. playwright-core stays external: it ships its own driver files and is
// resolved at run time (see src/retail/playwright-loader.ts).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
// The CLI plus one bundle per command that an action or a container runs directly.
const ENTRYPOINTS = [
  'cli',
  ...['spot-poll', 'retail-poll', 'sync-repos', 'pages-verify', 'serve', 'daemon'].filter((n) =>
    existsSync(`src/commands/${n}.ts`),
  ),
];

async function bundle(name) {
  const out = `dist/${name}`;
  await rm(out, { recursive: true, force: true });
  await run('npx', [
    'ncc',
    'build',
    'src/main.ts',
    '-o',
    out,
    '-e',
    'playwright-core',
    '--license',
    'licenses.txt',
    '-q',
    '--target',
    'es2022',
  ]);
  console.log(`built ${out}/index.js`);
}

// Two at a time: the machines this runs on have two cores.
const queue = [...ENTRYPOINTS];
await Promise.all(
  [0, 1].map(async () => {
    for (let name = queue.shift(); name; name = queue.shift()) await bundle(name);
  }),
);
if (existsSync('scripts/build-client.mjs')) {
  await run('node', ['scripts/build-client.mjs']);
  console.log('built dist/client');
}
