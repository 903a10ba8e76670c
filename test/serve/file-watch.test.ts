/**
 * Cached data answers are trusted without a `stat` per request because the directories on their
 * way are watched. Attacked here: writes by other processes (rename and in-place), a symlink
 * swapped to point outside `data/`, a directory replaced above a cached file, events lost to a
 * kernel queue overflow (the periodic `stat` must make good), and paths that cannot be watched.
 */
import { execFile } from 'node:child_process';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FileCache, type Slot } from '../../src/serve/file-cache.js';
import { PathWatches } from '../../src/serve/path-watch.js';
import { httpGet, put, removeDir, startServer, tempDir } from './fixture.js';

const run = promisify(execFile);

let root: string;
let outside: string;
let server: Awaited<ReturnType<typeof startServer>>;
const body = async (path: string) => {
  const r = await httpGet(server.url, path);
  return r.status === 200 ? r.body.toString() : r.status;
};

beforeAll(async () => {
  root = await tempDir();
  outside = await tempDir('staktrakr-outside-');
  await put(root, 'data/ok.json', '"ok"');
  await put(root, 'data/other.json', '"other"');
  await writeFile(join(outside, 'secret.json'), '"SECRET"');
  // A long revalidation interval: a stale answer here is one the events failed to prevent.
  server = await startServer({ dir: root, revalidateMs: 60_000 });
});

afterAll(async () => {
  await server?.close();
  await removeDir(root);
  await removeDir(outside);
});

/** Another process writes `content` to `rel`: by rename (pollers) or in place (git checkout). */
async function writeElsewhere(rel: string, content: string, how: 'rename' | 'in-place') {
  const path = join(root, rel);
  const script =
    how === 'rename'
      ? `const fs=require('fs');fs.writeFileSync(process.argv[1]+'.tmp',process.argv[2]);fs.renameSync(process.argv[1]+'.tmp',process.argv[1])`
      : `require('fs').writeFileSync(process.argv[1],process.argv[2])`;
  await run(process.execPath, ['-e', script, path, content]);
}

