/**
 * `/health`: is this endpoint serving fresh data? Age of the newest spot entry and of the retail
 * manifest's `generated_at`, against thresholds (0 disables a check), plus the checkout's commit
 * and the uptime. Callers may add checks (daemon job status) through `extraHealth`.
 *
 * Spot age is judged in market time (data/market-hours.ts): Friday's close stays fresh until the
 * market reopens. This is a readiness report for people and monitors; a platform's routing check
 * must use `/healthz` (liveness), or a weekend or a failing job would take the endpoint down.
 */
import { lastMarketOpenBefore, spotMarketAgeMs } from '../data/market-hours.js';
import { readManifestFile } from '../data/retail-manifest-file.js';
import { type Clock, formatIso } from '../data/time.js';
import { git } from '../git/exec.js';
import type { SpotIndex } from './spot-index.js';

export interface HealthThresholds {
  /** Newest spot entry older than this in market time (data/market-hours.ts) is unhealthy; 0 disables the check. */
  spotMaxAgeSeconds: number;
  /** `manifest.generated_at` older than this (or no manifest) is unhealthy; 0 disables the check. */
  manifestMaxAgeSeconds: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = { spotMaxAgeSeconds: 7200, manifestMaxAgeSeconds: 7200 };

/** `/healthz`: the process serves. No data checks, so a platform routing on it never drops a live endpoint. */
export const LIVENESS = { ok: true } as const;

export type HealthCheck = { ok: boolean } & Record<string, unknown>;
export type ExtraHealth = () => Promise<Record<string, HealthCheck>>;

export interface HealthReport {
  ok: boolean;
  body: {
    status: 'ok' | 'unhealthy';
    time: string;
    commit: string | null;
    uptime_seconds: number;
    checks: Record<string, HealthCheck>;
  };
}

export interface HealthDeps {
  root: string;
  index: SpotIndex;
  clock: Clock;
  startedAt: Date;
  thresholds: HealthThresholds;
  extraHealth?: ExtraHealth;
}

export class Health {
  private commit: { at: number; value: Promise<string | null> } | undefined;

  constructor(private readonly deps: HealthDeps) {}

  async report(): Promise<HealthReport> {
    const { root, index, clock, startedAt, thresholds } = this.deps;
    const now = clock.now();
    await index.refresh();
    const newest = await index.newest();
    const manifestAt = await readManifestTime(root);
    const checks: Record<string, HealthCheck> = {
      spot: spotCheck(now, newest, thresholds.spotMaxAgeSeconds),
      manifest: ageCheck(now, manifestAt, thresholds.manifestMaxAgeSeconds, 'generated_at'),
    };
    if (this.deps.extraHealth) {
      try {
        Object.assign(checks, await this.deps.extraHealth());
      } catch (err) {
        checks.extra = { ok: false, error: (err as Error).message };
      }
    }
    const ok = Object.values(checks).every((c) => c.ok);
    return {
      ok,
      body: {
        status: ok ? 'ok' : 'unhealthy',
        time: formatIso(now),
        commit: await this.headCommit(now.getTime()),
        uptime_seconds: Math.round((now.getTime() - startedAt.getTime()) / 1000),
        checks,
      },
    };
  }

  /** `git rev-parse HEAD`, cached a few seconds so a flood of health checks spawns no flood of gits. */
  private headCommit(now: number): Promise<string | null> {
    if (!this.commit || now - this.commit.at > 5_000) {
      const value = git(['rev-parse', 'HEAD'], { cwd: this.deps.root }).then(
        (r) => r.stdout.trim() || null,
        () => null,
      );
      this.commit = { at: now, value };
    }
    return this.commit.value;
  }
}

function ageCheck(now: Date, at: number | undefined, maxAge: number, field: string): HealthCheck {
  const age = at === undefined ? null : Math.round((now.getTime() - at) / 1000);
  return {
    ok: maxAge === 0 || (age !== null && age <= maxAge),
    [field]: at === undefined ? null : formatIso(new Date(at)),
    age_seconds: age,
    max_age_seconds: maxAge,
  };
}

/** Like `ageCheck`, but the age that counts stops growing while the market is closed. */
function spotCheck(now: Date, newest: number | undefined, maxAge: number): HealthCheck {
  const check = ageCheck(now, newest, maxAge, 'newest');
  const lastOpen = lastMarketOpenBefore(now);
  const marketAge = newest === undefined ? null : Math.round(spotMarketAgeMs(new Date(newest), now) / 1000);
  return {
    ...check,
    ok: maxAge === 0 || (marketAge !== null && marketAge <= maxAge),
    market_open: lastOpen.getTime() === now.getTime(),
    last_market_open: formatIso(lastOpen),
    market_age_seconds: marketAge,
  };
}

/** `generated_at` of the retail manifest (falling back to `updated`, the older name). */
async function readManifestTime(root: string): Promise<number | undefined> {
  const manifest = await readManifestFile(root);
  return manifest.ok && manifest.at instanceof Date ? manifest.at.getTime() : undefined;
}
