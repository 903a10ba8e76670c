/**
 * The action contract, as the runner drives it: `node dist/pages-verify/index.js` with INPUT_<name>
 * (hyphens kept), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. Uses the built bundle when there is
 * one; otherwise bundles src/main.ts the same way (one folder named for the command) with esbuild.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIso } from '../../src/data/time.js';
import type { InputSpec } from '../../src/runtime/inputs.js';
import { GitHubApiServer } from '../peers/github-api.js';
import { deadEndpoint, StaticSite } from '../peers/pages-sites.js';
import { checkoutOf, clockAtMinute, dataSet } from './fixtures.js';

let bundle: string;
let work: string;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'verify-action-'));
  cleanups.push(() => rm(work, { recursive: true, force: true }));
  const built = resolve('dist/pages-verify/index.js');
  if (existsSync(built)) {
    bundle = built;
    return;
  }
  console.log('dist/pages-verify/index.js is not built: bundling src/main.ts with esbuild for this test');
  bundle = join(work, 'pages-verify', 'index.mjs');
  await build({
    entryPoints: ['src/main.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['playwright-core'],
    logLevel: 'error',
    // CommonJS dependencies (@actions/*) call require() on Node built-ins.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
});

afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Run {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs the bundle as the runner does and parses the GITHUB_OUTPUT file (name<<delimiter blocks). */
async function runAction(inputs: Record<string, string>, now: Date): Promise<Run> {
  const dir = await mkdtemp(join(work, 'run-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    STAKTRAKR_NOW: formatIso(now),
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((done) => {
    execFile(process.execPath, [bundle], { env }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: stdout + stderr }),
    );
  });
  const outputs: Record<string, string> = {};
  const text = await readFile(outputFile, 'utf8');
  for (const m of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
  return { code, stdout, outputs, summary: await readFile(summaryFile, 'utf8') };
}

describe('actions/pages-verify', () => {
  it('passes when every endpoint serves the push, and fails naming the endpoint that does not', async () => {
    const clock = clockAtMinute(40);
    const data = dataSet(clock);
    const repo = await checkoutOf(data);
    cleanups.push(repo.cleanup);
    const pages = await new StaticSite(data.old, { githubPages: true, deployDelayMs: 300 }).start();
    cleanups.push(() => pages.close());
    const token = 'ghs_actionTestToken4567890';
    const api = await new GitHubApiServer('another-token', {}).start();
    cleanups.push(() => api.close());
    pages.push(data.pushed);

    const base = {
      expect: repo.dir,
      timeout: '10',
      interval: '0.1',
      'max-age-spot': '20',
      token,
      repository: 'staktrakr/api1',
      'github-api-url': api.url,
    };
    const good = await runAction({ ...base, endpoints: pages.url }, clock.now());
    // `::add-mask::` is the command that tells the runner to mask the token; nothing else may show it.
    const shown = (r: Run) =>
      r.stdout.replace(/^::add-mask::.*$/m, '') + r.summary + (r.outputs.report ?? '');
    expect(shown(good)).not.toContain(token);
    expect(good.code).toBe(0);
    expect(good.outputs.ok).toBe('true');
    const report = JSON.parse(good.outputs.report!);
    expect(report.endpoints[0]).toMatchObject({
      endpoint: pages.url,
      ok: true,
      served: 3,
      githubPages: true,
    });
    expect(good.summary).toContain('✅ pages-verify: all 1 endpoints');

    const down = await deadEndpoint();
    const bad = await runAction({ ...base, endpoints: `${pages.url}\n${down}`, timeout: '1' }, clock.now());
    expect(bad.code).toBe(1);
    expect(bad.outputs.ok).toBe('false');
    expect(JSON.parse(bad.outputs.report!).endpoints[1]).toMatchObject({ endpoint: down, ok: false });
    expect(bad.stdout).toMatch(
      new RegExp(`::error title=[^:]*::${down}: 3 pushed files unreachable after 1 s \\(ECONNREFUSED\\)`),
    );
    expect(bad.stdout).toMatch(/::error title=pages-verify failed::1 of 2 endpoint\(s\) failed — /);
    expect(bad.summary).toContain(`| ${down} | ❌ failed | 0/3 |`);
    expect(shown(bad)).not.toContain(token);
  });

  it('rejects a bad input before any network work, naming it', async () => {
    const run = await runAction({ endpoints: 'ftp://example.com/', timeout: '600' }, new Date());
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('input "endpoints"');
    expect(run.stdout).toContain('is not http(s)');
    const noEndpoints = await runAction({}, new Date());
    expect(noEndpoints.code).toBe(2);
    expect(noEndpoints.stdout).toMatch(/input "endpoints".*name at least one endpoint/);
  });
});

describe('action.yml', () => {
  it('documents every input of the command with its default, and runs the bundle on node24', async () => {
    const yml = await readFile('actions/pages-verify/action.yml', 'utf8');
    const { default: command } = await import('../../src/commands/pages-verify.js');
    expect(yml).toMatch(/runs:\n {2}using: node24\n {2}main: \.\.\/\.\.\/dist\/pages-verify\/index\.js/);
    for (const [name, spec] of Object.entries(command.inputs) as Array<[string, InputSpec]>) {
      const block = new RegExp(
        `\\n  ${name}:\\n    description: [^\\n]+\\n[\\s\\S]*?(?=\\n  \\S|\\noutputs:)`,
      ).exec(yml);
      expect(block, `input ${name} is in action.yml`).not.toBeNull();
      if (spec.default !== undefined && name !== 'github-api-url') {
        expect(block![0], `default of ${name}`).toContain(`default: '${spec.default}'`);
      }
    }
    for (const name of Object.keys(command.outputs)) expect(yml).toContain(`\n  ${name}:\n    description:`);
  });
});
