/** The spot poll's job summary: prices with their change, what was filled in, calls used, and a 24 h chart. */
import { hourlyPath } from '../data/paths.js';
import { METALS, type Metal } from '../data/spot.js';
import { readSpotFile } from '../data/spot-store.js';
import { formatNaive, HOUR } from '../data/time.js';
import { grouped } from './numbers.js';
import type { ApplyReport, SpotFacts } from './poll.js';

export interface SummaryInput {
  /** Undefined when the run failed before any prices were collected. */
  facts?: SpotFacts;
  apiCalls: number;
  /** An unexpected failure (publish, the repository), when there was one. */
  crash?: string;
  report: ApplyReport;
  commit?: string;
  pushed: boolean;
  dryRun: boolean;
}

const usd = (n: number) => grouped(n, 2);

/** Last price per metal of each of the last 24 hourly views (oldest first); missing hours are skipped. */
export async function last24h(
  root: string,
  now: Date,
): Promise<Array<{ hour: Date; prices: Partial<Record<Metal, number>> }>> {
  const current = Math.floor(now.getTime() / HOUR) * HOUR;
  const hours = Array.from({ length: 24 }, (_, i) => new Date(current - (23 - i) * HOUR));
  // Read at once: the run waits for this summary before it exits.
  const files = await Promise.all(hours.map((hour) => readSpotFile(root, hourlyPath(hour))));
  return hours.flatMap((hour, i) => {
    const file = files[i]!;
    if (file.status !== 'ok' || file.entries.length === 0) return [];
    const prices: Partial<Record<Metal, number>> = {};
    for (const e of file.entries) if (e.spot > 0) prices[e.metal] = e.spot;
    return [{ hour, prices }];
  });
}

/**
 * One small Mermaid line chart per metal (USD/oz, its own scale): Mermaid's xychart draws no legend,
 * so four lines in one chart cannot be told apart. Each title names the metal, its last price and its
 * change over the hours shown.
 */
export function chart(series: Array<{ hour: Date; prices: Partial<Record<Metal, number>> }>): string {
  const charts = METALS.flatMap((m) => {
    const points = series.filter((s) => s.prices[m] !== undefined);
    if (points.length < 2) return [];
    const values = points.map((s) => s.prices[m]!);
    const first = values[0]!;
    const last = values.at(-1)!;
    const change = `${last >= first ? '+' : ''}${((last / first - 1) * 100).toFixed(2)} %`;
    const hours = points.map((s) => `"${String(s.hour.getUTCHours()).padStart(2, '0')}h"`);
    return [
      [
        '```mermaid',
        'xychart-beta',
        `  title "${m}: $${usd(last)} (${change} since ${formatNaive(points[0]!.hour).slice(11, 16)} UTC)"`,
        `  x-axis [${hours.join(', ')}]`,
        `  y-axis "USD/oz" ${(Math.min(...values) * 0.999).toFixed(2)} --> ${(Math.max(...values) * 1.001).toFixed(2)}`,
        `  line [${values.map((v) => v.toFixed(2)).join(', ')}]`,
        '```',
      ].join('\n'),
    ];
  });
  return charts.length ? ['**Last 24 hours**', ...charts].join('\n\n') : '';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function summaryMarkdown(input: SummaryInput, series: Parameters<typeof chart>[0]): string {
  const { facts, report } = input;
  const slot = facts ? ` · slot ${formatNaive(facts.slot).slice(0, 16)} UTC` : '';
  const failed = [...(facts?.phases.filter((p) => p.status === 'failed') ?? [])];
  const lines: string[] = [
    `### Spot poll${slot}${input.dryRun ? ' · dry run' : ''}${failed.length > 0 || input.crash ? ' · ❌ failed' : ''}`,
  ];
  if (input.crash) lines.push('', `**Run failed:** ${input.crash}`);
  if (facts?.live) {
    lines.push('', '| Metal | USD / oz | Change vs previous slot |', '|---|---:|---:|');
    for (const e of facts.live.entries) {
      const before = facts.previous?.[e.metal];
      const change = before
        ? `${e.spot >= before ? '+' : ''}${((e.spot / before - 1) * 100).toFixed(2)} %`
        : '—';
      lines.push(`| ${e.metal} | ${usd(e.spot)} | ${change} |`);
    }
  }
  if (facts) {
    lines.push('', '| Phase | Result | Detail |', '|---|---|---|');
    for (const p of facts.phases)
      lines.push(`| ${p.phase} | ${p.status === 'failed' ? '❌ failed' : p.status} | ${cell(p.detail)} |`);
  }
  if (report.slotPath) {
    const slotLine =
      report.slotStatus === 'exists'
        ? `already present (another writer was first; kept as is)`
        : report.slotStatus === 'repaired'
          ? 'repaired (the file was torn)'
          : input.dryRun
            ? 'would be written'
            : 'written';
    lines.push('', `- Slot \`${report.slotPath}\`: ${slotLine}`);
  } else lines.push('');
  lines.push(
    `- Backfilled: ${report.backfilled.length === 0 ? 'none' : `${report.backfilled.length} slot(s), ${formatNaive(report.backfilled[0]!).slice(0, 16)} → ${formatNaive(report.backfilled[report.backfilled.length - 1]!).slice(0, 16)} UTC`}`,
  );
  lines.push(
    `- Reference days added: ${report.seedDaysAdded.length === 0 ? 'none' : `${report.seedDaysAdded.length} (${report.seedDaysAdded[0]}${report.seedDaysAdded.length > 1 ? ` → ${report.seedDaysAdded[report.seedDaysAdded.length - 1]}` : ''})`}`,
  );
  if (report.historyConflicts.length > 0)
    lines.push(`- History kept over differing upstream values: ${report.historyConflicts.length}`);
  lines.push(
    `- API calls: ${input.apiCalls}${facts?.quotaRemaining !== undefined ? ` · quota remaining ${grouped(facts.quotaRemaining)}` : ''}`,
  );
  if (facts) lines.push(`- Budget: ${facts.budget}`);
  lines.push(
    `- Commit: ${input.commit ? `\`${input.commit.slice(0, 12)}\`${input.pushed ? ' (pushed)' : ' (not pushed)'}` : 'none (nothing changed)'}`,
  );
  if (facts && facts.refused.length > 0) {
    lines.push('', '**Refused (never written):**', '');
    for (const r of facts.refused.slice(0, 50)) lines.push(`- ${r}`);
  }
  if (facts && facts.attempts.length > 0) {
    lines.push(
      '',
      '<details><summary>Upstream calls</summary>',
      '',
      '| Phase | Provider | Call | Answer |',
      '|---|---|---|---|',
    );
    for (const a of facts.attempts.slice(0, 100))
      lines.push(`| ${a.phase} | ${a.provider} | ${cell(a.call)} | ${cell(a.answer)} |`);
    lines.push('', '</details>');
  }
  const c = chart(series);
  if (c) lines.push('', c);
  return lines.join('\n');
}
