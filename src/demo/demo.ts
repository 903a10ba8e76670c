/**
 * The whole system on one machine, no keys, no internet: two bare repositories stand in for the two
 * API repositories; spot-poll (offline replay provider) writes both, as the Fly and GitHub pollers
 * do; retail-poll reads a generated dealer site on loopback in Chromium into B; sync-repos makes A
 * and B identical; two servers serve them; pages-verify checks both. Every step is the very command
 * a workflow or container runs.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatPretty } from '../data/json.js';
import { type Logger, silentLogger } from '../data/logger.js';
import { MANIFEST_PATH, RETAIL_CATALOG_PATH } from '../data/paths.js';
import type { Catalog } from '../data/retail-catalog.js';
import { git } from '../git/exec.js';
import { findSystemBrowser } from '../retail/browser.js';
import { type Command, runCommand } from '../runtime/command.js';
import { createServer, type RunningServer } from '../serve/server.js';
import { type SiteServer, serveSite } from './dealer-site/server.js';
import { bulkPages, COINS, GOLDBACK_RATE_PATH, goldbackRatePage } from './dealer-site/site.js';
import { type ExamplePage, serveExamplePage } from './example-page.js';

/** The commands the demo runs; src/commands/demo.ts passes them in (the demo never imports commands). */

/** The demo's own server keeps quiet: its requests would drown the steps being shown. */

export interface DemoCommands {
  // biome-ignore lint/suspicious/noExplicitAny: each command has its own input type
  spotPoll: Command<any>;
  // biome-ignore lint/suspicious/noExplicitAny: each command has its own input type
  retailPoll: Command<any>;
  // biome-ignore lint/suspicious/noExplicitAny: each command has its own input type
  syncRepos: Command<any>;
  // biome-ignore lint/suspicious/noExplicitAny: each command has its own input type
  pagesVerify: Command<any>;
}

export interface DemoOptions {
  commands: DemoCommands;
  dir?: string;
  /** Exit when done instead of serving until Ctrl-C. */
  once: boolean;
  logger: Logger;
  browserPath?: string;
  /** Resolves when the demo should stop serving (Ctrl-C). */
  stop?: Promise<unknown>;
}

export interface DemoResult {
  repoA: string;
  repoB: string;
  endpoints: string[];
  verified: boolean;
  identical: boolean;
}

