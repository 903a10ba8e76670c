import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import syncReposCommand from '../../src/commands/sync-repos.js';
import { parseCatalogText } from '../../src/data/retail-catalog.js';
import { appendObservations } from '../../src/data/retail-facts.js';
import type { Observation } from '../../src/data/retail-observation.js';
import { rebuildRetailViews } from '../../src/data/retail-views/rebuild.js';
import { runCommand } from '../../src/runtime/command.js';
import { commitFiles, tempDir } from '../helpers/git.js';
import { bare, dataFiles, dataTree, pretty, show, slotsFrom, spotEntries, spotTree } from './repos.js';

const CANARY = 'ghs_canaryTOKEN1234567890abcdef';
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('sync-command-');
});
afterEach(() => tmp.remove());

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const code = await runCommand(syncReposCommand, {
    argv,
    env: { GITHUB_TOKEN: CANARY, ...env },
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  });
  const text = lines.join('\n');
  const outputs = Object.fromEntries(
    lines.flatMap((l) => {
      const m = /^([a-z-]+)=(.*)$/.exec(l);
      return m ? [[m[1]!, m[2]!]] : [];
    }),
  );
  return { code, text, outputs };
}

const expectNoSecret = (text: string) => {
  expect(text).not.toContain(CANARY);
  expect(text).not.toContain(Buffer.from(`x-access-token:${CANARY}`).toString('base64'));
};

const CATALOG = JSON.stringify({
  coins: {
    age: {
      name: 'American Gold Eagle 1 oz',
      metal: 'gold',
      weight_oz: 1,
      providers: [
        { id: 'apmex', name: 'APMEX', enabled: true, url: 'https://dealer.example/age' },
        { id: 'jmb', name: 'JM Bullion', enabled: true, url: 'https://jm.example/age' },
      ],
    },
  },
});

const observe = (at: string, vendor: string, price: number): Observation => ({
  coin: 'age',
  vendor,
  observedAt: at,
  price,
  inStock: true,
  method: 'tier-table',
  reason: '',
});

/** A retail run as the poller does it: facts appended, views rebuilt. */
async function retailRun(root: string, observations: Observation[]) {
  await appendObservations(root, observations);
  await rebuildRetailViews({
    root,
    catalog: parseCatalogText(CATALOG),
    now: new Date('2026-03-10T12:00:00Z'),
  });
}

describe('sync-repos command', () => {
  it('syncs spot and retail content; both rewrote the manifest, which is rebuilt from the merged facts', async () => {
    const a = bare(tmp.path, 'a.git');
    const b = bare(tmp.path, 'b.git');
    const base = await spotTree(slotsFrom(new Date('2026-03-10T09:00:00Z'), 4));
    writeFileSync(join(base, 'README.md'), 'data\n');
    const baseB = join(tmp.path, 'base-b');
    cpSync(base, baseB, { recursive: true });
    for (const root of [base, baseB]) {
      mkdirSync(join(root, 'data/retail'), { recursive: true });
      writeFileSync(join(root, 'data/retail/providers.json'), CATALOG);
      await retailRun(root, [
        observe('2026-03-10T10:00:00Z', 'apmex', 3050.5),
        observe('2026-03-10T10:00:05Z', 'jmb', 3061),
      ]);
    }
    commitFiles(a, base, 'common past');
    commitFiles(b, baseB, 'common past');
    // A ran the 10:15 retail run, B the 10:30 one: each rewrote the manifest and the coin views.
    await retailRun(base, [
      observe('2026-03-10T10:15:00Z', 'apmex', 3052),
      observe('2026-03-10T10:15:04Z', 'jmb', 3060),
    ]);
    await retailRun(baseB, [
      observe('2026-03-10T10:30:00Z', 'apmex', 3049),
      observe('2026-03-10T10:30:03Z', 'jmb', 3062),
    ]);
    commitFiles(a, base, 'A retail 10:15');
    commitFiles(b, baseB, 'B retail 10:30');
    expect(show(a, 'data/api/manifest.json')).not.toBe(show(b, 'data/api/manifest.json'));
    commitFiles(
      b,
      { 'data/15min/2026/03/10/1100.json': pretty(spotEntries(new Date('2026-03-10T11:00:00Z'))) },
      'B spot',
    );

    const { code, text, outputs } = await run(['--repo-a', a, '--repo-b', b], {
      STAKTRAKR_NOW: '2026-03-10T12:00:00Z',
    });
    expect(code, text).toBe(0);
    expectNoSecret(text);
    expect(dataTree(a)).toBe(dataTree(b));
    expect(outputs.tree).toBe(dataTree(a));
    expect(JSON.parse(outputs.conflicts!)).toEqual([]);
    expect(Number(outputs['added-to-a'])).toBeGreaterThanOrEqual(2); // the 11:00 slot and its hourly view
    expect(outputs['commit-a']).toMatch(/^[0-9a-f]{40}$/);
    const facts = show(a, 'data/retail/facts/2026/03/10/age.json');
    for (const t of ['10:00:00', '10:15:00', '10:30:00']) expect(facts).toContain(`2026-03-10T${t}Z`);
    const manifest = JSON.parse(show(a, 'data/api/manifest.json'));
    expect(manifest.generated_at).toBe('2026-03-10T10:30:03.000Z');
    expect(text).toMatch(/### sync-repos/);

    // The same sync again is a no-op.
    const again = await run(['--repo-a', a, '--repo-b', b], { STAKTRAKR_NOW: '2026-03-10T12:00:00Z' });
    expect(again.code, again.text).toBe(0);
    expect(again.outputs['commit-a']).toBe('');
    expect(again.outputs['commit-b']).toBe('');
    rmSync(base, { recursive: true, force: true });
  });

  it('sends the token only as a header scoped to the repository, never in a URL or the output', async () => {
    const seen: Array<{ url: string; auth?: string }> = [];
    const server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const b = bare(tmp.path, 'b.git');
      const { code, text } = await run(['--repo-a', `http://127.0.0.1:${port}/owner/a.git`, '--repo-b', b]);
      expect(code).toBe(1);
      expect(text).toMatch(/git fetch from http:\/\/127\.0\.0\.1:\d+\/owner\/a\.git failed/);
      expectNoSecret(text);
      expect(seen.length).toBeGreaterThan(0);
      for (const r of seen) {
        expect(r.url).not.toContain(CANARY);
        expect(r.auth).toBe(`basic ${Buffer.from(`x-access-token:${CANARY}`).toString('base64')}`);
      }
    } finally {
      server.close();
    }
  });

  it('rejects bad input before any work, naming the input', async () => {
    const { code, text } = await run(['--repo-a', 'not a repo', '--repo-b', '/tmp/x', '--push=maybe']);
    expect(code).toBe(2);
    expect(text).toMatch(/input "push".*true or false/);
  });
});

