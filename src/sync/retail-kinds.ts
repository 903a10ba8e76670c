/**
 * Retail content in sync: fact collections (`data/retail/facts/**`) merge by union with the poller's own
 * rule (`mergeRetailFactFiles`), retail views (`data/api/**`) are rebuilt from the merged facts and
 * catalog with the poller's own `rebuildRetailViews` — the same bytes a retail run would write.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../data/logger.js';
import { RETAIL_API_DIR, RETAIL_CATALOG_PATH, RETAIL_FACTS_DIR } from '../data/paths.js';
import { parseCatalogText } from '../data/retail-catalog.js';
import {
  FactFileError,
  isRetailFactPath,
  mergeRetailFactFiles,
  parseRetailFactPath,
} from '../data/retail-facts.js';
import { HISTORY_DAYS, rebuildRetailViews } from '../data/retail-views/rebuild.js';
import { DAY } from '../data/time.js';
import { type FileKind, leaveAlone, type ViewFamily, viewKind } from './kinds.js';

const isRetailView = (path: string) => path.startsWith(`${RETAIL_API_DIR}/`);

/** Retail fact collections: a union of observations; an unreadable entry leaves both sides alone. */
export const retailFactKind: FileKind = {
  name: 'retail facts',
  matches: isRetailFactPath,
  merge: (path, a, b) => {
    try {
      const merged = Buffer.from(mergeRetailFactFiles(a.bytes.toString('utf8'), b.bytes.toString('utf8')));
      return { a: merged, b: merged, decisions: [], conflicts: [] };
    } catch (e) {
      if (!(e instanceof FactFileError)) throw e;
      return leaveAlone(path, a, b, `unreadable fact entry (${e.message}): each side keeps its own`);
    }
  },
};

export const retailKinds: readonly FileKind[] = [retailFactKind, viewKind('retail views', isRetailView)];

export interface RetailViewOptions {
  now: Date;
  /** As the retail poller's `retire-after-days`. */
  retireAfterDays: number;
  logger: Logger;
}

/** Rebuilds the retail views when a fact, a view or the catalog differs between the two sides. */
export function retailViewFamily(options: RetailViewOptions): ViewFamily {
  return {
    name: 'retail views',
    rebuild: async (differing, scratch) => {
      if (!differing.some((p) => isRetailFactPath(p) || isRetailView(p) || p === RETAIL_CATALOG_PATH)) return;
      await scratch.materialize([RETAIL_CATALOG_PATH]);
      const catalogText = await readFile(join(scratch.root, RETAIL_CATALOG_PATH), 'utf8').catch(
        () => undefined,
      );
      if (catalogText === undefined)
        return options.logger.warning(`no ${RETAIL_CATALOG_PATH}: retail views not rebuilt`);
      // The rebuild reads the last HISTORY_DAYS fact days (plus one of context) up to now.
      const facts = (await scratch.listRecursive(RETAIL_FACTS_DIR)).flatMap((p) => {
        const f = parseRetailFactPath(p);
        return f && f.day.getTime() <= options.now.getTime() ? [{ p, t: f.day.getTime() }] : [];
      });
      const newest = Math.max(0, ...facts.map((f) => f.t));
      const recent = facts.filter((f) => f.t >= newest - (HISTORY_DAYS + 1) * DAY).map((f) => f.p);
      await scratch.materialize([...recent, ...(await scratch.listRecursive(RETAIL_API_DIR))]);
      await rebuildRetailViews({
        root: scratch.root,
        catalog: parseCatalogText(catalogText, RETAIL_CATALOG_PATH),
        now: options.now,
        retireAfterDays: options.retireAfterDays,
      });
    },
  };
}
