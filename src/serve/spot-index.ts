/**
 * In-memory index of recent spot prices for the query API and /health: slot facts
 * (`data/15min`), hourly views for hours older pollers only wrote there (`data/hourly`), and
 * exchange-rate facts (`data/fx`), over the days the longest query window can reach.
 * `refresh()` is cheap (one stat per day directory when nothing changed); call it per request.
 */
import { join } from 'node:path';
import { fxFact } from '../data/fx.js';
import { parseJson } from '../data/json.js';
import type { Logger } from '../data/logger.js';
import { METALS, type Metal, type SpotEntry } from '../data/spot.js';
import { parseSpotText } from '../data/spot-store.js';
import { type Clock, DAY, floorDay, parseNaive } from '../data/time.js';
import { DayTree, newestDays } from './day-tree.js';

export interface SpotPoint {
  /** Epoch milliseconds (UTC). */
  t: number;
  price: number;
  provider: string;
  /** Bid and ask, when the provider gave them. */
  bid?: number;
  ask?: number;
}

export interface FxPoint {
  t: number;
  rates: Record<string, number>;
}

const parseSpot = (text: string) => {
  const r = parseSpotText(text);
  return r.status === 'ok' ? r.entries : undefined;
};

const parseFx = (text: string): FxPoint | undefined => {
  const json = parseJson(text);
  const r = json.ok ? fxFact.safeParse(json.value) : undefined;
  const t = r?.success ? parseNaive(r.data.timestamp) : undefined;
  return r?.success && t ? { t: t.getTime(), rates: r.data.rates } : undefined;
};

const ymd = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '/');

export class SpotIndex {
  private readonly slots: DayTree<SpotEntry[]>;
  private readonly hourly: DayTree<SpotEntry[]>;
  private readonly fx: DayTree<FxPoint>;
  private byMetal = new Map<Metal, SpotPoint[]>();
  private rates: FxPoint[] = [];
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  /** `spanMs`: how far back from now entries are indexed (the longest window plus margin). */
  constructor(
    private readonly root: string,
    private readonly clock: Clock,
    private readonly spanMs = 8 * DAY,
    private readonly logger?: Logger,
  ) {
    this.slots = new DayTree(join(root, 'data/15min'), parseSpot, logger);
    this.hourly = new DayTree(join(root, 'data/hourly'), parseSpot, logger);
    this.fx = new DayTree(join(root, 'data/fx'), parseFx, logger);
  }

  /** Re-reads what changed on disk. Concurrent callers share one scan; a call made during a scan gets a fresh one. */
  refresh(): Promise<void> {
    if (!this.running) {
      this.running = this.scan().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.refresh();
    });
    return this.queued;
  }

  /** Points of one metal, oldest first. */
  series(metal: Metal): readonly SpotPoint[] {
    return this.byMetal.get(metal) ?? [];
  }

  /** Exchange-rate facts, oldest first. */
  fxPoints(): readonly FxPoint[] {
    return this.rates;
  }

  /** Currencies some exchange-rate fact in the index holds, plus USD. */
  currencies(): string[] {
    const set = new Set(['USD']);
    for (const p of this.rates) for (const c of Object.keys(p.rates)) set.add(c);
    return [...set].sort();
  }

  /**
   * Time of the newest spot entry: from the index, or — when the data is older than the indexed
   * span — from the newest day directories on disk.
   */
  async newest(): Promise<number | undefined> {
    const indexed = Math.max(...METALS.map((m) => this.series(m).at(-1)?.t ?? Number.NEGATIVE_INFINITY));
    if (Number.isFinite(indexed)) return indexed;
    let best: number | undefined;
    for (const base of ['data/15min', 'data/hourly']) {
      const dir = join(this.root, base);
      const tree = new DayTree(dir, parseSpot, this.logger);
      await tree.refresh(await newestDays(dir, 1));
      for (const entries of tree.values()) {
        for (const e of entries) {
          const t = parseNaive(e.timestamp)?.getTime();
          if (t !== undefined && e.spot > 0 && (best === undefined || t > best)) best = t;
        }
      }
    }
    return best;
  }

  private async scan(): Promise<void> {
    const now = this.clock.now().getTime();
    const days: string[] = [];
    for (let t = floorDay(new Date(now - this.spanMs)).getTime(); t <= now; t += DAY)
      days.push(ymd(new Date(t)));
    const [a, b, c] = await Promise.all([
      this.slots.refresh(days),
      this.hourly.refresh(days),
      this.fx.refresh(days),
    ]);
    if (a || b) this.byMetal = merge(this.hourly.values(), this.slots.values());
    if (c) this.rates = this.fx.values().sort((x, y) => x.t - y.t);
  }
}

/**
 * One point per (timestamp, metal): slot facts win over hourly views. Non-positive prices are
 * skipped: the original published $0 for hours after a key-format mix-up.
 */
function merge(hourly: SpotEntry[][], slots: SpotEntry[][]): Map<Metal, SpotPoint[]> {
  const byKey = new Map<string, SpotPoint & { metal: Metal }>();
  for (const entries of [...hourly, ...slots]) {
    for (const e of entries) {
      const t = parseNaive(e.timestamp)?.getTime();
      if (t === undefined || !(e.spot > 0)) continue;
      byKey.set(`${t}|${e.metal}`, {
        t,
        price: e.spot,
        provider: e.provider,
        metal: e.metal,
        ...(e.bid !== undefined && { bid: e.bid }),
        ...(e.ask !== undefined && { ask: e.ask }),
      });
    }
  }
  const out = new Map<Metal, SpotPoint[]>(METALS.map((m) => [m, []]));
  for (const { metal, ...point } of byKey.values()) out.get(metal)!.push(point);
  for (const points of out.values()) points.sort((x, y) => x.t - y.t);
  return out;
}
