/**
 * A demo data set for the status page, written by the code that writes real repositories: spot slot
 * facts and hourly views (src/data/spot-store.ts), retail observations turned into the app's views
 * (src/data/retail-facts.ts + src/data/retail-views/rebuild.ts). Deterministic: a seeded walk, fixed times.
 */

import type { Catalog } from '../../src/data/retail-catalog.js';
import { appendObservations } from '../../src/data/retail-facts.js';
import type { Observation } from '../../src/data/retail-observation.js';
import { rebuildRetailViews } from '../../src/data/retail-views/rebuild.js';
import { METALS, type Metal, type SpotEntry } from '../../src/data/spot.js';
import { rebuildHourly, writeSlot } from '../../src/data/spot-store.js';
import { floorSlot, formatNaive, HOUR, MINUTE, SLOT } from '../../src/data/time.js';

const BASE: Record<Metal, number> = { Gold: 5010, Silver: 81.4, Platinum: 2105, Palladium: 1580 };

/** A small deterministic generator (LCG), so every run draws the same walk. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Spot slot facts every 15 minutes for `hours` hours up to `end`, and their hourly views. */
export async function writeSpot(root: string, end: Date, hours: number): Promise<number> {
  const next = seeded(7);
  const level = { ...BASE };
  const hoursSeen = new Set<number>();
  let slots = 0;
  for (let t = floorSlot(end).getTime() - hours * HOUR; t <= end.getTime(); t += SLOT) {
    const entries: SpotEntry[] = METALS.map((metal) => {
      level[metal] *= 1 + (next() - 0.5) * 0.004;
      return {
        spot: round2(level[metal]),
        metal,
        source: 'latest',
        provider: 'demo',
        timestamp: formatNaive(new Date(t)),
      };
    });
    await writeSlot(root, new Date(t), entries);
    hoursSeen.add(Math.floor(t / HOUR) * HOUR);
    slots++;
  }
  for (const h of hoursSeen) await rebuildHourly(root, new Date(h));
  return slots;
}

/** A name that must reach the page as text, never as markup. */
export const HOSTILE_NAME = 'Evil <img src=x onerror="window.__xss=1"> & "Co" 1 oz';

const provider = (id: string) => ({ id, name: id, enabled: true, url: `https://${id}.example/p` });
const coin = (name: string, metal: Catalog['coins'][string]['metal'], dealers: string[]) => ({
  name,
  metal,
  weight_oz: 1,
  providers: dealers.map(provider),
});
const ALL = ['apmex', 'herobullion', 'jmbullion', 'monumentmetals', 'sdbullion'];

export const DEMO_CATALOG: Catalog = {
  coins: {
    age: coin('American Gold Eagle 1 oz', 'gold', ALL),
    ape: coin('American Platinum Eagle 1 oz', 'platinum', ['apmex', 'herobullion', 'jmbullion']),
    ase: coin('American Silver Eagle 1 oz', 'silver', ALL),
    'evil-coin': coin(HOSTILE_NAME, 'silver', ['apmex', 'sdbullion']),
    'maple-gold': coin('Canadian Gold Maple Leaf 1 oz', 'gold', ALL),
    'maple-silver': coin('Canadian Silver Maple Leaf 1 oz', 'silver', ALL),
  },
};

const SPOT_OF: Record<string, number> = { gold: 5010, silver: 81.4, platinum: 2105 };

/**
 * Eight retail runs, 15 minutes apart, ending at `end`. What the grid must then show:
 * jmbullion has no American Gold Eagle in stock (OOS, last price known), monumentmetals' Silver Eagle
 * page fails after one good read (its price is carried: stale), herobullion's Silver Maple page never
 * works (failed), sdbullion does not sell the Platinum Eagle (not carried); everything else is priced.
 */
export async function writeRetail(root: string, end: Date, runs = 8): Promise<void> {
  const next = seeded(11);
  const observations: Observation[] = [];
  for (let r = runs - 1; r >= 0; r--) {
    const at = end.getTime() - r * 15 * MINUTE;
    const first = r === runs - 1;
    for (const [slug, c] of Object.entries(DEMO_CATALOG.coins)) {
      c.providers.forEach((p, i) => {
        const observedAt = new Date(at - 60_000 + i * 7_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        const price = round2(SPOT_OF[c.metal]! * (1.04 + i * 0.012 + next() * 0.004));
        const base = { coin: slug, vendor: p.id, observedAt };
        const failed: Observation = {
          ...base,
          price: null,
          inStock: true,
          method: null,
          reason: 'timed out',
        };
        if (slug === 'age' && p.id === 'jmbullion')
          observations.push(
            first
              ? { ...base, price, inStock: true, method: 'tier-table', reason: '' }
              : { ...base, price: null, inStock: false, method: null, reason: 'out of stock' },
          );
        else if (slug === 'ase' && p.id === 'monumentmetals')
          observations.push(first ? { ...base, price, inStock: true, method: 'text', reason: '' } : failed);
        else if (slug === 'maple-silver' && p.id === 'herobullion') observations.push(failed);
        else observations.push({ ...base, price, inStock: true, method: 'tier-table', reason: '' });
      });
    }
  }
  await appendObservations(root, observations);
  await rebuildRetailViews({ root, catalog: DEMO_CATALOG, now: end });
}