// REAL_DATA_DIR points at the snapshot from a worktree that does not sit beside ../shared.
const REAL =
  process.env.REAL_DATA_DIR ?? resolve(import.meta.dirname, '../../../shared/real-data/staktrakr-api');

describe('real data', () => {
  it.skipIf(!existsSync(REAL))(
    'the real snapshot and an older variant of it converge, torn file repaired',
    async () => {
      const a = bare(tmp.path, 'real.git');
      commitFiles(a, REAL, 'real snapshot');
      // B: the snapshot as a replica that stopped polling on 2026-02-25 ends, but later polled a day A
      // never saw, with a readable 22:20 slot and its own manifest.
      const variant = mkdtempSync(join(tmpdir(), 'sync-variant-'));
      try {
        cpSync(REAL, variant, { recursive: true });
        const cutoff = (rel: string) => readdirSync(join(variant, rel)).sort().slice(-1);
        for (const day of cutoff('data/hourly/2026/02').filter((d) => d !== '25'))
          rmSync(join(variant, 'data/hourly/2026/02', day), { recursive: true, force: true });
        writeFileSync(
          join(variant, 'data/15min/2026/02/25/2220.json'),
          pretty(spotEntries(new Date('2026-02-25T22:20:00Z'))),
        );
        const later = await spotTree(slotsFrom(new Date('2026-03-20T10:00:00Z'), 4));
        cpSync(join(later, 'data'), join(variant, 'data'), { recursive: true });
        rmSync(later, { recursive: true, force: true });
        const b = bare(tmp.path, 'variant.git');
        commitFiles(b, variant, 'older variant');
        const before = new Set([...dataFiles(a).keys(), ...dataFiles(b).keys()]);

        const { code, text, outputs } = await run(['--repo-a', a, '--repo-b', b]);
        expect(code, text).toBe(0);
        expectNoSecret(text);
        expect(dataTree(a)).toBe(dataTree(b));
        const after = dataFiles(a);
        for (const p of before) expect(after.has(p), p).toBe(true);
        expect(JSON.parse(show(a, 'data/15min/2026/02/25/2220.json'))).toHaveLength(4);
        expect(JSON.parse(outputs.conflicts!)).toEqual([]);
        const decisions = JSON.parse(outputs.decisions!) as Array<{
          path: string;
          from: string;
          rule: string;
        }>;
        expect(decisions).toContainEqual(
          expect.objectContaining({
            path: 'data/15min/2026/02/25/2220.json',
            from: 'b',
            rule: 'readable version beats a torn one',
          }),
        );
      } finally {
        rmSync(variant, { recursive: true, force: true });
      }
    },
    // Two copies of a 3,000-file repository: slower than the rest on a busy two-core machine.
    150_000,
  );
  if (!existsSync(REAL)) console.log(`real-data test skipped: ${REAL} is absent`);
});
