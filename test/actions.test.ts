/**
 * The action contract: each action.yml matches its command definition, and the committed bundles
 * run as the GitHub runner runs them (INPUT_<NAME> with the hyphen kept, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY). spot-poll and pages-verify have their own bundle tests beside their suites.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIONS, actionYml, readmeWithTables, rootActionYml } from '../scripts/gen-actions.js';
import { appendObservations } from '../src/data/retail-facts.js';
import { gitOut, seededRepo, tempDir } from './helpers/git.js';

const ROOT = new URL('..', import.meta.url).pathname;
const dir = tempDir();
afterAll(() => dir.remove());

/** Runs dist/<name>/index.js like the runner: returns exit code, log, outputs and summary. */
function runAction(name: string, inputs: Record<string, string>, env: Record<string, string> = {}) {
  const outFile = join(dir.path, `${name}-output-${Math.random()}`);
  const summaryFile = join(dir.path, `${name}-summary-${Math.random()}`);
  writeFileSync(outFile, '');
  writeFileSync(summaryFile, '');
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
  );
  return new Promise<{ code: number | null; log: string; outputs: Record<string, string>; summary: string }>(
    (resolve) => {
      const child = spawn(process.execPath, [join(ROOT, `dist/${name}/index.js`)], {
        env: {
          PATH: process.env.PATH!,
          HOME: process.env.HOME!,
          GITHUB_ACTIONS: 'true',
          GITHUB_OUTPUT: outFile,
          GITHUB_STEP_SUMMARY: summaryFile,
          ...inputEnv,
          ...env,
        },
      });
      let log = '';
      child.stdout.on('data', (b) => (log += b));
      child.stderr.on('data', (b) => (log += b));
      child.on('close', (code) => {
        const outputs: Record<string, string> = {};
        for (const m of readFileSync(outFile, 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
          outputs[m[1]!] = m[3]!;
        resolve({ code, log, outputs, summary: readFileSync(summaryFile, 'utf8') });
      });
    },
  );
}

const seedRepo = (name: string, files: Record<string, string>) =>
  seededRepo(dir.path, { files }, `${name}.git`);

describe('action metadata', () => {
  it('every action.yml, the root action.yml and the README tables match the command definitions', () => {
    for (const name of ACTIONS) {
      expect(
        readFileSync(join(ROOT, `actions/${name}/action.yml`), 'utf8'),
        `actions/${name}/action.yml is stale: npx tsx scripts/gen-actions.ts`,
      ).toBe(actionYml(name));
    }
    expect(readFileSync(join(ROOT, 'action.yml'), 'utf8')).toBe(rootActionYml());
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(readmeWithTables(readme));
    expect(ACTIONS).toEqual(['spot-poll', 'retail-poll', 'sync-repos', 'pages-verify']);
  });
});

describe('dist bundles run as the runner runs them', () => {
  it('sync-repos: two diverged repositories end identical', async () => {
    const slot = (t: string, gold: number) =>
      `${JSON.stringify(
        ['Gold', 'Silver', 'Platinum', 'Palladium'].map((metal, i) => ({
          spot: [gold, 80, 2000, 1500][i],
          metal,
          source: 'latest',
          provider: 'T',
          timestamp: t,
        })),
        null,
        2,
      )}\n`;
    const a = seedRepo('sync-a', { 'data/15min/2026/03/10/1400.json': slot('2026-03-10 14:00:00', 5000) });
    const b = seedRepo('sync-b', {
      'data/15min/2026/03/10/1415.json': slot('2026-03-10 14:15:00', 5001),
      'README.md': 'B\n',
    });
    const r = await runAction('sync-repos', { 'repo-a': a, 'repo-b': b, 'poller-id': 'contract' });
    expect(r.code, r.log).toBe(0);
    expect(r.outputs['added-to-a']).toBe('2'); // the slot and the hourly view
    expect(r.outputs.tree).toMatch(/^[0-9a-f]{40}$/);
    expect(gitOut(a, 'rev-parse', 'main:data')).toBe(r.outputs.tree);
    expect(gitOut(b, 'rev-parse', 'main:data')).toBe(r.outputs.tree);
    expect(r.summary).toContain('sync-repos');
  });

  it('retail-poll: the publish step (scrape: false) rebuilds the views and reports its outputs', async () => {
    const catalog = {
      coins: {
        ase: {
          name: 'American Silver Eagle 1 oz',
          metal: 'silver',
          weight_oz: 1,
          providers: [{ id: 'apmex', name: 'APMEX', enabled: true, url: 'https://example.invalid/ase' }],
        },
      },
    };
    // Facts a shard pushed: one dealer read twice.
    const facts = tempDir();
    const observedAt = new Date(Date.now() - 10 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const [factPath] = await appendObservations(facts.path, [
      {
        coin: 'ase',
        vendor: 'apmex',
        observedAt,
        price: 92.5,
        inStock: true,
        method: 'tier-table',
        reason: '',
      },
    ]);
    const repo = seedRepo('retail', {
      'data/retail/providers.json': JSON.stringify(catalog),
      [factPath!]: readFileSync(join(facts.path, factPath!), 'utf8'),
    });
    facts.remove();
    const r = await runAction('retail-poll', { repo, scrape: 'false', 'poller-id': 'contract' });
    expect(r.code, r.log).toBe(0);
    expect(r.outputs).toMatchObject({ targets: '0', 'coins-published': '1', pushed: 'true' });
    expect(JSON.parse(gitOut(repo, 'show', 'main:data/api/manifest.json')).coins).toEqual(['ase']);
    expect(JSON.parse(gitOut(repo, 'show', 'main:data/api/ase/latest.json')).median_price).toBe(92.5);
    // The job summary a person reads: what was rebuilt, what the app now reads, and the commit.
    const head = gitOut(repo, 'rev-parse', 'main').trim();
    expect(r.summary).toContain('### Retail publish · views rebuilt from the facts');
    expect(r.summary).toMatch(
      /\*\*1\*\* coins in the manifest · \*\*\d+\*\* view files changed · manifest generated \d{4}-/,
    );
    expect(r.summary).toContain(`Commit: \`${head.slice(0, 12)}\` (pushed)`);
    expect(r.summary).not.toMatch(/\| Coin \|\s*\|/);
  });

  it('an invalid input fails with exit code 2 and an annotation naming it', async () => {
    const r = await runAction('retail-poll', { repo: '/nowhere', shard: 'half' });
    expect(r.code).toBe(2);
    expect(r.log).toMatch(/::error title=retail-poll%3A invalid input::input "shard" \(got "half"\)/);
  });
});
