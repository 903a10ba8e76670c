/**
 * "Plausible against the other source when two are available": a price that disagrees with
 * another source's quote of nearly the same moment by more than 5 % is refused, with a message
 * naming the metal, both values and both sources — real loopback peers, real git.
 */
import { describe, expect, it } from 'vitest';
import spotPoll from '../../src/commands/spot-poll.js';
import { bareRepo, listFiles, showFile } from '../helpers/git.js';
import { perTest } from '../helpers/per-test.js';
import { runCli } from '../helpers/run.js';
import { defaultPrice, GOOD_KEY, type MockServer, startMetalPriceApi } from '../peers/metalpriceapi.js';
import { PEER_KEY, startProviderPeers } from '../peers/metals-dev-and-metals-api.js';

const resources = perTest();

const poll = (repo: string, now: string, server: MockServer, extra: string[] = []) =>
  runCli(spotPoll, ['--repo', repo, '--api-base-url', server.url, '--poller-id', 'test', ...extra], {
    STAKTRAKR_NOW: now,
    METAL_PRICE_API_KEY: GOOD_KEY,
    METALS_DEV_API_KEY: PEER_KEY,
  });

describe('the other source', () => {
  it('history for the hour of the live quote, 8 % off: refused, naming metal, both values and sources', async () => {
    let now = new Date('2026-03-10T12:05:00Z');
    const api = await startMetalPriceApi({
      now: () => now,
      // The 14:00 history row is 8 % above what /latest says a quarter of an hour later.
      price: (s, at) => defaultPrice(s, at) * (at.toISOString() === '2026-03-10T14:00:00.000Z' ? 1.08 : 1),
    });
    resources.defer(() => api.close());
    const dir = resources.tempDir();
    const repo = bareRepo(dir.path);
    expect((await poll(repo, now.toISOString(), api, ['--backfill-hours', '0'])).code).toBe(0);
    now = new Date('2026-03-10T14:20:00Z');
    const r = await poll(repo, now.toISOString(), api, ['--backfill-hours', '3']);
    expect(r.code).toBe(1); // the backfill phase names what it refused
    const gold1400 = (defaultPrice('XAU', new Date('2026-03-10T14:00:00Z')) * 1.08).toString();
    expect(r.err).toContain(
      `slot 2026-03-10 14:00: Gold ${gold1400} from MetalPriceAPI backfill-hourly disagrees with ${defaultPrice('XAU', now)} from MetalPriceAPI latest (slot 2026-03-10 14:15)`,
    );
    const slots = listFiles(repo).filter((f) => f.startsWith('data/15min/2026/03/10/'));
    // 13:00 agrees with everything and is filled; 14:00 is not; the live slot is published.
    expect(slots).toEqual([
      'data/15min/2026/03/10/1200.json',
      'data/15min/2026/03/10/1300.json',
      'data/15min/2026/03/10/1415.json',
    ]);
  });

  it('two providers: a live quote 8 % off the other provider’s slot is refused, the next provider’s is used', async () => {
    const now = new Date('2026-03-10T14:20:00Z');
    const others = await startProviderPeers();
    resources.defer(() => others.close());
    // MetalPriceAPI quotes gold 8 % above what metals.dev said at 14:00.
    const api = await startMetalPriceApi({
      now: () => now,
      price: (s, at) => (s === 'XAU' ? 5389.33 : defaultPrice(s, at)),
    });
    resources.defer(() => api.close());
    const dir = resources.tempDir();
    const repo = bareRepo(dir.path);
    const dev = ['--metals-dev-base-url', `${others.url}/dev`, '--backfill-hours', '0', '--catchup', 'false'];
    const first = await poll(repo, '2026-03-10T14:05:00Z', api, ['--providers', 'metals-dev', ...dev]);
    expect(first.code, first.err).toBe(0);
    const r = await poll(repo, now.toISOString(), api, ['--providers', 'metalpriceapi,metals-dev', ...dev]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'slot 2026-03-10 14:15: Gold 5389.33 from MetalPriceAPI latest disagrees with 4990.12 from metals.dev latest (slot 2026-03-10 14:00) by 8.0 %',
    );
    const slot = JSON.parse(showFile(repo, 'data/15min/2026/03/10/1415.json'));
    expect(slot[0]).toMatchObject({ provider: 'metals.dev', spot: 4990.12 });
  });
});
