/**
 * The soak's check of the full history, on a history made to break it: every fault planted in a
 * later version of a file (not only in the file's first one) must be found, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSoak, type Findings, type ZeroCheck } from '../../scripts/soak/invariants.js';
import { seeded } from '../../scripts/soak/random.js';
import { DEFAULT_START, type SoakRun } from '../../scripts/soak/soak.js';
import { Truth } from '../../scripts/soak/truth.js';
import { bareRepo, commitFiles, tempDir } from '../helpers/git.js';

const DAY = 86_400_000;
const start = DEFAULT_START;
const truth = new Truth(new Date(start.getTime() - 2 * DAY), new Date(start.getTime() + 2 * DAY), seeded(3));
const ts = (h: number) => `2026-10-30 ${String(h).padStart(2, '0')}:00:00`;
const gold = (h: number, factor = 1) => ({
  spot: Math.round(truth.price('XAU', new Date(start.getTime() + h * 3_600_000)) * factor * 100) / 100,
  metal: 'Gold',
  source: 'api',
  provider: 'test',
  timestamp: ts(h),
});
const json = (v: unknown) => `${JSON.stringify(v)}\n`;
const HISTORY = 'data/spot-history-2026.json';
const FACTS = 'data/retail/facts/2026/10/30/ase.json';
const fact = (hour: number, price: number) => ({
  observedAt: `2026-10-30T${String(hour).padStart(2, '0')}:00:00Z`,
  vendor: 'apmex',
  price,
  inStock: true,
  method: 'tier-table',
});

let dir: ReturnType<typeof tempDir>;
let findings: Findings;

beforeAll(() => {
  dir = tempDir('staktrakr-invariants-');
  const a = bareRepo(dir.path, 'a.git');
  const b = bareRepo(dir.path, 'b.git');
  commitFiles(a, {
    [HISTORY]: json([gold(1)]),
    'data/15min/2026/10/30/0100.json': json([gold(1)]),
    [FACTS]: json([fact(1, 40)]),
  });
  commitFiles(a, { [HISTORY]: json([gold(1), gold(2)]), [FACTS]: json([fact(1, 40), fact(2, 40)]) });
  // A later version loses an entry and brings a wrong price; the facts gain a price the page never showed.
  commitFiles(a, {
    [HISTORY]: json([gold(2), gold(3, 2)]),
    [FACTS]: json([fact(1, 40), fact(2, 40), fact(3, 41)]),
  });
  // The wrong entry carried on, a second one, a zero; a slot rewritten; an hourly file cut short.
  commitFiles(a, {
    [HISTORY]: json([gold(1), gold(2), gold(3, 2), gold(4, 0.5), { ...gold(5), spot: 0 }]),
    'data/15min/2026/10/30/0100.json': json([gold(1, 1.001)]),
    'data/hourly/2026/10/30.json': '[{"spot": 5',
  });
  const run: SoakRun = {
    options: {
      days: 1,
      seed: 3,
      start,
      retailEvery: 15,
      hangBoundMs: 60_000,
      lockBoundMs: 20_000,
      interventionAfter: 3,
    },
    end: new Date(start.getTime() + DAY),
    faults: [],
    runs: [],
    tips: [],
    interventions: [],
    probes: [],
    verifies: [],
    truth,
    dealerPrices: new Map([['ase/apmex', 40]]),
    repos: { A: a, B: b },
    days: [],
    realMs: 0,
    root: dir.path,
    dispose: () => undefined,
  };
  findings = checkSoak(run);
});
afterAll(() => dir?.remove());

const details = (check: ZeroCheck) => findings.zero[check].map((v) => v.detail);

describe('the check of the full history finds what a later version of a file broke', () => {
  it('an entry removed in the third version', () => {
    expect(details('entry removed from a fact file')).toEqual([
      expect.stringMatching(new RegExp(`^${HISTORY}: 1 entry in [0-9a-f]{10}, e\\.g\\. .*${ts(1)}`)),
    ]);
  });
  it('each wrong price once, whichever version brought it', () => {
    expect(details('price differs from the truth')).toEqual([
      expect.stringContaining(`Gold ${gold(3, 2).spot} at ${ts(3)}`),
      expect.stringContaining(`Gold ${gold(4, 0.5).spot} at ${ts(4)}`),
    ]);
    expect(details('zero or negative price')).toEqual([expect.stringContaining(`Gold 0 at ${ts(5)}`)]);
    expect(details('retail price differs from the dealer page')).toEqual([
      expect.stringContaining('apmex published 41, page shows 40'),
    ]);
  });
  it('a slot rewritten and a file cut short', () => {
    expect(details('fact file changed after creation')).toEqual([
      expect.stringMatching(/^data\/15min\/2026\/10\/30\/0100\.json in /),
    ]);
    expect(details('unreadable data file committed')).toEqual([
      expect.stringMatching(/^data\/hourly\/2026\/10\/30\.json in /),
    ]);
  });
  it('counts each entry compared as it appeared', () => {
    expect(findings.commits).toEqual({ A: 4, B: 0 });
    // Spot: the first history and slot (2), then 1, 1, and 3 in the last version (g1 back, g4, the
    // rewritten slot's entry; the zero is counted apart). Retail: 1 + 1 + 1.
    expect(findings.compared).toEqual({ spot: 7, retail: 3 });
  });
});
