/**
 * The retail run's report: a coin × dealer grid (price, out of stock, stale, failed), the pages that
 * produced no price with their reasons, and annotations grouped by reason so that a bad day stays
 * under GitHub's per-step annotation limit.
 */
import type { Catalog } from '../data/retail-catalog.js';
import type { Observation } from '../data/retail-observation.js';
import type { PublishedVendor } from '../data/retail-views/published.js';
import { outcomeOf } from './scrape.js';

export interface RetailCounts {
  targets: number;
  priced: number;
  outOfStock: number;
  failed: number;
}

export function countOutcomes(observations: readonly Observation[]): RetailCounts {
  const counts = { targets: observations.length, priced: 0, outOfStock: 0, failed: 0 };
  for (const o of observations) {
    const outcome = outcomeOf(o);
    if (outcome === 'priced') counts.priced++;
    else if (outcome === 'out-of-stock') counts.outOfStock++;
    else counts.failed++;
  }
  return counts;
}

/**
 * What a run's failures mean for publishing: every page failed → publish nothing and fail (publishing
 * would only age every price); `warnPercent` % or more failed → publish, and warn loudly.
 */
export function failureVerdict(
  observations: readonly Observation[],
  warnPercent: number,
): { fail?: string; warn?: string } {
  const { targets, failed } = countOutcomes(observations);
  if (targets === 0) return {};
  if (failed === targets) {
    const reasons = failuresByReason(observations).map((f) => `${f.pages.length}× ${f.reason}`);
    return {
      fail: `every one of the ${targets} pages failed, nothing published (the published prices stay as they were): ${reasons.join('; ')}`,
    };
  }
  if (failed * 100 < targets * warnPercent) return {};
  return {
    warn: `${failed} of ${targets} pages (${Math.round((failed * 100) / targets)} %) gave no price; their dealers are carried as stale`,
  };
}

const money = (n: number) =>
  `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const cellText = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function cell(o: Observation | undefined, published: PublishedVendor | undefined): string {
  if (o) {
    const outcome = outcomeOf(o);
    if (outcome === 'priced') return money(o.price!);
    if (outcome === 'out-of-stock') return o.price ? `OOS (${money(o.price)})` : 'OOS';
    if (published?.stale && published.price) return `stale ${money(published.price)}`;
    return '✗ failed';
  }
  return '';
}

/** Groups failures by reason: one line per reason with the pages it hit. */
export function failuresByReason(
  observations: readonly Observation[],
): Array<{ reason: string; pages: string[] }> {
  const groups = new Map<string, string[]>();
  for (const o of observations) {
    if (outcomeOf(o) !== 'failed') continue;
    const reason = o.reason.replace(/\$?\d[\d,.]*/g, '#').slice(0, 120) || 'no reason given';
    groups.set(reason, [...(groups.get(reason) ?? []), `${o.coin}/${o.vendor}`]);
  }
  return [...groups.entries()]
    .map(([reason, pages]) => ({ reason, pages }))
    .sort((a, b) => b.pages.length - a.pages.length);
}

export interface RetailSummaryInput {
  catalog: Catalog;
  observations: readonly Observation[];
  published: Record<string, Record<string, PublishedVendor>>;
  spotAt: string;
  coinsPublished: number;
  commit?: string;
  pushed: boolean;
  dryRun: boolean;
  durationMs: number;
}

const commitLine = (s: Pick<RetailSummaryInput, 'commit' | 'pushed'>) =>
  `Commit: ${s.commit ? `\`${s.commit.slice(0, 12)}\`${s.pushed ? ' (pushed)' : ' (not pushed)'}` : 'none (nothing changed)'}`;

/**
 * The publish step (`scrape: false`, after the shards): no pages were read, so no grid — what was
 * rebuilt and what the app now reads.
 */
export function publishSummary(s: {
  coinsPublished: number;
  viewsWritten: number;
  manifestAt?: string;
  commit?: string;
  pushed: boolean;
  dryRun: boolean;
}): string {
  return [
    `### Retail publish · views rebuilt from the facts${s.dryRun ? ' · dry run' : ''}`,
    '',
    `**${s.coinsPublished}** coins in the manifest · **${s.viewsWritten}** view files changed${s.manifestAt ? ` · manifest generated ${s.manifestAt}` : ''}`,
    '',
    commitLine(s),
  ].join('\n');
}

export function retailSummary(s: RetailSummaryInput): string {
  const c = countOutcomes(s.observations);
  const byKey = new Map(s.observations.map((o) => [`${o.coin}|${o.vendor}`, o]));
  const coins = [...new Set(s.observations.map((o) => o.coin))].sort();
  const vendors = [...new Set(s.observations.map((o) => o.vendor))].sort();
  const lines = [
    `### Retail poll · ${c.targets} pages in ${Math.round(s.durationMs / 1000)} s${s.dryRun ? ' · dry run' : ''}`,
    '',
    `**${c.priced}** priced · **${c.outOfStock}** out of stock · **${c.failed}** failed · ${s.coinsPublished} coins published${s.spotAt ? ` · melt band from spot of ${s.spotAt} UTC` : ''}`,
    '',
    `| Coin | ${vendors.map(cellText).join(' | ')} |`,
    `|---|${vendors.map(() => '---:').join('|')}|`,
  ];
  for (const coin of coins) {
    const name = s.catalog.coins[coin]?.name ?? coin;
    const cells = vendors.map((v) => cell(byKey.get(`${coin}|${v}`), s.published[coin]?.[v]));
    lines.push(`| ${cellText(name)} | ${cells.join(' | ')} |`);
  }
  const failures = s.observations.filter((o) => outcomeOf(o) === 'failed');
  if (failures.length > 0) {
    lines.push(
      '',
      '<details><summary>Pages without a price, and why</summary>',
      '',
      '| Page | Reason |',
      '|---|---|',
    );
    for (const o of failures) lines.push(`| ${o.coin} / ${o.vendor} | ${cellText(o.reason)} |`);
    lines.push('', '</details>');
  }
  lines.push('', commitLine(s));
  return lines.join('\n');
}
