/**
 * Loads playwright-core at run time. It is never bundled (it ships its own driver files and is
 * version-locked to its protocol), so the action installs it next to the bundle; when it cannot be
 * resolved, the error says exactly what to install and where.
 */

import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../data/logger.js';

export type Playwright = typeof import('playwright-core');

/** The version the code is tested with; the action installs exactly this one. */
export const PLAYWRIGHT_VERSION = '1.65.1';

export class PlaywrightMissingError extends Error {
  override name = 'PlaywrightMissingError';
}

const SPECIFIER = 'playwright-core';
/** A CommonJS entry imported from ESM arrives as `default`. */
const unwrap = (mod: Record<string, unknown>) =>
  (mod.chromium ? mod : (mod.default as Record<string, unknown>)) as Playwright;
const notFound = (err: unknown) =>
  ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'].includes((err as { code?: string }).code ?? '');

/**
 * Imports playwright-core: first the normal way (node_modules beside or above the running code),
 * then from each of `dirs` (a folder where `npm install playwright-core` was run).
 */
export async function loadPlaywright(dirs: readonly string[] = []): Promise<Playwright> {
  try {
    // A variable specifier plus webpackIgnore keeps every bundler from inlining it.
    return unwrap(await import(/* webpackIgnore: true */ SPECIFIER));
  } catch (err) {
    if (!notFound(err)) throw err;
  }
  for (const dir of dirs) {
    let resolved: string;
    try {
      resolved = createRequire(join(dir, 'package.json')).resolve(SPECIFIER);
    } catch {
      continue;
    }
    return unwrap(await import(/* webpackIgnore: true */ pathToFileURL(resolved).href));
  }
  const looked = dirs.length ? ` (also looked in ${dirs.join(', ')})` : '';
  throw new PlaywrightMissingError(
    `playwright-core is not installed${looked}. Install it beside the action or CLI with ` +
      `"npm install --no-save playwright-core@${PLAYWRIGHT_VERSION}" (no browser download is needed: ` +
      'a system Chrome/Chromium or browser-ws-endpoint is used), or choose fetcher: firecrawl.',
  );
}

/**
 * Makes playwright-core importable where the bundle has no node_modules (a GitHub runner running
 * dist/retail-poll): installs the pinned version once into `cacheDir` from the npm registry (no
 * browser download) and returns the folders to load it from. Nothing happens when it already resolves.
 */
export async function provisionPlaywright(cacheDir: string, logger: Logger): Promise<string[]> {
  const dir = join(cacheDir, 'staktrakr-playwright', PLAYWRIGHT_VERSION);
  try {
    await loadPlaywright([dir]);
    return [dir];
  } catch (err) {
    if (!(err instanceof PlaywrightMissingError)) throw err;
  }
  logger.info(
    `Installing playwright-core@${PLAYWRIGHT_VERSION} into ${dir} (once per machine; no browser download)`,
  );
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) =>
    execFile(
      'npm',
      [
        'install',
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--prefix',
        dir,
        `${SPECIFIER}@${PLAYWRIGHT_VERSION}`,
      ],
      (error, _out, stderr) =>
        error
          ? reject(
              new PlaywrightMissingError(
                `could not install playwright-core: ${stderr.trim() || error.message}`,
              ),
            )
          : resolve(),
    ),
  );
  return [dir];
}
