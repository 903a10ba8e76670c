/**
 * npm run bench -- spot: a full spot poll as the spot-poll action runs it (node start of
 * dist/spot-poll/index.js, upstream call on loopback, write, commit, push to a local bare repository,
 * a persistent working clone) beside the floor (node start + one `git commit` + `git push` of one
 * file), alternated in the same run; medians and their ratio. Then, when the real snapshot is there
 * (../shared/real-data, or STAKTRAKR_REAL_DATA), the same poll on a repository holding it: days of
 * slot files, as a live repository has, which every poll reads. Run `npm run build` first.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bareRepo } from '../../test/helpers/git.js';
import { GOOD_KEY, startMetalPriceApi } from '../../test/peers/metalpriceapi.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const REAL = [
  process.env.STAKTRAKR_REAL_DATA,
  new URL('../../../shared/real-data/staktrakr-api', import.meta.url).pathname,
  '/work/shared/real-data/staktrakr-api',
].find((p): p is string => !!p && existsSync(join(p, 'data')));
const root = mkdtempSync(join(tmpdir(), 'bench-spot-'));
const entry = new URL('../../dist/spot-poll/index.js', import.meta.url).pathname;
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe' });

const base = Date.parse('2026-03-10T00:05:00Z');
let slot = 0;
const api = await startMetalPriceApi({ now: () => new Date(base + slot * 15 * 60_000) });

// The poller's repository, with a day of history already in it (like a live one).
const pollRepo = bareRepo(root, 'poll.git');
const floorRepo = bareRepo(root, 'floor.git');
const workdir = join(root, 'poll-work');
const env = { ...process.env, METAL_PRICE_API_KEY: GOOD_KEY, GITHUB_ACTIONS: '' };
// Asynchronous: the upstream peer runs in this process and must keep answering.
const poll = (
  extraEnv: NodeJS.ProcessEnv = {},
  repo = pollRepo,
  dir = workdir,
  at = base,
  extra: string[] = [],
) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        entry,
        '--repo',
        repo,
        '--workdir',
        dir,
        '--api-base-url',
        api.url,
        '--backfill-hours',
        '24',
        '--catchup',
        'false',
        ...extra,
      ],
      { env: { ...env, ...extraEnv, STAKTRAKR_NOW: new Date(at + slot * 15 * 60_000).toISOString() } },
    );
    let err = '';
    child.stderr.on('data', (b) => (err += b));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`spot-poll failed: ${err}`))));
  });
await poll();

const floorWork = join(root, 'floor-work');
git(root, 'clone', '-q', floorRepo, floorWork);
git(floorWork, 'config', 'user.name', 'bench');
git(floorWork, 'config', 'user.email', 'bench@example.invalid');

const time = async (fn: () => unknown) => {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const full: number[] = [];
const floor: number[] = [];
for (let i = 0; i < RUNS; i++) {
  slot++;
  full.push(await time(poll));
  floor.push(
    await time(() => {
      execFileSync(process.execPath, ['-e', '0']);
      writeFileSync(join(floorWork, `f${i}.json`), `[${i}]\n`);
      git(floorWork, 'add', '-A');
      git(floorWork, 'commit', '-qm', `floor ${i}`);
      git(floorWork, 'push', '-q', 'origin', 'HEAD:main');
    }),
  );
}
// One more poll, untimed, with git reporting every process it starts (its own children told apart).
slot++;
const trace = join(root, 'trace2.json');
await poll({ GIT_TRACE2_EVENT: trace });
const starts = readFileSync(trace, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { event: string; sid: string })
  .filter((e) => e.event === 'start');

// The real snapshot's data/ committed into a repository; polls start right after its last slot.
// Its prices are not the peer's: accept-jump lets the live slot through the neighbour check.
const realFull: number[] = [];
if (REAL) {
  const realRepo = bareRepo(root, 'real.git');
  const seed = join(root, 'real-seed');
  git(root, 'clone', '-q', realRepo, seed);
  cpSync(join(REAL, 'data'), join(seed, 'data'), { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', seed]);
  git(seed, 'add', '-A');
  git(seed, '-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-qm', 'snapshot');
  git(seed, 'push', '-q', 'origin', 'HEAD:main');
  const realAt = Date.parse('2026-03-15T20:35:00Z') - slot * 15 * 60_000;
  const realPoll = () => poll({}, realRepo, join(root, 'real-work'), realAt, ['--accept-jump', 'true']);
  slot++;
  await realPoll();
  for (let i = 0; i < RUNS; i++) {
    slot++;
    realFull.push(await time(realPoll));
  }
}
await api.close();
rmSync(root, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const m = median(full);
const f = median(floor);
console.log(
  `spot full poll (node start, /latest on loopback, write, commit, push): median ${m.toFixed(0)} ms over ${RUNS} runs`,
);
console.log(
  `floor (node start + git commit + git push of one file):               median ${f.toFixed(0)} ms over ${RUNS} runs`,
);
console.log(`ratio full / floor: ${(m / f).toFixed(2)}`);
if (REAL) {
  const r = median(realFull);
  console.log(
    `spot full poll on a repository holding the real snapshot (days of slot files): median ${r.toFixed(0)} ms, ${(r / f).toFixed(2)}× the floor`,
  );
} else console.log('[skip] the poll on the real snapshot: ../shared/real-data is absent');
console.log(
  `git processes in one poll: ${starts.filter((e) => !e.sid.includes('/')).length} started by the poll, ${starts.length} with git's own; load average ${loadavg()[0]!.toFixed(1)}`,
);
