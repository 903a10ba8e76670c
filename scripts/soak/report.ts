/** The soak's report: text for the terminal, a self-contained HTML page (inline SVG) for the record. */
import {
  DAILY_CALL_BUDGET,
  type Findings,
  FRESH_MINUTES,
  PAGES_DEPLOY_LAG_MINUTES,
  PLAN_CALLS_PER_MONTH,
  PRICE_TOLERANCE,
  violationCount,
} from './invariants.js';
import { marketOpen } from './market.js';
import { DEFAULT_START, type Repo, type RunRecord, type SoakRun } from './soak.js';

const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)} %`);
const sum = (l: (number | undefined)[]) => l.reduce<number>((a, b) => a + (b ?? 0), 0);
const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const seconds = (ms: number) => (ms / 1000).toFixed(3);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
/** The command line that replays a soak: every option that shapes the schedule or the verdict. */
function replay(run: SoakRun): string {
  const o = run.options;
  const extra = [
    o.retailEvery !== 15 && `--retail-every ${o.retailEvery}`,
    o.start.getTime() !== DEFAULT_START.getTime() && `--start ${iso(o.start)}`,
    o.hangBoundMs !== 60_000 && `--hang-bound ${o.hangBoundMs / 1000}`,
    o.lockBoundMs !== 20_000 && `--lock-bound ${o.lockBoundMs / 1000}`,
  ].filter(Boolean);
  return `npm run soak -- --days ${o.days} --seed ${o.seed}${extra.map((e) => ` ${e}`).join('')}`;
}

export function firstBreak(run: SoakRun, f: Findings): string | undefined {
  const first = Object.values(f.zero)
    .flat()
    .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  return (
    first && `${first.check} at ${iso(first.at)} (${first.repo}): ${first.detail} — replay: ${replay(run)}`
  );
}

export function textReport(run: SoakRun, f: Findings): string {
  const lines: string[] = [];
  const o = run.options;
  lines.push(
    `soak: ${o.days} simulated days from ${iso(o.start)}, seed ${o.seed}, ${run.runs.length} runs in ${(run.realMs / 1000).toFixed(0)} s real`,
  );
  lines.push('', 'Must be zero:');
  for (const [check, list] of Object.entries(f.zero)) {
    lines.push(
      `  ${String(list.length).padStart(5)}  ${check}${list[0] ? `   first: ${iso(list[0].at)} ${list[0].repo} ${list[0].detail}` : ''}`,
    );
  }
  lines.push('', 'Measures:');
  for (const repo of ['A', 'B'] as const) {
    const fr = f.freshness[repo];
    const u = f.unfilled[repo];
    const late = u.lateMinutes.filter((m) => m > 30);
    lines.push(
      `  ${repo === 'A' ? 'A (Pages, fresh clone per run)' : 'B (Fly, persistent clone)'}: ${f.commits[repo]} commits; fresh (newest slot ≤ ${FRESH_MINUTES} min) ${fr.freshMinutes}/${fr.openMinutes} open-market minutes (${pct(fr.freshMinutes, fr.openMinutes)})`,
    );
    lines.push(
      `     fillable slots missing at the end: ${u.missing.length}${u.missing[0] ? ` (first ${u.missing[0]})` : ''}; filled late (> 30 min): ${late.length}, longest ${Math.max(0, ...u.lateMinutes).toFixed(0)} min`,
    );
    const calls = f.callsPerDay[repo];
    lines.push(
      `     upstream calls per day: ${calls.map((c, d) => `${c ?? 0}${f.steadyDays[repo].includes(d) ? '' : '*'}`).join(' ')} (* a fault of this repository active that day, the first day of a lasting one, or the first day; steady days ≤ ${DAILY_CALL_BUDGET}; plan ${PLAN_CALLS_PER_MONTH.toLocaleString('en-US')}/month, at most a day ahead of its pace; total ${sum(calls)})`,
    );
  }
  lines.push(
    `  compared with the truth: ${f.compared.spot} spot entries, ${f.compared.retail} retail observations`,
  );
  const sv = f.served;
  lines.push(
    `  B served (serve over HTTP, probed every 5 simulated min): live ${sv.liveMinutes}/${sv.minutes} minutes (${pct(sv.liveMinutes, sv.minutes)}); fresh ${sv.freshMinutes}/${sv.openMinutes} open-market minutes (${pct(sv.freshMinutes, sv.openMinutes)})`,
  );
  const blind = run.probes.filter((p) => p.live && p.why);
  if (blind.length > 0)
    lines.push(
      `     probes live but without a newest entry: ${blind.length} of ${run.probes.length}, first ${iso(blind[0]!.at)}: ${blind[0]!.why}`,
    );
  lines.push(
    `  client (first valid answer of A on Pages, ${PAGES_DEPLOY_LAG_MINUTES}-min deploy lag, and B served): stale prices ${f.client.staleMinutes}/${f.client.openMinutes} open-market minutes (${pct(f.client.staleMinutes, f.client.openMinutes)})`,
  );
  lines.push(`  manual interventions: ${run.interventions.length}`);
  const pg = f.pages;
  lines.push(
    `  pages-verify after each push to A (Pages-like host, ${run.verifies.length} pushes, deploy lag 10 min): verified at once ${pg.verified}; after waiting ${pg.waited} (longest ${pg.longestSeconds.toFixed(0)} s); failed while the deploy lagged ${pg.lagging}; mismatches caught ${pg.caught} of ${pg.injected}`,
  );
  lines.push(`  runs failed: ${f.failedRuns} (${f.excusedFailures} while a fault made it expected)`);
  // Each job's run times: the mean carries the fault hours (a silent remote holds a run 10 s), the median a quiet run.
  const byJob = new Map<string, number[]>();
  for (const r of run.runs) {
    const k = `${r.job} ${r.repo}`;
    byJob.set(k, [...(byJob.get(k) ?? []), r.realMs]);
  }
  lines.push(
    `  real time per simulated day: ${run.days.map((d) => (d.realMs / 1000).toFixed(0)).join(' ')} s`,
  );
  if (run.days.every((d) => d.cpu !== undefined))
    lines.push(
      `  CPU per simulated day (the daemon's share): ${run.days.map((d) => `${d.cpu!.toFixed(0)} (${d.daemonCpu!.toFixed(0)})`).join(' ')} s`,
    );
  if (run.cpuSeconds !== undefined)
    lines.push(
      `  CPU time (harness, git and child runs; independent of the machine's load): ${run.cpuSeconds.toFixed(0)} s, ${(run.cpuSeconds / o.days).toFixed(0)} s per simulated day`,
    );
  lines.push(
    `  real time per job (mean, median): ${[...byJob].map(([k, ms]) => `${k} ${ms.length}× ${seconds(sum(ms) / ms.length)}, ${seconds(median(ms))} s`).join('; ')}`,
  );
  // What grows with the history: each job's median on the first simulated day and on the last.
  const dayOf = (r: RunRecord) => Math.floor((r.at.getTime() - o.start.getTime()) / 86_400_000);
  const last = Math.max(0, ...run.runs.map(dayOf));
  if (last > 0) {
    const onDay = (k: string, day: number) => {
      const ms = run.runs.filter((r) => `${r.job} ${r.repo}` === k && dayOf(r) === day).map((r) => r.realMs);
      return ms.length > 0 ? `${seconds(median(ms))} s` : 'none';
    };
    lines.push(
      `  median run, first simulated day → last: ${[...byJob.keys()].map((k) => `${k} ${onDay(k, 0)} → ${onDay(k, last)}`).join('; ')}`,
    );
  }
  lines.push('', 'Faults injected:');
  for (const x of run.faults) lines.push(`  ${iso(x.start)} → ${iso(x.end)}  ${x.kind}: ${x.detail}`);
  const broken = firstBreak(run, f);
  lines.push(
    '',
    broken
      ? `BROKEN: ${violationCount(f)} violation(s). First: ${broken}`
      : `OK: every invariant held (replay: ${replay(run)})`,
  );
  return lines.join('\n');
}

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const COLORS: Record<string, string> = {
  'upstream-outage': '#c0392b',
  'rate-limit-storm': '#e67e22',
  'zero-price': '#8e44ad',
  'wrong-history': '#9b59b6',
  'deleted-files': '#2c3e50',
  'stale-lock': '#16a085',
  sigkill: '#d35400',
  'push-race': '#2980b9',
  'silent-remote': '#7f8c8d',
  'dealer-down': '#27ae60',
  'layout-change': '#f1c40f',
  'dealer-retired': '#95a5a6',
  'plan-no-hourly': '#e74c3c',
  'full-disk': '#34495e',
  'daemon-restart': '#a04000',
  'silent-remote-b': '#566573',
  'pages-mismatch': '#1abc9c',
};