describe('cached answers follow the files', () => {
  it('serves what another process wrote as soon as it is done, by rename or in place', async () => {
    await put(root, 'data/15min/2026/03/15/2030.json', '[0]');
    expect(await body('/data/15min/2026/03/15/2030.json')).toBe('[0]');
    for (let i = 1; i <= 12; i++) {
      // Same length every time: only the events (not a size change) can tell.
      await writeElsewhere('data/15min/2026/03/15/2030.json', `[${i % 10}]`, i % 2 ? 'rename' : 'in-place');
      expect(await body('/data/15min/2026/03/15/2030.json'), `write ${i}`).toBe(`[${i % 10}]`);
    }
    await rm(join(root, 'data/15min/2026/03/15/2030.json'));
    expect(await body('/data/15min/2026/03/15/2030.json')).toBe(404);
  });

  it('refuses at once a symlink swapped to point outside data/', async () => {
    await symlink(join(root, 'data/ok.json'), join(root, 'data/alias.json'));
    expect(await body('/data/alias.json')).toBe('"ok"');
    await symlink(join(outside, 'secret.json'), join(root, 'data/alias.tmp'));
    await rename(join(root, 'data/alias.tmp'), join(root, 'data/alias.json'));
    const r = await httpGet(server.url, '/data/alias.json');
    expect(r.status).toBe(404);
    expect(r.body.toString()).not.toContain('SECRET');
    // And a directory link swapped from inside data/ to outside.
    await mkdir(join(root, 'data/real'), { recursive: true });
    await writeFile(join(root, 'data/real/secret.json'), '"inside"');
    await symlink(join(root, 'data/real'), join(root, 'data/dirlink'));
    expect(await body('/data/dirlink/secret.json')).toBe('"inside"');
    await symlink(outside, join(root, 'data/dirlink.tmp'));
    await rename(join(root, 'data/dirlink.tmp'), join(root, 'data/dirlink'));
    expect(await body('/data/dirlink/secret.json')).toBe(404);
  });

  it('serves the new file when a directory above it is replaced', async () => {
    await put(root, 'data/hourly/2026/03/15/12.json', '"old"');
    expect(await body('/data/hourly/2026/03/15/12.json')).toBe('"old"');
    await put(root, 'data/hourly-new/2026/03/15/12.json', '"new"');
    await rename(join(root, 'data/hourly'), join(root, 'data/hourly-old'));
    await rename(join(root, 'data/hourly-new'), join(root, 'data/hourly'));
    expect(await body('/data/hourly/2026/03/15/12.json')).toBe('"new"');
  });

  it('makes good events lost to a queue overflow within the revalidation interval', async () => {
    let limit: number;
    try {
      limit = Number(readFileSync('/proc/sys/fs/inotify/max_queued_events', 'utf8'));
    } catch {
      console.log('skipped: /proc/sys/fs/inotify/max_queued_events is unreadable (not Linux)');
      return;
    }
    if (!(limit > 0 && limit <= 200_000)) {
      console.log(`skipped: an inotify queue of ${limit} events is too long to overflow in a test`);
      return;
    }
    const dir = await tempDir();
    await put(dir, 'data/x.json', '"before"');
    const s = await startServer({ dir, revalidateMs: 200 });
    try {
      const get = async () => (await httpGet(s.url, '/data/x.json')).body.toString();
      expect(await get()).toBe('"before"');
      // With the event loop blocked, twice the queue's length of events in the watched directory
      // (each rename is two), then the change that matters: its event is dropped.
      writeFileSync(join(dir, 'data/a'), '');
      for (let i = 0; i < limit; i++)
        renameSync(join(dir, `data/${i % 2 ? 'b' : 'a'}`), join(dir, `data/${i % 2 ? 'a' : 'b'}`));
      writeFileSync(join(dir, 'data/x.tmp'), '"after!"');
      renameSync(join(dir, 'data/x.tmp'), join(dir, 'data/x.json'));
      await vi.waitFor(async () => expect(await get()).toBe('"after!"'), { timeout: 5_000, interval: 50 });
    } finally {
      await s.close();
      await removeDir(dir);
    }
  });

  it('checks a path it cannot watch on every request', async () => {
    const dir = await tempDir();
    await put(dir, 'data/x.json', '[1]');
    const s = await startServer({ dir, maxWatchedDirs: 0, revalidateMs: 60_000 });
    try {
      for (let i = 2; i < 6; i++) {
        expect((await httpGet(s.url, '/data/x.json')).body.toString()).toBe(`[${i - 1}]`);
        await writeFile(join(dir, 'data/x.tmp'), `[${i}]`);
        await rename(join(dir, 'data/x.tmp'), join(dir, 'data/x.json'));
      }
    } finally {
      await s.close();
      await removeDir(dir);
    }
  });
});

describe('bounds', () => {
  it('watches at most maxDirs directories and lets go of those nobody needs', async () => {
    const dir = await tempDir();
    try {
      for (const d of ['a', 'b', 'c']) await put(dir, `data/${d}/x.json`, '1');
      const watches = new PathWatches(4);
      const entry = () => ({ invalidate: vi.fn() });
      const [a, b, c] = [entry(), entry(), entry()];
      // The checkout, data/ and data/a; then data/b.
      expect(watches.add(a, [[dir, join(dir, 'data/a/x.json')]])).toBe(true);
      expect(watches.add(b, [[dir, join(dir, 'data/b/x.json')]])).toBe(true);
      expect(watches.size).toBe(4);
      expect(watches.add(c, [[dir, join(dir, 'data/c/x.json')]])).toBe(false);
      expect(watches.size).toBe(4);
      watches.remove(a);
      expect(watches.size).toBe(3);
      watches.remove(b);
      expect(watches.size).toBe(0);
      watches.close();
    } finally {
      await removeDir(dir);
    }
  });

  it('stops watching for the answers the byte bound evicts', async () => {
    const dir = await tempDir();
    try {
      const released: string[] = [];
      const cache = new FileCache('no-cache', 100, (slot: Slot) => released.push(slot.key));
      for (const name of ['a', 'b', 'c']) {
        await put(dir, `${name}.json`, JSON.stringify('x'.repeat(40)));
        await cache.load(
          cache.prepare(name),
          join(dir, `${name}.json`),
          statSync(join(dir, `${name}.json`)),
          0,
        );
      }
      expect(cache.size).toBe(2);
      expect(released).toEqual(['a']);
    } finally {
      await removeDir(dir);
    }
  });
});
