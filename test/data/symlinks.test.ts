/**
 * A data repository's tree is data, never instructions: a symbolic link committed into it (a real
 * git symlink, mode 120000) is refused by name, and nothing is read or written through it.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import retailPoll from '../../src/commands/retail-poll.js';
import spotPoll from '../../src/commands/spot-poll.js';
import {
  createFileAtomic,
  readDirNames,
  readSmallTextIfExists,
  readTextIfExists,
  SymlinkError,
  writeFileAtomic,
} from '../../src/data/atomic.js';
import { slotPath } from '../../src/data/paths.js';
import type { Catalog } from '../../src/data/retail-catalog.js';
import { floorSlot, formatNaive } from '../../src/data/time.js';
import { type SiteServer, serveSite } from '../../src/demo/dealer-site/server.js';
import { bulkPages, COINS, REFS } from '../../src/demo/dealer-site/site.js';
import { CHROMIUM } from '../helpers/chromium.js';
import { commitCount, gitOut, jsonFilesUnder, seededRepo, tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run.js';
import { GOOD_KEY, type MockServer, startMetalPriceApi } from '../peers/metalpriceapi.js';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

/** A folder outside every checkout, holding one file, that links point at. */
function outside(): { path: string; file: string; listing: () => string[] } {
  const path = join(dir.path, 'outside');
  mkdirSync(path);
  const file = join(path, 'secret.json');
  writeFileSync(file, '[{"secret":"do not publish"}]');
  return { path, file, listing: () => readdirSync(path, { recursive: true }).map(String).sort() };
}

const linkMode = (repo: string, path: string) => gitOut(repo, 'ls-tree', 'main', path).split(/\s/)[0];

describe('spot-poll and a link in the data repository', () => {
  const NOW = '2026-03-10T14:20:00Z';
  let api: MockServer;
  beforeAll(async () => {
    api = await startMetalPriceApi({ now: () => new Date(NOW) });
  });
  afterAll(() => api.close());
  const poll = (repo: string) =>
    runCli(spotPoll, ['--repo', repo, '--api-base-url', api.url, '--poller-id', 'test'], {
      STAKTRAKR_NOW: NOW,
      METAL_PRICE_API_KEY: GOOD_KEY,
    });

  it('a linked month folder fails the run naming it; nothing is written outside, nothing pushed', async () => {
    dir = tempDir();
    const out = outside();
    const repo = seededRepo(dir.path, {
      files: { 'data/spot-history-2026.json': '[]\n' },
      links: { 'data/15min/2026/03': out.path },
    });
    expect(linkMode(repo, 'data/15min/2026/03')).toBe('120000');
    const commits = commitCount(repo);
    const r = await poll(repo);
    expect(r.code).not.toBe(0);
    expect(`${r.out}\n${r.err}`).toContain('data/15min/2026/03 is a symbolic link');
    expect(out.listing()).toEqual(['secret.json']);
    expect(commitCount(repo)).toBe(commits);
  });

  it('a file linked out of the checkout is neither read nor replaced', async () => {
    dir = tempDir();
    const out = outside();
    const repo = seededRepo(dir.path, { links: { 'data/hourly/2026/03/10/14.json': out.file } });
    const r = await poll(repo);
    expect(r.code).not.toBe(0);
    expect(`${r.out}\n${r.err}`).toContain('data/hourly/2026/03/10/14.json is a symbolic link');
    expect(readFileSync(out.file, 'utf8')).toBe('[{"secret":"do not publish"}]');
    expect(linkMode(repo, 'data/hourly/2026/03/10/14.json')).toBe('120000');
  });
});

