/**
 * Entries this toolkit does not understand (written by another tool or an older poller) survive
 * every rewrite byte for byte and in place: a real spot-poll run against a real bare repository
 * rewrites the hourly view and the spot history that hold them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import spotPoll from '../../src/commands/spot-poll.js';
import { mergeSpotHistory, rebuildHourly, writeSlot } from '../../src/data/spot-store.js';
import { commitCount, seededRepo, showFile, tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run.js';
import { GOOD_KEY, type MockServer, startMetalPriceApi } from '../peers/metalpriceapi.js';

const NOW = '2026-03-10T14:20:00Z';
let api: MockServer;
let dir: ReturnType<typeof tempDir>;
beforeAll(async () => {
  api = await startMetalPriceApi({ now: () => new Date(NOW) });
});
afterAll(() => api.close());
afterEach(() => dir?.remove());

const poll = (repo: string) =>
  runCli(
    spotPoll,
    // The seeded history sits far from the peer's prices; what this file tests is the foreign
    // entries, not the plausibility check (test/spot/upstream-faults.test.ts does that).
    [
      '--repo',
      repo,
      '--api-base-url',
      api.url,
      '--poller-id',
      'test',
      '--backfill-hours',
      '1',
      '--accept-jump',
      'true',
    ],
    {
      STAKTRAKR_NOW: NOW,
      METAL_PRICE_API_KEY: GOOD_KEY,
    },
  );

const entry = (metal: string, timestamp: string, spot: number, source = 'hourly') =>
  JSON.stringify({ spot, metal, source, provider: 'MetalPriceAPI', timestamp });

/** One of each kind of entry nobody here understands, as their writers wrote them. */
const FOREIGN = {
  unknownMetal:
    '{"metal":"Rhodium","spot":450.5,"source":"other-tool","provider":"x","timestamp":"2026-03-10 14:00:00"}',
  noProvider: '{"spot":2900.1,"metal":"Gold","source":"hourly","timestamp":"2026-03-10 14:05:00"}',
  stringPrice:
    '{"spot":"2900.50","metal":"Silver","source":"hourly","provider":"x","timestamp":"2026-03-10 14:05:00"}',
  badTimestamp:
    '{"spot":31.5,"metal":"Silver","source":"hourly","provider":"x","timestamp":"10/03/2026 2pm"}',
  extraFields:
    '{"spot":2901.00,"metal":"Gold","source":"hourly","provider":"x","timestamp":"2026-03-10 14:10:00","note":"caf\\u00e9 \\"quoted\\"","tags":[],"meta":{"by":"tool","n":1e3}}',
  otherKeyOrder:
    '{"metal":"Gold","spot":2902.5,"source":"hourly","provider":"x","timestamp":"2026-03-10 14:10:00"}',
  notAnObject: 'null',
};
/** JSON text with the whitespace between tokens removed (strings untouched): the bytes of its tokens. */
const tokensOf = (json: string) =>
  json.replace(/("(?:[^"\\]|\\.)*")|\s+/g, (_m, str: string | undefined) => str ?? '');

const [first, ...rest] = Object.values(FOREIGN) as [string, ...string[]];

