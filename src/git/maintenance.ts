/**
 * Whether a clone's automatic maintenance may be due, told the way git itself tells it, without a
 * process: `git maintenance run --auto` (started by every fetch) counts the loose objects in
 * `objects/17` against `gc.auto` (6,700) / 256 and the packs against `gc.autoPackLimit` (50 or more). A fetch
 * that cannot be due skips that extra process; one that may be due runs it as git would, and git
 * then applies the clone's real settings. (A clone configured below git's defaults is tidied at the
 * defaults.)
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const LOOSE_IN_ONE_FOLDER = Math.ceil(6700 / 256);
const PACKS = 50;

const count = async (dir: string, keep: (name: string) => boolean) => {
  try {
    return (await readdir(dir)).filter(keep).length;
  } catch {
    return 0;
  }
};

export async function maintenanceMayBeDue(gitDir: string): Promise<boolean> {
  const [loose, packs] = await Promise.all([
    count(join(gitDir, 'objects', '17'), (n) => n.length === 38),
    count(join(gitDir, 'objects', 'pack'), (n) => n.endsWith('.pack')),
  ]);
  return loose > LOOSE_IN_ONE_FOLDER || packs >= PACKS;
}
