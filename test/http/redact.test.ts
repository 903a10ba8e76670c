import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import spotPoll from '../../src/commands/spot-poll.js';
import { Redactor, redact, redactUrl } from '../../src/http/redact.js';
import { checkUrl } from '../../src/http/url-policy.js';
import { bareRepo, tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run.js';

const T = 'ghp_CANARY123';

describe('redactUrl', () => {
  it.each([
    [`https://u:${T}@github.com/o/r.git`, 'https://***@github.com/o/r.git'],
    [`HTTPS://u:${T}@github.com/o/r.git`, 'HTTPS://***@github.com/o/r.git'],
    [`Http://${T}@github.com/o/r`, 'Http://***@github.com/o/r'],
    [`git+https://u:${T}@host/r`, 'git+https://***@host/r'],
    [`ssh://git:${T}@host/r`, 'ssh://***@host/r'],
    [`file://user:${T}@/srv/r.git`, 'file://***@/srv/r.git'],
    [`wss://browser.example?token=${T}`, 'wss://browser.example?token=***'],
    [`https://h/p?a=1&ACCESS_TOKEN=${T}&b=2`, 'https://h/p?a=1&ACCESS_TOKEN=***&b=2'],
    [`https://h/p?api_key=${T}`, 'https://h/p?api_key=***'],
    [`https://h/p?apiKey=${T}`, 'https://h/p?apiKey=***'],
    [`https://h/p?X-Amz-Signature=${T}`, 'https://h/p?X-Amz-Signature=***'],
    [`https://h/p?Password=${T}`, 'https://h/p?Password=***'],
    [`https://h/p?client_secret=${T}`, 'https://h/p?client_secret=***'],
    [`https://h/p?auth=${T}`, 'https://h/p?auth=***'],
    [`https://h/p?access%5Ftoken=${T}`, 'https://h/p?access%5Ftoken=***'],
    [`https://h/cb#access_token=${T}&x=1`, 'https://h/cb#access_token=***&x=1'],
    // The last @ of the authority ends the userinfo, as URL parsers read it.
    [`https://u:p@ss${T}@h/x`, 'https://***@h/x'],
    // What URL() refuses is still redacted (a bad port here).
    [`https://u:${T}@h:99999/x`, 'https://***@h:99999/x'],
    [`user:${T}@host:o/r.git`, '***@host:o/r.git'],
    // Safe URLs are left exactly as written.
    [
      'https://api.example.com/v1/latest?base=USD&currencies=XAU',
      'https://api.example.com/v1/latest?base=USD&currencies=XAU',
    ],
    ['git@github.com:o/r.git', 'git@github.com:o/r.git'],
    ['/srv/data.git', '/srv/data.git'],
  ])('%s', (url, safe) => {
    expect(redactUrl(url)).toBe(safe);
    expect(redactUrl(url)).not.toContain(T);
  });
});

describe('redact (text)', () => {
  it('redacts every URL in a line, and leaves the rest alone', () => {
    const line = `Cloning https://x:${T}@h/a.git (main) into /w; fetch "HTTP://h/b?token=${T}" failed, remote git@github.com:o/r.git and user:${T}@host:r ok`;
    expect(redact(line)).toBe(
      'Cloning https://***@h/a.git (main) into /w; fetch "HTTP://h/b?token=***" failed, remote git@github.com:o/r.git and ***@host:r ok',
    );
  });

  it('leaves ordinary text, times and emails as they are', () => {
    const line = '2026-03-10T14:20:00Z slot 14:15 written by ops@example.com: 4 metals (ratio 1:2)';
    expect(redact(line)).toBe(line);
  });

  it('masks the registered secrets, longest first, and their URL-encoded and Basic forms', () => {
    const r = new Redactor();
    r.add('abcd');
    r.add('abcd-efgh/ij');
    const basic = Buffer.from('x-access-token:abcd-efgh/ij').toString('base64');
    expect(r.redact(`k=abcd-efgh/ij e=abcd-efgh%2Fij b=AUTHORIZATION: basic ${basic} short=abcd`)).toBe(
      'k=*** e=*** b=AUTHORIZATION: basic *** short=***',
    );
    // Values under 4 characters would mask innocent text everywhere.
    r.add('ab');
    expect(r.redact('abc')).toBe('abc');
  });
});

describe('URL policy', () => {
  const web = { schemes: ['http', 'https'], base: true };
  it.each([
    ['https://api.example.com/v1', true],
    ['HTTP://127.0.0.1:8080', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,x', false],
    ['not-a-url', false],
    ['https://exa\nmple.com', false],
    ['https://exa\tmple.com', false],
    [`https://u:${T}@h`, false],
    [`https://h/?sig=${T}`, false],
    ['https://h/?page=2', false],
  ])('%j accepted: %s', (url, ok) => {
    const r = checkUrl(url, web);
    expect('url' in r).toBe(ok);
    if ('problem' in r) expect(r.problem).not.toContain(T);
  });
});

describe('redaction in what a run prints', () => {
  let dir: ReturnType<typeof tempDir>;
  afterEach(() => dir?.remove());

  it('a workdir cloned long ago with a token in its remote URL never shows the token', async () => {
    dir = tempDir();
    const repo = bareRepo(dir.path);
    const workdir = join(dir.path, 'old-clone');
    mkdirSync(workdir);
    execFileSync('git', ['init', '-q', workdir]);
    // What an older poller, or a person, may have left in .git/config.
    execFileSync(
      'git',
      ['remote', 'add', 'origin', `https://x-access-token:${T}@github.com/o/r.git?access_token=${T}`],
      {
        cwd: workdir,
      },
    );
    const r = await runCli(spotPoll, ['--repo', repo, '--workdir', workdir, '--providers', 'replay']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is a clone of https:\/\/\*\*\*@github\.com\/o\/r\.git\?access_token=\*\*\*/);
    expect(`${r.out}${r.err}`).not.toContain(T);
  });
});
