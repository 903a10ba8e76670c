/**
 * The soak's one change to real time (docs/SOAK.md, "Git's network limit, scaled"): git's low-speed
 * limit, which src/git/exec.ts sets through GIT_CONFIG_*, gives way to GIT_HTTP_LOW_SPEED_TIME in
 * the environment, so a run on a silent remote gives up sooner and the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Peer, silentPeer } from '../../scripts/soak/peers.js';
import { git } from '../../src/git/exec.js';

let silent: Peer;
let dir: string;
beforeAll(async () => {
  silent = await silentPeer();
  dir = mkdtempSync(join(tmpdir(), 'soak-git-limit-'));
});
afterAll(async () => {
  await silent.close();
  rmSync(dir, { recursive: true, force: true });
});

it('git gives up on a silent remote after the seconds of GIT_HTTP_LOW_SPEED_TIME, over our configuration', async () => {
  const before = process.env.GIT_HTTP_LOW_SPEED_TIME;
  process.env.GIT_HTTP_LOW_SPEED_TIME = '2';
  try {
    const fetch = git(['ls-remote', `${silent.url}/a.git`], { cwd: dir });
    await expect(fetch).rejects.toThrow(/Operation too slow.*the last 2 seconds/);
  } finally {
    if (before === undefined) delete process.env.GIT_HTTP_LOW_SPEED_TIME;
    else process.env.GIT_HTTP_LOW_SPEED_TIME = before;
  }
});
