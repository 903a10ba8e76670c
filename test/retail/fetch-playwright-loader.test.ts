/**
 * playwright-core stays outside the bundle: a bundled loader in a folder with no node_modules fails
 * with instructions, and finds the package in a folder it is told about (how the action installs it).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PLAYWRIGHT_VERSION } from '../../src/retail/playwright-loader.js';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-loader-'));
  await build({
    entryPoints: [join(ROOT, 'src/retail/playwright-loader.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: join(dir, 'loader.mjs'),
    logLevel: 'silent',
  });
  await writeFile(
    join(dir, 'main.mjs'),
    `import { loadPlaywright } from './loader.mjs';
try { const pw = await loadPlaywright(process.argv.slice(2)); console.log('loaded', typeof pw.chromium.launch); }
catch (err) { console.log(err.name + ': ' + err.message); }`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = async (...dirs: string[]) =>
  (await promisify(execFile)(process.execPath, [join(dir, 'main.mjs'), ...dirs], { cwd: dir })).stdout.trim();

it('is not bundled into the code that loads it', async () => {
  expect((await stat(join(dir, 'loader.mjs'))).size).toBeLessThan(10_000);
});

it('explains what to install when playwright-core cannot be found', async () => {
  expect(await run()).toBe(
    `PlaywrightMissingError: playwright-core is not installed. Install it beside the action or CLI with "npm install --no-save playwright-core@${PLAYWRIGHT_VERSION}" (no browser download is needed: a system Chrome/Chromium or browser-ws-endpoint is used), or choose fetcher: firecrawl.`,
  );
});

it('loads it from a folder where it was installed', async () => {
  expect(await run('/nonexistent', ROOT)).toBe('loaded function');
});

it('pins the version the project installs', async () => {
  const installed = JSON.parse(
    await readFile(join(ROOT, 'node_modules/playwright-core/package.json'), 'utf8'),
  );
  expect(installed.version).toBe(PLAYWRIGHT_VERSION);
});
