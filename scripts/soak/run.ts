/**
 * `npm run soak -- --days N [--seed S] [--report DIR] [--retail-every MIN] [--hang-bound SEC] [--lock-bound SEC] [--start ISO] [--keep] [--quiet] [--profile DIR]`
 * Runs the soak, prints the report, writes report.html into DIR; exits 1 when an invariant broke.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSpent, cpuTimes } from './cpu.js';
import { checkSoak, violationCount } from './invariants.js';
import { firstBreak, htmlReport, textReport } from './report.js';
import { runSoak } from './soak.js';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    report: { type: 'string' },
    'retail-every': { type: 'string', default: '15' },
    'hang-bound': { type: 'string', default: '60' },
    'lock-bound': { type: 'string', default: '20' },
    start: { type: 'string' },
    keep: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const number = (name: string, text: string, min: number, max: number) => {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`--${name} must be a number from ${min} to ${max}, got "${text}"`);
    process.exit(2);
  }
  return n;
};
const start = values.start ? new Date(values.start) : undefined;
if (start && Number.isNaN(start.getTime())) {
  console.error(`--start must be an ISO-8601 time, got "${values.start}"`);
  process.exit(2);
}
const cpu0 = cpuTimes();
const run = await runSoak({
  days: number('days', values.days, 0.05, 366),
  seed: Math.trunc(number('seed', values.seed, 0, 2 ** 32 - 1)),
  retailEvery: number('retail-every', values['retail-every'], 15, 1440),
  hangBoundMs: number('hang-bound', values['hang-bound'], 5, 3600) * 1000,
  lockBoundMs: number('lock-bound', values['lock-bound'], 5, 3600) * 1000,
  start,
  profileDir: values.profile,
  log: values.quiet ? undefined : (line) => console.error(line),
});
const cpu1 = cpuTimes();
const checkStarted = performance.now();
const findings = checkSoak(run);
// The cost, apart from the report (stderr): what the simulation and the check of the history took.
console.error(
  `soak: simulation ${cpuSpent(cpu1, cpu0)}; check of the full history ${((performance.now() - checkStarted) / 1000).toFixed(1)} s real, ${cpuSpent(cpuTimes(), cpu1)}`,
);
console.log(textReport(run, findings));
if (values.report) {
  mkdirSync(values.report, { recursive: true });
  writeFileSync(join(values.report, 'report.html'), htmlReport(run, findings));
  writeFileSync(join(values.report, 'report.txt'), `${textReport(run, findings)}\n`);
  console.log(`report: ${join(values.report, 'report.html')}`);
}
if (values.keep) console.log(`repositories kept in ${run.root}`);
else run.dispose();
const broken = firstBreak(run, findings);
if (broken) console.error(`soak: ${violationCount(findings)} invariant violation(s); first: ${broken}`);
process.exit(broken ? 1 : 0);