export function htmlReport(run: SoakRun, f: Findings): string {
  const W = 1100;
  const t0 = run.options.start.getTime();
  const span = run.end.getTime() - t0;
  const x = (d: Date) => ((d.getTime() - t0) / span) * W;
  const closed: string[] = [];
  for (let t = t0; t < run.end.getTime(); t += 15 * 60_000) {
    if (!marketOpen(new Date(t)))
      closed.push(
        `<rect x="${x(new Date(t)).toFixed(1)}" y="0" width="${(((15 * 60_000) / span) * W + 0.5).toFixed(2)}" height="160" fill="#eee"/>`,
      );
  }
  const chart = (title: string, series: { at: Date; age?: number }[]) => {
    const H = 160;
    const cap = 240;
    const y = (age: number) => H - (Math.min(age, cap) / cap) * H;
    const pts = series.map((p) => `${x(p.at).toFixed(1)},${(p.age === undefined ? 0 : y(p.age)).toFixed(1)}`);
    return `<h3>${esc(title)}</h3>
<svg width="${W}" height="${H + 20}" viewBox="0 0 ${W} ${H + 20}" xmlns="http://www.w3.org/2000/svg">
${closed.join('')}
<line x1="0" x2="${W}" y1="${y(FRESH_MINUTES)}" y2="${y(FRESH_MINUTES)}" stroke="#2ecc71" stroke-dasharray="4 3"/>
<polyline fill="none" stroke="#34495e" stroke-width="1" points="${pts.join(' ')}"/>
<text x="2" y="12" font-size="10">${cap}+ min</text><text x="2" y="${y(FRESH_MINUTES) - 2}" font-size="10" fill="#2ecc71">${FRESH_MINUTES} min</text>
${dayTicks(run, x, H)}
</svg>`;
  };
  const faultRows = run.faults
    .map((ft, i) => {
      const w = Math.max(3, x(ft.end) - x(ft.start));
      return `<rect x="${x(ft.start).toFixed(1)}" y="${i * 16}" width="${w.toFixed(1)}" height="12" fill="${COLORS[ft.kind] ?? '#000'}"><title>${esc(`${ft.kind}: ${ft.detail} (${iso(ft.start)} → ${iso(ft.end)})`)}</title></rect><text x="${Math.min(W - 200, x(ft.start) + w + 4).toFixed(1)}" y="${i * 16 + 10}" font-size="10">${esc(ft.kind)}</text>`;
    })
    .join('');
  const failures = run.runs
    .filter((r) => r.outcome !== 0)
    .map(
      (r) =>
        `<circle cx="${x(r.at).toFixed(1)}" cy="${r.repo === 'A' ? 6 : 18}" r="3" fill="${r.excusedBy ? '#f39c12' : '#c0392b'}"><title>${esc(`${iso(r.at)} ${r.job} ${r.repo} → ${r.outcome} ${r.excusedBy ?? ''} ${r.note ?? ''}`)}</title></circle>`,
    )
    .join('');
  const zeroRows = Object.entries(f.zero)
    .map(
      ([check, list]) =>
        `<tr class="${list.length ? 'bad' : 'ok'}"><td>${list.length}</td><td>${esc(check)}</td><td>${list[0] ? esc(`${iso(list[0].at)} ${list[0].repo}: ${list[0].detail}`) : ''}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>StakTrakr soak — seed ${run.options.seed}</title>
<style>body{font:13px system-ui,sans-serif;margin:20px;max-width:1140px}td{padding:2px 8px;border-bottom:1px solid #ddd;vertical-align:top}.bad td:first-child{color:#c0392b;font-weight:bold}.ok td:first-child{color:#27ae60}pre{background:#f6f6f6;padding:8px;overflow:auto}</style></head><body>
<h1>Soak: ${run.options.days} simulated days, seed ${run.options.seed}</h1>
<p>From ${iso(run.options.start)} to ${iso(run.end)}; ${run.runs.length} runs in ${(run.realMs / 1000).toFixed(0)} s real. Prices must stay within ${PRICE_TOLERANCE * 100} % of the truth's range (±6 h). Grey: market closed.</p>
<h2>Counts that must be zero</h2><table>${zeroRows}</table>
<h2>Freshness</h2>${(['A', 'B'] as const)
    .map((repo: Repo) =>
      chart(
        `${repo === 'A' ? 'A — GitHub Pages repository' : 'B — Fly repository'}: age of the newest spot slot (fresh ${pct(f.freshness[repo].freshMinutes, f.freshness[repo].openMinutes)} of open-market minutes)`,
        f.freshness[repo].series,
      ),
    )
    .join('')}${chart(
    `B as serve answered over HTTP: age of the newest spot entry (live ${pct(f.served.liveMinutes, f.served.minutes)} of minutes, fresh ${pct(f.served.freshMinutes, f.served.openMinutes)} of open-market minutes; at 0 when it did not answer)`,
    run.probes.map((p) => ({
      at: p.at,
      age: p.live && p.newest ? (p.at.getTime() - p.newest.getTime()) / 60_000 : undefined,
    })),
  )}
<h2>Faults and failed runs</h2>
<svg width="${W}" height="${run.faults.length * 16 + 4}" xmlns="http://www.w3.org/2000/svg">${faultRows}</svg>
<p>Failed runs (top row A, bottom B; orange: a fault made it expected, red: not):</p>
<svg width="${W}" height="24" xmlns="http://www.w3.org/2000/svg">${failures}</svg>
<h2>Text report</h2><pre>${esc(textReport(run, f))}</pre>
</body></html>`;
}

function dayTicks(run: SoakRun, x: (d: Date) => number, h: number): string {
  const out: string[] = [];
  for (let t = run.options.start.getTime(); t < run.end.getTime(); t += 86_400_000) {
    const d = new Date(t);
    out.push(
      `<line x1="${x(d)}" x2="${x(d)}" y1="0" y2="${h}" stroke="#ccc"/><text x="${x(d) + 2}" y="${h + 14}" font-size="10">${d.toISOString().slice(5, 10)}</text>`,
    );
  }
  return out.join('');
}
