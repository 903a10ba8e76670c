/**
 * The committed bundles as users get them: every action's entry exists where its action.yml points,
 * each entry folder lists the license of every third-party package its code can reach, the product
 * bundles carry no demo code, a spot poll parses little code at start-up, and dist/ stays small.
 *
 * dist/ is minified, which drops the `// node_modules/<path>` line esbuild writes before each
 * bundled module. So the bundles are also built here, unminified and in memory, with the very options
 * of the build, and the packages are read from those markers: what the code embeds, not the build's
 * own bookkeeping.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTRIES as ACTION_ENTRIES, allBuilds } from '../../scripts/bundle-options.mjs';
import { ACTIONS } from '../../scripts/gen-actions.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const DIST = join(ROOT, 'dist');
const ENTRIES = ['cli', ...ACTION_ENTRIES];

/** The unminified outputs, by path relative to dist/. */
let unminified: Map<string, string>;
beforeAll(async () => {
  unminified = new Map();
  for (const options of allBuilds) {
    const out = await build({
      ...options,
      minifyWhitespace: false,
      minifySyntax: false,
      write: false,
      absWorkingDir: ROOT,
      logLevel: 'error',
    });
    for (const f of out.outputFiles ?? []) unminified.set(relative(DIST, f.path), f.text);
  }
}, 60_000);

const fromDist = (file: string) => readFileSync(join(DIST, file), 'utf8');
const fromMemory = (file: string) => {
  const text = unminified.get(file);
  if (text === undefined) throw new Error(`${file} is not an output of the build`);
  return text;
};

/**
 * Every file (relative to dist/) an entry loads, following imports between the bundle's files;
 * with `dynamic` false, only what it loads before running any code.
 */
function filesReached(read: (file: string) => string, entry: string, dynamic = true): string[] {
  const pattern = dynamic
    ? /(?:from\s*|import\s*\(?\s*)"(\.{1,2}\/[^"]+\.js)"/g
    : /(?:from\s*|import\s*)"(\.{1,2}\/[^"]+\.js)"/g;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of read(file).matchAll(pattern)) visit(join(file, '..', m[1]!));
  };
  visit(join(entry, 'index.js'));
  return [...seen];
}

/** Packages whose modules the bundle embeds: esbuild marks each with a `// node_modules/<path>` line. */
function packagesIn(files: string[]): Set<string> {
  const packages = new Set<string>();
  for (const file of files)
    for (const m of fromMemory(file).matchAll(/^\/\/ (?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//gm))
      packages.add(m[1]!);
  return packages;
}

describe('dist bundles', () => {
  it('has an entry for every action, where its action.yml points', () => {
    for (const name of ACTIONS) {
      const yml = readFileSync(new URL(`../../actions/${name}/action.yml`, import.meta.url), 'utf8');
      expect(yml).toContain(`main: ../../dist/${name}/index.js`);
      expect(statSync(join(DIST, name, 'index.js')).isFile()).toBe(true);
    }
  });

  it.each(ENTRIES)('%s lists the license of every bundled package', (entry) => {
    const bundled = packagesIn(filesReached(fromMemory, entry));
    const licenses = readFileSync(join(DIST, entry, 'licenses.txt'), 'utf8');
    const listed = new Set(
      [...licenses.matchAll(/^((?:@[^/\s]+\/)?[^@\s/]+)@\d[^\s]*$/gm)].map((m) => m[1]!),
    );
    expect(bundled.size).toBeGreaterThan(0);
    for (const pkg of bundled) expect(listed, `${entry} bundles ${pkg}`).toContain(pkg);
    // Each listed package comes with its license text, not just its name.
    for (const section of licenses.split(/\n(?=(?:@[^/\s]+\/)?[^@\s/]+@\d)/))
      expect(section.split('\n').length).toBeGreaterThan(3);
  });

  it.each(ENTRIES)('%s starts: --version answers from the bundle alone', (entry) => {
    const out = execFileSync(process.execPath, [join(DIST, entry, 'index.js'), '--version'], {
      encoding: 'utf8',
    });
    expect(out.trim()).toMatch(/^staktrakr \d+\.\d+\.\d+$/);
  });

  it('the CLI lists every command (a module cycle would leave one undefined)', () => {
    const out = execFileSync(process.execPath, [join(DIST, 'cli/index.js'), '--help'], { encoding: 'utf8' });
    for (const name of ['spot-poll', 'retail-poll', 'sync-repos', 'pages-verify', 'serve', 'demo', 'daemon'])
      expect(out).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('keeps the demo and its dealer site out of the action bundles', () => {
    for (const name of ACTIONS) {
      const code = filesReached(fromMemory, name).map(fromMemory).join('\n');
      expect(code, name).not.toMatch(/^\/\/ src\/demo\//m);
    }
  });

  it('loads the dealer site only when the demo runs (the CLI and the daemon do not import it at start)', () => {
    for (const name of ['cli', 'daemon']) {
      const code = filesReached(fromMemory, name, false).map(fromMemory).join('\n');
      expect(code, name).not.toMatch(/^\/\/ src\/demo\/dealer-site\//m);
    }
  });

  // All of zod (its locales, JSON Schema) comes along when it is imported as `{ z }`: use `import * as z`.
  it('a spot poll parses little code at start-up', () => {
    const files = filesReached(fromDist, 'spot-poll', false);
    const bytes = files.reduce((n, f) => n + statSync(join(DIST, f)).size, 0);
    expect(bytes, `dist/spot-poll/index.js loads ${files.join(', ')} at start-up`).toBeLessThan(400_000);
  });

  it('stays small: dist/ under 16 MB', () => {
    const size = (dir: string): number =>
      readdirSync(dir).reduce((sum, f) => {
        const s = statSync(join(dir, f));
        return sum + (s.isDirectory() ? size(join(dir, f)) : s.size);
      }, 0);
    expect(size(DIST)).toBeLessThan(16 * 1024 * 1024);
  });
});
