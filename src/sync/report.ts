/** What a sync did (or would do, on a dry run), as a job summary and as plan lines for the log. */
import type { Conflict } from './kinds.js';
import type { SideResult, SyncResult } from './sync.js';

/** Long lists are cut in the summary; the log and the `conflicts` output keep everything. */
const SHOWN = 50;

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const sha = (s?: string) => (s ? `\`${s.slice(0, 12)}\`` : '—');

function commitCell(side: SideResult, dryRun: boolean): string {
  if (dryRun)
    return side.added.length + side.changed.length > 0 ? 'would commit (dry run)' : 'already up to date';
  if (!side.commit) return 'already up to date';
  return `${sha(side.commit)} ${side.pushed ? 'pushed' : 'not pushed'}`;
}

export function conflictRows(conflicts: readonly Conflict[]): string[] {
  return conflicts.map(
    (c) =>
      `| \`${cell(c.path)}\` | ${cell(c.key ?? '')} | ${cell(c.kept)} | ${cell(c.other)} | ${cell(c.rule)} |`,
  );
}

export function syncSummary(r: SyncResult, dryRun: boolean): string {
  const lines = [
    `### sync-repos${dryRun ? ' (dry run: nothing written)' : ''}`,
    '',
    `| | A | B |`,
    `|---|---|---|`,
    `| repository | ${cell(r.a.remote)} \`${cell(r.a.branch)}\` | ${cell(r.b.remote)} \`${cell(r.b.branch)}\` |`,
    `| tip before | ${sha(r.a.before)} | ${sha(r.b.before)} |`,
    `| files added | ${r.a.added.length} | ${r.b.added.length} |`,
    `| files changed | ${r.a.changed.length} | ${r.b.changed.length} |`,
    `| commit | ${commitCell(r.a, dryRun)} | ${commitCell(r.b, dryRun)} |`,
    '',
    `Merged \`data/\` tree: ${sha(r.tree)} · ${r.merged.length} file(s) merged · ${r.conflicts.length} conflict(s)${r.attempts > 1 ? ` · ${r.attempts} attempts (a branch moved during the sync)` : ''}`,
  ];
  if (r.conflicts.length > 0) {
    lines.push(
      '',
      '#### Conflicts (resolved by a rule that does not depend on which side is A)',
      '',
      '| path | entry | kept | other | rule |',
      '|---|---|---|---|---|',
      ...conflictRows(r.conflicts.slice(0, SHOWN)),
    );
    if (r.conflicts.length > SHOWN)
      lines.push('', `…and ${r.conflicts.length - SHOWN} more (see the \`conflicts\` output).`);
  }
  return `${lines.join('\n')}\n`;
}

export const conflictLine = (c: Conflict) =>
  `conflict: ${c.path}${c.key ? ` [${c.key}]` : ''}: kept ${c.kept}, not ${c.other} (${c.rule})`;

/** One line per planned change, for the log. */
export function planLines(r: SyncResult): string[] {
  return [
    ...r.a.added.map((p) => `add to A: ${p}`),
    ...r.b.added.map((p) => `add to B: ${p}`),
    ...r.merged.map((p) => `merge: ${p}`),
    ...r.conflicts.map(conflictLine),
  ];
}