describe('foreign entries through a spot-poll run', () => {
  it('keeps every one byte for byte, in place, in the hourly view and the spot history', async () => {
    dir = tempDir();
    // Hourly file as another tool lays it out (4-space indent): one foreign entry first, the rest
    // after the Gold entry of 14:00, before the Silver one.
    const hourly = [
      first,
      entry('Gold', '2026-03-10 14:00:00', 4990),
      ...rest,
      entry('Silver', '2026-03-10 14:00:00', 79.5),
    ];
    // The same kinds in the spot history, dated before its last day so the catch-up still runs.
    const [hFirst, ...hRest] = [first, ...rest].map((e: string) =>
      e.replace(/2026-03-10 14:\d\d:00/, '2026-02-28 12:00:00'),
    );
    const history = [
      hFirst,
      ...['Gold', 'Silver', 'Platinum', 'Palladium'].map((m, i) =>
        entry(m, '2026-03-01 12:00:00', [5000, 80, 2000, 1500][i]!, 'seed'),
      ),
      ...hRest,
    ];
    const repo = seededRepo(dir.path, {
      files: {
        'data/hourly/2026/03/10/14.json': `[\n    ${hourly.join(',\n    ')}\n]`,
        'data/spot-history-2026.json': `[${history.join(', ')}]`,
      },
    });

    const r = await poll(repo);
    expect(r.code, r.err).toBe(0);
    expect(r.outputs.pushed).toBe('true');

    const hourlyAfter = showFile(repo, 'data/hourly/2026/03/10/14.json');
    const parsed = JSON.parse(hourlyAfter) as Array<Record<string, unknown> | null>;
    // The view gained the 14:15 slot…
    expect(
      parsed.filter((e) => e?.timestamp === '2026-03-10 14:15:00' && e.provider === 'MetalPriceAPI'),
    ).toHaveLength(4);
    // …and every foreign entry is there, token for token, where it was.
    const tokens = tokensOf(hourlyAfter);
    expect(tokens.startsWith(`[${first},`)).toBe(true);
    expect(tokens).toContain(`,${rest.join(',')},`);
    const at = parsed.indexOf(null) - rest.length + 1;
    expect(parsed[at - 1]).toMatchObject({ metal: 'Gold', timestamp: '2026-03-10 14:00:00' });
    expect(parsed[at + rest.length]).toMatchObject({ metal: 'Silver', timestamp: '2026-03-10 14:00:00' });

    const historyAfter = showFile(repo, 'data/spot-history-2026.json');
    const lines = historyAfter.split('\n').map((l) => l.replace(/,$/, ''));
    // One entry per line: each foreign line is its writer's text, unchanged.
    expect(lines.slice(1, 2)).toEqual([hFirst]);
    const from = lines.indexOf(hRest[0]!);
    expect(lines.slice(from, from + hRest.length)).toEqual(hRest);
    expect(JSON.parse(lines[from - 1]!)).toMatchObject({
      metal: 'Palladium',
      timestamp: '2026-03-01 12:00:00',
    });
    expect(
      JSON.parse(historyAfter).some((e: { timestamp?: string }) => e?.timestamp === '2026-03-09 12:00:00'),
    ).toBe(true);

    // A fixed point: the next run rewrites nothing and commits nothing.
    const commits = commitCount(repo);
    const again = await poll(repo);
    expect(again.code, again.err).toBe(0);
    expect(again.outputs.commit).toBe('');
    expect(commitCount(repo)).toBe(commits);
  });
});

describe('the store keeps what it cannot merge', () => {
  it('a repeated (timestamp, metal) entry stays, as does a value another writer chose', async () => {
    dir = tempDir();
    const gold = entry('Gold', '2026-03-01 12:00:00', 2900, 'seed');
    const silver = entry('Silver', '2026-03-01 12:00:00', 32, 'seed');
    const twin = entry('Gold', '2026-03-01 12:00:00', 2950, 'seed');
    mkdirSync(join(dir.path, 'data'));
    writeFileSync(join(dir.path, 'data/spot-history-2026.json'), `[\n${gold},\n${twin},\n${silver}\n]\n`);
    const offered = JSON.parse(entry('Gold', '2026-03-02 12:00:00', 2910, 'seed'));
    const merged = await mergeSpotHistory(dir.path, 2026, [offered]);
    expect(merged.added).toHaveLength(1);
    const text = readFileSync(join(dir.path, 'data/spot-history-2026.json'), 'utf8');
    expect(text).toBe(`[\n${gold},\n${twin},\n${silver},\n${JSON.stringify(offered)}\n]\n`);
  });

  it('a file that is JSON but no array is another writer’s: refused by name, never overwritten', async () => {
    dir = tempDir();
    const rel = 'data/hourly/2026/03/10/14.json';
    mkdirSync(join(dir.path, 'data/hourly/2026/03/10'), { recursive: true });
    writeFileSync(join(dir.path, rel), '{"by":"another tool"}');
    const slot = new Date('2026-03-10T14:00:00Z');
    const facts = ['Gold', 'Silver', 'Platinum', 'Palladium'].map((m, i) =>
      JSON.parse(entry(m, '2026-03-10 14:00:00', [2900, 32, 980, 950][i]!, 'latest')),
    );
    await writeSlot(dir.path, slot, facts);
    await expect(rebuildHourly(dir.path, slot)).rejects.toThrow(`${rel} is valid JSON but not an array`);
    expect(readFileSync(join(dir.path, rel), 'utf8')).toBe('{"by":"another tool"}');
    const slotRel = 'data/15min/2026/03/10/1415.json';
    mkdirSync(join(dir.path, 'data/15min/2026/03/10'), { recursive: true });
    writeFileSync(join(dir.path, slotRel), '{"not":"a slot"}');
    await expect(writeSlot(dir.path, new Date('2026-03-10T14:15:00Z'), facts)).rejects.toThrow(slotRel);
  });
});
