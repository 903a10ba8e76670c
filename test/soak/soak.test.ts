/**
 * The soak in CI: three simulated days of the two-repository system through the seeded faults,
 * then every count that must be zero is checked against the full history of both repositories.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSoak, type Findings, type ZeroCheck } from '../../scripts/soak/invariants.js';
import { runSoak, type SoakRun } from '../../scripts/soak/soak.js';

let run: SoakRun;
let findings: Findings;

beforeAll(async () => {
  run = await runSoak({ days: 3, seed: 1, retailEvery: 60 });
  findings = checkSoak(run);
}, 60 * 60_000);
afterAll(() => run?.dispose());

const none = (check: ZeroCheck) => () =>
  expect(findings.zero[check].map((v) => `${v.at.toISOString()} ${v.repo}: ${v.detail}`)).toEqual([]);

describe('three simulated days with faults (seed 1)', () => {
  it('injected every fault of the schedule and ran every job', () => {
    expect(new Set(run.faults.map((f) => f.kind)).size).toBe(17);
    const jobs = new Set(run.runs.map((r) => `${r.job} ${r.repo}`));
    for (const j of ['spot-poll A', 'spot-poll B', 'retail-poll B', 'sync-repos A+B', 'race-writer A'])
      expect(jobs).toContain(j);
    // The checks read real history: both repositories have commits, and prices were compared.
    expect(findings.commits.A).toBeGreaterThan(100);
    expect(findings.commits.B).toBeGreaterThan(100);
    expect(findings.compared.spot).toBeGreaterThan(1000);
    expect(findings.compared.retail).toBeGreaterThan(100);
    // B's runs came from the daemon process; pages-verify ran after A's pushes and met the mismatch.
    expect(run.runs.filter((r) => r.repo === 'B').length).toBeGreaterThan(100);
    expect(run.verifies.length).toBeGreaterThan(100);
    expect(findings.pages.injected).toBe(1);
  });

  it("B's serve answers every probe, through the daemon's SIGKILL and restart", () => {
    expect(run.faults.find((f) => f.kind === 'daemon-restart')?.detail).toMatch(/^done/);
    // The mid-run SIGKILL lands while the run goes, at the pace the runs have here.
    expect(run.faults.find((f) => f.kind === 'sigkill')?.detail).toMatch(/^done/);
    expect(findings.served.liveMinutes).toBe(findings.served.minutes);
  });
  it('no file under data/ is ever deleted', none('data file deleted'));
  it('no 15-minute slot file changes after it is created', none('fact file changed after creation'));
  it('no entry is ever removed from a fact file', none('entry removed from a fact file'));
  it(
    'no forced update: every old tip is an ancestor of the new one',
    none('forced update (old tip not an ancestor)'),
  );
  it('history stays linear', none('non-linear history (merge commit)'));
  it('no published price differs from the truth', none('price differs from the truth'));
  it('no zero or negative price is published', none('zero or negative price'));
  it('no retail price differs from the dealer page', none('retail price differs from the dealer page'));
  it(
    'every data file committed is readable JSON (a full disk included)',
    none('unreadable data file committed'),
  );
  it('no run hangs past its bound (a silent remote ends with an error)', none('run hung past its bound'));
  it('no run waits on the stale lock of a dead owner', none('run blocked by a stale lock'));
  it('no manual intervention is needed', none('manual intervention needed'));
  it('upstream calls stay within 48 on days without spot faults', none('days over the upstream call budget'));
  it(
    'upstream calls never exceed the plan nor run more than a day ahead of its pace',
    none('calls over the plan or ahead of its pace'),
  );
  it(
    'pages-verify catches a deploy that serves other bytes',
    none('pages mismatch not caught by pages-verify'),
  );
  it(
    'pages-verify passes every correct deploy served within its bound',
    none('pages-verify failed on a correct, timely deploy'),
  );
});
