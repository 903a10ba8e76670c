/** What a sync did (or would do, on a dry run), as a job summary and as plan lines for the log. */
import type { Conflict, Decision } from './kinds.js';
import type { Skipped } from './merge.js';
import type { SideResult, SyncResult } from './sync.js';

/** Long lists are cut in the summary; the log and the outputs keep everything. */
const SHOWN = 50;

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const sha = (s?: string) => (s ? `\`${s.slice(0, 12)}\`` : '—');

function commitCell(side: SideResult, dryRun: boolean): string {
  if (dryRun)
    return side.added.length + side.changed.length > 0 ? 'would commit (dry run)' : 'already up to date';
  if (!side.commit) return 'already up to date';
  return `${sha(side.commit)} ${side.pushed ? 'pushed' : 'not pushed'}`;
}

const rows = <T>(items: readonly T[], row: (x: T) => string[]) =>
  items.slice(0, SHOWN).map((x) => `| ${row(x).map(cell).join(' | ')} |`);
const more = (n: number, output: string) =>
  n > SHOWN ? ['', `…and ${n - SHOWN} more (see the \`${output}\` output).`] : [];
const code = (p: string) => `\`${p}\``;

export function syncSummary(result: SyncResult, dryRun: boolean): string {
  const tree =
    result.trees.a === result.trees.b
      ? `Merged \`data/\` tree: ${sha(result.trees.a)}`
      : `\`data/\` trees: A ${sha(result.trees.a)}, B ${sha(result.trees.b)} (differ only where a conflict is left alone)`;
  const lines = [
    `### sync-repos${dryRun ? ' (dry run: nothing written)' : ''}`,
    '',
    `| | A | B |`,
    `|---|---|---|`,
    `| repository | ${cell(result.a.remote)} \`${cell(result.a.branch)}\` | ${cell(result.b.remote)} \`${cell(result.b.branch)}\` |`,
    `| tip before | ${sha(result.a.before)} | ${sha(result.b.before)} |`,
    `| files added | ${result.a.added.length} | ${result.b.added.length} |`,
    `| files changed | ${result.a.changed.length} | ${result.b.changed.length} |`,
    `| commit | ${commitCell(result.a, dryRun)} | ${commitCell(result.b, dryRun)} |`,
    '',
    `${tree} · ${result.merged.length} file(s) merged · ${result.decisions.length} decision(s) · ${result.conflicts.length} conflict(s) · ${result.skipped.length} symlink(s)/submodule(s) not copied${result.attempts > 1 ? ` · ${result.attempts} attempts (a branch moved during the sync)` : ''}`,
  ];
  if (result.decisions.length > 0)
    lines.push(
      '',
      "#### Decisions (one side's bytes or value replaced the other's, by the family's rule)",
      '',
      '| path | entry | kept (from) | replaced | rule |',
      '|---|---|---|---|---|',
      ...rows(result.decisions, (d) => [
        code(d.path),
        d.key ?? '',
        `${d.kept} (${d.from.toUpperCase()})`,
        d.other,
        d.rule,
      ]),
      ...more(result.decisions.length, 'decisions'),
    );
  if (result.conflicts.length > 0)
    lines.push(
      '',
      '#### Conflicts (no rule decides: each side keeps its own version)',
      '',
      '| path | entry | A | B | rule |',
      '|---|---|---|---|---|',
      ...rows(result.conflicts, (c) => [code(c.path), c.key ?? '', c.a, c.b, c.rule]),
      ...more(result.conflicts.length, 'conflicts'),
    );
  if (result.skipped.length > 0)
    lines.push(
      '',
      '#### Not copied (symlinks and submodules are never copied between repositories)',
      '',
      '| path | A | B |',
      '|---|---|---|',
      ...rows(result.skipped, (k) => [code(k.path), k.a, k.b]),
      ...more(result.skipped.length, 'skipped'),
    );
  return `${lines.join('\n')}\n`;
}

export const conflictLine = (c: Conflict) =>
  `conflict: ${c.path}${c.key ? ` [${c.key}]` : ''}: A ${c.a}, B ${c.b}: each side keeps its own (${c.rule})`;

export const decisionLine = (d: Decision) =>
  `decision: ${d.path}${d.key ? ` [${d.key}]` : ''}: kept ${d.kept} from ${d.from.toUpperCase()}, replacing ${d.other} (${d.rule})`;

export const skippedLine = (k: Skipped) => `not copied: ${k.path} (A: ${k.a}, B: ${k.b})`;

/** One line per planned change, for the log. */
export function planLines(result: SyncResult): string[] {
  return [
    ...result.a.added.map((p) => `add to A: ${p}`),
    ...result.b.added.map((p) => `add to B: ${p}`),
    ...result.merged.map((p) => `merge: ${p}`),
    ...result.decisions.map(decisionLine),
    ...result.conflicts.map(conflictLine),
    ...result.skipped.map(skippedLine),
  ];
}
