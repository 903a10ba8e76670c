/**
 * The esbuild options of the Node bundles, shared by scripts/build.mjs and by the test that checks
 * their licenses (test/build/bundles.test.ts, which rebuilds them unminified in memory to read the
 * `// node_modules/<path>` marker esbuild writes before each bundled module).
 */

/** One bundle per action or container command: dist/<name>/index.js from src/entries/<name>.ts. */
export const ENTRIES = ['spot-poll', 'retail-poll', 'sync-repos', 'pages-verify', 'serve', 'daemon'];

export const bundleOptions = {
  entryPoints: {
    'cli/index': 'src/main.ts',
    ...Object.fromEntries(ENTRIES.map((n) => [`${n}/index`, `src/entries/${n}.ts`])),
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
