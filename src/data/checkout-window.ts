/**
 * What of a data repository a run reads or writes, so a temporary clone checks out only that (a
 * repository two years old holds ~88k files, nearly all in dated folders no run looks at again).
 *
 * The dated families (`data/15min`, `data/hourly`, `data/fx`, `data/retail/facts`, each
 * `YYYY/MM/DD/…`) are read back at most RECENT_DAYS: a spot run's backfill (up to 31 days, plus one of
 * known points before it), a retail rebuild's HISTORY_DAYS fact days plus one of context, counted back
 * from the newest fact day at or before now. So each family keeps the day folders from RECENT_DAYS
 * before now through tomorrow (written or not yet), those from RECENT_DAYS before its newest day at or
 * before now, and every day after now. Everything else is kept whole: the views (also before the first
 * run writes them), the catalog, yearly files, folders this toolkit does not know.
 */
import { RETAIL_API_DIR, RETAIL_FACTS_DIR } from './paths.js';
import { DAY, floorDay, formatDate } from './time.js';

export const DATED_FAMILIES = ['data/15min', 'data/hourly', 'data/fx', RETAIL_FACTS_DIR] as const;
/** Folders a run writes whole, there or not yet (the other files it writes sit directly in `data/`, `data/retail/`). */
const WRITTEN_FOLDERS = [RETAIL_API_DIR];
/**
 * Days of each dated family a run may read or write, back from now (or from its newest day), unless
 * the run says it needs fewer (a spot poll: its backfill window and the days of facts before it).
 */
export const RECENT_DAYS = 34;

const YEAR_OR_MONTH = /^\d{4}(\/\d{2})?$/;
const DAY_RE = /^(\d{4})\/(\d{2})\/(\d{2})$/;
const dayDir = (family: string, ms: number) => `${family}/${formatDate(new Date(ms)).replaceAll('-', '/')}`;

/**
 * The folders to check out (git's cone mode: each listed folder whole, plus the files directly in its
 * parents), given every folder of the tree (`git ls-tree -r -d --name-only`).
 */
export function checkoutCone(treeDirs: readonly string[], now: Date, recentDays = RECENT_DAYS): string[] {
  const today = floorDay(now).getTime();
  const cone = new Set<string>(WRITTEN_FOLDERS);
  const familyOf = (dir: string) => DATED_FAMILIES.find((f) => dir === f || dir.startsWith(`${f}/`));
  const isAbove = (dir: string) => DATED_FAMILIES.some((f) => f.startsWith(`${dir}/`));
  const parent = (dir: string) => dir.slice(0, Math.max(0, dir.lastIndexOf('/')));
  for (const family of DATED_FAMILIES) {
    const days = treeDirs
      .filter((d) => d.startsWith(`${family}/`))
      .flatMap((d) => {
        const m = DAY_RE.exec(d.slice(family.length + 1));
        return m ? [Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))] : [];
      });
    const newest = Math.max(-Infinity, ...days.filter((d) => d <= today));
    for (const d of days)
      if (d > today || (Number.isFinite(newest) && d >= newest - recentDays * DAY))
        cone.add(dayDir(family, d));
    for (let d = today - recentDays * DAY; d <= today + DAY; d += DAY) cone.add(dayDir(family, d));
  }
  for (const dir of treeDirs) {
    const family = familyOf(dir);
    if (!family) {
      // Outside the families: the first folder below their ancestors (or the root) is kept whole.
      if (!isAbove(dir) && (parent(dir) === '' || isAbove(parent(dir)))) cone.add(dir);
      continue;
    }
    // Inside a family: a folder outside its year/month/day layout is kept whole.
    const rel = dir.slice(family.length + 1);
    const up = parent(dir).slice(family.length + 1);
    if (dir === family || YEAR_OR_MONTH.test(rel) || DAY_RE.test(rel)) continue;
    if (parent(dir) === family || YEAR_OR_MONTH.test(up)) cone.add(dir);
  }
  return [...cone].sort();
}
