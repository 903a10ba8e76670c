/**
 * The layering rule of DESIGN §3 and docs/ARCHITECTURE.md, checked over the import graph of src/.
 *
 * The graph is read from the sources with TypeScript's own pre-processor (`ts.preProcessFile`):
 * `import … from`, `export … from`, side-effect imports and dynamic `import('…')`. Type-only imports
 * count like any other: a type names the module it comes from, and a layer that needs another
 * layer's types depends on that layer's shapes (moving them is what fixes such an edge).
 *
 * Each file belongs to the folder right under src/ (`src/main.ts` is its own layer, `main`). From top
 * to bottom, a folder may import only the folders listed for it in ALLOWED:
 *
 *   main, entries  the CLI and the per-action bundles' entry files: dispatch to commands
 *   commands       thin entrypoints: inputs, a call into the domain, outputs; the registry
 *   demo           the whole system on one machine; runs the commands it is *given* by commands/demo.ts
 *   daemon         the container scheduler: part of the runtime (DESIGN §3), it runs commands it is given
 *   runtime        where a command runs (Actions, CLI), inputs, process lifecycle; the only @actions/* user
 *   spot retail sync verify serve   the domain: one job each; none imports another
 *   client         the browser client: data only, and nothing of Node, even through data
 *   git            clones, locks, commits, pushes (may use http's redaction and data's rules)
 *   http           bounded fetches, URL policy, redaction, endpoint reads (may use data's types)
 *   data           the repository contract; imports nothing of ours
 *
 * Lower layers may be skipped (commands may use data directly). On top of the per-folder rule: no
 * cycle between folders and no cycle between files. Edges the rule forbids but that cannot be fixed
 * yet are listed in ALLOW_LIST with the reason; the test fails when one of them disappears (delete
 * it from the list: the list only shrinks) or when a new forbidden edge appears.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

const BASE = ['data', 'git', 'http'];
const DOMAIN = ['spot', 'retail', 'sync', 'verify', 'serve'];
const ALLOWED: Record<string, readonly string[]> = {
  main: ['commands', 'runtime'],
  entries: ['commands', 'runtime'],
  commands: ['runtime', 'daemon', 'demo', ...DOMAIN, ...BASE],
  demo: ['runtime', ...DOMAIN, ...BASE],
  daemon: ['runtime', ...BASE],
  runtime: BASE,
  ...Object.fromEntries(DOMAIN.map((d) => [d, BASE])),
  client: ['data'],
  git: ['data', 'http'],
  http: ['data'],
  data: [],
};

/**
 * Forbidden edges that remain, `from => to` (paths under src/), each with why it is still there.
 * Remove an entry when its edge is gone; never add one without a reason and a way out.
 */
const ALLOW_LIST: Record<string, string> = {};

interface Edge {
  from: string;
  to: string;
  specifier: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const rel = (abs: string) => relative(SRC, abs).split('\\').join('/');
const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : 'main');

/** Every import of every file under src/: relative ones resolved to files, bare ones kept as written. */
function readGraph() {
  const files = sourceFiles(SRC).map(rel).sort();
  const known = new Set(files);
  const edges: Edge[] = [];
  const bare: Edge[] = [];
  const unresolved: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith('.')) {
        bare.push({ from: file, to: specifier, specifier });
        continue;
      }
      const abs = resolve(dirname(join(SRC, file)), specifier);
      if (!abs.startsWith(`${SRC}/`)) {
        // Only the package manifest (the version string) may be read from outside src/.
        if (rel(abs) !== '../package.json') unresolved.push(`${file}: ${specifier} leaves src/`);
        continue;
      }
      const target = rel(abs).replace(/\.js$/, '.ts');
      if (!known.has(target) && !known.has(target.replace(/\.ts$/, '/index.ts')))
        unresolved.push(`${file}: ${specifier}`);
      edges.push({
        from: file,
        to: known.has(target) ? target : target.replace(/\.ts$/, '/index.ts'),
        specifier,
      });
    }
  }
  return { files, edges, bare, unresolved };
}

/** Strongly connected components with more than one node, or a node importing itself (Tarjan). */
function cycles(nodes: readonly string[], next: (n: string) => readonly string[]): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || next(v).includes(v)) found.push(component.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return found;
}

const graph = readGraph();

describe('the layers of src/ (docs/ARCHITECTURE.md)', () => {
  it('reads a graph: every relative import resolves to a file under src/', () => {
    expect(graph.files.length).toBeGreaterThan(100);
    expect(graph.edges.length).toBeGreaterThan(300);
    expect(graph.unresolved).toEqual([]);
    // Every folder has a place in the rule; a new folder must be given one.
    expect([...new Set(graph.files.map(folderOf))].filter((f) => !(f in ALLOWED))).toEqual([]);
  });

  it('each folder imports only the layers below it (the allow-list only shrinks)', () => {
    const forbidden = graph.edges
      .filter((e) => {
        const a = folderOf(e.from);
        const b = folderOf(e.to);
        return a !== b && !ALLOWED[a]!.includes(b);
      })
      .map((e) => `${e.from} => ${e.to}`);
    const unexpected = forbidden.filter((e) => !(e in ALLOW_LIST));
    const gone = Object.keys(ALLOW_LIST).filter((e) => !forbidden.includes(e));
    expect(unexpected, 'imports against the layers').toEqual([]);
    expect(gone, 'allow-listed edges that no longer exist: remove them from ALLOW_LIST').toEqual([]);
  });

  it('only src/runtime imports @actions/*', () => {
    const outside = graph.bare
      .filter((e) => e.specifier.startsWith('@actions/') && folderOf(e.from) !== 'runtime')
      .map((e) => `${e.from} => ${e.specifier}`);
    expect(outside).toEqual([]);
    // The rule is about something that exists: runtime does use @actions/core.
    expect(graph.bare.some((e) => e.specifier === '@actions/core')).toBe(true);
  });

  it('src/client reaches nothing of Node, directly or through what it imports', () => {
    const builtins = new Set(builtinModules);
    const isNode = (s: string) => s.startsWith('node:') || builtins.has(s) || builtins.has(s.split('/')[0]!);
    const reached = new Set(graph.files.filter((f) => folderOf(f) === 'client'));
    for (const file of reached) for (const e of graph.edges) if (e.from === file) reached.add(e.to);
    const offending = graph.bare
      .filter((e) => reached.has(e.from) && isNode(e.specifier))
      .map((e) => `${e.from} => ${e.specifier}`);
    expect(offending).toEqual([]);
    expect(reached.size).toBeGreaterThan(3);
  });

  it('no cycle between folders', () => {
    const folders = Object.keys(ALLOWED);
    const next = (f: string) => [
      ...new Set(
        graph.edges.filter((e) => folderOf(e.from) === f && folderOf(e.to) !== f).map((e) => folderOf(e.to)),
      ),
    ];
    expect(cycles(folders, next)).toEqual([]);
  });

  it('no cycle between files', () => {
    const out = new Map<string, string[]>();
    for (const e of graph.edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
    expect(cycles(graph.files, (f) => out.get(f) ?? [])).toEqual([]);
  });
});
