/**
 * The retail run as a domain function (src/retail/poll.ts), without a command or a browser: the
 * publish step (`scrape: false`) over facts already in a bare repository — its result, the files it
 * pushes, and that a second run changes nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST_PATH, RETAIL_CATALOG_PATH } from '../../src/data/paths.js';
import { formatFactFile, retailFactPath, toFactEntry } from '../../src/data/retail-facts.js';
import { openWorkspace } from '../../src/git/workspace.js';
import { parseShard } from '../../src/retail/catalog.js';
import { type RetailPollOptions, runRetailPoll } from '../../src/retail/poll.js';
import { parseDelay } from '../../src/retail/schedule.js';
import { commitCount, seededRepo, showFile, tempDir } from '../helpers/git.js';
import { collectingLogger } from '../helpers/logger.js';
import { catalogOf, obs } from './views-fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

const at = new Date('2026-03-15T20:07:00Z');
const clock = { now: () => at, sleep: async () => {} };
const facts = [
  obs('ase', 'apmex', '2026-03-15T20:01:00Z', 34.5),
  obs('ase', 'jmbullion', '2026-03-15T20:02:00Z', 35.5),
  obs('ase', 'sdbullion', '2026-03-15T20:03:00Z', 38.5),
];
const repo = seededRepo(dir.path, {
  files: {
    [RETAIL_CATALOG_PATH]: JSON.stringify(catalogOf({ ase: ['apmex', 'jmbullion', 'sdbullion'] })),
    [retailFactPath(at, 'ase')]: formatFactFile(facts.map(toFactEntry)),
  },
});

async function publishStep(logger = collectingLogger(), extra: Partial<RetailPollOptions> = {}) {
  const workspace = await openWorkspace({
    repo,
    branch: 'main',
    pollerId: 'test',
    purpose: 'retail-poll',
    clock,
    logger,
  });
  try {
    return await runRetailPoll({
      workspace,
      clock,
      scrape: false,
      coins: [],
      vendors: [],
      shard: parseShard('1/1'),
      fetcher: 'playwright',
      browser: {},
      playwrightCacheDir: dir.path,
      pageTimeoutMs: 5000,
      firecrawl: {},
      vision: { mode: 'off', apiKey: '', maxCalls: 0 },
      outbound: {},
      concurrency: 1,
      delay: parseDelay('0'),
      retireAfterDays: 14,
      warnFailedPercent: 50,
      push: true,
      dryRun: false,
      pollerId: 'test',
      logger,
      ...extra,
    });
  } finally {
    await workspace.release();
  }
}

describe('runRetailPoll, the publish step', () => {
  it('rebuilds the views from the facts, pushes them and says so in its result', async () => {
    const logger = collectingLogger();
    const r = await publishStep(logger);
    expect(r.failure).toBeUndefined();
    expect(r.counts).toEqual({ targets: 0, priced: 0, outOfStock: 0, failed: 0 });
    expect(r.coinsPublished).toBe(1);
    expect(r.pushed).toBe(true);
    expect(r.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(commitCount(repo)).toBe(2);
    const manifest = JSON.parse(showFile(repo, MANIFEST_PATH));
    expect(manifest.coins).toEqual(['ase']);
    expect(manifest.generated_at).toBe('2026-03-15T20:03:00.000Z');
    // The true median of 34.50, 35.50 and 38.50, not their mean (36.17).
    expect(JSON.parse(showFile(repo, 'data/api/ase/latest.json')).median_price).toBe(35.5);
    expect(r.summary).toMatch(/^### Retail publish · views rebuilt from the facts\n/);
    expect(r.summary).toContain('**1** coins in the manifest');
    expect(r.summary).toContain(`\`${r.commit!.slice(0, 12)}\` (pushed)`);
    expect(logger.lines.filter((l) => /^(warning|error): /.test(l))).toEqual([]);
  });

  it('a second run over the same facts changes nothing and makes no commit', async () => {
    const r = await publishStep();
    expect(r).toMatchObject({ coinsPublished: 1, pushed: false, commit: undefined });
    expect(r.summary).toContain('Commit: none (nothing changed)');
    expect(commitCount(repo)).toBe(2);
  });
});
