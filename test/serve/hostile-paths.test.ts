import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { put, type RawResponse, rawGet, removeDir, startServer, tempDir } from './fixture.js';

// Every secret planted outside what the server may expose; no answer may ever contain one.
const SECRETS = [
  'SECRET-OUTSIDE-ROOT',
  'SECRET-GIT-CONFIG',
  'SECRET-DOTENV',
  'SECRET-ROOT-FILE',
  'SECRET-HIDDEN',
  'SECRET-TMP',
  'SECRET-NESTED-GIT',
  'root:x:0:0',
  '[core]',
];
const OK_BODY = '[{"spot":1,"metal":"Gold"}]';

let root: string;
let outside: string;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  root = await tempDir();
  outside = await tempDir('staktrakr-outside-');
  await put(outside, 'secret.json', 'SECRET-OUTSIDE-ROOT');
  await put(root, '.git/config', '[core]\nSECRET-GIT-CONFIG');
  await put(root, '.git/HEAD', 'ref: refs/heads/main SECRET-GIT-CONFIG');
  await put(root, '.env', 'SECRET-DOTENV');
  await put(root, 'README.md', 'SECRET-ROOT-FILE');
  await put(root, 'data/ok.json', OK_BODY);
  await put(root, 'data/.hidden.json', 'SECRET-HIDDEN');
  await put(root, 'data/api/.staktrakr-tmp-latest.json-1-ab', 'SECRET-TMP');
  await put(root, 'data/sub/.git/config', 'SECRET-NESTED-GIT');
  await symlink(join(outside, 'secret.json'), join(root, 'data/escape.json'));
  await symlink(join(root, '.git'), join(root, 'data/gitlink'));
  await symlink(join(root, '.env'), join(root, 'data/env.json'));
  await symlink(join(root, 'data/ok.json'), join(root, 'data/alias.json'));
  await mkdir(join(root, 'data/empty'));
  server = await startServer({ dir: root });
});

afterAll(async () => {
  await server?.close();
  await removeDir(root);
  await removeDir(outside);
});

function expectNoSecret(r: RawResponse, what: string) {
  const text = r.body.toString('latin1');
  for (const s of SECRETS) expect(text, `${what} leaked ${s}`).not.toContain(s);
  expect(r.status, `${what} answered ${r.status}`).toBeLessThan(500);
}

const HOSTILE: string[] = [
  '/.git/config',
  '/.git/HEAD',
  '/.git',
  '/.git/',
  '/.env',
  '/README.md',
  '/data/.hidden.json',
  '/data/api/.staktrakr-tmp-latest.json-1-ab',
  '/data/sub/.git/config',
  '/data/escape.json',
  '/data/gitlink/config',
  '/data/gitlink/HEAD',
  '/data/env.json',
  '/../etc/passwd',
  '/data/../.git/config',
  '/data/../../etc/passwd',
  '/data/../../../../../../etc/passwd',
  '/data/..%2f.git/config',
  '/data/%2e%2e/.git/config',
  '/data/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/data/%252e%252e/.git/config',
  '/data/%252e%252e%252f.git%252fconfig',
  '/data/..%252f.git/config',
  '/data/%c0%ae%c0%ae/.git/config',
  '/data/%c0%af..%c0%af.git/config',
  '/data/..\\..\\.git\\config',
  '/data\\..\\.git\\config',
  '/data/%5c..%5c.git%5cconfig',
  '/data/ok.json%00.txt',
  '/data/%00',
  '/%',
  '/data/%',
  '/data/%zz',
  '/data/%e0%a4%a',
  '/data/%ff',
  '/data/%2',
  '/%%32%65',
  '/data/....//....//.git/config',
  '/data/.%2e/.git/config',
  '/data/%2e/ok.json',
  '//etc/passwd',
  '/data//ok.json',
  '/data/./ok.json',
  '/data/ok.json/..',
  '/data/ok.json/../../.git/config',
  '/%2fetc%2fpasswd',
  '/data/%2f..%2f..%2f.git/config',
  'http://evil.example/.git/config',
  '*',
  '/data/',
  '/data',
  '/data/empty',
  '/data/empty/',
  '/data/%2e%2e',
  '/data/.git',
  '/data/sub/%2egit/config',
  '/data/sub/%252egit/config',
  '/.%67it/config',
  '/%2egit/config',
  '/data/..;/.git/config',
  `/data/${'a'.repeat(4000)}`,
  '/proc/self/environ',
  '/data/../../../../../../proc/self/environ',
  '/health/../.git/config',
  '/api/../.git/config',
  '/api/prices/..%2f..%2f.git%2fconfig',
  '/data/%u002e%u002e/.git/config',
  '/data/%E2%80%AE/ok.json',
  '/etc/passwd',
];

describe('hostile request paths', () => {
  it('refuses every hostile path with a 4xx and leaks nothing', async () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(50);
    for (const path of HOSTILE) {
      const r = await rawGet(server.port, path);
      expectNoSecret(r, path);
      expect(r.status, `${path} answered ${r.status}`).toBeGreaterThanOrEqual(400);
    }
    // Raw NUL, backslash and control bytes on the wire.
    for (const bytes of [
      [0x2f, 0x00],
      [0x2f, 0x64, 0x61, 0x74, 0x61, 0x2f, 0x5c],
      [0x2f, 0x01, 0x7f],
      [0x2f, 0xff, 0xfe],
    ]) {
      const r = await rawGet(server.port, Buffer.from(bytes));
      expectNoSecret(r, JSON.stringify(bytes));
      expect(r.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('still serves the data tree, including a symlink that stays inside it', async () => {
    for (const path of ['/data/ok.json', '/data/alias.json', '/data/ok.json?x=../../.git/config']) {
      const r = await rawGet(server.port, path);
      expect(r.status, path).toBe(200);
      expect(r.body.toString()).toBe(OK_BODY);
    }
  });

  it('survives a bounded random fuzz of path bytes without a 5xx, a crash or a leak', async () => {
    let seed = 0x5eed;
    const random = () => {
      // mulberry32: deterministic, so a failure can be replayed.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pieces = [
      '/',
      '.',
      '..',
      '%',
      '%2e',
      '%2E',
      '%2f',
      '%2F',
      '%5c',
      '%25',
      '%00',
      '%c0%ae',
      'data',
      '.git',
      'config',
      'ok.json',
      'escape.json',
      'gitlink',
      '\\',
      ';',
      'sub',
    ];
    const targets: Buffer[] = [];
    for (let i = 0; i < 600; i++) {
      const parts: Buffer[] = [Buffer.from('/')];
      const n = 1 + Math.floor(random() * 10);
      for (let j = 0; j < n; j++) {
        if (random() < 0.15) {
          // Any byte except the ones that end a request line or a target.
          let b = Math.floor(random() * 256);
          if (b === 0x0a || b === 0x0d || b === 0x20) b = 0x2e;
          parts.push(Buffer.from([b]));
        } else {
          parts.push(Buffer.from(pieces[Math.floor(random() * pieces.length)]!, 'latin1'));
        }
      }
      targets.push(Buffer.concat(parts));
    }
    for (let i = 0; i < targets.length; i += 25) {
      const batch = targets.slice(i, i + 25);
      const answers = await Promise.all(batch.map((t) => rawGet(server.port, t)));
      answers.forEach((r, j) => {
        const what = batch[j]!.toString('latin1');
        expectNoSecret(r, what);
        if (r.status === 200) expect(r.body.toString(), what).toBe(OK_BODY);
      });
    }
    const after = await rawGet(server.port, '/data/ok.json');
    expect(after.status).toBe(200);
  });
});
