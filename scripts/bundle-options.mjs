/**
 * The esbuild options of the Node bundles, shared by scripts/build.mjs and by the test that checks
 * their licenses (test/build/bundles.test.ts, which rebuilds them unminified in memory to read the
 * `// node_modules/<path>` marker esbuild writes before each bundled module).
 */

/** One bundle per action or container command: dist/<name>/index.js from src/entries/<name>.ts. */
export const ENTRIES = ['spot-poll', 'retail-poll', 'sync-repos', 'pages-verify', 'serve', 'daemon'];

/**
 * Entries built on their own, with chunks of their own (dist/<name>/chunks/) for what they load
 * later: what they load at start is then a few files instead of a share of every chunk the other
 * entries split out. Each ES module costs its resolve, read and link, and spot-poll starts every
 * 15 or 30 minutes (about 8 ms less a run, for 0.9 MB more in dist/).
 */
export const ALONE = ['spot-poll'];

export const bundleOptions = {
  entryPoints: {
    'cli/index': 'src/main.ts',
    ...Object.fromEntries(
      ENTRIES.filter((n) => !ALONE.includes(n)).map((n) => [`${n}/index`, `src/entries/${n}.ts`]),
    ),
  },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['playwright-core'],
  // Some bundled CommonJS packages call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);",
  },
  // Less to read and parse at every start. Identifiers are kept: stack traces name real functions.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

/** Every build of dist/: the shared one, then each entry built alone. */
export const allBuilds = [
  bundleOptions,
  ...ALONE.map((n) => ({
    ...bundleOptions,
    entryPoints: { [`${n}/index`]: `src/entries/${n}.ts` },
    chunkNames: `${n}/chunks/[name]-[hash]`,
  })),
];