describe('the safe reader and writer', () => {
  it('refuse a link at any depth below the checkout root, and create folders only inside it', async () => {
    dir = tempDir();
    const out = outside();
    const root = join(dir.path, 'checkout');
    mkdirSync(join(root, '.git'), { recursive: true });
    mkdirSync(join(root, 'data/15min/2026'), { recursive: true });
    symlinkSync(out.path, join(root, 'data/15min/2026/12'));
    symlinkSync(out.file, join(root, 'data/file.json'));
    symlinkSync(join(dir.path, 'nowhere'), join(root, 'data/dangling.json'));

    const deep = join(root, 'data/15min/2026/12/01/0000.json');
    // Without a root the checkout is found by its .git; with one, from there.
    for (const r of [undefined, root]) {
      await expect(writeFileAtomic(deep, '[]', r)).rejects.toThrow('data/15min/2026/12 is a symbolic link');
      await expect(createFileAtomic(deep, '[]', r)).rejects.toBeInstanceOf(SymlinkError);
      await expect(readTextIfExists(join(root, 'data/file.json'), r)).rejects.toThrow('data/file.json');
      await expect(readTextIfExists(join(root, 'data/15min/2026/12/secret.json'), r)).rejects.toThrow(
        'data/15min/2026/12',
      );
      await expect(writeFileAtomic(join(root, 'data/dangling.json'), '[]', r)).rejects.toThrow(
        'data/dangling.json is a symbolic link',
      );
      await expect(readDirNames(join(root, 'data'), r)).rejects.toThrow('is a symbolic link');
    }
    // The fast reader of many small files (spot slot files) refuses the same links.
    await expect(readSmallTextIfExists(join(root, 'data/file.json'), root)).rejects.toThrow('data/file.json');
    await expect(readSmallTextIfExists(join(root, 'data/dangling.json'), root)).rejects.toThrow(
      'data/dangling.json is a symbolic link',
    );
    await expect(readSmallTextIfExists(join(root, 'data/15min/2026/12/secret.json'), root)).rejects.toThrow(
      'data/15min/2026/12',
    );
    await expect(
      readSmallTextIfExists(join(root, 'data/15min/2026/11/01/0000.json'), root),
    ).resolves.toBeUndefined();
    expect(out.listing()).toEqual(['secret.json']);
    expect(readFileSync(out.file, 'utf8')).toBe('[{"secret":"do not publish"}]');
    expect(readdirSync(dir.path).sort()).toEqual(['checkout', 'outside']);

    // Plain folders and files still work, and the checkout may itself sit below a link.
    await writeFileAtomic(join(root, 'data/hourly/2026/03/10/14.json'), '[]\n');
    symlinkSync(root, join(dir.path, 'via-link'));
    const viaLink = join(dir.path, 'via-link/data/hourly/2026/03/10/14.json');
    expect(await readTextIfExists(viaLink)).toBe('[]\n');
    expect(await readTextIfExists(viaLink, join(dir.path, 'via-link'))).toBe('[]\n');
    expect(
      await readDirNames(join(dir.path, 'via-link/data/hourly/2026'), join(dir.path, 'via-link')),
    ).toEqual(['03']);
    expect(await createFileAtomic(viaLink, 'x')).toBe(false);
    expect(jsonFilesUnder(join(root, 'data/hourly'))).toHaveLength(1);
    // A link that stays inside the checkout is refused as well, whichever way it is read.
    symlinkSync(join(root, 'data/hourly/2026'), join(root, 'data/hourly/alias'));
    await expect(readTextIfExists(join(root, 'data/hourly/alias/03/10/14.json'), root)).rejects.toThrow(
      'data/hourly/alias is a symbolic link',
    );
    await expect(readDirNames(join(root, 'data/hourly/alias/03'), root)).rejects.toThrow('data/hourly/alias');
    await expect(readSmallTextIfExists(join(root, 'data/hourly/alias/03/10/14.json'), root)).rejects.toThrow(
      'data/hourly/alias is a symbolic link',
    );
    expect(await readTextIfExists(join(root, 'data/hourly/2026/03/10/15.json'), root)).toBeUndefined();
    expect(await readSmallTextIfExists(join(root, 'data/hourly/2026/03/10/15.json'), root)).toBeUndefined();
    expect(await readSmallTextIfExists(join(root, 'data/hourly/2026/03/10/14.json'), root)).toBe('[]\n');
    expect(
      await readSmallTextIfExists(viaLink, join(dir.path, 'via-link')), // the root itself below a link
    ).toBe('[]\n');
  });
});

describe.skipIf(!CHROMIUM)('retail-poll and a link in the data repository', () => {
  let site: SiteServer;
  const pages = bulkPages(1);
  beforeAll(async () => {
    site = await serveSite(pages);
  });
  afterAll(() => site.close());

  /** The catalog of the one page and the spot prices the melt band needs, as files of the repository. */
  function repoFiles(): Record<string, string> {
    const catalog: Catalog = { coins: {} };
    for (const p of pages)
      catalog.coins[p.coin] = {
        ...COINS[p.coin]!,
        providers: [{ id: p.vendor, name: p.vendor, enabled: true, url: `${site.url}${p.path}` }],
      };
    const slot = floorSlot(new Date(Date.now() - 20 * 60_000));
    const spot = Object.entries(REFS.spot).map(([metal, price]) => ({
      spot: price,
      metal,
      source: 'latest',
      provider: 'Test',
      timestamp: formatNaive(slot),
    }));
    return {
      'data/retail/providers.json': JSON.stringify(catalog, null, 2),
      [slotPath(slot)]: JSON.stringify(spot, null, 2),
    };
  }
  const poll = (repo: string) =>
    runCli(retailPoll, [
      '--repo',
      repo,
      '--fetcher',
      'playwright',
      '--browser-path',
      CHROMIUM!,
      '--per-vendor-delay',
      '0-10',
      '--page-timeout',
      '30',
      // The dealer site is on loopback, which the outbound policy refuses unless allowed.
      '--allow-hosts',
      '127.0.0.1',
    ]);

  it('a linked views folder fails the run naming it; nothing is written outside, nothing pushed', async () => {
    dir = tempDir();
    const out = outside();
    const repo = seededRepo(dir.path, { files: repoFiles(), links: { 'data/api': out.path } });
    expect(linkMode(repo, 'data/api')).toBe('120000');
    const commits = commitCount(repo);
    const r = await poll(repo);
    expect(r.code).not.toBe(0);
    expect(`${r.out}\n${r.err}`).toContain('data/api is a symbolic link');
    expect(out.listing()).toEqual(['secret.json']);
    expect(commitCount(repo)).toBe(commits);
  }, 120_000);

  it('a linked folder of past facts is not read into the views', async () => {
    dir = tempDir();
    const out = outside();
    const repo = seededRepo(dir.path, { files: repoFiles(), links: { 'data/retail/facts/2020': out.path } });
    const r = await poll(repo);
    expect(r.code).not.toBe(0);
    expect(`${r.out}\n${r.err}`).toContain('data/retail/facts/2020 is a symbolic link');
    expect(out.listing()).toEqual(['secret.json']);
  }, 120_000);

  it('a catalog linked out of the checkout is not read', async () => {
    dir = tempDir();
    const out = outside();
    const files = repoFiles();
    writeFileSync(out.file, files['data/retail/providers.json']!);
    delete files['data/retail/providers.json'];
    const repo = seededRepo(dir.path, { files, links: { 'data/retail/providers.json': out.file } });
    const r = await poll(repo);
    expect(r.code).not.toBe(0);
    expect(`${r.out}\n${r.err}`).toContain('data/retail/providers.json is a symbolic link');
    expect(out.listing()).toEqual(['secret.json']);
  }, 120_000);
});
