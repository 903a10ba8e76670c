/**
 * Liveness and readiness, as a platform and a person see them: `/healthz` answers 200 whenever the
 * process serves; `/health` judges spot data in market time (weekends and holidays do not age it).
 */
import { rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Fact,
  fixedClock,
  METALS,
  put,
  removeDir,
  startServer,
  tempDir,
  writeHourly,
  writeManifest,
  writeSlot,
} from './fixture.js';

let root: string;
beforeEach(async () => {
  root = await tempDir('staktrakr-health-');
});
afterEach(() => removeDir(root));

const facts = (t: number): Fact[] =>
  METALS.map((metal, i) => ({ t, metal, spot: [2900, 32, 980, 950][i]!, provider: 'test' }));

/** Spot data whose newest price is at `t` (a slot and its hourly view), and a manifest at `manifestAt`. */
async function checkout(t: string, manifestAt: string) {
  const at = Date.parse(t);
  await writeSlot(root, at, facts(at));
  await writeHourly(root, Math.floor(at / 3_600_000) * 3_600_000, facts(at));
  await writeManifest(root, new Date(manifestAt));
}

type Check = Record<string, unknown> & { ok: boolean };

async function get(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as { ok?: boolean; checks: Record<string, Check> } };
}

describe('/healthz and /health', () => {
  it('a stale checkout on a Wednesday: /health 503 naming spot, /healthz 200 all the same', async () => {
    await checkout('2026-03-10T14:00:00Z', '2026-03-11T15:00:00Z');
    let failing = false;
    const clock = fixedClock(new Date('2026-03-11T15:10:00Z'));
    const server = await startServer({
      dir: root,
      clock,
      extraHealth: async () => ({ daemon: { ok: !failing, failures: failing ? 3 : 0 } }),
    });
    try {
      const health = await get(`${server.url}/health`);
      expect(health.status).toBe(503);
      expect(health.body.checks.spot).toMatchObject({ ok: false, market_open: true });
      expect(health.body.checks.manifest?.ok).toBe(true);
      expect(await get(`${server.url}/healthz`)).toEqual({ status: 200, body: { ok: true } });
      // A job failing three times is a readiness problem, never a liveness one.
      failing = true;
      clock.advance(1_000); // /health is computed at most once a second
      expect((await get(`${server.url}/health`)).body.checks.daemon).toEqual({ ok: false, failures: 3 });
      expect(await get(`${server.url}/healthz`)).toEqual({ status: 200, body: { ok: true } });
      const head = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
      expect(head.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('dates the manifest as every reader does: an older `updated`-only file reads, a broken, missing or linked one does not', async () => {
    const clock = fixedClock(new Date('2026-03-11T15:10:00Z'));
    const server = await startServer({ dir: root, clock });
    const manifestCheck = async (write: () => Promise<void>) => {
      await rm(join(root, 'data/api/manifest.json'), { force: true });
      await write();
      clock.advance(1_000); // /health is computed at most once a second
      return (await get(`${server.url}/health`)).body.checks.manifest;
    };
    try {
      expect(
        await manifestCheck(() => put(root, 'data/api/manifest.json', '{"updated":"2026-03-11T15:00:00Z"}')),
      ).toMatchObject({ ok: true, generated_at: '2026-03-11T15:00:00Z', age_seconds: 601 });
      expect(
        await manifestCheck(() => put(root, 'data/api/manifest.json', '{"generated_at":')),
      ).toMatchObject({
        ok: false,
        generated_at: null,
      });
      expect(await manifestCheck(async () => {})).toMatchObject({ ok: false, generated_at: null });
      const elsewhere = await tempDir('staktrakr-health-link-');
      try {
        await writeManifest(elsewhere, new Date('2026-03-11T15:00:00Z'));
        const linked = () =>
          symlink(join(elsewhere, 'data/api/manifest.json'), join(root, 'data/api/manifest.json'));
        expect(await manifestCheck(linked)).toMatchObject({ ok: false, generated_at: null });
      } finally {
        await removeDir(elsewhere);
      }
    } finally {
      await server.close();
    }
  });

  it('/healthz answers without reading the data: an empty directory is alive', async () => {
    const server = await startServer({ dir: root, clock: fixedClock(new Date('2026-03-11T15:10:00Z')) });
    try {
      expect(await get(`${server.url}/healthz`)).toEqual({ status: 200, body: { ok: true } });
      expect((await get(`${server.url}/health`)).status).toBe(503);
    } finally {
      await server.close();
    }
  });

  it("a Saturday with Friday's close is healthy, until the market has traded two hours past it", async () => {
    // Friday 13 March 2026, 16:45 EDT: the last slot before the 17:00 close.
    await checkout('2026-03-13T20:45:00Z', '2026-03-14T12:00:00Z');
    const clock = fixedClock(new Date('2026-03-14T12:00:00Z'));
    const server = await startServer({ dir: root, clock });
    try {
      const saturday = await get(`${server.url}/health`);
      expect(saturday.status).toBe(200);
      expect(saturday.body.checks.spot).toMatchObject({
        ok: true,
        newest: '2026-03-13T20:45:00Z',
        market_open: false,
        last_market_open: '2026-03-13T21:00:00Z',
        market_age_seconds: 15 * 60,
        age_seconds: (15 * 60 + 15) * 60,
      });
      // Sunday 18:00 EDT the market reopens; 1 h 44 min later the price is 119 min old in market time.
      clock.advance(Date.parse('2026-03-15T23:44:00Z') - clock.now().getTime());
      await writeManifest(root, clock.now());
      expect((await get(`${server.url}/health`)).status).toBe(200);
      clock.advance(2 * 60_000);
      await writeManifest(root, clock.now());
      const sunday = await get(`${server.url}/health`);
      expect(sunday.status).toBe(503);
      expect(sunday.body.checks.spot).toMatchObject({ ok: false, market_open: true });
    } finally {
      await server.close();
    }
  });

  it("Good Friday: Thursday's close stays healthy through the holiday", async () => {
    await checkout('2026-04-02T20:45:00Z', '2026-04-03T15:00:00Z');
    const server = await startServer({ dir: root, clock: fixedClock(new Date('2026-04-03T15:00:00Z')) });
    try {
      const health = await get(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(health.body.checks.spot).toMatchObject({
        ok: true,
        market_open: false,
        last_market_open: '2026-04-02T21:00:00Z',
      });
    } finally {
      await server.close();
    }
  });
});
