/**
 * The committed bundles as users get them: every action's entry exists where its action.yml points,
 * each entry folder lists the license of every third-party package its code can reach (found from
 * the bundle's own module markers, not from the build's bookkeeping), the product bundles carry no
 * demo code, and dist/ stays small.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../scripts/gen-actions.js';

const DIST = new URL('../../dist/', import.meta.url).pathname;
const ENTRIES = readdirSync(DIST).filter(
  (d) => d !== 'chunks' && d !== 'client' && statSync(join(DIST, d)).isDirectory(),
);

/** Every file an entry loads, following static and dynamic imports between the bundle's files. */
function filesReached(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from |import\()"(\.{1,2}\/[^"]+\.js)"/g))
      visit(join(file, '..', m[1]!));
  };
  visit(join(DIST, entry, 'index.js'));
  return [...seen];
}

/** Packages whose modules the bundle embeds: esbuild marks each with a `// node_modules/<path>` line. */
function packagesIn(files: string[]): Set<string> {
  const packages = new Set<string>();
  for (const file of files)
    for (const m of readFileSync(file, 'utf8').matchAll(
      /^\/\/ (?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//gm,
    ))
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
    const bundled = packagesIn(filesReached(entry));
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

  it('keeps the demo and its dealer site out of the action bundles', () => {
    for (const name of ACTIONS) {
      const code = filesReached(name)
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      expect(code, name).not.toMatch(/^\/\/ src\/demo\//m);
    }
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
