import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import demo from '../../src/commands/demo.js';
import { CHROMIUM } from '../helpers/chromium.js';
import { tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe.skipIf(!CHROMIUM)('npm run demo -- --once', () => {
  it('ends with both endpoints verified and identical data/ trees', async () => {
    const r = await runCli(demo, ['--once', '--dir', dir.path], { CHROME_PATH: CHROMIUM! });
    expect(r.code, r.err + r.out.slice(-3000)).toBe(0);
    expect(r.out).toContain('Both endpoints verified, both repositories identical.');
    expect(r.out).toMatch(/retail B │ +23\/23 · 23 priced · 0 out of stock · 0 failed/);
    const tree = (repo: string) =>
      execFileSync('git', ['-C', join(dir.path, repo), 'rev-parse', 'main:data'], { encoding: 'utf8' });
    expect(tree('api-a.git')).toBe(tree('api-b.git'));
    const files = execFileSync(
      'git',
      ['-C', join(dir.path, 'api-a.git'), 'ls-tree', '-r', '--name-only', 'main'],
      { encoding: 'utf8' },
    );
    expect(files).toContain('data/api/manifest.json');
    expect(files).toMatch(/data\/15min\/\d{4}\/\d{2}\/\d{2}\/\d{4}\.json/);
  }, 240_000);
});