const identity = ['-c', 'user.name=staktrakr demo', '-c', 'user.email=demo@staktrakr.invalid'];

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { spotPoll, retailPoll, syncRepos, pagesVerify } = options.commands;
  const log = (message: string) => options.logger.info(message);
  const started = Date.now();
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'staktrakr-demo-')));
  await mkdir(dir, { recursive: true });
  const step = (n: number, text: string) =>
    log(`[${n}/6 · ${Math.round((Date.now() - started) / 1000)} s] ${text}`);
  // biome-ignore lint/suspicious/noExplicitAny: any command of the registry
  const run = async (label: string, command: Command<any>, argv: string[]) => {
    const code = await runCommand(command, {
      argv,
      env: { ...process.env, GITHUB_ACTIONS: '' },
      timestamps: false,
      out: (line) => log(`  ${label} │ ${line}`),
      err: (line) => log(`  ${label} │ ${line}`),
    });
    if (code !== 0) throw new Error(`${label} failed with exit code ${code} (see above)`);
  };

  const repoA = join(dir, 'api-a.git');
  const repoB = join(dir, 'api-b.git');
  const servers: Array<RunningServer | SiteServer | ExamplePage> = [];
  try {
    step(1, `Two empty data repositories: ${repoA} and ${repoB}`);
    for (const repo of [repoA, repoB])
      await git(['init', '--quiet', '--bare', '--initial-branch=main', repo], { cwd: dir });

    const browser = options.browserPath ?? findSystemBrowser();
    let site: SiteServer | undefined;
    if (browser) {
      // A dealer site on loopback, and the catalog naming its pages, committed to B like a human would.
      const pages = bulkPages(27);
      // The official Goldback rate page's local peer sits beside the dealers.
      site = await serveSite([...pages, goldbackRatePage(10.06)], { latencyMs: 40 });
      servers.push(site);
      const catalog: Catalog = { coins: {} };
      for (const p of pages) {
        catalog.coins[p.coin] ??= { ...COINS[p.coin], providers: [] };
        const coin = catalog.coins[p.coin]!;
        if (!coin.providers.some((v) => v.id === p.vendor)) {
          coin.providers.push({ id: p.vendor, name: p.vendor, enabled: true, url: `${site.url}${p.path}` });
        }
      }
      const seed = join(dir, 'seed-b');
      await git(['clone', '--quiet', repoB, seed], { cwd: dir });
      await mkdir(dirname(join(seed, RETAIL_CATALOG_PATH)), { recursive: true });
      await writeFile(join(seed, RETAIL_CATALOG_PATH), formatPretty(catalog));
      await git(['add', '-A'], { cwd: seed });
      await git([...identity, 'commit', '--quiet', '-m', 'catalog: dealer pages of the demo site'], {
        cwd: seed,
      });
      await git(['push', '--quiet', 'origin', 'HEAD:main'], { cwd: seed });
      log(`  dealer site on ${site.url}: ${pages.length} pages, ${Object.keys(catalog.coins).length} coins`);
    } else {
      log('  no Chrome/Chromium found (apt-get install chromium): the retail step is skipped');
    }

    step(2, 'spot-poll (replay provider) → A with 24 h of backfill, → B with 3 h (B "missed" hours)');
    await run('spot A', spotPoll, [
      '--repo',
      repoA,
      '--providers',
      'replay',
      '--poller-id',
      'fly-spot',
      '--backfill-hours',
      '24',
    ]);
    await run('spot B', spotPoll, [
      '--repo',
      repoB,
      '--providers',
      'replay',
      '--poller-id',
      'gha-spot',
      '--backfill-hours',
      '3',
    ]);

    if (browser) {
      step(3, 'retail-poll → B: every dealer page read in Chromium, politely');
      await run('retail B', retailPoll, [
        '--repo',
        repoB,
        '--poller-id',
        'mac-retail',
        '--browser-path',
        browser,
        '--fetcher',
        'playwright',
        '--per-vendor-delay',
        '100-400',
        '--concurrency',
        '4',
        '--goldback-url',
        `${site!.url}${GOLDBACK_RATE_PATH}`,
        // The demo's dealer site is on loopback, which the outbound policy refuses unless allowed.
        '--allow-hosts',
        '127.0.0.1',
      ]);
    } else step(3, 'retail-poll skipped (no browser)');

    step(4, 'sync-repos A ⇄ B: union of the facts, views rebuilt, both sides identical');
    await run('sync', syncRepos, ['--repo-a', repoA, '--repo-b', repoB, '--poller-id', 'demo-sync']);
    const tree = async (repo: string) => (await git(['rev-parse', 'main:data'], { cwd: repo })).stdout.trim();
    const identical = (await tree(repoA)) === (await tree(repoB));
    log(`  data/ tree of A ${identical ? '=' : '≠'} data/ tree of B (${(await tree(repoA)).slice(0, 12)})`);

    step(5, 'serve: one endpoint per repository (each a clone that follows its remote)');
    const endpoints: string[] = [];
    for (const [name, repo] of [
      ['a', repoA],
      ['b', repoB],
    ] as const) {
      const checkout = join(dir, `serve-${name}`);
      await git(['clone', '--quiet', repo, checkout], { cwd: dir });
      const server = await createServer({ dir: checkout, port: 0, followSeconds: 5, logger: silentLogger });
      servers.push(server);
      endpoints.push(server.url);
    }
    // Each status page shows the other endpoint's freshness too.
    log(`  endpoint A: ${endpoints[0]}   endpoint B: ${endpoints[1]}`);

    step(6, 'pages-verify: both endpoints serve the synced commit and are fresh');
    let verified = true;
    try {
      await run('verify', pagesVerify, [
        '--endpoints',
        endpoints.join(','),
        '--expect',
        join(dir, 'serve-a'),
        '--timeout',
        '60',
        '--interval',
        '1',
        '--max-age-retail',
        browser ? '30' : '0',
      ]);
    } catch (err) {
      verified = false;
      log(`  ${(err as Error).message}`);
    }

    const base = endpoints[0]!;
    const example = await serveExamplePage(endpoints);
    servers.push(example);
    log(
      [
        '',
        `Done in ${Math.round((Date.now() - started) / 1000)} s. ${verified && identical ? 'Both endpoints verified, both repositories identical.' : 'See the messages above.'}`,
        `  status page     ${base}/status`,
        `  client example  ${example.url}`,
        `  query API       ${base}/api/prices?metal=gold&window=24h`,
        `  health          ${base}/health`,
        `  hourly file     ${base}/data/hourly/${new Date().toISOString().slice(0, 13).replace(/-/g, '/').replace('T', '/')}.json`,
        browser ? `  retail          ${base}/${MANIFEST_PATH}` : '',
        `  repositories    ${repoA}  ${repoB}`,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    if (!options.once) {
      log('\nServing until Ctrl-C.');
      await (options.stop ?? new Promise<void>(() => {}));
    }
    return { repoA, repoB, endpoints, verified, identical };
  } finally {
    for (const s of servers.reverse()) await s.close();
  }
}
